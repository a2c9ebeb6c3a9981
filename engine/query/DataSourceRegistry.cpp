#include "DataSourceRegistry.h"

#include <QReadLocker>
#include <QWriteLocker>

namespace opsdeck::query {

namespace {

// The registry never owns the local source: the engine does.
void keepAlive(const QuerySource*)
{ }

class MissingSource final : public QuerySource
{
public:
    explicit MissingSource(QString name)
        : m_name(std::move(name))
    { }

    QString name() const override { return m_name; }
    QueryResult instant(const QString&, qint64, const QueryOptions&) const override { return fail<QueryResult>(); }
    QueryResult range(const QString&, qint64, qint64, qint64, const QueryOptions&) const override
    {
        return fail<QueryResult>();
    }
    SeriesResult series(const QStringList&, qint64, qint64, const QueryOptions&) const override
    {
        return fail<SeriesResult>();
    }
    LabelsResult labelNames(const QStringList&, qint64, qint64, const QueryOptions&) const override
    {
        return fail<LabelsResult>();
    }
    LabelsResult labelValues(
        const QString&, const QStringList&, qint64, qint64, const QueryOptions&) const override
    {
        return fail<LabelsResult>();
    }

private:
    template <typename Result> Result fail() const
    {
        Result r;
        r.errorType = QStringLiteral("unavailable");
        r.error = DataSourceRegistry::tr("data source %1 is not configured").arg(m_name);
        return r;
    }

    QString m_name;
};

} // namespace

DataSourceRegistry::DataSourceRegistry(const QuerySource* local)
    : m_localSource(local, keepAlive)
    , m_local(m_localSource)
{ }

void DataSourceRegistry::setDecorator(Decorator decorator)
{
    QWriteLocker lock(&m_lock);
    m_decorator = std::move(decorator);
    m_local = m_decorator ? m_decorator(m_localSource, QStringLiteral("local"), nullptr) : m_localSource;
    for (auto it = m_remote.begin(); it != m_remote.end(); ++it) {
        const RemoteSourceConfig config = it->source->config();
        it->served = m_decorator ? m_decorator(it->source, it.key(), &config) : it->source;
    }
}

bool DataSourceRegistry::isLocalName(const QString& name)
{
    return name.isEmpty() || name == QLatin1String("local");
}

std::shared_ptr<const QuerySource> DataSourceRegistry::source(const QString& name) const
{
    QReadLocker lock(&m_lock);
    if (isLocalName(name))
        return m_local;
    const auto it = m_remote.constFind(name);
    return it == m_remote.cend() ? nullptr : it->served;
}

std::optional<RemoteSourceConfig> DataSourceRegistry::remoteConfig(const QString& name) const
{
    QReadLocker lock(&m_lock);
    const auto it = m_remote.constFind(name);
    if (it == m_remote.cend())
        return std::nullopt;
    return it->source->config();
}

std::shared_ptr<const QuerySource> DataSourceRegistry::resolve(const QString& name) const
{
    if (auto found = source(name))
        return found;
    return missing(name);
}

std::shared_ptr<const QuerySource> DataSourceRegistry::missing(const QString& name)
{
    return std::make_shared<const MissingSource>(name);
}

QStringList DataSourceRegistry::names() const
{
    QReadLocker lock(&m_lock);
    return m_remote.keys();
}

QList<RemoteSourceConfig> DataSourceRegistry::remoteConfigs() const
{
    QReadLocker lock(&m_lock);
    QList<RemoteSourceConfig> out;
    out.reserve(m_remote.size());
    for (const Remote& remote : m_remote)
        out.append(remote.source->config());
    return out;
}

void DataSourceRegistry::setRemoteSources(const QList<RemoteSourceConfig>& configs)
{
    QWriteLocker lock(&m_lock);
    QMap<QString, Remote> next;
    for (const RemoteSourceConfig& config : configs) {
        const auto old = m_remote.constFind(config.name);
        if (old != m_remote.cend() && old->source->config() == config) {
            next.insert(config.name, *old);
            continue;
        }
        Remote remote;
        remote.source = std::make_shared<const PrometheusQuerySource>(config);
        remote.served = m_decorator ? m_decorator(remote.source, config.name, &config) : remote.source;
        next.insert(config.name, remote);
    }
    m_remote = std::move(next);
}

QString DataSourceRegistry::validate(const RemoteSourceConfig& config)
{
    if (config.name.trimmed().isEmpty())
        return tr("A data source needs a name.");
    if (isLocalName(config.name))
        return tr("\"%1\" is the name of this engine's own data; choose another name.").arg(config.name);
    if (config.name != config.name.trimmed())
        return tr("The name \"%1\" starts or ends with a space.").arg(config.name);
    const QString scheme = config.url.scheme();
    if (!config.url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        || config.url.host().isEmpty())
        return tr("The URL \"%1\" is not an http:// or https:// address with a host.").arg(config.url.toString());
    if (config.type != QLatin1String("prometheus"))
        return tr("Unknown data source type \"%1\" (supported: prometheus).").arg(config.type);
    if (config.timeoutMs < 100 || config.timeoutMs > 10 * 60 * 1000)
        return tr("The timeout must be between 100 ms and 10 minutes.");
    if (config.basicUser.isEmpty() && !config.basicPassword.isEmpty())
        return tr("A basic-auth password needs a user name.");
    if (!config.bearerToken.isEmpty() && !config.basicUser.isEmpty())
        return tr("Use either a bearer token or basic auth, not both.");
    return {};
}

QList<SourceHealth> DataSourceRegistry::health() const
{
    const QReadLocker lock(&m_lock);
    QList<SourceHealth> out;
    out.reserve(m_remote.size());
    for (const Remote& remote : m_remote)
        out.append(remote.source->health());
    return out;
}

} // namespace opsdeck::query
