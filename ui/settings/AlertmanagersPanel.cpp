#include "AlertmanagersPanel.h"

#include "alerts/AlertmanagerForwarder.h"
#include "alerts/AlertService.h"
#include "StatusLine.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
enum Column { UrlColumn, AuthColumn, TimeoutColumn };
}

AlertmanagersPanel::AlertmanagersPanel(opsdeck::AlertService* alerts, QWidget* parent)
    : QWidget(parent)
    , m_alerts(alerts)
    , m_list(new QTreeWidget(this))
    , m_test(new QPushButton(tr("&Test"), this))
    , m_status(new StatusLine(this))
{
    setObjectName(QStringLiteral("alertmanagersPanel"));
    m_list->setObjectName(QStringLiteral("alertmanagerList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({ tr("Alertmanager"), tr("Authentication"), tr("Timeout") });
    m_list->header()->setSectionResizeMode(UrlColumn, QHeaderView::Stretch);
    m_list->setMinimumWidth(640);
    m_list->setMaximumHeight(120);
    m_test->setObjectName(QStringLiteral("alertmanagerTest"));
    m_status->setObjectName(QStringLiteral("alertmanagerStatus"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_test);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_test, &QPushButton::clicked, this, &AlertmanagersPanel::testSelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this,
        [this] { m_test->setEnabled(!m_list->selectedItems().isEmpty()); });
    reload();
}

void AlertmanagersPanel::reload()
{
    m_list->clear();
    const QList<opsdeck::alerts::AlertmanagerConfig> ams
        = m_alerts ? m_alerts->config().alertmanagers : QList<opsdeck::alerts::AlertmanagerConfig> {};
    const QLocale locale;
    for (const auto& am : ams) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(UrlColumn, am.url);
        item->setText(AuthColumn,
            !am.bearerToken.isEmpty()         ? tr("bearer token")
                : !am.basicAuthUser.isEmpty() ? tr("basic auth (%1)").arg(am.basicAuthUser)
                                              : tr("none"));
        item->setText(TimeoutColumn, tr("%1 s").arg(locale.toString(double(am.timeoutMs) / 1000.0, 'g', 3)));
    }
    for (int i = AuthColumn; i < m_list->columnCount(); ++i)
        m_list->resizeColumnToContents(i);
    m_test->setEnabled(!m_list->selectedItems().isEmpty());
    if (!m_alerts)
        m_status->report(tr("The engine is not running: no alerts are forwarded."), StatusLine::Tone::Error);
    else if (ams.isEmpty())
        m_status->report(tr("No Alertmanagers: alerts are not forwarded. List them under alerting.alertmanagers "
                            "in the notifications file."),
            StatusLine::Tone::Plain);
    else
        m_status->report(
            tr("Firing and resolved alerts are forwarded to %n Alertmanager(s).", nullptr, int(ams.size())),
            StatusLine::Tone::Plain);
}

void AlertmanagersPanel::testSelected()
{
    const int row = m_list->indexOfTopLevelItem(m_list->currentItem());
    const QList<opsdeck::alerts::AlertmanagerConfig> ams
        = m_alerts ? m_alerts->config().alertmanagers : QList<opsdeck::alerts::AlertmanagerConfig> {};
    if (row < 0 || row >= ams.size())
        return;
    const opsdeck::alerts::AlertmanagerConfig am = ams.at(row);
    const int generation = ++m_testGeneration;
    m_status->report(tr("Testing %1 …").arg(am.url), StatusLine::Tone::Plain);
    opsdeck::alerts::AlertmanagerForwarder::probe(
        am, this, [this, generation, url = am.url](const QString& version, const QString& error) {
            if (generation != m_testGeneration)
                return;
            if (error.isEmpty())
                m_status->report(tr("✔ %1: Alertmanager %2").arg(url, version), StatusLine::Tone::Ok);
            else
                m_status->report(tr("✖ %1: %2").arg(url, error), StatusLine::Tone::Error);
        });
}
