#pragma once
// Test helpers: reading the QuantStats reference files in tests/data/oracle and comparing numbers
// with the oracle's tolerances.

#include "data/csv_reader.h"
#include "data/returns.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QTest>
#include <cmath>

namespace ts::test {

// A path under tests/data (the oracle lives in tests/data/oracle; see its README).
inline QString dataPath(const QString& rel) {
    return QStringLiteral(TEARSHEET_TEST_DATA "/") + rel;
}

inline QJsonObject loadJson(const QString& rel) {
    QFile f(dataPath(rel));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(f.fileName()));
    return QJsonDocument::fromJson(f.readAll()).object();
}

// keys.tsv, in order: QuantStats' row label, our JSON key, how the oracle compares the row.
struct OracleKey {
    QString label, key, kind;
};
inline QList<OracleKey> oracleKeys() {
    QFile f(dataPath(QStringLiteral("oracle/keys.tsv")));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(f.fileName()));
    QList<OracleKey> keys;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith('#') || line.trimmed().isEmpty()) continue;
        const QList<QByteArray> c = line.split('\t');
        if (c.size() != 3) qFatal("keys.tsv: bad line %s", line.constData());
        keys.push_back({QString::fromUtf8(c[0]), QString::fromUtf8(c[1]), QString::fromUtf8(c[2])});
    }
    return keys;
}

// Reads an oracle CSV as returns, keeping missing values as NaN.
inline Series loadSeries(const QString& rel) {
    auto frame = readCsvFile(dataPath(rel));
    if (!frame) qFatal("%s", qPrintable(frame.error().message));
    return frame->column(0);
}

// The benchmark as the oracle passed it: restricted to the strategy's dates.
inline Series restrictTo(const Series& b, const Series& r) {
    Series out;
    out.name = b.name;
    std::size_t j = 0;
    for (std::size_t i = 0; i < r.size(); ++i) {
        while (j < b.size() && b.dates[j] < r.dates[i])
            ++j;
        if (j < b.size() && b.dates[j] == r.dates[i]) {
            out.dates.push_back(b.dates[j]);
            out.values.push_back(b.values[j]);
        }
    }
    return out;
}

inline bool closeTo(double got, double want, double rel = 1e-9, double abs = 1e-12) {
    if (std::isnan(want) || std::isinf(want)) return std::isnan(got) ? std::isnan(want) : got == want;
    return std::abs(got - want) <= std::max(abs, rel * std::max(std::abs(got), std::abs(want)));
}

#define TS_COMPARE_NUM(got, want)                                                                            \
    QVERIFY2(ts::test::closeTo((got), (want)),                                                               \
             qPrintable(QStringLiteral("got %1, want %2").arg((got), 0, 'g', 17).arg((want), 0, 'g', 17)))

} // namespace ts::test
