#include "download_task.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace ts::server {

Result<net::DownloadParams> parseDownloadRequest(const QJsonObject& body, const QStringList& knownProviders) {
    static const QRegularExpression symbolRe(QStringLiteral("^[A-Za-z0-9.^=_:-]{1,32}$"));
    net::DownloadParams p;
    const QJsonValue symbols = body.value(QStringLiteral("symbols"));
    if (!symbols.isArray() || symbols.toArray().isEmpty())
        return Error::badInput(QStringLiteral("\"symbols\" must be a non-empty list of tickers"));
    if (symbols.toArray().size() > 500)
        return Error::badInput(QStringLiteral("at most 500 symbols per request"));
    for (const QJsonValue& v : symbols.toArray()) {
        if (!v.isString() || !symbolRe.match(v.toString()).hasMatch())
            return Error::badInput(
                QStringLiteral("\"%1\" is not a ticker (letters, digits and . ^ = _ : - only)")
                    .arg(v.isString() ? v.toString() : QStringLiteral("non-string")));
        p.symbols << v.toString();
    }
    for (const QJsonValue& v : body.value(QStringLiteral("providers")).toArray()) {
        if (!knownProviders.contains(v.toString()))
            return Error::badInput(QStringLiteral("unknown provider \"%1\" (known: %2)")
                                       .arg(v.toString(), knownProviders.join(QStringLiteral(", "))));
        p.providers << v.toString();
    }
    for (const char* key : {"start", "end"}) {
        if (!body.contains(QLatin1String(key))) continue;
        const QDate d = QDate::fromString(body.value(QLatin1String(key)).toString(), Qt::ISODate);
        if (!d.isValid())
            return Error::badInput(
                QStringLiteral("\"%1\" must be a date YYYY-MM-DD").arg(QLatin1String(key)));
        (key[0] == 's' ? p.start : p.end) = d;
    }
    p.full = body.value(QStringLiteral("full")).toBool(false);
    return p;
}

DownloadTask::DownloadTask(net::DownloadParams params, Settings settings, QString cachePath)
    : m_params(std::move(params))
    , m_settings(std::move(settings))
    , m_cachePath(std::move(cachePath)) {}

DownloadTask::~DownloadTask() {
    m_cancel = true;
    if (m_thread.joinable()) m_thread.join();
}

QJsonObject DownloadTask::resultJson(const net::DownloadResult& r) {
    QJsonArray symbols;
    for (const auto& o : r.outcomes) {
        QJsonObject s{{QStringLiteral("symbol"), o.symbol},
                      {QStringLiteral("status"), net::statusName(o.status)},
                      {QStringLiteral("bars_added"), o.barsAdded},
                      {QStringLiteral("bars_updated"), o.barsUpdated}};
        if (!o.provider.isEmpty()) s.insert(QStringLiteral("provider"), o.provider);
        if (!o.message.isEmpty()) s.insert(QStringLiteral("message"), o.message);
        if (!o.warnings.isEmpty())
            s.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(o.warnings));
        symbols.append(s);
    }
    return {{QStringLiteral("symbols"), symbols},   {QStringLiteral("requests"), r.requests},
            {QStringLiteral("bytes"), r.bytes},     {QStringLiteral("seconds"), r.seconds},
            {QStringLiteral("failed"), r.failed()}, {QStringLiteral("cancelled"), r.cancelled}};
}

void DownloadTask::start(std::function<void(TaskOutcome)> done) {
    m_thread = std::thread([this, done = std::move(done)] {
        TaskOutcome o;
        auto cache = cache::PriceCache::open(m_cachePath);
        if (!cache) {
            o = TaskOutcome::failure(500, QStringLiteral("cache_unavailable"), QStringLiteral("the cache cannot be opened"));
        } else {
            auto r = net::runDownload(m_params, m_settings, **cache,
                                      [this](const net::DownloadProgress&) { return !m_cancel.load(); });
            if (!r) {
                o = TaskOutcome::failure(500, QStringLiteral("download_failed"), r.error().message);
            } else {
                o.data = resultJson(*r);
                o.ok = !r->cancelled && r->failed() < static_cast<int>(r->outcomes.size());
                if (!o.ok) {
                    o.httpStatus = 502;
                    o.code = QStringLiteral("download_failed");
                    o.message = r->cancelled ? QStringLiteral("the download was cancelled")
                                             : QStringLiteral("no symbol could be downloaded");
                }
            }
        }
        QMetaObject::invokeMethod(
            &m_context, [done, o] { done(o); }, Qt::QueuedConnection);
    });
}

} // namespace ts::server
