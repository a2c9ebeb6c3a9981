// The console's icons must be reachable as :/icons/<name>.svg from any
// executable that links opsdeck_resources (a static library, whose resource
// initializer is easy to lose at link time), and must render through QtSvg.
#include <QtTest>

#include <QIcon>
#include <QImage>
#include <QPixmap>
#include <QSvgRenderer>

class TestIconResources : public QObject
{
    Q_OBJECT

private slots:
    void icon_data();
    void icon();
    void applicationIcon();
    void noUnlistedIcons();

private:
    static QStringList expectedNames();
};

QStringList TestIconResources::expectedNames()
{
    return {
        QStringLiteral("dashboard"),
        QStringLiteral("alerts"),
        QStringLiteral("cache"),
        QStringLiteral("capacity"),
        QStringLiteral("scaling"),
        QStringLiteral("agents"),
        QStringLiteral("profiler"),
        QStringLiteral("benchmarks"),
        QStringLiteral("settings"),
        QStringLiteral("pause"),
        QStringLiteral("play"),
        QStringLiteral("add"),
        QStringLiteral("edit"),
        QStringLiteral("remove"),
        QStringLiteral("test-connection"),
        QStringLiteral("import"),
    };
}

// Number of pixels that are not fully transparent: an icon that failed to
// render (missing plugin, broken SVG) comes out empty.
static int paintedPixels(const QImage& image)
{
    int painted = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qAlpha(image.pixel(x, y)) > 0)
                ++painted;
    return painted;
}

void TestIconResources::icon_data()
{
    QTest::addColumn<QString>("path");
    for (const QString& name : expectedNames())
        QTest::newRow(qPrintable(name)) << QStringLiteral(":/icons/%1.svg").arg(name);
}

void TestIconResources::icon()
{
    QFETCH(QString, path);
    QVERIFY2(QFile::exists(path), qPrintable(path));

    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBoxF(), QRectF(0, 0, 24, 24));

    const QIcon icon(path);
    QVERIFY(!icon.isNull());
    const QImage image = icon.pixmap(QSize(48, 48)).toImage();
    QCOMPARE(image.size(), QSize(48, 48));
    // Line icons: visibly drawn, but far from a filled square.
    const int painted = paintedPixels(image);
    QVERIFY2(painted > 48 * 48 / 20, qPrintable(QString::number(painted)));
    QVERIFY2(painted < 48 * 48 * 3 / 4, qPrintable(QString::number(painted)));
}

void TestIconResources::applicationIcon()
{
    const QString path = QStringLiteral(":/icons/org.opsdeck.OpsDeck.svg");
    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBoxF(), QRectF(0, 0, 128, 128));

    const QIcon icon(path);
    QVERIFY(!icon.isNull());
    const QImage image = icon.pixmap(QSize(64, 64)).toImage();
    QVERIFY(paintedPixels(image) > 64 * 64 / 2);
    // Coloured, not grey: the gauge has a red segment on the right.
    bool hasColour = false;
    for (int y = 0; y < image.height() && !hasColour; ++y)
        for (int x = 0; x < image.width() && !hasColour; ++x) {
            const QColor c = image.pixelColor(x, y);
            hasColour = c.alpha() == 255 && c.hsvSaturation() > 150 && c.value() > 150;
        }
    QVERIFY(hasColour);
}

void TestIconResources::noUnlistedIcons()
{
    // Every file in the resource is either a listed page/action icon or the
    // application icon, so a typo in a name shows up here.
    QStringList expected;
    for (const QString& name : expectedNames())
        expected << name + QStringLiteral(".svg");
    expected << QStringLiteral("org.opsdeck.OpsDeck.svg");
    expected.sort();
    QStringList present = QDir(QStringLiteral(":/icons")).entryList(QDir::Files);
    present.sort();
    QCOMPARE(present, expected);
}

QTEST_MAIN(TestIconResources)
#include "tst_iconresources.moc"
