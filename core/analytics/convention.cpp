#include "analytics/convention.h"

namespace ts {

ConventionRules rulesFor(Convention c) {
    switch (c) {
    case Convention::QuantStats:
        return ConventionRules{};
    case Convention::Standard: {
        ConventionRules r;
        r.trimLeadingZerosWithBenchmark = false;
        r.backfillBenchmarkOnCalendarGrid = false;
        r.jointRowFiltering = false;
        r.smartPenaltyFromFirstColumn = false;
        r.psrExcessKurtosisQuirk = false;
        r.rfRoutingQuirk = false;
        r.rarUses252 = false;
        r.shortMultiYearWindows = false;
        r.profitFactorInfAsZero = false;
        r.ignoreNegativeRf = false;
        r.blankBenchmarkDdDaysWithoutStrategyDd = false;
        r.eoyTableRawBenchmark = false;
        r.eoySumAndCumulativeColumns = false;
        r.rollingWindowsFromPeriods = false;
        return r;
    }
    }
    return ConventionRules{};
}

QString conventionName(Convention c) {
    switch (c) {
    case Convention::QuantStats:
        return QStringLiteral("quantstats");
    case Convention::Standard:
        return QStringLiteral("standard");
    }
    return {};
}

std::optional<Convention> conventionFromName(const QString& name) {
    if (name.compare(QStringLiteral("quantstats"), Qt::CaseInsensitive) == 0) return Convention::QuantStats;
    if (name.compare(QStringLiteral("standard"), Qt::CaseInsensitive) == 0) return Convention::Standard;
    return std::nullopt;
}

} // namespace ts
