#pragma once
// The `fundamentals screen --where` language: comparisons over the computed ratios joined by and,
// or, not and parentheses, with + - * / and percentages, e.g. "pe < 15 and roe > 15%" or
// "not (debt_equity >= 2) and (fcf_yield > 0.05 or dividend_yield > 3%)". Parsed into a tree and
// evaluated against a ratio snapshot; nothing is ever run as code. A comparison with a missing
// value (NaN) is false, so a company without the data does not pass.

#include "util/result.h"

#include <QStringList>
#include <functional>
#include <memory>

namespace ts::fundamentals {

class ScreenExpression {
public:
    // `known`: the identifiers allowed (the ratio keys); anything else is an error naming them.
    static Result<ScreenExpression> parse(const QString& text, const QStringList& known);
    bool matches(const std::function<double(const QString&)>& value) const;
    QStringList identifiers() const; // used by the expression, for display

    struct Node;

private:
    std::shared_ptr<const Node> m_root;
    QStringList m_ids;
};

} // namespace ts::fundamentals
