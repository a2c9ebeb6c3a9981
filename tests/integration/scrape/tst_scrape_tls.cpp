// Scraping an HTTPS target: a real opsdeck-agent with a self-signed
// certificate is refused by default, and scraped when the target names the
// certificate as its CA file or is marked insecure; the bearer token is sent.

#include "AgentProcess.h"
#include "scrape/ScrapeClient.h"

#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

class TestScrapeTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cert = m_dir.filePath(QStringLiteral("cert.pem"));
        const QString key = m_dir.filePath(QStringLiteral("key.pem"));
        const QString certError = makeSelfSignedCertificate(m_cert, key, QStringLiteral("opsdeck-scrape-test"));
        QVERIFY2(certError.isEmpty(), qPrintable(certError));

        const QString tokenFile = m_dir.filePath(QStringLiteral("token"));
        QFile f(tokenFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("s3cret-token\n");
        f.close();
        QVERIFY2(m_agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--tls-cert"), m_cert, QStringLiteral("--tls-key"), key,
                     QStringLiteral("--token-file"), tokenFile, QStringLiteral("--metrics-auth") }),
            qPrintable(m_agent.errorText()));
    }

    void untrustedCertificateIsRefused()
    {
        const scrape::ScrapeResult r = scrape::ScrapeClient::scrapeOnce(target());
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QStringLiteral("certificate"), Qt::CaseInsensitive)
                || r.error.contains(QStringLiteral("TLS"), Qt::CaseInsensitive),
            qPrintable(r.error));
    }

    void caFileTrustsTheCertificate()
    {
        scrape::ScrapeTarget t = target();
        t.tlsCaFile = m_cert;
        const scrape::ScrapeResult r = scrape::ScrapeClient::scrapeOnce(t);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY(r.parsed.sampleCount > 100);
    }

    void insecureSkipsVerification()
    {
        scrape::ScrapeTarget t = target();
        t.tlsInsecure = true;
        const scrape::ScrapeResult r = scrape::ScrapeClient::scrapeOnce(t);
        QVERIFY2(r.ok(), qPrintable(r.error));
    }

    void tokenIsRequired()
    {
        scrape::ScrapeTarget t = target();
        t.tlsCaFile = m_cert;
        t.bearerToken.clear();
        const scrape::ScrapeResult r = scrape::ScrapeClient::scrapeOnce(t);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QStringLiteral("401")), qPrintable(r.error));
    }

    void missingCaFileIsNamed()
    {
        scrape::ScrapeTarget t = target();
        t.tlsCaFile = m_dir.filePath(QStringLiteral("nope.pem"));
        const scrape::ScrapeResult r = scrape::ScrapeClient::scrapeOnce(t);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QStringLiteral("nope.pem")), qPrintable(r.error));
    }

private:
    scrape::ScrapeTarget target() const
    {
        scrape::ScrapeTarget t;
        t.url = QUrl(QStringLiteral("https://127.0.0.1:%1/metrics").arg(m_agent.port()));
        t.bearerToken = QStringLiteral("s3cret-token");
        t.timeoutMs = 5000;
        t.intervalMs = 5000;
        return t;
    }

    QTemporaryDir m_dir;
    QString m_cert;
    AgentProcess m_agent;
};

QTEST_GUILESS_MAIN(TestScrapeTls)
#include "tst_scrape_tls.moc"
