#pragma once
// The log panel: a read-only text view fed by the core's spdlog loggers through a Qt sink. Lines
// logged on any thread are appended on the GUI thread.

#include <QPlainTextEdit>
#include <memory>

namespace spdlog::sinks {
class sink;
}

namespace ts::ui {

class LogPanel : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit LogPanel(QWidget* parent = nullptr);
    ~LogPanel() override;
    // Adds this panel as a sink to the core's loggers (core.data, core.cache, core.metrics).
    void attachToCoreLoggers();

public slots:
    void appendLine(const QString& line);

private:
    std::shared_ptr<spdlog::sinks::sink> m_sink;
};

} // namespace ts::ui
