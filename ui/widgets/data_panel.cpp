#include "widgets/data_panel.h"

#include "cache/price_cache.h"
#include "jobs/download_job.h"
#include "providers/registry.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ts::ui {
namespace {
enum Column { Symbol, Provider, Bars, First, Last, Gaps, Fetched, Status, ColumnCount };

QString gapsOf(cache::PriceCache& cache, const QString& symbol) {
    const auto [count, longest] = cache.gaps(symbol, 7); // a weekend or a holiday is not a gap
    return count ? QObject::tr("%1 (longest %2 days)").arg(count).arg(longest) : QStringLiteral("0");
}

// "4,012 bars 1999–2014"
QString barsAndYears(const net::SeriesExtent& e) {
    const QString years = e.first.year() == e.last.year()
                              ? QString::number(e.first.year())
                              : QStringLiteral("%1–%2").arg(e.first.year()).arg(e.last.year());
    return QObject::tr("%1 bars %2").arg(QLocale().toString(e.bars), years);
}
} // namespace

DataPanel::DataPanel(QWidget* parent)
    : QWidget(parent) {
    auto* v = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    m_provider = new QComboBox;
    m_provider->addItem(tr("Provider order from preferences"), QString());
    for (const QString& n : providers::providerNames())
        m_provider->addItem(n, n);
    m_start = new QPushButton(tr("Download / update"));
    m_stop = new QPushButton(tr("Cancel"));
    m_stop->setEnabled(false);
    m_progress = new QProgressBar;
    m_summary = new QLabel;
    bar->addWidget(new QLabel(tr("Provider")));
    bar->addWidget(m_provider);
    bar->addWidget(m_start);
    bar->addWidget(m_stop);
    bar->addWidget(m_progress, 1);
    v->addLayout(bar);
    m_table = new QTableWidget(0, ColumnCount);
    m_table->setObjectName(QStringLiteral("dataTable"));
    m_table->setHorizontalHeaderLabels({tr("Symbol"), tr("Provider"), tr("Bars"), tr("First"), tr("Last"),
                                        tr("Gaps > 7 days"), tr("Fetched (UTC)"), tr("Status")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    v->addWidget(m_table, 1);
    v->addWidget(m_summary);
    connect(m_start, &QPushButton::clicked, this, &DataPanel::download);
    connect(m_stop, &QPushButton::clicked, this, &DataPanel::cancel);
}

bool DataPanel::running() const {
    return m_job && m_job->running();
}

void DataPanel::setSymbols(const QStringList& symbols, const QString& cachePath) {
    if (symbols == m_symbols && cachePath == m_cachePath) return;
    if (cachePath != m_cachePath) {
        m_stored.clear();
        m_cachePath = cachePath;
        m_summary->setText(QFileInfo::exists(cachePath) ? tr("Cache: %1").arg(cachePath)
                                                        : tr("No cache yet at %1").arg(cachePath));
    }
    m_symbols = symbols;
    // A symbol that leaves the workspace and comes back starts afresh (NOPE must not show what
    // NVDA did on its row).
    std::erase_if(m_status, [&](const auto& kv) { return !m_symbols.contains(kv.first); });
    readStored(m_symbols);
    showRows();
}

void DataPanel::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    m_stored.clear(); // another process (the CLI, a second window) may have written the cache
    readStored(m_symbols);
    showRows();
}

void DataPanel::readStored(const QStringList& symbols) {
    QStringList missing;
    for (const QString& s : symbols)
        if (!m_stored.contains(s)) missing << s;
    if (missing.isEmpty()) return;
    auto cache = cache::PriceCache::open(m_cachePath, false);
    for (const QString& s : missing) {
        const auto si = cache ? (*cache)->instrument(s) : std::nullopt;
        if (!si) {
            m_stored[s] = std::nullopt;
            continue;
        }
        m_stored[s] = Stored{si->provider,
                             QString::number(si->bars),
                             si->first.toString(Qt::ISODate),
                             si->last.toString(Qt::ISODate),
                             gapsOf(**cache, s),
                             si->updatedAt};
    }
}

void DataPanel::showRows() {
    m_table->setRowCount(static_cast<int>(m_symbols.size()));
    for (int r = 0; r < m_symbols.size(); ++r) {
        const auto it = m_stored.find(m_symbols[r]);
        const Stored st = it != m_stored.end() && it->second ? *it->second : Stored{};
        const QString cells[] = {m_symbols[r], st.provider, st.bars, st.first, st.last, st.gaps, st.fetched};
        for (int c = Symbol; c < Status; ++c)
            m_table->setItem(r, c, new QTableWidgetItem(cells[c]));
        showStatus(r);
    }
}

QString DataPanel::statusText(const QString& symbol) const {
    if (const auto it = m_status.find(symbol); it != m_status.end()) return it->second.text;
    const auto st = m_stored.find(symbol);
    return st != m_stored.end() && st->second ? tr("cached") : tr("not downloaded");
}

void DataPanel::showStatus(int row) {
    const QString& symbol = m_symbols[row];
    const auto it = m_status.find(symbol);
    auto* item = new QTableWidgetItem(statusText(symbol));
    item->setToolTip(item->text());
    if (it != m_status.end() && it->second.error) item->setForeground(QBrush(QColor(0xB0, 0x00, 0x20)));
    m_table->setItem(row, Status, item);
}

void DataPanel::download() {
    downloadSymbols(m_symbols);
}

void DataPanel::downloadSymbols(const QStringList& symbols) {
    if (symbols.isEmpty()) return;
    m_queue.push_back({symbols, {}, false});
    startNext();
}

void DataPanel::startNext() {
    if (running() || m_queue.empty()) return;
    const Pending next = m_queue.front();
    m_queue.erase(m_queue.begin());
    auto settings = Settings::load();
    if (!settings) {
        m_queue.clear();
        m_summary->setText(settings.error().message);
        return;
    }
    settings->cachePath = m_cachePath;
    net::DownloadParams p;
    p.symbols = next.symbols;
    p.providers = next.providers;
    p.replaceHistory = next.replaceHistory;
    if (const QString chosen = m_provider->currentData().toString();
        p.providers.isEmpty() && !chosen.isEmpty())
        p.providers = {chosen};
    if (m_job) m_job->deleteLater(); // this may run inside the old job's finished signal
    m_job = new DownloadJob(p, *settings, this);
    m_progress->setRange(0, static_cast<int>(p.symbols.size()));
    m_progress->setValue(0);
    m_start->setEnabled(false);
    m_stop->setEnabled(true);
    connect(m_job, &DownloadJob::progress, this,
            [this](int done, int total, const QString& symbol, const QString& message) {
                m_progress->setRange(0, total);
                m_progress->setValue(done);
                m_status[symbol] = {message, false};
                if (const int row = static_cast<int>(m_symbols.indexOf(symbol)); row >= 0) showStatus(row);
            });
    connect(m_job, &DownloadJob::failed, this, [this](const QString& m) {
        m_queue.clear();
        m_start->setEnabled(true);
        m_stop->setEnabled(false);
        m_summary->setText(m);
    });
    connect(m_job, &DownloadJob::finished, this, &DataPanel::finished);
    m_job->start();
}

void DataPanel::finished(const net::DownloadResult& r) {
    m_start->setEnabled(true);
    m_stop->setEnabled(false);
    QStringList stored;
    std::vector<net::SymbolOutcome> refused;
    using S = net::SymbolOutcome::Status;
    for (const auto& o : r.outcomes) {
        QString text = net::statusName(o.status);
        if (o.barsAdded) text += tr(", %1 bars added").arg(o.barsAdded);
        if (!o.message.isEmpty()) text += QStringLiteral(": ") + o.message;
        m_status[o.symbol] = {text, o.status == S::Failed};
        m_stored.erase(o.symbol); // read again below
        if (o.status == S::Updated || o.status == S::UpToDate) stored << o.symbol;
        if (o.status == S::Refused) refused.push_back(o);
    }
    readStored(m_symbols);
    showRows();
    m_summary->setText(
        tr("%1 symbol(s), %2 failed, %3 kept as stored, %4 request(s) in %5 s%6")
            .arg(r.outcomes.size())
            .arg(r.failed())
            .arg(r.refused())
            .arg(r.requests)
            .arg(r.seconds, 0, 'f', 1)
            .arg(r.failed() ? tr(" — choose another provider and download again to retry") : QString()));
    emit downloadFinished(stored);
    if (!stored.isEmpty()) emit downloaded();
    if (!refused.empty()) askToReplace(refused);
    startNext();
}

void DataPanel::askToReplace(const std::vector<net::SymbolOutcome>& refused) {
    if (m_question) m_question->deleteLater();
    QString text;
    if (refused.size() == 1) {
        const auto& o = refused.front();
        text = tr("Replace the stored history of %1 (%2) with %3's %4?")
                   .arg(o.symbol, barsAndYears(o.stored), o.offered.provider, barsAndYears(o.offered));
    } else {
        text = tr("Replace the stored histories of these symbols?");
        for (const auto& o : refused)
            text += QStringLiteral("\n") +
                    tr("%1: %2 stored, %3 offers %4")
                        .arg(o.symbol, barsAndYears(o.stored), o.offered.provider, barsAndYears(o.offered));
    }
    m_question = new QMessageBox(QMessageBox::Question, tr("Replace stored history?"), text,
                                 QMessageBox::NoButton, this);
    m_question->setObjectName(QStringLiteral("replaceHistoryQuestion"));
    m_question->setInformativeText(
        tr("The new history is shorter than the stored one or differs from it. Keep leaves the stored "
           "history as it is."));
    auto* replace = m_question->addButton(tr("Replace"), QMessageBox::AcceptRole);
    auto* keep = m_question->addButton(tr("Keep"), QMessageBox::RejectRole);
    m_question->setDefaultButton(keep);
    m_question->setEscapeButton(keep);
    m_question->setAttribute(Qt::WA_DeleteOnClose);
    // Each symbol again from the provider whose offer the user accepted, and only those symbols.
    std::map<QString, QStringList> byProvider;
    for (const auto& o : refused)
        byProvider[o.offered.provider] << o.symbol;
    connect(m_question, &QMessageBox::buttonClicked, this, [this, replace, byProvider](QAbstractButton* b) {
        if (b != replace) return;
        for (const auto& [provider, symbols] : byProvider)
            m_queue.push_back({symbols, {provider}, true});
        startNext();
    });
    m_question->open(); // window-modal without a nested event loop
}

void DataPanel::cancel() {
    m_queue.clear();
    if (m_job) m_job->cancel();
}

} // namespace ts::ui
