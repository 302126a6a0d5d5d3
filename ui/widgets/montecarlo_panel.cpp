#include "widgets/montecarlo_panel.h"

#include "charts/montecarlo_chart.h"
#include "jobs/montecarlo_job.h"
#include "render/montecarlo_report.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ts::ui {

MonteCarloFan::MonteCarloFan(QWidget* parent)
    : QWidget(parent) {
    setMinimumSize(480, 260);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void MonteCarloFan::setResult(std::shared_ptr<const MonteCarloResult> r, QString title) {
    m_result = std::move(r);
    m_title = std::move(title);
    update();
}

void MonteCarloFan::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (!m_result) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Run a simulation to see the fan of paths."));
        return;
    }
    p.setRenderHint(QPainter::Antialiasing);
    paintMonteCarloFan(p, QRectF(rect()), *m_result, m_title);
}

MonteCarloPanel::MonteCarloPanel(QWidget* parent)
    : QWidget(parent) {
    auto* form = new QFormLayout;
    m_method = new QComboBox;
    m_method->setObjectName(QStringLiteral("mcMethod"));
    for (MonteCarloMethod m :
         {MonteCarloMethod::Block, MonteCarloMethod::Bootstrap, MonteCarloMethod::Shuffle})
        m_method->addItem(QString::fromLatin1(monteCarloMethodName(m)), static_cast<int>(m));
    m_method->setToolTip(tr("block: stationary bootstrap, keeps volatility clusters (default); bootstrap: "
                            "i.i.d. draws; shuffle: QuantStats' permutations, terminal figures fixed"));
    form->addRow(tr("Method"), m_method);
    m_sims = new QSpinBox;
    m_sims->setObjectName(QStringLiteral("mcSims"));
    m_sims->setRange(10, kMonteCarloMaxSims);
    m_sims->setValue(1000);
    m_sims->setSingleStep(1000);
    form->addRow(tr("Simulations"), m_sims);
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("mcSeed"));
    m_seed->setRange(0, 1 << 30);
    m_seed->setValue(static_cast<int>(kReportMonteCarloSeed));
    m_seed->setToolTip(tr("The same seed gives the same numbers on every machine"));
    form->addRow(tr("Seed"), m_seed);
    m_horizon = new QDoubleSpinBox;
    m_horizon->setObjectName(QStringLiteral("mcHorizon"));
    m_horizon->setRange(0, 100);
    m_horizon->setDecimals(1);
    m_horizon->setSpecialValueText(tr("observed length"));
    m_horizon->setSuffix(tr(" years"));
    form->addRow(tr("Horizon"), m_horizon);
    m_block = new QDoubleSpinBox;
    m_block->setObjectName(QStringLiteral("mcBlock"));
    m_block->setRange(0, 10000);
    m_block->setDecimals(1);
    m_block->setSpecialValueText(tr("automatic"));
    form->addRow(tr("Mean block length"), m_block);
    m_bust = new QDoubleSpinBox;
    m_bust->setRange(-100, 0);
    m_bust->setValue(-25);
    m_bust->setSuffix(QStringLiteral("%"));
    m_bust->setToolTip(tr("Bust: a path whose max drawdown reaches this"));
    form->addRow(tr("Bust at drawdown"), m_bust);
    m_goal = new QDoubleSpinBox;
    m_goal->setRange(-100, 100000);
    m_goal->setValue(100);
    m_goal->setSuffix(QStringLiteral("%"));
    m_goal->setToolTip(tr("Goal: a path whose terminal return reaches this"));
    form->addRow(tr("Goal terminal return"), m_goal);

    m_run = new QPushButton(tr("Run"));
    m_run->setObjectName(QStringLiteral("mcRun"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar;
    m_progress->hide();
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    form->addRow(QString(), buttons);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    form->addRow(QString(), m_status);

    m_fan = new MonteCarloFan;
    m_table = new QTableWidget;
    m_table->setObjectName(QStringLiteral("mcSummary"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setMaximumHeight(160);
    m_notes = new QLabel;
    m_notes->setObjectName(QStringLiteral("mcNotes"));
    m_notes->setWordWrap(true);
    m_notes->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* left = new QWidget;
    left->setLayout(form);
    left->setMaximumWidth(360);
    auto* right = new QVBoxLayout;
    right->addWidget(m_fan, 1);
    right->addWidget(m_table);
    right->addWidget(m_notes);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(left);
    layout->addLayout(right, 1);

    connect(m_run, &QPushButton::clicked, this, &MonteCarloPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &MonteCarloPanel::cancel);
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        const bool shuffle = params().method == MonteCarloMethod::Shuffle;
        const bool block = params().method == MonteCarloMethod::Block;
        m_horizon->setEnabled(!shuffle); // a permutation has the observed length
        if (shuffle) m_horizon->setValue(0);
        m_block->setEnabled(block);
    });
    clearResult(tr("Compute a workspace, then run a simulation of its first strategy."));
}

MonteCarloPanel::~MonteCarloPanel() {
    if (m_job) m_job->cancel();
}

MonteCarloParams MonteCarloPanel::params() const {
    MonteCarloParams p;
    p.method = static_cast<MonteCarloMethod>(m_method->currentData().toInt());
    p.sims = m_sims->value();
    p.seed = static_cast<std::uint64_t>(m_seed->value());
    p.horizonYears = m_horizon->value();
    p.blockLength = m_block->value();
    p.bust = m_bust->value() / 100.0;
    p.goal = m_goal->value() / 100.0;
    if (m_report) {
        p.periods = m_report->analysis.params.metrics.periods;
        p.rf = m_report->analysis.params.metrics.rf;
    }
    return p;
}

void MonteCarloPanel::setReport(std::shared_ptr<const ReportModel> report) {
    m_report = std::move(report);
    if (m_job) m_job->cancel();
    // A result belongs to the analysis it was run on; a new one is not silently passed off as it.
    clearResult(m_report && !m_report->analysis.aligned.columns.empty()
                    ? tr("Ready: %1, %2 returns. Run to simulate.")
                          .arg(m_report->analysis.aligned.names.front())
                          .arg(m_report->analysis.aligned.rows())
                    : tr("Compute a workspace, then run a simulation of its first strategy."));
}

void MonteCarloPanel::clearResult(const QString& why) {
    m_result.reset();
    m_fan->setResult(nullptr, {});
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_notes->clear();
    m_status->setText(why);
    m_run->setEnabled(m_report && !m_report->analysis.aligned.columns.empty());
}

void MonteCarloPanel::run() {
    if (!m_report || m_report->analysis.aligned.columns.empty()) return;
    if (m_job) m_job->cancel();
    m_job = new MonteCarloJob(m_report->analysis.aligned.columns.front(), params(), this);
    MonteCarloJob* job = m_job;
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setRange(0, m_sims->value());
    m_progress->setValue(0);
    m_progress->show();
    m_status->setText(tr("Simulating…"));
    auto done = [this, job] {
        if (m_job == job) m_job = nullptr;
        job->deleteLater();
        m_cancel->setEnabled(false);
        m_progress->hide();
        m_run->setEnabled(m_report != nullptr);
    };
    connect(job, &MonteCarloJob::progress, this, [this, job](int d, int total) {
        if (m_job != job) return;
        m_progress->setMaximum(total);
        m_progress->setValue(d);
    });
    connect(job, &MonteCarloJob::finished, this,
            [this, job, done](std::shared_ptr<const MonteCarloResult> r) {
                const bool current = m_job == job;
                done();
                if (!current) return;
                showResult(std::move(r));
                emit finished();
            });
    connect(job, &MonteCarloJob::failed, this, [this, job, done](const QString& msg) {
        const bool current = m_job == job;
        done();
        if (!current) return;
        m_status->setText(msg);
        emit failed(msg);
    });
    job->start();
}

void MonteCarloPanel::cancel() {
    if (m_job) m_job->cancel();
}

void MonteCarloPanel::showResult(std::shared_ptr<const MonteCarloResult> r) {
    m_result = std::move(r);
    const auto& al = m_report->analysis.aligned;
    const ReportMonteCarlo mc{
        {al.names.front(), al.dates.front().toString(Qt::ISODate), al.dates.back().toString(Qt::ISODate)},
        *m_result};
    m_fan->setResult(m_result, monteCarloTitle(mc));
    const ReportTable t = monteCarloTable(mc);
    m_table->setColumnCount(static_cast<int>(t.header.size()));
    m_table->setHorizontalHeaderLabels(t.header);
    m_table->setRowCount(static_cast<int>(t.rows.size()));
    for (int r = 0; r < static_cast<int>(t.rows.size()); ++r)
        for (int c = 0; c < t.rows[static_cast<std::size_t>(r)].cells.size(); ++c)
            m_table->setItem(r, c, new QTableWidgetItem(t.rows[static_cast<std::size_t>(r)].cells[c]));
    m_table->resizeColumnsToContents();
    QStringList lines;
    for (const QString& n : monteCarloNotes(mc))
        lines << n;
    m_notes->setText(lines.join(QLatin1Char('\n')));
    m_status->setText(tr("Done: %1 simulations.").arg(m_result->sims));
}

QString MonteCarloPanel::notes() const {
    return m_notes->text();
}

} // namespace ts::ui
