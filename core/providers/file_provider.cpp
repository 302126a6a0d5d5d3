#include "providers/file_provider.h"

#include "data/csv_reader.h"
#include "data/returns.h"
#include "providers/provider_util.h"

#include <QDir>
#include <QFileInfo>

namespace ts::providers {

QString FileProvider::pathFor(const QString& symbol, const ProviderConfig& config) const {
    if (QFileInfo(symbol).isFile()) return symbol;
    // SYMBOL.csv, or symbol.csv when only the lower-case file exists.
    const QDir dir(config.baseUrl.isEmpty() ? QStringLiteral(".") : config.baseUrl);
    const QString exact = dir.filePath(symbol + QStringLiteral(".csv"));
    const QString lower = dir.filePath(symbol.toLower() + QStringLiteral(".csv"));
    return QFileInfo(exact).isFile() || !QFileInfo(lower).isFile() ? exact : lower;
}

Result<PriceHistory, FetchError> FileProvider::parse(const QString& symbol, const FetchRange& range,
                                                     const FetchContext& ctx,
                                                     const std::vector<net::HttpResponse>&) const {
    const QString path = pathFor(symbol, ctx.config);
    if (!QFileInfo(path).isFile())
        return makeError(FetchErrorKind::NotFound,
                         QStringLiteral("file %1: no such file %2").arg(symbol, path));
    auto frame = readCsvFile(path);
    if (!frame) return makeError(FetchErrorKind::Malformed, frame.error().message);
    PriceHistory h;
    h.provider = name();
    h.instrument.symbol = QFileInfo(symbol).isFile() ? QFileInfo(symbol).completeBaseName() : symbol;
    h.instrument.providerSymbol = path;
    auto col = [&](const char* n) { return frame->columnIndex(QString::fromLatin1(n)); };
    auto at = [&](int c, std::size_t i) {
        return c < 0 ? NAN : frame->columns[static_cast<std::size_t>(c)][i];
    };
    int ic = col("Close"), ia = col("Adj Close");
    if (ia < 0) ia = col("Adj_Close");
    if (ic < 0 && frame->columns.size() == 1) ic = 0;
    if (ic < 0 && ia < 0)
        return makeError(FetchErrorKind::Malformed,
                         QStringLiteral("%1: no Close or Adj Close column").arg(path));
    // A single column that does not look like prices holds returns: rebuild an index from 1.0.
    const Series s = frame->column(ic >= 0 ? ic : ia);
    const bool returns = frame->columns.size() == 1 && !looksLikePrices(s);
    // A CSV carries no events: the series is used as given (Adj Close when present).
    h.basis = PriceBasis::Adjusted;
    double index = 1.0;
    for (std::size_t i = 0; i < frame->dates.size(); ++i) {
        Bar b;
        b.date = frame->dates[i];
        if (returns) {
            if (std::isnan(s.values[i])) continue;
            index *= 1.0 + s.values[i];
            b.open = b.high = b.low = b.close = index;
            b.volume = NAN;
            b.providerAdjClose = NAN;
        } else {
            b.open = at(col("Open"), i);
            b.high = at(col("High"), i);
            b.low = at(col("Low"), i);
            b.close = ia >= 0 ? at(ia, i) : at(ic, i);
            b.providerAdjClose = NAN;
            b.volume = at(col("Volume"), i);
        }
        if (!std::isnan(b.close) && b.close > 0) h.bars.push_back(b);
    }
    normalise(h, range);
    if (h.bars.empty() && !range.start.isValid())
        return makeError(FetchErrorKind::NotFound, QStringLiteral("%1: no prices").arg(path));
    return h;
}

} // namespace ts::providers
