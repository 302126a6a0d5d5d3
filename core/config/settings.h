#pragma once
// Tearsheet's settings: a JSON file shared by the CLI and the desktop app, then environment
// overrides (TEARSHEET_CACHE, TEARSHEET_PROVIDERS, TEARSHEET_<PROVIDER>_BASE_URL,
// TEARSHEET_<PROVIDER>_API_KEY). Keys live here, never in a workspace, and are masked whenever
// settings are shown.
//
// {"cache": "...", "provider_order": ["yahoo", "stooq"],
//  "http": {"connect_timeout_ms": 10000, "timeout_ms": 30000, "max_body_bytes": 67108864},
//  "retry": {"max_attempts": 4, "base_seconds": 2, "max_seconds": 600},
//  "providers": {"fmp": {"base_url": "...", "api_key": "...", "rate_per_minute": 300, "burst": 5}}}

#include "net/http.h"
#include "net/rate_limiter.h"
#include "providers/provider.h"
#include "util/result.h"

#include <QJsonObject>
#include <QStringList>
#include <map>

namespace ts {

struct Settings {
    QString sourceFile; // the file read, empty when none existed
    QString cachePath;
    QStringList providerOrder;
    std::map<QString, providers::ProviderConfig> providers; // as configured (possibly partial)
    net::HttpOptions http;
    net::RetryPolicy retry;
    // Defaults for new workspaces and the desktop's look.
    QString defaultBenchmark;
    double defaultRf = 0.0;
    double defaultPeriods = 252;
    QString theme = QStringLiteral("system"); // system, light, dark

    // Reads `path` (or TEARSHEET_CONFIG, or the default file) and applies the environment.
    // A missing default file is fine; a missing explicit file or bad JSON is an error.
    static Result<Settings> load(const QString& path = {});
    static QString defaultConfigPath();
    static QString defaultCachePath();

    // The provider's configuration with defaults filled in (base URL, rate, burst).
    providers::ProviderConfig provider(const QString& name) const;
    QJsonObject toJson(bool maskKeys) const;
    // Writes the settings file (atomically, readable by the user only: it holds API keys).
    Result<bool> save(const QString& path = {}) const;
};

QString maskKey(const QString& key); // "abcd…wxyz" style, or "(none)"

} // namespace ts
