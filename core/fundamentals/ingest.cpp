#include "fundamentals/ingest.h"

#include "fundamentals/source.h"
#include "net/http_client.h"
#include "net/rate_limiter.h"
#include "providers/registry.h"

#include <QElapsedTimer>
#include <deque>
#include <map>
#include <thread>

namespace ts::fundamentals {

using net::Clock;
using providers::FetchErrorKind;

namespace {
struct Task {
    std::size_t symbolIndex;
    Statement statement;
    PeriodType period;
    int attempt = 0;
    Clock::time_point notBefore{};
};
} // namespace

Result<IngestResult> runIngest(const IngestParams& params, const Settings& settings,
                               cache::FundamentalsStore& store, const IngestProgressFn& progress) {
    auto source = makeSource(params.provider);
    if (!source)
        return Error::badInput(QStringLiteral("no fundamentals from \"%1\" (sources: %2)")
                                   .arg(params.provider, sourceNames().join(QStringLiteral(", "))));
    providers::FetchContext ctx;
    ctx.config = settings.provider(params.provider);
    if (ctx.config.apiKey.isEmpty())
        return Error::badInput(
            QStringLiteral("%1 needs an API key (TEARSHEET_%2_API_KEY or providers.%1.api_key)")
                .arg(params.provider, params.provider.toUpper()));
    const std::vector<Statement> offered = source->statements();
    std::vector<Statement> statements = params.statements.empty() ? offered : params.statements;
    for (Statement s : statements)
        if (std::find(offered.begin(), offered.end(), s) == offered.end())
            return Error::badInput(
                QStringLiteral("%1 has no %2 data").arg(params.provider, statementName(s)));

    IngestResult result;
    result.limitPerMinute = ctx.config.ratePerMinute;
    QElapsedTimer clock;
    clock.start();
    std::deque<Task> queue;
    const QDateTime now0 = QDateTime::currentDateTimeUtc();
    for (std::size_t i = 0; i < static_cast<std::size_t>(params.symbols.size()); ++i) {
        IngestSymbol sym{params.symbols[static_cast<qsizetype>(i)], 0, 0, {}};
        for (Statement s : statements)
            for (PeriodType p : params.periods) {
                ++result.tasks;
                if (!params.force) {
                    auto last =
                        store.lastFetch(sym.symbol, params.provider, statementName(s), periodTypeName(p));
                    if (last && last->status != QLatin1String("failed") &&
                        last->fetchedAt.secsTo(now0) < 86400LL * params.maxAgeDays) {
                        ++sym.skipped;
                        ++result.skipped;
                        continue;
                    }
                }
                queue.push_back({i, s, p});
            }
        result.symbols.push_back(std::move(sym));
    }

    net::HttpClient client(settings.http);
    net::TokenBucket bucket(ctx.config.ratePerMinute, ctx.config.burst);
    std::map<quint64, Task> inFlight;
    const int total = result.tasks;
    int done = result.skipped;
    double latencySum = 0;
    int latencyCount = 0;
    auto report = [&](const QString& symbol, const QString& message) {
        if (!progress) return true;
        IngestProgress pr;
        pr.done = done;
        pr.total = total;
        pr.skipped = result.skipped;
        pr.requests = result.requests;
        pr.elapsedSeconds = static_cast<double>(clock.elapsed()) / 1000.0;
        const int left = total - done;
        // The limit sets the pace once the burst is spent; with no limit, latency and concurrency do.
        const double byRate = ctx.config.ratePerMinute > 0 ? left * 60.0 / ctx.config.ratePerMinute : 0;
        const double byLatency =
            latencyCount ? left * (latencySum / latencyCount) / std::max(1, params.jobs) : -1;
        pr.etaSeconds = left == 0 ? 0 : std::max(byRate, byLatency);
        pr.symbol = symbol;
        pr.message = message;
        return progress(pr);
    };
    auto stop = [&](const QString& by, const QString& why) {
        result.stoppedBy = by;
        result.stopMessage = why;
        client.cancelAll();
        result.remaining = static_cast<int>(queue.size() + inFlight.size());
        inFlight.clear();
        queue.clear();
    };
    if (!report({}, {})) stop(QStringLiteral("cancelled"), QStringLiteral("cancelled"));

    while (!queue.empty() || !inFlight.empty()) {
        Clock::time_point now = Clock::now(), wake = now + std::chrono::milliseconds(200);
        // Start what the limit and the concurrency allow, oldest first, skipping tasks in backoff.
        for (auto it = queue.begin();
             it != queue.end() && inFlight.size() < static_cast<std::size_t>(std::max(1, params.jobs));) {
            if (it->notBefore > now) {
                wake = std::min(wake, it->notBefore);
                ++it;
                continue;
            }
            if (!bucket.tryTake(now)) {
                wake = std::min(wake, now + bucket.waitTime(now));
                break;
            }
            const Task t = *it;
            it = queue.erase(it);
            const QString& symbol = result.symbols[t.symbolIndex].symbol;
            inFlight[client.start(source->request(symbol, t.statement, t.period, params.limit, ctx))] = t;
            ++result.requests;
        }
        const int waitMs = static_cast<int>(std::clamp<long long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(wake - Clock::now()).count(), 1, 200));
        if (inFlight.empty()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(waitMs, 50)));
            continue;
        }
        for (auto& r : client.poll(waitMs)) {
            auto it = inFlight.find(r.id);
            if (it == inFlight.end()) continue;
            Task t = it->second;
            inFlight.erase(it);
            latencySum += r.seconds;
            ++latencyCount;
            IngestSymbol& sym = result.symbols[t.symbolIndex];
            QElapsedTimer work;
            work.start();
            auto parsed = source->parse(sym.symbol, t.statement, t.period, r);
            const QString what = QStringLiteral("%1 %2 %3")
                                     .arg(sym.symbol, statementName(t.statement), periodTypeName(t.period));
            if (parsed) {
                auto n = store.store(*parsed, QDateTime::currentDateTimeUtc());
                result.processSeconds += static_cast<double>(work.nsecsElapsed()) / 1e9;
                if (!n) {
                    stop(QStringLiteral("cache"), n.error().message);
                    break;
                }
                result.items += *n;
                ++sym.stored;
                ++result.stored;
                ++done;
                if (!report(sym.symbol, what)) stop(QStringLiteral("cancelled"), QStringLiteral("cancelled"));
                continue;
            }
            const providers::FetchError& e = parsed.error();
            if (e.kind == FetchErrorKind::QuotaExhausted || e.kind == FetchErrorKind::Unauthorized) {
                queue.push_front(t); // not done: counted as remaining
                stop(e.kind == FetchErrorKind::QuotaExhausted ? QStringLiteral("quota")
                                                              : QStringLiteral("unauthorized"),
                     e.message);
                break;
            }
            if (providers::isRetryable(e.kind) && t.attempt + 1 < settings.retry.maxAttempts) {
                ++t.attempt;
                const double delay = settings.retry.delaySeconds(t.attempt, e.retryAfter);
                t.notBefore = Clock::now() + std::chrono::milliseconds(static_cast<qint64>(delay * 1000));
                if (e.kind == FetchErrorKind::Throttled) bucket.coolDownUntil(t.notBefore);
                queue.push_back(t);
                if (!report(sym.symbol, QStringLiteral("%1: %2, retrying in %3 s")
                                            .arg(what, e.message)
                                            .arg(delay, 0, 'f', 1)))
                    stop(QStringLiteral("cancelled"), QStringLiteral("cancelled"));
                continue;
            }
            // Not there or not for this plan: recorded, so the next run does not ask again soon.
            store.recordFetch(
                {sym.symbol, params.provider, statementName(t.statement), periodTypeName(t.period),
                 QDateTime::currentDateTimeUtc(),
                 e.kind == FetchErrorKind::NotFound ? QStringLiteral("not_found") : QStringLiteral("failed"),
                 e.message});
            sym.failures << e.message;
            ++result.failed;
            ++done;
            if (!report(sym.symbol, e.message))
                stop(QStringLiteral("cancelled"), QStringLiteral("cancelled"));
        }
    }
    result.seconds = static_cast<double>(clock.elapsed()) / 1000.0;
    result.requestsPerMinute = result.seconds > 0 ? result.requests * 60.0 / result.seconds : 0;
    report({}, result.stoppedBy.isEmpty() ? QStringLiteral("done") : result.stopMessage);
    return result;
}

} // namespace ts::fundamentals
