#pragma once
// Starts tests/server/provider_mock.py on 127.0.0.1 (a free port) for one test executable and
// talks to its control routes through the product's own HTTP client.

#include "net/http_client.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace test {

class MockServer {
public:
    bool start() {
        m_proc.setProgram(QStringLiteral(TEARSHEET_PYTHON));
        m_proc.setArguments({QStringLiteral(TEARSHEET_MOCK_SERVER)});
        m_proc.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_proc.start();
        if (!m_proc.waitForStarted(10000)) return false;
        QByteArray line;
        for (int i = 0; i < 100 && !line.contains('\n'); ++i) {
            m_proc.waitForReadyRead(100);
            line += m_proc.readAllStandardOutput();
        }
        if (!line.startsWith("PORT ")) return false;
        m_port = line.mid(5).trimmed().toInt();
        return m_port > 0;
    }
    ~MockServer() {
        m_proc.closeWriteChannel(); // the server exits when its stdin closes
        if (!m_proc.waitForFinished(2000)) m_proc.kill();
        m_proc.waitForFinished(2000);
    }

    int port() const { return m_port; }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }

    QJsonArray log() {
        ts::net::HttpRequest r;
        r.url = url().toUtf8() + "/__log";
        const auto resp = m_client.fetch(r);
        return QJsonDocument::fromJson(resp.body).array();
    }
    // Requests whose symbol is `symbol` (empty: all).
    QJsonArray requestsFor(const QString& symbol) {
        QJsonArray out;
        for (const auto& v : log())
            if (symbol.isEmpty() || v.toObject().value(QStringLiteral("symbol")).toString() == symbol)
                out.append(v);
        return out;
    }
    // Points this process's settings at the server: `config` becomes the settings file (written
    // into `dir`) and each named provider's base URL the loopback. Keys are left to the test.
    bool configure(const QString& dir, const QByteArray& config, const QStringList& providers) {
        QFile f(dir + QStringLiteral("/config.json"));
        if (!f.open(QIODevice::WriteOnly) || f.write(config) != config.size()) return false;
        qputenv("TEARSHEET_CONFIG", f.fileName().toLocal8Bit());
        for (const QString& p : providers)
            qputenv(qPrintable(QStringLiteral("TEARSHEET_%1_BASE_URL").arg(p.toUpper())), url().toUtf8());
        return true;
    }
    void reset() { post("/__reset"); }
    void set(const QByteArray& knob, double value) {
        post("/__set?" + knob + "=" + QByteArray::number(value));
    }

private:
    void post(const QByteArray& path) {
        ts::net::HttpRequest r;
        r.method = "POST";
        r.url = url().toUtf8() + path;
        m_client.fetch(r);
    }
    QProcess m_proc;
    int m_port = 0;
    ts::net::HttpClient m_client;
};

} // namespace test
