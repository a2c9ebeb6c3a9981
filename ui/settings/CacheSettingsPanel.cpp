#include "CacheSettingsPanel.h"

#include "ConsoleSettings.h"

#include "cache/ReplacementPolicy.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace {
const QString kErrorStyle = QStringLiteral("color: #c62828;");
} // namespace

CacheSettingsPanel::CacheSettingsPanel(ConsoleSettings* settings, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_enabled(new QCheckBox(tr("Cache the results of dashboard, rule preview and capacity queries"), this))
    , m_l1(new QCheckBox(tr("L1: in this console's memory"), this))
    , m_l1Size(new QSpinBox(this))
    , m_policy(new QComboBox(this))
    , m_l1Dynamic(
          new QCheckBox(tr("Size it from the measured miss-ratio curve (the budget is the ceiling)"), this))
    , m_redisUrl(new QLineEdit(this))
    , m_redisPassword(new QLineEdit(this))
    , m_l3(new QCheckBox(tr("L3: in this computer's database (survives a restart)"), this))
    , m_l3Size(new QSpinBox(this))
    , m_ttl(new QSpinBox(this))
    , m_freshness(new QSpinBox(this))
    , m_local(
          new QCheckBox(tr("Also cache this console's own data (results older than 2 scrape intervals)"), this))
    , m_status(new QLabel(this))
{
    using K = ConsoleSettings::Key;
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_enabled->setObjectName(QStringLiteral("cacheEnabled"));
    m_enabled->setChecked(settings->value(K::CacheEnabled).toBool());
    outer->addWidget(m_enabled);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    outer->addLayout(form);

    m_l1->setObjectName(QStringLiteral("cacheL1Enabled"));
    m_l1->setChecked(settings->value(K::CacheL1Enabled).toBool());
    form->addRow(m_l1);
    m_l1Size->setObjectName(QStringLiteral("cacheL1Size"));
    m_l1Size->setRange(1, 64 * 1024);
    m_l1Size->setSuffix(tr(" MiB"));
    m_l1Size->setValue(settings->value(K::CacheL1MaxMiB).toInt());
    form->addRow(tr("Memory budget:"), m_l1Size);
    m_policy->setObjectName(QStringLiteral("cacheL1Policy"));
    m_policy->addItem(tr("S3-FIFO (default: scan resistant)"), QStringLiteral("s3fifo"));
    m_policy->addItem(tr("W-TinyLFU (frequency-aware admission)"), QStringLiteral("tinylfu"));
    m_policy->addItem(tr("SIEVE"), QStringLiteral("sieve"));
    m_policy->addItem(tr("LRU"), QStringLiteral("lru"));
    m_policy->setCurrentIndex(qMax(0, m_policy->findData(settings->value(K::CacheL1Policy).toString())));
    form->addRow(tr("Eviction policy:"), m_policy);
    m_l1Dynamic->setObjectName(QStringLiteral("cacheL1Dynamic"));
    m_l1Dynamic->setChecked(settings->value(K::CacheL1Dynamic).toBool());
    form->addRow(QString(), m_l1Dynamic);

    m_redisUrl->setObjectName(QStringLiteral("cacheRedisUrl"));
    m_redisUrl->setText(settings->value(K::CacheRedisUrl).toString());
    m_redisUrl->setPlaceholderText(tr("redis://host:6379/0; empty = no L2"));
    m_redisUrl->setMinimumWidth(360);
    form->addRow(tr("L2 Redis URL:"), m_redisUrl);
    m_redisPassword->setObjectName(QStringLiteral("cacheRedisPasswordFile"));
    m_redisPassword->setText(settings->value(K::CacheRedisPasswordFile).toString());
    m_redisPassword->setPlaceholderText(tr("file holding the password; empty = none or the URL's"));
    m_redisPassword->setMinimumWidth(360);
    form->addRow(tr("Redis password file:"), m_redisPassword);

    m_l3->setObjectName(QStringLiteral("cacheL3Enabled"));
    m_l3->setChecked(settings->value(K::CacheL3Enabled).toBool());
    form->addRow(m_l3);
    m_l3Size->setObjectName(QStringLiteral("cacheL3Size"));
    m_l3Size->setRange(1, 1024 * 1024);
    m_l3Size->setSuffix(tr(" MiB"));
    m_l3Size->setValue(settings->value(K::CacheL3MaxMiB).toInt());
    form->addRow(tr("Database budget:"), m_l3Size);

    m_ttl->setObjectName(QStringLiteral("cacheTtl"));
    m_ttl->setRange(1, 24 * 30);
    m_ttl->setSuffix(tr(" h"));
    m_ttl->setValue(settings->value(K::CacheTtlHours).toInt());
    form->addRow(tr("Keep results for:"), m_ttl);
    m_freshness->setObjectName(QStringLiteral("cacheFreshness"));
    m_freshness->setRange(1, 24 * 60);
    m_freshness->setSuffix(tr(" min"));
    m_freshness->setValue(settings->value(K::CacheFreshnessMinutes).toInt());
    m_freshness->setToolTip(tr("Remote servers still receive late samples for a while: results newer than this "
                               "are always asked again and never cached."));
    form->addRow(tr("Never cache the last:"), m_freshness);
    m_local->setObjectName(QStringLiteral("cacheLocalSource"));
    m_local->setChecked(settings->value(K::CacheLocalSource).toBool());
    form->addRow(m_local);

    m_status->setObjectName(QStringLiteral("cacheSettingsStatus"));
    m_status->setWordWrap(true);
    outer->addWidget(m_status);
    auto* note = new QLabel(tr("A change applies when OpsDeck starts next."), this);
    note->setEnabled(false);
    outer->addWidget(note);
    outer->addStretch(1);

    for (QCheckBox* box : { m_enabled, m_l1, m_l1Dynamic, m_l3, m_local })
        connect(box, &QCheckBox::toggled, this, [this] {
            updateEnabled();
            save();
        });
    for (QSpinBox* spin : { m_l1Size, m_l3Size, m_ttl, m_freshness })
        connect(spin, &QSpinBox::valueChanged, this, &CacheSettingsPanel::save);
    connect(m_policy, &QComboBox::currentIndexChanged, this, &CacheSettingsPanel::save);
    for (QLineEdit* edit : { m_redisUrl, m_redisPassword })
        connect(edit, &QLineEdit::editingFinished, this, &CacheSettingsPanel::save);
    updateEnabled();
    checkUrl();
}

void CacheSettingsPanel::checkUrl()
{
    const QString text = m_redisUrl->text().trimmed();
    const QUrl url(text, QUrl::StrictMode);
    if (!text.isEmpty()
        && (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != QLatin1String("redis") && url.scheme() != QLatin1String("rediss")))) {
        m_status->setStyleSheet(kErrorStyle);
        m_status->setText(tr("The Redis URL must look like redis://[user:password@]host:port[/db]; "
                             "L2 stays off until it does."));
    } else {
        m_status->setStyleSheet(QString());
        m_status->clear();
    }
}

void CacheSettingsPanel::save()
{
    using K = ConsoleSettings::Key;
    checkUrl();
    m_settings->setValue(K::CacheEnabled, m_enabled->isChecked());
    m_settings->setValue(K::CacheL1Enabled, m_l1->isChecked());
    m_settings->setValue(K::CacheL1MaxMiB, m_l1Size->value());
    m_settings->setValue(K::CacheL1Policy, m_policy->currentData().toString());
    m_settings->setValue(K::CacheL1Dynamic, m_l1Dynamic->isChecked());
    m_settings->setValue(K::CacheRedisUrl, m_redisUrl->text().trimmed());
    m_settings->setValue(K::CacheRedisPasswordFile, m_redisPassword->text().trimmed());
    m_settings->setValue(K::CacheL3Enabled, m_l3->isChecked());
    m_settings->setValue(K::CacheL3MaxMiB, m_l3Size->value());
    m_settings->setValue(K::CacheTtlHours, m_ttl->value());
    m_settings->setValue(K::CacheFreshnessMinutes, m_freshness->value());
    m_settings->setValue(K::CacheLocalSource, m_local->isChecked());
}

void CacheSettingsPanel::updateEnabled()
{
    const bool on = m_enabled->isChecked();
    for (QWidget* w :
        std::initializer_list<QWidget*> { m_l1, m_redisUrl, m_redisPassword, m_l3, m_ttl, m_freshness, m_local })
        w->setEnabled(on);
    m_l1Size->setEnabled(on && m_l1->isChecked());
    m_policy->setEnabled(on && m_l1->isChecked());
    m_l1Dynamic->setEnabled(on && m_l1->isChecked());
    m_l3Size->setEnabled(on && m_l3->isChecked());
}
