#include "alerts/SilencesPanel.h"

#include "alerts/AlertService.h"
#include "alerts/Matchers.h"
#include "alerts/SilenceDialog.h"
#include "Engine.h"
#include "shell/Dialogs.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

using opsdeck::alerts::Silence;

namespace {
const QString kErrorStyle = QStringLiteral("color: #c62828;");
constexpr int kStatusTickMs = 15'000; // pending → active → expired without new data

int statusOrder(Silence::Status status)
{
    switch (status) {
    case Silence::Status::Active:
        return 0;
    case Silence::Status::Pending:
        return 1;
    case Silence::Status::Expired:
        return 2;
    }
    return 3;
}
} // namespace

SilencesPanel::SilencesPanel(opsdeck::Engine* engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_newButton(new QPushButton(tr("New silence…"), this))
    , m_expireButton(new QPushButton(tr("Expire"), this))
    , m_empty(new QLabel(this))
    , m_message(new QLabel(this))
    , m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("silencesPanel"));
    m_newButton->setObjectName(QStringLiteral("newSilenceButton"));
    m_newButton->setToolTip(tr("Mute notifications for alerts matching a set of labels for a while"));
    m_expireButton->setObjectName(QStringLiteral("expireSilenceButton"));

    m_table->setObjectName(QStringLiteral("silencesTable"));
    m_table->setHorizontalHeaderLabels(
        { tr("Status"), tr("Matchers"), tr("Starts"), tr("Ends"), tr("Author"), tr("Comment") });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    m_table->setColumnWidth(StatusColumn, 90);
    m_table->setColumnWidth(MatchersColumn, 320);
    m_table->setColumnWidth(StartsColumn, 170);
    m_table->setColumnWidth(EndsColumn, 170);
    // Rows come active, pending, expired; they are sorted by a column only
    // once the operator clicks one (setSortingEnabled would sort at once).
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(false);
    connect(header, &QHeaderView::sectionClicked, this, [this, header](int column) {
        const Qt::SortOrder order = header->isSortIndicatorShown() && header->sortIndicatorSection() == column
                && header->sortIndicatorOrder() == Qt::AscendingOrder
            ? Qt::DescendingOrder
            : Qt::AscendingOrder;
        header->setSortIndicatorShown(true);
        header->setSortIndicator(column, order);
        m_table->sortItems(column, order);
    });
    m_table->setColumnWidth(AuthorColumn, 100);

    m_empty->setObjectName(QStringLiteral("silencesEmptyState"));
    m_empty->setText(tr("<b>No silences</b> — create one to mute notifications during maintenance, or use "
                        "\u201cSilence\u201d on an alert in the inbox."));
    m_empty->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("silencesMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto* toolbar = new QHBoxLayout;
    toolbar->addWidget(m_newButton);
    toolbar->addWidget(m_expireButton);
    toolbar->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_empty);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);

    connect(m_newButton, &QPushButton::clicked, this, &SilencesPanel::newSilence);
    connect(m_expireButton, &QPushButton::clicked, this, &SilencesPanel::expireSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &SilencesPanel::updateActions);
    connect(engine->alertService(), &opsdeck::AlertService::alertsChanged, this, &SilencesPanel::refresh);
    m_tick->setInterval(kStatusTickMs);
    connect(m_tick, &QTimer::timeout, this, &SilencesPanel::refresh);
    m_tick->start();

    refresh();
}

void SilencesPanel::setNow(std::function<qint64()> now)
{
    m_now = std::move(now);
    refresh();
}

SilenceDialog* SilencesPanel::dialog() const
{
    return findChild<SilenceDialog*>(QStringLiteral("silenceDialog"));
}

qint64 SilencesPanel::selectedId() const
{
    const QList<QTableWidgetItem*> items = m_table->selectedItems();
    return items.isEmpty()
        ? 0
        : m_table->item(items.constFirst()->row(), StatusColumn)->data(SilenceIdRole).toLongLong();
}

void SilencesPanel::refresh()
{
    const qint64 now = m_now();
    const qint64 selected = selectedId();
    QList<Silence> silences = m_engine->alertService()->silences();
    // Active first, then pending, then expired; newest start first within each.
    std::stable_sort(silences.begin(), silences.end(), [now](const Silence& a, const Silence& b) {
        const int sa = statusOrder(a.status(now));
        const int sb = statusOrder(b.status(now));
        return sa != sb ? sa < sb : a.startsAtMs > b.startsAtMs;
    });

    const QColor grey = palette().color(QPalette::Disabled, QPalette::Text);
    const QSignalBlocker block(m_table);
    m_table->clearContents();
    m_table->setRowCount(int(silences.size()));
    int selectRow = -1;
    for (int row = 0; row < silences.size(); ++row) {
        const Silence& s = silences.at(row);
        const Silence::Status status = s.status(now);
        QString statusText;
        switch (status) {
        case Silence::Status::Active:
            statusText = tr("Active");
            break;
        case Silence::Status::Pending:
            statusText = tr("Pending");
            break;
        case Silence::Status::Expired:
            statusText = tr("Expired");
            break;
        }
        const auto timeItem = [](qint64 ms) {
            auto* item = new QTableWidgetItem;
            // A QDateTime sorts by time and is shown in the locale's short format.
            item->setData(Qt::DisplayRole, QDateTime::fromMSecsSinceEpoch(ms));
            return item;
        };
        QList<QTableWidgetItem*> items = {
            new QTableWidgetItem(statusText),
            new QTableWidgetItem(opsdeck::alerts::formatMatchers(s.matchers)),
            timeItem(s.startsAtMs),
            timeItem(s.endsAtMs),
            new QTableWidgetItem(s.createdBy),
            new QTableWidgetItem(s.comment.simplified()),
        };
        items[StatusColumn]->setData(SilenceIdRole, s.id);
        items[CommentColumn]->setToolTip(s.comment);
        items[MatchersColumn]->setToolTip(opsdeck::alerts::formatMatchers(s.matchers));
        for (int column = 0; column < items.size(); ++column) {
            if (status == Silence::Status::Expired)
                items[column]->setForeground(grey);
            m_table->setItem(row, column, items[column]);
        }
        if (s.id == selected)
            selectRow = row;
    }
    if (QHeaderView* header = m_table->horizontalHeader(); header->isSortIndicatorShown())
        m_table->sortItems(header->sortIndicatorSection(), header->sortIndicatorOrder());
    if (selectRow >= 0) {
        for (int row = 0; row < m_table->rowCount(); ++row) {
            if (m_table->item(row, StatusColumn)->data(SilenceIdRole).toLongLong() == selected)
                m_table->selectRow(row);
        }
    }
    m_empty->setVisible(silences.isEmpty());
    updateActions();
}

void SilencesPanel::updateActions()
{
    const qint64 id = selectedId();
    bool expirable = false;
    for (const Silence& s : m_engine->alertService()->silences()) {
        if (s.id == id)
            expirable = s.status(m_now()) != Silence::Status::Expired;
    }
    m_expireButton->setEnabled(expirable && !m_busy);
    m_expireButton->setToolTip(expirable ? tr("End the selected silence now; it stays listed as expired")
                                         : tr("Select an active or pending silence first"));
    m_newButton->setEnabled(!m_busy);
}

void SilencesPanel::showMessage(const QString& text, bool error)
{
    m_message->setStyleSheet(error ? kErrorStyle : QString());
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void SilencesPanel::openDialog(SilenceDialog* dialog)
{
    if (SilenceDialog* open = this->dialog(); open && open != dialog) {
        dialog->deleteLater();
        open->raise();
        open->activateWindow();
        return;
    }
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setNow(m_now);
    dialog->setCurrentAlerts(m_engine->alertService()->alerts());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Silence silence = dialog->silence();
        m_busy = true;
        updateActions();
        showMessage(tr("Saving the silence…"), false);
        m_engine->alertService()->addSilence(silence, this, [this](qint64 id, const QString& error) {
            m_busy = false;
            if (id == 0) {
                showMessage(tr("Could not store the silence: %1").arg(error), true);
            } else {
                showMessage(tr("Silence created."), false);
                emit silenceAdded(id);
            }
            refresh();
        });
    });
    dialog->open();
}

void SilencesPanel::newSilence()
{
    openDialog(new SilenceDialog(this));
}

void SilencesPanel::newSilenceFor(const opsdeck::alerts::Alert& alert)
{
    auto* dialog = new SilenceDialog(this);
    dialog->prefillFrom(alert);
    openDialog(dialog);
}

void SilencesPanel::expireSelected()
{
    const qint64 id = selectedId();
    if (id == 0 || m_busy)
        return;
    QString what;
    for (const Silence& s : m_engine->alertService()->silences()) {
        if (s.id == id)
            what = opsdeck::alerts::formatMatchers(s.matchers);
    }
    if (!Dialogs::confirm(this, tr("Expire silence"),
            tr("End the silence %1 now? Alerts it mutes will notify again; it stays listed as expired.")
                .arg(what)))
        return;
    m_busy = true;
    updateActions();
    m_engine->alertService()->expireSilence(id, this, [this, id](const QString& error) {
        m_busy = false;
        if (error.isEmpty()) {
            showMessage(tr("Silence expired."), false);
            emit silenceExpired(id);
        } else {
            showMessage(tr("Could not expire the silence: %1").arg(error), true);
        }
        refresh();
    });
}
