// config::YamlReader and ConfigIssue: the helpers and the issue text every
// configuration reader in the engine shares.
#include "config/YamlReader.h"

#include <QTest>

using opsdeck::config::ConfigIssue;
using opsdeck::config::YamlReader;

class TestYamlReader : public QObject
{
    Q_OBJECT

private slots:
    void issueText_data()
    {
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("text");
        QTest::newRow("all") << 3 << 7 << QStringLiteral("g") << QStringLiteral("r")
                             << QStringLiteral("f.yml:3:7: group \"g\": rule \"r\": bad");
        QTest::newRow("no column") << 3 << 0 << QString() << QString() << QStringLiteral("f.yml:3: bad");
        QTest::newRow("no line") << 0 << 5 << QString() << QString() << QStringLiteral("f.yml: bad");
        QTest::newRow("rule only") << 2 << 1 << QString() << QStringLiteral("r")
                                   << QStringLiteral("f.yml:2:1: rule \"r\": bad");
    }
    void issueText()
    {
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, group);
        QFETCH(QString, rule);
        QFETCH(QString, text);
        ConfigIssue i;
        i.file = QStringLiteral("f.yml");
        i.line = line;
        i.column = column;
        i.group = group;
        i.rule = rule;
        i.message = QStringLiteral("bad");
        QCOMPARE(i.toString(), text);
    }

    void syntaxErrorNamesThePlace()
    {
        QList<ConfigIssue> issues;
        QVERIFY(!YamlReader::parseDocument("a: [1,\n", QStringLiteral("x.yml"), &issues));
        QCOMPARE(issues.size(), 1);
        QVERIFY(issues.first().fatal);
        QVERIFY(issues.first().line > 0);
        QVERIFY2(issues.first().message.startsWith(QLatin1String("YAML syntax error: ")),
            qPrintable(issues.first().message));
    }

    void unreadableFile()
    {
        QList<ConfigIssue> issues;
        QVERIFY(!YamlReader::readFile(QStringLiteral("/nonexistent/x.yml"), &issues));
        QCOMPARE(issues.size(), 1);
        QVERIFY(issues.first().toString().startsWith(QLatin1String("/nonexistent/x.yml: cannot read the file: ")));
    }

    void fieldHelpers()
    {
        const YAML::Node doc = YAML::Load("s: text\nl: [a, b]\nc: 'x, y'\nm: {k: v, e: }\nb: Yes\nd: 1h30m\n"
                                          "bad: {x: 1}\nbadb: maybe\nbadd: 1.5h\n");
        QList<ConfigIssue> issues;
        YamlReader in(QStringLiteral("/etc/opsdeck/f.yml"), &issues);
        QCOMPARE(in.scalar(doc["s"], QStringLiteral("s")), std::optional<QString>(QStringLiteral("text")));
        QCOMPARE(in.stringList(doc["l"], QStringLiteral("l")), std::optional<QStringList>({ u"a"_qs, u"b"_qs }));
        QCOMPARE(
            in.stringList(doc["c"], QStringLiteral("c"), true), std::optional<QStringList>({ u"x"_qs, u"y"_qs }));
        const auto map = in.stringMap(doc["m"], QStringLiteral("m"));
        QVERIFY(map);
        QCOMPARE(map->value(u"k"_qs), u"v"_qs);
        QVERIFY(map->contains(u"e"_qs));
        QCOMPARE(in.boolean(doc["b"], QStringLiteral("b")), std::optional<bool>(true));
        QCOMPARE(in.duration(doc["d"], QStringLiteral("bad d")), std::optional<qint64>(5'400'000));
        QCOMPARE(in.path(u"../x/t.pem"_qs), u"/etc/x/t.pem"_qs);
        QVERIFY(issues.isEmpty());
        QVERIFY(!in.failed());

        QVERIFY(!in.scalar(doc["bad"], QStringLiteral("bad")));
        QVERIFY(!in.stringList(doc["c"], QStringLiteral("c")));
        QVERIFY(!in.boolean(doc["badb"], QStringLiteral("badb")));
        QVERIFY(!in.duration(doc["badd"], QStringLiteral("invalid duration")));
        QSet<QString> names;
        QVERIFY(in.uniqueName(names, u"a"_qs, doc["s"], u"twice"_qs));
        QVERIFY(!in.uniqueName(names, u"a"_qs, doc["s"], u"twice"_qs));
        QVERIFY(in.failed());
        QStringList texts;
        for (const ConfigIssue& i : issues)
            texts.append(i.toString());
        QCOMPARE(texts,
            QStringList({ u"/etc/opsdeck/f.yml:7:6: \"bad\" must be a single value"_qs,
                u"/etc/opsdeck/f.yml:3:4: \"c\" must be a list"_qs,
                u"/etc/opsdeck/f.yml:8:7: \"badb\" must be true or false"_qs,
                u"/etc/opsdeck/f.yml:9:7: invalid duration"_qs, u"/etc/opsdeck/f.yml:1:4: twice"_qs }));
    }
};

QTEST_GUILESS_MAIN(TestYamlReader)
#include "tst_yaml_reader.moc"
