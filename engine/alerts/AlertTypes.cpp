#include "alerts/AlertTypes.h"

#include <array>
#include <utility>

namespace opsdeck::alerts {

namespace {

template <typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char*>, N>& table, Enum value)
{
    for (const auto& [e, name] : table) {
        if (e == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<std::pair<Enum, const char*>, N>& table, QStringView name)
{
    for (const auto& [e, n] : table) {
        if (name.compare(QLatin1String(n), Qt::CaseInsensitive) == 0)
            return e;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<Severity, const char*>, 3> kSeverities { {
    { Severity::Critical, "critical" },
    { Severity::Warning, "warning" },
    { Severity::Info, "info" },
} };

constexpr std::array<std::pair<AlertState, const char*>, 6> kStates { {
    { AlertState::Inactive, "inactive" },
    { AlertState::Pending, "pending" },
    { AlertState::Firing, "firing" },
    { AlertState::Resolved, "resolved" },
    { AlertState::NoData, "nodata" },
    { AlertState::Error, "error" },
} };

constexpr std::array<std::pair<ReceiverType, const char*>, 5> kReceiverTypes { {
    { ReceiverType::Webhook, "webhook" },
    { ReceiverType::Slack, "slack" },
    { ReceiverType::PagerDuty, "pagerduty" },
    { ReceiverType::Email, "email" },
    { ReceiverType::Sms, "sms" },
} };

} // namespace

QByteArray alertFingerprint(const metrics::Labels& labels)
{
    constexpr quint64 kOffset = 14695981039346656037ULL;
    constexpr quint64 kPrime = 1099511628211ULL;
    quint64 h = kOffset;
    const auto add = [&h](QByteArrayView bytes) {
        for (const char c : bytes) {
            h ^= static_cast<quint8>(c);
            h *= kPrime;
        }
    };
    const auto addSeparator = [&h] {
        h ^= 0xffU;
        h *= kPrime;
    };
    for (const metrics::Label& label : labels) {
        add(label.name);
        addSeparator();
        add(label.value);
        addSeparator();
    }
    return QByteArray::number(h, 16).rightJustified(16, '0');
}

QString severityName(Severity severity)
{
    return nameOf(kSeverities, severity);
}
std::optional<Severity> severityFromName(QStringView name)
{
    return fromName(kSeverities, name);
}
QString alertStateName(AlertState state)
{
    return nameOf(kStates, state);
}
std::optional<AlertState> alertStateFromName(QStringView name)
{
    return fromName(kStates, name);
}
QString receiverTypeName(ReceiverType type)
{
    return nameOf(kReceiverTypes, type);
}
std::optional<ReceiverType> receiverTypeFromName(QStringView name)
{
    return fromName(kReceiverTypes, name);
}

} // namespace opsdeck::alerts
