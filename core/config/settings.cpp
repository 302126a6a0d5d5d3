#include "config/settings.h"

#include "providers/registry.h"
#include "util/excerpt.h"
#include "util/json_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <cmath>
#include <optional>

namespace ts {
namespace {

QString env(const QString& name) {
    return qEnvironmentVariable(name.toUtf8().constData());
}

// A number of the settings file within [lo, hi] (a whole one when `whole`), or `fallback` when the
// key is absent. A value that does not fit is an error naming the key, never a silent default
// (QJsonValue::toInt gives the default for 1e20).
template <typename T>
std::optional<Error> readNumber(const QJsonObject& o, const char* key, const QString& where, double lo,
                                double hi, bool whole, T& out) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) return std::nullopt;
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || !(d >= lo && d <= hi) || (whole && d != std::floor(d)))
        return Error::badInput(QStringLiteral("%1: \"%2\" must be %3 from %4 to %5")
                                   .arg(where, QLatin1String(key),
                                        whole ? QStringLiteral("a whole number") : QStringLiteral("a number"))
                                   .arg(lo, 0, 'g', 12)
                                   .arg(hi, 0, 'g', 12));
    out = static_cast<T>(d);
    return std::nullopt;
}

} // namespace

QString Settings::defaultConfigPath() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
        .filePath(QStringLiteral("tearsheet/config.json"));
}

QString Settings::defaultCachePath() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("tearsheet/cache.sqlite"));
}

Result<Settings> Settings::load(const QString& explicitPath) {
    Settings s;
    s.providerOrder = {QStringLiteral("yahoo"), QStringLiteral("stooq")};
    QString path = explicitPath;
    if (path.isEmpty()) path = env(QStringLiteral("TEARSHEET_CONFIG"));
    const bool explicitFile = !path.isEmpty();
    if (!explicitFile) path = defaultConfigPath();
    if (QFileInfo::exists(path)) {
        auto json = readJsonObjectFile(path, QStringLiteral("a settings file"));
        if (!json) return json.error();
        s.sourceFile = path;
        const QJsonObject o = *json;
        s.cachePath = o.value(QStringLiteral("cache")).toString();
        if (o.contains(QStringLiteral("provider_order"))) {
            s.providerOrder.clear();
            for (const auto& v : o.value(QStringLiteral("provider_order")).toArray())
                s.providerOrder << v.toString();
        }
        const QJsonObject http = o.value(QStringLiteral("http")).toObject();
        const QJsonObject retry = o.value(QStringLiteral("retry")).toObject();
        const QString inHttp = path + QStringLiteral(": http"), inRetry = path + QStringLiteral(": retry");
        for (auto e :
             {readNumber(http, "connect_timeout_ms", inHttp, 1, 3.6e6, true, s.http.connectTimeoutMs),
              readNumber(http, "timeout_ms", inHttp, 1, 8.64e7, true, s.http.totalTimeoutMs),
              readNumber(http, "max_body_bytes", inHttp, 1, 4294967296.0, true, s.http.maxBodyBytes),
              readNumber(retry, "max_attempts", inRetry, 1, 100, true, s.retry.maxAttempts),
              readNumber(retry, "base_seconds", inRetry, 0, 86400, false, s.retry.baseSeconds),
              readNumber(retry, "max_seconds", inRetry, 0, 86400, false, s.retry.maxSeconds)})
            if (e) return *e;
        const QJsonObject defaults = o.value(QStringLiteral("defaults")).toObject();
        s.defaultBenchmark = defaults.value(QStringLiteral("benchmark")).toString();
        const QString inDefaults = path + QStringLiteral(": defaults");
        for (auto e : {readNumber(defaults, "rf", inDefaults, -0.99, 1, false, s.defaultRf),
                       readNumber(defaults, "periods", inDefaults, 1, 100000, false, s.defaultPeriods)})
            if (e) return *e;
        s.theme = defaults.value(QStringLiteral("theme")).toString(QStringLiteral("system"));
        const QJsonObject provs = o.value(QStringLiteral("providers")).toObject();
        for (auto it = provs.begin(); it != provs.end(); ++it) {
            if (!providers::findProvider(it.key()))
                return Error::badInput(
                    QStringLiteral("%1: unknown provider \"%2\" (known: %3)")
                        .arg(path, excerpt(it.key()), providers::providerNames().join(QStringLiteral(", "))));
            const QJsonObject p = it.value().toObject();
            providers::ProviderConfig c;
            c.baseUrl = p.value(QStringLiteral("base_url")).toString();
            c.apiKey = p.value(QStringLiteral("api_key")).toString();
            const QString in = QStringLiteral("%1: providers.%2").arg(path, excerpt(it.key()));
            for (auto e : {readNumber(p, "rate_per_minute", in, 0, 1e6, false, c.ratePerMinute),
                           readNumber(p, "burst", in, 0, 1e6, false, c.burst)})
                if (e) return *e;
            c.useSession = p.value(QStringLiteral("session")).toBool(false);
            s.providers[it.key().toLower()] = c;
        }
    } else if (explicitFile) {
        return Error::badInput(QStringLiteral("%1: no such config file").arg(path));
    }
    // The environment wins over the file.
    if (const QString c = env(QStringLiteral("TEARSHEET_CACHE")); !c.isEmpty()) s.cachePath = c;
    if (const QString order = env(QStringLiteral("TEARSHEET_PROVIDERS")); !order.isEmpty())
        s.providerOrder = order.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& name : providers::providerNames()) {
        const QString up = name.toUpper();
        if (const QString u = env(QStringLiteral("TEARSHEET_%1_BASE_URL").arg(up)); !u.isEmpty())
            s.providers[name].baseUrl = u;
        if (const QString k = env(QStringLiteral("TEARSHEET_%1_API_KEY").arg(up)); !k.isEmpty())
            s.providers[name].apiKey = k;
    }
    for (QString& p : s.providerOrder) {
        p = p.trimmed().toLower();
        if (!providers::findProvider(p))
            return Error::badInput(
                QStringLiteral("unknown provider \"%1\" in the provider order (known: %2)")
                    .arg(excerpt(p), providers::providerNames().join(QStringLiteral(", "))));
    }
    if (s.cachePath.isEmpty()) s.cachePath = defaultCachePath();
    return s;
}

providers::ProviderConfig Settings::provider(const QString& name) const {
    providers::ProviderConfig c;
    if (auto it = providers.find(name.toLower()); it != providers.end()) c = it->second;
    if (const auto* p = providers::findProvider(name)) {
        if (c.baseUrl.isEmpty()) c.baseUrl = p->defaultBaseUrl();
        if (c.ratePerMinute <= 0) c.ratePerMinute = p->defaultRatePerMinute();
        if (c.burst <= 0) c.burst = p->defaultBurst();
    }
    while (c.baseUrl.endsWith(QLatin1Char('/')) && c.baseUrl.size() > 1)
        c.baseUrl.chop(1);
    return c;
}

QString maskKey(const QString& key) {
    if (key.isEmpty()) return QStringLiteral("(none)");
    if (key.size() <= 8) return QStringLiteral("****");
    return key.left(2) + QStringLiteral("****") + key.right(2);
}

QJsonObject Settings::toJson(bool maskKeys) const {
    QJsonObject provs;
    for (const QString& name : providers::providerNames()) {
        const auto c = provider(name);
        provs.insert(name, QJsonObject{{QStringLiteral("base_url"), c.baseUrl},
                                       {QStringLiteral("api_key"), maskKeys ? maskKey(c.apiKey) : c.apiKey},
                                       {QStringLiteral("rate_per_minute"), c.ratePerMinute},
                                       {QStringLiteral("burst"), c.burst},
                                       {QStringLiteral("session"), c.useSession}});
    }
    return QJsonObject{
        {QStringLiteral("config_file"), sourceFile.isEmpty() ? QStringLiteral("(none)") : sourceFile},
        {QStringLiteral("cache"), cachePath},
        {QStringLiteral("provider_order"), QJsonArray::fromStringList(providerOrder)},
        {QStringLiteral("http"), QJsonObject{{QStringLiteral("connect_timeout_ms"), http.connectTimeoutMs},
                                             {QStringLiteral("timeout_ms"), http.totalTimeoutMs},
                                             {QStringLiteral("max_body_bytes"), http.maxBodyBytes}}},
        {QStringLiteral("retry"), QJsonObject{{QStringLiteral("max_attempts"), retry.maxAttempts},
                                              {QStringLiteral("base_seconds"), retry.baseSeconds},
                                              {QStringLiteral("max_seconds"), retry.maxSeconds}}},
        {QStringLiteral("providers"), provs}};
}

Result<bool> Settings::save(const QString& path) const {
    const QString target = !path.isEmpty() ? path : !sourceFile.isEmpty() ? sourceFile : defaultConfigPath();
    QJsonObject provs;
    for (const auto& [name, c] : providers) {
        QJsonObject o;
        if (!c.baseUrl.isEmpty()) o.insert(QStringLiteral("base_url"), c.baseUrl);
        if (!c.apiKey.isEmpty()) o.insert(QStringLiteral("api_key"), c.apiKey);
        if (c.ratePerMinute > 0) o.insert(QStringLiteral("rate_per_minute"), c.ratePerMinute);
        if (c.burst > 0) o.insert(QStringLiteral("burst"), c.burst);
        if (c.useSession) o.insert(QStringLiteral("session"), true);
        provs.insert(name, o);
    }
    const QJsonObject root{
        {QStringLiteral("cache"), cachePath},
        {QStringLiteral("provider_order"), QJsonArray::fromStringList(providerOrder)},
        {QStringLiteral("http"), QJsonObject{{QStringLiteral("connect_timeout_ms"), http.connectTimeoutMs},
                                             {QStringLiteral("timeout_ms"), http.totalTimeoutMs},
                                             {QStringLiteral("max_body_bytes"), http.maxBodyBytes}}},
        {QStringLiteral("retry"), QJsonObject{{QStringLiteral("max_attempts"), retry.maxAttempts},
                                              {QStringLiteral("base_seconds"), retry.baseSeconds},
                                              {QStringLiteral("max_seconds"), retry.maxSeconds}}},
        {QStringLiteral("providers"), provs},
        {QStringLiteral("defaults"), QJsonObject{{QStringLiteral("benchmark"), defaultBenchmark},
                                                 {QStringLiteral("rf"), defaultRf},
                                                 {QStringLiteral("periods"), defaultPeriods},
                                                 {QStringLiteral("theme"), theme}}}};
    QDir().mkpath(QFileInfo(target).absolutePath());
    QSaveFile f(target);
    if (!f.open(QIODevice::WriteOnly))
        return Error::badInput(QStringLiteral("%1: cannot write: %2").arg(target, f.errorString()));
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!f.commit())
        return Error::badInput(QStringLiteral("%1: cannot write: %2").arg(target, f.errorString()));
    return true;
}

} // namespace ts
