#include "report/report_request.h"

#include "cache/price_cache.h"
#include "config/settings.h"
#include "data/date_validation.h"
#include "util/excerpt.h"
#include "util/json_file.h"
#include "util/names.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

namespace ts {
namespace {

Result<SeriesRequest> parseSeries(const QJsonObject& o, const QString& where, const QDir& base) {
    SeriesRequest s;
    s.name = o.value(QStringLiteral("name")).toString();
    s.color = o.value(QStringLiteral("color")).toString();
    for (const QString& text : {s.name, s.color, o.value(QStringLiteral("symbol")).toString()})
        if (auto n = checkDisplayName(text, where); !n) return n.error();
    if (o.contains(QStringLiteral("returns")) || o.contains(QStringLiteral("prices"))) {
        s.kind = SeriesRequest::Kind::File;
        const bool prices = o.contains(QStringLiteral("prices"));
        s.path = base.absoluteFilePath(
            o.value(prices ? QStringLiteral("prices") : QStringLiteral("returns")).toString());
        s.values = prices ? ValueKind::Prices : ValueKind::Auto;
    } else if (o.contains(QStringLiteral("symbol"))) {
        s.kind = SeriesRequest::Kind::Symbol;
        s.symbol = o.value(QStringLiteral("symbol")).toString();
    } else if (o.contains(QStringLiteral("portfolio"))) {
        s.kind = SeriesRequest::Kind::Portfolio;
        const QJsonObject w = o.value(QStringLiteral("portfolio")).toObject();
        if (w.isEmpty())
            return Error::badInput(
                QStringLiteral("%1: \"portfolio\" must map symbols to weights").arg(where));
        for (auto it = w.begin(); it != w.end(); ++it) {
            if (auto n = checkDisplayName(it.key(), where + QStringLiteral(", holding")); !n)
                return n.error();
            if (!it.value().isDouble() || it.value().toDouble() < 0)
                return Error::badInput(
                    QStringLiteral("%1: weight of %2 must be a number >= 0").arg(where, excerpt(it.key())));
            s.portfolio.holdings.push_back({it.key(), it.value().toDouble()});
        }
        auto rule = parseRebalance(o.value(QStringLiteral("rebalance")).toString(QStringLiteral("none")));
        if (!rule) return Error::badInput(where + QStringLiteral(": ") + rule.error().message);
        s.portfolio.rebalance = rule->first;
        s.portfolio.band = rule->second;
        s.portfolio.costBps = o.value(QStringLiteral("cost_bps")).toDouble(0);
        s.portfolio.normalize = o.value(QStringLiteral("normalize")).toBool(false);
        s.portfolio.name = s.name.isEmpty() ? QStringLiteral("Portfolio") : s.name;
    } else {
        return Error::badInput(
            QStringLiteral("%1: give \"returns\", \"prices\", \"symbol\" or \"portfolio\"").arg(where));
    }
    return s;
}

} // namespace

Result<std::vector<ReportRequest>> parseReportConfig(const QJsonObject& root, const QString& baseDir,
                                                     const QString& defaultCache) {
    const QDir base(baseDir);
    const QJsonObject defaults = root.value(QStringLiteral("defaults")).toObject();
    const QJsonArray reports = root.value(QStringLiteral("reports")).toArray();
    if (reports.isEmpty()) return Error::badInput(QStringLiteral("the config has no \"reports\""));
    std::vector<ReportRequest> out;
    QStringList names;
    for (qsizetype i = 0; i < reports.size(); ++i) {
        const QJsonObject o = reports.at(i).toObject();
        ReportRequest r;
        // The name is the output file stem in a batch, with companions beside it: one check for all.
        auto name =
            checkFileStem(o.value(QStringLiteral("name")).toString(QStringLiteral("report-%1").arg(i + 1)),
                          QStringLiteral("report %1").arg(i + 1));
        if (!name) return name.error();
        r.name = *name;
        if (names.contains(r.name))
            return Error::badInput(QStringLiteral("two reports are named \"%1\"").arg(r.name));
        names << r.name;
        const QString where = QStringLiteral("report \"%1\"").arg(r.name);
        r.title = o.value(QStringLiteral("title")).toString();
        if (r.title.size() > 10 * limits::kMaxNameChars)
            return Error::badInput(QStringLiteral("%1: the title is longer than %2 characters")
                                       .arg(where)
                                       .arg(10 * limits::kMaxNameChars));
        auto value = [&](const char* key) {
            return o.contains(QLatin1String(key)) ? o.value(QLatin1String(key))
                                                  : defaults.value(QLatin1String(key));
        };
        // A value of the wrong type is an error, not a silent default.
        for (auto [key, type] :
             {std::pair{"rf", QJsonValue::Double}, std::pair{"periods", QJsonValue::Double},
              std::pair{"compounded", QJsonValue::Bool}, std::pair{"convention", QJsonValue::String},
              std::pair{"montecarlo", QJsonValue::Object}, std::pair{"start", QJsonValue::String},
              std::pair{"end", QJsonValue::String}, std::pair{"title", QJsonValue::String},
              std::pair{"formats", QJsonValue::Array}, std::pair{"benchmark", QJsonValue::Object},
              std::pair{"strategies", QJsonValue::Array}, std::pair{"rf_series", QJsonValue::String}}) {
            const QJsonValue v = value(key);
            if (!v.isUndefined() && !v.isNull() && v.type() != type)
                return Error::badInput(QStringLiteral("%1: \"%2\" must be %3")
                                           .arg(where, QLatin1String(key),
                                                type == QJsonValue::Double   ? QStringLiteral("a number")
                                                : type == QJsonValue::Bool   ? QStringLiteral("true or false")
                                                : type == QJsonValue::String ? QStringLiteral("a string")
                                                : type == QJsonValue::Array  ? QStringLiteral("a list")
                                                                             : QStringLiteral("an object")));
        }
        r.metrics.rf = value("rf").toDouble(0);
        r.metrics.periods = value("periods").toDouble(252);
        r.metrics.periodsExplicit = value("periods").isDouble(); // absent: follow the dates
        r.metrics.compounded = value("compounded").toBool(true);
        if (const QString name = value("convention").toString(QStringLiteral("standard"));
            const auto c = conventionFromName(name))
            r.metrics.convention = *c;
        else
            return Error::badInput(
                QStringLiteral("%1: unknown convention \"%2\" (available: standard, quantstats)")
                    .arg(where, name));
        if (!(r.metrics.periods >= 1) || !(std::abs(r.metrics.rf) < 1))
            return Error::badInput(where + QStringLiteral(": bad rf or periods"));
        r.rfSeries = value("rf_series").toString();
        if (!r.rfSeries.isEmpty()) {
            if (value("rf").isDouble())
                return Error::badInput(where + QStringLiteral(": give \"rf\" or \"rf_series\", not both"));
            // The server's symbol rule: a path ("/", "\\", "..") cannot pass it.
            static const QRegularExpression symbol(
                QStringLiteral("^[A-Za-z0-9^=_-][A-Za-z0-9.^=_:-]{0,31}$"));
            if (!symbol.match(r.rfSeries).hasMatch() || r.rfSeries.contains(QStringLiteral("..")))
                return Error::badInput(
                    QStringLiteral("%1: \"rf_series\" must be a cached symbol such as ^IRX "
                                   "(a file is never read from here), got \"%2\"")
                        .arg(where, excerpt(r.rfSeries)));
        }
        if (const QJsonObject mc = value("montecarlo").toObject(); !mc.isEmpty()) {
            const QJsonValue sims = mc.value(QStringLiteral("sims"));
            const double n = sims.toDouble(-1);
            if (!sims.isDouble() || n != std::floor(n) || n < 1 || n > kMonteCarloMaxSims)
                return Error::badInput(
                    QStringLiteral("%1: \"montecarlo\".\"sims\" must be a whole number from 1 to %2")
                        .arg(where)
                        .arg(kMonteCarloMaxSims));
            r.monteCarloSims = static_cast<int>(n);
            const QString method = mc.value(QStringLiteral("method")).toString(QStringLiteral("block"));
            const auto m = parseMonteCarloMethod(method);
            if (!m)
                return Error::badInput(
                    QStringLiteral(
                        "%1: unknown Monte Carlo method \"%2\" (available: block, bootstrap, shuffle)")
                        .arg(where, method));
            r.monteCarloMethod = *m;
        }
        for (auto [key, date] : {std::pair{"start", &r.start}, std::pair{"end", &r.end}}) {
            const QString text = value(key).toString();
            if (text.isEmpty()) continue;
            *date = parseIsoDate(text);
            if (!date->isValid())
                return Error::badInput(
                    QStringLiteral("%1: \"%2\" must be a date YYYY-MM-DD in years %3-%4, got \"%5\"")
                        .arg(where, QLatin1String(key))
                        .arg(kMinYear)
                        .arg(kMaxYear)
                        .arg(excerpt(text)));
        }
        const QString cache = value("cache").toString();
        r.cachePath = cache.isEmpty() ? defaultCache : base.absoluteFilePath(cache);
        for (const auto& f : value("formats").toArray())
            r.formats << f.toString().toLower();
        if (r.formats.isEmpty()) r.formats = {QStringLiteral("html")};
        for (const auto& f : r.formats)
            if (f != QLatin1String("html") && f != QLatin1String("pdf") && f != QLatin1String("json"))
                return Error::badInput(
                    QStringLiteral("%1: unknown format \"%2\" (html, pdf, json)").arg(where, excerpt(f)));
        const QJsonArray strategies = o.value(QStringLiteral("strategies")).toArray();
        if (strategies.isEmpty()) return Error::badInput(where + QStringLiteral(": no \"strategies\""));
        for (qsizetype k = 0; k < strategies.size(); ++k) {
            auto s = parseSeries(strategies.at(k).toObject(),
                                 QStringLiteral("%1, strategy %2").arg(where).arg(k + 1), base);
            if (!s) return s.error();
            r.strategies.push_back(*s);
        }
        const QJsonValue bench = value("benchmark");
        if (bench.isObject()) {
            auto b = parseSeries(bench.toObject(), where + QStringLiteral(", benchmark"), base);
            if (!b) return b.error();
            r.benchmark = *b;
        }
        out.push_back(std::move(r));
    }
    return out;
}

namespace {

Result<SeriesSource> resolveSeries(const SeriesRequest& s, const QString& cachePath, ReportSpec& spec) {
    switch (s.kind) {
    case SeriesRequest::Kind::File:
        spec.dataSources.push_back(
            QStringLiteral("%1: file %2")
                .arg(s.name.isEmpty() ? QFileInfo(s.path).completeBaseName() : s.name, s.path));
        return SeriesSource::file(s.path, s.values, s.name);
    case SeriesRequest::Kind::Symbol: // its provenance comes back with the analysis (Analysis::sources)
        return SeriesSource::cached(s.symbol, cachePath, s.name);
    case SeriesRequest::Kind::Portfolio:
        break;
    }
    const PortfolioSpec& ps = s.portfolio;
    auto cache = cache::PriceCache::open(cachePath, false);
    if (!cache) return cache.error();
    std::vector<Series> closes;
    for (const auto& h : ps.holdings) {
        auto adj = (*cache)->adjustedCloses(h.symbol);
        if (!adj) return adj.error();
        const auto info = (*cache)->instrument(h.symbol);
        spec.dataSources.push_back(QStringLiteral("%1: %2 closes %3 to %4 from %5 (%6 basis), fetched %7")
                                       .arg(h.symbol)
                                       .arg(info->bars)
                                       .arg(info->first.toString(Qt::ISODate),
                                            info->last.toString(Qt::ISODate), info->provider,
                                            basisName(info->basis), info->updatedAt));
        for (const auto& w : adj->warnings)
            spec.dataQuality.push_back(h.symbol + QStringLiteral(": ") + w);
        Series c;
        c.name = h.symbol;
        c.dates = adj->dates;
        c.values = adj->closes;
        closes.push_back(std::move(c));
    }
    auto port = buildPortfolio(ps, closes);
    if (!port) return port.error();
    QStringList weights;
    for (std::size_t i = 0; i < ps.holdings.size(); ++i)
        weights << QStringLiteral("%1 %2%")
                       .arg(ps.holdings[i].symbol)
                       .arg(port->targetWeights[i] * 100, 0, 'f', 2);
    spec.extraParameters.emplace_back(QStringLiteral("%1 weights").arg(ps.name),
                                      weights.join(QStringLiteral(", ")));
    spec.extraParameters.emplace_back(QStringLiteral("%1 rebalancing").arg(ps.name),
                                      ps.rebalance == Rebalance::Band
                                          ? QStringLiteral("drift band %1%").arg(ps.band * 100)
                                          : rebalanceName(ps.rebalance));
    spec.extraParameters.emplace_back(
        QStringLiteral("%1 costs").arg(ps.name),
        QStringLiteral("%1 bp of turnover; %2 rebalance(s)").arg(ps.costBps).arg(port->rebalances.size()));
    spec.extraParameters.emplace_back(
        QStringLiteral("Portfolio rules"),
        QStringLiteral("rebalanced at the close of the period's last trading day, weights drift in between; "
                       "days where every holding has a close (a missing price is never a zero return)"));
    if (auto f = fundamentalsSection(ps, port->targetWeights, cachePath))
        spec.fundamentals.push_back(std::move(*f));
    if (port->droppedDays > 0)
        spec.dataQuality.push_back(QStringLiteral("%1: %2 day(s) dropped because some holding had no close")
                                       .arg(ps.name)
                                       .arg(port->droppedDays));
    return SeriesSource::fromReturns(port->returns);
}

} // namespace

Result<std::vector<ReportRequest>> loadReportConfig(const QString& configPath, const QString& cacheOverride) {
    auto json = readJsonObjectFile(configPath, QStringLiteral("a report config"));
    if (!json) return json.error();
    QString cache = cacheOverride;
    if (cache.isEmpty()) {
        auto settings = Settings::load();
        if (!settings) return settings.error();
        cache = settings->cachePath;
    }
    auto requests = parseReportConfig(*json, QFileInfo(configPath).absolutePath(), cache);
    if (!requests) return Error::badInput(QStringLiteral("%1: %2").arg(configPath, requests.error().message));
    if (!cacheOverride.isEmpty())
        for (auto& r : *requests)
            r.cachePath = cacheOverride;
    return requests;
}

QStringList cachedSymbols(const std::vector<ReportRequest>& requests) {
    QStringList out;
    auto add = [&](const SeriesRequest& s) {
        if (s.kind == SeriesRequest::Kind::Symbol) out << s.symbol;
        if (s.kind == SeriesRequest::Kind::Portfolio)
            for (const auto& h : s.portfolio.holdings)
                out << h.symbol;
    };
    for (const auto& r : requests) {
        for (const auto& s : r.strategies)
            add(s);
        if (r.benchmark) add(*r.benchmark);
    }
    out.removeAll(QString());
    out.removeDuplicates();
    return out;
}

Result<ReportSpec> resolveReport(const ReportRequest& r) {
    ReportSpec spec;
    spec.title = r.title;
    spec.analysis.metrics = r.metrics;
    if (!r.rfSeries.isEmpty()) spec.analysis.riskFree = RiskFreeSource::cached(r.rfSeries, r.cachePath);
    spec.monteCarloSims = r.monteCarloSims;
    spec.monteCarloMethod = r.monteCarloMethod;
    spec.analysis.start = r.start;
    spec.analysis.end = r.end;
    for (const auto& s : r.strategies) {
        auto src = resolveSeries(s, r.cachePath, spec);
        if (!src) return src.error();
        spec.analysis.strategies.push_back(std::move(src).value());
        spec.colors.push_back(s.color);
    }
    if (r.benchmark) {
        auto src = resolveSeries(*r.benchmark, r.cachePath, spec);
        if (!src) return src.error();
        spec.analysis.benchmark = std::move(src).value();
        spec.colors.push_back(r.benchmark->color);
    }
    return spec;
}

} // namespace ts

namespace ts {
namespace {

// A drift band as parseRebalance reads it back, to the last bit: "12.5%" when the percentage
// round-trips exactly, else the fraction itself ("band:0.123456789"); shortest digits either way.
QString bandText(double band) {
    const QString percent =
        QString::number(band * 100, 'g', QLocale::FloatingPointShortest) + QLatin1Char('%');
    if (auto back = parseRebalance(percent); back && back->second == band) return percent;
    return QStringLiteral("band:") + QString::number(band, 'g', QLocale::FloatingPointShortest);
}

QJsonObject seriesJson(const SeriesRequest& s) {
    QJsonObject o;
    if (!s.name.isEmpty()) o.insert(QStringLiteral("name"), s.name);
    if (!s.color.isEmpty()) o.insert(QStringLiteral("color"), s.color);
    switch (s.kind) {
    case SeriesRequest::Kind::File:
        o.insert(s.values == ValueKind::Prices ? QStringLiteral("prices") : QStringLiteral("returns"),
                 s.path);
        break;
    case SeriesRequest::Kind::Symbol:
        o.insert(QStringLiteral("symbol"), s.symbol);
        break;
    case SeriesRequest::Kind::Portfolio: {
        QJsonObject w;
        for (const auto& h : s.portfolio.holdings)
            w.insert(h.symbol, h.weight);
        o.insert(QStringLiteral("portfolio"), w);
        QString rule;
        switch (s.portfolio.rebalance) {
        case Rebalance::None:
            rule = QStringLiteral("none");
            break;
        case Rebalance::Daily:
            rule = QStringLiteral("daily");
            break;
        case Rebalance::Weekly:
            rule = QStringLiteral("weekly");
            break;
        case Rebalance::Monthly:
            rule = QStringLiteral("monthly");
            break;
        case Rebalance::Quarterly:
            rule = QStringLiteral("quarterly");
            break;
        case Rebalance::Yearly:
            rule = QStringLiteral("yearly");
            break;
        case Rebalance::Band:
            rule = bandText(s.portfolio.band);
            break;
        }
        o.insert(QStringLiteral("rebalance"), rule);
        o.insert(QStringLiteral("cost_bps"), s.portfolio.costBps);
        o.insert(QStringLiteral("normalize"), s.portfolio.normalize);
        break;
    }
    }
    return o;
}

} // namespace

QJsonObject reportConfigJson(const std::vector<ReportRequest>& requests) {
    QJsonArray reports;
    for (const auto& r : requests) {
        QJsonObject o{{QStringLiteral("name"), r.name},
                      {QStringLiteral("rf"), r.metrics.rf},
                      {QStringLiteral("compounded"), r.metrics.compounded},
                      {QStringLiteral("convention"), conventionName(r.metrics.convention)},
                      {QStringLiteral("formats"), QJsonArray::fromStringList(r.formats)}};
        if (r.metrics.periodsExplicit) o.insert(QStringLiteral("periods"), r.metrics.periods);
        if (!r.rfSeries.isEmpty()) o.insert(QStringLiteral("rf_series"), r.rfSeries);
        if (!r.title.isEmpty()) o.insert(QStringLiteral("title"), r.title);
        if (r.monteCarloSims > 0)
            o.insert(QStringLiteral("montecarlo"),
                     QJsonObject{{QStringLiteral("sims"), r.monteCarloSims},
                                 {QStringLiteral("method"),
                                  QString::fromLatin1(monteCarloMethodName(r.monteCarloMethod))}});
        if (!r.cachePath.isEmpty()) o.insert(QStringLiteral("cache"), r.cachePath);
        if (r.start.isValid()) o.insert(QStringLiteral("start"), r.start.toString(Qt::ISODate));
        if (r.end.isValid()) o.insert(QStringLiteral("end"), r.end.toString(Qt::ISODate));
        QJsonArray strategies;
        for (const auto& s : r.strategies)
            strategies.append(seriesJson(s));
        o.insert(QStringLiteral("strategies"), strategies);
        if (r.benchmark) o.insert(QStringLiteral("benchmark"), seriesJson(*r.benchmark));
        reports.append(o);
    }
    return QJsonObject{{QStringLiteral("reports"), reports}};
}

} // namespace ts
