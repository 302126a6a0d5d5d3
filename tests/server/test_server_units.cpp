// The server's pure parts: who a client is (trusted proxies), per-client connection and request
// limits, access-log escaping, the request schema checker and the report-request sanitiser.

#include "http/access_log.h"
#include "http/client_limits.h"
#include "json_schema.h"
#include "report_request_schema.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace ts::server;
using namespace ts::server::http;

class TestServerUnits : public QObject {
    Q_OBJECT

    static QJsonObject json(const char* text) { return QJsonDocument::fromJson(text).object(); }

private slots:
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        QString why;
        auto t = TrustedProxies::parse({QStringLiteral("10.0.0.0/8"), QStringLiteral("192.168.1.5")}, &why);
        QVERIFY2(t, qPrintable(why));
        // Not a proxy: its header is ignored.
        QCOMPARE(t->client(QHostAddress(QStringLiteral("203.0.113.9")), "1.2.3.4"), QStringLiteral("203.0.113.9"));
        // A proxy: the right-most hop that is not a proxy is the client.
        QCOMPARE(t->client(QHostAddress(QStringLiteral("10.1.2.3")), "1.2.3.4, 198.51.100.7, 10.9.9.9"),
                 QStringLiteral("198.51.100.7"));
        QCOMPARE(t->client(QHostAddress(QStringLiteral("192.168.1.5")), ""), QStringLiteral("192.168.1.5"));
        // A broken list is not believed at all.
        QCOMPARE(t->client(QHostAddress(QStringLiteral("10.1.2.3")), "1.2.3.4, evil\nline"), QStringLiteral("10.1.2.3"));
        // IPv4 on a dual-stack socket.
        QVERIFY(t->contains(QHostAddress(QStringLiteral("::ffff:10.0.0.1"))));
        QVERIFY(!TrustedProxies::parse({QStringLiteral("10.0.0.0/99x")}, &why));
        QVERIFY(why.contains(QLatin1String("10.0.0.0/99x")));
    }

    void connectionCapsPerClientAndInAll() {
        ClientLimits l(3, 2, 0);
        const QString a = QStringLiteral("127.0.0.2"), b = QStringLiteral("127.0.0.3");
        QCOMPARE(l.admit(a, false), ClientLimits::Admit::Yes);
        l.opened(a);
        l.opened(a);
        QCOMPARE(l.admit(a, false), ClientLimits::Admit::TooManyFromClient);
        QCOMPARE(l.admit(a, true), ClientLimits::Admit::Yes); // a trusted proxy carries many clients
        QCOMPARE(l.admit(b, false), ClientLimits::Admit::Yes);
        l.opened(b);
        QCOMPARE(l.admit(b, false), ClientLimits::Admit::TooManyConnections);
        l.closed(a);
        QCOMPARE(l.open(), 2);
        QCOMPARE(l.admit(a, false), ClientLimits::Admit::Yes);
    }

    void requestRateIsATokenBucketPerClient() {
        ClientLimits l(10, 10, 60); // one a second, burst 10
        const auto t0 = ClientLimits::Clock::now();
        for (int i = 0; i < 10; ++i)
            QVERIFY(!l.takeRequest(QStringLiteral("a"), t0));
        const auto wait = l.takeRequest(QStringLiteral("a"), t0);
        QVERIFY(wait);
        QCOMPARE(*wait, 1);
        QVERIFY(!l.takeRequest(QStringLiteral("b"), t0)); // another client is not affected
        QVERIFY(!l.takeRequest(QStringLiteral("a"), t0 + std::chrono::milliseconds(1100)));
        QVERIFY(l.takeRequest(QStringLiteral("a"), t0 + std::chrono::milliseconds(1200)));
        QVERIFY(!ClientLimits(1, 1, 0).takeRequest(QStringLiteral("a"))); // 0 = no limit
    }

    void accessLogCannotBeForged() {
        AccessRecord r;
        r.client = QStringLiteral("127.0.0.1");
        r.method = QStringLiteral("GET");
        r.path = QStringLiteral("/health\n127.0.0.1 GET /admin 200 0 bytes 0.1 ms\r\x1b[2J");
        r.status = 404;
        const QByteArray text = formatAccess(r, LogFormat::Text);
        QVERIFY(!text.contains('\n'));
        QVERIFY(!text.contains('\r'));
        QVERIFY(!text.contains('\x1b'));
        QVERIFY(text.contains("/health\\n127.0.0.1"));
        const QByteArray j = formatAccess(r, LogFormat::Json);
        QVERIFY(!j.contains('\n'));
        QCOMPARE(QJsonDocument::fromJson(j).object().value(QStringLiteral("path")).toString(), r.path);
        QCOMPARE(escapeForLog(QString(600, QLatin1Char('a'))).size(), 515);
    }

    void schemaNamesTheFieldOfAWrongType() {
        const ReportLimits limits;
        const QJsonObject schema = reportRequestSchema(limits);
        struct Case {
            const char* body;
            const char* expected;
        };
        const Case cases[] = {
            {R"({"strategies":[{"portfolio":{"NVDA":1},"rebalance":5}]})", "strategies[0].rebalance: expected a string, got a number"},
            {R"({"strategies":[{"portfolio":{"NVDA":1},"cost_bps":"x"}]})", "strategies[0].cost_bps: expected a finite number"},
            {R"({"strategies":[{"portfolio":{"NVDA":1},"cost_bps":-1}]})", "strategies[0].cost_bps: must be at least 0"},
            {R"({"strategies":[{"portfolio":{"NVDA":-0.5}}]})", "strategies[0].portfolio.NVDA: must be at least 0"},
            {R"({"strategies":[{"symbol":"NVDA"}],"async":"true"})", "async: expected true or false, got a string"},
            {R"({"strategies":[{"returns":"/etc/passwd"}]})", "strategies[0].returns: names a file"},
            {R"({"defaults":{"benchmark":{"prices":"/etc/passwd"}},"strategies":[{"symbol":"NVDA"}]})",
             "defaults.benchmark.prices: names a file"},
            {R"({"reports":[{"strategies":[{"symbol":"NVDA"}],"benchmark":{"returns":"x.csv"}}]})",
             "reports[0].benchmark.returns: names a file"},
            {R"({"strategies":[{"symbol":"../../etc/passwd"}]})", "strategies[0].symbol: not a cached ticker"},
            {R"({"strategies":[{"portfolio":{"/etc/passwd":1}}]})", "a key of strategies[0].portfolio: not a cached ticker"},
            {R"({"strategies":[{"symbol":"NVDA","portfolio":{"ORCL":1}}]})", "exactly one of"},
            {R"({"strategies":[{"symbol":"NVDA"}],"cache":"/tmp/x"})", "cache: the cache cannot be chosen"},
            {R"({"strategies":[{"symbol":"NVDA"}],"reports":[{"strategies":[{"symbol":"NVDA"}]}]})", "send either"},
            {R"({"reports":[]})", "reports: needs at least 1 entries"},
            {R"({"strategies":[{"symbol":"NVDA"}],"rf":"0.02"})", "rf: expected a finite number"},
            {R"({"strategies":[{"symbol":"NVDA"}],"typo":1})", "unknown key \"typo\""},
            {R"({"strategies":[{"symbol":"NVDA"}],"start":"-001-01-01"})", "start: not a date YYYY-MM-DD"},
            {R"({"strategies":[{"symbol":"NVDA"}],"rf_series":"/etc/passwd"})", "rf_series: not a cached symbol"},
            {R"({"strategies":[{"symbol":"NVDA"}],"rf_series":4.5})", "rf_series: expected a string"},
        };
        for (const Case& c : cases) {
            const auto why = validateJson(json(c.body), schema);
            QVERIFY2(why, c.body);
            QVERIFY2(why->contains(QLatin1String(c.expected)), qPrintable(*why + QStringLiteral(" <- ") + QLatin1String(c.body)));
            QVERIFY2(!why->contains(QLatin1String("etc/passwd")), qPrintable(*why)); // never echoed
        }
        QVERIFY(!validateJson(json(R"({"strategies":[{"portfolio":{"NVDA":0.5,"ORCL":0.5},"rebalance":"5%","cost_bps":5}],
                                       "benchmark":{"symbol":"^GSPC"},"rf":0.02,"format":"json"})"),
                              schema));
        QVERIFY(!validateJson(json(R"({"strategies":[{"symbol":"NVDA"}],"rf_series":"^IRX"})"), schema));
    }

    void limitsComeFromTheOptionsAndAreNamed() {
        ReportLimits limits;
        limits.maxStrategies = 2;
        limits.maxSymbols = 2;
        limits.maxCsvRows = 3;
        QTemporaryDir dir;
        QString hit;
        auto r = sanitiseReportRequest(json(R"({"strategies":[{"symbol":"A"},{"symbol":"B"},{"symbol":"C"}]})"), limits,
                                       dir.path(), &hit);
        QVERIFY(!r);
        QCOMPARE(hit, QStringLiteral("strategies"));
        hit.clear();
        r = sanitiseReportRequest(json(R"({"strategies":[{"portfolio":{"A":1,"B":1,"C":1}}]})"), limits, dir.path(), &hit);
        QVERIFY(!r);
        QCOMPARE(hit, QStringLiteral("symbols"));
        hit.clear();
        r = sanitiseReportRequest(
            json(R"({"strategies":[{"csv":"date,x\n2020-01-02,0.1\n2020-01-03,0.1\n2020-01-06,0.1\n2020-01-07,0.1\n2020-01-08,0.1\n"}]})"),
            limits, dir.path(), &hit);
        QVERIFY(!r);
        QCOMPARE(hit, QStringLiteral("csv_rows"));
    }

    void inlineSeriesBecomeOurFilesNamedByPosition() {
        QTemporaryDir dir;
        auto r = sanitiseReportRequest(
            json(R"({"reports":[{"strategies":[{"symbol":"NVDA"},{"csv":"date,x\n2020-01-02,0.1\n2020-01-03,-0.05\n"}],
                                "benchmark":{"csv":"date,b\n2020-01-02,10\n2020-01-03,11\n","values":"prices","name":"Index"}}],
                     "defaults":{"rf":0.01}})"),
            ReportLimits{}, dir.path());
        QVERIFY2(r, r ? "" : qPrintable(r.error().message));
        const QJsonObject second = r->report.value(QStringLiteral("strategies")).toArray().at(1).toObject();
        QCOMPARE(second.value(QStringLiteral("name")).toString(), QStringLiteral("strategy 2"));
        QVERIFY(second.value(QStringLiteral("returns")).toString().startsWith(dir.path()));
        QVERIFY(!second.contains(QStringLiteral("csv")));
        const QJsonObject bench = r->report.value(QStringLiteral("benchmark")).toObject();
        QCOMPARE(bench.value(QStringLiteral("name")).toString(), QStringLiteral("Index"));
        QVERIFY(QFile::exists(bench.value(QStringLiteral("prices")).toString()));
        QCOMPARE(r->defaults.value(QStringLiteral("rf")).toDouble(), 0.01);

        // A return below -1 is refused with where it is.
        auto bad = sanitiseReportRequest(json(R"({"strategies":[{"csv":"date,x\n2020-01-02,0.1\n2020-01-03,-1.5\n"}]})"),
                                         ReportLimits{}, dir.path());
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.contains(QLatin1String("strategies[0]: strategy 1, row 2")), qPrintable(bad.error().message));
        QVERIFY(!bad.error().message.contains(dir.path()));
    }
};

QTEST_GUILESS_MAIN(TestServerUnits)
#include "test_server_units.moc"
