#pragma once

#include <QList>
#include <QString>

class QWidget;

// Every modal question and file chooser of the console, in one place, with a
// test hook in the manner of KeePassXC's MessageBox::setNextAnswer: a test
// queues the next answer and the next call of that kind returns it without
// showing anything. Pages call these instead of QMessageBox/QFileDialog; they
// must never keep per-page hooks of their own.
class Dialogs final
{
public:
    Dialogs() = delete;

    // A Yes/Cancel question, Cancel by default; true for Yes.
    static bool confirm(QWidget* parent, const QString& title, const QString& text);
    // An existing file, or empty when cancelled.
    static QString openFile(QWidget* parent, const QString& title, const QString& dir, const QString& filter);
    // A file to write, or empty when cancelled. With a default suffix Qt's own
    // dialog is used, which appends it when the operator types a bare name.
    static QString saveFile(QWidget* parent, const QString& title, const QString& suggested, const QString& filter,
        const QString& defaultSuffix = QString());

    // Test hooks. Answers queue in order and are used up one per call.
    static void setNextAnswer(bool yes); // for confirm()
    static void setNextFile(const QString& path); // for openFile() and saveFile(); empty = cancelled

    // What the hooked calls asked: the title, and the question's text or the
    // file dialog's starting path. Cleared by clearAsked().
    struct Asked
    {
        QString title;
        QString text;
    };
    static QList<Asked> asked();
    static void clearAsked();
};
