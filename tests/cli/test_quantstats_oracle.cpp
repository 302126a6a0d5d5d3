// The QuantStats oracle over the real CLI: every case of tests/data/oracle (computed by QuantStats
// 0.0.81) through `tearsheet-cli metrics --convention quantstats --format json`, row by row with the
// oracle's tolerances, plus the drawdown episodes and monthly tables of each series.

#include "../core/oracle.h"
#include "cli_run.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <optional>

namespace {

const QString kOracle = ts::test::dataPath(QStringLiteral("oracle"));
constexpr double kRound2 = 0.0051;

QByteArray readFile(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) qFatal("missing reference file %s", qPrintable(path));
    return f.readAll();
}

// A reference or CLI value as a number: null, "-" and absent are "no value"; QuantStats writes some
// values as strings ("12.5%", "1,234", "Infinity").
std::optional<double> number(const QJsonValue& v) {
    if (v.isDouble()) return v.toDouble();
    if (!v.isString()) return std::nullopt;
    QString s = v.toString().trimmed();
    if (s == QLatin1String("-") || s.isEmpty()) return std::nullopt;
    if (s.endsWith(QLatin1Char('%'))) s.chop(1);
    s.remove(QLatin1Char(','));
    if (s == QLatin1String("Infinity") || s == QLatin1String("inf")) return INFINITY;
    if (s == QLatin1String("-Infinity") || s == QLatin1String("-inf")) return -INFINITY;
    bool ok = false;
    const double d = s.toDouble(&ok);
    if (!ok) qFatal("not a number in the reference: %s", qPrintable(s));
    return d;
}

// Both missing, or both there and equal within the oracle's tolerances (ts::test::closeTo).
bool near(std::optional<double> a, std::optional<double> b, double rel = 1e-9, double abs = 1e-12) {
    if (!a || !b) return !a && !b;
    return ts::test::closeTo(*a, *b, rel, abs);
}

QString show(const QJsonValue& v) {
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QJsonObject metricsJson(const QStringList& args) {
    const Run r = cli(QStringList{QStringLiteral("metrics")} + args +
                      QStringList{QStringLiteral("--convention"), QStringLiteral("quantstats"),
                                  QStringLiteral("--format"), QStringLiteral("json")});
    if (r.code != 0)
        qFatal("tearsheet-cli metrics %s: exit %d: %s", qPrintable(args.join(QLatin1Char(' '))), r.code,
               qPrintable(r.err));
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(r.out.toUtf8(), &e);
    if (e.error != QJsonParseError::NoError) qFatal("not JSON: %s", qPrintable(e.errorString()));
    return d.object();
}

// QuantStats was given the benchmark restricted to the strategy's dates: the same rows, in a file.
QString restrictedBenchmark(const QString& bench, const QString& returns, const QTemporaryDir& dir) {
    QSet<QByteArray> dates;
    for (const QByteArray& line : readFile(returns).split('\n').mid(1))
        if (!line.isEmpty()) dates.insert(line.left(line.indexOf(',')));
    const QList<QByteArray> lines = readFile(bench).split('\n');
    QByteArray out = lines.first() + '\n';
    for (const QByteArray& line : lines.mid(1))
        if (!line.isEmpty() && dates.contains(line.left(line.indexOf(',')))) out += line + '\n';
    const QString path = dir.filePath(QStringLiteral("bench_") + QFileInfo(returns).fileName());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(out) != out.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// "metrics(returns, benchmark, ..., rf=0.02, compounded=False)" → the CLI's flags.
QStringList flagsOfCall(const QString& call) {
    QStringList flags;
    const auto m = QRegularExpression(QStringLiteral("rf=([0-9.eE+-]+)")).match(call);
    flags << QStringLiteral("--rf") << (m.hasMatch() ? m.captured(1) : QStringLiteral("0"));
    const auto p = QRegularExpression(QStringLiteral("periods_per_year=([0-9]+)")).match(call);
    if (p.hasMatch()) flags << QStringLiteral("--periods") << p.captured(1);
    if (call.contains(QLatin1String("compounded=False"))) flags << QStringLiteral("--no-compound");
    return flags;
}

} // namespace

class TestQuantstatsOracle : public QObject {
    Q_OBJECT
    QJsonObject m_cases, m_drawdowns, m_monthly;
    QList<ts::test::OracleKey> m_keys;
    QTemporaryDir m_tmp;

    // Our JSON `got` against QuantStats' rows, column by column (reference column, our key), at the
    // oracle's tolerances (keys.tsv); the mismatches, and how many values were compared.
    QStringList compareRows(const QJsonObject& rows, const QJsonObject& got,
                            const QList<std::pair<QString, QString>>& columns, int& compared,
                            const QStringList& roundedKeys = {}) const {
        QStringList mismatches;
        for (const auto& k : m_keys) {
            if (!rows.contains(k.label)) continue;
            const QJsonObject want = rows.value(k.label).toObject();
            for (const auto& [refCol, col] : columns) {
                const QJsonValue w = want.value(refCol);
                // QuantStats leaves benchmark-relative rows empty in the benchmark's column.
                if (k.kind == QLatin1String("round2") && col == QLatin1String("benchmark") &&
                    w.toString() == QLatin1String("-"))
                    continue;
                const QJsonObject metric = got.value(k.key).toObject();
                if (!metric.contains(col)) {
                    mismatches << QStringLiteral("%1[%2]: missing (want %3)").arg(k.key, col, show(w));
                    continue;
                }
                const QJsonValue g = metric.value(col);
                bool ok = false;
                if (k.kind == QLatin1String("date"))
                    ok = (w.toString() == QLatin1String("-") ? QJsonValue(QJsonValue::Null) : w) == g;
                else if (k.kind == QLatin1String("int"))
                    ok = (!number(g) && !number(w)) ||
                         (number(g) && number(w) && std::llround(*number(g)) == std::llround(*number(w)));
                else if (k.kind == QLatin1String("round2") || roundedKeys.contains(k.key))
                    ok = near(number(g), number(w), 0, kRound2);
                else if (k.kind == QLatin1String("pct100"))
                    ok = near(number(g) ? std::optional<double>(*number(g) * 100) : std::nullopt, number(w));
                else
                    ok = near(number(g), number(w));
                ++compared;
                if (!ok)
                    mismatches << QStringLiteral("%1[%2]: got %3, want %4").arg(k.key, col, show(g), show(w));
            }
        }
        return mismatches;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_keys = ts::test::oracleKeys();
        m_cases = ts::test::loadJson(QStringLiteral("oracle/ref/quantstats_metrics_unrounded.json"));
        m_drawdowns = ts::test::loadJson(QStringLiteral("oracle/ref/quantstats_drawdown_details.json"));
        m_monthly = ts::test::loadJson(QStringLiteral("oracle/ref/quantstats_monthly_returns.json"));
        QVERIFY(m_keys.size() >= 80);
        QVERIFY(m_cases.size() >= 14);
    }

    // The references are data we must not edit: each file still has the digest it was copied with.
    void referencesAreUnchanged() {
        int checked = 0;
        for (const QByteArray& line : readFile(kOracle + QStringLiteral("/SHA256SUMS")).split('\n')) {
            if (line.isEmpty()) continue;
            const QByteArray want = line.left(64);
            const QString file = QString::fromUtf8(line.mid(66));
            const QByteArray got = QCryptographicHash::hash(readFile(kOracle + QLatin1Char('/') + file),
                                                            QCryptographicHash::Sha256)
                                       .toHex();
            QVERIFY2(got == want, qPrintable(file + QStringLiteral(" differs from the copied reference")));
            ++checked;
        }
        QVERIFY(checked >= 28);
    }

    void metrics_data() {
        QTest::addColumn<QString>("name");
        for (auto it = m_cases.begin(); it != m_cases.end(); ++it) {
            // Prices given as returns to QuantStats: its numbers there describe nothing.
            if (it.key().startsWith(QLatin1Char('_')) ||
                it.key() == QLatin1String("strat_a_close__bench__rf0"))
                continue;
            QTest::newRow(qPrintable(it.key())) << it.key();
        }
    }
    void metrics() {
        QFETCH(QString, name);
        const QJsonObject c = m_cases.value(name).toObject();
        const QString returns =
            kOracle + QLatin1Char('/') + c.value(QStringLiteral("returns_file")).toString();
        QStringList args{QStringLiteral("--returns"), returns};
        const QString benchFile =
            c.value(QStringLiteral("benchmark_file")).toString().section(QLatin1Char(' '), 0, 0);
        if (!benchFile.isEmpty())
            args << QStringLiteral("--benchmark")
                 << restrictedBenchmark(kOracle + QLatin1Char('/') + benchFile, returns, m_tmp);
        args << flagsOfCall(c.value(QStringLiteral("call")).toString());
        const QJsonObject got = metricsJson(args).value(QStringLiteral("metrics")).toObject();
        const QJsonObject rows = c.value(QStringLiteral("rows")).toObject();

        const QList<std::pair<QString, QString>> columns =
            benchFile.isEmpty()
                ? QList<std::pair<QString, QString>>{{QStringLiteral("strategy"), QStringLiteral("strategy")}}
                : QList<std::pair<QString, QString>>{{QStringLiteral("strategy"), QStringLiteral("strategy")},
                                                     {QStringLiteral("benchmark"), QStringLiteral("benchmark")}};
        int compared = 0;
        const QStringList mismatches = compareRows(rows, got, columns, compared);
        QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.mid(0, 10).join(QLatin1Char('\n'))));
        QVERIFY2(compared >= 70, qPrintable(QStringLiteral("only %1 values compared").arg(compared)));
    }

    // Several strategies in one DataFrame (issue 17): QuantStats' metrics() computes them together, with
    // its cross-column effects (joint-row filters Q1, the first column's smart penalty Q2, leading zeros
    // Q16); one wide CSV through `metrics` must give the same table.
    void severalStrategiesInOneFile() {
        const QJsonObject ref = ts::test::loadJson(QStringLiteral("oracle/ref/quantstats_metrics_wide.json"));
        const QString wide = kOracle + QStringLiteral("/data/wide_abc.csv");
        const QJsonObject got =
            metricsJson({QStringLiteral("--returns"), wide, QStringLiteral("--benchmark"),
                         restrictedBenchmark(kOracle + QStringLiteral("/data/bench.csv"), wide, m_tmp)})
                .value(QStringLiteral("metrics"))
                .toObject();
        QList<std::pair<QString, QString>> columns;
        for (const QJsonValue& c : ref.value(QStringLiteral("columns")).toArray())
            columns.push_back({c.toString(), c.toString() == QLatin1String("Benchmark") ? QStringLiteral("benchmark")
                                                                                         : c.toString()});
        QCOMPARE(columns.size(), 4);
        int compared = 0;
        // The reference holds R^2 and the information ratio of several strategies rounded to 2 decimals:
        // QuantStats builds those rows per strategy outside the Series.round that was patched.
        const QStringList mismatches =
            compareRows(ref.value(QStringLiteral("rows")).toObject(), got, columns, compared,
                        {QStringLiteral("r_squared"), QStringLiteral("information_ratio")});
        QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.mid(0, 10).join(QLatin1Char('\n'))));
        QVERIFY2(compared >= 300, qPrintable(QStringLiteral("only %1 values compared").arg(compared)));
    }

    void tables_data() {
        QTest::addColumn<QString>("series");
        QStringList names = m_drawdowns.keys() + m_monthly.keys();
        names.removeDuplicates();
        names.sort();
        for (const QString& s : names) {
            // Price files and the series with gaps are not the CLI's returns input here.
            if (s.startsWith(QLatin1Char('_')) || s.endsWith(QLatin1String("_close")) ||
                s == QLatin1String("with_nans"))
                continue;
            QTest::newRow(qPrintable(s)) << s;
        }
    }
    void tables() {
        QFETCH(QString, series);
        const QString file = kOracle + QStringLiteral("/data/") + series + QStringLiteral(".csv");
        QVERIFY2(QFile::exists(file), qPrintable(file + QStringLiteral(" is missing")));
        const QJsonObject out = metricsJson({QStringLiteral("--returns"), file});
        QStringList mismatches;

        const QJsonArray want =
            m_drawdowns.value(series).toObject().value(QStringLiteral("records")).toArray();
        const QJsonArray got =
            out.value(QStringLiteral("drawdowns")).toObject().value(QStringLiteral("strategy")).toArray();
        QCOMPARE(got.size(), want.size());
        for (qsizetype i = 0; i < want.size(); ++i) {
            const QJsonObject g = got[i].toObject(), w = want[i].toObject();
            for (const char* f : {"start", "valley", "end"})
                if (g.value(QLatin1String(f)) != w.value(QLatin1String(f)))
                    mismatches << QStringLiteral("drawdowns[%1].%2: got %3, want %4")
                                      .arg(i)
                                      .arg(QLatin1String(f), show(g.value(QLatin1String(f))),
                                           show(w.value(QLatin1String(f))));
            if (number(g.value(QStringLiteral("days"))) != number(w.value(QStringLiteral("days"))))
                mismatches << QStringLiteral("drawdowns[%1].days").arg(i);
            // QuantStats writes the episode depths in percent; ours are fractions.
            auto fraction = [](const QJsonValue& v) {
                const auto n = number(v);
                return n ? std::optional<double>(*n / 100) : std::nullopt;
            };
            if (!near(number(g.value(QStringLiteral("max_drawdown"))),
                      fraction(w.value(QStringLiteral("max drawdown")))))
                mismatches << QStringLiteral("drawdowns[%1].max_drawdown: got %2")
                                  .arg(i)
                                  .arg(show(g.value(QStringLiteral("max_drawdown"))));
            if (!near(number(g.value(QStringLiteral("max_drawdown_99"))),
                      fraction(w.value(QStringLiteral("99% max drawdown"))), 1e-8))
                mismatches << QStringLiteral("drawdowns[%1].max_drawdown_99: got %2")
                                  .arg(i)
                                  .arg(show(g.value(QStringLiteral("max_drawdown_99"))));
        }

        const QJsonObject wantMonths =
            m_monthly.value(series).toObject().value(QStringLiteral("compounded")).toObject();
        const QJsonObject gotMonths = out.value(QStringLiteral("monthly_returns"))
                                          .toObject()
                                          .value(QStringLiteral("strategy"))
                                          .toObject();
        int cells = 0;
        for (auto y = wantMonths.begin(); y != wantMonths.end(); ++y)
            for (auto [month, w] : y.value().toObject().toVariantMap().asKeyValueRange()) {
                const QJsonValue g = gotMonths.value(y.key()).toObject().value(month);
                ++cells;
                if (!near(number(g), number(QJsonValue::fromVariant(w))))
                    mismatches << QStringLiteral("monthly[%1][%2]: got %3").arg(y.key(), month, show(g));
            }
        QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.mid(0, 10).join(QLatin1Char('\n'))));
        QVERIFY(cells > 0 || wantMonths.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestQuantstatsOracle)
#include "test_quantstats_oracle.moc"
