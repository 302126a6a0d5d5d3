#include "analytics/alignment.h"

#include <QLocale>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace ts {
namespace {

SeriesCoverage coverage(const Series& s, bool benchmark) {
    SeriesCoverage c;
    c.name = s.name;
    c.benchmark = benchmark;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (std::isnan(s.values[i])) continue;
        if (!c.first.isValid()) c.first = s.dates[i];
        c.last = s.dates[i];
        ++c.observations;
    }
    return c;
}

QString iso(const QDate& d) {
    return d.isValid() ? d.toString(Qt::ISODate) : QStringLiteral("no data");
}

QString count(int n) {
    return QLocale(QLocale::English).toString(n);
}

QString label(const SeriesCoverage& c) {
    return c.benchmark ? QStringLiteral("benchmark ") + c.name : c.name;
}

QString withRange(const SeriesCoverage& c) {
    return QStringLiteral("%1 (%2 … %3)").arg(label(c), iso(c.first), iso(c.last));
}

bool sharesADate(const Series& a, const Series& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isnan(a.values[i]))
            ++i;
        else if (std::isnan(b.values[j]))
            ++j;
        else if (a.dates[i] < b.dates[j])
            ++i;
        else if (b.dates[j] < a.dates[i])
            ++j;
        else
            return true;
    }
    return false;
}

// Names the strategies that really have nothing in common, not just the first one.
Error tooFewCommonRows(const std::vector<Series>& strategies, std::size_t rows) {
    if (strategies.size() == 1)
        return Error::badInput(QStringLiteral("%1: %2 usable row(s); at least 2 returns are needed")
                                   .arg(strategies.front().name)
                                   .arg(rows));
    for (std::size_t i = 0; i < strategies.size(); ++i)
        for (std::size_t j = i + 1; j < strategies.size(); ++j)
            if (!sharesADate(strategies[i], strategies[j]))
                return Error::badInput(QStringLiteral("%1 and %2 share no dates")
                                           .arg(withRange(coverage(strategies[i], false)),
                                                withRange(coverage(strategies[j], false))));
    QStringList names;
    for (const auto& s : strategies)
        names << withRange(coverage(s, false));
    return Error::badInput(QStringLiteral("%1 share only %2 date(s); at least 2 returns are needed")
                               .arg(names.join(QStringLiteral(", ")))
                               .arg(rows));
}

Error benchmarkSharesNoDates(const std::vector<Series>& strategies, const Series& b,
                             const AlignedReturns& a) {
    const SeriesCoverage bc = coverage(b, true);
    for (const auto& s : strategies) {
        const SeriesCoverage sc = coverage(s, false);
        if (!bc.first.isValid() || sc.last < bc.first || sc.first > bc.last)
            return Error::badInput(
                QStringLiteral("%1 and %2 share no dates").arg(withRange(sc), withRange(bc)));
    }
    return Error::badInput(QStringLiteral("%1 shares no dates with %2 … %3, the dates the strategies share")
                               .arg(withRange(bc), iso(a.dates.front()), iso(a.dates.back())));
}

// Standard alignment (Q17 corrected): the benchmark's moves since the previous strategy date,
// compounded onto the next strategy date; the first date keeps the benchmark's own return on it.
// Nothing is read from a later date, so a missing day never borrows the future.
std::vector<double> compoundOntoDates(const Series& b, const std::vector<QDate>& dates) {
    std::vector<double> out(dates.size(), 0.0);
    std::size_t j = 0;
    for (std::size_t i = 0; i < dates.size(); ++i) {
        // Row 0 takes only a return dated exactly on it; later rows everything in (prev, date].
        if (i == 0)
            while (j < b.size() && b.dates[j] < dates[0])
                ++j;
        double g = 1.0;
        for (; j < b.size() && b.dates[j] <= dates[i]; ++j)
            if (!std::isnan(b.values[j])) g *= 1.0 + b.values[j];
        out[i] = g - 1.0;
    }
    return out;
}

// `untrimmedStart`: the common start before QuantStats' leading-zero trim moved it (Q16), or invalid.
AlignmentSummary summarize(const std::vector<Series>& strategies, const std::optional<Series>& benchmark,
                           const AlignedReturns& a, const QDate& untrimmedStart) {
    AlignmentSummary s;
    s.start = a.dates.front();
    s.end = a.dates.back();
    const int rows = static_cast<int>(a.rows());
    for (const auto& st : strategies) {
        SeriesCoverage c = coverage(st, false);
        // Every analysed row is a date where every strategy has a value.
        c.dropped = c.observations - rows;
        s.series.push_back(std::move(c));
    }
    const auto& strat = s.series;
    const auto latest =
        std::max_element(strat.begin(), strat.end(), [](auto& x, auto& y) { return x.first < y.first; });
    const auto earliest =
        std::min_element(strat.begin(), strat.end(), [](auto& x, auto& y) { return x.last < y.last; });
    const bool startCut =
        std::any_of(strat.begin(), strat.end(), [&](auto& c) { return c.first < latest->first; });
    const bool endCut =
        std::any_of(strat.begin(), strat.end(), [&](auto& c) { return c.last > earliest->last; });
    const int latestStart = static_cast<int>(latest - strat.begin());
    const int earliestEnd = static_cast<int>(earliest - strat.begin());
    if (benchmark) {
        SeriesCoverage c = coverage(*benchmark, true);
        for (std::size_t j = 0; j < benchmark->size(); ++j)
            if (benchmark->dates[j] < s.start || benchmark->dates[j] > s.end) ++c.dropped;
        for (const QDate& d : a.dates)
            if (!c.first.isValid() || d < c.first || d > c.last) ++c.flatRows;
        s.series.push_back(std::move(c));
    }
    if (startCut) s.startSetBy = latestStart;
    if (untrimmedStart.isValid()) {
        // Before its first date a re-based benchmark reads as no move, so the trim cuts there.
        if (benchmark && s.series.back().first > untrimmedStart)
            s.startSetBy = static_cast<int>(strategies.size());
        s.startAtFirstMove =
            s.startSetBy < 0 || s.series[static_cast<std::size_t>(s.startSetBy)].first != s.start;
    }
    if (endCut) s.endSetBy = earliestEnd;
    return s;
}

} // namespace

bool AlignmentSummary::cut() const {
    return std::any_of(series.begin(), series.end(), [](auto& c) { return c.dropped > 0 || c.flatRows > 0; });
}

QString alignmentNotice(const AlignmentSummary& s) {
    QStringList parts, sentences;
    for (const auto& c : s.series) {
        if (c.dropped == 0) continue;
        const bool early = c.first<s.start, late = c.last> s.end;
        QString extent;
        if (early && late)
            extent = QStringLiteral(" runs %1 … %2").arg(iso(c.first), iso(c.last));
        else if (early)
            extent = QStringLiteral(" starts %1").arg(iso(c.first));
        else if (late)
            extent = QStringLiteral(" ends %1").arg(iso(c.last));
        parts << QStringLiteral("%1%2 (%3 of %4 returns %5)")
                     .arg(label(c), extent, count(c.dropped), count(c.observations),
                          c.benchmark ? QStringLiteral("outside the window") : QStringLiteral("dropped"));
    }
    const QString firstMove = QStringLiteral("%1, the first day strategy and benchmark have both moved "
                                             "(QuantStats drops earlier days when there is a benchmark)")
                                  .arg(iso(s.start));
    if (s.startSetBy >= 0) {
        const auto& c = s.series[static_cast<std::size_t>(s.startSetBy)];
        parts << QStringLiteral("the window starts with %1 (%2)").arg(label(c), iso(c.first)) +
                     (s.startAtFirstMove ? QStringLiteral(", then at ") + firstMove : QString());
    } else if (s.startAtFirstMove) {
        parts << QStringLiteral("the window starts at ") + firstMove;
    }
    if (s.endSetBy >= 0) {
        const auto& c = s.series[static_cast<std::size_t>(s.endSetBy)];
        parts << QStringLiteral("the window ends with %1 (%2)").arg(label(c), iso(c.last));
    }
    if (!parts.isEmpty())
        sentences << QStringLiteral("Cut to the dates all series share, %1 … %2: %3.")
                         .arg(iso(s.start), iso(s.end), parts.join(QStringLiteral("; ")));
    for (const auto& c : s.series)
        if (c.flatRows > 0)
            sentences << QStringLiteral("%1 has no data on %2 analysed day(s); they count as no move.")
                             .arg(withRange(c), count(c.flatRows));
    return sentences.join(QLatin1Char(' '));
}

std::vector<double> alignBenchmark(const Series& b, const std::vector<QDate>& dates, bool& rebased,
                                   bool calendarBackfill) {
    std::vector<double> out(dates.size(), 0.0);
    rebased = b.dates != dates;
    if (!rebased) {
        for (std::size_t i = 0; i < dates.size(); ++i)
            out[i] = std::isnan(b.values[i]) ? 0.0 : b.values[i];
        return out;
    }
    if (!calendarBackfill) return compoundOntoDates(b, dates);
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
    QDate untrimmedStart;
    bool benchCutStart = false, benchCutEnd = false;
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
    if (a.dates.size() < 2) return tooFewCommonRows(strategies, a.dates.size());
    a.columns = std::move(cols);

    if (benchmark) {
        const Series& b = *benchmark;
        const bool overlaps =
            !b.dates.empty() && b.dates.front() <= a.dates.back() && b.dates.back() >= a.dates.front();
        if (!overlaps) return benchmarkSharesNoDates(strategies, b, a);
        if (!rules.trimLeadingZerosWithBenchmark) {
            // Standard: analyse the dates both cover, from the benchmark's first to its last value;
            // outside them a missing benchmark is not a flat one.
            const SeriesCoverage bc = coverage(b, true);
            std::size_t from = 0, to = a.dates.size();
            while (from < to && a.dates[from] < bc.first)
                ++from;
            while (to > from && a.dates[to - 1] > bc.last)
                --to;
            if (to - from < 2) return benchmarkSharesNoDates(strategies, b, a);
            benchCutStart = from > 0;
            benchCutEnd = to < a.dates.size();
            a.dates = std::vector<QDate>(a.dates.begin() + static_cast<std::ptrdiff_t>(from),
                                         a.dates.begin() + static_cast<std::ptrdiff_t>(to));
            for (auto& c : a.columns)
                c = std::vector<double>(c.begin() + static_cast<std::ptrdiff_t>(from),
                                        c.begin() + static_cast<std::ptrdiff_t>(to));
        }
        a.columns.push_back(
            alignBenchmark(b, a.dates, a.benchmarkRebased, rules.backfillBenchmarkOnCalendarGrid));
        a.names.push_back(b.name);
        a.hasBenchmark = true;

        if (rules.trimLeadingZerosWithBenchmark) {
            auto firstMove = [](const std::vector<double>& v) {
                const auto it = std::find_if(v.begin(), v.end(), [](double x) { return x != 0; });
                return it == v.end() ? std::size_t{0} : static_cast<std::size_t>(it - v.begin());
            };
            const std::size_t start = std::max(firstMove(a.columns.front()), firstMove(a.columns.back()));
            if (start > 0) {
                untrimmedStart = a.dates.front();
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
    a.summary = summarize(strategies, benchmark, a, untrimmedStart);
    if (benchCutStart) a.summary.startSetBy = static_cast<int>(strategies.size());
    if (benchCutEnd) a.summary.endSetBy = static_cast<int>(strategies.size());
    return a;
}

} // namespace ts
