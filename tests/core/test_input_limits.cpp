// Hostile input through the public parsers (issue 13): dates outside years 1-9999, time-zone ids
// from a response, numbers that do not fit, deep nesting, oversized rows and names, encodings.
// Each case is a finding of the fuzzers (tests/fuzz/) or of the review that preceded them.

#include "analytics/return_tables.h"
#include "config/settings.h"
#include "data/csv_reader.h"
#include "data/returns.h"
#include "fundamentals/screen.h"
#include "portfolio/portfolio.h"
#include "providers/registry.h"
#include "report/report_request.h"
#include "schedule/cron.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <future>
#include <sys/stat.h>
#include <thread>

using namespace ts;
using namespace ts::providers;

namespace {

net::HttpResponse ok(const QByteArray& body) {
    net::HttpResponse r;
    r.status = 200;
    r.body = body;
    return r;
}

Result<PriceHistory, FetchError> parseWith(const char* provider, const QByteArray& body) {
    const Provider* p = findProvider(QLatin1String(provider));
    return p->parse(QStringLiteral("TEST"), {}, {}, {ok(body)});
}

QByteArray yahooChart(const QByteArray& tz, const QByteArray& timestamp, int gmtoffset = 0) {
    return R"({"chart":{"result":[{"meta":{"currency":"USD","exchangeTimezoneName":")" + tz +
           R"(","gmtoffset":)" + QByteArray::number(gmtoffset) + R"(},"timestamp":[)" + timestamp +
           R"(],"indicators":{"quote":[{"open":[1],"high":[1],"low":[1],"close":[1],"volume":[1]}]}}]}})";
}

// Runs `f` on its own thread and gives up after `seconds`: the pre-fix code blocks forever on a
// FIFO, and a hung test should fail rather than wait for CTest's timeout.
template <typename F> bool finishesWithin(int seconds, F f) {
    auto done = std::make_shared<std::promise<void>>();
    auto fut = done->get_future();
    std::thread([done, f] {
        f();
        done->set_value();
    }).detach();
    return fut.wait_for(std::chrono::seconds(seconds)) == std::future_status::ready;
}

} // namespace

class TestInputLimits : public QObject {
    Q_OBJECT
private slots:
    // 1. Dates: one validator, years 1-9999.
    void csvRefusesYearsOutsideTheRange_data() {
        QTest::addColumn<QByteArray>("cell");
        QTest::addColumn<QString>("year");
        QTest::newRow("iso negative") << QByteArray("-001-01-01") << "year -1";
        QTest::newRow("us negative") << QByteArray("1/2/-020") << "year -20";
        QTest::newRow("iso year 0") << QByteArray("0000-01-01") << "year 0";
    }
    void csvRefusesYearsOutsideTheRange() {
        QFETCH(QByteArray, cell);
        QFETCH(QString, year);
        QVERIFY(!parseDateCell(cell).isValid());
        auto f = parseCsv("date,r\n" + cell + ",0.01\n2020-01-02,0.02\n", QStringLiteral("t.csv"));
        QVERIFY(!f.ok());
        QCOMPARE(f.error().kind, ErrorKind::BadInput);
        QVERIFY2(f.error().message.startsWith(QStringLiteral("t.csv:2: date")),
                 qPrintable(f.error().message));
        QVERIFY2(f.error().message.contains(year + QStringLiteral(" is outside the supported years 1-9999")),
                 qPrintable(f.error().message));
    }
    void monthlyTableOfEarlyDatesStaysInBounds() {
        // The calendar index itself, should such dates arrive by another road: QDate has no year 0.
        const std::vector<QDate> dates{QDate(-1, 12, 30), QDate(-1, 12, 31), QDate(1, 1, 2), QDate(1, 2, 3)};
        const std::vector<double> r{0.01, 0.02, 0.03, 0.04};
        const auto rows = monthlyReturns(dates, r, false);
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].year, -1);
        QCOMPARE(rows[1].year, 1);
        QCOMPARE(rows[0].months[11], 0.03);
        QCOMPARE(rows[1].months[0], 0.03);
        QCOMPARE(rows[1].months[1], 0.04);
    }
    // 2. A time-zone id from a response opens no file.
    void yahooTimeZoneTraversalFallsBackToTheOffset() {
        // 2020-01-01T20:00:00Z is 2 January at +9 hours.
        auto h = parseWith("yahoo", yahooChart("../../../../etc/passwd", "1577908800", 9 * 3600));
        QVERIFY2(h.ok(), h.ok() ? "" : qPrintable(h.error().message));
        QVERIFY2(h->instrument.exchangeTz.isEmpty(),
                 qPrintable(h->instrument.exchangeTz)); // not stored either
        QCOMPARE(h->bars.size(), std::size_t(1));
        QCOMPARE(h->bars[0].date, QDate(2020, 1, 2));
    }
    void alphaVantageZoneNameIsKeptOnlyAsAPlainLabel_data() {
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<QString>("kept");
        QTest::newRow("usual") << QByteArray("US/Eastern") << "US/Eastern";
        QTest::newRow("traversal") << QByteArray("../../../../etc/passwd") << "";
        QTest::newRow("long") << "US/East" + QByteArray(5000, 'h') + "ern"
                              << "";
        QTest::newRow("control") << QByteArray("US/\\u0007Eastern") << "";
    }
    void alphaVantageZoneNameIsKeptOnlyAsAPlainLabel() {
        QFETCH(QByteArray, zone);
        QFETCH(QString, kept);
        // Plain literals: moc misreads a raw string holding ")" followed by a quote.
        const QByteArray body = "{\"Meta Data\": {\"5. Time Zone\": \"" + zone +
                                "\"}, \"Time Series (Daily)\": {\"2018-02-02\": {\"4. close\": \"1.5\"}}}";
        auto h = parseWith("alphavantage", body);
        QVERIFY2(h.ok(), h.ok() ? "" : qPrintable(h.error().message));
        QCOMPARE(h->instrument.exchangeTz, kept);
    }
    void yahooTimeZoneFifoDoesNotHang() {
        QTemporaryDir dir(QStringLiteral("/tmp/tzXXXXXX")); // short components, as a zone id has
        const QByteArray fifo = dir.filePath(QStringLiteral("zone")).toUtf8();
        QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
        const QByteArray id = "../../../../../../.." + fifo;
        const bool finished =
            finishesWithin(10, [id] { (void)parseWith("yahoo", yahooChart(id, "1577908800")); });
        if (!finished) {
            // Unblock the reader so that the process can end.
            QFile w(QString::fromUtf8(fifo));
            (void)w.open(QIODevice::WriteOnly);
        }
        QVERIFY2(finished, "parsing a Yahoo answer blocked on the FIFO its time-zone id names");
    }

    // 3. Numbers that do not fit.
    void providerTimestampsBeyondInt64AreMalformed_data() {
        QTest::addColumn<QByteArray>("provider");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("yahoo 1e19") << QByteArray("yahoo") << yahooChart("America/New_York", "1e19");
        QTest::newRow("yahoo -1e19") << QByteArray("yahoo") << yahooChart("America/New_York", "-1e19");
        QTest::newRow("vci 1e19")
            << QByteArray("vci")
            << QByteArray(R"({"data":[{"t":[1e19],"o":[1],"h":[1],"l":[1],"c":[1],"v":[1]}]})");
        QTest::newRow("vci string 9.3e18")
            << QByteArray("vci")
            << QByteArray(
                   R"({"data":[{"t":["9300000000000000000"],"o":[1],"h":[1],"l":[1],"c":[1],"v":[1]}]})");
    }
    void providerTimestampsBeyondInt64AreMalformed() {
        QFETCH(QByteArray, provider);
        QFETCH(QByteArray, body);
        auto h = parseWith(provider.constData(), body);
        QVERIFY2(!h.ok(),
                 h.ok() ? qPrintable(h->bars.empty() ? QString() : h->bars[0].date.toString(Qt::ISODate))
                        : "");
        QCOMPARE(h.error().kind, FetchErrorKind::Malformed);
        QVERIFY2(h.error().message.contains(QStringLiteral("is not a date in years 1-9999")),
                 qPrintable(h.error().message));
    }
    void cronStepsThatDoNotFitAreBadInput_data() {
        QTest::addColumn<QString>("expr");
        QTest::newRow("int max") << "*/2147483647 * * * *";
        QTest::newRow("beyond int") << "*/99999999999 * * * *";
        QTest::newRow("range step") << "0-59/2147483647 * * * *";
        QTest::newRow("dow step") << "0 0 * * 1-7/2147483647";
        QTest::newRow("too big") << "*/61 * * * *";
    }
    void cronStepsThatDoNotFitAreBadInput() {
        QFETCH(QString, expr);
        auto c = CronSchedule::parse(expr);
        QVERIFY(!c.ok());
        QCOMPARE(c.error().kind, ErrorKind::BadInput);
        QVERIFY2(c.error().message.contains(QStringLiteral("the step must be a number from 1 to")),
                 qPrintable(c.error().message));
        QVERIFY(CronSchedule::parse(QStringLiteral("*/60 * * * *")).ok());
    }
    void csvNumbersOutOfRangeAreNamedSo_data() {
        QTest::addColumn<QByteArray>("cell");
        QTest::newRow("1e400") << QByteArray("1e400");
        QTest::newRow("1e-400") << QByteArray("1e-400");
    }
    void csvNumbersOutOfRangeAreNamedSo() {
        QFETCH(QByteArray, cell);
        auto f = parseCsv("date,r\n2020-01-02," + cell + "\n", QStringLiteral("t.csv"));
        QVERIFY(!f.ok());
        QVERIFY2(f.error().message.contains(QStringLiteral("is out of the range of a double")),
                 qPrintable(f.error().message));
    }

    // 4. Nesting.
    void screenNestingIsLimited() {
        const QStringList keys{QStringLiteral("pe")};
        const auto nested = [](int n, const char* open, const char* close) {
            return QString::fromLatin1(QByteArray(open).repeated(n) + "pe < 1" +
                                       QByteArray(close).repeated(n));
        };
        QVERIFY(fundamentals::ScreenExpression::parse(nested(40, "(", ")"), keys).ok());
        for (const QString& deep :
             {nested(60, "(", ")"), nested(600, "(", ")"), nested(450, "not ", ""),
              QStringLiteral("pe < ") + QString(QLatin1Char('-')).repeated(1900) + QStringLiteral("1")}) {
            auto e = fundamentals::ScreenExpression::parse(deep, keys);
            QVERIFY(!e.ok());
            QVERIFY2(e.error().message.contains(QStringLiteral("too deeply nested")),
                     qPrintable(e.error().message));
        }
        // And the limit holds on a small worker stack (256 KiB), where the unbounded parser crashed.
        const QString worst = nested(997, "(", ")");
        QThread* t = QThread::create([&] { (void)fundamentals::ScreenExpression::parse(worst, keys); });
        t->setStackSize(256 * 1024);
        t->start();
        QVERIFY(t->wait(20000));
        delete t;
    }

    // 5. Memory in proportion to the input; messages quote a short excerpt.
    void csvRowLimits_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("header columns") << "date," + QByteArray("x,").repeated(5000) + "y\n2020-01-02,1\n"
                                        << "more than 1000 columns";
        QTest::newRow("line of commas") << "date,r\n2020-01-02" + QByteArray(100000, ',') + "\n"
                                        << "more than 1000 columns";
        QTest::newRow("long line") << "date,r\n2020-01-02," + QByteArray(2 << 20, '1') + "\n"
                                   << "the line is longer than 1048576 bytes";
        QTest::newRow("long field") << "date,r\n2020-01-02," + QByteArray(5000, '1') + "\n"
                                    << "a field is longer than 4096 bytes";
        QTest::newRow("long column name") << "date," + QByteArray(300, 'n') + "\n2020-01-02,1\n"
                                          << "the name is longer than 200 characters";
    }
    void csvRowLimits() {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        auto f = parseCsv(text, QStringLiteral("t.csv"));
        QVERIFY(!f.ok());
        QVERIFY2(f.error().message.contains(message), qPrintable(f.error().message));
        QVERIFY2(f.error().message.size() < 200, qPrintable(f.error().message));
    }
    void reportNamesAreCheckedOnce_data() {
        QTest::addColumn<QJsonValue>("name");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QJsonValue(QString()) << "report 1: the name is empty";
        QTest::newRow("blank") << QJsonValue(QStringLiteral("  ")) << "report 1: the name is empty";
        QTest::newRow("separator") << QJsonValue(QStringLiteral("a/b")) << "must be a plain file name";
        QTest::newRow("dot") << QJsonValue(QStringLiteral(".hidden")) << "must be a plain file name";
        QTest::newRow("control") << QJsonValue(QStringLiteral("a\x01z"))
                                 << "\"a\\x01z\" contains control characters";
        QTest::newRow("long") << QJsonValue(QString(100000, QLatin1Char('n')))
                              << "longer than 200 characters";
    }
    void reportNamesAreCheckedOnce() {
        QFETCH(QJsonValue, name);
        QFETCH(QString, message);
        const QJsonObject report{{QStringLiteral("name"), name},
                                 {QStringLiteral("strategies"),
                                  QJsonArray{QJsonObject{{QStringLiteral("symbol"), QStringLiteral("A")}}}}};
        auto r = parseReportConfig(QJsonObject{{QStringLiteral("reports"), QJsonArray{report}}},
                                   QStringLiteral("/tmp"), QStringLiteral("/tmp/c.sqlite"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::BadInput);
        QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
        QVERIFY2(r.error().message.size() < 200, qPrintable(r.error().message.left(300)));
    }
    void settingsFilesAreBoundedBeforeTheyAreRead() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(qint64(64) << 20)); // sparse: refused by its size, never read
        f.close();
        auto s = Settings::load(path);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message.contains(QStringLiteral("the limit for a settings file")),
                 qPrintable(s.error().message));
    }

    void settingsNumbersThatDoNotFitAreRefused_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("timeout 1e20") << QByteArray(R"({"http": {"timeout_ms": 1e20}})")
                                      << "http: \"timeout_ms\" must be a whole number from 1 to";
        QTest::newRow("attempts -1") << QByteArray(R"({"retry": {"max_attempts": -1}})")
                                     << "retry: \"max_attempts\" must be a whole number from 1 to 100";
        QTest::newRow("body 2.5") << QByteArray(R"({"http": {"max_body_bytes": 2.5}})")
                                  << "\"max_body_bytes\"";
        QTest::newRow("rate string") << QByteArray(R"({"providers": {"fmp": {"rate_per_minute": "fast"}}})")
                                     << "providers.fmp: \"rate_per_minute\" must be a number";
    }
    void settingsNumbersThatDoNotFitAreRefused() {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(json);
        f.close();
        auto s = Settings::load(path);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().kind, ErrorKind::BadInput);
        QVERIFY2(s.error().message.contains(message), qPrintable(s.error().message));
    }

    // 6. Smaller findings.
    void driftBandRoundTripsExactly_data() {
        QTest::addColumn<double>("band");
        QTest::newRow("9 digits") << 0.123456789;
        QTest::newRow("5%") << 0.05;
        QTest::newRow("1/3") << 1.0 / 3.0;
        QTest::newRow("tiny") << 1e-9;
    }
    void driftBandRoundTripsExactly() {
        QFETCH(double, band);
        ReportRequest r;
        r.name = QStringLiteral("p");
        r.formats = {QStringLiteral("html")};
        SeriesRequest s;
        s.kind = SeriesRequest::Kind::Portfolio;
        s.portfolio.holdings = {{QStringLiteral("A"), 1.0}};
        s.portfolio.rebalance = Rebalance::Band;
        s.portfolio.band = band;
        r.strategies = {s};
        const QByteArray saved = QJsonDocument(reportConfigJson({r})).toJson();
        auto back =
            parseReportConfig(QJsonDocument::fromJson(saved).object(), QStringLiteral("/tmp"), QString());
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
        QCOMPARE(back->front().strategies.front().portfolio.rebalance, Rebalance::Band);
        QVERIFY2(back->front().strategies.front().portfolio.band == band, saved.constData());
    }
    void encodingsAreNamed_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("utf-16le bom") << QByteArray("\xFF\xFE"
                                                    "d\0a\0t\0e\0",
                                                    10)
                                      << "t.csv: UTF-16 is not supported; save as UTF-8";
        QTest::newRow("utf-16be bom")
            << QByteArray("\xFE\xFF\0d\0a", 6) << "t.csv: UTF-16 is not supported; save as UTF-8";
        QTest::newRow("utf-16le no bom") << QByteArray("d\0a\0t\0e\0,\0r\0", 12) << "UTF-16 is not supported";
        QTest::newRow("nul byte") << QByteArray("date,r\n2020-01-02,0.1\0\n", 23) << "NUL byte at line 2";
    }
    void encodingsAreNamed() {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        auto f = parseCsv(text, QStringLiteral("t.csv"));
        QVERIFY(!f.ok());
        QVERIFY2(f.error().message.contains(message), qPrintable(f.error().message));
    }
    void headerNamesLoseEveryLeadingBom() {
        // Found by fuzz_csv: fromUtf8 dropped one BOM per read, so a name changed on each round trip.
        auto f = parseCsv("date,\xEF\xBB\xBF\xEF\xBB\xBFx\n2020-01-02,1\n", QStringLiteral("t.csv"));
        QVERIFY(f.ok());
        QCOMPARE(f->names.front(), QStringLiteral("x"));
    }
    void pricesThatOverflowAReturnAreRefused() {
        // Found by fuzz_pipeline: the infinite return reached the metrics.
        Series prices;
        prices.name = QStringLiteral("p");
        prices.dates = {QDate(2020, 1, 1), QDate(2020, 1, 2), QDate(2020, 1, 3)};
        prices.values = {0.01, 0.01, 3.1e306};
        auto r = pricesToReturns(prices, QStringLiteral("p.csv"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::BadInput);
        QVERIFY2(r.error().message.contains(QStringLiteral("gives a return too large to represent")),
                 qPrintable(r.error().message));
    }
    void controlCharactersAreShownEscaped() {
        auto f = parseCsv("date,r\n2020-01-02,\x01\x02zz\n", QStringLiteral("t.csv"));
        QVERIFY(!f.ok());
        QVERIFY2(f.error().message.contains(QStringLiteral("\"\\x01\\x02zz\"")),
                 qPrintable(f.error().message));
    }
};

QTEST_GUILESS_MAIN(TestInputLimits)
#include "test_input_limits.moc"
