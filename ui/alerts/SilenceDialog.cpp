#include "alerts/SilenceDialog.h"

#include "alerts/Matchers.h"
#include "alerts/SilenceRepository.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

using opsdeck::alerts::Alert;
using opsdeck::alerts::Silence;
using opsdeck::metrics::LabelMatcher;

namespace {
const QString kErrorStyle = QStringLiteral("color: #c62828;");
constexpr qint64 kHourMs = 3600'000;

// One matcher per line reads best, but Alertmanager's one-line list works
// too: lines are joined with commas before parsing.
QString joinedMatcherText(const QString& text)
{
    QStringList parts;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (QString line : lines) {
        line = line.trimmed();
        while (line.endsWith(QLatin1Char(',')))
            line.chop(1);
        if (!line.isEmpty())
            parts.append(line);
    }
    return parts.join(QLatin1Char(','));
}

bool matchesAll(const QList<LabelMatcher>& matchers, const opsdeck::metrics::Labels& labels)
{
    for (const LabelMatcher& m : matchers) {
        if (!m.matches(labels.value(m.name())))
            return false;
    }
    return true;
}
} // namespace

SilenceDialog::SilenceDialog(QWidget* parent)
    : QDialog(parent)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_matchers(new QPlainTextEdit(this))
    , m_start(new QDateTimeEdit(this))
    , m_duration(new QComboBox(this))
    , m_end(new QDateTimeEdit(this))
    , m_author(new QLineEdit(osUserName(), this))
    , m_comment(new QPlainTextEdit(this))
    , m_affects(new QLabel(this))
    , m_validation(new QLabel(this))
{
    setObjectName(QStringLiteral("silenceDialog"));
    setWindowTitle(tr("New silence"));
    setMinimumWidth(520);

    m_matchers->setObjectName(QStringLiteral("silenceMatchers"));
    m_matchers->setPlaceholderText(tr("alertname=\"HostDown\"\ninstance=~\"web-.*\""));
    m_matchers->setToolTip(tr("One matcher per line (or a comma-separated list): name=\"value\", name!=\"value\", "
                              "name=~\"regex\", name!~\"regex\". An alert is silenced when all of them match."));
    m_matchers->setTabChangesFocus(true);
    m_matchers->setFixedHeight(m_matchers->fontMetrics().lineSpacing() * 5 + 12);

    m_start->setObjectName(QStringLiteral("silenceStart"));
    m_start->setCalendarPopup(true);
    m_start->setDateTime(QDateTime::fromMSecsSinceEpoch(m_now()));

    m_duration->setObjectName(QStringLiteral("silenceDuration"));
    m_duration->addItem(tr("1 hour"), kHourMs);
    m_duration->addItem(tr("4 hours"), 4 * kHourMs);
    m_duration->addItem(tr("1 day"), 24 * kHourMs);
    m_duration->addItem(tr("Custom end…"), 0);
    m_duration->setCurrentIndex(OneHour);

    m_end->setObjectName(QStringLiteral("silenceEnd"));
    m_end->setCalendarPopup(true);

    m_author->setObjectName(QStringLiteral("silenceAuthor"));
    m_comment->setObjectName(QStringLiteral("silenceComment"));
    m_comment->setPlaceholderText(tr("Why, and until when (e.g. \"disk swap on web-3, ticket OPS-112\")"));
    m_comment->setTabChangesFocus(true);
    m_comment->setFixedHeight(m_comment->fontMetrics().lineSpacing() * 3 + 12);

    m_affects->setObjectName(QStringLiteral("silenceAffects"));
    m_affects->setWordWrap(true);
    m_validation->setObjectName(QStringLiteral("silenceValidation"));
    m_validation->setStyleSheet(kErrorStyle);
    m_validation->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Matchers:"), m_matchers);
    form->addRow(QString(), m_affects);
    form->addRow(tr("&Starts:"), m_start);
    form->addRow(tr("&Duration:"), m_duration);
    form->addRow(tr("&Ends:"), m_end);
    form->addRow(tr("&Author:"), m_author);
    form->addRow(tr("&Comment:"), m_comment);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Create silence"));
    m_ok->setObjectName(QStringLiteral("silenceOk"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_validation);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty()) // time may have passed since the last check
            accept();
        else
            validate();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &SilenceDialog::reject);
    connect(m_matchers, &QPlainTextEdit::textChanged, this, &SilenceDialog::validate);
    connect(m_comment, &QPlainTextEdit::textChanged, this, &SilenceDialog::validate);
    connect(m_author, &QLineEdit::textChanged, this, &SilenceDialog::validate);
    connect(m_start, &QDateTimeEdit::dateTimeChanged, this, [this] {
        m_startEdited = true;
        presetChanged();
    });
    connect(m_end, &QDateTimeEdit::dateTimeChanged, this, &SilenceDialog::validate);
    connect(m_duration, &QComboBox::currentIndexChanged, this, &SilenceDialog::presetChanged);

    presetChanged();
    m_startEdited = false; // presetChanged() above is not the operator's edit
}

QString SilenceDialog::osUserName()
{
    for (const char* name : { "USER", "LOGNAME", "USERNAME" }) {
        const QString value = qEnvironmentVariable(name).trimmed();
        if (!value.isEmpty())
            return value;
    }
#ifdef Q_OS_UNIX
    // Services and containers often run without USER; the account still has a name.
    if (const passwd* account = getpwuid(getuid()); account && account->pw_name)
        return QString::fromLocal8Bit(account->pw_name);
#endif
    return QString();
}

void SilenceDialog::setNow(std::function<qint64()> now)
{
    m_now = std::move(now);
    if (!m_startEdited) {
        const QSignalBlocker block(m_start);
        m_start->setDateTime(QDateTime::fromMSecsSinceEpoch(m_now()));
    }
    presetChanged();
}

void SilenceDialog::prefillFrom(const Alert& alert)
{
    QStringList lines;
    for (const auto& label : alert.labels)
        lines.append(
            opsdeck::alerts::formatMatcher(LabelMatcher(LabelMatcher::Type::Equal, label.name, label.value)));
    m_matchers->setPlainText(lines.join(QLatin1Char('\n')));
    setWindowTitle(tr("Silence %1").arg(alert.ruleName));
    m_comment->setFocus();
}

void SilenceDialog::setCurrentAlerts(const QList<Alert>& alerts)
{
    m_alerts = alerts;
    validate();
}

qint64 SilenceDialog::startMs() const
{
    return m_startEdited ? m_start->dateTime().toMSecsSinceEpoch() : m_now();
}

qint64 SilenceDialog::endMs() const
{
    const qint64 preset = m_duration->currentData().toLongLong();
    if (preset > 0)
        return startMs() + preset;
    return m_end->dateTime().toMSecsSinceEpoch();
}

void SilenceDialog::presetChanged()
{
    const bool custom = m_duration->currentIndex() == CustomEnd;
    m_end->setEnabled(custom);
    if (!custom) {
        // Shows when a preset ends; a later switch to "Custom end…" starts from it.
        const QSignalBlocker block(m_end);
        m_end->setDateTime(QDateTime::fromMSecsSinceEpoch(endMs()));
    }
    validate();
}

Silence SilenceDialog::silence() const
{
    Silence s;
    QString error;
    if (const auto matchers = opsdeck::alerts::parseMatchers(joinedMatcherText(m_matchers->toPlainText()), &error))
        s.matchers = *matchers;
    s.startsAtMs = startMs();
    s.endsAtMs = endMs();
    s.createdBy = m_author->text().trimmed();
    s.comment = m_comment->toPlainText().trimmed();
    s.createdAtMs = m_now();
    return s;
}

QString SilenceDialog::problem() const
{
    const QString text = joinedMatcherText(m_matchers->toPlainText());
    if (text.isEmpty())
        return tr("Enter at least one matcher.");
    QString error;
    const auto matchers = opsdeck::alerts::parseMatchers(text, &error);
    if (!matchers)
        return tr("Matchers: %1").arg(error);
    const Silence s = silence();
    if (s.endsAtMs <= m_now())
        return tr("The end is in the past: the silence would never be active.");
    if (const QString why = opsdeck::alerts::SilenceRepository::validateSilence(s); !why.isEmpty())
        return why;
    if (s.createdBy.isEmpty())
        return tr("Enter who creates the silence.");
    if (s.comment.isEmpty())
        return tr("Enter a comment: say why the alerts are silenced.");
    return QString();
}

void SilenceDialog::validate()
{
    const QString why = problem();
    m_validation->setText(why.isEmpty() ? QString() : tr("\u2717 %1").arg(why));
    m_validation->setVisible(!why.isEmpty());
    if (m_ok)
        m_ok->setEnabled(why.isEmpty());

    QString error;
    const auto matchers = opsdeck::alerts::parseMatchers(joinedMatcherText(m_matchers->toPlainText()), &error);
    if (!matchers || matchers->isEmpty() || m_alerts.isEmpty()) {
        m_affects->clear();
        m_affects->hide();
        return;
    }
    int open = 0;
    int hit = 0;
    for (const Alert& alert : std::as_const(m_alerts)) {
        if (!alert.isOpen())
            continue;
        ++open;
        if (matchesAll(*matchers, alert.labels))
            ++hit;
    }
    m_affects->setText(hit == 0 ? tr("Matches none of the %n open alert(s).", nullptr, open)
                                : tr("Silences %1 of the %n open alert(s).", nullptr, open).arg(hit));
    m_affects->show();
}
