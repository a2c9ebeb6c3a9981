#include "Dialogs.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QQueue>

namespace {

// GUI thread only, like the dialogs themselves.
QQueue<bool>& nextAnswers()
{
    static QQueue<bool> answers;
    return answers;
}

QQueue<QString>& nextFiles()
{
    static QQueue<QString> files;
    return files;
}

QList<Dialogs::Asked>& askedList()
{
    static QList<Dialogs::Asked> asked;
    return asked;
}

} // namespace

bool Dialogs::confirm(QWidget* parent, const QString& title, const QString& text)
{
    if (!nextAnswers().isEmpty()) {
        askedList().append({ title, text });
        return nextAnswers().dequeue();
    }
    return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

QString Dialogs::openFile(QWidget* parent, const QString& title, const QString& dir, const QString& filter)
{
    if (!nextFiles().isEmpty()) {
        askedList().append({ title, dir });
        return nextFiles().dequeue();
    }
    return QFileDialog::getOpenFileName(parent, title, dir, filter);
}

QString Dialogs::saveFile(QWidget* parent, const QString& title, const QString& suggested, const QString& filter,
    const QString& defaultSuffix)
{
    if (!nextFiles().isEmpty()) {
        askedList().append({ title, suggested });
        return nextFiles().dequeue();
    }
    if (defaultSuffix.isEmpty())
        return QFileDialog::getSaveFileName(parent, title, suggested, filter);
    QFileDialog dialog(parent, title, suggested, filter);
    dialog.setOption(QFileDialog::DontUseNativeDialog);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(defaultSuffix);
    if (dialog.exec() == QDialog::Accepted && !dialog.selectedFiles().isEmpty())
        return dialog.selectedFiles().constFirst();
    return QString();
}

void Dialogs::setNextAnswer(bool yes)
{
    nextAnswers().enqueue(yes);
}

void Dialogs::setNextFile(const QString& path)
{
    nextFiles().enqueue(path);
}

QList<Dialogs::Asked> Dialogs::asked()
{
    return askedList();
}

void Dialogs::clearAsked()
{
    askedList().clear();
}
