#include "widgets/data_panel.h"

#include "cache/price_cache.h"
#include "jobs/download_job.h"
#include "providers/registry.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
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
    m_symbols = symbols;
    m_cachePath = cachePath;
    showCached();
}

void DataPanel::showCached() {
    m_table->setRowCount(static_cast<int>(m_symbols.size()));
    auto cache = cache::PriceCache::open(m_cachePath, false);
    for (int r = 0; r < m_symbols.size(); ++r) {
        m_table->setItem(r, Symbol, new QTableWidgetItem(m_symbols[r]));
        const auto si = cache ? (*cache)->instrument(m_symbols[r]) : std::nullopt;
        m_table->setItem(r, Provider, new QTableWidgetItem(si ? si->provider : QString()));
        m_table->setItem(r, Bars, new QTableWidgetItem(si ? QString::number(si->bars) : QString()));
        m_table->setItem(r, First, new QTableWidgetItem(si ? si->first.toString(Qt::ISODate) : QString()));
        m_table->setItem(r, Last, new QTableWidgetItem(si ? si->last.toString(Qt::ISODate) : QString()));
        m_table->setItem(r, Gaps, new QTableWidgetItem(si ? gapsOf(**cache, m_symbols[r]) : QString()));
        m_table->setItem(r, Fetched, new QTableWidgetItem(si ? si->updatedAt : QString()));
        if (!m_table->item(r, Status))
            m_table->setItem(r, Status, new QTableWidgetItem(si ? tr("cached") : tr("not downloaded")));
    }
    m_summary->setText(cache ? tr("Cache: %1").arg(m_cachePath) : tr("No cache yet at %1").arg(m_cachePath));
}

void DataPanel::download() {
    if (running() || m_symbols.isEmpty()) return;
    auto settings = Settings::load();
    if (!settings) {
        m_summary->setText(settings.error().message);
        return;
    }
    settings->cachePath = m_cachePath;
    net::DownloadParams p;
    p.symbols = m_symbols;
    if (const QString chosen = m_provider->currentData().toString(); !chosen.isEmpty())
        p.providers = {chosen};
    delete m_job;
    m_job = new DownloadJob(p, *settings, this);
    m_progress->setRange(0, static_cast<int>(m_symbols.size()));
    m_progress->setValue(0);
    m_start->setEnabled(false);
    m_stop->setEnabled(true);
    connect(m_job, &DownloadJob::progress, this,
            [this](int done, int total, const QString& symbol, const QString& message) {
                m_progress->setRange(0, total);
                m_progress->setValue(done);
                const int row = static_cast<int>(m_symbols.indexOf(symbol));
                if (row >= 0) m_table->item(row, Status)->setText(message);
            });
    auto finish = [this] {
        m_start->setEnabled(true);
        m_stop->setEnabled(false);
    };
    connect(m_job, &DownloadJob::failed, this, [this, finish](const QString& m) {
        finish();
        m_summary->setText(m);
    });
    connect(m_job, &DownloadJob::finished, this, [this, finish](const net::DownloadResult& r) {
        finish();
        for (const auto& o : r.outcomes) {
            const int row = static_cast<int>(m_symbols.indexOf(o.symbol));
            if (row < 0) continue;
            QString text = net::statusName(o.status);
            if (o.barsAdded) text += tr(", %1 bars added").arg(o.barsAdded);
            if (!o.message.isEmpty()) text += QStringLiteral(": ") + o.message;
            auto* item = m_table->item(row, Status);
            item->setText(text);
            item->setToolTip(text);
            item->setForeground(
                o.status == net::SymbolOutcome::Status::Failed ? QBrush(QColor(0xB0, 0x00, 0x20)) : QBrush());
        }
        showCached();
        m_summary->setText(
            tr("%1 symbol(s), %2 failed, %3 request(s) in %4 s%5")
                .arg(r.outcomes.size())
                .arg(r.failed())
                .arg(r.requests)
                .arg(r.seconds, 0, 'f', 1)
                .arg(r.failed() ? tr(" — choose another provider and download again to retry") : QString()));
        if (static_cast<int>(r.outcomes.size()) > r.failed()) emit downloaded();
    });
    m_job->start();
}

void DataPanel::cancel() {
    if (m_job) m_job->cancel();
}

} // namespace ts::ui
