#pragma once
// A risk-free series: annual yields read from a CSV file (a date and one value column) or from a
// symbol in the price cache (Yahoo's ^IRX closes are a percent yield), turned into a per-period rate
// on each date of the analysis. The metrics subtract that rate row by row instead of one constant.

#include "util/result.h"

#include <QDate>
#include <QString>
#include <span>
#include <vector>

namespace ts {

// Where the yields come from: a file, or a cached symbol.
struct RiskFreeSource {
    QString path;
    QString symbol;
    QString cachePath;

    static RiskFreeSource file(QString p) { return {std::move(p), {}, {}}; }
    static RiskFreeSource cached(QString sym, QString cache) {
        return {{}, std::move(sym), std::move(cache)};
    }
    QString describe() const; // the file path, or "SYMBOL (price cache)"
};

// Annual yields as fractions (0.0425 = 4.25% a year), ascending dates.
struct YieldSeries {
    QString source;
    std::vector<QDate> dates;
    std::vector<double> yields;
    bool percent = false; // the values were percent and were divided by 100
};

// The file rule: values are percent when any |value| > 1 (a fractional yield of 100% a year is not a
// risk-free rate), fractions otherwise. Yields are checked after conversion: |y| < 1.
bool looksLikePercent(std::span<const double> values);

// `sourceName` names the text in messages (file:line). One value column, or a column named Close.
Result<YieldSeries> parseYieldsCsv(const QByteArray& text, const QString& sourceName);
Result<YieldSeries> loadYields(const RiskFreeSource& src);

struct AlignedRiskFree {
    std::vector<double> perPeriod;        // one per date: (1 + y)^(1 / periods) - 1
    std::vector<double> yields;           // the annual yield each date used
    double annualised = 0;                // (1 + mean per-period rate)^periods - 1
    double average = 0, min = 0, max = 0; // of `yields`
    int carried = 0;                      // dates without a yield of their own (the last one is used)
};

// The yield on each date is the last one published on or before it. Before the first yield it is the
// first one, at most 7 calendar days back; after the last, at most the series' own longest gap (or 7
// days) forward. Further out is an error naming the dates: a rate is never invented for years.
Result<AlignedRiskFree> alignRiskFree(std::span<const QDate> dates, const YieldSeries& yields,
                                      double periods);

} // namespace ts
