// The holdings editor of the workspace panel: the selected portfolio's rows, typed tickers and
// weights (exact values behind rounded cells), Add / Remove / Normalise, and what blocks computing.

#include "data/date_validation.h"
#include "document/workspace_document.h"
#include "widgets/workspace_panel.h"
#include "widgets/workspace_panel_parts.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <cmath>
#include <optional>
#include <utility>

namespace ts::ui {
using namespace workspace;
namespace {

// "40", "40%", "0.4": a weight as typed; percentages are divided by 100.
std::optional<double> parseWeight(QString text) {
    text = text.trimmed();
    const bool percent = text.endsWith(QLatin1Char('%'));
    if (percent) text.chop(1);
    bool ok = false;
    const double w = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(w) || w < 0) return std::nullopt;
    return percent ? w / 100 : w;
}

QString weightText(double w) {
    return QString::number(w, 'g', 6);
}

} // namespace

int WorkspacePanel::portfolioIndex() const {
    const int current = m_strategies->currentRow();
    if (current >= 0 && current < static_cast<int>(m_base.strategies.size()) &&
        m_base.strategies[static_cast<std::size_t>(current)].kind == SeriesRequest::Kind::Portfolio)
        return current;
    for (std::size_t i = 0; i < m_base.strategies.size(); ++i)
        if (m_base.strategies[i].kind == SeriesRequest::Kind::Portfolio) return static_cast<int>(i);
    return -1;
}

void WorkspacePanel::addHolding() {
    if (portfolioIndex() < 0) {
        ReportRequest after = m_base;
        SeriesRequest s;
        s.kind = SeriesRequest::Kind::Portfolio;
        s.name = tr("Portfolio");
        after.strategies.push_back(s);
        commit(tr("New portfolio"), after, -1, true);
        m_strategies->setCurrentRow(static_cast<int>(after.strategies.size()) - 1);
    }
    // The new row is the table's until it has a symbol: an empty ticker is never recorded.
    double sum = 0;
    for (const auto& h : m_base.strategies[static_cast<std::size_t>(portfolioIndex())].portfolio.holdings)
        sum += h.weight;
    const double rest = std::max(0.0, 1.0 - sum);
    m_loading = true;
    const int r = m_holdings->rowCount();
    m_holdings->insertRow(r);
    m_holdings->setItem(r, SymbolColumn, new QTableWidgetItem);
    auto* w = new QTableWidgetItem(weightText(rest));
    w->setData(kExactWeightRole, rest);
    m_holdings->setItem(r, WeightColumn, w);
    m_loading = false;
    m_holdings->setCurrentCell(r, SymbolColumn);
    m_holdings->editItem(m_holdings->item(r, SymbolColumn));
}

void WorkspacePanel::removeHolding() {
    const int p = portfolioIndex(), row = m_holdings->currentRow();
    if (p < 0 || row < 0) return;
    const QString symbol = m_holdings->item(row, SymbolColumn)->text().trimmed();
    m_holdings->removeRow(row);
    ReportRequest after = m_base;
    auto& holdings = after.strategies[static_cast<std::size_t>(p)].portfolio.holdings;
    std::erase_if(holdings, [&](const Holding& h) { return h.symbol == symbol; });
    commit(tr("Remove %1").arg(symbol), after, -1, true);
}

void WorkspacePanel::normaliseWeights() {
    const int p = portfolioIndex();
    if (p < 0) return;
    ReportRequest after = m_base;
    auto& holdings = after.strategies[static_cast<std::size_t>(p)].portfolio.holdings;
    double sum = 0;
    for (const auto& h : holdings)
        sum += h.weight;
    if (!(sum > 0))
        return showError(m_holdingsError, tr("Give at least one weight above zero to normalise."));
    // The exact quotients are kept (the cells show them rounded), so they sum to 1 as the
    // portfolio check requires, not to 0.999999.
    for (auto& h : holdings)
        h.weight /= sum;
    commit(tr("Normalise weights"), after, -1, true);
}

void WorkspacePanel::showHoldings() {
    m_loading = true;
    const int p = portfolioIndex();
    const SeriesRequest* portfolio = p >= 0 ? &m_base.strategies[static_cast<std::size_t>(p)] : nullptr;
    m_holdingsLabel->setText(portfolio ? seriesDisplayName(*portfolio) : tr("Portfolio"));
    m_holdings->setRowCount(0);
    if (portfolio) {
        for (const auto& h : portfolio->portfolio.holdings) {
            const int row = m_holdings->rowCount();
            m_holdings->insertRow(row);
            m_holdings->setItem(row, SymbolColumn, new QTableWidgetItem(h.symbol));
            auto* w = new QTableWidgetItem(weightText(h.weight));
            w->setData(kExactWeightRole, h.weight);
            m_holdings->setItem(row, WeightColumn, w);
        }
        for (int i = 0; i < static_cast<int>(std::size(kRules)); ++i)
            if (kRules[i] == portfolio->portfolio.rebalance) m_rebalance->setCurrentIndex(i);
        m_band->setValue(portfolio->portfolio.band > 0 ? portfolio->portfolio.band * 100 : 5);
        m_cost->setValue(portfolio->portfolio.costBps);
    }
    // The table stays usable without a portfolio: Add creates one.
    m_band->setEnabled(portfolio && portfolio->portfolio.rebalance == Rebalance::Band);
    m_rebalance->setEnabled(portfolio != nullptr);
    m_cost->setEnabled(portfolio != nullptr);
    m_removeHolding->setEnabled(portfolio != nullptr);
    m_normalise->setEnabled(portfolio != nullptr);
    m_loading = false;
    updateSum();
}

void WorkspacePanel::holdingsEdited(int row, int column) {
    const int p = portfolioIndex();
    if (m_loading || p < 0) return;
    QTableWidgetItem* item = m_holdings->item(row, column);
    if (!item) return;
    if (column == WeightColumn) {
        const auto w = parseWeight(item->text());
        m_loading = true;
        item->setData(kExactWeightRole, w ? QVariant(*w) : QVariant());
        m_loading = false;
    } else {
        const QString symbol = item->text().trimmed().toUpper();
        if (symbol != item->text()) {
            m_loading = true;
            item->setText(symbol);
            m_loading = false;
        }
    }
    updateSum();
    // The holdings as the table shows them; rows without a symbol or with a bad weight wait.
    ReportRequest after = m_base;
    auto& holdings = after.strategies[static_cast<std::size_t>(p)].portfolio.holdings;
    holdings.clear();
    for (int r = 0; r < m_holdings->rowCount(); ++r) {
        const QString symbol =
            m_holdings->item(r, SymbolColumn) ? m_holdings->item(r, SymbolColumn)->text() : QString();
        const QVariant w = m_holdings->item(r, WeightColumn)
                               ? m_holdings->item(r, WeightColumn)->data(kExactWeightRole)
                               : QVariant();
        if (!symbol.isEmpty() && w.isValid()) holdings.push_back({symbol, w.toDouble()});
    }
    const QString symbol =
        m_holdings->item(row, SymbolColumn) ? m_holdings->item(row, SymbolColumn)->text() : QString();
    commit(column == WeightColumn ? tr("Weight of %1").arg(symbol) : tr("Holding %1").arg(symbol), after);
}

void WorkspacePanel::updateSum() {
    const bool wasLoading = std::exchange(m_loading, true); // colouring a cell is not an edit
    double sum = 0;
    bool bad = false;
    for (int r = 0; r < m_holdings->rowCount(); ++r) {
        QTableWidgetItem* item = m_holdings->item(r, WeightColumn);
        const QVariant w = item ? item->data(kExactWeightRole) : QVariant();
        if (item) item->setBackground(w.isValid() ? QBrush() : QBrush(QColor(255, 220, 220)));
        bad = bad || !w.isValid();
        sum += w.isValid() ? w.toDouble() : 0;
    }
    const bool off = m_holdings->rowCount() > 0 && (bad || std::abs(sum - 1.0) > 1e-6);
    m_sum->setText(m_holdings->rowCount() ? tr("Sum %1%").arg(sum * 100, 0, 'f', 2) : QString());
    m_sum->setStyleSheet(off ? QStringLiteral("color: #b00020;") : QString());
    m_loading = wasLoading;
}

QString WorkspacePanel::validate() {
    QString holdings, dates, bench;
    // Holdings: what the table shows, including rows not yet recorded.
    for (std::size_t i = 0; i < m_base.strategies.size(); ++i) {
        const auto& s = m_base.strategies[i];
        if (s.kind != SeriesRequest::Kind::Portfolio) continue;
        const QString name = seriesDisplayName(s);
        double sum = 0;
        for (const auto& h : s.portfolio.holdings)
            sum += h.weight;
        if (s.portfolio.holdings.empty())
            holdings = tr("%1 has no holdings yet: press Add and type a ticker.").arg(name);
        else if (std::abs(sum - 1.0) > 1e-6 && !s.portfolio.normalize)
            holdings =
                tr("The weights of %1 sum to %2%; they must sum to 100%. Press Normalise to scale them.")
                    .arg(name)
                    .arg(sum * 100, 0, 'f', 2);
        if (!holdings.isEmpty()) break;
    }
    for (int r = 0; r < m_holdings->rowCount() && holdings.isEmpty(); ++r) {
        const QString symbol =
            m_holdings->item(r, SymbolColumn) ? m_holdings->item(r, SymbolColumn)->text() : QString();
        if (symbol.isEmpty())
            holdings = tr("Row %1 has no ticker: type one or remove the row.").arg(r + 1);
        else if (!m_holdings->item(r, WeightColumn)->data(kExactWeightRole).isValid())
            holdings = tr("The weight of %1 is not a number ≥ 0 (type 0.4 or 40%).").arg(symbol);
    }
    for (QLineEdit* edit : {m_start, m_end}) {
        const QString text = edit->text().trimmed();
        const bool badDate = !text.isEmpty() && !parseIsoDate(text).isValid();
        edit->setStyleSheet(badDate ? QStringLiteral("background: #ffdcdc;") : QString());
        if (badDate && dates.isEmpty())
            dates = tr("“%1” is not a date: write it as YYYY-MM-DD, e.g. 2015-01-31.").arg(text.left(40));
    }
    if (dates.isEmpty() && m_base.start.isValid() && m_base.end.isValid() && m_base.start >= m_base.end)
        dates = tr("The first date must come before the last date.");
    if (m_benchKind->currentIndex() == BenchSymbol && m_benchmark->text().trimmed().isEmpty())
        bench = tr("Type the benchmark's ticker, or choose None.");
    showError(m_holdingsError, holdings);
    showError(m_datesError, dates);
    showError(m_benchError, bench);
    if (m_base.strategies.empty()) return tr("Add a strategy: type a ticker, add a CSV or a portfolio.");
    for (const QString& p : {holdings, dates, bench})
        if (!p.isEmpty()) return p;
    return {};
}

} // namespace ts::ui
