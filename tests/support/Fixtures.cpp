#include "Fixtures.h"

#include <QFile>

namespace opsdeck::testsupport {

QByteArray readExpositionFixture(const QString& name)
{
    QFile f(QStringLiteral(OPSDECK_TEST_DATA "/exposition/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    return f.readAll();
}

} // namespace opsdeck::testsupport
