#include "portfolio/portfolio.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace ts {

QString rebalanceName(Rebalance r) {
    switch (r) {
    case Rebalance::None:
        return QStringLiteral("none (buy and hold)");
    case Rebalance::Daily:
        return QStringLiteral("daily");
    case Rebalance::Weekly:
        return QStringLiteral("weekly");
    case Rebalance::Monthly:
        return QStringLiteral("monthly");
    case Rebalance::Quarterly:
        return QStringLiteral("quarterly");
    case Rebalance::Yearly:
        return QStringLiteral("yearly");
    case Rebalance::Band:
        return QStringLiteral("drift band");
    }
    return {};
}

Result<std::pair<Rebalance, double>> parseRebalance(const QString& text) {
    const QString t = text.trimmed().toLower();
    static const std::map<QString, Rebalance> names{
        {QStringLiteral("none"), Rebalance::None},       {QStringLiteral("buy-and-hold"), Rebalance::None},
        {QStringLiteral("daily"), Rebalance::Daily},     {QStringLiteral("weekly"), Rebalance::Weekly},
        {QStringLiteral("monthly"), Rebalance::Monthly}, {QStringLiteral("quarterly"), Rebalance::Quarterly},
        {QStringLiteral("yearly"), Rebalance::Yearly},   {QStringLiteral("annually"), Rebalance::Yearly}};
    if (auto it = names.find(t); it != names.end()) return std::pair{it->second, 0.0};
    QString band = t;
    if (band.startsWith(QLatin1String("band:"))) band = band.mid(5);
    const bool percent = band.endsWith(QLatin1Char('%'));
    if (percent) band.chop(1);
    bool ok = false;
    double v = band.toDouble(&ok);
    if (ok && percent) v /= 100.0;
    if (!ok || !(v > 0 && v < 1))
        return Error::badInput(
            QStringLiteral(
                "rebalancing \"%1\" is not none, daily, weekly, monthly, quarterly, yearly or a drift band "
                "like 5%")
                .arg(text));
    return std::pair{Rebalance::Band, v};
}

Result<std::vector<Holding>> parseHoldings(const QString& text) {
    std::vector<Holding> out;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList kv = part.split(QLatin1Char(':'));
        bool ok = false;
        const double w = kv.size() == 2 ? kv[1].trimmed().toDouble(&ok) : 0.0;
        if (kv.size() != 2 || kv[0].trimmed().isEmpty() || !ok || !std::isfinite(w) || w < 0)
            return Error::badInput(
                QStringLiteral("portfolio entry \"%1\" is not SYMBOL:WEIGHT with a weight >= 0")
                    .arg(part.trimmed()));
        for (const auto& h : out)
            if (h.symbol == kv[0].trimmed())
                return Error::badInput(QStringLiteral("%1 appears twice in the portfolio").arg(h.symbol));
        out.push_back({kv[0].trimmed(), w});
    }
    if (out.empty()) return Error::badInput(QStringLiteral("the portfolio has no holdings"));
    return out;
}

namespace {

int periodKey(const QDate& d, Rebalance r) {
    switch (r) {
    case Rebalance::Weekly:
        return static_cast<int>((d.toJulianDay()) / 7); // Monday-based weeks
    case Rebalance::Monthly:
        return d.year() * 12 + d.month();
    case Rebalance::Quarterly:
        return d.year() * 4 + (d.month() - 1) / 3;
    case Rebalance::Yearly:
        return d.year();
    default:
        return 0;
    }
}

} // namespace

Result<PortfolioResult> buildPortfolio(const PortfolioSpec& spec, const std::vector<Series>& closes) {
    const std::size_t k = spec.holdings.size();
    if (k == 0) return Error::badInput(QStringLiteral("the portfolio has no holdings"));
    if (closes.size() != k)
        return Error::internal(
            QStringLiteral("portfolio: %1 price series for %2 holdings").arg(closes.size()).arg(k));
    PortfolioResult res;
    double sum = 0;
    for (const auto& h : spec.holdings)
        sum += h.weight;
    if (!(sum > 0)) return Error::badInput(QStringLiteral("portfolio weights sum to 0"));
    if (std::abs(sum - 1.0) > 1e-6 && !spec.normalize)
        return Error::badInput(
            QStringLiteral("portfolio weights sum to %1, not 1 (pass --normalize to scale them)")
                .arg(sum, 0, 'g', 8));
    for (const auto& h : spec.holdings)
        res.targetWeights.push_back(h.weight / sum);

    // Inner join on dates with a close for every holding.
    std::map<QDate, std::vector<double>> rows;
    std::map<QDate, int> seen;
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < closes[i].size(); ++j) {
            const double c = closes[i].values[j];
            if (std::isnan(c)) continue;
            if (!(c > 0))
                return Error::badInput(QStringLiteral("%1: non-positive close %2 on %3")
                                           .arg(spec.holdings[i].symbol)
                                           .arg(c)
                                           .arg(closes[i].dates[j].toString(Qt::ISODate)));
            auto& row = rows[closes[i].dates[j]];
            if (row.empty()) row.assign(k, NAN);
            row[i] = c;
            ++seen[closes[i].dates[j]];
        }
    std::vector<QDate> dates;
    std::vector<std::vector<double>> px;
    for (const auto& [d, row] : rows) {
        if (seen[d] == static_cast<int>(k)) {
            dates.push_back(d);
            px.push_back(row);
        } else {
            ++res.droppedDays;
        }
    }
    if (dates.size() < 2)
        return Error::badInput(QStringLiteral("the holdings share fewer than two dates with prices (%1)")
                                   .arg(QStringList([&] {
                                            QStringList s;
                                            for (const auto& h : spec.holdings)
                                                s << h.symbol;
                                            return s;
                                        }())
                                            .join(QStringLiteral(", "))));

    std::vector<double> w = res.targetWeights;
    res.dates = dates;
    res.weights.push_back(w);
    res.returns.name = spec.name;
    for (std::size_t t = 1; t < dates.size(); ++t) {
        // Day t's return with the weights held since the last close.
        double r = 0;
        std::vector<double> grown(k);
        for (std::size_t i = 0; i < k; ++i) {
            const double ri = px[t][i] / px[t - 1][i] - 1.0;
            r += w[i] * ri;
            grown[i] = w[i] * (1.0 + ri);
        }
        for (std::size_t i = 0; i < k; ++i)
            w[i] = grown[i] / (1.0 + r);

        bool rebalance = false;
        switch (spec.rebalance) {
        case Rebalance::None:
            break;
        case Rebalance::Daily:
            rebalance = true;
            break;
        case Rebalance::Band:
            for (std::size_t i = 0; i < k; ++i)
                rebalance = rebalance || std::abs(w[i] - res.targetWeights[i]) > spec.band;
            break;
        default: // last trading day of the period: the next common day starts a new one
            rebalance = t + 1 < dates.size() &&
                        periodKey(dates[t + 1], spec.rebalance) != periodKey(dates[t], spec.rebalance);
        }
        if (rebalance) {
            double turnover = 0;
            for (std::size_t i = 0; i < k; ++i)
                turnover += std::abs(res.targetWeights[i] - w[i]);
            const double cost = turnover * spec.costBps / 10'000.0;
            if (turnover > 1e-12) {
                res.rebalances.push_back({dates[t], turnover, cost});
                r = (1.0 + r) * (1.0 - cost) - 1.0;
                w = res.targetWeights;
            }
        }
        res.returns.dates.push_back(dates[t]);
        res.returns.values.push_back(r);
        res.weights.push_back(w);
    }
    return res;
}

} // namespace ts
