#pragma once
// Alpha Vantage fundamentals (providers.md §4): INCOME_STATEMENT, BALANCE_SHEET and CASH_FLOW as
// {"annualReports": [...], "quarterlyReports": [...]} with every value a string ("None" when
// missing), and OVERVIEW (one object: the latest ratios, sector, shares) as the "ratios" statement.
// Names are mapped to FMP's vocabulary and cash outflows made negative.

#include "fundamentals/source.h"

namespace ts::fundamentals {

class AlphaVantageSource : public Source {
public:
    QString name() const override { return QStringLiteral("alphavantage"); }
    std::vector<Statement> statements() const override {
        return {Statement::Income, Statement::Balance, Statement::CashFlow, Statement::Ratios};
    }
    net::HttpRequest request(const QString& symbol, Statement s, PeriodType p, int limit,
                             const providers::FetchContext& ctx) const override;
    Result<StatementSet, providers::FetchError> parse(const QString& symbol, Statement s, PeriodType p,
                                                      const net::HttpResponse& r) const override;
};

} // namespace ts::fundamentals
