#include "widgets/workspace_panel.h"

#include "cache/price_cache.h"
#include "charts/chart_style.h"
#include "data/date_validation.h"

#include <QColorDialog>
#include <QComboBox>
#include <QCompleter>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStringListModel>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <cmath>

namespace ts::ui {
namespace {

QString seriesLabel(const SeriesRequest& s) {
    switch (s.kind) {
    case SeriesRequest::Kind::File:
        return (s.name.isEmpty() ? QFileInfo(s.path).completeBaseName() : s.name) + QObject::tr(" (CSV)");
    case SeriesRequest::Kind::Symbol:
        return s.name.isEmpty() ? s.symbol : s.name;
    case SeriesRequest::Kind::Portfolio:
        return (s.name.isEmpty() ? QObject::tr("Portfolio") : s.name) + QObject::tr(" (portfolio)");
    }
    return {};
}

// Symbol cells edit with the cache's symbols as completions.
class SymbolDelegate : public QStyledItemDelegate {
public:
    SymbolDelegate(QCompleter* completer, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_completer(completer) {}
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override {
        auto* edit = new QLineEdit(parent);
        edit->setCompleter(m_completer);
        return edit;
    }

private:
    QCompleter* m_completer;
};

const Rebalance kRules[] = {Rebalance::None,      Rebalance::Daily,  Rebalance::Weekly, Rebalance::Monthly,
                            Rebalance::Quarterly, Rebalance::Yearly, Rebalance::Band};

} // namespace

WorkspacePanel::WorkspacePanel(QWidget* parent)
    : QWidget(parent) {
    auto* form = new QFormLayout(this);
    m_strategies = new QListWidget;
    m_strategies->setObjectName(QStringLiteral("strategies"));
    m_strategies->setMaximumHeight(110);
    form->addRow(tr("Strategies"), m_strategies);
    auto* addCsv = new QPushButton(tr("Add CSV…"));
    auto* remove = new QPushButton(tr("Remove"));
    auto* strategyButtons = new QHBoxLayout;
    strategyButtons->addWidget(addCsv);
    strategyButtons->addWidget(remove);
    form->addRow(QString(), strategyButtons);

    m_completer = new QCompleter(this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_holdings = new QTableWidget(0, 2);
    m_holdings->setItemDelegateForColumn(0, new SymbolDelegate(m_completer, m_holdings));
    m_holdings->setObjectName(QStringLiteral("holdings"));
    m_holdings->setHorizontalHeaderLabels({tr("Symbol"), tr("Weight")});
    m_holdings->horizontalHeader()->setStretchLastSection(true);
    m_holdings->verticalHeader()->hide();
    form->addRow(tr("Portfolio"), m_holdings);
    m_sum = new QLabel;
    m_sum->setObjectName(QStringLiteral("weightSum"));
    auto* addHolding = new QPushButton(tr("Add"));
    auto* removeHolding = new QPushButton(tr("Remove"));
    auto* normalize = new QPushButton(tr("Normalise"));
    auto* holdingButtons = new QHBoxLayout;
    holdingButtons->addWidget(m_sum, 1);
    holdingButtons->addWidget(addHolding);
    holdingButtons->addWidget(removeHolding);
    holdingButtons->addWidget(normalize);
    form->addRow(QString(), holdingButtons);
    m_rebalance = new QComboBox;
    for (Rebalance r : kRules)
        m_rebalance->addItem(rebalanceName(r));
    m_band = new QDoubleSpinBox;
    m_band->setRange(0.1, 99);
    m_band->setSuffix(QStringLiteral(" %"));
    m_band->setValue(5);
    auto* rule = new QHBoxLayout;
    rule->addWidget(m_rebalance, 1);
    rule->addWidget(m_band);
    form->addRow(tr("Rebalancing"), rule);
    m_cost = new QDoubleSpinBox;
    m_cost->setRange(0, 1000);
    m_cost->setSuffix(tr(" bp"));
    form->addRow(tr("Costs"), m_cost);
    m_benchmark = new QLineEdit;
    m_benchmark->setObjectName(QStringLiteral("benchmark"));
    m_benchmark->setPlaceholderText(tr("symbol in the cache, e.g. SPY"));
    form->addRow(tr("Benchmark"), m_benchmark);
    m_rf = new QDoubleSpinBox;
    m_rf->setRange(-50, 50);
    m_rf->setSuffix(QStringLiteral(" %"));
    m_rf->setDecimals(3);
    form->addRow(tr("Risk-free rate"), m_rf);
    m_periods = new QSpinBox;
    m_periods->setRange(1, 100000);
    form->addRow(tr("Periods per year"), m_periods);
    m_start = new QLineEdit;
    m_end = new QLineEdit;
    m_start->setPlaceholderText(tr("first date"));
    m_end->setPlaceholderText(tr("last date"));
    m_start->setToolTip(tr("YYYY-MM-DD; empty: from the first common date"));
    m_end->setToolTip(tr("YYYY-MM-DD; empty: to the last common date"));
    auto* range = new QHBoxLayout;
    range->addWidget(m_start);
    range->addWidget(m_end);
    form->addRow(tr("Date range"), range);
    auto* convention = new QComboBox;
    convention->addItem(QStringLiteral("quantstats"));
    convention->setToolTip(tr("QuantStats 0.0.81, quirks included (see the README's conventions)"));
    form->addRow(tr("Convention"), convention);
    auto* compute = new QPushButton(tr("Compute (F5)"));
    form->addRow(QString(), compute);

    connect(compute, &QPushButton::clicked, this, &WorkspacePanel::computeRequested);
    connect(addCsv, &QPushButton::clicked, this, &WorkspacePanel::addCsvRequested);
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_strategies->currentRow();
        if (row < 0 || row >= static_cast<int>(m_base.strategies.size()) || m_base.strategies.size() == 1)
            return;
        m_base = request();
        m_base.strategies.erase(m_base.strategies.begin() + row);
        setRequest(m_base);
        emit edited();
    });
    connect(m_strategies, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        const int row = m_strategies->row(item);
        if (m_loading || row < 0 || row >= static_cast<int>(m_base.strategies.size())) return;
        m_base.strategies[static_cast<std::size_t>(row)].name =
            item->text().remove(QRegularExpression(QStringLiteral(" \\((CSV|portfolio)\\)$")));
        emit edited();
    });
    m_strategies->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_strategies, &QListWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const int row = m_strategies->row(m_strategies->itemAt(at));
        if (row < 0 || row >= static_cast<int>(m_base.strategies.size())) return;
        auto& s = m_base.strategies[static_cast<std::size_t>(row)];
        const QColor c =
            QColorDialog::getColor(s.color.isEmpty() ? seriesColor(static_cast<std::size_t>(row), false)
                                                     : QColor::fromString(s.color),
                                   this, tr("Colour of %1").arg(m_strategies->item(row)->text()));
        if (!c.isValid()) return;
        s.color = c.name();
        setRequest(request());
        emit edited();
    });
    connect(m_holdings, &QTableWidget::itemChanged, this, [this] {
        if (m_loading) return;
        updateSum();
        emit edited();
    });
    connect(addHolding, &QPushButton::clicked, this, [this] {
        const int r = m_holdings->rowCount();
        m_holdings->insertRow(r);
        m_holdings->setItem(r, 0, new QTableWidgetItem(tr("SYMBOL")));
        m_holdings->setItem(r, 1, new QTableWidgetItem(QStringLiteral("0")));
        m_holdings->editItem(m_holdings->item(r, 0));
    });
    connect(removeHolding, &QPushButton::clicked, this, [this] {
        if (m_holdings->currentRow() >= 0) m_holdings->removeRow(m_holdings->currentRow());
        updateSum();
        emit edited();
    });
    connect(normalize, &QPushButton::clicked, this, [this] {
        double sum = 0;
        for (int r = 0; r < m_holdings->rowCount(); ++r)
            sum += m_holdings->item(r, 1)->text().toDouble();
        if (!(sum > 0)) return;
        m_loading = true;
        for (int r = 0; r < m_holdings->rowCount(); ++r)
            m_holdings->item(r, 1)->setText(
                QString::number(m_holdings->item(r, 1)->text().toDouble() / sum, 'g', 6));
        m_loading = false;
        updateSum();
        emit edited();
    });
    connect(m_rebalance, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_band->setEnabled(kRules[i] == Rebalance::Band); });
}

void WorkspacePanel::setRequest(const ReportRequest& r) {
    m_loading = true;
    m_base = r;
    // Ticker search: symbols already in the cache complete as the user types.
    QStringList known;
    if (auto cache = cache::PriceCache::open(r.cachePath, false))
        for (const auto& si : (*cache)->instruments())
            known << si.instrument.symbol;
    m_completer->setModel(new QStringListModel(known, m_completer));
    m_benchmark->setCompleter(m_completer);
    m_strategies->clear();
    for (const auto& s : r.strategies)
        m_strategies->addItem(seriesLabel(s));
    m_holdings->setRowCount(0);
    const SeriesRequest* portfolio = nullptr;
    for (const auto& s : r.strategies)
        if (s.kind == SeriesRequest::Kind::Portfolio) {
            portfolio = &s;
            break;
        }
    if (portfolio) {
        for (const auto& h : portfolio->portfolio.holdings) {
            const int row = m_holdings->rowCount();
            m_holdings->insertRow(row);
            m_holdings->setItem(row, 0, new QTableWidgetItem(h.symbol));
            m_holdings->setItem(
                row, 1, new QTableWidgetItem(QString::number(h.weight, 'g', QLocale::FloatingPointShortest)));
        }
        for (int i = 0; i < static_cast<int>(std::size(kRules)); ++i)
            if (kRules[i] == portfolio->portfolio.rebalance) m_rebalance->setCurrentIndex(i);
        m_band->setValue(portfolio->portfolio.band > 0 ? portfolio->portfolio.band * 100 : 5);
        m_loadedBand = portfolio->portfolio.band;
        m_loadedBandShown = m_band->value();
        m_cost->setValue(portfolio->portfolio.costBps);
    }
    m_holdings->setEnabled(portfolio != nullptr);
    m_rebalance->setEnabled(portfolio != nullptr);
    m_cost->setEnabled(portfolio != nullptr);
    m_benchmark->setText(r.benchmark && r.benchmark->kind == SeriesRequest::Kind::Symbol ? r.benchmark->symbol
                                                                                         : QString());
    m_benchmark->setEnabled(!r.benchmark || r.benchmark->kind == SeriesRequest::Kind::Symbol);
    m_rf->setValue(r.metrics.rf * 100);
    m_periods->setValue(static_cast<int>(r.metrics.periods));
    m_start->setText(r.start.isValid() ? r.start.toString(Qt::ISODate) : QString());
    m_end->setText(r.end.isValid() ? r.end.toString(Qt::ISODate) : QString());
    m_loading = false;
    updateSum();
}

void WorkspacePanel::updateSum() {
    double sum = 0;
    bool bad = false;
    for (int r = 0; r < m_holdings->rowCount(); ++r) {
        bool ok = false;
        const double w = m_holdings->item(r, 1) ? m_holdings->item(r, 1)->text().toDouble(&ok) : 0;
        if (m_holdings->item(r, 1))
            m_holdings->item(r, 1)->setBackground(ok && w >= 0 ? QBrush() : QBrush(QColor(255, 220, 220)));
        bad = bad || !ok || w < 0;
        sum += ok ? w : 0;
    }
    const bool off = m_holdings->rowCount() > 0 && (bad || std::abs(sum - 1.0) > 1e-6);
    m_sum->setText(
        m_holdings->rowCount()
            ? tr("Sum %1%%2").arg(sum * 100, 0, 'f', 2).arg(off ? tr(" (must be 100%)") : QString())
            : QString());
    m_sum->setStyleSheet(off ? QStringLiteral("color: #b00020;") : QString());
}

ReportRequest WorkspacePanel::request(QString* problem) const {
    ReportRequest r = m_base;
    r.metrics.rf = m_rf->value() / 100.0;
    r.metrics.periods = m_periods->value();
    for (auto& s : r.strategies) {
        if (s.kind != SeriesRequest::Kind::Portfolio) continue;
        s.portfolio.holdings.clear();
        for (int row = 0; row < m_holdings->rowCount(); ++row) {
            bool ok = false;
            const QString symbol =
                m_holdings->item(row, 0) ? m_holdings->item(row, 0)->text().trimmed() : QString();
            const double w = m_holdings->item(row, 1) ? m_holdings->item(row, 1)->text().toDouble(&ok) : 0;
            if (!ok && problem) *problem = tr("the weight of %1 is not a number").arg(symbol);
            s.portfolio.holdings.push_back({symbol, ok ? w : 0});
        }
        const int rule = m_rebalance->currentIndex();
        s.portfolio.rebalance = kRules[rule];
        s.portfolio.band = m_band->value() == m_loadedBandShown ? m_loadedBand : m_band->value() / 100.0;
        s.portfolio.costBps = m_cost->value();
        break;
    }
    for (auto [edit, date, what] :
         {std::tuple{m_start, &r.start, tr("first date")}, std::tuple{m_end, &r.end, tr("last date")}}) {
        const QString text = edit->text().trimmed();
        *date = text.isEmpty() ? QDate() : parseIsoDate(text);
        const bool bad = !text.isEmpty() && !date->isValid();
        edit->setStyleSheet(bad ? QStringLiteral("background: #ffdcdc;") : QString());
        if (bad && problem) *problem = tr("the %1 must be a date YYYY-MM-DD").arg(what);
    }
    const QString bench = m_benchmark->text().trimmed();
    if (m_benchmark->isEnabled()) {
        if (bench.isEmpty())
            r.benchmark.reset();
        else
            r.benchmark = SeriesRequest{SeriesRequest::Kind::Symbol, {}, bench, {}, {}, ValueKind::Auto, {}};
    }
    return r;
}

} // namespace ts::ui
