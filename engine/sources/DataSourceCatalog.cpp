#include "sources/DataSourceCatalog.h"

#include "sources/DataSourceRepository.h"
#include "storage/StateWriter.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QThreadPool>

#include <algorithm>

Q_LOGGING_CATEGORY(lcSources, "opsdeck.sources")

namespace opsdeck::sources {

namespace {

qsizetype indexOf(const QList<query::RemoteSourceConfig>& list, const QString& name)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (list.at(i).name == name)
            return i;
    }
    return -1;
}

} // namespace

DataSourceCatalog::DataSourceCatalog(
    query::DataSourceRegistry* registry, storage::StateWriter* writer, QObject* parent)
    : QObject(parent)
    , m_registry(registry)
    , m_writer(writer)
{ }

void DataSourceCatalog::setInitial(
    const QList<query::RemoteSourceConfig>& fromFile, const QList<query::RemoteSourceConfig>& stored)
{
    m_fromFile = fromFile;
    m_stored.clear();
    for (const auto& config : stored) {
        if (indexOf(m_fromFile, config.name) >= 0) {
            qCWarning(lcSources).noquote() << "stored data source" << config.name
                                           << "is shadowed by the one of the same name in the config file";
            continue;
        }
        m_stored.append(config);
    }
    apply();
}

QList<DataSourceEntry> DataSourceCatalog::sources() const
{
    QList<DataSourceEntry> out;
    for (const auto& c : m_fromFile)
        out.append(DataSourceEntry { c, true });
    for (const auto& c : m_stored)
        out.append(DataSourceEntry { c, false });
    std::sort(out.begin(), out.end(),
        [](const DataSourceEntry& a, const DataSourceEntry& b) { return a.config.name < b.config.name; });
    return out;
}

QString DataSourceCatalog::check(const query::RemoteSourceConfig& config, const QString& previousName) const
{
    if (const QString invalid = query::DataSourceRegistry::validate(config); !invalid.isEmpty())
        return invalid;
    if (!previousName.isEmpty() && indexOf(m_stored, previousName) < 0)
        return tr("There is no stored data source \"%1\".").arg(previousName);
    if (indexOf(m_fromFile, config.name) >= 0 || indexOf(m_fromFile, previousName) >= 0)
        return tr("\"%1\" is configured in the engine's config file; change it there.").arg(config.name);
    if (config.name != previousName && indexOf(m_stored, config.name) >= 0)
        return tr("A data source named \"%1\" already exists.").arg(config.name);
    return {};
}

void DataSourceCatalog::apply()
{
    m_registry->setRemoteSources(m_fromFile + m_stored);
}

void DataSourceCatalog::finish(QObject* context, const Done& done, const QString& error)
{
    if (!context || !done)
        return;
    QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(
        context,
        [guard, done, error]() {
            if (guard)
                done(error);
        },
        context->thread() == thread() ? Qt::DirectConnection : Qt::QueuedConnection);
}

void DataSourceCatalog::save(
    const query::RemoteSourceConfig& config, const QString& previousName, QObject* context, Done done)
{
    if (const QString problem = check(config, previousName); !problem.isEmpty())
        return finish(context, done, problem);
    if (!m_writer)
        return finish(context, done, tr("There is no state database to store data sources in."));
    QPointer<QObject> guard(context);
    m_writer->run<QString>(
        [config, previousName](storage::Database& db) {
            DataSourceRepository repo(db);
            return repo.save(config, previousName) ? QString() : repo.lastError();
        },
        this,
        [this, config, previousName, guard, done](const QString& error) {
            if (error.isEmpty()) {
                const qsizetype at = indexOf(m_stored, previousName.isEmpty() ? config.name : previousName);
                if (at >= 0)
                    m_stored[at] = config;
                else
                    m_stored.append(config);
                apply();
                qCInfo(lcSources).noquote() << "stored data source" << config.name << config.url.toDisplayString();
                emit sourcesEdited();
            }
            finish(guard, done, error);
        });
}

void DataSourceCatalog::remove(const QString& name, QObject* context, Done done)
{
    if (indexOf(m_fromFile, name) >= 0)
        return finish(
            context, done, tr("\"%1\" is configured in the engine's config file; change it there.").arg(name));
    if (indexOf(m_stored, name) < 0)
        return finish(context, done, tr("There is no stored data source \"%1\".").arg(name));
    if (!m_writer)
        return finish(context, done, tr("There is no state database to store data sources in."));
    QPointer<QObject> guard(context);
    m_writer->run<QString>(
        [name](storage::Database& db) {
            DataSourceRepository repo(db);
            return repo.remove(name) ? QString() : repo.lastError();
        },
        this,
        [this, name, guard, done](const QString& error) {
            if (error.isEmpty()) {
                m_stored.removeAt(indexOf(m_stored, name));
                apply();
                qCInfo(lcSources).noquote() << "removed data source" << name;
                emit sourcesEdited();
            }
            finish(guard, done, error);
        });
}

void DataSourceCatalog::test(const query::RemoteSourceConfig& config, QObject* context, TestDone done) const
{
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([config, guard, done]() {
        const query::BuildInfo info = query::PrometheusQuerySource(config).buildInfo();
        if (!guard)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, done, info]() {
                if (guard && done)
                    done(info);
            },
            Qt::QueuedConnection);
    });
}

} // namespace opsdeck::sources
