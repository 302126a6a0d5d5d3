#pragma once
// A token bucket per provider: `ratePerMinute` tokens a minute, at most `burst` saved up. In any
// window of T seconds a provider sees at most burst + rate * T requests. A cool-down (after a
// throttle or quota answer) blocks the bucket until a given time.

#include <chrono>

namespace ts::net {

using Clock = std::chrono::steady_clock;

class TokenBucket {
public:
    TokenBucket() = default; // unlimited
    TokenBucket(double ratePerMinute, double burst);

    bool unlimited() const { return m_ratePerSec <= 0; }
    // Time from `now` until a token can be taken (zero when one is available).
    Clock::duration waitTime(Clock::time_point now);
    // Takes a token if one is available now.
    bool tryTake(Clock::time_point now);
    void coolDownUntil(Clock::time_point until);

private:
    void refill(Clock::time_point now);

    double m_ratePerSec = 0, m_burst = 1, m_tokens = 1;
    Clock::time_point m_last{}, m_blockedUntil{};
    bool m_started = false;
};

// Exponential backoff with jitter: base * 2^(attempt-1), capped, +-jitter; Retry-After wins when given.
struct RetryPolicy {
    int maxAttempts = 4; // first try included
    double baseSeconds = 2.0;
    double maxSeconds = 600.0;
    double jitter = 0.2; // fraction of the delay

    double delaySeconds(int attempt, double retryAfter = -1) const;
};

} // namespace ts::net
