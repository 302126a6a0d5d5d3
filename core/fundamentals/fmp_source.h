#pragma once
// FMP /stable/ fundamentals (providers.md §3.2): income-statement, balance-sheet-statement,
// cash-flow-statement, ratios and key-metrics, each a newest-first array of periods whose numeric
// fields are the line items (amounts in reportedCurrency units, ratios as fractions).

#include "fundamentals/source.h"

namespace ts::fundamentals {

class FmpSource : public Source {
public:
    QString name() const override { return QStringLiteral("fmp"); }
    std::vector<Statement> statements() const override { return allStatements(); }
    net::HttpRequest request(const QString& symbol, Statement s, PeriodType p, int limit,
                             const providers::FetchContext& ctx) const override;
    Result<StatementSet, providers::FetchError> parse(const QString& symbol, Statement s, PeriodType p,
                                                      const net::HttpResponse& r) const override;
};

} // namespace ts::fundamentals
