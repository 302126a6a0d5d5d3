#include "cache_command.h"

#include "market_options.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

namespace ts::cli {
namespace {

QString num(double v) {
    return std::isnan(v) ? QString() : QString::number(v, 'g', 12);
}
QJsonValue jnum(double v) {
    return std::isnan(v) ? QJsonValue() : QJsonValue(v);
}

} // namespace

int CacheCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "The offline price cache.\n\n"
        "  stats                 file size, schema, counts\n"
        "  list                  every stored symbol with its provider, range and bar count\n"
        "  show SYMBOL           instrument, range, events and the last fetches\n"
        "  export SYMBOL         bars with the adjusted (total-return) close, --format csv|json\n"
        "  verify                SQLite integrity and foreign-key checks\n"
        "  vacuum                compact the file\n"
        "  remove SYMBOL         delete a symbol and its bars"));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("action"),
                            QStringLiteral("stats|list|show|export|verify|vacuum|remove"));
    const QCommandLineOption formatOpt(QStringLiteral("format"),
                                       QStringLiteral("export: csv (default) or json."),
                                       QStringLiteral("FORMAT"), QStringLiteral("csv"));
    const QCommandLineOption outOpt(QStringLiteral("out"),
                                    QStringLiteral("export: write to FILE instead of stdout."),
                                    QStringLiteral("FILE"));
    p.addOptions({formatOpt, outOpt});
    MarketOptions mo;
    mo.addTo(p);
    bool done = false;
    if (const int rc = parseCommandLine(p, name(), args, done); done) return rc;
    const QStringList pos = p.positionalArguments();
    auto bad = [this](const QString& msg) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(name(), msg));
        return BadInput;
    };
    if (pos.isEmpty())
        return bad(QStringLiteral("give an action: stats, list, show, export, verify, vacuum or remove"));
    const QString action = pos.first();
    const bool needsSymbol = action == QLatin1String("show") || action == QLatin1String("export") ||
                             action == QLatin1String("remove");
    const QStringList known{QStringLiteral("stats"),  QStringLiteral("list"),   QStringLiteral("show"),
                            QStringLiteral("export"), QStringLiteral("verify"), QStringLiteral("vacuum"),
                            QStringLiteral("remove")};
    if (!known.contains(action)) return bad(QStringLiteral("unknown action \"%1\"").arg(action));
    if (needsSymbol && pos.size() != 2) return bad(QStringLiteral("%1 needs one SYMBOL").arg(action));
    if (!needsSymbol && pos.size() != 1) return bad(QStringLiteral("%1 takes no argument").arg(action));

    int rc = Ok;
    auto settings = mo.settings(p, name(), rc);
    if (!settings) return rc;
    auto cache = mo.openCache(*settings, name(), rc, /*create=*/false);
    if (!cache) return rc;

    if (action == QLatin1String("stats")) {
        const auto st = cache->stats();
        out(QStringLiteral("cache         %1\nsize          %2 KiB\nschema        %3\ninstruments   %4\nbars "
                           "         %5\nevents        %6\nfetches       %7\n")
                .arg(st.path)
                .arg(st.fileBytes / 1024)
                .arg(st.schemaVersion)
                .arg(st.instruments)
                .arg(st.bars)
                .arg(st.actions)
                .arg(st.fetches));
        return Ok;
    }
    if (action == QLatin1String("list")) {
        QString t =
            QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                .arg(QStringLiteral("symbol").leftJustified(12), QStringLiteral("provider").leftJustified(12),
                     QStringLiteral("first").leftJustified(10), QStringLiteral("last").leftJustified(10),
                     QStringLiteral("bars").rightJustified(7), QStringLiteral("updated (UTC)"));
        for (const auto& i : cache->instruments())
            t += QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                     .arg(i.instrument.symbol.leftJustified(12), i.provider.leftJustified(12),
                          i.first.toString(Qt::ISODate).leftJustified(10),
                          i.last.toString(Qt::ISODate).leftJustified(10),
                          QString::number(i.bars).rightJustified(7), i.updatedAt);
        out(t);
        return Ok;
    }
    if (action == QLatin1String("verify")) {
        auto problems = cache->verify();
        if (!problems) return bad(problems.error().message);
        if (problems->isEmpty()) {
            out(QStringLiteral("ok: %1 passes integrity and foreign-key checks\n").arg(cache->path()));
            return Ok;
        }
        out(problems->join(QLatin1Char('\n')) + QLatin1Char('\n'));
        return Internal;
    }
    if (action == QLatin1String("vacuum")) {
        auto r = cache->vacuum();
        if (!r) return bad(r.error().message);
        out(QStringLiteral("vacuumed %1 (%2 KiB)\n").arg(cache->path()).arg(cache->stats().fileBytes / 1024));
        return Ok;
    }
    const QString symbol = pos.at(1);
    if (action == QLatin1String("remove")) {
        auto r = cache->remove(symbol);
        if (!r) return bad(r.error().message);
        if (!*r) return bad(QStringLiteral("%1 is not in the cache").arg(symbol));
        out(QStringLiteral("removed %1\n").arg(symbol));
        return Ok;
    }
    auto h = cache->history(symbol);
    if (!h) return bad(h.error().message);
    if (action == QLatin1String("show")) {
        const auto si = cache->instrument(symbol);
        QString t = QStringLiteral("symbol        %1\nprovider      %2 (%3)\nname          %4\ncurrency      "
                                   "%5\ntime zone     %6\nprice basis   %7\n"
                                   "bars          %8, %9 to %10\nupdated (UTC) %11\n")
                        .arg(symbol, si->provider, si->instrument.providerSymbol, si->instrument.name,
                             si->instrument.currency, si->instrument.exchangeTz, basisName(si->basis))
                        .arg(si->bars)
                        .arg(si->first.toString(Qt::ISODate), si->last.toString(Qt::ISODate), si->updatedAt);
        for (const auto& a : h->actions)
            t += QStringLiteral("event         %1 %2 %3\n")
                     .arg(a.exDate.toString(Qt::ISODate), a.type == CorporateAction::Type::Split
                                                              ? QStringLiteral("split")
                                                              : QStringLiteral("dividend"))
                     .arg(a.value);
        for (const auto& f : cache->fetchLog(symbol, 10))
            t += QStringLiteral("fetch         %1 %2 HTTP %3 %4 B %5 ms attempt %6 %7\n")
                     .arg(f.at.toString(Qt::ISODate), f.provider)
                     .arg(f.httpStatus)
                     .arg(f.bytes)
                     .arg(f.seconds * 1000, 0, 'f', 0)
                     .arg(f.attempt)
                     .arg(f.error.isEmpty() ? QStringLiteral("ok") : f.error);
        out(t);
        return Ok;
    }
    // export
    const QString format = p.value(formatOpt).toLower();
    if (format != QLatin1String("csv") && format != QLatin1String("json"))
        return bad(QStringLiteral("--format must be csv or json"));
    const AdjustedCloses adj = adjustCloses(h->bars, h->actions, h->basis);
    QByteArray body;
    if (format == QLatin1String("csv")) {
        QString t = QStringLiteral("Date,Open,High,Low,Close,Adj Close,Volume\n");
        for (std::size_t i = 0; i < h->bars.size(); ++i) {
            const Bar& b = h->bars[i];
            t += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                     .arg(b.date.toString(Qt::ISODate), num(b.open), num(b.high), num(b.low), num(b.close),
                          num(adj.closes[i]), num(b.volume));
        }
        body = t.toUtf8();
    } else {
        QJsonArray bars;
        for (std::size_t i = 0; i < h->bars.size(); ++i) {
            const Bar& b = h->bars[i];
            bars.append(QJsonObject{{QStringLiteral("date"), b.date.toString(Qt::ISODate)},
                                    {QStringLiteral("open"), jnum(b.open)},
                                    {QStringLiteral("high"), jnum(b.high)},
                                    {QStringLiteral("low"), jnum(b.low)},
                                    {QStringLiteral("close"), jnum(b.close)},
                                    {QStringLiteral("adj_close"), jnum(adj.closes[i])},
                                    {QStringLiteral("volume"), jnum(b.volume)}});
        }
        body = QJsonDocument(QJsonObject{{QStringLiteral("symbol"), symbol},
                                         {QStringLiteral("provider"), h->provider},
                                         {QStringLiteral("price_basis"), basisName(h->basis)},
                                         {QStringLiteral("bars"), bars}})
                   .toJson(QJsonDocument::Indented);
    }
    if (p.isSet(outOpt)) {
        QString error;
        if (!writeFileAtomically(p.value(outOpt), body, error)) {
            err(QStringLiteral("tearsheet-cli %1: %2\n").arg(name(), error));
            return Internal;
        }
        return Ok;
    }
    out(QString::fromUtf8(body));
    return Ok;
}

} // namespace ts::cli
