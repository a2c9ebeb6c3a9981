#include "Engine.h"

#include "alerts/AlertService.h"

#include "metrics/SeriesStore.h"
#include "storage/Database.h"
#include "scrape/ScrapeTargetRepository.h"
#include "storage/StateWriter.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcEngine, "opsdeck.engine")

namespace opsdeck {

Engine::Engine(EngineOptions options, QObject* parent)
    : QObject(parent), m_options(std::move(options))
{
}

Engine::~Engine()
{
    // Alerting reads the store and posts state writes: stop it first; the
    // scrape thread writes to the store: stop it next. Pending state writes
    // finish before the writer's connection closes.
    m_alerts.reset();
    // Its queued jobs read the store and use the state writer: before both.
    m_rollups.reset();
    m_scrape.reset();
    m_store.reset();
    m_stateWriter.reset();
}

bool Engine::start()
{
    QString dir = m_options.dataDirectory;
    if (dir.isEmpty())
        dir = storage::Database::defaultDirectory();
    if (dir.isEmpty()) {
        m_error = tr("Cannot create the data folder for OpsDeck's state database.");
        return false;
    }
    auto database = std::make_unique<storage::Database>();
    if (!database->open(dir)) {
        m_error = database->lastError();
        return false;
    }
    scrape::ScrapeTargetRepository targets(*database);
    auto stored = m_options.targets ? std::optional<QList<scrape::ScrapeTarget>>(*m_options.targets) : targets.list();
    if (!stored) {
        m_error = targets.lastError();
        return false;
    }
    if (m_options.targets) {
        for (qsizetype i = 0; i < stored->size(); ++i)
            (*stored)[i].id = i + 1;
    }

    auto writer = std::make_unique<storage::StateWriter>(*database);
    if (!writer->isOpen()) {
        m_error = writer->errorString();
        return false;
    }

    m_database = std::move(database);
    m_stateWriter = std::move(writer);
    m_store = std::make_unique<metrics::SeriesStore>();
    scrape::ScrapeManagerOptions scrapeOptions;
    QList<scrape::ScrapeTarget> enabled;
    for (const scrape::ScrapeTarget& t : *stored) {
        if (t.enabled)
            enabled.append(t);
    }
    // With stored targets, WhenNoTargets starts Off and is switched on after
    // the targets are queued, so this machine's row does not flash up at start.
    const bool deferLocal = m_options.localSource == scrape::LocalSourceMode::WhenNoTargets && !enabled.isEmpty();
    scrapeOptions.localSource = deferLocal ? scrape::LocalSourceMode::Off : m_options.localSource;
    m_scrape = std::make_unique<scrape::ScrapeManager>(m_store.get(), scrapeOptions);

    const QList<scrape::TargetKey> keys = m_scrape->setTargets(enabled);
    if (deferLocal)
        m_scrape->setLocalSourceMode(m_options.localSource, scrapeOptions.localIntervalMs);
    for (const scrape::ScrapeTarget& t : *stored)
        m_targets.insert(t.id, t);
    for (qsizetype i = 0; i < enabled.size() && i < keys.size(); ++i) {
        if (keys.at(i) != 0)
            m_keys.insert(enabled.at(i).id, keys.at(i));
    }

    // Capacity rollups read the store the scrape manager fills and write
    // through the state writer, never on this thread.
    m_rollups = std::make_unique<capacity::RollupWriter>(m_store.get(), m_stateWriter.get(), m_options.clock,
                                                         m_options.rollups);
    m_rollups->start();

    AlertServiceOptions alertOptions;
    alertOptions.clock = m_options.clock;
    m_alerts = std::make_unique<AlertService>(m_store.get(), m_scrape.get(), m_stateWriter.get(), alertOptions);
    m_alerts->setConfig(m_options.alerting);
    if (!m_alerts->start(*m_database)) {
        m_error = m_alerts->errorString();
        return false;
    }
    qCInfo(lcEngine) << "engine started with state in" << m_database->filePath() << "and" << enabled.size()
                     << "enabled targets";
    return true;
}

namespace {

bool sameSource(const scrape::ScrapeTarget& a, const scrape::ScrapeTarget& b)
{
    return a.url == b.url && a.job == b.job && a.effectiveInstance() == b.effectiveInstance();
}

struct EditOutcome
{
    qint64 id = 0;
    QString error;
};

} // namespace

QList<scrape::ScrapeTarget> Engine::targets() const
{
    return m_targets.values();
}

std::optional<scrape::ScrapeTarget> Engine::target(qint64 id) const
{
    const auto it = m_targets.constFind(id);
    if (it == m_targets.constEnd())
        return std::nullopt;
    return *it;
}

QString Engine::checkTarget(const scrape::ScrapeTarget& target, qint64 exceptId) const
{
    if (const QString invalid = target.validate(); !invalid.isEmpty())
        return invalid;
    for (const scrape::ScrapeTarget& other : m_targets) {
        if (other.id != exceptId && sameSource(other, target))
            return tr("this URL is already configured as job \"%1\", instance \"%2\" (target %3)")
                .arg(target.job, target.effectiveInstance())
                .arg(other.id);
    }
    return {};
}

void Engine::finishEdit(QObject* context, const TargetDone& done, qint64 id, const QString& error)
{
    if (!context || !done)
        return;
    if (context->thread() == thread()) {
        done(id, error);
        return;
    }
    QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(
        context,
        [guard, done, id, error]() {
            if (guard)
                done(id, error);
        },
        Qt::QueuedConnection);
}

void Engine::applyStored(const scrape::ScrapeTarget& target)
{
    m_targets.insert(target.id, target);
    const scrape::TargetKey key = m_keys.value(target.id, 0);
    if (!target.enabled) {
        if (key != 0) {
            m_scrape->removeTarget(key);
            m_keys.remove(target.id);
        }
        return;
    }
    QString error;
    if (key != 0) {
        if (!m_scrape->updateTarget(key, target, &error))
            qCWarning(lcEngine) << "stored target" << target.id << "not applied:" << error;
        return;
    }
    // The local source stops by itself once a target exists (LocalSourceMode::WhenNoTargets).
    const scrape::TargetKey added = m_scrape->addTarget(target, &error);
    if (added != 0)
        m_keys.insert(target.id, added);
    else
        qCWarning(lcEngine) << "stored target" << target.id << "not applied:" << error;
}

void Engine::applyRemoved(qint64 id)
{
    m_targets.remove(id);
    // The last removed target brings the local source back (WhenNoTargets).
    if (const scrape::TargetKey key = m_keys.take(id); key != 0)
        m_scrape->removeTarget(key);
}

void Engine::addTarget(const scrape::ScrapeTarget& target, QObject* context, TargetDone done)
{
    if (!m_stateWriter)
        return finishEdit(context, done, 0, tr("The engine is not running."));
    if (const QString problem = checkTarget(target); !problem.isEmpty()) {
        qCWarning(lcEngine).noquote() << "not adding target" << target.url.toDisplayString() << ":" << problem;
        return finishEdit(context, done, 0, problem);
    }
    QPointer<QObject> guard(context);
    m_stateWriter->run<EditOutcome>(
        [target](storage::Database& db) {
            scrape::ScrapeTargetRepository repo(db);
            const auto id = repo.add(target);
            return id ? EditOutcome { *id, {} } : EditOutcome { 0, repo.lastError() };
        },
        this,
        [this, target, guard, done](EditOutcome outcome) {
            if (outcome.id != 0) {
                scrape::ScrapeTarget stored = target;
                stored.id = outcome.id;
                applyStored(stored);
                qCInfo(lcEngine) << "added target" << outcome.id << target.url.toDisplayString();
                emit targetsEdited();
            }
            finishEdit(guard, done, outcome.id, outcome.error);
        });
}

void Engine::updateTarget(const scrape::ScrapeTarget& target, QObject* context, TargetDone done)
{
    if (!m_stateWriter)
        return finishEdit(context, done, 0, tr("The engine is not running."));
    if (!m_targets.contains(target.id))
        return finishEdit(context, done, 0, tr("There is no stored target with id %1.").arg(target.id));
    if (const QString problem = checkTarget(target, target.id); !problem.isEmpty()) {
        qCWarning(lcEngine).noquote() << "not updating target" << target.id << ":" << problem;
        return finishEdit(context, done, 0, problem);
    }
    QPointer<QObject> guard(context);
    m_stateWriter->run<EditOutcome>(
        [target](storage::Database& db) {
            scrape::ScrapeTargetRepository repo(db);
            return repo.update(target) ? EditOutcome { target.id, {} } : EditOutcome { 0, repo.lastError() };
        },
        this,
        [this, target, guard, done](EditOutcome outcome) {
            if (outcome.id != 0) {
                applyStored(target);
                qCInfo(lcEngine) << "updated target" << target.id << target.url.toDisplayString();
                emit targetsEdited();
            }
            finishEdit(guard, done, outcome.id, outcome.error);
        });
}

void Engine::removeTarget(qint64 id, QObject* context, TargetDone done)
{
    if (!m_stateWriter)
        return finishEdit(context, done, 0, tr("The engine is not running."));
    if (!m_targets.contains(id))
        return finishEdit(context, done, 0, tr("There is no stored target with id %1.").arg(id));
    QPointer<QObject> guard(context);
    m_stateWriter->run<EditOutcome>(
        [id](storage::Database& db) {
            scrape::ScrapeTargetRepository repo(db);
            return repo.remove(id) ? EditOutcome { id, {} } : EditOutcome { 0, repo.lastError() };
        },
        this,
        [this, id, guard, done](EditOutcome outcome) {
            if (outcome.id != 0) {
                applyRemoved(id);
                qCInfo(lcEngine) << "removed target" << id;
                emit targetsEdited();
            }
            finishEdit(guard, done, outcome.id, outcome.error);
        });
}

} // namespace opsdeck
