#pragma once

#include <QWidget>

// A page whose feature has not landed in this build. It says so plainly and
// what the operator can do meanwhile: nothing pretends to work (issue 4).
class PlaceholderPage final : public QWidget
{
    Q_OBJECT

public:
    PlaceholderPage(
        const QString& title, const QString& what, const QString& meanwhile, QWidget* parent = nullptr);
};
