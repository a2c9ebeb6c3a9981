#include "TargetCatalog.h"

#include "ScrapeLog.h"
#include "ScrapeTargetRepository.h"
#include "storage/StateWriter.h"

#include <QPointer>

namespace opsdeck::scrape {

TargetCatalog::TargetCatalog(ScrapeManager* manager, storage::StateWriter* writer, QObject* parent)
    : QObject(parent)
    , m_scrape(manager)
    , m_writer(writer)
{ }

void TargetCatalog::setInitial(
    const QList<ScrapeTarget>& stored, const QList<ScrapeTarget>& enabled, const QList<TargetKey>& keys)
{
    for (const ScrapeTarget& t : stored)
        m_targets.insert(t.id, t);
    for (qsizetype i = 0; i < enabled.size() && i < keys.size(); ++i) {
        if (keys.at(i) != 0)
            m_keys.insert(enabled.at(i).id, keys.at(i));
    }
}

namespace {

bool sameSource(const ScrapeTarget& a, const ScrapeTarget& b)
{
    return a.url == b.url && a.job == b.job && a.effectiveInstance() == b.effectiveInstance();
}

struct EditOutcome
{
    qint64 id = 0;
    QString error;
};

} // namespace

QList<ScrapeTarget> TargetCatalog::targets() const
{
    return m_targets.values();
}

std::optional<ScrapeTarget> TargetCatalog::target(qint64 id) const
{
    const auto it = m_targets.constFind(id);
    if (it == m_targets.constEnd())
        return std::nullopt;
    return *it;
}

QString TargetCatalog::checkTarget(const ScrapeTarget& target, qint64 exceptId) const
{
    if (const QString invalid = target.validate(); !invalid.isEmpty())
        return invalid;
    for (const ScrapeTarget& other : m_targets) {
        if (other.id != exceptId && sameSource(other, target))
            return tr("this URL is already configured as job \"%1\", instance \"%2\" (target %3)")
                .arg(target.job, target.effectiveInstance())
                .arg(other.id);
    }
    return {};
}

void TargetCatalog::finishEdit(QObject* context, const TargetDone& done, qint64 id, const QString& error)
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

void TargetCatalog::applyStored(const ScrapeTarget& target)
{
    m_targets.insert(target.id, target);
    const TargetKey key = m_keys.value(target.id, 0);
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
            qCWarning(lcScrape) << "stored target" << target.id << "not applied:" << error;
        return;
    }
    // The local source stops by itself once a target exists (LocalSourceMode::WhenNoTargets).
    const TargetKey added = m_scrape->addTarget(target, &error);
    if (added != 0)
        m_keys.insert(target.id, added);
    else
        qCWarning(lcScrape) << "stored target" << target.id << "not applied:" << error;
}

void TargetCatalog::applyRemoved(qint64 id)
{
    m_targets.remove(id);
    // The last removed target brings the local source back (WhenNoTargets).
    if (const TargetKey key = m_keys.take(id); key != 0)
        m_scrape->removeTarget(key);
}

void TargetCatalog::addTarget(const ScrapeTarget& target, QObject* context, TargetDone done)
{
    if (const QString problem = checkTarget(target); !problem.isEmpty()) {
        qCWarning(lcScrape).noquote() << "not adding target" << target.url.toDisplayString() << ":" << problem;
        return finishEdit(context, done, 0, problem);
    }
    QPointer<QObject> guard(context);
    m_writer->run<EditOutcome>(
        [target](storage::Database& db) {
            ScrapeTargetRepository repo(db);
            const auto id = repo.add(target);
            return id ? EditOutcome { *id, {} } : EditOutcome { 0, repo.lastError() };
        },
        this,
        [this, target, guard, done](EditOutcome outcome) {
            if (outcome.id != 0) {
                ScrapeTarget stored = target;
                stored.id = outcome.id;
                applyStored(stored);
                qCInfo(lcScrape) << "added target" << outcome.id << target.url.toDisplayString();
                emit targetsEdited();
            }
            finishEdit(guard, done, outcome.id, outcome.error);
        });
}

void TargetCatalog::updateTarget(const ScrapeTarget& target, QObject* context, TargetDone done)
{
    if (!m_targets.contains(target.id))
        return finishEdit(context, done, 0, tr("There is no stored target with id %1.").arg(target.id));
    if (const QString problem = checkTarget(target, target.id); !problem.isEmpty()) {
        qCWarning(lcScrape).noquote() << "not updating target" << target.id << ":" << problem;
        return finishEdit(context, done, 0, problem);
    }
    QPointer<QObject> guard(context);
    m_writer->run<EditOutcome>(
        [target](storage::Database& db) {
            ScrapeTargetRepository repo(db);
            return repo.update(target) ? EditOutcome { target.id, {} } : EditOutcome { 0, repo.lastError() };
        },
        this,
        [this, target, guard, done](EditOutcome outcome) {
            if (outcome.id != 0) {
                applyStored(target);
                qCInfo(lcScrape) << "updated target" << target.id << target.url.toDisplayString();
                emit targetsEdited();
            }
            finishEdit(guard, done, outcome.id, outcome.error);
        });
}

void TargetCatalog::removeTarget(qint64 id, QObject* context, TargetDone done)
{
    if (!m_targets.contains(id))
        return finishEdit(context, done, 0, tr("There is no stored target with id %1.").arg(id));
    QPointer<QObject> guard(context);
    m_writer->run<EditOutcome>(
        [id](storage::Database& db) {
            ScrapeTargetRepository repo(db);
            return repo.remove(id) ? EditOutcome { id, {} } : EditOutcome { 0, repo.lastError() };
        },
        this,
        [this, id, guard, done](EditOutcome outcome) {
            if (outcome.id != 0) {
                applyRemoved(id);
                qCInfo(lcScrape) << "removed target" << id;
                emit targetsEdited();
            }
            finishEdit(guard, done, outcome.id, outcome.error);
        });
}

} // namespace opsdeck::scrape
