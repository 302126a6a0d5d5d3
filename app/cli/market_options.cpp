#include "market_options.h"

#include "command.h"
#include "util/bounded_read.h"
#include "util/input_limits.h"
#include "util/names.h"
#include "util/text_encoding.h"

#include <QFile>

namespace ts::cli {

std::optional<Settings> MarketOptions::settings(const QCommandLineParser& p, const QString& command,
                                                int& exitCode) const {
    auto s = Settings::load(p.value(config));
    if (!s) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(command, s.error().message));
        exitCode = BadInput;
        return std::nullopt;
    }
    // optionNames(): the options given, without a warning for a command that does not offer --cache.
    if (p.optionNames().contains(cache.names().first())) s->cachePath = p.value(cache);
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

bool readSymbols(const QString& list, const QString& file, QStringList& symbols, QString& error) {
    for (const QString& s : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!s.trimmed().isEmpty()) symbols << s.trimmed();
    if (!file.isEmpty()) {
        auto text = readFileBounded(file, limits::kMaxConfigFileBytes, QStringLiteral("a symbols file"));
        if (!text) {
            error = text.error().message;
            return false;
        }
        if (auto problem = textEncodingProblem(*text)) {
            error = QStringLiteral("%1: %2").arg(file, *problem);
            return false;
        }
        for (const QByteArray& line : text->split('\n')) {
            const QString s = QString::fromUtf8(line).section(QLatin1Char('#'), 0, 0).trimmed();
            if (!s.isEmpty()) symbols << s;
        }
    }
    for (const QString& s : std::as_const(symbols))
        if (auto ok = checkDisplayName(s, QStringLiteral("symbol")); !ok) {
            error = ok.error().message;
            return false;
        }
    symbols.removeDuplicates();
    return true;
}

} // namespace ts::cli
