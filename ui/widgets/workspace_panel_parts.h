#pragma once
// What the workspace panel's two files share: the holdings table's columns and roles, the
// rebalancing rules in the order the combo box lists them, and how a field shows its problem.

#include "portfolio/portfolio.h"

#include <QLabel>

namespace ts::ui::workspace {

enum HoldingColumn { SymbolColumn, WeightColumn };
// The exact weight behind a cell, whose text is rounded for display.
constexpr int kExactWeightRole = Qt::UserRole + 1;
inline constexpr Rebalance kRules[] = {Rebalance::None,    Rebalance::Daily,     Rebalance::Weekly,
                                       Rebalance::Monthly, Rebalance::Quarterly, Rebalance::Yearly,
                                       Rebalance::Band};

// The benchmark kind box, in its order.
enum BenchKind { BenchNone, BenchSymbol, BenchCsv, BenchOther };

inline void showError(QLabel* label, const QString& text) {
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

} // namespace ts::ui::workspace
