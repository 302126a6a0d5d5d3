#include "widgets/fundamentals_panel.h"

#include "cache/fundamentals_store.h"
#include "cache/price_cache.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QSplitter>
#include <QTableWidget>
#include <QThreadPool>
#include <QValueAxis>
#include <cmath>
#include <set>

namespace ts::ui {

using namespace ts::fundamentals;

namespace {

// Everything the tab shows for one symbol, read and computed off the UI thread.
FundamentalsData load(const QString& symbol, const QString& cachePath) {
    FundamentalsData d;
    d.symbol = symbol;
    auto store = cache::FundamentalsStore::open(cachePath, false);
    if (!store) return d;
    d.items = (*store)->items(symbol);
    d.provider = (*store)->providerOf(symbol);
    std::vector<std::pair<QDate, double>> closes;
    if (auto prices = cache::PriceCache::open(cachePath, false))
        if (auto h = (*prices)->history(symbol))
            for (const auto& b : h->bars)
                closes.emplace_back(b.date, b.close);
    auto closeOn = [&](const QDate& day) {
        auto it =
            std::upper_bound(closes.begin(), closes.end(), day,
                             [](const QDate& x, const std::pair<QDate, double>& c) { return x < c.first; });
        return it == closes.begin() ? std::nan("") : std::prev(it)->second;
    };
    if (!closes.empty()) {
        d.price = closes.back().second;
        d.priceDate = closes.back().first;
    } else {
        d.price = std::nan("");
    }
    d.latest = computeRatios(d.items, d.price);
    std::set<QDate> yearEnds;
    for (const auto& li : d.items)
        if (li.period == PeriodType::Annual && li.statement == Statement::Income)
            yearEnds.insert(li.periodEnd);
    for (const QDate& end : yearEnds) {
        std::vector<LineItem> upTo;
        for (const auto& li : d.items)
            if (li.periodEnd <= end) upTo.push_back(li);
        d.history.emplace_back(end, computeRatios(upTo, closeOn(end)));
    }
    return d;
}

} // namespace

FundamentalsPanel::FundamentalsPanel(QWidget* parent)
    : QWidget(parent) {
    auto* top = new QHBoxLayout;
    m_symbol = new QComboBox;
    m_symbol->setObjectName(QStringLiteral("fundamentalsSymbol"));
    m_view = new QComboBox;
    m_view->setObjectName(QStringLiteral("fundamentalsView"));
    m_view->addItem(tr("Ratios"), QStringLiteral("ratios"));
    m_view->addItem(tr("Income statement"), statementName(Statement::Income));
    m_view->addItem(tr("Balance sheet"), statementName(Statement::Balance));
    m_view->addItem(tr("Cash flow"), statementName(Statement::CashFlow));
    m_view->addItem(tr("Provider ratios"), statementName(Statement::Ratios));
    m_view->addItem(tr("Provider key metrics"), statementName(Statement::Metrics));
    m_period = new QComboBox;
    m_period->addItem(tr("Annual"), periodTypeName(PeriodType::Annual));
    m_period->addItem(tr("Quarterly"), periodTypeName(PeriodType::Quarter));
    top->addWidget(new QLabel(tr("Holding")));
    top->addWidget(m_symbol);
    top->addWidget(m_view);
    top->addWidget(m_period);
    top->addStretch(1);
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_table = new QTableWidget;
    m_table->setObjectName(QStringLiteral("fundamentalsTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_chart = new QChartView(new QChart);
    m_chart->setObjectName(QStringLiteral("fundamentalsChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(220);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    for (QComboBox* box : {m_symbol, m_view, m_period})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { showCurrent(); });
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showRow(row); });
}

void FundamentalsPanel::setSymbols(const QStringList& symbols, const QString& cachePath) {
    m_symbols = symbols;
    m_cachePath = cachePath;
    reload();
}

void FundamentalsPanel::reload() {
    const int gen = ++m_generation;
    const QStringList symbols = m_symbols;
    const QString path = m_cachePath;
    QPointer<FundamentalsPanel> self(this);
    m_summary->setText(tr("Reading fundamentals…"));
    QThreadPool::globalInstance()->start([self, gen, symbols, path] {
        auto data = std::make_shared<std::map<QString, FundamentalsData>>();
        for (const QString& s : symbols)
            (*data)[s] = load(s, path);
        QMetaObject::invokeMethod(
            qApp,
            [self, gen, data] {
                if (!self || gen != self->m_generation) return;
                self->m_data = std::move(*data);
                const QString keep = self->m_symbol->currentText();
                QSignalBlocker block(self->m_symbol);
                self->m_symbol->clear();
                for (const auto& [sym, d] : self->m_data)
                    if (!d.items.empty()) self->m_symbol->addItem(sym);
                if (const int i = self->m_symbol->findText(keep); i >= 0) self->m_symbol->setCurrentIndex(i);
                self->showCurrent();
                emit self->loaded();
            },
            Qt::QueuedConnection);
    });
}

void FundamentalsPanel::showCurrent() {
    m_table->clear();
    m_table->setRowCount(0);
    m_chart->chart()->removeAllSeries();
    auto it = m_data.find(m_symbol->currentText());
    if (it == m_data.end()) {
        m_summary->setText(
            m_symbols.isEmpty()
                ? tr("Open a workspace with symbols or portfolios.")
                : tr("No fundamentals in the cache for %1. Download them with: tearsheet-cli "
                     "fundamentals download --symbols %2")
                      .arg(m_symbols.join(QStringLiteral(", ")), m_symbols.join(QLatin1Char(','))));
        return;
    }
    const FundamentalsData& d = it->second;
    const QString view = m_view->currentData().toString();
    m_period->setEnabled(view != QLatin1String("ratios"));
    if (view == QLatin1String("ratios")) {
        m_summary->setText(
            tr("%1 from %2: flows %3 to %4, balance sheet %5, price %6 on %7. Select a ratio for its "
               "history at each fiscal year end.")
                .arg(d.symbol, d.provider, d.latest.flowBasis, d.latest.flowEnd.toString(Qt::ISODate),
                     d.latest.balanceDate.isValid() ? d.latest.balanceDate.toString(Qt::ISODate)
                                                    : tr("not stored"),
                     std::isfinite(d.price) ? QString::number(d.price, 'f', 2) : QStringLiteral("-"),
                     d.priceDate.toString(Qt::ISODate)));
        m_table->setColumnCount(3);
        m_table->setHorizontalHeaderLabels({tr("Ratio"), tr("Value"), tr("Definition")});
        const auto& catalog = ratioCatalog();
        m_table->setRowCount(static_cast<int>(catalog.size()));
        for (int r = 0; r < static_cast<int>(catalog.size()); ++r) {
            const RatioInfo& info = catalog[static_cast<std::size_t>(r)];
            auto* name = new QTableWidgetItem(info.name);
            name->setData(Qt::UserRole, info.key);
            m_table->setItem(r, 0, name);
            auto* value = new QTableWidgetItem(formatRatio(info, d.latest.value(info.key)));
            value->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, 1, value);
            m_table->setItem(r, 2, new QTableWidgetItem(info.formula));
        }
    } else {
        const auto st = statementFromName(view);
        const bool annual = m_period->currentData().toString() == periodTypeName(PeriodType::Annual);
        const auto [dates, rows, currency] =
            statementTable(d.items, *st, annual ? PeriodType::Annual : PeriodType::Quarter);
        m_summary->setText(
            rows.empty()
                ? tr("No %1 %2 stored for %3.")
                      .arg(m_period->currentText().toLower(), m_view->currentText().toLower(), d.symbol)
                : tr("%1, %2, as reported by %3 (%4). Select a line for its history.")
                      .arg(m_view->currentText(), m_period->currentText().toLower(), d.provider,
                           currency.isEmpty() ? tr("currency not given") : currency));
        QStringList header{tr("Line item")};
        for (const QDate& date : dates)
            header << date.toString(Qt::ISODate);
        m_table->setColumnCount(static_cast<int>(header.size()));
        m_table->setHorizontalHeaderLabels(header);
        m_table->setRowCount(static_cast<int>(rows.size()));
        int r = 0;
        for (const auto& [item, values] : rows) {
            auto* name = new QTableWidgetItem(item);
            name->setData(Qt::UserRole, item);
            m_table->setItem(r, 0, name);
            int c = 1;
            for (const QDate& date : dates) {
                auto v = values.find(date);
                auto* cell = new QTableWidgetItem(v == values.end() ? QString()
                                                                    : QLocale().toString(v->second, 'f', 2));
                cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                // The exact value for the chart; the text is rounded for reading.
                cell->setData(Qt::UserRole, v == values.end() ? std::nan("") : v->second);
                m_table->setItem(r, c++, cell);
            }
            ++r;
        }
    }
    m_table->resizeColumnsToContents();
    if (m_table->rowCount() > 0) m_table->setCurrentCell(0, 0);
}

void FundamentalsPanel::showRow(int row) {
    QChart* chart = m_chart->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes())
        chart->removeAxis(a);
    auto it = m_data.find(m_symbol->currentText());
    if (row < 0 || it == m_data.end() || !m_table->item(row, 0)) return;
    const FundamentalsData& d = it->second;
    const QString key = m_table->item(row, 0)->data(Qt::UserRole).toString();
    QStringList categories;
    auto* set = new QBarSet(m_table->item(row, 0)->text());
    const bool ratios = m_view->currentData().toString() == QLatin1String("ratios");
    const RatioInfo* info = ratios ? findRatio(key) : nullptr;
    double lo = 0, hi = 0;
    auto add = [&](const QString& label, double v) {
        categories << label;
        const double shown = std::isfinite(v) ? (info && info->percent ? v * 100 : v) : 0;
        *set << shown;
        lo = std::min(lo, shown);
        hi = std::max(hi, shown);
    };
    if (ratios) {
        for (const auto& [end, snap] : d.history)
            add(end.toString(QStringLiteral("yyyy-MM")), snap.value(key));
        chart->setTitle(tr("%1 of %2 at each fiscal year end%3")
                            .arg(set->label(), d.symbol, info && info->percent ? tr(" (%)") : QString()));
    } else {
        for (int c = 1; c < m_table->columnCount(); ++c) {
            const QTableWidgetItem* cell = m_table->item(row, c);
            add(m_table->horizontalHeaderItem(c)->text().left(7),
                cell ? cell->data(Qt::UserRole).toDouble() : std::nan(""));
        }
        chart->setTitle(tr("%1 of %2").arg(set->label(), d.symbol));
    }
    set->setColor(QColor(0x34, 0x8d, 0xc1));
    auto* series = new QBarSeries;
    series->append(set);
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    auto* y = new QValueAxis;
    y->setRange(lo, hi > lo ? hi * 1.05 : lo + 1);
    y->applyNiceNumbers();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    chart->legend()->hide();
}

} // namespace ts::ui
