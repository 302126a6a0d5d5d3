#pragma once
// "Get data": download or update the workspace's tickers in the background, with a progress bar,
// a status per symbol (bars added, provider, or the failure), cancel, and retry with another
// provider. The app stays usable while it runs.

#include "net/downloader.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace ts::ui {

class DownloadJob;

class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(QWidget* parent = nullptr);
    void setSymbols(const QStringList& symbols, const QString& cachePath);
    void download(); // with the chosen provider (or the settings' order)
    void cancel();
    bool running() const;
    QTableWidget* table() const { return m_table; }

signals:
    void downloaded(); // something was stored: the workspace may be recomputed

private:
    void showCached();
    QStringList m_symbols;
    QString m_cachePath;
    DownloadJob* m_job = nullptr;
    QComboBox* m_provider = nullptr;
    QTableWidget* m_table = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_stop = nullptr;
    QLabel* m_summary = nullptr;
};

} // namespace ts::ui
