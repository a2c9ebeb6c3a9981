#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// Tokenizer for the PromQL subset, after Prometheus 2.42 promql/parser/lex.go:
// identifiers (metric names may contain ':'), numbers (decimal, hex, octal,
// Inf, NaN), durations (1h30m), strings ("", '', ``) with Go escapes, comments.
// Works on UTF-8 bytes; positions are byte offsets as in Prometheus errors.
namespace opsdeck::query {

struct Token
{
    enum class Type {
        End,
        Ident,
        Number,
        Duration,
        String,
        LParen,
        RParen,
        LBrace,
        RBrace,
        LBracket,
        RBracket,
        Comma,
        Colon,
        At,
        Add,
        Sub,
        Mul,
        Div,
        Mod,
        Pow,
        Eql,
        Neq,
        Lss,
        Lte,
        Gtr,
        Gte,
        Assign,
        RegexMatch,
        RegexNoMatch,
    };
    Type type = Type::End;
    QByteArray text; // raw text (identifiers, numbers, durations); decoded value for strings
    int pos = 0;
    double number = 0;
    qint64 durationMs = 0;
};

QString tokenDescription(const Token& token); // "identifier \"foo\"", "end of input", ...

class Lexer
{
public:
    explicit Lexer(QByteArray input);
    // Tokenizes everything; on a lexical error returns false and sets error/errorPos.
    bool run();
    const QList<Token>& tokens() const { return m_tokens; }
    QString error() const { return m_error; }
    int errorPos() const { return m_errorPos; }

private:
    bool fail(int pos, const QString& message);
    bool lexString(char quote);
    bool lexNumberOrDuration();

    QByteArray m_in;
    int m_pos = 0;
    QList<Token> m_tokens;
    QString m_error;
    int m_errorPos = 0;
};

} // namespace opsdeck::query
