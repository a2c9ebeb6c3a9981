#pragma once

#include "alerts/AlertTypes.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

// Creates one silence: matchers as text in Alertmanager's syntax
// (`alertname="HostDown", instance=~"web-.*"`), a start (now unless changed),
// a duration preset (1 h, 4 h, 1 d) or a custom end, the author (the OS user
// by default) and a required comment. Every edit re-validates; OK stays
// disabled with the reason shown while the silence could not be stored, so
// what the operator confirms is what the repository accepts. It does not
// store anything itself: the caller passes silence() to AlertService.
class SilenceDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit SilenceDialog(QWidget* parent = nullptr);

    // "Silence this alert": one `=` matcher per label of the alert, and a
    // comment naming it left for the operator to complete.
    void prefillFrom(const opsdeck::alerts::Alert& alert);
    // The alerts the "affects" line counts against (the live snapshot).
    void setCurrentAlerts(const QList<opsdeck::alerts::Alert>& alerts);
    // For tests; default: the wall clock.
    void setNow(std::function<qint64()> now);

    opsdeck::alerts::Silence silence() const;
    // Empty when the silence may be stored, else the reason (also shown).
    QString problem() const;

    QPlainTextEdit* matchersEdit() const { return m_matchers; }
    QPlainTextEdit* commentEdit() const { return m_comment; }
    QLineEdit* authorEdit() const { return m_author; }
    QComboBox* durationCombo() const { return m_duration; }
    QDateTimeEdit* endEdit() const { return m_end; }
    QPushButton* okButton() const { return m_ok; }

    // The OS user name (USER, LOGNAME or USERNAME, else the account of the process), or empty.
    static QString osUserName();

private:
    enum Preset { OneHour, FourHours, OneDay, CustomEnd };
    void validate();
    void presetChanged();
    qint64 startMs() const;
    qint64 endMs() const;

    std::function<qint64()> m_now;
    QList<opsdeck::alerts::Alert> m_alerts;
    bool m_startEdited = false; // untouched start = "now" at the moment of OK

    QPlainTextEdit* m_matchers;
    QDateTimeEdit* m_start;
    QComboBox* m_duration;
    QDateTimeEdit* m_end;
    QLineEdit* m_author;
    QPlainTextEdit* m_comment;
    QLabel* m_affects;
    QLabel* m_validation;
    QPushButton* m_ok = nullptr;
};
