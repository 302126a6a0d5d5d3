#pragma once
// The Fundamentals tab: for each holding of the workspace, its computed ratios (value and
// definition), any stored statement as a table of line items by period, and a chart of the
// selected row across periods (ratios: their history at each period end, priced at that date's
// close). Data is read from the cache on a pool thread; the tab fills in when it arrives.

#include "fundamentals/ratios.h"

#include <QWidget>
#include <map>

class QComboBox;
class QLabel;
class QTableWidget;
class QChartView;

namespace ts::ui {

struct FundamentalsData {
    QString symbol, provider;
    std::vector<fundamentals::LineItem> items;
    fundamentals::RatioSnapshot latest;
    std::vector<std::pair<QDate, fundamentals::RatioSnapshot>> history; // at each fiscal year end
    double price = 0;
    QDate priceDate;
};

class FundamentalsPanel : public QWidget {
    Q_OBJECT
public:
    explicit FundamentalsPanel(QWidget* parent = nullptr);
    void setSymbols(const QStringList& symbols, const QString& cachePath);
    QTableWidget* table() const { return m_table; }
    QChartView* chartView() const { return m_chart; }
    QComboBox* symbolBox() const { return m_symbol; }
    QComboBox* viewBox() const { return m_view; }
    // Loads every holding again (after a fundamentals download).
    void reload();

signals:
    void loaded(); // the data of the current symbols arrived

private:
    void showCurrent();
    void showRow(int row);

    QComboBox *m_symbol = nullptr, *m_view = nullptr, *m_period = nullptr;
    QLabel* m_summary = nullptr;
    QTableWidget* m_table = nullptr;
    QChartView* m_chart = nullptr;
    QStringList m_symbols;
    QString m_cachePath;
    std::map<QString, FundamentalsData> m_data;
    int m_generation = 0; // answers of an older load are dropped
};

} // namespace ts::ui
