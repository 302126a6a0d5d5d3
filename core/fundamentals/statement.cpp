#include "fundamentals/statement.h"

namespace ts::fundamentals {

QString periodTypeName(PeriodType p) {
    return p == PeriodType::Annual ? QStringLiteral("annual") : QStringLiteral("quarter");
}

QString statementName(Statement s) {
    switch (s) {
    case Statement::Income:
        return QStringLiteral("income");
    case Statement::Balance:
        return QStringLiteral("balance");
    case Statement::CashFlow:
        return QStringLiteral("cashflow");
    case Statement::Ratios:
        return QStringLiteral("ratios");
    case Statement::Metrics:
        return QStringLiteral("metrics");
    }
    return {};
}

const std::vector<Statement>& allStatements() {
    static const std::vector<Statement> all{Statement::Income, Statement::Balance, Statement::CashFlow,
                                            Statement::Ratios, Statement::Metrics};
    return all;
}

std::optional<Statement> statementFromName(const QString& name) {
    for (Statement s : allStatements())
        if (statementName(s) == name) return s;
    return std::nullopt;
}

StatementTable statementTable(const std::vector<LineItem>& items, Statement s, PeriodType p) {
    StatementTable t;
    for (const auto& li : items)
        if (li.statement == s && li.period == p) {
            t.periods.insert(li.periodEnd);
            t.rows[li.item][li.periodEnd] = li.value;
            if (!li.currency.isEmpty()) t.currency = li.currency;
        }
    return t;
}

} // namespace ts::fundamentals
