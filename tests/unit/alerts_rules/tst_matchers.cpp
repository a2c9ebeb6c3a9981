// Matchers: Alertmanager's matcher text (pkg/labels/parse.go) to LabelMatcher and back.
#include "alerts/Matchers.h"

#include <QTest>

using opsdeck::alerts::Matchers;
using opsdeck::metrics::LabelMatcher;
using Type = LabelMatcher::Type;

class TestMatchers : public QObject
{
    Q_OBJECT

private slots:
    void parseOne_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("type");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        const auto row
            = [](const char* tag, const QString& text, Type type, const QByteArray& name,
                  const QByteArray& value) { QTest::newRow(tag) << text << int(type) << name << value; };
        row("equal quoted", QStringLiteral("severity=\"critical\""), Type::Equal, "severity", "critical");
        row("equal bare", QStringLiteral("severity=critical"), Type::Equal, "severity", "critical");
        row("not equal spaced", QStringLiteral("env != prod"), Type::NotEqual, "env", "prod");
        row("regex", QStringLiteral("instance=~\"db-.*\""), Type::Regex, "instance", "db-.*");
        row("not regex", QStringLiteral("  job!~\"node|agent\"  "), Type::NotRegex, "job", "node|agent");
        row("empty value", QStringLiteral("team=\"\""), Type::Equal, "team", "");
        row("escaped quote", QStringLiteral("msg=\"say \\\"hi\\\"\""), Type::Equal, "msg", "say \"hi\"");
        row("escaped backslash", QStringLiteral("p=\"a\\\\b\""), Type::Equal, "p", "a\\b");
        row("regex escape kept", QStringLiteral("path=~\"/var/\\d+\\.log\""), Type::Regex, "path",
            "/var/\\d+\\.log");
        row("comma inside quotes", QStringLiteral("a=\"x,y\""), Type::Equal, "a", "x,y");
        row("utf8", QStringLiteral("site=\"K\u00f6ln\""), Type::Equal, "site",
            QStringLiteral("K\u00f6ln").toUtf8());
    }
    void parseOne()
    {
        QFETCH(QString, text);
        QFETCH(int, type);
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QString error;
        const auto m = Matchers::parseMatcher(text, &error);
        QVERIFY2(m, qPrintable(error));
        QCOMPARE(int(m->type()), type);
        QCOMPARE(m->name(), name);
        QCOMPARE(m->value(), value);
        // Round trip through the canonical text.
        const QString formatted = Matchers::formatMatcher(*m);
        const auto again = Matchers::parseMatcher(formatted, &error);
        QVERIFY2(again, qPrintable(formatted + QStringLiteral(": ") + error));
        QCOMPARE(int(again->type()), type);
        QCOMPARE(again->name(), name);
        QCOMPARE(again->value(), value);
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("empty") << QString() << QStringLiteral("label name");
        QTest::newRow("no operator") << QStringLiteral("severity") << QStringLiteral("=, !=, =~, !~");
        QTest::newRow("bad name") << QStringLiteral("1abc=\"x\"") << QStringLiteral("label name");
        QTest::newRow("unterminated") << QStringLiteral("a=\"x") << QStringLiteral("unterminated");
        QTest::newRow("bad regex") << QStringLiteral("a=~\"(\"") << QStringLiteral("regular expression");
        QTest::newRow("two matchers") << QStringLiteral("a=\"x\" b=\"y\"") << QStringLiteral("unexpected");
        QTest::newRow("quote in bare value") << QStringLiteral("a=x\"y") << QStringLiteral("quote");
    }
    void rejects()
    {
        QFETCH(QString, text);
        QFETCH(QString, errorPart);
        QString error;
        QVERIFY(!Matchers::parseMatcher(text, &error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
    }

    void lists_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("braces") << QStringLiteral("{alertname=\"NodeDown\", severity=~\"critical|warning\"}")
                                << QStringLiteral("{alertname=\"NodeDown\", severity=~\"critical|warning\"}");
        QTest::newRow("bare list") << QStringLiteral("a=b,c!=d") << QStringLiteral("{a=\"b\", c!=\"d\"}");
        QTest::newRow("trailing comma") << QStringLiteral("{ a = \"b\" , }") << QStringLiteral("{a=\"b\"}");
        QTest::newRow("bare value in braces") << QStringLiteral("{a=b}") << QStringLiteral("{a=\"b\"}");
        QTest::newRow("comma in value")
            << QStringLiteral("{msg=\"x, y\", b!~\"z\"}") << QStringLiteral("{msg=\"x, y\", b!~\"z\"}");
        QTest::newRow("empty") << QStringLiteral("{}") << QStringLiteral("{}");
    }
    void lists()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        QString error;
        const auto list = Matchers::parseMatchers(text, &error);
        QVERIFY2(list, qPrintable(error));
        QCOMPARE(Matchers::formatMatchers(*list), canonical);
        const auto again = Matchers::parseMatchers(canonical, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(Matchers::formatMatchers(*again), canonical);
    }

    void listErrors()
    {
        QString error;
        QVERIFY(!Matchers::parseMatchers(u"{a=\"b\"", &error));
        QVERIFY(error.contains(QLatin1String("}")));
        QVERIFY(!Matchers::parseMatchers(u"a=\"b\" c=\"d\"", &error));
        QVERIFY2(error.contains(QLatin1String(",")), qPrintable(error));
        QVERIFY(!Matchers::parseMatchers(u"a=\"b\",=x", &error));
    }

    void matchesAsAlertmanager()
    {
        QString error;
        const auto list = Matchers::parseMatchers(u"{severity=~\"crit.*\", env!=\"dev\"}", &error);
        QVERIFY(list);
        const auto all = [&](const QByteArray& severity, const QByteArray& env) {
            return (*list)[0].matches(severity) && (*list)[1].matches(env);
        };
        QVERIFY(all("critical", "prod"));
        QVERIFY(!all("warning", "prod"));
        QVERIFY(!all("critical", "dev"));
        QVERIFY(!all("xcritical", "prod")); // anchored
    }
};

QTEST_GUILESS_MAIN(TestMatchers)
#include "tst_matchers.moc"
