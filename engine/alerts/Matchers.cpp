#include "alerts/Matchers.h"

#include "metrics/Labels.h"

namespace opsdeck::alerts {

using metrics::LabelMatcher;

namespace {

// A cursor over the text; positions in messages are 1-based characters.
struct Cursor
{
    QStringView text;
    qsizetype pos = 0;

    bool atEnd() const { return pos >= text.size(); }
    QChar peek() const { return atEnd() ? QChar() : text[pos]; }
    void skipSpaces()
    {
        while (!atEnd() && text[pos].isSpace())
            ++pos;
    }
};

void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

bool isNameStart(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}
bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= u'0' && c <= u'9');
}

// One matcher starting at the cursor; stops before a ',' or '}' that ends it.
std::optional<LabelMatcher> parseOne(Cursor& c, bool inList, QString* error)
{
    c.skipSpaces();
    const qsizetype nameStart = c.pos;
    if (c.atEnd() || !isNameStart(c.peek())) {
        setError(error, Matchers::tr("expected a label name at position %1").arg(c.pos + 1));
        return std::nullopt;
    }
    while (!c.atEnd() && isNameChar(c.peek()))
        ++c.pos;
    const QString name = c.text.mid(nameStart, c.pos - nameStart).toString();
    c.skipSpaces();

    LabelMatcher::Type type;
    const QStringView rest = c.text.mid(c.pos);
    if (rest.startsWith(u"=~")) {
        type = LabelMatcher::Type::Regex;
        c.pos += 2;
    } else if (rest.startsWith(u"!~")) {
        type = LabelMatcher::Type::NotRegex;
        c.pos += 2;
    } else if (rest.startsWith(u"!=")) {
        type = LabelMatcher::Type::NotEqual;
        c.pos += 2;
    } else if (rest.startsWith(u"=")) {
        type = LabelMatcher::Type::Equal;
        c.pos += 1;
    } else {
        setError(error,
            Matchers::tr("expected one of =, !=, =~, !~ after \"%1\" at position %2").arg(name).arg(c.pos + 1));
        return std::nullopt;
    }
    c.skipSpaces();

    QString value;
    if (c.peek() == u'"') {
        ++c.pos;
        bool closed = false;
        while (!c.atEnd()) {
            const QChar ch = c.text[c.pos++];
            if (ch == u'"') {
                closed = true;
                break;
            }
            if (ch == u'\\' && !c.atEnd()) {
                const QChar esc = c.text[c.pos++];
                if (esc == u'n')
                    value += u'\n';
                else if (esc == u't')
                    value += u'\t';
                else if (esc == u'"' || esc == u'\\')
                    value += esc;
                else {
                    // Unknown escapes stay as written: regexes need \d, \. etc.
                    value += u'\\';
                    value += esc;
                }
                continue;
            }
            value += ch;
        }
        if (!closed) {
            setError(error, Matchers::tr("unterminated quoted value for \"%1\"").arg(name));
            return std::nullopt;
        }
    } else {
        // Unquoted values run to the next separator, as Alertmanager allows.
        const qsizetype start = c.pos;
        while (!c.atEnd() && c.peek() != u',' && !(inList && c.peek() == u'}'))
            ++c.pos;
        value = c.text.mid(start, c.pos - start).trimmed().toString();
        if (value.contains(u'"')) {
            setError(error, Matchers::tr("unexpected quote in the value of \"%1\"").arg(name));
            return std::nullopt;
        }
    }

    LabelMatcher m(type, name.toUtf8(), value.toUtf8());
    if (!m.isValid()) {
        setError(error, Matchers::tr("invalid regular expression for \"%1\": %2").arg(name, m.errorString()));
        return std::nullopt;
    }
    return m;
}

QString quote(const QByteArray& value)
{
    QString out;
    const QString v = QString::fromUtf8(value);
    out.reserve(v.size() + 2);
    out += u'"';
    for (const QChar ch : v) {
        if (ch == u'"' || ch == u'\\') {
            // A backslash that starts a regex escape (\d) is kept as written by
            // the parser, so writing it doubled would still read back the same.
            out += u'\\';
            out += ch;
        } else if (ch == u'\n') {
            out += QStringLiteral("\\n");
        } else {
            out += ch;
        }
    }
    out += u'"';
    return out;
}

} // namespace

std::optional<LabelMatcher> Matchers::parseMatcher(QStringView text, QString* error)
{
    Cursor c { text.trimmed() };
    std::optional<LabelMatcher> m = parseOne(c, false, error);
    if (!m)
        return std::nullopt;
    c.skipSpaces();
    if (!c.atEnd()) {
        setError(error, tr("unexpected \"%1\" at position %2").arg(c.text.mid(c.pos).toString()).arg(c.pos + 1));
        return std::nullopt;
    }
    return m;
}

std::optional<QList<LabelMatcher>> Matchers::parseMatchers(QStringView text, QString* error)
{
    Cursor c { text.trimmed() };
    const bool braces = c.peek() == u'{';
    if (braces) {
        if (!c.text.endsWith(u'}')) {
            setError(error, tr("missing closing \"}\""));
            return std::nullopt;
        }
        c.text = c.text.mid(1, c.text.size() - 2);
    }
    QList<LabelMatcher> out;
    c.skipSpaces();
    while (!c.atEnd()) {
        std::optional<LabelMatcher> m = parseOne(c, braces, error);
        if (!m)
            return std::nullopt;
        out.append(*m);
        c.skipSpaces();
        if (c.atEnd())
            break;
        if (c.peek() != u',') {
            setError(error, tr("expected \",\" at position %1").arg(c.pos + 1 + (braces ? 1 : 0)));
            return std::nullopt;
        }
        ++c.pos;
        c.skipSpaces(); // a trailing comma is fine, as in PromQL selectors
    }
    return out;
}

QString Matchers::formatMatcher(const LabelMatcher& matcher)
{
    const char* op = "=";
    switch (matcher.type()) {
    case LabelMatcher::Type::Equal:
        op = "=";
        break;
    case LabelMatcher::Type::NotEqual:
        op = "!=";
        break;
    case LabelMatcher::Type::Regex:
        op = "=~";
        break;
    case LabelMatcher::Type::NotRegex:
        op = "!~";
        break;
    }
    return QString::fromUtf8(matcher.name()) + QLatin1String(op) + quote(matcher.value());
}

QString Matchers::formatMatchers(const QList<LabelMatcher>& matchers)
{
    QStringList parts;
    parts.reserve(matchers.size());
    for (const LabelMatcher& m : matchers)
        parts.append(formatMatcher(m));
    return u'{' + parts.join(QStringLiteral(", ")) + u'}';
}

} // namespace opsdeck::alerts
