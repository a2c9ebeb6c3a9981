// The inbox model: snapshots merge by alert id (rows are removed, changed in
// place or appended; never a reset, so selection survives), the filters by
// state, severity and text, sorting, and the texts the operator reads.

#include "alerts/AlertInboxModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using opsdeck::alerts::Acknowledgement;
using opsdeck::alerts::Alert;
using opsdeck::alerts::AlertState;
using opsdeck::alerts::Severity;

namespace {

Alert alert(qint64 id, const char* rule, Severity severity, AlertState state, const char* instance)
{
    Alert a;
    a.id = id;
    a.ruleName = QString::fromLatin1(rule);
    a.severity = severity;
    a.state = state;
    a.labels = opsdeck::metrics::Labels { { "alertname", rule }, { "instance", instance }, { "severity", "x" } };
    a.fingerprint = opsdeck::alerts::alertFingerprint(a.labels);
    a.activeSinceMs = 1'000'000 + id * 1000;
    a.firedAtMs = state == AlertState::Pending ? 0 : a.activeSinceMs + 500;
    a.resolvedAtMs = state == AlertState::Resolved ? a.firedAtMs + 60'000 : 0;
    a.annotations = { { QStringLiteral("summary"),
        QStringLiteral("%1 on %2").arg(a.ruleName, QString::fromLatin1(instance)) } };
    return a;
}

QList<qint64> ids(const QAbstractItemModel& model)
{
    QList<qint64> out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.index(row, 0).data(AlertInboxModel::AlertIdRole).toLongLong());
    return out;
}

} // namespace

class TestAlertInboxModel : public QObject
{
    Q_OBJECT

private slots:
    void snapshotsMergeWithoutReset()
    {
        AlertInboxModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        model.setAlerts({ alert(1, "A", Severity::Critical, AlertState::Firing, "h1"),
                            alert(2, "B", Severity::Warning, AlertState::Pending, "h2"),
                            alert(3, "C", Severity::Info, AlertState::Firing, "h3") },
            {});
        QCOMPARE(ids(model), (QList<qint64> { 1, 2, 3 }));
        // 2 goes away, 1 changes, 4 arrives: 1 and 3 keep their rows' identity.
        Alert acked = alert(1, "A", Severity::Critical, AlertState::Firing, "h1");
        acked.ack = Acknowledgement { QStringLiteral("ana"), 1'100'000, QStringLiteral("looking") };
        model.setAlerts({ acked, alert(3, "C", Severity::Info, AlertState::Firing, "h3"),
                            alert(4, "D", Severity::Warning, AlertState::Firing, "h4") },
            {});
        QCOMPARE(ids(model), (QList<qint64> { 1, 3, 4 }));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(inserted.count(), 2);
        QVERIFY(model.index(0, AlertInboxModel::AckColumn).data().toString().startsWith(QStringLiteral("✓ ana")));
        QVERIFY(model.index(0, AlertInboxModel::AckColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("looking")));
        QCOMPARE(model.index(1, AlertInboxModel::AckColumn).data().toString(), QStringLiteral("Acknowledge"));
        QCOMPARE(model.rowOf(4), 2);
        QVERIFY(model.alertById(2) == nullptr);
    }

    void textsForTheOperator()
    {
        AlertInboxModel model;
        model.setNow([] { return qint64(1'003'500 + 3 * 3600'000 + 4 * 60'000); });
        Alert a = alert(3, "DiskFull", Severity::Critical, AlertState::Firing, "db-1");
        a.flapping = true;
        model.setAlerts({ a }, { a.fingerprint });
        QCOMPARE(model.index(0, AlertInboxModel::SeverityColumn).data().toString(), QStringLiteral("Critical"));
        QCOMPARE(model.index(0, AlertInboxModel::StateColumn).data().toString(),
            QStringLiteral("Firing, flapping, silenced"));
        QCOMPARE(model.index(0, AlertInboxModel::LabelsColumn).data().toString(), QStringLiteral("instance=db-1"));
        QCOMPARE(model.index(0, AlertInboxModel::DurationColumn).data().toString(), QStringLiteral("3 h 4 min"));
        QVERIFY(
            model.index(0, AlertInboxModel::SeverityColumn).data(Qt::DecorationRole).value<QColor>().isValid());
        QVERIFY(model.index(0, 0).data(AlertInboxModel::MutedRole).toBool());
        // Resolved rows do not offer acknowledgement.
        model.setAlerts({ alert(5, "Gone", Severity::Warning, AlertState::Resolved, "h") }, {});
        QCOMPARE(model.index(0, AlertInboxModel::AckColumn).data().toString(), QString());
        QCOMPARE(model.index(0, AlertInboxModel::DurationColumn).data().toString(), QStringLiteral("1 min"));
    }

    void filtersAndSorting()
    {
        AlertInboxModel model;
        Alert acked = alert(2, "B", Severity::Warning, AlertState::Firing, "h2");
        acked.ack = Acknowledgement { QStringLiteral("ana"), 1'100'000, {} };
        model.setAlerts({ alert(1, "A", Severity::Critical, AlertState::Firing, "h1"), acked,
                            alert(3, "C", Severity::Info, AlertState::Pending, "h3"),
                            alert(4, "D", Severity::Critical, AlertState::Resolved, "h4") },
            {});
        AlertInboxFilter filter;
        filter.setSourceModel(&model);
        filter.sort(AlertInboxModel::StartedColumn, Qt::DescendingOrder);
        using SF = AlertInboxFilter::StateFilter;
        const auto shown = [&filter] { return ids(filter); };
        QCOMPARE(shown(), (QList<qint64> { 3, 2, 1 })); // Open is the default
        filter.setStateFilter(SF::Firing);
        QCOMPARE(shown(), (QList<qint64> { 2, 1 }));
        filter.setStateFilter(SF::Unacknowledged);
        QCOMPARE(shown(), (QList<qint64> { 3, 1 }));
        filter.setStateFilter(SF::Acknowledged);
        QCOMPARE(shown(), (QList<qint64> { 2 }));
        filter.setStateFilter(SF::Resolved);
        QCOMPARE(shown(), (QList<qint64> { 4 }));
        filter.setStateFilter(SF::All);
        QCOMPARE(shown(), (QList<qint64> { 4, 3, 2, 1 }));
        filter.setSeverityFilter(Severity::Critical);
        QCOMPARE(shown(), (QList<qint64> { 4, 1 }));
        filter.setSeverityFilter(std::nullopt);
        filter.setText(QStringLiteral("C on h3")); // the summary annotation
        QCOMPARE(shown(), (QList<qint64> { 3 }));
        filter.setText(QStringLiteral("instance=\"h2\""));
        QCOMPARE(shown(), (QList<qint64> { 2 }));
        filter.setText({});
        // Severity column: open before resolved, critical first.
        filter.sort(AlertInboxModel::SeverityColumn, Qt::AscendingOrder);
        QCOMPARE(shown().constFirst(), 1);
        QCOMPARE(shown().constLast(), 4);
    }
};

QTEST_GUILESS_MAIN(TestAlertInboxModel)
#include "tst_alert_inbox_model.moc"
