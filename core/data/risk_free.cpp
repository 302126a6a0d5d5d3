#include "data/risk_free.h"

#include "cache/price_cache.h"
#include "data/csv_reader.h"
#include "data/date_validation.h"
#include "util/bounded_read.h"
#include "util/input_limits.h"

#include <algorithm>
#include <cmath>

namespace ts {
namespace {

// The carry allowed before the first yield: a weekly or a Monday-published series may start a few
// days after the returns do.
constexpr qint64 kMaxCarryDays = 7;

bool blankLine(QByteArrayView line) {
    for (char c : line)
        if (c != ' ' && c != '\t' && c != '"' && c != '\r') return false;
    return true;
}

// The file line of each data row, with parseCsv's rule: blank lines are skipped, the first other
// line is the header. parseCsv has checked the layout, so rows and lines correspond.
std::vector<int> dataLines(QByteArrayView text) {
    std::vector<int> lines;
    int lineNo = 0;
    bool header = false;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype nl = text.indexOf('\n', pos);
        if (nl < 0) nl = text.size();
        ++lineNo;
        const bool blank = blankLine(text.sliced(pos, nl - pos));
        pos = nl + 1;
        if (blank) continue;
        if (header) lines.push_back(lineNo);
        header = true;
    }
    return lines;
}

Result<YieldSeries> loadCachedYields(const RiskFreeSource& src) {
    // A symbol is what a path that does not exist is read as, so both readings are named.
    auto cache = cache::PriceCache::open(src.cachePath, /*create=*/false);
    if (!cache)
        return Error::badInput(QStringLiteral("risk-free series \"%1\": no such file, and the price cache "
                                              "cannot be read (%2)")
                                   .arg(src.symbol, cache.error().message));
    if (!(*cache)->instrument(src.symbol))
        return Error::badInput(
            QStringLiteral("risk-free series \"%1\": no such file, and no such symbol in the price cache %2")
                .arg(src.symbol, src.cachePath));
    auto h = (*cache)->history(src.symbol);
    if (!h) return h.error();
    YieldSeries y;
    y.source = src.describe();
    // A yield index is quoted in percent (Yahoo's ^IRX close 4.25 is 4.25% a year); its raw close is
    // the yield, with no dividends or splits to adjust for.
    y.percent = true;
    for (const Bar& b : h->bars) {
        if (!std::isfinite(b.close)) continue;
        const double v = b.close / 100;
        if (!(std::abs(v) < 1))
            return Error::badInput(QStringLiteral("%1: the close %2 on %3 is not an annual yield in percent")
                                       .arg(y.source)
                                       .arg(b.close)
                                       .arg(isoDate(b.date)));
        y.dates.push_back(b.date);
        y.yields.push_back(v);
    }
    if (y.dates.empty()) return Error::badInput(QStringLiteral("%1: no closes in the cache").arg(y.source));
    return y;
}

} // namespace

QString RiskFreeSource::describe() const {
    return symbol.isEmpty() ? path : symbol + QStringLiteral(" (price cache)");
}

bool looksLikePercent(std::span<const double> values) {
    return std::any_of(values.begin(), values.end(), [](double v) { return std::abs(v) > 1; });
}

Result<YieldSeries> parseYieldsCsv(const QByteArray& text, const QString& sourceName) {
    auto frame = parseCsv(text, sourceName);
    if (!frame) return frame.error();
    int col = 0;
    if (frame->names.size() > 1) {
        col = frame->columnIndex(QStringLiteral("Close"));
        if (col < 0)
            return Error::badInput(
                QStringLiteral("%1: a risk-free file needs a date and one yield column (or a column named "
                               "Close), found %2 columns")
                    .arg(sourceName)
                    .arg(frame->names.size()));
    }
    const auto& values = frame->columns[static_cast<std::size_t>(col)];
    const std::vector<int> lines = dataLines(text);
    auto lineOf = [&](std::size_t i) { return i < lines.size() ? lines[i] : 0; };
    for (std::size_t i = 0; i < values.size(); ++i)
        if (std::isnan(values[i]))
            return Error::badInput(QStringLiteral("%1:%2: missing yield on %3 (remove the row: the previous "
                                                  "yield carries over dates without one)")
                                       .arg(sourceName)
                                       .arg(lineOf(i))
                                       .arg(isoDate(frame->dates[i])));
    YieldSeries y;
    y.source = sourceName;
    y.dates = frame->dates;
    y.percent = looksLikePercent(values);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = y.percent ? values[i] / 100 : values[i];
        if (!(std::abs(v) < 1))
            return Error::badInput(
                QStringLiteral("%1:%2: yield %3 read as %4 is %5% a year, not a risk-free rate")
                    .arg(sourceName)
                    .arg(lineOf(i))
                    .arg(values[i])
                    .arg(y.percent ? QStringLiteral("percent") : QStringLiteral("a fraction"))
                    .arg(v * 100));
        y.yields.push_back(v);
    }
    return y;
}

Result<YieldSeries> loadYields(const RiskFreeSource& src) {
    if (!src.symbol.isEmpty()) return loadCachedYields(src);
    auto text = readFileBounded(src.path, limits::kMaxCsvFileBytes, QStringLiteral("a risk-free file"));
    if (!text) return text.error();
    return parseYieldsCsv(*text, src.path);
}

Result<AlignedRiskFree> alignRiskFree(std::span<const QDate> dates, const YieldSeries& yields,
                                      double periods) {
    const auto& yd = yields.dates;
    if (yd.empty()) return Error::badInput(QStringLiteral("%1: no yields").arg(yields.source));
    if (dates.empty()) return AlignedRiskFree{};
    qint64 longestGap = kMaxCarryDays;
    for (std::size_t i = 1; i < yd.size(); ++i)
        longestGap = std::max(longestGap, yd[i - 1].daysTo(yd[i]));
    if (dates.front().daysTo(yd.front()) > kMaxCarryDays)
        return Error::badInput(QStringLiteral("%1: the first yield is on %2, but the returns start on %3 "
                                              "(a yield on or before %3 is needed)")
                                   .arg(yields.source, isoDate(yd.front()), isoDate(dates.front())));
    if (yd.back().daysTo(dates.back()) > longestGap)
        return Error::badInput(QStringLiteral("%1: the last yield is on %2, but the returns run to %3 (the "
                                              "series' longest gap is %4 days)")
                                   .arg(yields.source, isoDate(yd.back()), isoDate(dates.back()))
                                   .arg(longestGap));
    AlignedRiskFree out;
    out.perPeriod.reserve(dates.size());
    out.yields.reserve(dates.size());
    std::size_t j = 0;
    double sum = 0, sumRate = 0;
    for (const QDate& d : dates) {
        while (j + 1 < yd.size() && yd[j + 1] <= d)
            ++j;
        const double y = yields.yields[j];
        if (yd[j] != d) ++out.carried;
        // Compounding, not y / periods: the rate that grows to (1 + y) over a year, as QuantStats'
        // _prepare_returns converts its constant rf.
        const double rate = std::pow(1 + y, 1 / periods) - 1;
        out.perPeriod.push_back(rate);
        out.yields.push_back(y);
        sum += y;
        sumRate += rate;
    }
    const auto n = static_cast<double>(dates.size());
    out.average = sum / n;
    out.min = *std::min_element(out.yields.begin(), out.yields.end());
    out.max = *std::max_element(out.yields.begin(), out.yields.end());
    out.annualised = std::pow(1 + sumRate / n, periods) - 1;
    return out;
}

} // namespace ts
