#pragma once
// Where fundamentals come from: one request per (symbol, statement, period type), parsed into line
// items under the canonical names. A source shares its provider's settings (base URL, key, rate
// limit) with the price download, and its errors are classified the same way (quota, key, ...).

#include "fundamentals/statement.h"
#include "net/http.h"
#include "providers/provider.h"

#include <QStringList>
#include <memory>

namespace ts::fundamentals {

class Source {
public:
    virtual ~Source() = default;
    virtual QString name() const = 0; // the provider name ("fmp", "alphavantage")
    virtual std::vector<Statement> statements() const = 0;
    virtual bool hasQuarters() const { return true; }
    virtual net::HttpRequest request(const QString& symbol, Statement s, PeriodType p, int limit,
                                     const providers::FetchContext& ctx) const = 0;
    virtual Result<StatementSet, providers::FetchError>
    parse(const QString& symbol, Statement s, PeriodType p, const net::HttpResponse& r) const = 0;
};

std::unique_ptr<Source> makeSource(const QString& provider); // nullptr when unknown
QStringList sourceNames();

} // namespace ts::fundamentals
