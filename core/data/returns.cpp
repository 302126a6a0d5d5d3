#include "data/returns.h"

#include "util/excerpt.h"

#include <QStringList>
#include <cmath>
#include <limits>

namespace ts {
namespace {

// The column names for a message: the first few, each excerpted (a file may have 1,000 of them).
QString columnList(const Frame& frame) {
    QStringList shown;
    for (std::size_t i = 0; i < frame.names.size() && i < 10; ++i)
        shown << excerpt(frame.names[i]);
    if (frame.names.size() > 10) shown << QStringLiteral("... %1 more").arg(frame.names.size() - 10);
    return shown.join(QStringLiteral(", "));
}

} // namespace

Result<Series> selectColumn(const Frame& frame, const QString& requested, bool prices) {
    if (!requested.isEmpty()) {
        const int i = frame.columnIndex(requested);
        if (i < 0)
            return Error::badInput(QStringLiteral("%1: no column \"%2\" (columns: %3)")
                                       .arg(frame.source, excerpt(requested), columnList(frame)));
        return frame.column(i);
    }
    if (frame.names.size() == 1) return frame.column(0);
    if (prices)
        for (const auto* name : {"Adj Close", "Adj_Close", "adjclose", "Close"}) {
            const int i = frame.columnIndex(QString::fromLatin1(name));
            if (i >= 0) return frame.column(i);
        }
    return Error::badInput(QStringLiteral("%1: %2 value columns (%3); choose one with --column")
                               .arg(frame.source)
                               .arg(frame.names.size())
                               .arg(columnList(frame)));
}

Result<Series> pricesToReturns(const Series& prices, const QString& sourceName) {
    Series out;
    out.name = prices.name;
    out.dates = prices.dates;
    out.values.assign(prices.size(), std::numeric_limits<double>::quiet_NaN());
    double last = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < prices.size(); ++i) {
        const double p = prices.values[i];
        if (std::isnan(p)) continue;
        if (p <= 0)
            return Error::badInput(QStringLiteral("%1: non-positive price %2 on %3; cannot form returns")
                                       .arg(sourceName)
                                       .arg(p)
                                       .arg(prices.dates[i].toString(Qt::ISODate)));
        if (!std::isnan(last)) {
            out.values[i] = p / last - 1.0;
            // Found by fuzz_pipeline: 3e306 after 0.01 overflows to an infinite return.
            if (!std::isfinite(out.values[i]))
                return Error::badInput(
                    QStringLiteral("%1: price %2 on %3 after %4 gives a return too large to "
                                   "represent")
                        .arg(sourceName)
                        .arg(p)
                        .arg(prices.dates[i].toString(Qt::ISODate))
                        .arg(last));
        }
        last = p;
    }
    // The first priced day has no return: drop it rather than invent a zero.
    std::size_t first = 0;
    while (first < prices.size() && std::isnan(prices.values[first]))
        ++first;
    if (first < out.size()) {
        out.dates.erase(out.dates.begin(), out.dates.begin() + static_cast<std::ptrdiff_t>(first + 1));
        out.values.erase(out.values.begin(), out.values.begin() + static_cast<std::ptrdiff_t>(first + 1));
    }
    return out;
}

bool looksLikePrices(const Series& s) {
    double mn = std::numeric_limits<double>::infinity(), mx = -mn;
    for (double v : s.values)
        if (!std::isnan(v)) {
            mn = std::min(mn, v);
            mx = std::max(mx, v);
        }
    return mn >= 0 && mx > 1;
}

Series applyMissingPolicy(const Series& s, MissingPolicy policy) {
    Series out;
    out.name = s.name;
    out.dates.reserve(s.size());
    out.values.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        double v = s.values[i];
        if (std::isnan(v)) {
            if (policy == MissingPolicy::Drop) continue;
            v = 0.0;
        }
        out.dates.push_back(s.dates[i]);
        out.values.push_back(v);
    }
    return out;
}

} // namespace ts
