#pragma once

#include <QByteArray>
#include <QString>

// Test fixture files under tests/data.
namespace opsdeck::testsupport {

// tests/data/exposition/NAME; aborts the test program when it is missing.
QByteArray readExpositionFixture(const QString& name);

} // namespace opsdeck::testsupport
