// Parser: precedence (checked through scalar evaluation), literals, error
// positions as Prometheus prints them, and a fuzz-ish robustness test.
#include "query/Parser.h"
#include "query/QueryEngine.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>

using namespace opsdeck::query;

class TestQueryParser : public QObject
{
    Q_OBJECT

private slots:
    void scalarPrecedence_data();
    void scalarPrecedence();
    void valid_data();
    void valid();
    void errors_data();
    void errors();
    void fuzz();
};

void TestQueryParser::scalarPrecedence_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<double>("expected");
    QTest::newRow("mul before add") << "1 + 2 * 3" << 7.0;
    QTest::newRow("left assoc sub") << "10 - 4 - 3" << 3.0;
    QTest::newRow("pow right assoc") << "2 ^ 3 ^ 2" << 512.0;
    QTest::newRow("unary minus below pow") << "-2 ^ 2" << -4.0;
    QTest::newRow("unary minus with mul") << "-2 * 3" << -6.0;
    QTest::newRow("parens") << "(1 + 2) * 3" << 9.0;
    QTest::newRow("mod") << "7 % 4" << 3.0;
    QTest::newRow("div") << "1 / 4" << 0.25;
    QTest::newRow("hex") << "0x1F" << 31.0;
    QTest::newRow("octal") << "010" << 8.0;
    QTest::newRow("exponent") << "1.5e3" << 1500.0;
    QTest::newRow("dot number") << ".5" << 0.5;
    QTest::newRow("comparison bool") << "2 > bool 1" << 1.0;
    QTest::newRow("comparison below add") << "1 + 1 == bool 2" << 1.0;
    QTest::newRow("inf") << "-Inf" << -std::numeric_limits<double>::infinity();
    QTest::newRow("double negation") << "- -3" << 3.0;
    QTest::newRow("unary plus") << "+4" << 4.0;
    QTest::newRow("comment") << "1 # the answer\n+ 1" << 2.0;
    QTest::newRow("scalar of vector") << "scalar(vector(3))" << 3.0;
    QTest::newRow("time") << "time()" << 100.0;
}

void TestQueryParser::scalarPrecedence()
{
    QFETCH(QString, expr);
    QFETCH(double, expected);
    QueryEngine engine(nullptr);
    const QueryResult r = engine.instant(expr, 100'000);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.type, ValueType::Scalar);
    QCOMPARE(r.scalar.value, expected);
}

void TestQueryParser::valid_data()
{
    QTest::addColumn<QString>("expr");
    for (const char* e : { "foo", "foo{a=\"b\"}", "{__name__=\"foo\"}", "foo{a=~\"b.*\", c!=\"d\", e!~'f',}",
             "foo[5m]", "foo[1h30m]", "foo offset 5m", "foo offset -5m", "foo[5m] offset 1w", "foo @ 1609746000",
             "foo @ start()", "foo[1m] @ end() offset 1m", "rate(foo[5m])", "sum by (a, b) (foo)",
             "sum(foo) by (a)", "sum without () (foo)", "topk(3, foo)", "count_values(\"v\", foo)",
             "quantile(0.9, foo)", "foo + on(a) group_left(b) bar", "foo / ignoring(x) group_right bar",
             "foo and bar or baz unless qux", "foo > bool 1", "label_replace(foo, \"d\", \"$1\", \"s\", \"(.*)\")",
             "round(foo, 0.5)", "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))", "-foo", "NaN",
             "job:request:rate5m", "SUM(foo) BY (a)", "`raw\\string`", "\"esc\\n\\x41\\u00e9\"", "sum(foo)by(a)",
             "foo{by=\"x\", on=\"y\"}", "sum by (on) (foo)", "1 + on() 2",
             // subqueries (Prometheus 2.42 generated_parser.y subquery_expr)
             "foo[5m:1m]", "foo[5m:]", "foo[5m: 30s]", "foo offset 1m[5m:1m]", "rate(foo[1m])[5m:1m]",
             "(foo)[30s:10s]", "vector(time())[100s:1s] @ 3000", "max_over_time(rate(foo[1m])[5m:1m])",
             "max_over_time(foo[5m:1m] offset 1m @ end())", "min_over_time(max_over_time(foo[1m:10s])[5m:1m])",
             "label_join(foo, \"d\", \",\", \"a\", \"b\")", "label_join(foo, \"d\", \"\")",
             "label_replace(foo, (\"d\"), (\"$1\"), ((\"s\")), (\"(.*)\"))" }) {
        QTest::newRow(e) << QString::fromUtf8(e);
    }
}

void TestQueryParser::valid()
{
    QFETCH(QString, expr);
    QCOMPARE(QueryEngine::check(expr), QString());
}

void TestQueryParser::errors_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << ""
                           << "1:1: parse error: no expression found in input";
    QTest::newRow("trailing op") << "foo + "
                                 << "1:7: parse error: unexpected end of input, expected expression";
    QTest::newRow("unclosed range")
        << "foo[5m"
        << "1:7: parse error: unexpected end of input in range selector, expected \"]\"";
    QTest::newRow("rate needs range")
        << "rate(foo)"
        << "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector";
    QTest::newRow("scalar comparison") << "1 > 2"
                                       << "1:3: parse error: comparisons between scalars must use BOOL modifier";
    QTest::newRow("second line") << "foo +\n)"
                                 << "2:1: parse error: unexpected \")\", expected expression";
    QTest::newRow("unknown function") << "foo(bar)"
                                      << "1:1: parse error: unknown function with name \"foo\"";
    QTest::newRow("arg count") << "rate(a[1m], 2)"
                               << "1:1: parse error: expected 1 argument(s) in call to \"rate\", got 2";
    QTest::newRow("empty matcher")
        << "{a=\"\"}"
        << "1:1: parse error: vector selector must contain at least one non-empty matcher";
    QTest::newRow("bad regex") << "foo{a=~\"(\"}"
                               << "";
    QTest::newRow("range on function") << "rate(foo[1m])[5m]"
                                       << "1:14: parse error: ranges only allowed for vector selectors";
    QTest::newRow("bool on arithmetic")
        << "foo + bool bar"
        << "1:5: parse error: bool modifier can only be used on comparison operators";
    QTest::newRow("set op scalar")
        << "foo and 1"
        << "1:1: parse error: set operator \"and\" not allowed in binary scalar expression";
    QTest::newRow("group on set op") << "foo and on(a) group_left bar"
                                     << "1:1: parse error: no grouping allowed for \"and\" operation";
    QTest::newRow("topk without k")
        << "topk(foo)"
        << "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1";
    QTest::newRow("unterminated string") << "foo{a=\"b}"
                                         << "1:7: parse error: unterminated quoted string";
    QTest::newRow("bad duration") << "foo[5x]"
                                  << "1:5: parse error: bad number or duration syntax: \"5x\"";
    QTest::newRow("offset on call") << "sum(foo) offset 5m"
                                    << "1:10: parse error: offset modifier must be preceded by an instant vector "
                                       "selector or range vector selector or a subquery";
    QTest::newRow("name twice") << "foo{__name__=\"bar\"}"
                                << "1:5: parse error: metric name must not be set twice: \"foo\" or \"bar\"";
    QTest::newRow("subquery of scalar")
        << "time()[5m:1m]"
        << "1:1: parse error: subquery is only allowed on instant vector, got scalar instead";
    QTest::newRow("subquery of range") << "foo[1m][5m:1m]"
                                       << "1:1: parse error: subquery is only allowed on instant vector, got "
                                          "matrix instead";
    QTest::newRow("subquery unclosed")
        << "foo[5m:1m"
        << "1:10: parse error: unexpected end of input in subquery selector, expected \"]\"";
    QTest::newRow("offset twice on subquery") << "foo[5m:1m] offset 1m offset 2m"
                                              << "1:22: parse error: offset may not be set multiple times";
    QTest::newRow("label_join too few")
        << "label_join(foo, \"d\")"
        << "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 2";
    QTest::newRow("aggregate of range")
        << "sum(foo[5m])"
        << "1:5: parse error: expected type instant vector in aggregation expression, got range vector";
    QTest::newRow("zero range") << "foo[0s]"
                                << "1:5: parse error: duration must be greater than 0";
}

void TestQueryParser::errors()
{
    QFETCH(QString, expr);
    QFETCH(QString, error);
    const QString got = QueryEngine::check(expr);
    QVERIFY2(!got.isEmpty(), "expected a parse error");
    if (!error.isEmpty())
        QCOMPARE(got, error);
    QVERIFY(got.contains(QStringLiteral("parse error")));
}

void TestQueryParser::fuzz()
{
    // Random token soup must give a parse result or a clean error, never a crash or hang.
    const QStringList tokens = { QStringLiteral("foo"), QStringLiteral("{"), QStringLiteral("}"),
        QStringLiteral("("), QStringLiteral(")"), QStringLiteral("["), QStringLiteral("]"), QStringLiteral("5m"),
        QStringLiteral("1"), QStringLiteral("\"x\""), QStringLiteral("a"), QStringLiteral("="),
        QStringLiteral("=~"), QStringLiteral("!="), QStringLiteral(","), QStringLiteral("+"), QStringLiteral("-"),
        QStringLiteral("*"), QStringLiteral("^"), QStringLiteral("/"), QStringLiteral(">"), QStringLiteral("bool"),
        QStringLiteral("and"), QStringLiteral("or"), QStringLiteral("on"), QStringLiteral("group_left"),
        QStringLiteral("by"), QStringLiteral("sum"), QStringLiteral("topk"), QStringLiteral("rate"),
        QStringLiteral("offset"), QStringLiteral("@"), QStringLiteral("start()"), QStringLiteral("label_replace"),
        QStringLiteral("histogram_quantile"), QStringLiteral("vector"), QStringLiteral("time()"),
        QStringLiteral("NaN"), QStringLiteral("0x"), QStringLiteral("'"), QStringLiteral("\\"),
        QStringLiteral("#"), QStringLiteral("\n"), QStringLiteral(":"), QStringLiteral("é"),
        QStringLiteral("without"), QStringLiteral("count_values") };
    QRandomGenerator rng(42);
    QueryEngine engine(nullptr);
    int parsed = 0;
    for (int i = 0; i < 20000; ++i) {
        QString q;
        const int n = int(rng.bounded(1, 14));
        for (int j = 0; j < n; ++j)
            q += tokens[rng.bounded(int(tokens.size()))] + (rng.bounded(2) ? QStringLiteral(" ") : QString());
        const QString err = QueryEngine::check(q);
        if (err.isEmpty()) {
            ++parsed;
            const QueryResult r = engine.instant(q, 1000);
            const QueryResult rr = engine.range(q, 0, 60'000, 15'000);
            QVERIFY(r.ok || !r.error.isEmpty());
            QVERIFY(rr.ok || !rr.error.isEmpty());
        } else {
            QVERIFY2(err.contains(QStringLiteral("parse error")), qPrintable(err));
        }
    }
    QVERIFY(parsed > 100); // the soup does produce valid queries too
    // deep nesting and long chains are rejected cleanly
    QVERIFY(!QueryEngine::check(QString(100000, u'(')).isEmpty());
    QString chain = QStringLiteral("1");
    for (int i = 0; i < 50000; ++i)
        chain += QStringLiteral("+1");
    QVERIFY(!QueryEngine::check(chain).isEmpty());
}

QTEST_GUILESS_MAIN(TestQueryParser)
#include "tst_query_parser.moc"
