#pragma once
// "Get data": download or update the workspace's tickers in the background, with a progress bar,
// a status per symbol (bars added, provider, or the failure), cancel, and retry with another
// provider. The app stays usable while it runs. Statuses belong to symbols, not rows: the window
// calls setSymbols on every workspace edit and a symbol that stays keeps its status. When the
// core refuses to replace a stored history by a shorter or different one, the panel asks.

#include "net/downloader.h"

#include <QPointer>
#include <QWidget>
#include <map>
#include <optional>

class QComboBox;
class QLabel;
class QMessageBox;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace ts::ui {

class DownloadJob;

class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(QWidget* parent = nullptr);
    // Cheap when nothing changed; reads the cache only for symbols it has not looked up yet.
    void setSymbols(const QStringList& symbols, const QString& cachePath);
    void download(); // every listed symbol, with the chosen provider (or the settings' order)
    void downloadSymbols(const QStringList& symbols); // just these (queued behind a running one)
    void cancel();
    bool running() const;
    QTableWidget* table() const { return m_table; }
    QString statusText(const QString& symbol) const; // what the Status column shows for it

signals:
    void downloaded(); // something was stored: the workspace may be recomputed
    // After each download: the symbols whose series is now stored (updated or up to date).
    void downloadFinished(const QStringList& stored);

protected:
    void showEvent(QShowEvent* e) override;

private:
    struct Pending {
        QStringList symbols, providers; // providers empty: the chosen one or the settings' order
        bool replaceHistory = false;
    };
    struct Stored { // what the cache holds for a symbol, read once until it may have changed
        QString provider, bars, first, last, gaps, fetched;
    };
    struct SymbolStatus {
        QString text;
        bool error = false;
    };
    void startNext();
    void finished(const net::DownloadResult& r);
    void askToReplace(const std::vector<net::SymbolOutcome>& refused);
    void readStored(const QStringList& symbols);
    void showRows();
    void showStatus(int row);
    QStringList m_symbols;
    QString m_cachePath;
    std::map<QString, std::optional<Stored>> m_stored;
    std::map<QString, SymbolStatus> m_status;
    std::vector<Pending> m_queue;
    DownloadJob* m_job = nullptr;
    QPointer<QMessageBox> m_question; // deletes itself when answered
    QComboBox* m_provider = nullptr;
    QTableWidget* m_table = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_stop = nullptr;
    QLabel* m_summary = nullptr;
};

} // namespace ts::ui
