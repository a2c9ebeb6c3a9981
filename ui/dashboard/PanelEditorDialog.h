#pragma once

#include "dashboard/PanelDefinition.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;

// Adds or edits one dashboard panel: title, query (with a Check button that
// parses it and points at the error), unit and legend template. OK is refused
// with the reason shown while the panel could not be stored.
class PanelEditorDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PanelEditorDialog(const opsdeck::dashboard::PanelDefinition& panel, QWidget* parent = nullptr);

    // The panel as edited (id, dashboard and position as given).
    opsdeck::dashboard::PanelDefinition panel() const;
    // Parses the query as it will run; shows and returns the error ("" when fine).
    QString checkQuery();

    void accept() override;

private:
    opsdeck::dashboard::PanelDefinition m_panel;
    QLineEdit* m_title = nullptr;
    QLineEdit* m_query = nullptr;
    QComboBox* m_unit = nullptr;
    QLineEdit* m_legend = nullptr;
    QLabel* m_status = nullptr;
};
