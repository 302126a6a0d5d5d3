#pragma once
// Options shared by the commands that use settings and the price cache: --config and --cache.

#include "cache/price_cache.h"
#include "config/settings.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <memory>

namespace ts::cli {

struct MarketOptions {
    QCommandLineOption config{
        QStringLiteral("config"),
        QStringLiteral("Settings file (default: TEARSHEET_CONFIG or the user's config.json)."),
        QStringLiteral("FILE")};
    QCommandLineOption cache{
        QStringLiteral("cache"),
        QStringLiteral("Price cache file (default: TEARSHEET_CACHE, the config, or the user's data folder)."),
        QStringLiteral("FILE")};
    void addTo(QCommandLineParser& p) const { p.addOptions({config, cache}); }

    // Settings with --cache applied; prints the error and sets `exitCode` on failure.
    std::optional<Settings> settings(const QCommandLineParser& p, const QString& command,
                                     int& exitCode) const;
    std::unique_ptr<cache::PriceCache> openCache(const Settings& s, const QString& command, int& exitCode,
                                                 bool create = true) const;
};

// Symbols from a comma list and/or a file (one per line, # comments), de-duplicated in order.
// Returns false (with `error`) when the file cannot be read.
bool readSymbols(const QString& list, const QString& file, QStringList& symbols, QString& error);

} // namespace ts::cli
