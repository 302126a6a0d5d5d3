#include "market_options.h"

#include "command.h"

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

bool readSymbols(const QString& list, const QString& file, QStringList& symbols, QString& error) {
    for (const QString& s : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!s.trimmed().isEmpty()) symbols << s.trimmed();
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
            error = QStringLiteral("%1: cannot read: %2").arg(f.fileName(), f.errorString());
            return false;
        }
        for (const QByteArray& line : f.readAll().split('\n')) {
            const QString s = QString::fromUtf8(line).section(QLatin1Char('#'), 0, 0).trimmed();
            if (!s.isEmpty()) symbols << s;
        }
    }
    symbols.removeDuplicates();
    return true;
}

} // namespace ts::cli
