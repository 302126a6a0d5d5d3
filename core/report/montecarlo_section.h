#pragma once
// The report's Monte Carlo section: the first strategy's analysed returns resampled (by default the
// block bootstrap with its automatic block length) with a fixed seed, so a report can be reproduced
// and the seed printed beside the numbers. Off unless the report asks for a number of simulations.

#include "analytics/alignment.h"
#include "report/montecarlo_output.h"

namespace ts {

inline constexpr std::uint64_t kReportMonteCarloSeed = 42;

struct ReportMonteCarlo {
    MonteCarloSubject subject;
    MonteCarloResult result;
};

Result<ReportMonteCarlo> reportMonteCarlo(const AlignedReturns& aligned, int sims, double periods, double rf,
                                          MonteCarloMethod method = MonteCarloMethod::Block);

} // namespace ts
