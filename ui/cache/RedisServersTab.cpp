// qcustomplot.h uses foreach in its templates, which QT_NO_FOREACH (set for
// the project) removes; it must come before any Qt header in this file.
#undef QT_NO_FOREACH
#include <qcustomplot.h>

#include "cache/RedisServersTab.h"

#include "redis/analytics/RedisInspector.h"
#include "redis/analytics/SlowLog.h"
#include "redis/RedisUrl.h"
#include "style/SeverityPalette.h"

#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QtConcurrent/QtConcurrentRun>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

Q_LOGGING_CATEGORY(
    lcRedisTab, "opsdeck.ui.cache.redis", QtInfoMsg) // a failed poll every 2 s is a row state, not a log line

namespace analytics = opsdeck::redis::analytics;
using opsdeck::redis::RedisEndpoint;

namespace {

// Polls must notice a dead server within a few seconds (UI.md: a state, not a hang).
const analytics::RedisTimeouts kPollTimeouts { 1500, 2000 };

std::optional<RedisEndpoint> resolve(const RedisInstance& instance, QString* error)
{
    auto endpoint = opsdeck::redis::parseRedisUrl(instance.url, error);
    if (!endpoint)
        return std::nullopt;
    if (!instance.passwordFile.isEmpty()) {
        const auto password = opsdeck::redis::readRedisPasswordFile(instance.passwordFile, error);
        if (!password)
            return std::nullopt;
        endpoint->password = *password;
    }
    return endpoint;
}

std::optional<analytics::RedisInfo> readInfo(analytics::RedisConnection& connection, QString* error)
{
    const auto reply = connection.command({ QByteArrayLiteral("INFO") }, error);
    if (!reply)
        return std::nullopt;
    if (reply->isError()) {
        *error = RedisServersTab::tr("INFO failed: %1").arg(QString::fromUtf8(reply->text));
        return std::nullopt;
    }
    bool ok = false;
    auto info = analytics::parseInfo(reply->text, &ok);
    if (!ok) {
        *error = RedisServersTab::tr("INFO answered with no fields");
        return std::nullopt;
    }
    return info;
}

QString bytesText(qint64 bytes)
{
    return bytes < 0 ? QStringLiteral("–") : analytics::formatBytes(double(bytes));
}

QString usecText(double usec)
{
    if (usec < 0)
        return QStringLiteral("–");
    if (usec >= 1000)
        return RedisServersTab::tr("%1 ms").arg(QLocale().toString(usec / 1000.0, 'f', usec >= 10000 ? 0 : 1));
    return RedisServersTab::tr("%1 µs").arg(QLocale().toString(usec, 'f', usec >= 10 ? 0 : 1));
}

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

QString severityWord(const QString& severity)
{
    if (severity == QLatin1String("critical"))
        return RedisServersTab::tr("critical");
    if (severity == QLatin1String("warning"))
        return RedisServersTab::tr("warning");
    return RedisServersTab::tr("info");
}

QString severityColor(const QString& severity)
{
    using SeverityPalette::Tone;
    const Tone tone = severity == QLatin1String("critical") ? Tone::Critical
        : severity == QLatin1String("warning")              ? Tone::Warning
                                                            : Tone::Info;
    return SeverityPalette::color(tone).name();
}

QString reportHtml(const analytics::InspectResult& r)
{
    QString html;
    html += QStringLiteral("<h3>%1</h3>")
                .arg(esc(RedisServersTab::tr("Analysis of %1 (Redis %2), %3")
                             .arg(r.endpoint, r.info.redisVersion,
                                 QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.startedMs).time(),
                                     QStringLiteral("HH:mm:ss")))));

    html += QStringLiteral("<h4>%1</h4>").arg(esc(RedisServersTab::tr("Recommendations")));
    if (r.recommendations.isEmpty()) {
        html += QStringLiteral("<p>%1</p>")
                    .arg(esc(RedisServersTab::tr(
                        "Nothing to recommend: no figure of this analysis calls for a change.")));
    } else {
        html += QStringLiteral("<ul>");
        for (const analytics::Recommendation& rec : r.recommendations) {
            html += QStringLiteral("<li><b style=\"color:%1\">%2</b> %3")
                        .arg(severityColor(rec.severity), esc(severityWord(rec.severity)), esc(rec.text));
            if (!rec.evidence.isEmpty()) {
                html += QStringLiteral("<br/><small>%1</small><ul>").arg(esc(RedisServersTab::tr("Evidence:")));
                for (const QString& e : rec.evidence)
                    html += QStringLiteral("<li><small>%1</small></li>").arg(esc(e));
                html += QStringLiteral("</ul>");
            }
            html += QStringLiteral("</li>");
        }
        html += QStringLiteral("</ul>");
    }

    html += QStringLiteral("<h4>%1</h4>").arg(esc(RedisServersTab::tr("Latency percentiles (server side)")));
    if (r.latency.isEmpty()) {
        html += QStringLiteral("<p>%1</p>")
                    .arg(esc(RedisServersTab::tr("No latency statistics (INFO latencystats needs Redis 7).")));
    } else {
        html += QStringLiteral(
            "<table cellspacing=\"0\" cellpadding=\"3\"><tr><th align=\"left\">%1</th>"
            "<th align=\"right\">p50</th><th align=\"right\">p99</th><th align=\"right\">p99.9</th></tr>")
                    .arg(esc(RedisServersTab::tr("Command")));
        for (const analytics::CommandLatency& l : r.latency.mid(0, 12))
            html += QStringLiteral("<tr><td>%1</td><td align=\"right\">%2</td><td align=\"right\">%3</td>"
                                   "<td align=\"right\">%4</td></tr>")
                        .arg(esc(l.command), usecText(l.p50Usec), usecText(l.p99Usec), usecText(l.p999Usec));
        html += QStringLiteral("</table>");
    }

    html += QStringLiteral("<h4>%1</h4>").arg(esc(RedisServersTab::tr("Slow log (longest first)")));
    if (r.slowlog.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(esc(RedisServersTab::tr("The slow log is empty.")));
    } else {
        html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\"><tr><th align=\"right\">%1</th>"
                               "<th align=\"left\">%2</th><th align=\"left\">%3</th></tr>")
                    .arg(esc(RedisServersTab::tr("Duration")), esc(RedisServersTab::tr("Command")),
                        esc(RedisServersTab::tr("Client")));
        for (const analytics::SlowLogEntry& e : r.slowlog)
            html += QStringLiteral("<tr><td align=\"right\">%1</td><td><code>%2</code></td><td>%3</td></tr>")
                        .arg(usecText(double(e.durationUsec)), esc(e.display()), esc(e.client));
        html += QStringLiteral("</table>");
    }

    html += QStringLiteral("<h4>%1</h4>").arg(esc(RedisServersTab::tr("Biggest keys")));
    if (!r.keys || r.keys->sampledKeys == 0) {
        html += QStringLiteral("<p>%1</p>").arg(esc(RedisServersTab::tr("No key was sampled.")));
    } else {
        const analytics::KeySampleSummary& k = *r.keys;
        html
            += QStringLiteral("<p>%1</p>")
                   .arg(esc(RedisServersTab::tr("%1 keys sampled (%2)%3; keys without TTL: %4 (%5 of the sample).")
                                .arg(analytics::formatCount(double(k.sampledKeys)),
                                    analytics::formatBytes(double(k.sampledBytes)),
                                    r.keySample && r.keySample->complete ? RedisServersTab::tr(", every key")
                                                                         : QString(),
                                    analytics::formatCount(double(k.keysWithoutTtl)),
                                    analytics::formatPercent(k.shareWithoutTtl, 1))));
        html += QStringLiteral(
            "<table cellspacing=\"0\" cellpadding=\"3\"><tr><th align=\"left\">%1</th>"
            "<th align=\"left\">%2</th><th align=\"right\">%3</th><th align=\"right\">%4</th></tr>")
                    .arg(esc(RedisServersTab::tr("Key")), esc(RedisServersTab::tr("Type")),
                        esc(RedisServersTab::tr("Memory")), esc(RedisServersTab::tr("TTL")));
        for (const analytics::SampledKey& key : k.biggest) {
            const QString ttl = key.ttlMs == -1 ? RedisServersTab::tr("none")
                : key.ttlMs < 0                 ? QStringLiteral("–")
                                : RedisServersTab::tr("%1 s").arg(QLocale().toString(key.ttlMs / 1000));
            html += QStringLiteral("<tr><td><code>%1</code></td><td>%2</td><td align=\"right\">%3</td>"
                                   "<td align=\"right\">%4</td></tr>")
                        .arg(esc(analytics::displayArgument(key.key, 60)), esc(key.type),
                            bytesText(key.memoryBytes), ttl);
        }
        html += QStringLiteral("</table>");
    }
    if (r.accesses)
        html += QStringLiteral("<p>%1</p>")
                    .arg(esc(RedisServersTab::tr("Access sample: %1 commands over %2 s (%3 reads counted).")
                                 .arg(analytics::formatCount(double(r.accesses->commands)),
                                     QLocale().toString(r.accesses->seconds, 'f', 1),
                                     analytics::formatCount(double(r.accesses->countedReads)))));
    if (!r.warnings.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><ul>").arg(esc(RedisServersTab::tr("Warnings")));
        for (const QString& w : r.warnings)
            html += QStringLiteral("<li>%1</li>").arg(esc(w));
        html += QStringLiteral("</ul>");
    }
    return html;
}

} // namespace

struct RedisServersTab::ConnectionSlot
{
    std::unique_ptr<analytics::RedisConnection> connection;
};

struct RedisServersTab::AnalysisState
{
    std::atomic_bool stop { false };
    QMutex mutex;
    QString stage;
    double fraction = 0;
};

namespace {

struct PollOutcome
{
    QString url;
    bool ok = false;
    analytics::RedisInfo info;
    QString error;
    qint64 atMs = 0;
};

struct TestOutcome
{
    bool ok = false;
    QString message;
};

struct AnalysisOutcome
{
    QString url;
    std::optional<analytics::InspectResult> result;
    QString error;
};

} // namespace

RedisServersTab::RedisServersTab(QWidget* parent)
    : QWidget(parent)
    , m_model(new RedisServersModel(this))
{
    m_pool.setMaxThreadCount(8);

    m_addButton = new QPushButton(tr("Add…"), this);
    m_addButton->setObjectName(QStringLiteral("redisAddButton"));
    m_removeButton = new QPushButton(tr("Remove"), this);
    m_removeButton->setObjectName(QStringLiteral("redisRemoveButton"));
    m_testButton = new QPushButton(tr("Test"), this);
    m_testButton->setObjectName(QStringLiteral("redisTestButton"));
    m_testResult = new QLabel(this);
    m_testResult->setObjectName(QStringLiteral("redisTestResult"));
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_removeButton);
    buttons->addWidget(m_testButton);
    buttons->addWidget(m_testResult, 1);

    m_empty = new QLabel(tr("No Redis servers yet — Add… a server by its URL (redis://host:port) to watch its "
                            "hit ratio, memory and evictions."),
        this);
    m_empty->setWordWrap(true);

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RedisServersModel::SortRole);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("redisServersTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RedisServersModel::HealthColumn, Qt::DescendingOrder); // the worst first
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionsMovable(true);

    m_detailTitle = new QLabel(tr("Select a server to see its hit ratio over time and to analyse it."), this);
    m_chart = new QCustomPlot(this);
    m_chart->setObjectName(QStringLiteral("redisHitRatioChart"));
    m_chart->setMinimumSize(360, 160);
    m_chart->addGraph();
    m_chart->graph(0)->setPen(QPen(SeverityPalette::color(SeverityPalette::Tone::Info), 1));
    // Points too: the first minutes hold only a few readings.
    m_chart->graph(0)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 3));
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QStringLiteral("HH:mm"));
    ticker->setTickCount(4);
    m_chart->xAxis->setTicker(ticker);
    m_chart->yAxis->setLabel(tr("Hit ratio (%)"));
    m_chart->yAxis->setRange(0, 100);

    m_analyseButton = new QPushButton(tr("Analyse"), this);
    m_analyseButton->setObjectName(QStringLiteral("redisAnalyseButton"));
    m_analyseButton->setToolTip(tr("Samples up to 2,000 keys (SCAN + MEMORY USAGE, rate limited) and 5 s of "
                                   "key accesses (MONITOR), then recommends."));
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("redisCancelButton"));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_stage = new QLabel(this);
    m_report = new QTextBrowser(this);
    m_report->setObjectName(QStringLiteral("redisAnalysisReport"));
    m_report->setOpenLinks(false);

    auto* analyseRow = new QHBoxLayout;
    analyseRow->addWidget(m_analyseButton);
    analyseRow->addWidget(m_cancelButton);
    analyseRow->addWidget(m_progress, 1);
    analyseRow->addWidget(m_stage, 1);
    auto* analysePane = new QWidget(this);
    auto* analyseLayout = new QVBoxLayout(analysePane);
    analyseLayout->setContentsMargins(0, 0, 0, 0);
    analyseLayout->addLayout(analyseRow);
    analyseLayout->addWidget(m_report, 1);

    auto* detail = new QSplitter(Qt::Horizontal, this);
    detail->addWidget(m_chart);
    detail->addWidget(analysePane);
    detail->setStretchFactor(0, 2);
    detail->setStretchFactor(1, 3);
    detail->setSizes({ 400, 600 });
    auto* detailPane = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detailTitle);
    detailLayout->addWidget(detail, 1);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(detailPane);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_empty);
    layout->addWidget(split, 1);

    connect(m_addButton, &QPushButton::clicked, this, &RedisServersTab::onAdd);
    connect(m_removeButton, &QPushButton::clicked, this, &RedisServersTab::onRemove);
    connect(m_testButton, &QPushButton::clicked, this, &RedisServersTab::onTest);
    connect(m_analyseButton, &QPushButton::clicked, this, &RedisServersTab::analyseSelected);
    connect(m_cancelButton, &QPushButton::clicked, this, &RedisServersTab::cancelAnalysis);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] { updateDetail(); });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& topLeft) {
        // Size the columns to the first figures; after that the operator's widths stay.
        if (!m_columnsSized && m_model->info(topLeft.row())) {
            m_columnsSized = true;
            m_table->resizeColumnsToContents();
            // Room for the longest health word, which may come later.
            const int health
                = m_table->fontMetrics().horizontalAdvance(redisHealthWord(RedisHealth::Unreachable)) + 24;
            if (m_table->columnWidth(RedisServersModel::HealthColumn) < health)
                m_table->setColumnWidth(RedisServersModel::HealthColumn, health);
        }
        if (topLeft.row() == selectedRow())
            updateChart();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_empty->setVisible(m_model->rowCount() == 0);
        updateDetail();
    });
    connect(this, &RedisServersTab::testFinished, this, [this](bool ok, const QString& message) {
        m_testResult->setText(message);
        m_testResult->setStyleSheet(
            QStringLiteral("color: %1")
                .arg(SeverityPalette::color(ok ? SeverityPalette::Tone::Ok : SeverityPalette::Tone::Critical)
                         .name()));
    });

    m_pollTimer.setInterval(2000);
    connect(&m_pollTimer, &QTimer::timeout, this, &RedisServersTab::pollAll);
    m_pollTimer.start();
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, &RedisServersTab::showAnalysisProgress);

    updateDetail();
}

RedisServersTab::~RedisServersTab()
{
    m_pollTimer.stop();
    if (m_analysis)
        m_analysis->stop = true;
    m_pool.clear();
    // m_pool's destructor waits for running jobs: polls are bounded by their
    // timeouts, the analysis stops within ~100 ms of the flag.
}

void RedisServersTab::setInstances(const QList<RedisInstance>& instances)
{
    m_model->setInstances(instances);
    QHash<QString, InstanceState> states;
    for (const RedisInstance& instance : instances)
        states.insert(instance.url, m_states.value(instance.url));
    m_states = states;
    pollAll();
}

QList<RedisInstance> RedisServersTab::instances() const
{
    return m_model->instances();
}

bool RedisServersTab::addInstance(const RedisInstance& instance, QString* error)
{
    QString problem;
    const auto endpoint = resolve(instance, &problem);
    if (!endpoint) {
        if (error)
            *error = problem;
        return false;
    }
    if (endpoint->tls) {
        if (error)
            *error = QString::fromUtf8(opsdeck::redis::kRedisTlsUnavailable);
        return false;
    }
    if (m_model->rowOfUrl(instance.url) >= 0) {
        if (error)
            *error = tr("%1 is already in the list").arg(opsdeck::redis::describe(*endpoint));
        return false;
    }
    QList<RedisInstance> list = instances();
    list << instance;
    setInstances(list);
    emit instancesChanged();
    return true;
}

void RedisServersTab::removeInstance(const QString& url)
{
    QList<RedisInstance> list = instances();
    const auto removed = list.removeIf([&](const RedisInstance& i) { return i.url == url; });
    if (removed == 0)
        return;
    m_reports.remove(url);
    setInstances(list);
    emit instancesChanged();
}

bool RedisServersTab::selectInstance(const QString& url)
{
    const int row = m_model->rowOfUrl(url);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

void RedisServersTab::setPollIntervalMs(int ms)
{
    m_pollTimer.setInterval(ms);
}

void RedisServersTab::pollAll()
{
    for (const RedisInstance& instance : m_model->instances())
        poll(instance);
}

void RedisServersTab::poll(const RedisInstance& instance)
{
    InstanceState& state = m_states[instance.url];
    if (state.inFlight)
        return; // a slow or dead server: the running poll's timeout reports it
    if (!state.connection)
        state.connection = std::make_shared<ConnectionSlot>();
    state.inFlight = true;
    auto* watcher = new QFutureWatcher<PollOutcome>(this);
    connect(watcher, &QFutureWatcher<PollOutcome>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const PollOutcome outcome = watcher->result();
        auto it = m_states.find(outcome.url);
        if (it != m_states.end())
            it->inFlight = false;
        const int row = m_model->rowOfUrl(outcome.url);
        if (row < 0)
            return; // removed meanwhile
        if (outcome.ok) {
            m_model->addReading(row, outcome.info, outcome.atMs);
        } else {
            qCDebug(lcRedisTab) << outcome.url << outcome.error;
            m_model->setUnreachable(row, outcome.error, outcome.atMs);
        }
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [instance, slot = state.connection]() {
        PollOutcome out;
        out.url = instance.url;
        QString error;
        if (!slot->connection || slot->connection->isBroken()) {
            slot->connection.reset();
            const auto endpoint = resolve(instance, &error);
            if (endpoint)
                slot->connection = analytics::RedisConnection::open(*endpoint, &error, kPollTimeouts);
        }
        if (slot->connection) {
            const qint64 before = QDateTime::currentMSecsSinceEpoch();
            if (auto info = readInfo(*slot->connection, &error)) {
                out.ok = true;
                out.info = std::move(*info);
                out.atMs = (before + QDateTime::currentMSecsSinceEpoch()) / 2;
                return out;
            }
            slot->connection.reset();
        }
        out.error = error;
        out.atMs = QDateTime::currentMSecsSinceEpoch();
        return out;
    }));
}

void RedisServersTab::testInstance(const RedisInstance& instance)
{
    m_testResult->setText(tr("Testing %1…").arg(instance.url.section(QLatin1Char('@'), -1)));
    m_testResult->setStyleSheet(QString());
    auto* watcher = new QFutureWatcher<TestOutcome>(this);
    connect(watcher, &QFutureWatcher<TestOutcome>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const TestOutcome outcome = watcher->result();
        emit testFinished(outcome.ok, outcome.message);
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [instance]() {
        TestOutcome out;
        QString error;
        const auto endpoint = resolve(instance, &error);
        if (!endpoint) {
            out.message = error;
            return out;
        }
        // open() connects, AUTHs, SELECTs and checks PING.
        auto connection = analytics::RedisConnection::open(*endpoint, &error, kPollTimeouts);
        if (!connection) {
            out.message = error;
            return out;
        }
        const auto info = readInfo(*connection, &error);
        if (!info) {
            out.message = tr("%1: %2").arg(opsdeck::redis::describe(*endpoint), error);
            return out;
        }
        out.ok = true;
        const QString limit
            = info->maxmemory > 0 ? analytics::formatBytes(double(info->maxmemory)) : tr("no limit");
        out.message
            = tr("%1: Redis %2, %3 used of %4 (%5), %6 keys")
                  .arg(opsdeck::redis::describe(*endpoint), info->redisVersion, bytesText(info->usedMemory), limit,
                      info->maxmemoryPolicy, analytics::formatCount(double(info->totalKeys())));
        return out;
    }));
}

int RedisServersTab::selectedRow() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return -1;
    return m_proxy->mapToSource(current).row();
}

void RedisServersTab::onAdd()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Add Redis server"));
    auto* url = new QLineEdit(&dialog);
    url->setPlaceholderText(QStringLiteral("redis://[user:password@]host:port[/db]"));
    auto* passwordFile = new QLineEdit(&dialog);
    passwordFile->setPlaceholderText(tr("optional: a file that holds the password"));
    auto* browse = new QPushButton(tr("Browse…"), &dialog);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(passwordFile, 1);
    fileRow->addWidget(browse);
    auto* test = new QPushButton(tr("Test"), &dialog);
    auto* result = new QLabel(&dialog);
    result->setWordWrap(true);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("URL"), url);
    form->addRow(tr("Password file"), fileRow);
    form->addRow(test, result);
    form->addRow(box);
    connect(browse, &QPushButton::clicked, &dialog, [&dialog, passwordFile] {
        const QString file = QFileDialog::getOpenFileName(&dialog, tr("Password file"));
        if (!file.isEmpty())
            passwordFile->setText(file);
    });
    auto current = [url, passwordFile] {
        return RedisInstance { url->text().trimmed(), passwordFile->text().trimmed() };
    };
    connect(test, &QPushButton::clicked, &dialog, [this, current, result] {
        result->setText(tr("Testing…"));
        testInstance(current());
    });
    connect(this, &RedisServersTab::testFinished, &dialog,
        [result](bool, const QString& message) { result->setText(message); });
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(box, &QDialogButtonBox::accepted, &dialog, [this, &dialog, current, result] {
        QString error;
        if (addInstance(current(), &error))
            dialog.accept();
        else
            result->setText(error);
    });
    dialog.exec();
}

void RedisServersTab::onRemove()
{
    const int row = selectedRow();
    if (row >= 0)
        removeInstance(m_model->instances().at(row).url);
}

void RedisServersTab::onTest()
{
    const int row = selectedRow();
    if (row >= 0)
        testInstance(m_model->instances().at(row));
}

void RedisServersTab::updateButtons()
{
    const bool selected = selectedRow() >= 0;
    m_removeButton->setEnabled(selected);
    m_testButton->setEnabled(selected);
    m_analyseButton->setEnabled(selected && !m_analysis);
    m_cancelButton->setEnabled(m_analysis != nullptr);
    m_progress->setVisible(m_analysis != nullptr);
}

void RedisServersTab::updateDetail()
{
    const int row = selectedRow();
    if (row < 0) {
        m_detailTitle->setText(tr("Select a server to see its hit ratio over time and to analyse it."));
        m_report->clear();
    } else {
        const QString url = m_model->instances().at(row).url;
        m_detailTitle->setText(
            tr("%1: hit ratio over the last 15 minutes")
                .arg(m_model->data(m_model->index(row, RedisServersModel::ServerColumn)).toString()));
        const auto report = m_reports.constFind(url);
        if (report != m_reports.constEnd())
            m_report->setHtml(*report);
        else if (m_analysisUrl != url || !m_analysis)
            m_report->setPlainText(tr("Analyse samples up to 2,000 keys and 5 s of key accesses, then shows "
                                      "latency percentiles, the slow log, the biggest keys and recommendations."));
    }
    updateChart();
    updateButtons();
}

void RedisServersTab::updateChart()
{
    const int row = selectedRow();
    const QList<QPointF> history = m_model->hitRatioHistory(row);
    QVector<double> x, y;
    for (const QPointF& p : history) {
        x << p.x();
        y << p.y() * 100.0;
    }
    m_chart->graph(0)->setData(x, y, true);
    const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    m_chart->xAxis->setRange(now - double(RedisServersModel::kHistoryMs) / 1000.0, now);
    m_chart->replot(QCustomPlot::rpQueuedReplot);
}

void RedisServersTab::analyseSelected()
{
    const int row = selectedRow();
    if (row < 0 || m_analysis)
        return;
    const RedisInstance instance = m_model->instances().at(row);
    m_analysis = std::make_shared<AnalysisState>();
    m_analysisUrl = instance.url;
    m_reports.remove(instance.url);
    m_report->setPlainText(tr("Analysing…"));
    m_progress->setValue(0);
    m_stage->setText(tr("connecting"));
    m_progressTimer.start();
    updateButtons();

    auto* watcher = new QFutureWatcher<AnalysisOutcome>(this);
    connect(watcher, &QFutureWatcher<AnalysisOutcome>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const AnalysisOutcome outcome = watcher->result();
        const bool stopped = m_analysis && m_analysis->stop;
        m_analysis.reset();
        m_progressTimer.stop();
        QString html;
        if (outcome.result)
            html
                = (stopped ? QStringLiteral("<p><b>%1</b></p>").arg(esc(tr("Cancelled: the samples are partial.")))
                           : QString())
                + reportHtml(*outcome.result);
        else
            html = QStringLiteral("<p><b>%1</b></p>").arg(esc(tr("The analysis failed: %1").arg(outcome.error)));
        if (m_model->rowOfUrl(outcome.url) >= 0)
            m_reports.insert(outcome.url, html);
        m_stage->setText(outcome.result ? (stopped ? tr("cancelled") : tr("done")) : tr("failed"));
        updateDetail();
        emit analysisFinished(outcome.result.has_value());
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [instance, state = m_analysis]() {
        AnalysisOutcome out;
        out.url = instance.url;
        const auto endpoint = resolve(instance, &out.error);
        if (!endpoint)
            return out;
        analytics::InspectOptions options;
        options.keys.maxKeys = 2000;
        options.sampleAccesses = true;
        options.accesses.durationMs = 5000;
        out.result = analytics::RedisInspector::run(
            *endpoint, options, &out.error, &state->stop, [state](const QString& stage, double fraction) {
                // The inspector reports a fraction per stage; the bar shows the whole run, weighted by
                // how long each stage takes with these options (the key sample ~3 s, MONITOR 5 s).
                struct Stage
                {
                    const char* name;
                    double start, weight;
                    const char* text;
                };
                static const Stage stages[] = {
                    { "connect", 0.0, 0.02, QT_TR_NOOP("connecting") },
                    { "info", 0.02, 0.1, QT_TR_NOOP("reading INFO twice") },
                    { "latency", 0.12, 0.02, QT_TR_NOOP("latency percentiles") },
                    { "slowlog", 0.14, 0.02, QT_TR_NOOP("slow log") },
                    { "keys", 0.16, 0.3, QT_TR_NOOP("sampling keys") },
                    { "accesses", 0.46, 0.52, QT_TR_NOOP("sampling key accesses (MONITOR)") },
                    { "done", 1.0, 0.0, QT_TR_NOOP("recommending") },
                };
                QMutexLocker lock(&state->mutex);
                state->stage = stage;
                for (const Stage& s : stages) {
                    if (stage == QLatin1String(s.name)) {
                        state->stage = tr(s.text);
                        state->fraction = s.start + s.weight * std::clamp(fraction, 0.0, 1.0);
                    }
                }
            });
        return out;
    }));
}

void RedisServersTab::cancelAnalysis()
{
    if (!m_analysis)
        return;
    m_analysis->stop = true;
    m_stage->setText(tr("cancelling…"));
    m_cancelButton->setEnabled(false);
}

void RedisServersTab::showAnalysisProgress()
{
    if (!m_analysis)
        return;
    QMutexLocker lock(&m_analysis->mutex);
    m_progress->setValue(int(std::clamp(m_analysis->fraction, 0.0, 1.0) * 1000));
    if (!m_analysis->stop)
        m_stage->setText(m_analysis->stage);
}
