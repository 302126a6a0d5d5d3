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

namespace ts {
namespace {

QString env(const QString& name) {
    return qEnvironmentVariable(name.toUtf8().constData());
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
        s.http.connectTimeoutMs =
            http.value(QStringLiteral("connect_timeout_ms")).toInt(s.http.connectTimeoutMs);
        s.http.totalTimeoutMs = http.value(QStringLiteral("timeout_ms")).toInt(s.http.totalTimeoutMs);
        s.http.maxBodyBytes = http.value(QStringLiteral("max_body_bytes")).toInteger(s.http.maxBodyBytes);
        const QJsonObject retry = o.value(QStringLiteral("retry")).toObject();
        s.retry.maxAttempts = retry.value(QStringLiteral("max_attempts")).toInt(s.retry.maxAttempts);
        s.retry.baseSeconds = retry.value(QStringLiteral("base_seconds")).toDouble(s.retry.baseSeconds);
        s.retry.maxSeconds = retry.value(QStringLiteral("max_seconds")).toDouble(s.retry.maxSeconds);
        const QJsonObject defaults = o.value(QStringLiteral("defaults")).toObject();
        s.defaultBenchmark = defaults.value(QStringLiteral("benchmark")).toString();
        s.defaultRf = defaults.value(QStringLiteral("rf")).toDouble(0);
        s.defaultPeriods = defaults.value(QStringLiteral("periods")).toDouble(252);
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
            c.ratePerMinute = p.value(QStringLiteral("rate_per_minute")).toDouble(0);
            c.burst = p.value(QStringLiteral("burst")).toDouble(0);
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
