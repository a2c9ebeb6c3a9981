#pragma once

#include <QWidget>

class QLineEdit;
class QPushButton;

// A settings row for a YAML file: the path, Browse… and Load. Load, Return
// and a file picked with Browse emit chosen(path) (an empty path too: "use
// none"); choosing the same file again is a reload. Object names are
// prefix + "Path" and prefix + "Load", for tests and accessibility.
class FileRow final : public QWidget
{
    Q_OBJECT

public:
    FileRow(const QString& objectPrefix, const QString& path, const QString& placeholder,
        const QString& browseTitle, QWidget* parent = nullptr);

    QString path() const;

signals:
    void chosen(const QString& path);

private:
    QLineEdit* m_path;
};
