#include "widgets/preferences_dialog.h"

#include "providers/registry.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ts::ui {
namespace {
enum Column { Name, BaseUrl, Key, Rate, ColumnCount };
}

PreferencesDialog::PreferencesDialog(Settings settings, QWidget* parent)
    : QDialog(parent)
    , m_settings(std::move(settings)) {
    setWindowTitle(tr("Preferences"));
    auto* v = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_cache = new QLineEdit(m_settings.cachePath);
    form->addRow(tr("Price cache"), m_cache);
    m_order = new QLineEdit(m_settings.providerOrder.join(QStringLiteral(", ")));
    m_order->setToolTip(tr("Providers tried in this order when one fails for a symbol"));
    form->addRow(tr("Provider order"), m_order);
    m_benchmark = new QLineEdit(m_settings.defaultBenchmark);
    m_benchmark->setPlaceholderText(tr("e.g. SPY"));
    form->addRow(tr("Default benchmark"), m_benchmark);
    m_rf = new QDoubleSpinBox;
    m_rf->setRange(-50, 50);
    m_rf->setDecimals(3);
    m_rf->setSuffix(QStringLiteral(" %"));
    m_rf->setValue(m_settings.defaultRf * 100);
    form->addRow(tr("Default risk-free rate"), m_rf);
    m_periods = new QSpinBox;
    m_periods->setRange(1, 100000);
    m_periods->setValue(static_cast<int>(m_settings.defaultPeriods));
    // New workspaces follow the dates' frequency; this is what irregular dates fall back to.
    m_periods->setToolTip(tr("Used when the dates have no regular frequency; otherwise a new workspace "
                             "takes 252, 365, 52, 12 or 4 from the dates"));
    form->addRow(tr("Periods per year (irregular dates)"), m_periods);
    m_theme = new QComboBox;
    m_theme->addItem(tr("Follow the system"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(m_settings.theme)));
    form->addRow(tr("Theme"), m_theme);
    v->addLayout(form);
    const auto& all = providers::allProviders();
    m_providers = new QTableWidget(static_cast<int>(all.size()), ColumnCount);
    m_providers->setHorizontalHeaderLabels(
        {tr("Provider"), tr("Base URL"), tr("API key"), tr("Requests/min")});
    m_providers->horizontalHeader()->setSectionResizeMode(BaseUrl, QHeaderView::Stretch);
    m_providers->verticalHeader()->hide();
    for (int r = 0; r < static_cast<int>(all.size()); ++r) {
        const auto& p = all[static_cast<std::size_t>(r)];
        const auto c = m_settings.provider(p->name());
        auto* name = new QTableWidgetItem(p->name());
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        name->setToolTip(p->description());
        m_providers->setItem(r, Name, name);
        m_providers->setItem(r, BaseUrl, new QTableWidgetItem(c.baseUrl));
        auto* key = new QLineEdit(c.apiKey);
        key->setEchoMode(QLineEdit::Password);
        key->setEnabled(p->needsKey());
        key->setPlaceholderText(p->needsKey() ? tr("required") : tr("not needed"));
        m_providers->setCellWidget(r, Key, key);
        m_providers->setItem(r, Rate, new QTableWidgetItem(QString::number(c.ratePerMinute)));
    }
    v->addWidget(m_providers, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    v->addWidget(buttons);
    resize(900, 420);
}

Settings PreferencesDialog::settings() const {
    Settings s = m_settings;
    s.cachePath = m_cache->text().trimmed();
    s.defaultBenchmark = m_benchmark->text().trimmed();
    s.defaultRf = m_rf->value() / 100.0;
    s.defaultPeriods = m_periods->value();
    s.theme = m_theme->currentData().toString();
    s.providerOrder.clear();
    for (const QString& p : m_order->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (providers::findProvider(p.trimmed())) s.providerOrder << p.trimmed().toLower();
    for (int r = 0; r < m_providers->rowCount(); ++r) {
        const QString name = m_providers->item(r, Name)->text();
        auto& c = s.providers[name];
        c.baseUrl = m_providers->item(r, BaseUrl)->text().trimmed();
        c.apiKey = static_cast<QLineEdit*>(m_providers->cellWidget(r, Key))->text().trimmed();
        c.ratePerMinute = m_providers->item(r, Rate)->text().toDouble();
    }
    return s;
}

} // namespace ts::ui
