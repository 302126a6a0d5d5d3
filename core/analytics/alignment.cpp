#include "analytics/alignment.h"

#include <algorithm>
#include <cmath>

namespace ts {

std::vector<double> alignBenchmark(const Series& b, const std::vector<QDate>& dates, bool& rebased) {
    std::vector<double> out(dates.size(), 0.0);
    rebased = b.dates != dates;
    if (!rebased) {
        for (std::size_t i = 0; i < dates.size(); ++i)
            out[i] = std::isnan(b.values[i]) ? 0.0 : b.values[i];
        return out;
    }
    std::vector<double> wealth(b.size());
    double g = 1.0;
    for (std::size_t j = 0; j < b.size(); ++j) {
        if (!std::isnan(b.values[j])) g *= 1.0 + b.values[j];
        wealth[j] = 1.0 + (g - 1.0);
    }
    double prev = std::nan("");
    for (std::size_t i = 0; i < dates.size(); ++i) {
        const auto it = std::lower_bound(b.dates.begin(), b.dates.end(), dates[i]);
        const double p =
            it == b.dates.end() ? std::nan("") : wealth[static_cast<std::size_t>(it - b.dates.begin())];
        const double r = p / prev - 1.0;
        out[i] = std::isfinite(r) ? r : 0.0;
        prev = p;
    }
    return out;
}

Result<AlignedReturns> alignForMetrics(const std::vector<Series>& strategies,
                                       const std::optional<Series>& benchmark, const ConventionRules& rules) {
    AlignedReturns a;
    if (strategies.empty()) return Error::badInput(QStringLiteral("no strategy returns given"));

    // Rows kept: dates where every strategy has a value (a DataFrame dropna()).
    const Series& first = strategies.front();
    std::vector<std::vector<double>> cols(strategies.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
        const QDate d = first.dates[i];
        bool complete = !std::isnan(first.values[i]);
        std::vector<double> row{first.values[i]};
        for (std::size_t s = 1; s < strategies.size() && complete; ++s) {
            const auto& other = strategies[s];
            const auto it = std::lower_bound(other.dates.begin(), other.dates.end(), d);
            if (it == other.dates.end() || *it != d)
                complete = false;
            else {
                const double v = other.values[static_cast<std::size_t>(it - other.dates.begin())];
                complete = !std::isnan(v);
                row.push_back(v);
            }
        }
        if (!complete) {
            ++a.droppedMissingRows;
            continue;
        }
        a.dates.push_back(d);
        for (std::size_t s = 0; s < row.size(); ++s)
            cols[s].push_back(row[s]);
    }
    for (std::size_t s = 0; s < strategies.size(); ++s)
        a.names.push_back(strategies[s].name);
    if (a.dates.size() < 2)
        return Error::badInput(QStringLiteral("%1: %2 usable row(s); at least 2 returns are needed")
                                   .arg(first.name)
                                   .arg(a.dates.size()));
    a.columns = std::move(cols);

    if (benchmark) {
        const Series& b = *benchmark;
        const bool overlaps =
            !b.dates.empty() && b.dates.front() <= a.dates.back() && b.dates.back() >= a.dates.front();
        if (!overlaps)
            return Error::badInput(
                QStringLiteral("benchmark %1 (%2 to %3) does not overlap the strategy (%4 to %5)")
                    .arg(b.name,
                         b.dates.empty() ? QStringLiteral("-") : b.dates.front().toString(Qt::ISODate),
                         b.dates.empty() ? QStringLiteral("-") : b.dates.back().toString(Qt::ISODate),
                         a.dates.front().toString(Qt::ISODate), a.dates.back().toString(Qt::ISODate)));
        a.columns.push_back(alignBenchmark(b, a.dates, a.benchmarkRebased));
        a.names.push_back(b.name);
        a.hasBenchmark = true;

        if (rules.trimLeadingZerosWithBenchmark) {
            auto firstMove = [](const std::vector<double>& v) {
                const auto it = std::find_if(v.begin(), v.end(), [](double x) { return x != 0; });
                return it == v.end() ? std::size_t{0} : static_cast<std::size_t>(it - v.begin());
            };
            const std::size_t start = std::max(firstMove(a.columns.front()), firstMove(a.columns.back()));
            if (start > 0) {
                a.trimmedLeadingRows = static_cast<int>(start);
                a.dates.erase(a.dates.begin(), a.dates.begin() + static_cast<std::ptrdiff_t>(start));
                for (auto& c : a.columns)
                    c.erase(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(start));
            }
            if (a.dates.size() < 2)
                return Error::badInput(
                    QStringLiteral("fewer than 2 rows remain once leading zero returns are trimmed"));
        }
    }
    return a;
}

} // namespace ts
