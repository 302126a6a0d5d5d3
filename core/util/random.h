#pragma once
// Our own random numbers, so a seed gives the same numbers on every machine and standard library:
// std::*_distribution and std::shuffle are implementation-defined and differ between libstdc++,
// libc++ and MSVC. Only integer arithmetic and exact floating-point steps are used here (no libm).
//
//  - SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
//    Vigna's reference splitmix64.c) seeds the main generator and derives streams.
//  - xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018;
//    reference xoshiro256starstar.c) is the generator.
//  - below(n) is Lemire's multiply-and-reject ("Fast random integer generation in an interval",
//    ACM TOMACS 2019): exactly uniform, usually without a division.

#include <cstdint>
#include <span>
#include <utility>

namespace ts {

__extension__ typedef unsigned __int128 uint128; // GCC and Clang; -Wpedantic knows it is an extension

class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed)
        : m_state(seed) {}
    std::uint64_t next() { return mix(m_state += kGamma); }

    // The output function alone: a bijection of 64-bit words that scatters nearby inputs.
    static std::uint64_t mix(std::uint64_t z) {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    static constexpr std::uint64_t kGamma = 0x9e3779b97f4a7c15ULL;

private:
    std::uint64_t m_state;
};

class Rng {
public:
    // The state is four SplitMix64 outputs of `seed`, as the xoshiro authors recommend (never all zero).
    explicit Rng(std::uint64_t seed);

    // An independent stream per (seed, index), e.g. one per simulation: what a simulation draws
    // depends on its index only, not on which thread runs it or in what order.
    static Rng forStream(std::uint64_t seed, std::uint64_t index);

    std::uint64_t next() {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    // [0, 1) on the 2^-53 grid: the top 53 bits, exactly representable.
    double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    // Uniform in [0, n); n > 0.
    std::uint64_t below(std::uint64_t n) {
        uint128 m = static_cast<uint128>(next()) * n;
        auto low = static_cast<std::uint64_t>(m);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n; // 2^64 mod n: the biased low words
            while (low < threshold) {
                m = static_cast<uint128>(next()) * n;
                low = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64);
    }

    // Fisher–Yates (Durstenfeld's in-place form): every permutation equally likely.
    template <typename T> void shuffle(std::span<T> a) {
        for (std::size_t i = a.size(); i > 1; --i)
            std::swap(a[i - 1], a[below(i)]);
    }

    // Whole state, for tests that check a known-answer sequence from a given state.
    static Rng fromState(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3);

private:
    Rng() = default;
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_s[4] = {};
};

} // namespace ts
