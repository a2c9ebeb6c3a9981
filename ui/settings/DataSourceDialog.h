#pragma once

#include "query/PrometheusQuerySource.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace opsdeck::sources {
class DataSourceCatalog;
}

// Adds or edits one remote data source: name, URL, bearer token or basic
// auth, TLS CA / no verification, timeout and GET/POST, with inline
// validation, Test (the server's buildinfo version, or why it failed, found
// off the GUI thread) and Save through DataSourceCatalog::save. The dialog
// closes (accepted) only once the source is stored; a refusal stays inline.
class DataSourceDialog final : public QDialog
{
    Q_OBJECT

public:
    // original.name empty: a new source; else the stored one to edit.
    DataSourceDialog(opsdeck::sources::DataSourceCatalog* catalog,
        const opsdeck::query::RemoteSourceConfig& original, QWidget* parent = nullptr);

    // The source as the fields describe it; empty *problem when it is valid.
    opsdeck::query::RemoteSourceConfig current(QString* problem = nullptr) const;
    bool isNew() const { return m_original.name.isEmpty(); }

private:
    void validate();
    void test();
    void save();

    opsdeck::sources::DataSourceCatalog* m_catalog;
    opsdeck::query::RemoteSourceConfig m_original;
    int m_testGeneration = 0; // results of superseded tests are ignored

    QLineEdit* m_name;
    QLineEdit* m_url;
    QComboBox* m_auth;
    QLineEdit* m_token;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QLineEdit* m_caFile;
    QCheckBox* m_insecure;
    QSpinBox* m_timeout;
    QComboBox* m_method;
    QLabel* m_validation;
    QPushButton* m_testButton;
    QLabel* m_testResult;
    QLabel* m_saveError;
    QPushButton* m_saveButton;
    QDialogButtonBox* m_buttons;
};
