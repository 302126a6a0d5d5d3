#include "net/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace ts::net {

TokenBucket::TokenBucket(double ratePerMinute, double burst)
    : m_ratePerSec(ratePerMinute / 60.0)
    , m_burst(std::max(1.0, burst))
    , m_tokens(std::max(1.0, burst)) {}

void TokenBucket::refill(Clock::time_point now) {
    if (!m_started) {
        m_started = true;
        m_last = now;
        return;
    }
    const double dt = std::chrono::duration<double>(now - m_last).count();
    if (dt > 0) {
        m_tokens = std::min(m_burst, m_tokens + dt * m_ratePerSec);
        m_last = now;
    }
}

Clock::duration TokenBucket::waitTime(Clock::time_point now) {
    Clock::duration blocked = m_blockedUntil > now ? m_blockedUntil - now : Clock::duration::zero();
    if (unlimited()) return blocked;
    refill(now);
    if (m_tokens >= 1.0) return blocked;
    const auto need = std::chrono::duration<double>((1.0 - m_tokens) / m_ratePerSec);
    return std::max(blocked,
                    std::chrono::duration_cast<Clock::duration>(need) + std::chrono::microseconds(1));
}

bool TokenBucket::tryTake(Clock::time_point now) {
    if (m_blockedUntil > now) return false;
    if (unlimited()) return true;
    refill(now);
    if (m_tokens < 1.0) return false;
    m_tokens -= 1.0;
    return true;
}

void TokenBucket::coolDownUntil(Clock::time_point until) {
    m_blockedUntil = std::max(m_blockedUntil, until);
    m_tokens = std::min(m_tokens, 1.0); // no burst right after a throttle
}

double RetryPolicy::delaySeconds(int attempt, double retryAfter) const {
    if (retryAfter >= 0) return std::min(retryAfter, maxSeconds);
    const double d = std::min(maxSeconds, baseSeconds * std::pow(2.0, std::max(0, attempt - 1)));
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_real_distribution<double> u(1.0 - jitter, 1.0 + jitter);
    return std::min(maxSeconds, d * u(rng));
}

} // namespace ts::net
