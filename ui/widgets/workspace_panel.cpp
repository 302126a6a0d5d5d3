#include "widgets/workspace_panel.h"

#include "cache/price_cache.h"
#include "charts/chart_style.h"
#include "data/date_validation.h"
#include "document/workspace_document.h"
#include "widgets/workspace_panel_parts.h"

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
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QStringListModel>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QTimer>
#include <cmath>
#include <utility>

namespace ts::ui {
using namespace workspace;
namespace {

// Merge ids: typing in one box is one undo step.
enum MergeId { MergeRf = 1, MergePeriods, MergeBand, MergeCost };

QString kindText(const SeriesRequest& s) {
    switch (s.kind) {
    case SeriesRequest::Kind::File:
        return QObject::tr("CSV: %1").arg(s.path);
    case SeriesRequest::Kind::Symbol:
        return QObject::tr("Cached symbol %1").arg(s.symbol);
    case SeriesRequest::Kind::Portfolio:
        return QObject::tr("Portfolio of %1 holding(s)").arg(s.portfolio.holdings.size());
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

// The period picker: a preset is a first date counted back from the data's last date (years), or
// the start of that year (YTD); Custom is whatever the date fields say.
struct Period {
    const char* label;
    int years; // 0: all, -1: year to date, -2: custom
};
constexpr Period kPeriods[] = {{"All", 0},     {"YTD", -1},      {"1 year", 1}, {"3 years", 3},
                               {"5 years", 5}, {"10 years", 10}, {"Custom", -2}};
constexpr int kCustomPeriod = static_cast<int>(std::size(kPeriods)) - 1;

QDate periodStart(const Period& p, const QDate& end) {
    if (p.years == -1) return QDate(end.year(), 1, 1);
    return end.addYears(-p.years).addDays(1);
}

QLabel* errorLabel(const QString& name) {
    auto* l = new QLabel;
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setStyleSheet(QStringLiteral("color: #b00020;"));
    l->hide();
    return l;
}

} // namespace

WorkspacePanel::WorkspacePanel(QWidget* parent)
    : QWidget(parent) {
    auto* form = new QFormLayout(this);
    m_title = new QLineEdit;
    m_title->setObjectName(QStringLiteral("title"));
    m_title->setToolTip(tr("The report's title. Empty: it follows the strategies and the benchmark."));
    form->addRow(tr("Title"), m_title);

    m_strategies = new QListWidget;
    m_strategies->setObjectName(QStringLiteral("strategies"));
    m_strategies->setMaximumHeight(110);
    m_strategies->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_strategies->setToolTip(tr("Double-click or F2 to rename; right-click for colour, benchmark, remove"));
    form->addRow(tr("Strategies"), m_strategies);
    m_completer = new QCompleter(this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_addSymbol = new QLineEdit;
    m_addSymbol->setObjectName(QStringLiteral("addSymbol"));
    m_addSymbol->setPlaceholderText(tr("ticker, Enter to add"));
    m_addSymbol->setCompleter(m_completer);
    auto* addCsv = new QPushButton(tr("Add CSV…"));
    auto* addPortfolio = new QPushButton(tr("New portfolio"));
    addPortfolio->setObjectName(QStringLiteral("newPortfolio"));
    auto* strategyButtons = new QHBoxLayout;
    strategyButtons->addWidget(m_addSymbol, 1);
    strategyButtons->addWidget(addCsv);
    strategyButtons->addWidget(addPortfolio);
    form->addRow(QString(), strategyButtons);

    m_holdings = new QTableWidget(0, 2);
    m_holdings->setItemDelegateForColumn(SymbolColumn, new SymbolDelegate(m_completer, m_holdings));
    m_holdings->setObjectName(QStringLiteral("holdings"));
    m_holdings->setHorizontalHeaderLabels({tr("Symbol"), tr("Weight")});
    m_holdings->horizontalHeader()->setStretchLastSection(true);
    m_holdings->verticalHeader()->hide();
    m_holdings->setToolTip(tr("Weights as fractions (0.4) or percentages (40%)"));
    m_holdingsLabel = new QLabel(tr("Portfolio"));
    form->addRow(m_holdingsLabel, m_holdings);
    m_sum = new QLabel;
    m_sum->setObjectName(QStringLiteral("weightSum"));
    m_addHolding = new QPushButton(tr("Add"));
    m_addHolding->setObjectName(QStringLiteral("addHolding"));
    m_addHolding->setToolTip(tr("Add a holding (creates a portfolio when there is none)"));
    m_removeHolding = new QPushButton(tr("Remove"));
    m_normalise = new QPushButton(tr("Normalise"));
    m_normalise->setObjectName(QStringLiteral("normalise"));
    m_normalise->setToolTip(tr("Scale the weights so they sum to 100%"));
    auto* holdingButtons = new QHBoxLayout;
    holdingButtons->addWidget(m_sum, 1);
    holdingButtons->addWidget(m_addHolding);
    holdingButtons->addWidget(m_removeHolding);
    holdingButtons->addWidget(m_normalise);
    form->addRow(QString(), holdingButtons);
    m_holdingsError = errorLabel(QStringLiteral("holdingsError"));
    form->addRow(QString(), m_holdingsError);
    m_rebalance = new QComboBox;
    m_rebalance->setObjectName(QStringLiteral("rebalance"));
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

    m_benchKind = new QComboBox;
    m_benchKind->setObjectName(QStringLiteral("benchmarkKind"));
    m_benchKind->addItems({tr("None"), tr("Symbol"), tr("CSV file"), tr("Portfolio")});
    m_benchmark = new QLineEdit;
    m_benchmark->setObjectName(QStringLiteral("benchmark"));
    m_benchmark->setPlaceholderText(tr("ticker, e.g. SPY"));
    m_benchmark->setCompleter(m_completer);
    m_benchBrowse = new QPushButton(tr("Browse…"));
    auto* bench = new QHBoxLayout;
    bench->addWidget(m_benchKind);
    bench->addWidget(m_benchmark, 1);
    bench->addWidget(m_benchBrowse);
    form->addRow(tr("Benchmark"), bench);
    m_benchError = errorLabel(QStringLiteral("benchmarkError"));
    form->addRow(QString(), m_benchError);
    m_rf = new QDoubleSpinBox;
    m_rf->setObjectName(QStringLiteral("rf"));
    m_rf->setRange(-50, 50);
    m_rf->setSuffix(QStringLiteral(" %"));
    m_rf->setDecimals(3);
    form->addRow(tr("Risk-free rate"), m_rf);
    m_periods = new QSpinBox;
    m_periods->setObjectName(QStringLiteral("periods"));
    // 0 is "follow the dates": the analysis detects trading days, weeks, months... (252 if irregular).
    m_periods->setRange(0, 100000);
    m_periods->setSpecialValueText(tr("auto (from the dates)"));
    m_periods->setToolTip(tr("Periods per year; auto: 252 trading days, 365 calendar days, 52, 12 or 4 as "
                             "the dates say. A value the dates contradict is warned about."));
    form->addRow(tr("Periods per year"), m_periods);
    m_start = new QLineEdit;
    m_end = new QLineEdit;
    m_start->setObjectName(QStringLiteral("startDate"));
    m_end->setObjectName(QStringLiteral("endDate"));
    m_start->setPlaceholderText(tr("first date"));
    m_end->setPlaceholderText(tr("last date"));
    m_start->setToolTip(tr("YYYY-MM-DD; empty: from the first common date"));
    m_end->setToolTip(tr("YYYY-MM-DD; empty: to the last common date"));
    m_period = new QComboBox;
    m_period->setObjectName(QStringLiteral("period"));
    for (const auto& p : kPeriods)
        m_period->addItem(tr(p.label));
    m_period->setToolTip(tr("The analysed window, counted back from the last date of the data"));
    form->addRow(tr("Period"), m_period);
    auto* range = new QHBoxLayout;
    range->addWidget(m_start);
    range->addWidget(m_end);
    form->addRow(tr("Date range"), range);
    m_datesError = errorLabel(QStringLiteral("datesError"));
    form->addRow(QString(), m_datesError);
    m_convention = new QComboBox;
    m_convention->setObjectName(QStringLiteral("convention"));
    for (Convention c : {Convention::Standard, Convention::QuantStats})
        m_convention->addItem(conventionName(c), static_cast<int>(c));
    m_convention->setToolTip(tr("standard: textbook definitions (the default); quantstats: QuantStats 0.0.81 "
                                "exactly, quirks included (docs/conventions.md lists what differs)"));
    form->addRow(tr("Convention"), m_convention);
    auto* compute = new QPushButton(tr("Compute (F5)"));
    form->addRow(QString(), compute);

    connect(compute, &QPushButton::clicked, this, &WorkspacePanel::computeRequested);
    connect(addCsv, &QPushButton::clicked, this, &WorkspacePanel::addCsvRequested);
    connect(m_title, &QLineEdit::editingFinished, this, [this] {
        ReportRequest after = m_base;
        after.title = m_title->text().trimmed();
        commit(after.title.isEmpty() ? tr("Automatic title") : tr("Title “%1”").arg(after.title), after);
    });
    connect(m_addSymbol, &QLineEdit::returnPressed, this, [this] {
        const QString symbol = m_addSymbol->text().trimmed().toUpper();
        if (symbol.isEmpty()) return;
        ReportRequest after = m_base;
        SeriesRequest s;
        s.kind = SeriesRequest::Kind::Symbol;
        s.symbol = symbol;
        after.strategies.push_back(s);
        m_addSymbol->clear();
        commit(tr("Add %1").arg(symbol), after, -1, true);
    });
    connect(addPortfolio, &QPushButton::clicked, this, [this] {
        ReportRequest after = m_base;
        SeriesRequest s;
        s.kind = SeriesRequest::Kind::Portfolio;
        s.name = tr("Portfolio %1").arg(after.strategies.size() + 1);
        s.portfolio.name = s.name;
        after.strategies.push_back(s);
        commit(tr("New portfolio"), after, -1, true);
        m_strategies->setCurrentRow(static_cast<int>(after.strategies.size()) - 1);
    });
    connect(m_strategies, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        const int row = m_strategies->row(item);
        if (m_loading || row < 0 || row >= static_cast<int>(m_base.strategies.size())) return;
        ReportRequest after = m_base;
        auto& s = after.strategies[static_cast<std::size_t>(row)];
        const QString old = seriesDisplayName(s);
        s.name = item->text().trimmed();
        if (s.kind == SeriesRequest::Kind::Portfolio)
            s.portfolio.name = s.name.isEmpty() ? tr("Portfolio") : s.name;
        commit(tr("Rename %1 to %2").arg(old, s.name), after, -1, true);
    });
    connect(m_strategies, &QListWidget::currentRowChanged, this, [this] {
        if (!m_loading) showHoldings();
    });
    m_strategies->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_strategies, &QListWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const int row = m_strategies->row(m_strategies->itemAt(at));
        if (row < 0 || row >= static_cast<int>(m_base.strategies.size())) return;
        const auto index = static_cast<std::size_t>(row);
        const QString name = seriesDisplayName(m_base.strategies[index]);
        QMenu menu(this);
        menu.addAction(tr("Rename"), this, [this, row] { m_strategies->editItem(m_strategies->item(row)); });
        menu.addAction(tr("Colour…"), this, [this, index, name] {
            const auto& s = m_base.strategies[index];
            const QColor c = QColorDialog::getColor(s.color.isEmpty() ? seriesColor(index, false)
                                                                      : QColor::fromString(s.color),
                                                    this, tr("Colour of %1").arg(name));
            if (!c.isValid()) return;
            ReportRequest after = m_base;
            after.strategies[index].color = c.name();
            commit(tr("Colour of %1").arg(name), after, -1, true);
        });
        menu.addAction(tr("Use as benchmark"), this, [this, index, name] {
            ReportRequest after = m_base;
            after.benchmark = after.strategies[index];
            after.strategies.erase(after.strategies.begin() + static_cast<std::ptrdiff_t>(index));
            commit(tr("%1 as the benchmark").arg(name), after, -1, true);
        });
        menu.addAction(tr("Remove"), this, [this, index, name] {
            ReportRequest after = m_base;
            after.strategies.erase(after.strategies.begin() + static_cast<std::ptrdiff_t>(index));
            commit(tr("Remove %1").arg(name), after, -1, true);
        });
        menu.exec(m_strategies->viewport()->mapToGlobal(at));
    });

    connect(m_holdings, &QTableWidget::cellChanged, this, &WorkspacePanel::holdingsEdited);
    connect(m_addHolding, &QPushButton::clicked, this, &WorkspacePanel::addHolding);
    connect(m_removeHolding, &QPushButton::clicked, this, &WorkspacePanel::removeHolding);
    connect(m_normalise, &QPushButton::clicked, this, &WorkspacePanel::normaliseWeights);
    connect(m_rebalance, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_band->setEnabled(kRules[i] == Rebalance::Band);
        const int p = portfolioIndex();
        if (m_loading || p < 0) return;
        ReportRequest after = m_base;
        after.strategies[static_cast<std::size_t>(p)].portfolio.rebalance = kRules[i];
        commit(tr("Rebalancing %1").arg(rebalanceName(kRules[i])), after);
    });
    connect(m_band, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        const int p = portfolioIndex();
        if (m_loading || p < 0) return;
        ReportRequest after = m_base;
        after.strategies[static_cast<std::size_t>(p)].portfolio.band = v / 100.0;
        commit(tr("Drift band"), after, MergeBand);
    });
    connect(m_cost, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        const int p = portfolioIndex();
        if (m_loading || p < 0) return;
        ReportRequest after = m_base;
        after.strategies[static_cast<std::size_t>(p)].portfolio.costBps = v;
        commit(tr("Costs"), after, MergeCost);
    });
    connect(m_rf, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (m_loading) return;
        ReportRequest after = m_base;
        after.metrics.rf = v / 100.0;
        commit(tr("Risk-free rate"), after, MergeRf);
    });
    connect(m_convention, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (m_loading) return;
        ReportRequest after = m_base;
        after.metrics.convention = static_cast<Convention>(m_convention->itemData(i).toInt());
        commit(tr("Convention %1").arg(conventionName(after.metrics.convention)), after);
    });
    connect(m_periods, &QSpinBox::valueChanged, this, [this](int v) {
        if (m_loading) return;
        ReportRequest after = m_base;
        after.metrics.periodsExplicit = v > 0;
        if (v > 0) after.metrics.periods = v;
        commit(tr("Periods per year"), after, MergePeriods);
    });
    for (QLineEdit* edit : {m_start, m_end})
        connect(edit, &QLineEdit::editingFinished, this, [this, edit] {
            const QString text = edit->text().trimmed();
            const QDate d = text.isEmpty() ? QDate() : parseIsoDate(text);
            if (!text.isEmpty() && !d.isValid()) return (void)validate();
            ReportRequest after = m_base;
            (edit == m_start ? after.start : after.end) = d;
            commit(edit == m_start ? tr("First date") : tr("Last date"), after);
            validate();
        });
    connect(m_period, &QComboBox::activated, this, [this](int i) {
        const Period& p = kPeriods[i];
        if (p.years == -2) return m_start->setFocus(); // Custom: type the dates
        if (p.years != 0 && !m_dataEnd.isValid()) {
            showError(m_datesError,
                      tr("Compute once first: the period counts back from the data's last date."));
            return showPeriod();
        }
        m_chosenPeriod = i; // YTD and 1 year can be the same dates: keep the name the user chose
        ReportRequest after = m_base;
        after.start = p.years == 0 ? QDate() : periodStart(p, m_dataEnd);
        after.end = QDate();
        commit(tr("Period %1").arg(tr(p.label)), after, -1, true);
        emit computeRequested();
    });
    connect(m_benchKind, &QComboBox::activated, this, [this](int kind) {
        if (kind == BenchCsv) return emit benchmarkCsvRequested();
        if (kind == BenchNone) {
            ReportRequest after = m_base;
            after.benchmark.reset();
            commit(tr("No benchmark"), after, -1, true);
            return;
        }
        m_benchmark->setEnabled(true);
        m_benchmark->setFocus();
        benchmarkEdited();
    });
    connect(m_benchmark, &QLineEdit::editingFinished, this, &WorkspacePanel::benchmarkEdited);
    connect(m_benchBrowse, &QPushButton::clicked, this, &WorkspacePanel::benchmarkCsvRequested);
}

void WorkspacePanel::setDataEnd(const QDate& end) {
    // The data's own end, not a chosen window's: a picked period has no end date of its own.
    if (!m_base.end.isValid()) m_dataEnd = end;
    showPeriod();
}

void WorkspacePanel::showPeriod() {
    int index = kCustomPeriod;
    if (!m_base.start.isValid() && !m_base.end.isValid())
        index = 0;
    else if (!m_base.end.isValid() && m_dataEnd.isValid())
        for (int i = kCustomPeriod - 1; i > 0; --i)
            if (periodStart(kPeriods[i], m_dataEnd) == m_base.start &&
                (index == kCustomPeriod || i == m_chosenPeriod))
                index = i;
    m_period->setCurrentIndex(index);
}

void WorkspacePanel::commit(const QString& text, const ReportRequest& after, int mergeId, bool reload) {
    m_base = after;
    m_title->setPlaceholderText(automaticTitle(m_base));
    emit editRequested(text, after, mergeId);
    if (reload) setRequest(m_base);
}

void WorkspacePanel::benchmarkEdited() {
    if (m_loading || m_benchKind->currentIndex() != BenchSymbol) return;
    const QString symbol = m_benchmark->text().trimmed().toUpper();
    if (symbol.isEmpty()) return;
    ReportRequest after = m_base;
    after.benchmark = SeriesRequest{SeriesRequest::Kind::Symbol, {}, symbol, {}, {}, ValueKind::Auto, {}};
    commit(tr("Benchmark %1").arg(symbol), after, -1, true);
}

void WorkspacePanel::refreshKnownSymbols() {
    // Ticker search: symbols already in the cache complete as the user types. Read on the next turn
    // of the event loop, so loading a workspace does not wait for it.
    if (m_completerCache == m_base.cachePath) return;
    m_completerCache = m_base.cachePath;
    QTimer::singleShot(0, this, [this, path = m_completerCache] {
        if (path == m_completerCache) loadKnownSymbols();
    });
}

void WorkspacePanel::cacheChanged() {
    m_completerCache.clear();
    refreshKnownSymbols();
}

void WorkspacePanel::loadKnownSymbols() {
    QStringList known;
    if (auto cache = cache::PriceCache::open(m_base.cachePath, false))
        for (const auto& si : (*cache)->instruments())
            known << si.instrument.symbol;
    m_completer->setModel(new QStringListModel(known, m_completer));
}

void WorkspacePanel::setRequest(const ReportRequest& r) {
    m_loading = true;
    const int selected = m_strategies->currentRow();
    m_base = r;
    refreshKnownSymbols();
    m_title->setText(r.title);
    m_title->setPlaceholderText(automaticTitle(r));
    m_strategies->clear();
    for (std::size_t i = 0; i < r.strategies.size(); ++i) {
        const auto& s = r.strategies[i];
        auto* item = new QListWidgetItem(seriesDisplayName(s));
        item->setFlags(item->flags() | Qt::ItemIsEditable);
        item->setToolTip(kindText(s));
        item->setForeground(s.color.isEmpty() ? seriesColor(i, false) : QColor::fromString(s.color));
        m_strategies->addItem(item);
    }
    if (selected >= 0 && selected < m_strategies->count()) m_strategies->setCurrentRow(selected);
    const auto& b = r.benchmark;
    const int kind = !b                                       ? BenchNone
                     : b->kind == SeriesRequest::Kind::Symbol ? BenchSymbol
                     : b->kind == SeriesRequest::Kind::File   ? BenchCsv
                                                              : BenchOther;
    m_benchKind->setCurrentIndex(kind);
    m_benchmark->setText(!b                    ? QString()
                         : kind == BenchSymbol ? b->symbol
                         : kind == BenchCsv    ? b->path
                                               : seriesDisplayName(*b));
    m_benchmark->setEnabled(kind == BenchSymbol);
    m_benchBrowse->setVisible(kind == BenchCsv);
    m_rf->setValue(r.metrics.rf * 100);
    m_periods->setValue(r.metrics.periodsExplicit ? static_cast<int>(r.metrics.periods) : 0);
    m_convention->setCurrentIndex(m_convention->findData(static_cast<int>(r.metrics.convention)));
    m_start->setText(r.start.isValid() ? r.start.toString(Qt::ISODate) : QString());
    m_end->setText(r.end.isValid() ? r.end.toString(Qt::ISODate) : QString());
    showPeriod();
    m_loading = false;
    showHoldings();
}

} // namespace ts::ui
