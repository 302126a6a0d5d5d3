#pragma once
// Preferences: cache location, provider order, each provider's base URL, API key and rate limit,
// defaults for new workspaces (benchmark, rf, periods) and the theme.
// They are the CLI's settings file (keys live there, never in a workspace), so both shells agree.
// Keys are shown as password fields and never logged.

#include "config/settings.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace ts::ui {

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(Settings settings, QWidget* parent = nullptr);
    Settings settings() const; // with the edits applied

private:
    Settings m_settings;
    QLineEdit* m_cache = nullptr;
    QLineEdit* m_order = nullptr;
    QTableWidget* m_providers = nullptr;
    QLineEdit* m_benchmark = nullptr;
    QDoubleSpinBox* m_rf = nullptr;
    QSpinBox* m_periods = nullptr;
    QComboBox* m_theme = nullptr;
};

} // namespace ts::ui
