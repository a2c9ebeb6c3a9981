#pragma once

#include "dashboard/LiveQueryFeed.h"
#include "dashboard/PanelDefinition.h"
#include "format/UnitFormatter.h"

#include <QFrame>
#include <QHash>
#include <QPointer>

class QCPGraph;
class QCPItemStraightLine;
class QCPItemTracer;
class QCustomPlot;
class QLabel;
class QMenu;
class QMouseEvent;
class QStackedLayout;
class QToolButton;

// One live chart on the dashboard (UI.md, Charts): the panel title with the
// current value(s), a QCustomPlot with thin 1 px lines in a colour-blind-safe
// palette, time on x, unit-formatted ticks on y, a legend that can be hidden,
// and a hover crosshair whose tooltip names time, values and series. It only
// renders what PanelUpdates carry; the queries live in LiveQueryFeed.
class ChartPanel : public QFrame
{
    Q_OBJECT

public:
    explicit ChartPanel(const opsdeck::dashboard::PanelDefinition& definition, QWidget* parent = nullptr);
    ~ChartPanel() override;

    const opsdeck::dashboard::PanelDefinition& definition() const { return m_definition; }
    void setDefinition(const opsdeck::dashboard::PanelDefinition& definition);
    // The data source the panel queries when it is not this engine: shown in
    // the title ("CPU by mode · mes-prom"); empty = this engine.
    void setDataSourceName(const QString& name);
    QString dataSourceName() const { return m_dataSource; }

    // reset: replaces every series; append: adds the new points and drops those before windowStart.
    void applyUpdate(const opsdeck::dashboard::PanelUpdate& update);

    void setLegendVisible(bool visible);
    bool isLegendVisible() const { return m_legendVisible; }

    // The menu entries the page reacts to; Move left/right are disabled at the ends.
    void setMoveEnabled(bool left, bool right);

    QCustomPlot* plot() const { return m_plot; }
    QString titleText() const; // the header as shown (title and current values, not elided)
    QString messageText() const; // "No data yet", the error, or empty while a chart shows
    QString hoverText() const { return m_hoverText; } // the last hover tooltip's text
    int seriesCount() const { return int(m_series.size()); }
    qint64 pointCount() const;
    bool hasData() const;
    qint64 newestSampleTimeMs() const { return m_sampleTimeMs; }

    // The series display name for labels under a legend template ("{{instance}} {{mode}}").
    static QString seriesName(const opsdeck::metrics::Labels& labels, const QString& legendTemplate);

    // Replots now if data arrived while the panel was hidden or scrolled out of view.
    void flushIfDirty();
    // Sends a hover at pos (plot coordinates) as the mouse would; returns the tooltip text.
    QString hoverAt(const QPoint& pos);

signals:
    void editRequested();
    void moveLeftRequested();
    void moveRightRequested();
    void removeRequested();
    // After a replot that showed data; sampleTimeMs is the newest scrape time drawn.
    void drawn(qint64 sampleTimeMs);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Series
    {
        QCPGraph* graph = nullptr;
        QString name;
        opsdeck::metrics::Labels labels;
        int colourIndex = 0;
    };

    Series& seriesFor(const opsdeck::dashboard::SeriesPoints& points);
    void clearSeries();
    void applyColours();
    void applyUnit();
    void rescaleValueAxis();
    void updateTitle();
    void updateMessage();
    void requestReplot();
    void onMouseMove(QMouseEvent* event);
    QString hoverTextFor(const QPointF& pos);
    bool isOnScreen() const;
    void hideHover();
    void onAfterReplot();

    opsdeck::dashboard::PanelDefinition m_definition;
    opsdeck::models::UnitFormatter m_formatter;
    QHash<QString, Series> m_series;
    QList<QString> m_order; // series ids in creation order (legend and title order)
    int m_nextColour = 0;
    QString m_error;
    QString m_dataSource;
    QString m_hoverText;
    double m_windowStart = 0;
    double m_windowEnd = 0;
    qint64 m_sampleTimeMs = 0;
    bool m_legendVisible = true;
    bool m_dirty = false; // data changed while hidden: replot when shown

    QLabel* m_title = nullptr;
    QLabel* m_values = nullptr;
    QString m_valuesText; // not elided
    QLabel* m_errorLabel = nullptr;
    QLabel* m_message = nullptr;
    QToolButton* m_menuButton = nullptr;
    QMenu* m_menu = nullptr;
    QAction* m_moveLeft = nullptr;
    QAction* m_moveRight = nullptr;
    QAction* m_legendAction = nullptr;
    QStackedLayout* m_stack = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPItemStraightLine* m_crosshair = nullptr;
    QCPItemTracer* m_tracer = nullptr;
};
