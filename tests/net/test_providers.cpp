// Every provider through the real libcurl client against the loopback server: the recorded
// formats parse into the same story (a dividend and a split in one week), and each provider's
// error answers are classified as the downloader needs (retry, next provider, or stop).

#include "data/adjustment.h"
#include "mock_server.h"
#include "providers/provider_util.h"
#include "providers/registry.h"

#include <QTest>
#include <cmath>

using namespace ts;
using namespace ts::providers;

Q_DECLARE_METATYPE(std::vector<double>)
Q_DECLARE_METATYPE(ts::providers::FetchErrorKind)

class TestProviders : public QObject {
    Q_OBJECT
    test::MockServer m_server;
    std::unique_ptr<net::HttpClient> m_client;

    Result<PriceHistory, FetchError> fetch(const QString& provider, const QString& symbol,
                                           FetchRange range = {}) {
        const Provider* p = findProvider(provider);
        FetchContext ctx;
        ctx.config.baseUrl = m_server.url();
        ctx.config.apiKey = QStringLiteral("testkey");
        std::vector<net::HttpResponse> rs;
        for (const auto& req : p->requests(symbol, range, ctx))
            rs.push_back(m_client->fetch(req));
        return p->parse(symbol, range, ctx, rs);
    }

private slots:
    void initTestCase() {
        QVERIFY2(m_server.start(), "the loopback provider server did not start");
        net::HttpOptions o;
        o.totalTimeoutMs = 2000;
        m_client = std::make_unique<net::HttpClient>(o);
    }

    void parsesTheStory_data() {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<std::vector<double>>("adjusted"); // total-return closes after our adjustment
        // Dividend 0.50 (split basis) ex 06-05, 2:1 split ex 06-07; every provider agrees to ~1e-4.
        const std::vector<double> story{99.50495, 100.5, 100.0, 102.0, 103.0};
        QTest::newRow("yahoo: split-adjusted close + events") << "yahoo"
                                                              << "AAPL" << story;
        QTest::newRow("stooq: adjusted CSV") << "stooq"
                                             << "AAPL" << story;
        QTest::newRow("alphavantage: raw + dividend/split columns") << "alphavantage"
                                                                    << "IBM" << story;
        QTest::newRow("tiingo: raw + divCash/splitFactor") << "tiingo"
                                                           << "AAPL" << story;
        QTest::newRow("eodhd: raw + div + splits endpoints") << "eodhd"
                                                             << "AAPL" << story;
        // FMP's full endpoint is split-adjusted without dividends: a price-return series.
        QTest::newRow("fmp: split-adjusted, newest first")
            << "fmp"
            << "AAPL" << std::vector<double>{100, 101, 100, 102, 103};
        QTest::newRow("vci: VND, columnar, epoch strings")
            << "vci"
            << "FPT" << std::vector<double>{131000, 130500, 130900, 133000, 133800};
    }
    void parsesTheStory() {
        QFETCH(QString, provider);
        QFETCH(QString, symbol);
        QFETCH(std::vector<double>, adjusted);
        auto h = fetch(provider, symbol);
        QVERIFY2(h.ok(), h.ok() ? "" : qPrintable(h.error().message));
        QCOMPARE(h->bars.size(), adjusted.size());
        QCOMPARE(h->bars.front().date, QDate(2024, 6, 3));
        for (std::size_t i = 1; i < h->bars.size(); ++i)
            QVERIFY(h->bars[i - 1].date < h->bars[i].date);
        const AdjustedCloses a = adjustCloses(h->bars, h->actions, h->basis);
        for (std::size_t i = 0; i < adjusted.size(); ++i)
            QVERIFY2(
                std::abs(a.closes[i] / adjusted[i] - 1) < 1e-4,
                qPrintable(
                    QStringLiteral("bar %1: %2 vs %3").arg(i).arg(a.closes[i], 0, 'g', 10).arg(adjusted[i])));
        // Where the provider states an adjusted close, ours agrees with it.
        QVERIFY(maxAdjustmentMismatch(h->bars, a) < 1e-4);
    }

    void yahooDetails() {
        auto h = fetch(QStringLiteral("yahoo"), QStringLiteral("AAPL"));
        QVERIFY(h.ok());
        QCOMPARE(h->instrument.exchangeTz, QStringLiteral("America/New_York"));
        QCOMPARE(h->instrument.currency, QStringLiteral("USD"));
        QCOMPARE(h->bars.size(), std::size_t(5)); // the all-null bar of 06-06 is skipped, not a zero
        QVERIFY(!std::count_if(h->bars.begin(), h->bars.end(),
                               [](const Bar& b) { return b.date == QDate(2024, 6, 6); }));
        QCOMPARE(h->bars[2].high, 100.8); // float32 noise rounded to priceHint decimals
        QCOMPARE(h->actions.size(), std::size_t(2));
        const auto req = m_server.requestsFor(QStringLiteral("AAPL")).last().toObject();
        const QString query = req.value(QStringLiteral("query")).toString();
        QVERIFY(query.contains(QStringLiteral("interval=1d")));
        QVERIFY(query.contains(QStringLiteral("events=div%2Csplits")));
        QVERIFY(query.contains(QStringLiteral("period1=")) && query.contains(QStringLiteral("period2=")));
    }

    void windowIsRespected() {
        auto h =
            fetch(QStringLiteral("yahoo"), QStringLiteral("AAPL"), {QDate(2024, 6, 5), QDate(2024, 6, 7)});
        QVERIFY(h.ok());
        QCOMPARE(h->bars.size(), std::size_t(2));
        QCOMPARE(h->bars.front().date, QDate(2024, 6, 5));
    }

    void keysTravelOutsideTheUrlWherePossible() {
        QVERIFY(fetch(QStringLiteral("fmp"), QStringLiteral("AAPL")).ok());
        const auto fmp = m_server.requestsFor(QStringLiteral("AAPL")).last().toObject();
        QCOMPARE(fmp.value(QStringLiteral("apikey_header")).toString(), QStringLiteral("testkey"));
        QVERIFY(!fmp.value(QStringLiteral("query")).toString().contains(QStringLiteral("testkey")));
        QVERIFY(fetch(QStringLiteral("tiingo"), QStringLiteral("AAPL")).ok());
        QCOMPARE(m_server.log().last().toObject().value(QStringLiteral("authorization")).toString(),
                 QStringLiteral("Token testkey"));
        // Where the key must be in the URL, logs see it redacted.
        const QString red = net::redactUrl("http://h/query?function=X&apikey=testkey&symbol=IBM");
        QVERIFY(!red.contains(QStringLiteral("testkey")));
        QVERIFY(red.contains(QStringLiteral("symbol=IBM")));
    }

    void errorsAreClassified_data() {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<FetchErrorKind>("kind");
        using K = FetchErrorKind;
        QTest::newRow("yahoo 404") << "yahoo"
                                   << "NOTFOUNDX" << K::NotFound;
        QTest::newRow("yahoo 429 Edge") << "yahoo"
                                        << "QUOTAX" << K::Throttled;
        QTest::newRow("yahoo garbage JSON") << "yahoo"
                                            << "GARBAGEX" << K::Malformed;
        QTest::newRow("yahoo truncated body") << "yahoo"
                                              << "TRUNCX" << K::Transient;
        QTest::newRow("yahoo 500") << "yahoo"
                                   << "ERR500X" << K::Transient;
        QTest::newRow("yahoo timeout") << "yahoo"
                                       << "SLOWX" << K::Transient;
        QTest::newRow("stooq No data") << "stooq"
                                       << "NOTFOUNDX" << K::NotFound;
        QTest::newRow("stooq daily hits (HTTP 200)") << "stooq"
                                                     << "QUOTAX" << K::QuotaExhausted;
        QTest::newRow("stooq apikey page (HTTP 200)") << "stooq"
                                                      << "BADKEYX" << K::Unauthorized;
        QTest::newRow("stooq garbage") << "stooq"
                                       << "GARBAGEX" << K::Malformed;
        QTest::newRow("fmp 401 invalid key") << "fmp"
                                             << "BADKEYX" << K::Unauthorized;
        QTest::newRow("fmp 429 Limit Reach") << "fmp"
                                             << "QUOTAX" << K::QuotaExhausted;
        QTest::newRow("fmp 200 Limit Reach") << "fmp"
                                             << "QUOTA200X" << K::QuotaExhausted;
        QTest::newRow("fmp empty array") << "fmp"
                                         << "NOTFOUNDX" << K::NotFound;
        QTest::newRow("alphavantage premium (HTTP 200)") << "alphavantage"
                                                         << "PREMIUMX" << K::NotEntitled;
        QTest::newRow("alphavantage 25/day (HTTP 200)") << "alphavantage"
                                                        << "QUOTAX" << K::QuotaExhausted;
        QTest::newRow("alphavantage Error Message") << "alphavantage"
                                                    << "NOTFOUNDX" << K::NotFound;
        QTest::newRow("alphavantage bad key") << "alphavantage"
                                              << "BADKEYX" << K::Unauthorized;
        QTest::newRow("tiingo 404 detail") << "tiingo"
                                           << "NOTFOUNDX" << K::NotFound;
        QTest::newRow("tiingo hourly allocation") << "tiingo"
                                                  << "QUOTAX" << K::QuotaExhausted;
        QTest::newRow("tiingo invalid token") << "tiingo"
                                              << "BADKEYX" << K::Unauthorized;
        QTest::newRow("eodhd 404") << "eodhd"
                                   << "NOTFOUNDX" << K::NotFound;
        QTest::newRow("eodhd 402 daily limit") << "eodhd"
                                               << "QUOTAX" << K::QuotaExhausted;
        QTest::newRow("vci empty list") << "vci"
                                        << "NOTFOUNDX" << K::NotFound;
        QTest::newRow("vci 403") << "vci"
                                 << "ERR403X" << K::Unauthorized;
        QTest::newRow("vci garbage") << "vci"
                                     << "GARBAGEX" << K::Malformed;
    }
    void errorsAreClassified() {
        QFETCH(QString, provider);
        QFETCH(QString, symbol);
        QFETCH(FetchErrorKind, kind);
        auto h = fetch(provider, symbol);
        QVERIFY2(!h.ok(), "an error answer was taken for data");
        QVERIFY2(h.error().kind == kind,
                 qPrintable(QStringLiteral("%1: %2").arg(fetchErrorName(h.error().kind), h.error().message)));
        QVERIFY(h.error().message.contains(symbol));                     // says which symbol
        QVERIFY(!h.error().message.contains(QStringLiteral("testkey"))); // never the key
    }

    void emptyWindowOfAKnownSymbolIsNotAnError() {
        // Yahoo's "Data doesn't exist" for a window before the first trade is an empty result.
        auto h =
            fetch(QStringLiteral("yahoo"), QStringLiteral("AAPL"), {QDate(2000, 1, 3), QDate(2000, 1, 7)});
        QVERIFY(h.ok());
        QVERIFY(h->bars.empty());
    }

    void fileProviderReadsYahooCsv() {
        const Provider* p = findProvider(QStringLiteral("file"));
        FetchContext ctx;
        ctx.config.baseUrl = QStringLiteral(TEARSHEET_SOURCE_DIR "/data/demo");
        auto h = p->parse(QStringLiteral(TEARSHEET_TEST_DATA "/yahoo_layout.csv"), {}, ctx, {});
        QVERIFY2(h.ok(), h.ok() ? "" : qPrintable(h.error().message));
        QVERIFY(!h->bars.empty());
        auto missing = p->parse(QStringLiteral("NO_SUCH_SYMBOL"), {}, ctx, {});
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, FetchErrorKind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestProviders)
#include "test_providers.moc"
