#pragma once
// A market-data provider turns (symbol, date range) into HTTP requests and their responses into a
// PriceHistory, deciding success or failure by the body as much as by the status (providers.md §0):
// Alpha Vantage, Stooq and FMP answer quota and key problems with HTTP 200.
// Providers are stateless; the downloader owns connections, rate limits, retries and failover.

#include "data/price_history.h"
#include "net/http.h"
#include "util/result.h"

#include <QDate>
#include <vector>

namespace ts::providers {

enum class FetchErrorKind {
    NotFound,       // unknown or delisted symbol: never retried
    Unauthorized,   // missing or invalid key: never retried, next provider
    NotEntitled,    // premium endpoint or symbol for this plan: never retried, next provider
    QuotaExhausted, // daily/hourly allowance used up: provider cools down, next provider
    Throttled,      // slow down: retried after Retry-After or backoff
    Transient,      // 5xx, timeout, truncated body, connection: retried with backoff
    Malformed,      // a body that is not the documented payload: next provider
    Cancelled,
};

struct FetchError {
    FetchErrorKind kind = FetchErrorKind::Transient;
    QString message;        // never contains a key
    double retryAfter = -1; // seconds, from Retry-After, when given
    long httpStatus = 0;
    // The provider said in so many words that the symbol does not exist (Yahoo's 404 "Not Found"
    // chart error, Tiingo's "Ticker '…' not found"), unlike answers that may also mean an empty
    // window or a bad request (Stooq's "No data", FMP's [], Alpha Vantage's "Invalid API call"):
    // the downloader asks no other provider.
    bool unknownSymbol = false;
};

QString fetchErrorName(FetchErrorKind k);
bool isRetryable(FetchErrorKind k);

struct FetchRange {
    QDate start; // invalid: the whole history
    QDate end;   // inclusive; invalid: today
};

struct ProviderConfig {
    QString baseUrl;
    QString apiKey;
    double ratePerMinute = 0; // 0: the provider's default
    double burst = 0;         // 0: the provider's default
    bool useSession = false;  // Yahoo: cookie + crumb before the first request
};

// What a fetch needs besides symbol and range: the configuration and, for Yahoo, the crumb.
struct FetchContext {
    ProviderConfig config;
    QByteArray sessionToken;
};

class Provider {
public:
    virtual ~Provider() = default;
    virtual QString name() const = 0;
    virtual QString description() const = 0;
    virtual QString defaultBaseUrl() const = 0;
    virtual double defaultRatePerMinute() const = 0;
    virtual double defaultBurst() const { return 1; }
    virtual bool needsKey() const { return false; }
    // The provider's spelling of a user symbol (Stooq: aapl.us, EODHD: AAPL.US).
    virtual QString providerSymbol(const QString& symbol) const { return symbol; }

    // Requests of one fetch, run concurrently; all must succeed. Empty for the local file provider.
    virtual std::vector<net::HttpRequest> requests(const QString& symbol, const FetchRange& range,
                                                   const FetchContext& ctx) const = 0;
    // The responses, in the order of requests().
    virtual Result<PriceHistory, FetchError> parse(const QString& symbol, const FetchRange& range,
                                                   const FetchContext& ctx,
                                                   const std::vector<net::HttpResponse>& responses) const = 0;

    // Optional session set-up run once, in order, before the first fetch (Yahoo's cookie + crumb).
    virtual std::vector<net::HttpRequest> sessionRequests(const FetchContext&) const { return {}; }
    virtual Result<QByteArray, FetchError> sessionToken(const std::vector<net::HttpResponse>&) const {
        return QByteArray();
    }
};

} // namespace ts::providers
