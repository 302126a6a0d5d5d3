#include "market_options.h"

#include "command.h"

namespace ts::cli {

std::optional<Settings> MarketOptions::settings(const QCommandLineParser& p, const QString& command,
                                                int& exitCode) const {
    auto s = Settings::load(p.value(config));
    if (!s) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(command, s.error().message));
        exitCode = BadInput;
        return std::nullopt;
    }
    if (p.isSet(cache)) s->cachePath = p.value(cache);
    return std::move(s).value();
}

std::unique_ptr<cache::PriceCache> MarketOptions::openCache(const Settings& s, const QString& command,
                                                            int& exitCode, bool create) const {
    auto c = cache::PriceCache::open(s.cachePath, create);
    if (!c) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(command, c.error().message));
        exitCode = c.error().kind == ErrorKind::BadInput ? BadInput : Internal;
        return nullptr;
    }
    return std::move(c).value();
}

} // namespace ts::cli
