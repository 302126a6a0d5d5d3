// The report command as a user runs it: every output format, bad requests, and a portfolio built
// from the bundled real prices through the file provider and the cache.

#include "cache/fundamentals_store.h"
#include "cache/price_cache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <csignal>

namespace {
struct Run {
    int code = -1;
    QString out, err;
};
} // namespace

class TestCliReport : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    const QString m_strat = QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/strat_a.csv");
    const QString m_bench = QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/bench.csv");

    Run cli(const QStringList& args) {
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.start(QStringLiteral(TEARSHEET_CLI), args);
        p.waitForFinished(120000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }
    QString file(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void initTestCase() {
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the CLI must pick offscreen by itself
        m_env.remove(QStringLiteral("DISPLAY"));
        m_env.insert(QStringLiteral("HOME"), m_dir.path());
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("cfg")));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("TEARSHEET_FILE_BASE_URL"),
                     QStringLiteral(TEARSHEET_SOURCE_DIR "/data/demo"));
    }

    void everyFormat() {
        const QStringList in{QStringLiteral("report"), QStringLiteral("--returns"), m_strat,
                             QStringLiteral("--benchmark"), m_bench};
        QCOMPARE(cli(in + QStringList{QStringLiteral("--out"), file("r.html")}).code, 0);
        QFile html(file("r.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        QVERIFY(html.readAll().contains("Key Performance Metrics"));
        QCOMPARE(cli(in + QStringList{QStringLiteral("--out"), file("r.pdf"), QStringLiteral("--page"),
                                      QStringLiteral("letter")})
                     .code,
                 0);
        QFile pdf(file("r.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        const Run png = cli(in + QStringList{QStringLiteral("--chart"), QStringLiteral("rolling_beta"),
                                             QStringLiteral("--out"), file("beta.png")});
        QCOMPARE(png.code, 0);
        const QImage img(file("beta.png"));
        QCOMPARE(img.width(), 2000); // 1000 px at 2x
        QVERIFY(img.height() > 600);
        QCOMPARE(cli(in + QStringList{QStringLiteral("--chart"), QStringLiteral("monthly_heatmap"),
                                      QStringLiteral("--out"), file("heat.svg")})
                     .code,
                 0);
        QFile svg(file("heat.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
        // The JSON output is the metrics contract, identical to `metrics --format json`.
        QCOMPARE(cli(in + QStringList{QStringLiteral("--out"), file("r.json")}).code, 0);
        const Run metrics =
            cli({QStringLiteral("metrics"), QStringLiteral("--returns"), m_strat,
                 QStringLiteral("--benchmark"), m_bench, QStringLiteral("--format"), QStringLiteral("json")});
        QFile json(file("r.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(json.readAll()).object().value(QStringLiteral("metrics")),
                 QJsonDocument::fromJson(metrics.out.toUtf8()).object().value(QStringLiteral("metrics")));
    }

    // 40 years next to 10: the HTML's data-quality list and the JSON both say what was cut.
    void cutToCommonDatesIsInTheReport() {
        const QStringList in{QStringLiteral("report"), QStringLiteral("--returns"),
                             QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/strat_40y.csv"),
                             QStringLiteral("--returns"), m_strat};
        const QString notice =
            QStringLiteral("Cut to the dates all series share, 2015-01-01 … 2024-12-31: strat_40y starts "
                           "1985-01-01 (7,827 of 10,436 returns dropped); the window starts with strat_a "
                           "(2015-01-01).");
        QCOMPARE(cli(in + QStringList{QStringLiteral("--out"), file("cut.json")}).code, 0);
        QFile json(file("cut.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject al =
            QJsonDocument::fromJson(json.readAll()).object().value(QStringLiteral("alignment")).toObject();
        QCOMPARE(al.value(QStringLiteral("notice")).toString(), notice);
        QCOMPARE(al.value(QStringLiteral("start_set_by")).toString(), QStringLiteral("strat_a"));
        QCOMPARE(al.value(QStringLiteral("series")).toArray().size(), 2);
        QCOMPARE(cli(in + QStringList{QStringLiteral("--out"), file("cut.html")}).code, 0);
        QFile html(file("cut.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString page = QString::fromUtf8(html.readAll());
        const qsizetype quality = page.indexOf(QStringLiteral("<h2>Data quality</h2>"));
        QVERIFY(quality > 0);
        QVERIFY2(page.indexOf(notice, quality) > quality, qPrintable(page.mid(quality, 600)));
    }

    void dateWindow() {
        QCOMPARE(cli({QStringLiteral("report"), QStringLiteral("--returns"), m_strat,
                      QStringLiteral("--benchmark"), m_bench, QStringLiteral("--start"),
                      QStringLiteral("2018-01-01"), QStringLiteral("--end"), QStringLiteral("2019-12-31"),
                      QStringLiteral("--out"), file("w.json")})
                     .code,
                 0);
        QFile f(file("w.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject m =
            QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("metrics")).toObject();
        QCOMPARE(
            m.value(QStringLiteral("start_period")).toObject().value(QStringLiteral("strategy")).toString(),
            QStringLiteral("2018-01-01"));
        QCOMPARE(
            m.value(QStringLiteral("end_period")).toObject().value(QStringLiteral("strategy")).toString(),
            QStringLiteral("2019-12-31"));
        QCOMPARE(
            cli({QStringLiteral("report"), QStringLiteral("--returns"), m_strat, QStringLiteral("--start"),
                 QStringLiteral("2031-01-01"), QStringLiteral("--out"), file("w2.json")})
                .code,
            2); // nothing in the window
    }

    void badRequests() {
        const QStringList in{QStringLiteral("report"), QStringLiteral("--returns"), m_strat};
        QCOMPARE(cli(in).code, 2); // no --out
        QCOMPARE(cli(in + QStringList{QStringLiteral("--out"), file("x.docx")}).code, 2);
        QCOMPARE(cli(in + QStringList{QStringLiteral("--chart"), QStringLiteral("nope"),
                                      QStringLiteral("--out"), file("x.png")})
                     .code,
                 2);
        const Run beta = cli(in + QStringList{QStringLiteral("--chart"), QStringLiteral("rolling_beta"),
                                              QStringLiteral("--out"), file("x.png")});
        QCOMPARE(beta.code, 2);
        QVERIFY(beta.err.contains(QStringLiteral("needs a benchmark")));
        QCOMPARE(cli({QStringLiteral("report"), QStringLiteral("--out"), file("x.html")}).code, 2);
        QCOMPARE(cli({QStringLiteral("report"), QStringLiteral("--returns"),
                      QStringLiteral(TEARSHEET_TEST_DATA "/bad_date.csv"), QStringLiteral("--out"),
                      file("x.html")})
                     .code,
                 2);
    }

    void portfolioFromBundledPrices() {
        const QString cache = file("demo.sqlite");
        QCOMPARE(cli({QStringLiteral("download"), QStringLiteral("--provider"), QStringLiteral("file"),
                      QStringLiteral("--symbols"), QStringLiteral("NVDA,ORCL,YHOO"),
                      QStringLiteral("--cache"), cache})
                     .code,
                 0);
        auto report = [&](const QString& rebalance, const char* out) {
            return cli({QStringLiteral("report"), QStringLiteral("--portfolio"),
                        QStringLiteral("NVDA:0.4,ORCL:0.3,YHOO:0.3"), QStringLiteral("--rebalance"),
                        rebalance, QStringLiteral("--benchmark-symbol"), QStringLiteral("ORCL"),
                        QStringLiteral("--cache"), cache, QStringLiteral("--out"), file(out)});
        };
        QCOMPARE(report(QStringLiteral("monthly"), "monthly.json").code, 0);
        QCOMPARE(report(QStringLiteral("none"), "hold.json").code, 0);
        auto cumulative = [&](const char* name) {
            QFile f(file(name));
            f.open(QIODevice::ReadOnly);
            return QJsonDocument::fromJson(f.readAll())
                .object()
                .value(QStringLiteral("metrics"))
                .toObject()
                .value(QStringLiteral("cumulative_return"))
                .toObject()
                .value(QStringLiteral("strategy"))
                .toDouble();
        };
        const double monthly = cumulative("monthly.json"), hold = cumulative("hold.json");
        QVERIFY(monthly > 0 && hold > 0);
        QVERIFY2(std::abs(monthly - hold) > 0.01, "rebalancing made no difference");
        const Run pdf = report(QStringLiteral("5%"), "band.pdf");
        QCOMPARE(pdf.code, 0);
        QVERIFY(QFile::exists(file("band.pdf")));
        // Weights that do not sum to 1 are refused unless normalised.
        const Run bad =
            cli({QStringLiteral("report"), QStringLiteral("--portfolio"), QStringLiteral("NVDA:1,ORCL:1"),
                 QStringLiteral("--cache"), cache, QStringLiteral("--out"), file("n.html")});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains(QStringLiteral("--normalize")));
        QCOMPARE(cli({QStringLiteral("report"), QStringLiteral("--portfolio"),
                      QStringLiteral("NVDA:1,ORCL:1"), QStringLiteral("--normalize"),
                      QStringLiteral("--cache"), cache, QStringLiteral("--out"), file("n.html")})
                     .code,
                 0);
    }

    void batchFromAConfigWithShards() {
        const QString cache = file("batch.sqlite");
        QCOMPARE(cli({QStringLiteral("download"), QStringLiteral("--provider"), QStringLiteral("file"),
                      QStringLiteral("--symbols"), QStringLiteral("NVDA,ORCL,YHOO"),
                      QStringLiteral("--cache"), cache})
                     .code,
                 0);
        QFile cfg(file("reports.json"));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write(QStringLiteral(R"({"defaults": {"formats": ["html", "json"]},
            "reports": [
              {"name": "a", "title": "A vs bench", "strategies": [{"returns": "%1", "name": "A"}], "benchmark": {"returns": "%2"}},
              {"name": "tech", "strategies": [{"portfolio": {"NVDA": 0.5, "YHOO": 0.5}, "rebalance": "quarterly", "name": "Tech"}],
               "benchmark": {"symbol": "ORCL"}, "formats": ["pdf"]},
              {"name": "broken", "strategies": [{"returns": "no-such-file.csv"}]}]})")
                      .arg(m_strat, m_bench)
                      .toUtf8());
        cfg.close();
        const QString outDir = file("batch-out");
        const QStringList base{QStringLiteral("report"), QStringLiteral("--config"), file("reports.json"),
                               QStringLiteral("--cache"), cache};
        const Run all = cli(
            base + QStringList{QStringLiteral("--out-dir"), outDir, QStringLiteral("--companions"), outDir});
        QCOMPARE(all.code, 3); // one of three failed, and said why
        QVERIFY(all.err.contains(QStringLiteral("broken")) &&
                all.err.contains(QStringLiteral("no-such-file.csv")));
        for (const char* f :
             {"batch-out/a.html", "batch-out/a.json", "batch-out/tech.pdf", "batch-out/a/metrics.json",
              "batch-out/a/chart_rolling.csv", "batch-out/tech/monthly_returns.csv"})
            QVERIFY2(QFile::exists(file(f)), f);
        // Shards split the batch: 0/2 renders reports 0 and 2, 1/2 (from JOB_COMPLETION_INDEX) report 1.
        const Run s0 = cli(base + QStringList{QStringLiteral("--out-dir"), file("s0"),
                                              QStringLiteral("--shard"), QStringLiteral("0/2")});
        QCOMPARE(s0.code, 3); // "broken" is in this slice
        QVERIFY(QFile::exists(file("s0/a.html")) && !QFile::exists(file("s0/tech.pdf")));
        m_env.insert(QStringLiteral("JOB_COMPLETION_INDEX"), QStringLiteral("1"));
        const Run s1 = cli(base + QStringList{QStringLiteral("--out-dir"), file("s1"),
                                              QStringLiteral("--shard"), QStringLiteral("2")});
        m_env.remove(QStringLiteral("JOB_COMPLETION_INDEX"));
        QCOMPARE(s1.code, 0);
        QVERIFY(QFile::exists(file("s1/tech.pdf")) && !QFile::exists(file("s1/a.html")));
        QCOMPARE(cli(base + QStringList{QStringLiteral("--out-dir"), file("s2"), QStringLiteral("--shard"),
                                        QStringLiteral("3/2")})
                     .code,
                 2);
        // The same inputs give the same bytes, apart from the generation time.
        auto stripped = [&](const char* name) {
            QFile f(file(name));
            f.open(QIODevice::ReadOnly);
            return QString::fromUtf8(f.readAll())
                .remove(QRegularExpression(QStringLiteral("generated [0-9: -]+ UTC")));
        };
        QCOMPARE(stripped("s0/a.html"), stripped("batch-out/a.html"));
    }

    // Twelve reports in three shards (as an Indexed Job runs them): each rendered exactly once.
    void twelveReportsInThreeShardsRenderEachOnce() {
        const QString cache = file("batch.sqlite"); // filled by batchFromAConfigWithShards
        QJsonArray reports;
        const QStringList syms{QStringLiteral("NVDA"), QStringLiteral("ORCL"), QStringLiteral("YHOO")};
        for (int i = 0; i < 12; ++i)
            reports.append(QJsonObject{
                {QStringLiteral("name"), QStringLiteral("r%1").arg(i, 2, 10, QLatin1Char('0'))},
                {QStringLiteral("strategies"),
                 QJsonArray{QJsonObject{{QStringLiteral("symbol"), syms[i % 3]}}}},
                {QStringLiteral("benchmark"), QJsonObject{{QStringLiteral("symbol"), syms[(i + 1) % 3]}}},
                {QStringLiteral("start"), QStringLiteral("%1-01-01").arg(2000 + i)}});
        QFile cfg(file("twelve.json"));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write(QJsonDocument(QJsonObject{{QStringLiteral("defaults"),
                                             QJsonObject{{QStringLiteral("formats"),
                                                          QJsonArray{QStringLiteral("json")}}}},
                                            {QStringLiteral("reports"), reports}})
                      .toJson());
        cfg.close();
        QMap<QString, int> seen;
        for (int shard = 0; shard < 3; ++shard) {
            const QString dir = file("twelve-out") + QString::number(shard);
            m_env.insert(QStringLiteral("JOB_COMPLETION_INDEX"), QString::number(shard));
            const Run r = cli({QStringLiteral("report"), QStringLiteral("--config"), file("twelve.json"),
                               QStringLiteral("--cache"), cache, QStringLiteral("--out-dir"), dir,
                               QStringLiteral("--shard"), QStringLiteral("3")});
            m_env.remove(QStringLiteral("JOB_COMPLETION_INDEX"));
            QCOMPARE(r.code, 0);
            QVERIFY(r.err.contains(QStringLiteral("4 report(s) written, 0 failed, shard %1/3").arg(shard)));
            for (const QString& f : QDir(dir).entryList(QDir::Files))
                ++seen[f];
        }
        QCOMPARE(seen.size(), 12);
        for (auto it = seen.begin(); it != seen.end(); ++it)
            QCOMPARE(it.value(), 1);
        QVERIFY(seen.contains(QStringLiteral("r00.json")) && seen.contains(QStringLiteral("r11.json")));
    }

    // The batch outcome as JSON (what schedule logs), and SIGTERM in a batch: the report being drawn
    // is finished, the rest are not started, exit 130; every file that exists is whole.
    void batchSummaryAndSigtermBetweenReports() {
        QJsonArray reports;
        for (int i = 0; i < 40; ++i)
            reports.append(QJsonObject{
                {QStringLiteral("name"), QStringLiteral("s%1").arg(i, 2, 10, QLatin1Char('0'))},
                {QStringLiteral("strategies"), QJsonArray{QJsonObject{{QStringLiteral("returns"), m_strat}}}},
                {QStringLiteral("benchmark"), QJsonObject{{QStringLiteral("returns"), m_bench}}}});
        QFile cfg(file("forty.json"));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write(QJsonDocument(QJsonObject{{QStringLiteral("defaults"),
                                             QJsonObject{{QStringLiteral("formats"),
                                                          QJsonArray{QStringLiteral("html")}}}},
                                            {QStringLiteral("reports"), reports}})
                      .toJson());
        cfg.close();
        const QString dir = file("forty-out"), summary = file("forty-summary.json");
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.start(QStringLiteral(TEARSHEET_CLI),
                {QStringLiteral("report"), QStringLiteral("--config"), cfg.fileName(),
                 QStringLiteral("--out-dir"), dir, QStringLiteral("--cache"), file("unused.sqlite"),
                 QStringLiteral("--summary"), summary});
        QVERIFY(p.waitForStarted());
        // SIGTERM once the first report is on disk (the process id is the renderer's: report is exec'd).
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QDir(dir).filePath(QStringLiteral("s00.html"))), 60000);
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral(", interrupted")));

        QFile s(summary);
        QVERIFY(s.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(s.readAll()).object();
        QCOMPARE(o.value(QStringLiteral("interrupted")).toBool(), true);
        const QJsonArray done = o.value(QStringLiteral("reports")).toArray();
        QVERIFY2(done.size() >= 1 && done.size() < 40, qPrintable(QString::number(done.size())));
        QCOMPARE(o.value(QStringLiteral("written")).toInt(), done.size());
        QCOMPARE(o.value(QStringLiteral("shard")).toString(), QStringLiteral("0/1"));
        // Exactly the reports the summary names are on disk, each whole; no temporary file is left.
        QStringList listed;
        for (const QJsonValue& v : done) {
            const QJsonObject r = v.toObject();
            QVERIFY(r.value(QStringLiteral("ok")).toBool());
            const QString f = r.value(QStringLiteral("files")).toArray().first().toString();
            QFile html(f);
            QVERIFY2(html.open(QIODevice::ReadOnly), qPrintable(f));
            QVERIFY(html.readAll().trimmed().endsWith("</html>"));
            listed << QFileInfo(f).fileName();
        }
        QStringList onDisk = QDir(dir).entryList(QDir::Files);
        listed.sort();
        onDisk.sort();
        QCOMPARE(onDisk, listed);
    }

    // A portfolio whose holdings have statements cached gets a fundamentals section: each holding's
    // ratios from its statements and latest close, and the weighted (harmonic for P/E) portfolio row.
    void portfolioReportHasFundamentals() {
        const QString cache = file("batch.sqlite"); // NVDA, ORCL, YHOO prices from batchFromAConfigWithShards
        {
            auto store = ts::cache::FundamentalsStore::open(cache);
            QVERIFY(store.ok());
            // EPS 1.44 for NVDA and 0.72 for ORCL (net income 144 / 72 over 100 shares), equity 1,200.
            for (const auto& [sym, ni] :
                 {std::pair{QStringLiteral("NVDA"), 144.0}, std::pair{QStringLiteral("ORCL"), 72.0}}) {
                using namespace ts::fundamentals;
                StatementSet inc{sym, QStringLiteral("fmp"), Statement::Income, PeriodType::Annual, {}, {}};
                inc.items.push_back({QDate(2014, 12, 31), PeriodType::Annual, QStringLiteral("FY"),
                                     Statement::Income, item::netIncome, ni, QStringLiteral("USD")});
                inc.items.push_back({QDate(2014, 12, 31), PeriodType::Annual, QStringLiteral("FY"),
                                     Statement::Income, item::revenue, 1000, QStringLiteral("USD")});
                inc.items.push_back({QDate(2014, 12, 31), PeriodType::Annual, QStringLiteral("FY"),
                                     Statement::Income, item::sharesOutstanding, 100, QStringLiteral("USD")});
                QVERIFY((*store)->store(inc, QDateTime::currentDateTimeUtc()).ok());
            }
        }
        auto prices = ts::cache::PriceCache::open(cache, false);
        QVERIFY(prices.ok());
        auto close = [&](const QString& sym) {
            auto h = (*prices)->history(sym);
            return h->bars.back().close;
        };
        const double peN = close(QStringLiteral("NVDA")) / 1.44, peO = close(QStringLiteral("ORCL")) / 0.72;
        const double pePortfolio = (0.5 + 0.25) / (0.5 / peN + 0.25 / peO); // YHOO (25%) has no statements
        const QStringList base{QStringLiteral("report"),
                               QStringLiteral("--portfolio"),
                               QStringLiteral("NVDA:0.5,ORCL:0.25,YHOO:0.25"),
                               QStringLiteral("--name"),
                               QStringLiteral("Mix"),
                               QStringLiteral("--cache"),
                               cache};
        QCOMPARE(cli(base + QStringList{QStringLiteral("--out"), file("fund.html")}).code, 0);
        QFile html(file("fund.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(html.readAll());
        QVERIFY(text.contains(QStringLiteral("<h2>Fundamentals: Mix</h2>")));
        auto row = [&](const QString& first) {
            const QRegularExpression re(
                QStringLiteral("<tr[^>]*><td>%1</td><td>([^<]*)</td><td>([^<]*)</td>").arg(first));
            const auto m = re.match(text);
            return m.hasMatch() ? QStringList{m.captured(1), m.captured(2)} : QStringList();
        };
        QCOMPARE(row(QStringLiteral("NVDA")),
                 QStringList({QStringLiteral("50.0%"), QString::number(peN, 'f', 2)}));
        QCOMPARE(row(QStringLiteral("ORCL")),
                 QStringList({QStringLiteral("25.0%"), QString::number(peO, 'f', 2)}));
        QCOMPARE(row(QStringLiteral("YHOO")), QStringList({QStringLiteral("25.0%"), QStringLiteral("-")}));
        QCOMPARE(row(QStringLiteral("Portfolio")),
                 QStringList({QStringLiteral("100%"), QString::number(pePortfolio, 'f', 2)}));
        QVERIFY(text.contains(QStringLiteral("no fundamentals in the cache")));
        QVERIFY(text.contains(QStringLiteral("<td>Currency USD</td><td>75.0%</td>")));
        // The PDF carries the same section.
        QCOMPARE(cli(base + QStringList{QStringLiteral("--out"), file("fund.pdf")}).code, 0);
        QProcess pdftotext;
        pdftotext.start(QStringLiteral("pdftotext"), {file("fund.pdf"), QStringLiteral("-")});
        QVERIFY(pdftotext.waitForFinished(30000));
        const QString pdfText = QString::fromUtf8(pdftotext.readAllStandardOutput());
        QVERIFY(pdfText.contains(QStringLiteral("Fundamentals: Mix")));
        QVERIFY(pdfText.contains(QString::number(pePortfolio, 'f', 2)));
        // The JSON report carries the section as numbers.
        QCOMPARE(cli(base + QStringList{QStringLiteral("--out"), file("fund.json")}).code, 0);
        QFile json(file("fund.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject fj = QJsonDocument::fromJson(json.readAll())
                                   .object()[QStringLiteral("fundamentals")]
                                   .toArray()[0]
                                   .toObject();
        QCOMPARE(fj[QStringLiteral("portfolio")].toString(), QStringLiteral("Mix"));
        QVERIFY(std::abs(fj[QStringLiteral("portfolio_ratios")].toObject()[QStringLiteral("pe")].toDouble() -
                         pePortfolio) < 1e-9);
        QVERIFY(fj[QStringLiteral("holdings")]
                    .toArray()[2]
                    .toObject()
                    .value(QStringLiteral("ratios"))
                    .isUndefined()); // YHOO
        // Without statements for any holding there is no section.
        QCOMPARE(cli({QStringLiteral("report"), QStringLiteral("--portfolio"), QStringLiteral("YHOO:1"),
                      QStringLiteral("--cache"), cache, QStringLiteral("--out"), file("nofund.html")})
                     .code,
                 0);
        QFile plain(file("nofund.html"));
        QVERIFY(plain.open(QIODevice::ReadOnly));
        QVERIFY(!plain.readAll().contains("Fundamentals"));
    }
};

QTEST_GUILESS_MAIN(TestCliReport)
#include "test_cli_report.moc"
