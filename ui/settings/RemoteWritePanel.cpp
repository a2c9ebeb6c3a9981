#include "RemoteWritePanel.h"

#include "ConsoleSettings.h"
#include "Engine.h"
#include "FileRow.h"
#include "remotewrite/RemoteWriteSender.h"
#include "remotewrite/RemoteWriteService.h"
#include "StatusLine.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QtConcurrent/QtConcurrentRun>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

using opsdeck::remotewrite::RemoteWriteConfig;
using opsdeck::remotewrite::RemoteWriteSender;

namespace {
enum Column { NameColumn, UrlColumn, SentColumn, PendingColumn, BehindColumn, AnswerColumn };
}

RemoteWritePanel::RemoteWritePanel(ConsoleSettings* settings, opsdeck::Engine* engine, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_engine(engine)
    , m_file(new FileRow(QStringLiteral("remoteWriteConfig"),
          settings->value(ConsoleSettings::Key::RemoteWriteConfigFile).toString(),
          tr("remote_write: receivers (YAML), e.g. /etc/opsdeck/headless.yml"), tr("Remote write receivers"),
          this))
    , m_list(new QTreeWidget(this))
    , m_test(new QPushButton(tr("&Test"), this))
    , m_status(new StatusLine(this))
{
    setObjectName(QStringLiteral("remoteWritePanel"));
    m_list->setObjectName(QStringLiteral("remoteWriteList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels(
        { tr("Name"), tr("Receiver"), tr("Sent"), tr("Waiting"), tr("Behind"), tr("Last answer") });
    m_list->header()->setSectionResizeMode(AnswerColumn, QHeaderView::Stretch);
    m_list->setMinimumWidth(640);
    m_list->setMaximumHeight(150);
    m_test->setObjectName(QStringLiteral("remoteWriteTest"));
    m_status->setObjectName(QStringLiteral("remoteWriteStatus"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_test);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_file);
    layout->addWidget(m_list);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_file, &FileRow::chosen, this, [this](const QString& path) {
        m_settings->setValue(ConsoleSettings::Key::RemoteWriteConfigFile, path);
        load(path);
    });
    connect(m_test, &QPushButton::clicked, this, &RemoteWritePanel::testSelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this,
        [this] { m_test->setEnabled(!m_list->selectedItems().isEmpty()); });
    auto* timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &RemoteWritePanel::refresh);
    timer->start(1000);

    const QString path = m_file->path();
    if (!m_engine)
        m_status->report(tr("The engine is not running: nothing is sent."), StatusLine::Tone::Error);
    else if (!path.isEmpty())
        load(path);
    else
        refresh();
    if (m_engine && path.isEmpty() && !m_engine->remoteWriteService())
        m_status->report(
            tr("Nothing is sent elsewhere: scraped samples stay in this console."), StatusLine::Tone::Plain);
}

void RemoteWritePanel::load(const QString& path)
{
    if (!m_engine)
        return;
    QList<RemoteWriteConfig> remotes;
    if (!path.isEmpty()) {
        // A small local file: read here; the receivers are contacted on their own threads.
        QList<opsdeck::config::ConfigIssue> issues;
        const auto loaded = opsdeck::remotewrite::RemoteWriteConfigFile::load(path, &issues);
        QStringList lines;
        for (const auto& issue : std::as_const(issues))
            lines.append(issue.toString());
        if (!loaded) {
            m_status->report(tr("✖ Not loaded; the receivers stay as they were.\n%1").arg(lines.join(u'\n')),
                StatusLine::Tone::Error);
            return;
        }
        remotes = *loaded;
    }
    m_engine->setRemoteWrite(remotes);
    refresh();
    if (remotes.isEmpty())
        m_status->report(
            tr("Nothing is sent elsewhere: scraped samples stay in this console."), StatusLine::Tone::Plain);
    else
        m_status->report(tr("✔ Sending everything scraped to %n receiver(s).", nullptr, int(remotes.size())),
            StatusLine::Tone::Ok);
}

void RemoteWritePanel::refresh()
{
    const opsdeck::remotewrite::RemoteWriteService* service = m_engine ? m_engine->remoteWriteService() : nullptr;
    const QList<opsdeck::remotewrite::RemoteWriteCounters> counters
        = service ? service->counters() : QList<opsdeck::remotewrite::RemoteWriteCounters> {};
    const QList<QTreeWidgetItem*> selected = m_list->selectedItems();
    const QString keep = selected.isEmpty() ? QString() : selected.first()->text(NameColumn);
    if (m_list->topLevelItemCount() != counters.size()) {
        m_list->clear();
        for (qsizetype i = 0; i < counters.size(); ++i)
            new QTreeWidgetItem(m_list);
    }
    const QLocale locale;
    for (qsizetype i = 0; i < counters.size(); ++i) {
        const auto& c = counters.at(i);
        QTreeWidgetItem* item = m_list->topLevelItem(int(i));
        item->setText(NameColumn, c.name);
        item->setText(UrlColumn, c.url);
        item->setText(SentColumn, locale.toString(c.samplesSent));
        item->setText(PendingColumn, locale.toString(c.samplesPending));
        item->setText(BehindColumn,
            c.requestsSent > 0 ? tr("%1 s").arg(locale.toString(c.lastSendLagSeconds, 'f', 1)) : tr("—"));
        const QString answer = !c.lastError.isEmpty() ? tr("✖ %1").arg(c.lastError)
            : c.lastHttpStatus > 0                    ? tr("✔ HTTP %1").arg(c.lastHttpStatus)
                                                      : tr("nothing sent yet");
        item->setText(AnswerColumn, answer);
        item->setToolTip(AnswerColumn, answer);
        item->setForeground(
            AnswerColumn, c.lastError.isEmpty() ? palette().text() : QBrush(QColor(0xc6, 0x28, 0x28)));
        if (c.name == keep && !item->isSelected())
            item->setSelected(true);
    }
    for (int i = 0; i < AnswerColumn; ++i)
        m_list->resizeColumnToContents(i);
    m_test->setEnabled(!m_list->selectedItems().isEmpty());
}

void RemoteWritePanel::testSelected()
{
    const QList<QTreeWidgetItem*> selected = m_list->selectedItems();
    const opsdeck::remotewrite::RemoteWriteService* service = m_engine ? m_engine->remoteWriteService() : nullptr;
    if (selected.isEmpty() || !service)
        return;
    const QString name = selected.first()->text(NameColumn);
    std::optional<RemoteWriteConfig> config;
    for (const RemoteWriteConfig& c : service->remotes())
        if (c.name == name)
            config = c;
    if (!config)
        return;
    const int generation = ++m_testGeneration;
    m_status->report(tr("Testing %1 …").arg(name), StatusLine::Tone::Plain);
    QtConcurrent::run([c = *config] {
        return RemoteWriteSender::probe(c);
    }).then(this, [this, generation, name](const RemoteWriteSender::PostResult& result) {
        if (generation != m_testGeneration)
            return;
        if (result.error.isEmpty())
            m_status->report(
                tr("✔ %1 takes remote write (HTTP %2).").arg(name).arg(result.httpStatus), StatusLine::Tone::Ok);
        else
            m_status->report(tr("✖ %1: %2").arg(name, result.error), StatusLine::Tone::Error);
    });
}
