#include "report/montecarlo_section.h"

namespace ts {

Result<ReportMonteCarlo> reportMonteCarlo(const AlignedReturns& aligned, int sims, double periods, double rf,
                                          MonteCarloMethod method) {
    if (aligned.columns.empty() || aligned.dates.empty())
        return Error::badInput(QStringLiteral("Monte Carlo: nothing to simulate"));
    MonteCarloParams p;
    p.method = method;
    p.sims = sims;
    p.seed = kReportMonteCarloSeed;
    p.periods = periods;
    p.rf = rf;
    auto r = runMonteCarlo(aligned.columns.front(), p);
    if (!r) return Error{r.error().kind, QStringLiteral("Monte Carlo: %1").arg(r.error().message)};
    return ReportMonteCarlo{{aligned.names.front(), aligned.dates.front().toString(Qt::ISODate),
                             aligned.dates.back().toString(Qt::ISODate)},
                            std::move(r).value()};
}

} // namespace ts
