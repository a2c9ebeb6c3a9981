#include "Lexer.h"

#include "metrics/Duration.h"

#include <cctype>
#include <cmath>
#include <limits>

namespace opsdeck::query {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isAlnum(char c)
{
    return isAlpha(c) || isDigit(c);
}

QString quoted(const QByteArray& s)
{
    return u'"' + QString::fromUtf8(s) + u'"';
}

} // namespace

QString tokenDescription(const Token& t)
{
    using T = Token::Type;
    switch (t.type) {
    case T::End:
        return QStringLiteral("end of input");
    case T::Ident:
        return QStringLiteral("identifier ") + quoted(t.text);
    case T::Number:
        return QStringLiteral("number ") + quoted(t.text);
    case T::Duration:
        return QStringLiteral("duration ") + quoted(t.text);
    case T::String:
        return QStringLiteral("string ") + quoted(t.text);
    case T::LParen:
        return QStringLiteral("\"(\"");
    case T::RParen:
        return QStringLiteral("\")\"");
    case T::LBrace:
        return QStringLiteral("\"{\"");
    case T::RBrace:
        return QStringLiteral("\"}\"");
    case T::LBracket:
        return QStringLiteral("\"[\"");
    case T::RBracket:
        return QStringLiteral("\"]\"");
    case T::Comma:
        return QStringLiteral("\",\"");
    case T::Colon:
        return QStringLiteral("\":\"");
    case T::At:
        return QStringLiteral("\"@\"");
    default:
        return u'"' + QString::fromUtf8(t.text) + u'"';
    }
}

Lexer::Lexer(QByteArray input)
    : m_in(std::move(input))
{ }

bool Lexer::fail(int pos, const QString& message)
{
    m_errorPos = pos;
    m_error = message;
    return false;
}

bool Lexer::lexNumberOrDuration()
{
    const int start = m_pos;
    // Duration: one or more <digits><unit> groups ending at a word boundary.
    {
        int i = m_pos;
        int groups = 0;
        while (i < m_in.size() && isDigit(m_in[i])) {
            int j = i;
            while (j < m_in.size() && isDigit(m_in[j]))
                ++j;
            int k = j;
            if (k + 1 < m_in.size() && m_in[k] == 'm' && m_in[k + 1] == 's')
                k += 2;
            else if (k < m_in.size() && QByteArrayView("smhdwy").contains(m_in[k]))
                k += 1;
            else
                break;
            i = k;
            ++groups;
        }
        if (groups > 0 && (i >= m_in.size() || !isAlnum(m_in[i]))) {
            Token t;
            t.type = Token::Type::Duration;
            t.pos = start;
            t.text = m_in.mid(start, i - start);
            const std::optional<qint64> ms = metrics::parseDuration(QString::fromLatin1(t.text));
            if (!ms)
                return fail(start, QStringLiteral("bad duration syntax: ") + quoted(t.text));
            t.durationMs = *ms;
            m_tokens.append(t);
            m_pos = i;
            return true;
        }
    }
    int i = m_pos;
    bool hex = false;
    if (i + 1 < m_in.size() && m_in[i] == '0' && (m_in[i + 1] == 'x' || m_in[i + 1] == 'X')) {
        hex = true;
        i += 2;
        while (i < m_in.size() && std::isxdigit(static_cast<unsigned char>(m_in[i])))
            ++i;
    } else {
        while (i < m_in.size() && isDigit(m_in[i]))
            ++i;
        if (i < m_in.size() && m_in[i] == '.') {
            ++i;
            while (i < m_in.size() && isDigit(m_in[i]))
                ++i;
        }
        if (i < m_in.size() && (m_in[i] == 'e' || m_in[i] == 'E')) {
            int j = i + 1;
            if (j < m_in.size() && (m_in[j] == '+' || m_in[j] == '-'))
                ++j;
            if (j < m_in.size() && isDigit(m_in[j])) {
                while (j < m_in.size() && isDigit(m_in[j]))
                    ++j;
                i = j;
            }
        }
    }
    while (i < m_in.size() && (isAlnum(m_in[i]) || m_in[i] == '.'))
        ++i; // swallow the bad tail so the error names the whole token
    const QByteArray text = m_in.mid(start, i - start);
    Token t;
    t.type = Token::Type::Number;
    t.pos = start;
    t.text = text;
    bool ok = false;
    if (hex) {
        const qulonglong v = text.mid(2).toULongLong(&ok, 16);
        t.number = double(v);
    } else if (text.size() > 1 && text[0] == '0' && text.indexOf('.') < 0 && text.indexOf('e') < 0
        && text.indexOf('E') < 0) {
        // strconv.ParseInt(s, 0, 64): a leading 0 means octal; fall back to decimal like ParseFloat
        const qlonglong v = text.toLongLong(&ok, 8);
        if (ok)
            t.number = double(v);
        else
            t.number = text.toDouble(&ok);
    } else {
        t.number = text.toDouble(&ok);
    }
    if (!ok || text.isEmpty())
        return fail(start, QStringLiteral("bad number or duration syntax: ") + quoted(text));
    m_tokens.append(t);
    m_pos = i;
    return true;
}

bool Lexer::lexString(char quote)
{
    const int start = m_pos;
    ++m_pos;
    QByteArray out;
    while (true) {
        if (m_pos >= m_in.size())
            return fail(start, QStringLiteral("unterminated quoted string"));
        const char c = m_in[m_pos];
        if (c == quote) {
            ++m_pos;
            break;
        }
        if (quote != '`' && c == '\n')
            return fail(start, QStringLiteral("unterminated quoted string"));
        if (quote == '`' || c != '\\') {
            out.append(c);
            ++m_pos;
            continue;
        }
        // Go escapes
        if (m_pos + 1 >= m_in.size())
            return fail(start, QStringLiteral("unterminated quoted string"));
        const char e = m_in[m_pos + 1];
        m_pos += 2;
        switch (e) {
        case 'a':
            out.append('\a');
            break;
        case 'b':
            out.append('\b');
            break;
        case 'f':
            out.append('\f');
            break;
        case 'n':
            out.append('\n');
            break;
        case 'r':
            out.append('\r');
            break;
        case 't':
            out.append('\t');
            break;
        case 'v':
            out.append('\v');
            break;
        case '\\':
            out.append('\\');
            break;
        case '\'':
        case '"':
            if (e != quote)
                return fail(m_pos - 2, QStringLiteral("unknown escape sequence"));
            out.append(e);
            break;
        case 'x':
        case 'u':
        case 'U': {
            const int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            if (m_pos + n > m_in.size())
                return fail(m_pos - 2, QStringLiteral("unknown escape sequence"));
            bool ok = false;
            const uint v = m_in.mid(m_pos, n).toUInt(&ok, 16);
            if (!ok)
                return fail(m_pos - 2, QStringLiteral("unknown escape sequence"));
            m_pos += n;
            if (e == 'x') {
                out.append(char(v));
            } else {
                const char32_t cp = v;
                out.append(QString::fromUcs4(&cp, 1).toUtf8());
            }
            break;
        }
        default:
            if (e >= '0' && e <= '7' && m_pos + 2 <= m_in.size()) {
                bool ok = false;
                const uint v = m_in.mid(m_pos - 1, 3).toUInt(&ok, 8);
                if (!ok || v > 255)
                    return fail(m_pos - 2, QStringLiteral("unknown escape sequence"));
                out.append(char(v));
                m_pos += 2;
                break;
            }
            return fail(m_pos - 2, QStringLiteral("unknown escape sequence"));
        }
    }
    Token t;
    t.type = Token::Type::String;
    t.pos = start;
    t.text = out;
    m_tokens.append(t);
    return true;
}

bool Lexer::run()
{
    using T = Token::Type;
    while (m_pos < m_in.size()) {
        const char c = m_in[m_pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++m_pos;
            continue;
        }
        if (c == '#') {
            while (m_pos < m_in.size() && m_in[m_pos] != '\n')
                ++m_pos;
            continue;
        }
        if (isDigit(c) || (c == '.' && m_pos + 1 < m_in.size() && isDigit(m_in[m_pos + 1]))) {
            if (!lexNumberOrDuration())
                return false;
            continue;
        }
        if (isAlpha(c) || c == ':') {
            const int start = m_pos;
            while (m_pos < m_in.size() && (isAlnum(m_in[m_pos]) || m_in[m_pos] == ':'))
                ++m_pos;
            Token t;
            t.type = T::Ident;
            t.pos = start;
            t.text = m_in.mid(start, m_pos - start);
            m_tokens.append(t);
            continue;
        }
        if (c == '"' || c == '\'' || c == '`') {
            if (!lexString(c))
                return false;
            continue;
        }
        Token t;
        t.pos = m_pos;
        const char n = m_pos + 1 < m_in.size() ? m_in[m_pos + 1] : '\0';
        int len = 1;
        switch (c) {
        case '(':
            t.type = T::LParen;
            break;
        case ')':
            t.type = T::RParen;
            break;
        case '{':
            t.type = T::LBrace;
            break;
        case '}':
            t.type = T::RBrace;
            break;
        case '[':
            t.type = T::LBracket;
            break;
        case ']':
            t.type = T::RBracket;
            break;
        case ',':
            t.type = T::Comma;
            break;
        case '@':
            t.type = T::At;
            break;
        case '+':
            t.type = T::Add;
            break;
        case '-':
            t.type = T::Sub;
            break;
        case '*':
            t.type = T::Mul;
            break;
        case '/':
            t.type = T::Div;
            break;
        case '%':
            t.type = T::Mod;
            break;
        case '^':
            t.type = T::Pow;
            break;
        case '=':
            if (n == '=') {
                t.type = T::Eql;
                len = 2;
            } else if (n == '~') {
                t.type = T::RegexMatch;
                len = 2;
            } else {
                t.type = T::Assign;
            }
            break;
        case '!':
            if (n == '=') {
                t.type = T::Neq;
            } else if (n == '~') {
                t.type = T::RegexNoMatch;
            } else {
                return fail(m_pos, QStringLiteral("unexpected character after '!': ") + quoted(QByteArray(1, n)));
            }
            len = 2;
            break;
        case '<':
            t.type = n == '=' ? T::Lte : T::Lss;
            len = n == '=' ? 2 : 1;
            break;
        case '>':
            t.type = n == '=' ? T::Gte : T::Gtr;
            len = n == '=' ? 2 : 1;
            break;
        default:
            return fail(m_pos, QStringLiteral("unexpected character: ") + quoted(m_in.mid(m_pos, 1)));
        }
        t.text = m_in.mid(m_pos, len);
        m_pos += len;
        m_tokens.append(t);
    }
    Token end;
    end.type = T::End;
    end.pos = int(m_in.size());
    m_tokens.append(end);
    return true;
}

} // namespace opsdeck::query
