#pragma once
// Turning a CSV frame into a return series: picking the value column, prices -> returns, missing values.

#include "data/series.h"
#include "util/result.h"

namespace ts {

// What to do with a missing return (empty cell). QuantStats' metrics() drops such rows; its stats
// functions treat them as a zero return. Drop is the default because a missing day is not a flat day.
enum class MissingPolicy { Drop, Zero };

// Chooses the value column: `requested` by name if given; otherwise the only value column, or for
// prices "Adj Close" then "Close" (Yahoo's CSV layout). Errors name the file and the columns present.
Result<Series> selectColumn(const Frame& frame, const QString& requested, bool prices);

// Simple returns from prices. A missing price yields a missing return on that day, and the next
// valid price is compared with the last valid one, so a gap never loses or invents a move.
// Non-positive prices are an error.
Result<Series> pricesToReturns(const Series& prices, const QString& sourceName);

// QuantStats' heuristic (utils._prepare_returns): all values >= 0 and some value > 1 means prices.
bool looksLikePrices(const Series& s);

Series applyMissingPolicy(const Series& s, MissingPolicy policy);

} // namespace ts
