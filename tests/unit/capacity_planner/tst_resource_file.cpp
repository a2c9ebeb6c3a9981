// Capacity resources from YAML (engine/capacity/ResourceFile.h): defaults
// adjusted by kind, new resources appended, every problem with file:line.
#include "capacity/ResourceFile.h"

#include <QTest>

#include <cmath>

using namespace opsdeck::capacity;

class TestResourceFile : public QObject
{
    Q_OBJECT

private slots:
    void adjustsDefaultsByKindAndAddsCustom();
    void problemsNameTheLineAndSkipTheEntry();
    void unreadableFile();
};

namespace {

const ResourceDefinition* byKind(const QList<ResourceDefinition>& list, ResourceKind kind)
{
    for (const ResourceDefinition& d : list) {
        if (d.kind == kind)
            return &d;
    }
    return nullptr;
}

} // namespace

void TestResourceFile::adjustsDefaultsByKindAndAddsCustom()
{
    const ResourceFileResult r = parseResourceText(R"(resources:
  - kind: requests
    capacity: 800
    mean_service: 50ms
    latency_target: 200ms
    cost_per_hour: 0.12
  - kind: cpu
    ceiling: 75%
    lead_time: 60d
    safety_factor: 1.5
  - name: Disk busy
    usage: 'avg by (instance) (rate(node_disk_io_time_seconds_total[$range]))'
    capacity: 1
    unit: ''
)",
        QStringLiteral("r.yml"));
    QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.join(QLatin1Char('\n'))));
    QCOMPARE(r.resources.size(), defaultResources().size() + 1);
    const ResourceDefinition* requests = byKind(r.resources, ResourceKind::Requests);
    QVERIFY(requests);
    QCOMPARE(requests->fixedCapacity, 800.0);
    QCOMPARE(requests->meanServiceS, 0.05);
    QCOMPARE(requests->latencyTargetS, 0.2);
    QCOMPARE(requests->costPerInstanceHour, 0.12);
    QCOMPARE(requests->usageQuery, byKind(defaultResources(), ResourceKind::Requests)->usageQuery); // kept
    const ResourceDefinition* cpu = byKind(r.resources, ResourceKind::Cpu);
    QCOMPARE(cpu->ceiling, 0.75);
    QCOMPARE(cpu->leadTimeDays, 60);
    QCOMPARE(cpu->safetyFactor, 1.5);
    const ResourceDefinition& custom = r.resources.last();
    QCOMPARE(custom.kind, ResourceKind::Custom);
    QCOMPARE(custom.name, QStringLiteral("Disk busy"));
    QCOMPARE(custom.fixedCapacity, 1.0);
    QVERIFY(custom.usageQuery.contains(QLatin1String("$range")));
}

void TestResourceFile::problemsNameTheLineAndSkipTheEntry()
{
    const ResourceFileResult r = parseResourceText(R"(resources:
  - kind: memory
    ceiling: 1.5
  - kind: disks
  - name: No query
  - name: Bad query
    usage: 'sum by (instance) (rate(x[$range])'
  - kind: filesystem
    lead_time: soon
  - kind: cpu
    ceiling: 0.7
)",
        QStringLiteral("r.yml"));
    const QString all = r.errors.join(QLatin1Char('\n'));
    QCOMPARE(r.errors.size(), 5);
    QVERIFY2(all.contains(QLatin1String("r.yml:2: resource 1: ceiling must be between 0 and 1")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("r.yml:4: resource 2: unknown kind \"disks\"")), qPrintable(all));
    QVERIFY2(
        all.contains(QLatin1String("r.yml:5: resource 3: a new resource needs a usage query")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("r.yml:6: resource 4: usage: ")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("r.yml:8: resource 5: lead_time must be a duration")), qPrintable(all));
    // Entries with problems are left out; the good one applies.
    QCOMPARE(r.resources.size(), defaultResources().size());
    QCOMPARE(byKind(r.resources, ResourceKind::Memory)->ceiling,
        byKind(defaultResources(), ResourceKind::Memory)->ceiling);
    QCOMPARE(byKind(r.resources, ResourceKind::Cpu)->ceiling, 0.7);
}

void TestResourceFile::unreadableFile()
{
    const ResourceFileResult missing = loadResourceFile(QStringLiteral("/nonexistent/resources.yml"));
    QVERIFY(!missing.readable);
    QVERIFY(missing.errors.first().startsWith(QLatin1String("/nonexistent/resources.yml: cannot read")));
    QCOMPARE(missing.resources.size(), defaultResources().size());

    const ResourceFileResult broken = parseResourceText("resources: [\n  {kind: cpu\n", QStringLiteral("b.yml"));
    QVERIFY(!broken.readable);
    QVERIFY2(broken.errors.first().startsWith(QLatin1String("b.yml:")), qPrintable(broken.errors.first()));

    const ResourceFileResult notAList = parseResourceText("ceiling: 0.8\n", QStringLiteral("c.yml"));
    QVERIFY(!notAList.readable);
    QVERIFY(notAList.errors.first().contains(QLatin1String("resources:")));
}

QTEST_GUILESS_MAIN(TestResourceFile)
#include "tst_resource_file.moc"
