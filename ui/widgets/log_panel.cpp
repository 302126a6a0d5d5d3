#include "widgets/log_panel.h"

#include <QPointer>
#include <mutex>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

namespace ts::ui {
namespace {

class QtSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit QtSink(LogPanel* panel)
        : m_panel(panel) {}
    void detach() {
        std::lock_guard<std::mutex> lock(mutex_);
        m_panel = nullptr;
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t buf;
        formatter_->format(msg, buf);
        const QString line = QString::fromUtf8(buf.data(), static_cast<qsizetype>(buf.size())).trimmed();
        if (m_panel)
            QMetaObject::invokeMethod(
                m_panel.data(),
                [p = m_panel, line] {
                    if (p) p->appendLine(line);
                },
                Qt::QueuedConnection);
    }
    void flush_() override {}

private:
    QPointer<LogPanel> m_panel;
};

} // namespace

LogPanel::LogPanel(QWidget* parent)
    : QPlainTextEdit(parent) {
    setReadOnly(true);
    setMaximumBlockCount(5000);
    setObjectName(QStringLiteral("logPanel"));
}

LogPanel::~LogPanel() {
    if (auto s = std::dynamic_pointer_cast<QtSink>(m_sink)) s->detach();
    for (const char* name : {"core.data", "core.cache", "core.metrics"})
        if (auto l = spdlog::get(name)) {
            auto& sinks = l->sinks();
            sinks.erase(std::remove(sinks.begin(), sinks.end(), m_sink), sinks.end());
        }
}

void LogPanel::attachToCoreLoggers() {
    auto sink = std::make_shared<QtSink>(this);
    sink->set_pattern("%H:%M:%S %n %l: %v");
    m_sink = sink;
    for (const char* name : {"core.data", "core.cache", "core.metrics"}) {
        auto l = spdlog::get(name);
        if (!l) {
            l = std::make_shared<spdlog::logger>(name);
            l->set_level(spdlog::level::info);
            spdlog::register_logger(l);
        }
        l->sinks().push_back(m_sink);
    }
}

void LogPanel::appendLine(const QString& line) {
    appendPlainText(line);
}

} // namespace ts::ui
