#include "MainWindow.h"

#include "Engine.h"
#include "metrics/SeriesStore.h"
#include "scrape/TargetStatusModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

MainWindow::MainWindow(opsdeck::Engine* engine, QWidget* parent)
    : QMainWindow(parent),
      m_engine(engine),
      m_targets(new opsdeck::models::TargetStatusModel(this)),
      m_table(new QTableView(this)),
      m_status(new QLabel(this))
{
    setWindowTitle(tr("OpsDeck"));
    resize(1200, 700);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    auto* title = new QLabel(tr("<h2>Scrape targets</h2>"), central);
    auto* note = new QLabel(tr("The engine is collecting metrics from the targets below. The dashboard, alert "
                               "inbox and the other console pages are not available yet in this build; use "
                               "<tt>opsdeck scrape URL</tt> to inspect a target from a terminal."),
                            central);
    note->setWordWrap(true);
    layout->addWidget(title);
    layout->addWidget(note);
    layout->addWidget(m_table, 1);
    setCentralWidget(central);

    m_table->setModel(m_targets);
    m_table->setObjectName(QStringLiteral("targetTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(opsdeck::models::TargetStatusModel::TargetColumn, 320);
    m_table->setColumnWidth(opsdeck::models::TargetStatusModel::HealthColumn, 170);
    m_targets->setScrapeManager(m_engine->scrapeManager());

    m_status->setObjectName(QStringLiteral("engineStatus"));
    statusBar()->addWidget(m_status, 1);
    auto* timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &MainWindow::updateStatus);
    timer->start(1000);
    updateStatus();
}

void MainWindow::updateStatus()
{
    const auto stats = m_engine->store()->stats();
    const QLocale locale;
    const double bytesPerSample = stats.sampleCount > 0
        ? double(stats.compressedBytes + stats.headBytes) / double(stats.sampleCount)
        : 0.0;
    m_status->setText(tr("ingest %1 samples/s · %2 series · %3 samples held (%4 B/sample)")
                          .arg(locale.toString(m_engine->scrapeManager()->ingestRate(), 'f', 0),
                               locale.toString(qlonglong(stats.seriesCount)),
                               locale.toString(stats.sampleCount),
                               locale.toString(bytesPerSample, 'f', 2)));
}
