#pragma once
// The automatic mean block length of the stationary bootstrap: Politis & White (2004), "Automatic
// block-length selection for the dependent bootstrap", Econometric Reviews 23(1), with the correction
// of Patton, Politis & White (2009), Econometric Reviews 28(4) (D_SB was off by a factor).
//
// With e = x - mean(x), R(k) = (1/n) sum_t e_t e_{t+k} and rho(k) = R(k) / R(0):
//  1. M from the autocorrelation band rule: m^ is the smallest m >= 1 with |rho(m)| ... |rho(m+K_N-1)|
//     all below c * sqrt(log10(n) / n), K_N = max(5, sqrt(log10 n)), c = 2 (if there is none, the
//     largest significant lag); M = min(2 m^, m_max), m_max = ceil(sqrt n) + K_N.
//  2. The flat-top lag window lambda(t) = 1 for |t| < 1/2, 2 (1 - |t|) for 1/2 <= |t| <= 1.
//  3. G^ = sum_{|k|<=M} lambda(k/M) |k| R(k),  g^ = sum_{|k|<=M} lambda(k/M) R(k),  D_SB = 2 g^^2.
//  4. b_opt = (2 G^^2 / D_SB)^(1/3) n^(1/3), capped at b_max = ceil(min(3 sqrt n, n / 3)) and at least 1.
// The constants (K_N, c, m_max, b_max, m^ counted from lag 1) are those of Patton's reference code
// (opt_block_length_REV_dec07.m). Where that code takes Pearson correlations of the overlapping parts,
// this takes the usual 1/n estimates; the two differ by O(k/n).
//
// The result is rounded to 3 decimals: the simulation draws against 1/b_opt, and the last bit of
// cbrt may differ between C libraries, which must not change a seeded run.

#include <span>

namespace ts {

double automaticBlockLength(std::span<const double> x);

} // namespace ts
