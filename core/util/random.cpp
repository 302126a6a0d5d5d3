#include "util/random.h"

namespace ts {

Rng::Rng(std::uint64_t seed) {
    SplitMix64 sm(seed);
    for (auto& s : m_s)
        s = sm.next();
}

Rng Rng::forStream(std::uint64_t seed, std::uint64_t index) {
    // mix(seed) ^ index, mixed again: streams of one seed differ in every bit of their seeds, and
    // (seed, index) pairs do not line up the way seed + index would (seed 1 stream 0 = seed 0 stream 1).
    return Rng(SplitMix64::mix(SplitMix64::mix(seed) ^ index));
}

Rng Rng::fromState(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3) {
    Rng r;
    r.m_s[0] = s0;
    r.m_s[1] = s1;
    r.m_s[2] = s2;
    r.m_s[3] = s3;
    return r;
}

} // namespace ts
