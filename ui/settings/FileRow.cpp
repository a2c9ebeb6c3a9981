#include "FileRow.h"

#include "shell/Dialogs.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

FileRow::FileRow(const QString& objectPrefix, const QString& path, const QString& placeholder,
    const QString& browseTitle, QWidget* parent)
    : QWidget(parent)
    , m_path(new QLineEdit(path, this))
{
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    m_path->setObjectName(objectPrefix + QStringLiteral("Path"));
    m_path->setPlaceholderText(placeholder);
    m_path->setMinimumWidth(420);
    auto* browse = new QPushButton(tr("&Browse…"), this);
    auto* load = new QPushButton(tr("&Load"), this);
    load->setObjectName(objectPrefix + QStringLiteral("Load"));
    row->addWidget(m_path, 1);
    row->addWidget(browse);
    row->addWidget(load);
    const auto choose = [this] { emit chosen(this->path()); };
    connect(load, &QPushButton::clicked, this, choose);
    connect(m_path, &QLineEdit::returnPressed, this, choose);
    connect(browse, &QPushButton::clicked, this, [this, browseTitle, choose] {
        const QString picked
            = Dialogs::openFile(this, browseTitle, m_path->text(), tr("YAML files (*.yml *.yaml);;All files (*)"));
        if (picked.isEmpty())
            return;
        m_path->setText(picked);
        choose();
    });
}

QString FileRow::path() const
{
    return m_path->text().trimmed();
}
