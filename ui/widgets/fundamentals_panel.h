#pragma once
// The Fundamentals tab: for each holding of the workspace, its computed ratios (value and
// definition), any stored statement as a table of line items by period, and a chart of the
// selected row across periods (ratios: their history at each period end, priced at that date's
// close). Data is read from the cache on a pool thread; the tab fills in when it arrives.
// "Download statements" fetches the holdings' statements in the background (the core's resumable
// ingest, the same as the CLI's), with a status per symbol, and reloads the tab when it ends.

#include "fundamentals/ratios.h"

#include <QWidget>
#include <map>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QChartView;

namespace ts {
struct Settings;
}
namespace ts::fundamentals {
struct IngestResult;
}

namespace ts::ui {

class FundamentalsJob;

struct FundamentalsData {
    QString symbol, provider;
    std::vector<fundamentals::LineItem> items;
    fundamentals::RatioSnapshot latest;
    std::vector<std::pair<QDate, fundamentals::RatioSnapshot>> history; // at each fiscal year end
    double price = 0;
    QDate priceDate;
};

class FundamentalsPanel : public QWidget {
    Q_OBJECT
public:
    explicit FundamentalsPanel(QWidget* parent = nullptr);
    void setSymbols(const QStringList& symbols, const QString& cachePath);
    QTableWidget* table() const { return m_table; }
    QChartView* chartView() const { return m_chart; }
    QComboBox* symbolBox() const { return m_symbol; }
    QComboBox* viewBox() const { return m_view; }
    // Loads every holding again (after a fundamentals download).
    void reload();

    // Statements of every holding from the chosen source (the only one with a key, when only one
    // has), with the settings' keys and limits.
    void download();
    void cancelDownload();
    bool downloading() const;
    QPushButton* downloadButton() const { return m_download; }
    QPushButton* cancelButton() const { return m_cancel; }
    QComboBox* sourceBox() const { return m_source; } // shown when several sources have a key
    QProgressBar* progressBar() const { return m_progress; }
    QTableWidget* statusTable() const { return m_status; }
    QString downloadStatus(const QString& symbol) const; // what the status column shows for it

signals:
    void loaded();           // the data of the current symbols arrived
    void downloadFinished(); // a download ended (done, failed or cancelled); a reload follows

protected:
    void showEvent(QShowEvent* e) override;

private:
    void showCurrent();
    void showRow(int row);
    void refreshSources(const Settings& settings);
    void downloadEnded(const fundamentals::IngestResult& r);
    void downloadFailed(const QString& message);
    void finishDownload(const QString& note);
    void showStatuses();

    QComboBox *m_symbol = nullptr, *m_view = nullptr, *m_period = nullptr, *m_source = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_sourceLabel = nullptr;
    QLabel* m_downloadNote = nullptr;
    QPushButton* m_download = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QTableWidget* m_status = nullptr;
    FundamentalsJob* m_job = nullptr;
    QString m_jobSource; // the source of the running or last download
    struct DownloadStatus {
        QString text;
        bool problem = false; // failed or stopped before its statements came
    };
    std::map<QString, DownloadStatus> m_downloadStatus; // by symbol, from the last download
    QTableWidget* m_table = nullptr;
    QChartView* m_chart = nullptr;
    QStringList m_symbols;
    QString m_cachePath;
    std::map<QString, FundamentalsData> m_data;
    int m_generation = 0; // answers of an older load are dropped
};

} // namespace ts::ui
