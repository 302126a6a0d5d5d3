#include "net/downloader.h"

#include "data/adjustment.h"
#include "net/http_client.h"
#include "providers/registry.h"
#include "util/logging.h"

#include <QLocale>
#include <algorithm>
#include <cmath>
#include <map>
#include <thread>

namespace ts::net {

using providers::FetchError;
using providers::FetchErrorKind;
using providers::Provider;

namespace {

std::shared_ptr<spdlog::logger> log() {
    static const auto l = logger("core.data");
    return l;
}

struct ProviderState {
    const Provider* provider = nullptr;
    providers::FetchContext ctx;
    TokenBucket bucket;
    bool unavailable = false; // quota exhausted or session failed: skipped for the rest of the run
    QString why;
};

struct Task {
    QString symbol;
    std::size_t rank = 0; // index into the provider ranking
    int attempt = 0;      // attempts with the current provider
    bool planned = false, replace = false, fullRefetch = false;
    providers::FetchRange range;
    std::vector<HttpRequest> requests;
    std::vector<HttpResponse> responses;
    std::size_t started = 0, finished = 0;
    Clock::time_point notBefore{};
    QStringList failures;
    bool done = false;
    Clock::time_point firstStart{};
};

bool changedOverlap(const std::vector<Bar>& stored, const std::vector<Bar>& fresh, double tolerance = 1e-6) {
    // A new corporate action rewrites the provider's adjusted history: compare what both cover.
    std::map<QDate, const Bar*> byDate;
    for (const Bar& b : stored)
        byDate[b.date] = &b;
    for (const Bar& f : fresh) {
        auto it = byDate.find(f.date);
        if (it == byDate.end()) continue;
        const Bar& s = *it->second;
        const bool adj = !std::isnan(f.providerAdjClose) && !std::isnan(s.providerAdjClose);
        const double a = adj ? s.providerAdjClose : s.close, b = adj ? f.providerAdjClose : f.close;
        if (std::abs(b - a) > tolerance * std::max(std::abs(a), 1e-12)) return true;
    }
    return false;
}

QString describeExtent(const SeriesExtent& e) {
    return QStringLiteral("%1 bars %2…%3")
        .arg(QLocale(QLocale::English).toString(e.bars), e.first.toString(Qt::ISODate),
             e.last.toString(Qt::ISODate));
}

// DownloadParams::replaceHistory states the rule. Two providers round differently, hence a looser
// tolerance across providers than the overlap check of an incremental update.
std::optional<QString> wouldLoseHistory(const cache::StoredInstrument& stored,
                                        const std::vector<Bar>& storedBars, const PriceHistory& offered) {
    const auto& bars = offered.bars;
    if (bars.empty()) return QStringLiteral("it has no bars");
    if (bars.front().date > stored.first) return QStringLiteral("it starts later");
    if (bars.back().date < stored.last) return QStringLiteral("it ends earlier");
    const auto within = std::count_if(bars.begin(), bars.end(), [&](const Bar& b) {
        return b.date >= stored.first && b.date <= stored.last;
    });
    if (within < stored.bars) return QStringLiteral("it has fewer bars over the stored dates");
    if (offered.provider != stored.provider && changedOverlap(storedBars, bars, 1e-4))
        return QStringLiteral("its closes differ from the stored ones");
    return std::nullopt;
}

} // namespace

QString statusName(SymbolOutcome::Status s) {
    switch (s) {
    case SymbolOutcome::Status::Updated:
        return QStringLiteral("updated");
    case SymbolOutcome::Status::UpToDate:
        return QStringLiteral("up to date");
    case SymbolOutcome::Status::Refused:
        return QStringLiteral("refused");
    case SymbolOutcome::Status::Failed:
        return QStringLiteral("failed");
    case SymbolOutcome::Status::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

int DownloadResult::failed() const {
    return static_cast<int>(std::count_if(outcomes.begin(), outcomes.end(), [](const auto& o) {
        return o.status == SymbolOutcome::Status::Failed || o.status == SymbolOutcome::Status::Cancelled;
    }));
}

int DownloadResult::refused() const {
    return static_cast<int>(std::count_if(outcomes.begin(), outcomes.end(), [](const auto& o) {
        return o.status == SymbolOutcome::Status::Refused;
    }));
}

Result<DownloadResult> runDownload(const DownloadParams& params, const Settings& settings,
                                   cache::PriceCache& cache, const DownloadProgressFn& progress) {
    const auto t0 = Clock::now();
    const QStringList ranking = params.providers.isEmpty() ? settings.providerOrder : params.providers;
    if (ranking.isEmpty()) return Error::badInput(QStringLiteral("no provider to download from"));
    std::vector<ProviderState> provs;
    for (const QString& name : ranking) {
        const Provider* p = providers::findProvider(name);
        if (!p)
            return Error::badInput(QStringLiteral("unknown provider \"%1\" (known: %2)")
                                       .arg(name, providers::providerNames().join(QStringLiteral(", "))));
        ProviderState st;
        st.provider = p;
        st.ctx.config = settings.provider(p->name());
        st.bucket = TokenBucket(st.ctx.config.ratePerMinute, st.ctx.config.burst);
        if (p->needsKey() && st.ctx.config.apiKey.isEmpty() && p->name() != QLatin1String("stooq")) {
            st.unavailable = true;
            st.why = QStringLiteral("%1 needs an API key (TEARSHEET_%2_API_KEY or providers.%1.api_key)")
                         .arg(p->name(), p->name().toUpper());
        }
        provs.push_back(std::move(st));
    }

    HttpClient client(settings.http);
    DownloadResult result;
    result.outcomes.resize(static_cast<std::size_t>(params.symbols.size()));
    std::vector<Task> tasks(static_cast<std::size_t>(params.symbols.size()));
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        tasks[i].symbol = params.symbols[static_cast<qsizetype>(i)].trimmed();
        result.outcomes[i].symbol = tasks[i].symbol;
    }
    std::map<quint64, std::pair<std::size_t, std::size_t>> inFlight; // request id -> (task, request index)
    int doneCount = 0;
    const int total = static_cast<int>(tasks.size());
    bool cancelled = false;
    auto report = [&](const QString& symbol, const QString& message) {
        if (progress && !progress({doneCount, total, result.bytes, symbol, message})) cancelled = true;
    };

    // Yahoo's cookie + crumb, when asked for: once per run, before anything else is in flight.
    for (auto& st : provs) {
        if (!st.ctx.config.useSession || st.unavailable) continue;
        std::vector<HttpResponse> rs;
        for (const auto& req : st.provider->sessionRequests(st.ctx)) {
            rs.push_back(client.fetch(req));
            ++result.requests;
        }
        auto token = st.provider->sessionToken(rs);
        if (token)
            st.ctx.sessionToken = *token;
        else {
            st.unavailable = true;
            st.why = token.error().message;
        }
    }

    auto finish = [&](Task& t, SymbolOutcome::Status status, const QString& message) {
        t.done = true;
        auto& o = result.outcomes[static_cast<std::size_t>(&t - tasks.data())];
        o.status = status;
        if (!message.isEmpty()) o.message = message;
        ++doneCount;
        report(t.symbol, o.message.isEmpty() ? statusName(status)
                                             : QStringLiteral("%1: %2").arg(statusName(status), o.message));
    };
    auto resetFetch = [](Task& t) {
        t.requests.clear();
        t.responses.clear();
        t.started = t.finished = 0;
        t.planned = false;
    };
    // Next provider in the ranking, or a final failure listing what each one said.
    auto failover = [&](Task& t, const QString& why) {
        t.failures << why;
        resetFetch(t);
        t.attempt = 0;
        t.notBefore = {};
        ++t.rank;
        while (t.rank < provs.size() && provs[t.rank].unavailable) {
            t.failures << provs[t.rank].why;
            ++t.rank;
        }
        if (t.rank >= provs.size())
            finish(t, SymbolOutcome::Status::Failed, t.failures.join(QStringLiteral("; ")));
    };
    auto plan = [&](Task& t, const ProviderState& st) {
        const auto stored = cache.instrument(t.symbol);
        t.range = {params.start, params.end};
        t.replace = params.full || t.fullRefetch || (stored && stored->provider != st.provider->name());
        if (!t.replace && stored && stored->bars > 0 &&
            !(params.start.isValid() && params.start < stored->first)) {
            QDate from = stored->last.addDays(-params.overlapDays);
            if (params.start.isValid() && params.start > from) from = params.start;
            t.range.start = from;
        }
        t.requests = st.provider->requests(t.symbol, t.range, st.ctx);
        t.responses.assign(t.requests.size(), {});
        t.planned = true;
    };

    auto evaluate = [&](Task& t) {
        ProviderState& st = provs[t.rank];
        const Provider& p = *st.provider;
        ++t.attempt;
        auto parsed = p.parse(t.symbol, t.range, st.ctx, t.responses);
        cache::FetchLogEntry entry;
        entry.at = QDateTime::currentDateTimeUtc();
        entry.provider = p.name();
        entry.symbol = t.symbol;
        entry.from = t.range.start;
        entry.to = t.range.end;
        entry.attempt = t.attempt;
        for (const auto& r : t.responses) {
            entry.bytes += r.body.size();
            entry.seconds = std::max(entry.seconds, r.seconds);
            if (entry.httpStatus == 0 || r.status >= 400) entry.httpStatus = r.status;
        }
        auto& outcome = result.outcomes[static_cast<std::size_t>(&t - tasks.data())];
        if (parsed) {
            PriceHistory h = std::move(parsed).value();
            const auto stored = cache.instrument(t.symbol);
            if (!t.replace && stored && stored->bars > 0 && !h.bars.empty()) {
                auto old = cache.history(t.symbol, h.bars.front().date, h.bars.back().date);
                if (old && changedOverlap(old->bars, h.bars)) {
                    log()->info("{}: {} history changed (new corporate action?); refetching the whole series",
                                t.symbol.toStdString(), p.name().toStdString());
                    cache.logFetch(entry);
                    t.fullRefetch = true;
                    outcome.fullRefetch = true;
                    resetFetch(t);
                    t.attempt = 0;
                    return;
                }
            }
            if (t.replace && stored && stored->bars > 0 && !params.replaceHistory) {
                auto old = cache.history(t.symbol);
                if (!old) {
                    finish(t, SymbolOutcome::Status::Failed, old.error().message);
                    return;
                }
                if (const auto why = wouldLoseHistory(*stored, old->bars, h)) {
                    outcome.stored = {stored->provider, stored->bars, stored->first, stored->last};
                    outcome.offered = {p.name(), static_cast<qint64>(h.bars.size()),
                                       h.bars.empty() ? QDate() : h.bars.front().date,
                                       h.bars.empty() ? QDate() : h.bars.back().date};
                    outcome.message = QStringLiteral("%1: stored %2 (%3); %4 offers %5 — kept the stored "
                                                     "history (%6)")
                                          .arg(t.symbol, describeExtent(outcome.stored), stored->provider,
                                               p.name(), describeExtent(outcome.offered), *why);
                    entry.error = QStringLiteral("refused: ") + *why;
                    cache.logFetch(entry);
                    log()->warn("{}", outcome.message.toStdString());
                    finish(t, SymbolOutcome::Status::Refused, {});
                    return;
                }
            }
            if (h.basis != PriceBasis::Adjusted && (t.replace || !stored)) {
                const AdjustedCloses ours = adjustCloses(h.bars, h.actions, h.basis);
                outcome.warnings << ours.warnings;
                const double mismatch = maxAdjustmentMismatch(h.bars, ours);
                if (mismatch > 1e-3)
                    outcome.warnings << QStringLiteral("%1's adjusted close differs from ours by up to %2%")
                                            .arg(p.name())
                                            .arg(mismatch * 100, 0, 'f', 3);
            }
            if (p.name() == QLatin1String("fmp"))
                outcome.warnings << QStringLiteral(
                    "fmp: price return only (no dividends in the full endpoint)");
            auto stored2 = cache.store(h, t.replace, entry.at, {entry});
            if (!stored2) {
                finish(t, SymbolOutcome::Status::Failed, stored2.error().message);
                return;
            }
            outcome.provider = p.name();
            outcome.barsAdded = stored2->barsAdded;
            outcome.barsUpdated = stored2->barsUpdated;
            if (t.fullRefetch)
                outcome.message = QStringLiteral("adjusted history changed: refetched in full");
            if (!t.failures.isEmpty())
                outcome.message =
                    (outcome.message.isEmpty() ? QString() : outcome.message + QStringLiteral("; ")) +
                    QStringLiteral("served by %1 after: %2")
                        .arg(p.name(), t.failures.join(QStringLiteral("; ")));
            finish(t,
                   stored2->barsAdded > 0 || t.replace ? SymbolOutcome::Status::Updated
                                                       : SymbolOutcome::Status::UpToDate,
                   {});
            return;
        }
        const FetchError& e = parsed.error();
        entry.error = e.message;
        cache.logFetch(entry);
        if (e.kind == FetchErrorKind::Cancelled) {
            finish(t, SymbolOutcome::Status::Cancelled, QStringLiteral("cancelled"));
            return;
        }
        if (e.unknownSymbol) {
            // Another provider would only say the same after its own retries and rate limits.
            outcome.unknownSymbol = true;
            t.failures.prepend(QStringLiteral("%1: unknown symbol (%2)").arg(p.name(), e.message));
            finish(t, SymbolOutcome::Status::Failed, t.failures.join(QStringLiteral("; ")));
            return;
        }
        if (providers::isRetryable(e.kind) && t.attempt < settings.retry.maxAttempts) {
            const double delay = settings.retry.delaySeconds(t.attempt, e.retryAfter);
            const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(delay));
            if (e.kind == FetchErrorKind::Throttled)
                st.bucket.coolDownUntil(until); // the whole provider slows down
            t.notBefore = until;
            resetFetch(t);
            log()->warn("{}", e.message.toStdString());
            report(t.symbol, QStringLiteral("%1, retrying in %2 s").arg(e.message).arg(delay, 0, 'f', 1));
            return;
        }
        if (e.kind == FetchErrorKind::QuotaExhausted || e.kind == FetchErrorKind::Unauthorized) {
            // Account-wide: no other symbol should spend requests on this provider in this run.
            st.unavailable = true;
            st.why = e.message;
        }
        log()->warn("{}", e.message.toStdString());
        failover(t, e.message);
    };

    for (auto& t : tasks)
        if (t.symbol.isEmpty()) finish(t, SymbolOutcome::Status::Failed, QStringLiteral("empty symbol"));

    while (doneCount < total && !cancelled) {
        const auto now = Clock::now();
        auto wake = now + std::chrono::milliseconds(200);
        // Start what may start: requests in flight below `jobs`, a token from the provider's bucket.
        for (auto& t : tasks) {
            if (inFlight.size() >= static_cast<std::size_t>(std::max(1, params.jobs))) break;
            if (t.done || t.notBefore > now) {
                if (!t.done) wake = std::min(wake, t.notBefore);
                continue;
            }
            ProviderState& st = provs[t.rank];
            if (st.unavailable) {
                if (t.started == t.finished) failover(t, st.why);
                continue;
            }
            if (!t.planned) plan(t, st);
            if (t.requests.empty()) { // the local file provider: no HTTP
                evaluate(t);
                continue;
            }
            while (t.started < t.requests.size() &&
                   inFlight.size() < static_cast<std::size_t>(std::max(1, params.jobs))) {
                if (!st.bucket.tryTake(now)) {
                    wake = std::min(wake, now + st.bucket.waitTime(now));
                    break;
                }
                const quint64 id = client.start(t.requests[t.started]);
                inFlight[id] = {static_cast<std::size_t>(&t - tasks.data()), t.started};
                ++t.started;
                ++result.requests;
            }
        }
        if (cancelled) break;
        const int waitMs = static_cast<int>(std::clamp<long long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(wake - Clock::now()).count(), 0, 200));
        if (inFlight.empty()) {
            if (waitMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(std::min(waitMs, 50)));
        } else {
            for (auto& r : client.poll(std::max(1, waitMs))) {
                auto it = inFlight.find(r.id);
                if (it == inFlight.end()) continue;
                auto [ti, ri] = it->second;
                inFlight.erase(it);
                result.bytes += r.body.size();
                Task& t = tasks[ti];
                t.responses[ri] = std::move(r);
                ++t.finished;
                if (t.finished == t.requests.size()) evaluate(t);
            }
        }
        report({}, {});
    }
    if (cancelled) {
        client.cancelAll();
        result.cancelled = true;
        for (auto& t : tasks)
            if (!t.done) {
                t.done = true;
                auto& o = result.outcomes[static_cast<std::size_t>(&t - tasks.data())];
                o.status = SymbolOutcome::Status::Cancelled;
                o.message = QStringLiteral("cancelled");
            }
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return result;
}

} // namespace ts::net
