#include "alerts/TemplateExpander.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QStringList>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

namespace opsdeck::alerts {

namespace {

// A value inside a template: Go's dynamic types reduced to what rule
// templates handle (string, float64, bool, map[string]string, nil).
struct TValue
{
    enum class Type { Nil, String, Number, Bool, Map };
    Type type = Type::Nil;
    QString string;
    double number = 0;
    bool boolean = false;
    const metrics::Labels* map = nullptr;

    static TValue ofString(QString s)
    {
        TValue v;
        v.type = Type::String;
        v.string = std::move(s);
        return v;
    }
    static TValue ofNumber(double d)
    {
        TValue v;
        v.type = Type::Number;
        v.number = d;
        return v;
    }
    static TValue ofBool(bool b)
    {
        TValue v;
        v.type = Type::Bool;
        v.boolean = b;
        return v;
    }
    static TValue ofMap(const metrics::Labels* m)
    {
        TValue v;
        v.type = Type::Map;
        v.map = m;
        return v;
    }
};

// Go's type name, for fmt's "%!d(float64=1)" style messages.
QString goTypeName(const TValue& v)
{
    switch (v.type) {
    case TValue::Type::Nil:
        return QStringLiteral("<nil>");
    case TValue::Type::String:
        return QStringLiteral("string");
    case TValue::Type::Number:
        return QStringLiteral("float64");
    case TValue::Type::Bool:
        return QStringLiteral("bool");
    case TValue::Type::Map:
        return QStringLiteral("map[string]string");
    }
    return {};
}

// fmt's %v (also what {{ x }} prints).
QString printValue(const TValue& v)
{
    switch (v.type) {
    case TValue::Type::Nil:
        return QStringLiteral("<no value>");
    case TValue::Type::String:
        return v.string;
    case TValue::Type::Number:
        return TemplateExpander::goFloat(v.number);
    case TValue::Type::Bool:
        return v.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case TValue::Type::Map: {
        if (!v.map) // the dot (template data) itself
            return QStringLiteral("{}");
        QString s = QStringLiteral("map[");
        bool first = true;
        for (const metrics::Label& l : *v.map) {
            if (!first)
                s += u' ';
            first = false;
            s += QString::fromUtf8(l.name) + u':' + QString::fromUtf8(l.value);
        }
        return s + u']';
    }
    }
    return {};
}

struct Token
{
    enum class Kind { Pipe, LParen, RParen, String, Number, Variable, Field, Ident };
    Kind kind = Kind::Ident;
    QString text; // identifier, variable name (without $), string contents
    QStringList fields; // .a.b after a variable, or the chain of a Field token
    double number = 0;
};

struct Failure
{
    QString message;
};

bool isIdentChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// Splits one action's text into tokens; throws Failure.
std::vector<Token> tokenize(QStringView s)
{
    std::vector<Token> out;
    qsizetype i = 0;
    const auto readFields = [&](QStringList& fields) {
        while (i < s.size() && s[i] == u'.') {
            ++i;
            const qsizetype start = i;
            while (i < s.size() && isIdentChar(s[i]))
                ++i;
            if (i == start)
                throw Failure { TemplateExpander::tr("missing field name after \".\"") };
            fields << s.mid(start, i - start).toString();
        }
    };
    while (i < s.size()) {
        const QChar c = s[i];
        if (c.isSpace()) {
            ++i;
        } else if (c == u'|') {
            out.push_back({ Token::Kind::Pipe, {}, {}, 0 });
            ++i;
        } else if (c == u'(') {
            out.push_back({ Token::Kind::LParen, {}, {}, 0 });
            ++i;
        } else if (c == u')') {
            out.push_back({ Token::Kind::RParen, {}, {}, 0 });
            ++i;
        } else if (c == u'"') {
            QString str;
            ++i;
            bool closed = false;
            while (i < s.size()) {
                const QChar d = s[i++];
                if (d == u'"') {
                    closed = true;
                    break;
                }
                if (d == u'\\' && i < s.size()) {
                    const QChar e = s[i++];
                    switch (e.unicode()) {
                    case 'n':
                        str += u'\n';
                        break;
                    case 't':
                        str += u'\t';
                        break;
                    case 'r':
                        str += u'\r';
                        break;
                    case '\\':
                        str += u'\\';
                        break;
                    case '"':
                        str += u'"';
                        break;
                    default:
                        str += u'\\';
                        str += e;
                        break;
                    }
                } else {
                    str += d;
                }
            }
            if (!closed)
                throw Failure { TemplateExpander::tr("unterminated quoted string") };
            out.push_back({ Token::Kind::String, str, {}, 0 });
        } else if (c == u'`') {
            const qsizetype end = s.indexOf(u'`', i + 1);
            if (end < 0)
                throw Failure { TemplateExpander::tr("unterminated raw quoted string") };
            out.push_back({ Token::Kind::String, s.mid(i + 1, end - i - 1).toString(), {}, 0 });
            i = end + 1;
        } else if (c.isDigit()
            || ((c == u'-' || c == u'+' || c == u'.') && i + 1 < s.size() && s[i + 1].isDigit())) {
            const qsizetype start = i;
            ++i;
            while (i < s.size()
                && (s[i].isLetterOrNumber() || s[i] == u'.' || s[i] == u'_'
                    || ((s[i] == u'-' || s[i] == u'+') && (s[i - 1] == u'e' || s[i - 1] == u'E'))))
                ++i;
            const QString text = s.mid(start, i - start).toString().remove(u'_');
            bool ok = false;
            const double d = text.toDouble(&ok);
            if (!ok)
                throw Failure { TemplateExpander::tr("bad number syntax: \"%1\"").arg(text) };
            out.push_back({ Token::Kind::Number, text, {}, d });
        } else if (c == u'$') {
            ++i;
            const qsizetype start = i;
            while (i < s.size() && isIdentChar(s[i]))
                ++i;
            Token t { Token::Kind::Variable, s.mid(start, i - start).toString(), {}, 0 };
            if (i < s.size() && s[i] == u':' && i + 1 < s.size() && s[i + 1] == u'=')
                throw Failure { TemplateExpander::tr("variable declarations are not supported") };
            readFields(t.fields);
            out.push_back(std::move(t));
        } else if (c == u'.') {
            Token t { Token::Kind::Field, {}, {}, 0 };
            if (i + 1 >= s.size() || !isIdentChar(s[i + 1]))
                ++i; // the bare dot
            else
                readFields(t.fields);
            out.push_back(std::move(t));
        } else if (isIdentChar(c)) {
            const qsizetype start = i;
            while (i < s.size() && isIdentChar(s[i]))
                ++i;
            out.push_back({ Token::Kind::Ident, s.mid(start, i - start).toString(), {}, 0 });
        } else {
            throw Failure { TemplateExpander::tr("unexpected \"%1\" in action").arg(c) };
        }
    }
    return out;
}

// Go's fmt applied to one verb of printf.
QString formatVerb(QChar verb, const QString& flags, int width, int precision, const TValue& arg)
{
    const auto pad = [&](QString s) {
        if (width > 0 && s.size() < width) {
            if (flags.contains(u'-'))
                s = s.leftJustified(width, u' ');
            else if (flags.contains(u'0') && arg.type == TValue::Type::Number && std::isfinite(arg.number)) {
                const bool sign = s.startsWith(u'-') || s.startsWith(u'+');
                s = sign ? s.left(1) + s.mid(1).rightJustified(width - 1, u'0') : s.rightJustified(width, u'0');
            } else
                s = s.rightJustified(width, u' ');
        }
        return s;
    };
    const auto bad = [&]() -> QString {
        return QStringLiteral("%!") + verb + u'(' + goTypeName(arg) + u'=' + printValue(arg) + u')';
    };
    switch (verb.unicode()) {
    case 'v':
        if (arg.type == TValue::Type::Number && precision >= 0)
            return pad(TemplateExpander::goFloatG(arg.number, precision));
        return pad(printValue(arg));
    case 's':
        if (arg.type != TValue::Type::String)
            return arg.type == TValue::Type::Map ? pad(printValue(arg)) : bad();
        return pad(precision >= 0 ? arg.string.left(precision) : arg.string);
    case 'q': {
        if (arg.type != TValue::Type::String)
            return bad();
        QString q = arg.string;
        q.replace(u'\\', QStringLiteral("\\\\"))
            .replace(u'"', QStringLiteral("\\\""))
            .replace(u'\n', QStringLiteral("\\n"));
        return pad(u'"' + q + u'"');
    }
    case 't':
        return arg.type == TValue::Type::Bool ? pad(printValue(arg)) : bad();
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
        if (arg.type != TValue::Type::Number)
            return bad();
        const double v = arg.number;
        if (std::isnan(v))
            return pad(flags.contains(u'+') ? QStringLiteral("+NaN") : QStringLiteral("NaN"));
        if (std::isinf(v))
            return pad(v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf"));
        if ((verb == u'g' || verb == u'G') && precision < 0) {
            const QString g = TemplateExpander::goFloat(v);
            return pad(flags.contains(u'+') && v >= 0 ? u'+' + g : g);
        }
        QByteArray fmt = "%";
        for (const QChar f : flags)
            if (f != u'0' && f != u'-')
                fmt += char(f.unicode());
        fmt += '.' + QByteArray::number(precision < 0 ? 6 : precision) + char(verb == u'F' ? 'f' : verb.unicode());
        char buf[512];
        std::snprintf(buf, sizeof buf, fmt.constData(), v);
        return pad(QString::fromLatin1(buf));
    }
    default:
        return bad();
    }
}

// Go's fmt.Sprintf for the verbs rule templates use.
QString goSprintf(const QString& format, const std::vector<TValue>& args)
{
    QString out;
    size_t next = 0;
    qsizetype i = 0;
    while (i < format.size()) {
        const QChar c = format[i++];
        if (c != u'%') {
            out += c;
            continue;
        }
        QString flags;
        while (i < format.size() && QStringView(u"+-# 0").contains(format[i]))
            flags += format[i++];
        int width = -1;
        while (i < format.size() && format[i].isDigit())
            width = qMax(width, 0) * 10 + format[i++].digitValue();
        int precision = -1;
        if (i < format.size() && format[i] == u'.') {
            ++i;
            precision = 0;
            while (i < format.size() && format[i].isDigit())
                precision = precision * 10 + format[i++].digitValue();
        }
        if (i >= format.size()) {
            out += QStringLiteral("%!(NOVERB)");
            break;
        }
        const QChar verb = format[i++];
        if (verb == u'%') {
            out += u'%';
            continue;
        }
        if (next >= args.size()) {
            out += QStringLiteral("%!") + verb + QStringLiteral("(MISSING)");
            continue;
        }
        out += formatVerb(verb, flags, width, precision, args[next++]);
    }
    if (next < args.size()) {
        out += QStringLiteral("%!(EXTRA ");
        for (size_t k = next; k < args.size(); ++k) {
            if (k > next)
                out += QStringLiteral(", ");
            out += goTypeName(args[k]) + u'=' + printValue(args[k]);
        }
        out += u')';
    }
    return out;
}

// Go's regexp.ReplaceAllString: $1, ${1}, $name, ${name}, $$ in the replacement.
QString goReplaceAll(const QRegularExpression& re, const QString& repl, const QString& text)
{
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = re.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        for (qsizetype k = 0; k < repl.size(); ++k) {
            if (repl[k] != u'$' || k + 1 >= repl.size()) {
                out += repl[k];
                continue;
            }
            if (repl[k + 1] == u'$') {
                out += u'$';
                ++k;
                continue;
            }
            const bool braced = repl[k + 1] == u'{';
            qsizetype start = k + (braced ? 2 : 1);
            qsizetype end = start;
            while (end < repl.size() && isIdentChar(repl[end]))
                ++end;
            if (end == start || (braced && (end >= repl.size() || repl[end] != u'}'))) {
                out += repl[k];
                continue;
            }
            const QString ref = repl.mid(start, end - start);
            bool numeric = false;
            const int n = ref.toInt(&numeric);
            out += numeric ? m.captured(n) : m.captured(ref);
            k = braced ? end : end - 1;
        }
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

class ActionEvaluator
{
public:
    ActionEvaluator(const metrics::Labels& labels, double value)
        : m_labels(labels)
        , m_value(value)
    { }

    TValue run(const std::vector<Token>& tokens)
    {
        m_tokens = &tokens;
        m_pos = 0;
        TValue v = pipeline();
        if (m_pos != tokens.size())
            throw Failure { TemplateExpander::tr("unexpected \")\" in action") };
        return v;
    }

private:
    bool atEnd() const { return m_pos >= m_tokens->size(); }
    const Token& peek() const { return (*m_tokens)[m_pos]; }

    TValue pipeline()
    {
        std::optional<TValue> piped;
        for (;;) {
            piped = command(piped);
            if (atEnd() || peek().kind != Token::Kind::Pipe)
                return *piped;
            ++m_pos;
        }
    }

    TValue command(const std::optional<TValue>& piped)
    {
        if (atEnd() || peek().kind == Token::Kind::Pipe || peek().kind == Token::Kind::RParen)
            throw Failure { TemplateExpander::tr("missing value for command") };
        if (peek().kind == Token::Kind::Ident && !isLiteralIdent(peek().text)) {
            const QString name = peek().text;
            ++m_pos;
            std::vector<TValue> args;
            while (!atEnd() && peek().kind != Token::Kind::Pipe && peek().kind != Token::Kind::RParen)
                args.push_back(operand());
            if (piped)
                args.push_back(*piped);
            return call(name, args);
        }
        TValue v = operand();
        if (!atEnd() && peek().kind != Token::Kind::Pipe && peek().kind != Token::Kind::RParen)
            throw Failure { TemplateExpander::tr("can't give argument to non-function") };
        if (piped)
            throw Failure { TemplateExpander::tr("can't give argument to non-function") };
        return v;
    }

    static bool isLiteralIdent(const QString& s)
    {
        return s == QLatin1String("true") || s == QLatin1String("false") || s == QLatin1String("nil");
    }

    TValue operand()
    {
        const Token& t = peek();
        ++m_pos;
        switch (t.kind) {
        case Token::Kind::String:
            return TValue::ofString(t.text);
        case Token::Kind::Number:
            return TValue::ofNumber(t.number);
        case Token::Kind::Ident:
            if (t.text == QLatin1String("nil"))
                return {};
            if (isLiteralIdent(t.text))
                return TValue::ofBool(t.text == QLatin1String("true"));
            return call(t.text, {}); // a function used as an argument, e.g. (title "x") style without parens
        case Token::Kind::LParen: {
            TValue v = pipeline();
            if (atEnd() || peek().kind != Token::Kind::RParen)
                throw Failure { TemplateExpander::tr("unclosed left paren") };
            ++m_pos;
            return v;
        }
        case Token::Kind::Variable:
            return fields(variable(t.text), t.fields);
        case Token::Kind::Field:
            return fields(dot(), t.fields);
        case Token::Kind::Pipe:
        case Token::Kind::RParen:
            break;
        }
        throw Failure {
            TemplateExpander::tr("unexpected \"%1\" in operand").arg(t.kind == Token::Kind::Pipe ? u'|' : u')')
        };
    }

    // The data Prometheus hands to alert templates: .Labels, .ExternalLabels, .ExternalURL, .Value.
    TValue dot() { return TValue::ofMap(nullptr); }

    TValue variable(const QString& name)
    {
        if (name == QLatin1String("labels"))
            return TValue::ofMap(&m_labels);
        if (name == QLatin1String("value"))
            return TValue::ofNumber(m_value);
        if (name == QLatin1String("externalLabels"))
            return TValue::ofMap(&m_empty);
        if (name == QLatin1String("externalURL"))
            return TValue::ofString({});
        if (name.isEmpty())
            return dot();
        throw Failure { TemplateExpander::tr("undefined variable \"$%1\"").arg(name) };
    }

    TValue fields(TValue v, const QStringList& names)
    {
        for (const QString& name : names) {
            if (v.type == TValue::Type::Map && v.map == nullptr) { // the dot: template data
                if (name == QLatin1String("Labels"))
                    v = TValue::ofMap(&m_labels);
                else if (name == QLatin1String("Value"))
                    v = TValue::ofNumber(m_value);
                else if (name == QLatin1String("ExternalLabels"))
                    v = TValue::ofMap(&m_empty);
                else if (name == QLatin1String("ExternalURL"))
                    v = TValue::ofString({});
                else
                    throw Failure { TemplateExpander::tr("can't evaluate field %1").arg(name) };
            } else if (v.type == TValue::Type::Map) {
                v = mapIndex(*v.map, name);
            } else {
                throw Failure {
                    TemplateExpander::tr("can't evaluate field %1 in type %2").arg(name, goTypeName(v))
                };
            }
        }
        return v;
    }

    // A missing key prints "<no value>", as Prometheus (Go's default missingkey).
    static TValue mapIndex(const metrics::Labels& labels, const QString& key)
    {
        const QByteArray k = key.toUtf8();
        if (!labels.has(k))
            return {};
        return TValue::ofString(QString::fromUtf8(labels.value(k)));
    }

    static double toFloat(const TValue& v, const QString& function)
    {
        switch (v.type) {
        case TValue::Type::Number:
            return v.number;
        case TValue::Type::String: {
            bool ok = false;
            const QString s = v.string.trimmed();
            double d = s.toDouble(&ok);
            if (!ok) {
                if (s.compare(QLatin1String("+Inf"), Qt::CaseInsensitive) == 0
                    || s.compare(QLatin1String("Inf"), Qt::CaseInsensitive) == 0)
                    return INFINITY;
                if (s.compare(QLatin1String("-Inf"), Qt::CaseInsensitive) == 0)
                    return -INFINITY;
                if (s.compare(QLatin1String("NaN"), Qt::CaseInsensitive) == 0)
                    return NAN;
                throw Failure { TemplateExpander::tr("error calling %1: can't convert \"%2\" to a number")
                                    .arg(function, v.string) };
            }
            return d;
        }
        default:
            throw Failure {
                TemplateExpander::tr("error calling %1: can't convert %2 to a number").arg(function, goTypeName(v))
            };
        }
    }

    static void wantArgs(const QString& name, const std::vector<TValue>& args, size_t n)
    {
        if (args.size() != n)
            throw Failure { TemplateExpander::tr("wrong number of args for %1: want %2 got %3")
                                .arg(name)
                                .arg(n)
                                .arg(args.size()) };
    }

    static QString stringArg(const QString& name, const TValue& v)
    {
        if (v.type != TValue::Type::String)
            throw Failure {
                TemplateExpander::tr("error calling %1: expected a string, got %2").arg(name, goTypeName(v))
            };
        return v.string;
    }

    static QRegularExpression anchored(const QString& name, const QString& pattern, bool anchor)
    {
        QRegularExpression re(anchor ? QRegularExpression::anchoredPattern(pattern) : pattern);
        if (!re.isValid())
            throw Failure { TemplateExpander::tr("error calling %1: %2").arg(name, re.errorString()) };
        return re;
    }

    TValue call(const QString& name, const std::vector<TValue>& args)
    {
        static const std::pair<const char*, QString (*)(double)> humanizers[] = {
            { "humanize", &TemplateExpander::humanize },
            { "humanize1024", &TemplateExpander::humanize1024 },
            { "humanizePercentage", &TemplateExpander::humanizePercentage },
            { "humanizeDuration", &TemplateExpander::humanizeDuration },
            { "humanizeTimestamp", &TemplateExpander::humanizeTimestamp },
        };
        for (const auto& [fn, impl] : humanizers) {
            if (name == QLatin1String(fn)) {
                wantArgs(name, args, 1);
                return TValue::ofString(impl(toFloat(args[0], name)));
            }
        }
        if (name == QLatin1String("printf")) {
            if (args.empty())
                throw Failure { TemplateExpander::tr("wrong number of args for printf: want at least 1 got 0") };
            return TValue::ofString(goSprintf(stringArg(name, args[0]), { args.begin() + 1, args.end() }));
        }
        if (name == QLatin1String("print")) {
            // fmt.Sprint: spaces between operands when neither is a string.
            QString s;
            for (size_t k = 0; k < args.size(); ++k) {
                if (k > 0 && args[k].type != TValue::Type::String && args[k - 1].type != TValue::Type::String)
                    s += u' ';
                s += printValue(args[k]);
            }
            return TValue::ofString(s);
        }
        if (name == QLatin1String("toUpper") || name == QLatin1String("toLower") || name == QLatin1String("title")
            || name == QLatin1String("stripPort") || name == QLatin1String("safeHtml")) {
            wantArgs(name, args, 1);
            const QString s = stringArg(name, args[0]);
            if (name == QLatin1String("toUpper"))
                return TValue::ofString(s.toUpper());
            if (name == QLatin1String("toLower"))
                return TValue::ofString(s.toLower());
            if (name == QLatin1String("safeHtml"))
                return TValue::ofString(s);
            if (name == QLatin1String("stripPort")) {
                // net.SplitHostPort; on failure the input is returned unchanged.
                if (s.startsWith(u'[')) {
                    const qsizetype close = s.indexOf(QLatin1String("]:"));
                    return TValue::ofString(close > 0 ? s.mid(1, close - 1) : s);
                }
                const qsizetype colon = s.lastIndexOf(u':');
                if (colon < 0 || s.indexOf(u':') != colon)
                    return TValue::ofString(s);
                return TValue::ofString(s.left(colon));
            }
            QString t = s; // strings.Title: first letter of each word upper-cased
            bool start = true;
            for (QChar& c : t) {
                if (start && c.isLetter())
                    c = c.toUpper();
                start = !c.isLetterOrNumber() && c != u'_' && c != u'\'';
            }
            return TValue::ofString(t);
        }
        if (name == QLatin1String("reReplaceAll")) {
            wantArgs(name, args, 3);
            const QRegularExpression re = anchored(name, stringArg(name, args[0]), false);
            return TValue::ofString(goReplaceAll(re, stringArg(name, args[1]), stringArg(name, args[2])));
        }
        if (name == QLatin1String("match")) {
            wantArgs(name, args, 2);
            const QRegularExpression re = anchored(name, stringArg(name, args[0]), false);
            return TValue::ofBool(re.match(stringArg(name, args[1])).hasMatch());
        }
        if (name == QLatin1String("index")) {
            wantArgs(name, args, 2);
            if (args[0].type != TValue::Type::Map || args[0].map == nullptr)
                throw Failure { TemplateExpander::tr("error calling index: can't index item of type %1")
                                    .arg(goTypeName(args[0])) };
            return mapIndex(*args[0].map, stringArg(name, args[1]));
        }
        static const char* const keywords[]
            = { "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue" };
        for (const char* k : keywords)
            if (name == QLatin1String(k))
                throw Failure { TemplateExpander::tr("\"%1\" is not supported in alert templates").arg(name) };
        static const char* const queries[] = { "query", "first", "label", "value", "sortByLabel", "strvalue",
            "args", "tmpl", "graphLink", "tableLink" };
        for (const char* k : queries)
            if (name == QLatin1String(k))
                throw Failure { TemplateExpander::tr(
                    "function \"%1\" is not supported (templates cannot run queries)")
                                    .arg(name) };
        throw Failure { TemplateExpander::tr("function \"%1\" not defined").arg(name) };
    }

    const metrics::Labels& m_labels;
    const metrics::Labels m_empty;
    double m_value;
    const std::vector<Token>* m_tokens = nullptr;
    size_t m_pos = 0;
};

// Go's decimal digits of v: shortest round-trip (prec < 0) or rounded to prec
// significant digits, trailing zeros dropped; exponent of the first digit.
struct Digits
{
    QByteArray digits;
    int exp = 0;
    bool negative = false;
};

Digits decimalDigits(double v)
{
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    const QByteArray s(buf, int(res.ptr - buf));
    Digits d;
    qsizetype i = 0;
    if (s.startsWith('-')) {
        d.negative = true;
        i = 1;
    }
    const qsizetype e = s.indexOf('e');
    for (qsizetype k = i; k < e; ++k)
        if (s[k] != '.')
            d.digits += s[k];
    d.exp = s.mid(e + 1).toInt();
    while (d.digits.size() > 1 && d.digits.endsWith('0'))
        d.digits.chop(1);
    return d;
}

QString specialFloat(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
}

} // namespace

QString TemplateExpander::goFloat(double v)
{
    if (!std::isfinite(v))
        return specialFloat(v);
    if (v == 0)
        return std::signbit(v) ? QStringLiteral("-0") : QStringLiteral("0");
    const Digits d = decimalDigits(v);
    QString out;
    if (d.negative)
        out += u'-';
    if (d.exp < -4 || d.exp >= 6) { // strconv 'g' with shortest precision uses eprec 6
        out += QLatin1Char(d.digits[0]);
        if (d.digits.size() > 1)
            out += u'.' + QString::fromLatin1(d.digits.mid(1));
        out += u'e';
        out += d.exp < 0 ? u'-' : u'+';
        out += QString::number(std::abs(d.exp)).rightJustified(2, u'0');
        return out;
    }
    if (d.exp >= 0) {
        const QByteArray intPart = d.digits.left(d.exp + 1).leftJustified(d.exp + 1, '0');
        out += QString::fromLatin1(intPart);
        if (d.digits.size() > d.exp + 1)
            out += u'.' + QString::fromLatin1(d.digits.mid(d.exp + 1));
        return out;
    }
    out += QStringLiteral("0.") + QString(-d.exp - 1, u'0') + QString::fromLatin1(d.digits);
    return out;
}

QString TemplateExpander::goFloatG(double v, int prec)
{
    if (!std::isfinite(v))
        return specialFloat(v);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", qMax(prec, 1), v);
    return QString::fromLatin1(buf);
}

// Prometheus 2.42 template/template.go, function by function.
QString TemplateExpander::humanize(double v)
{
    if (v == 0 || !std::isfinite(v))
        return goFloatG(v, 4);
    static const char* const big[] = { "k", "M", "G", "T", "P", "E", "Z", "Y" };
    static const char* const small[] = { "m", "u", "n", "p", "f", "a", "z", "y" };
    const char* prefix = "";
    if (std::fabs(v) >= 1) {
        for (const char* p : big) {
            if (std::fabs(v) < 1000)
                break;
            prefix = p;
            v /= 1000;
        }
    } else {
        for (const char* p : small) {
            if (std::fabs(v) >= 1)
                break;
            prefix = p;
            v *= 1000;
        }
    }
    return goFloatG(v, 4) + QLatin1String(prefix);
}

QString TemplateExpander::humanize1024(double v)
{
    if (std::fabs(v) <= 1 || !std::isfinite(v))
        return goFloatG(v, 4);
    static const char* const units[] = { "ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi" };
    const char* prefix = "";
    for (const char* p : units) {
        if (std::fabs(v) < 1024)
            break;
        prefix = p;
        v /= 1024;
    }
    return goFloatG(v, 4) + QLatin1String(prefix);
}

QString TemplateExpander::humanizePercentage(double v)
{
    return goFloatG(v * 100, 4) + u'%';
}

QString TemplateExpander::humanizeDuration(double v)
{
    if (!std::isfinite(v))
        return goFloatG(v, 4);
    if (v == 0)
        return goFloatG(v, 4) + u's';
    if (std::fabs(v) >= 1) {
        QString sign;
        if (v < 0) {
            sign = QStringLiteral("-");
            v = -v;
        }
        const qint64 duration = qint64(v);
        const qint64 seconds = duration % 60;
        const qint64 minutes = (duration / 60) % 60;
        const qint64 hours = (duration / 60 / 60) % 24;
        const qint64 days = duration / 60 / 60 / 24;
        if (days != 0)
            return QStringLiteral("%1%2d %3h %4m %5s").arg(sign).arg(days).arg(hours).arg(minutes).arg(seconds);
        if (hours != 0)
            return QStringLiteral("%1%2h %3m %4s").arg(sign).arg(hours).arg(minutes).arg(seconds);
        if (minutes != 0)
            return QStringLiteral("%1%2m %3s").arg(sign).arg(minutes).arg(seconds);
        return sign + goFloatG(v, 4) + u's';
    }
    static const char* const small[] = { "m", "u", "n", "p", "f", "a", "z", "y" };
    const char* prefix = "";
    for (const char* p : small) {
        if (std::fabs(v) >= 1)
            break;
        prefix = p;
        v *= 1000;
    }
    return goFloatG(v, 4) + QLatin1String(prefix) + u's';
}

QString TemplateExpander::humanizeTimestamp(double v)
{
    if (!std::isfinite(v))
        return goFloatG(v, 4);
    // model.TimeFromUnixNano(int64(v * 1e9)) keeps milliseconds; Go's
    // time.Time.String() in UTC: "2006-01-02 15:04:05.999999999 +0000 UTC".
    const qint64 ms = qint64(v * 1e9) / 1'000'000;
    qint64 secs = ms / 1000;
    qint64 frac = ms % 1000;
    if (frac < 0) {
        frac += 1000;
        --secs;
    }
    QString s = QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (frac != 0) {
        QString f = QString::number(frac).rightJustified(3, u'0');
        while (f.endsWith(u'0'))
            f.chop(1);
        s += u'.' + f;
    }
    return s + QStringLiteral(" +0000 UTC");
}

QString TemplateExpander::expand(const QString& tmpl, const metrics::Labels& labels, double value, QString* error)
{
    if (error)
        error->clear();
    if (isPlainText(tmpl))
        return tmpl;
    QString out;
    out.reserve(tmpl.size() + 16);
    ActionEvaluator evaluator(labels, value);
    const auto fail = [&](const QString& message) {
        if (error && error->isEmpty())
            *error = message;
    };
    qsizetype i = 0;
    bool trimNextLeading = false;
    while (i < tmpl.size()) {
        const qsizetype open = tmpl.indexOf(QLatin1String("{{"), i);
        QString text = tmpl.mid(i, open < 0 ? -1 : open - i);
        if (trimNextLeading) {
            qsizetype k = 0;
            while (k < text.size() && text[k].isSpace())
                ++k;
            text.remove(0, k);
            trimNextLeading = false;
        }
        if (open < 0) {
            out += text;
            break;
        }
        qsizetype bodyStart = open + 2;
        // "{{- " trims the whitespace before the action (Go requires the space).
        if (bodyStart + 1 < tmpl.size() && tmpl[bodyStart] == u'-' && tmpl[bodyStart + 1].isSpace()) {
            qsizetype k = text.size();
            while (k > 0 && text[k - 1].isSpace())
                --k;
            text.truncate(k);
            ++bodyStart;
        }
        out += text;
        // Find the closing braces outside string literals.
        qsizetype close = -1;
        QChar quote;
        for (qsizetype k = bodyStart; k + 1 < tmpl.size(); ++k) {
            const QChar c = tmpl[k];
            if (!quote.isNull()) {
                if (c == u'\\' && quote == u'"')
                    ++k;
                else if (c == quote)
                    quote = QChar();
                continue;
            }
            if (c == u'"' || c == u'`') {
                quote = c;
            } else if (c == u'}' && tmpl[k + 1] == u'}') {
                close = k;
                break;
            }
        }
        if (close < 0) {
            fail(tr("unclosed action"));
            out += tmpl.mid(open);
            break;
        }
        qsizetype bodyEnd = close;
        if (bodyEnd - 1 > bodyStart && tmpl[bodyEnd - 1] == u'-' && tmpl[bodyEnd - 2].isSpace()) {
            --bodyEnd;
            trimNextLeading = true;
        }
        const QStringView body = QStringView(tmpl).mid(bodyStart, bodyEnd - bodyStart).trimmed();
        i = close + 2;
        if (body.startsWith(QLatin1String("/*"))) {
            if (!body.endsWith(QLatin1String("*/"))) {
                fail(tr("unclosed comment"));
                out += tmpl.mid(open, i - open);
            }
            continue;
        }
        try {
            const std::vector<Token> tokens = tokenize(body);
            if (tokens.empty())
                throw Failure { tr("missing value for command") };
            out += printValue(evaluator.run(tokens));
        } catch (const Failure& f) {
            fail(f.message);
            out += tmpl.mid(open, i - open);
        }
    }
    return out;
}

} // namespace opsdeck::alerts
