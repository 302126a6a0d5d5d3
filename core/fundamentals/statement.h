#pragma once
// Company fundamentals as stored and computed: one number per (symbol, period end, period type,
// statement, line item). Line items use one vocabulary whatever the provider (FMP's names; Alpha
// Vantage's are mapped on parse), with signs normalised: capital expenditure and dividends paid
// are negative (cash out), as FMP reports them.

#include <QDate>
#include <QString>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace ts::fundamentals {

enum class PeriodType { Annual, Quarter };
QString periodTypeName(PeriodType p); // "annual", "quarter"

// The statements a source can deliver; "ratios" and "metrics" are the provider's own figures.
enum class Statement { Income, Balance, CashFlow, Ratios, Metrics };
QString statementName(Statement s); // "income", "balance", "cashflow", "ratios", "metrics"
std::optional<Statement> statementFromName(const QString& name);
const std::vector<Statement>& allStatements();

struct LineItem {
    QDate periodEnd;
    PeriodType period = PeriodType::Annual;
    QString fiscalPeriod; // "FY", "Q1".."Q4" as reported
    Statement statement = Statement::Income;
    QString item; // canonical name, e.g. "revenue", "totalStockholdersEquity"
    double value = 0;
    QString currency;
};

// What one fetch (one statement of one symbol) returns.
struct StatementSet {
    QString symbol, provider;
    Statement statement = Statement::Income;
    PeriodType period = PeriodType::Annual;
    std::vector<LineItem> items;
    // Descriptive fields some sources give with their figures (Alpha Vantage's OVERVIEW): "name",
    // "sector", "industry", "currency". Stored per symbol; feeds the reports' sector exposure.
    std::map<QString, QString> profile;
};

// One statement of one period type as line items by period end (what `fundamentals show
// --statement` and the desktop tab print).
struct StatementTable {
    std::set<QDate> periods;
    std::map<QString, std::map<QDate, double>> rows; // line item -> period end -> value
    QString currency;
};
StatementTable statementTable(const std::vector<LineItem>& items, Statement s, PeriodType p);

// The canonical line items the ratios read (everything else a provider sends is kept as well).
namespace item {
inline const QString revenue = QStringLiteral("revenue");
inline const QString costOfRevenue = QStringLiteral("costOfRevenue");
inline const QString grossProfit = QStringLiteral("grossProfit");
inline const QString operatingIncome = QStringLiteral("operatingIncome");
inline const QString ebitda = QStringLiteral("ebitda");
inline const QString interestExpense = QStringLiteral("interestExpense");
inline const QString incomeBeforeTax = QStringLiteral("incomeBeforeTax");
inline const QString incomeTaxExpense = QStringLiteral("incomeTaxExpense");
inline const QString netIncome = QStringLiteral("netIncome");
inline const QString eps = QStringLiteral("eps");
inline const QString sharesOutstanding = QStringLiteral("weightedAverageShsOut");
inline const QString totalAssets = QStringLiteral("totalAssets");
inline const QString totalCurrentAssets = QStringLiteral("totalCurrentAssets");
inline const QString totalCurrentLiabilities = QStringLiteral("totalCurrentLiabilities");
inline const QString inventory = QStringLiteral("inventory");
inline const QString cash = QStringLiteral("cashAndCashEquivalents");
inline const QString totalDebt = QStringLiteral("totalDebt");
inline const QString equity = QStringLiteral("totalStockholdersEquity");
inline const QString operatingCashFlow = QStringLiteral("operatingCashFlow");
inline const QString capitalExpenditure = QStringLiteral("capitalExpenditure");
inline const QString dividendsPaid = QStringLiteral("dividendsPaid");
} // namespace item

} // namespace ts::fundamentals
