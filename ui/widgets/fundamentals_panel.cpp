#include "widgets/fundamentals_panel.h"

#include "cache/fundamentals_store.h"
#include "cache/price_cache.h"
#include "fundamentals/source.h"
#include "jobs/fundamentals_job.h"

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
#include <QProgressBar>
#include <QPushButton>
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

QString sourceTitle(const QString& source) {
    if (source == QLatin1String("fmp")) return QStringLiteral("FMP");
    if (source == QLatin1String("alphavantage")) return QStringLiteral("Alpha Vantage");
    return source;
}

// Qt's %n plurals need a loaded translation; this reads right without one.
QString statements(int n) {
    return n == 1 ? QObject::tr("1 statement") : QObject::tr("%1 statements").arg(n);
}

// The stored statements of a symbol, counted as the download counts them: one per statement and
// period type.
int statementsStored(const FundamentalsData& d) {
    std::set<std::pair<Statement, PeriodType>> kinds;
    for (const auto& li : d.items)
        kinds.insert({li.statement, li.period});
    return static_cast<int>(kinds.size());
}

// Why a run stopped, for someone who never saw the provider's answer.
QString stopReason(const IngestResult& r, const QString& source) {
    const QString title = sourceTitle(source);
    if (r.stoppedBy == QLatin1String("cancelled")) return QObject::tr("cancelled");
    if (r.stoppedBy == QLatin1String("quota"))
        return QObject::tr("%1's request limit is used up; download again later to continue").arg(title);
    if (r.stoppedBy == QLatin1String("unauthorized"))
        return QObject::tr("%1 refused the API key: check it in Preferences").arg(title);
    return QObject::tr("could not store the statements: %1").arg(r.stopMessage);
}

// The core's failures read "fmp AAA income: no statements (...)"; the status row already names the
// symbol, so only the reasons are kept, once each.
QString failureReasons(const QStringList& failures) {
    QStringList reasons;
    for (const QString& f : failures) {
        const qsizetype colon = f.indexOf(QStringLiteral(": "));
        const QString reason = colon >= 0 ? f.mid(colon + 2) : f;
        if (!reasons.contains(reason)) reasons << reason;
    }
    return reasons.join(QStringLiteral("; "));
}

QString symbolStatus(const IngestSymbol& s, int tasks, const IngestResult& r, const QString& source) {
    QStringList parts;
    if (s.stored) parts << QObject::tr("downloaded %1").arg(statements(s.stored));
    if (s.skipped)
        parts << (s.stored || !s.failures.isEmpty()
                      ? QObject::tr("%1 already up to date").arg(s.skipped)
                      : QObject::tr("already up to date (%1)").arg(statements(s.skipped)));
    if (!s.failures.isEmpty()) parts << QObject::tr("failed: %1").arg(failureReasons(s.failures));
    if (s.stored + s.skipped + s.failures.size() < tasks && !r.stoppedBy.isEmpty())
        parts << (parts.isEmpty() ? QObject::tr("not downloaded: %1") : QObject::tr("stopped: %1"))
                     .arg(stopReason(r, source));
    return parts.join(QStringLiteral(", "));
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
    auto* get = new QHBoxLayout;
    m_sourceLabel = new QLabel(tr("Source"));
    m_source = new QComboBox;
    m_source->setObjectName(QStringLiteral("fundamentalsSource"));
    m_sourceLabel->hide(); // until several sources have a key
    m_source->hide();
    m_download = new QPushButton(tr("Download statements"));
    m_download->setObjectName(QStringLiteral("fundamentalsDownload"));
    m_download->setEnabled(false);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("fundamentalsCancel"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    get->addWidget(m_sourceLabel);
    get->addWidget(m_source);
    get->addWidget(m_download);
    get->addWidget(m_cancel);
    get->addWidget(m_progress, 1);
    m_downloadNote = new QLabel;
    m_downloadNote->setWordWrap(true);
    m_status = new QTableWidget(0, 2);
    m_status->setObjectName(QStringLiteral("fundamentalsStatus"));
    m_status->setHorizontalHeaderLabels({tr("Holding"), tr("Statements")});
    m_status->horizontalHeader()->setStretchLastSection(true);
    m_status->verticalHeader()->hide();
    m_status->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_status->setMaximumHeight(140);
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
    layout->addLayout(get);
    layout->addWidget(m_downloadNote);
    layout->addWidget(m_status);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    for (QComboBox* box : {m_symbol, m_view, m_period})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { showCurrent(); });
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showRow(row); });
    connect(m_download, &QPushButton::clicked, this, &FundamentalsPanel::download);
    connect(m_cancel, &QPushButton::clicked, this, &FundamentalsPanel::cancelDownload);
}

void FundamentalsPanel::setSymbols(const QStringList& symbols, const QString& cachePath) {
    if (cachePath != m_cachePath) m_downloadStatus.clear();
    m_symbols = symbols;
    m_cachePath = cachePath;
    m_download->setEnabled(!downloading() && !m_symbols.isEmpty());
    showStatuses();
    reload();
}

void FundamentalsPanel::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    // Keys may have been added in Preferences since the tab was last shown.
    if (auto settings = Settings::load()) refreshSources(*settings);
}

void FundamentalsPanel::refreshSources(const Settings& settings) {
    const QString keep = m_source->currentData().toString();
    QSignalBlocker block(m_source);
    m_source->clear();
    for (const QString& name : sourceNames())
        if (!settings.provider(name).apiKey.isEmpty()) m_source->addItem(sourceTitle(name), name);
    if (const int i = m_source->findData(keep); i >= 0) m_source->setCurrentIndex(i);
    const bool choice = m_source->count() > 1;
    m_sourceLabel->setVisible(choice);
    m_source->setVisible(choice);
}

bool FundamentalsPanel::downloading() const {
    return m_job && m_job->running();
}

void FundamentalsPanel::download() {
    if (downloading() || m_symbols.isEmpty()) return;
    auto settings = Settings::load();
    if (!settings) {
        downloadFailed(settings.error().message);
        return;
    }
    settings->cachePath = m_cachePath;
    refreshSources(*settings);
    // With no key at all, FMP (it has every statement) is the one to ask the user for.
    m_jobSource = m_source->count() ? m_source->currentData().toString() : QStringLiteral("fmp");
    if (settings->provider(m_jobSource).apiKey.isEmpty()) {
        downloadFailed(tr("no %1 API key: add one in Preferences").arg(sourceTitle(m_jobSource)));
        return;
    }
    IngestParams params;
    params.symbols = m_symbols;
    params.provider = m_jobSource;
    // Quarters too: the Quarterly view shows them and the ratios' trailing twelve months need them.
    // Not from Alpha Vantage: its overview has no quarters, and its free plan's 25 requests a day
    // would be spent twice as fast.
    if (m_jobSource == QLatin1String("fmp")) params.periods = {PeriodType::Annual, PeriodType::Quarter};
    if (m_job) m_job->deleteLater(); // this may run inside the old job's finished signal
    m_job = new FundamentalsJob(params, *settings, this);
    for (const QString& s : m_symbols)
        m_downloadStatus[s] = {tr("waiting"), false};
    showStatuses();
    m_progress->setRange(0, 0); // busy until the first answer gives the total
    m_download->setEnabled(false);
    m_cancel->setEnabled(true);
    m_downloadNote->setText(tr("Downloading statements from %1…").arg(sourceTitle(m_jobSource)));
    connect(m_job, &FundamentalsJob::progress, this,
            [this](int done, int total, const QString& symbol, const QString& message) {
                m_progress->setRange(0, std::max(1, total));
                m_progress->setValue(done);
                if (symbol.isEmpty() || !m_downloadStatus.contains(symbol)) return;
                m_downloadStatus[symbol] = {tr("downloading (%1)").arg(message.section(QLatin1Char(' '), 1)),
                                            false};
                showStatuses();
            });
    connect(m_job, &FundamentalsJob::finished, this, &FundamentalsPanel::downloadEnded);
    connect(m_job, &FundamentalsJob::failed, this, &FundamentalsPanel::downloadFailed);
    m_job->start();
}

void FundamentalsPanel::cancelDownload() {
    if (!downloading()) return;
    m_job->cancel();
    m_cancel->setEnabled(false);
    m_downloadNote->setText(tr("Cancelling: waiting for the requests in flight…"));
}

void FundamentalsPanel::downloadEnded(const IngestResult& r) {
    const int perSymbol = r.symbols.empty() ? 0 : r.tasks / static_cast<int>(r.symbols.size());
    for (const IngestSymbol& s : r.symbols)
        m_downloadStatus[s.symbol] = {symbolStatus(s, perSymbol, r, m_jobSource),
                                      !s.failures.isEmpty() || s.stored + s.skipped < perSymbol};
    QString note = tr("%1: %2 downloaded").arg(sourceTitle(m_jobSource), statements(r.stored));
    if (r.skipped) note += tr(", %1 already up to date").arg(r.skipped);
    if (r.failed) note += tr(", %1 failed").arg(r.failed);
    note += tr(" in %1 s.").arg(r.seconds, 0, 'f', 1);
    if (!r.stoppedBy.isEmpty())
        note += QLatin1Char(' ') +
                tr("Stopped: %1. What was downloaded is kept.").arg(stopReason(r, m_jobSource));
    finishDownload(note);
}

void FundamentalsPanel::downloadFailed(const QString& message) {
    for (const QString& s : m_symbols)
        m_downloadStatus[s] = {tr("failed: %1").arg(message), true};
    finishDownload(message);
}

void FundamentalsPanel::finishDownload(const QString& note) {
    m_downloadNote->setText(note);
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
    m_download->setEnabled(!m_symbols.isEmpty());
    m_cancel->setEnabled(false);
    showStatuses();
    emit downloadFinished();
    reload();
}

QString FundamentalsPanel::downloadStatus(const QString& symbol) const {
    if (const auto it = m_downloadStatus.find(symbol); it != m_downloadStatus.end()) return it->second.text;
    const auto d = m_data.find(symbol);
    const int n = d == m_data.end() ? 0 : statementsStored(d->second);
    return n ? tr("%1 stored").arg(statements(n)) : tr("none stored");
}

void FundamentalsPanel::showStatuses() {
    m_status->setRowCount(static_cast<int>(m_symbols.size()));
    for (int r = 0; r < m_symbols.size(); ++r) {
        const QString text = downloadStatus(m_symbols[r]);
        m_status->setItem(r, 0, new QTableWidgetItem(m_symbols[r]));
        auto* status = new QTableWidgetItem(text);
        status->setToolTip(text);
        if (const auto it = m_downloadStatus.find(m_symbols[r]);
            it != m_downloadStatus.end() && it->second.problem)
            status->setForeground(QBrush(QColor(0xB0, 0x00, 0x20)));
        m_status->setItem(r, 1, status);
    }
    m_status->resizeColumnToContents(0);
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
                self->showStatuses();
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
        m_summary->setText(m_symbols.isEmpty()
                               ? tr("Open a workspace with symbols or portfolios.")
                               : tr("No statements stored for %1 yet: Download statements fetches them.")
                                     .arg(m_symbols.join(QStringLiteral(", "))));
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
