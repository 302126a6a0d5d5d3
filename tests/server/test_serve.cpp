// `tearsheet-cli serve` as a client sees it, over real HTTP on loopback: probes, metrics, reports
// in every format (equal to the CLI's own), async jobs, validation errors, a full queue answering
// 503 with Retry-After, the job time limit, the bearer token, downloads, and SIGTERM.

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <memory>
#include <signal.h>

namespace {

struct Reply {
    int status = 0; // 0: no answer (connection refused or timeout)
    QByteArray body;
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// A `serve` child process on a free port.
class Server {
public:
    Server(const QStringList& extra, const QProcessEnvironment& env) {
        m_p.setProcessEnvironment(env);
        m_p.setProcessChannelMode(QProcess::SeparateChannels);
        m_p.start(QStringLiteral(TEARSHEET_CLI),
                  QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")} +
                      extra);
        QElapsedTimer t;
        t.start();
        static const QRegularExpression re(QStringLiteral("listening on http://[^:]+:(\\d+)"));
        while (t.elapsed() < 20000 && m_p.state() != QProcess::NotRunning) {
            m_p.waitForReadyRead(200);
            m_err += m_p.readAllStandardError();
            const auto m = re.match(QString::fromUtf8(m_err));
            if (m.hasMatch()) {
                port = m.captured(1).toInt();
                return;
            }
        }
    }
    ~Server() {
        if (m_p.state() != QProcess::NotRunning) {
            m_p.kill();
            m_p.waitForFinished(5000);
        }
    }
    QString url(const QString& path) const {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path);
    }
    QProcess& process() { return m_p; }
    QByteArray stderrText() {
        m_err += m_p.readAllStandardError();
        return m_err;
    }
    int port = 0;

private:
    QProcess m_p;
    QByteArray m_err;
};

Reply collect(QNetworkReply* r) {
    Reply out;
    out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = r->readAll();
    for (const auto& [k, v] : r->rawHeaderPairs())
        out.headers.insert(k.toLower(), v);
    r->deleteLater();
    return out;
}

} // namespace

class TestServe : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    QString m_cache;
    QNetworkAccessManager m_nam;
    QList<QByteArray> m_bodies; // everything the server sent, checked for secrets at the end
    const QByteArray m_portfolio =
        "{\"title\":\"Tech\",\"strategies\":[{\"portfolio\":{\"NVDA\":0.5,\"ORCL\":0.5},\"rebalance\":"
        "\"monthly\",\"name\":\"Tech\"}],\n            \"benchmark\":{\"symbol\":\"YHOO\"}}";

    int cli(const QStringList& args, QByteArray* out = nullptr) {
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.start(QStringLiteral(TEARSHEET_CLI), args);
        p.waitForFinished(120000);
        if (out) *out = p.readAllStandardOutput();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    Reply send(const QString& method, const QString& url, const QByteArray& body = {},
               const QByteArray& contentType = "application/json", const QByteArray& token = {}) {
        QNetworkRequest req{QUrl(url)};
        if (!body.isEmpty() || method == QLatin1String("POST"))
            req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        if (!token.isEmpty()) req.setRawHeader("Authorization", "Bearer " + token);
        req.setTransferTimeout(60000);
        QNetworkReply* r = m_nam.sendCustomRequest(req, method.toLatin1(), body);
        QEventLoop loop;
        connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        Reply out = collect(r);
        m_bodies << out.body;
        return out;
    }
    Reply get(const QString& url, const QByteArray& token = {}) {
        return send(QStringLiteral("GET"), url, {}, {}, token);
    }
    Reply post(const QString& url, const QByteArray& body, const QByteArray& token = {}) {
        return send(QStringLiteral("POST"), url, body, "application/json", token);
    }
    void waitReady(Server& s) {
        QElapsedTimer t;
        t.start();
        while (get(s.url(QStringLiteral("/ready"))).status != 200 && t.elapsed() < 20000)
            QTest::qWait(50);
    }
    // Polls a job until it leaves queued/running.
    QJsonObject waitJob(Server& s, const QString& path, const QByteArray& token = {}) {
        QElapsedTimer t;
        t.start();
        QJsonObject o;
        while (t.elapsed() < 60000) {
            o = get(s.url(path), token).json();
            const QString st = o.value(QStringLiteral("status")).toString();
            if (st != QLatin1String("queued") && st != QLatin1String("running")) break;
            QTest::qWait(50);
        }
        return o;
    }
    static void checkError(const Reply& r, int status, const char* code) {
        QCOMPARE(r.status, status);
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        const QJsonObject e = r.json().value(QStringLiteral("error")).toObject();
        QCOMPARE(e.value(QStringLiteral("status")).toInt(), status);
        QCOMPARE(e.value(QStringLiteral("code")).toString(), QString::fromLatin1(code));
        QVERIFY2(!e.value(QStringLiteral("message")).toString().isEmpty(), r.body.constData());
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("HOME"), m_dir.path());
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("cfg")));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("TEARSHEET_FILE_BASE_URL"),
                     QStringLiteral(TEARSHEET_SOURCE_DIR "/data/demo"));
        m_env.insert(QStringLiteral("TEARSHEET_FMP_API_KEY"), QStringLiteral("sekrit-fmp-key-4711"));
        m_env.remove(QStringLiteral("TEARSHEET_API_TOKEN"));
        m_cache = m_dir.filePath(QStringLiteral("cache.sqlite"));
        m_env.insert(QStringLiteral("TEARSHEET_CACHE"), m_cache);
        QCOMPARE(
            cli({QStringLiteral("download"), QStringLiteral("--provider"), QStringLiteral("file"),
                 QStringLiteral("--symbols"), QStringLiteral("NVDA,ORCL,YHOO"), QStringLiteral("--quiet")}),
            0);
    }

    void probesVersionAndMetrics() {
        Server s({}, m_env);
        QVERIFY2(s.port > 0, s.stderrText().constData());
        const Reply h = get(s.url(QStringLiteral("/health")));
        QCOMPARE(h.status, 200);
        QCOMPARE(h.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(h.headers.value("x-content-type-options"), QByteArray("nosniff"));
        QCOMPARE(h.headers.value("x-frame-options"), QByteArray("DENY"));
        QVERIFY(h.headers.value("content-security-policy").contains("default-src 'none'"));
        QCOMPARE(h.headers.value("cache-control"), QByteArray("no-store"));
        waitReady(s);
        QCOMPARE(get(s.url(QStringLiteral("/ready"))).status, 200);
        const QJsonObject v = get(s.url(QStringLiteral("/api/v1/version"))).json();
        QCOMPARE(v.value(QStringLiteral("version")).toString(), QStringLiteral(TEARSHEET_VERSION));
        QVERIFY(v.value(QStringLiteral("providers")).toArray().contains(QStringLiteral("yahoo")));
        const QJsonObject sym = get(s.url(QStringLiteral("/api/v1/symbols"))).json();
        QCOMPARE(sym.value(QStringLiteral("count")).toInt(), 3);
        QCOMPARE(sym.value(QStringLiteral("symbols"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("symbol"))
                     .toString(),
                 QStringLiteral("NVDA"));

        const Reply m = get(s.url(QStringLiteral("/metrics")));
        QCOMPARE(m.status, 200);
        QVERIFY(m.headers.value("content-type").startsWith("text/plain; version=0.0.4"));
        const QString text = QString::fromUtf8(m.body);
        QVERIFY(text.contains(QStringLiteral("# TYPE tearsheet_http_request_duration_seconds histogram")));
        QVERIFY(text.contains(QStringLiteral(
            "tearsheet_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 1")));
        QVERIFY(
            text.contains(QStringLiteral("tearsheet_http_request_duration_seconds_count{route=\"/ready\"}")));
        QVERIFY(text.contains(QStringLiteral("tearsheet_cache_series 3\n")));
        QVERIFY(text.contains(QStringLiteral("tearsheet_jobs_running 0\n")));
        // Every sample line is "name{labels} value" or "name value".
        static const QRegularExpression sample(QStringLiteral("^[a-z_]+(\\{[^}]*\\})? [-+0-9.eInf]+$"));
        for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            if (!line.startsWith(QLatin1Char('#'))) QVERIFY2(sample.match(line).hasMatch(), qPrintable(line));
    }

    void reportsInEveryFormat() {
        Server s({}, m_env);
        QVERIFY(s.port > 0);
        // The same report from the CLI is the reference for the JSON answer.
        QJsonObject one = QJsonDocument::fromJson(m_portfolio).object();
        one.insert(QStringLiteral("name"), QStringLiteral("tech"));
        QFile cfg(m_dir.filePath(QStringLiteral("one.json")));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write(QJsonDocument(QJsonObject{{QStringLiteral("reports"), QJsonArray{one}},
                                            {QStringLiteral("defaults"),
                                             QJsonObject{{QStringLiteral("formats"),
                                                          QJsonArray{QStringLiteral("json")}}}}})
                      .toJson());
        cfg.close();
        const QString outDir = m_dir.filePath(QStringLiteral("cli-out"));
        QCOMPARE(cli({QStringLiteral("report"), QStringLiteral("--config"), cfg.fileName(),
                      QStringLiteral("--out-dir"), outDir}),
                 0);
        QFile ref(outDir + QStringLiteral("/tech.json"));
        QVERIFY2(ref.open(QIODevice::ReadOnly), qPrintable(ref.fileName()));
        const QJsonObject expected = QJsonDocument::fromJson(ref.readAll()).object();

        const Reply j = post(s.url(QStringLiteral("/api/v1/reports?format=json")), m_portfolio);
        QCOMPARE(j.status, 200);
        QCOMPARE(j.headers.value("content-type"), QByteArray("application/json"));
        QVERIFY(!j.headers.value("x-tearsheet-job").isEmpty());
        const QJsonObject got = j.json();
        QVERIFY(!got.value(QStringLiteral("metrics")).toObject().isEmpty());
        QCOMPARE(got.value(QStringLiteral("metrics")), expected.value(QStringLiteral("metrics")));
        QCOMPARE(got.value(QStringLiteral("drawdowns")), expected.value(QStringLiteral("drawdowns")));

        const Reply html = post(s.url(QStringLiteral("/api/v1/reports?format=html")), m_portfolio);
        QCOMPARE(html.status, 200);
        QCOMPARE(html.headers.value("content-type"), QByteArray("text/html; charset=utf-8"));
        QVERIFY(html.body.contains("<svg"));
        QVERIFY(html.body.contains("Tech"));
        QVERIFY(!html.body.contains("http://") || !html.body.contains("<script src"));

        // format in the body works too.
        QByteArray withFormat = m_portfolio;
        withFormat.insert(1, "\"format\":\"pdf\",");
        const Reply pdf = post(s.url(QStringLiteral("/api/v1/reports")), withFormat);
        QCOMPARE(pdf.status, 200);
        QCOMPARE(pdf.headers.value("content-type"), QByteArray("application/pdf"));
        QVERIFY(pdf.body.startsWith("%PDF-"));
        QCOMPARE(pdf.headers.value("content-disposition"), QByteArray("attachment; filename=\"Tech.pdf\""));

        // Inline CSV (prices) instead of a file path.
        QFile prices(QStringLiteral(TEARSHEET_SOURCE_DIR "/data/demo/nvda.csv"));
        QVERIFY(prices.open(QIODevice::ReadOnly));
        const QJsonObject inlineReq{
            {QStringLiteral("strategies"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("NVDA inline")},
                                    {QStringLiteral("csv"), QString::fromUtf8(prices.readAll())},
                                    {QStringLiteral("values"), QStringLiteral("prices")}}}},
            {QStringLiteral("benchmark"), QJsonObject{{QStringLiteral("symbol"), QStringLiteral("ORCL")}}}};
        const Reply in =
            post(s.url(QStringLiteral("/api/v1/reports?format=json")), QJsonDocument(inlineReq).toJson());
        QVERIFY2(in.status == 200, in.body.constData());
        QByteArray cliJson;
        QCOMPARE(cli({QStringLiteral("report"), QStringLiteral("--returns"), prices.fileName(),
                      QStringLiteral("--prices"), QStringLiteral("--name"), QStringLiteral("NVDA inline"),
                      QStringLiteral("--benchmark-symbol"), QStringLiteral("ORCL"), QStringLiteral("--out"),
                      m_dir.filePath(QStringLiteral("inline.json"))}),
                 0);
        QFile inlineRef(m_dir.filePath(QStringLiteral("inline.json")));
        QVERIFY(inlineRef.open(QIODevice::ReadOnly));
        QCOMPARE(in.json().value(QStringLiteral("metrics")),
                 QJsonDocument::fromJson(inlineRef.readAll()).object().value(QStringLiteral("metrics")));
        // The convention: standard unless the request names quantstats, which then gives the values
        // the standard reply listed under other_convention.
        const QJsonObject standard = in.json();
        QCOMPARE(standard[QStringLiteral("parameters")].toObject()[QStringLiteral("convention")].toString(),
                 QStringLiteral("standard"));
        QJsonObject qsReq = inlineReq;
        qsReq.insert(QStringLiteral("convention"), QStringLiteral("quantstats"));
        const Reply qs = post(s.url(QStringLiteral("/api/v1/reports?format=json")), QJsonDocument(qsReq).toJson());
        QVERIFY2(qs.status == 200, qs.body.constData());
        const QJsonObject q = qs.json();
        QCOMPARE(q[QStringLiteral("parameters")].toObject()[QStringLiteral("convention")].toString(),
                 QStringLiteral("quantstats"));
        const QJsonObject differing =
            standard[QStringLiteral("other_convention")].toObject()[QStringLiteral("metrics")].toObject();
        QVERIFY(differing.contains(QStringLiteral("prob_sharpe_ratio")));
        for (const QString& key : differing.keys())
            for (const QString& col : differing[key].toObject().keys())
                QCOMPARE(q[QStringLiteral("metrics")].toObject()[key].toObject()[col],
                         differing[key].toObject()[col]);
        // A Monte Carlo section on request, within the server's limit.
        QJsonObject mcReq = inlineReq;
        mcReq.insert(QStringLiteral("montecarlo"), QJsonObject{{QStringLiteral("sims"), 500}});
        const Reply mc = post(s.url(QStringLiteral("/api/v1/reports?format=json")), QJsonDocument(mcReq).toJson());
        QVERIFY2(mc.status == 200, mc.body.constData());
        const QJsonObject mcJson = mc.json()[QStringLiteral("montecarlo")].toObject();
        QCOMPARE(mcJson[QStringLiteral("sims")].toInt(), 500);
        QCOMPARE(mcJson[QStringLiteral("method")].toString(), QStringLiteral("block"));
        QVERIFY(mcJson[QStringLiteral("maxdd")].toObject()[QStringLiteral("median")].toDouble() < 0);
        QVERIFY(!in.json().contains(QStringLiteral("montecarlo"))); // only when asked
        mcReq.insert(QStringLiteral("montecarlo"),
                     QJsonObject{{QStringLiteral("sims"), 200}, {QStringLiteral("method"), QStringLiteral("shuffle")}});
        const Reply mcHtml = post(s.url(QStringLiteral("/api/v1/reports?format=html")), QJsonDocument(mcReq).toJson());
        QCOMPARE(mcHtml.status, 200);
        QVERIFY(mcHtml.body.contains("id=\"montecarlo\""));
        QVERIFY(mcHtml.body.contains("fixed by construction"));
        mcReq.insert(QStringLiteral("montecarlo"), QJsonObject{{QStringLiteral("sims"), 20000}});
        checkError(post(s.url(QStringLiteral("/api/v1/reports?format=json")), QJsonDocument(mcReq).toJson()), 400,
                   "invalid_report");
        mcReq.insert(QStringLiteral("montecarlo"), QJsonObject{{QStringLiteral("sims"), 100}, {QStringLiteral("seed"), 1}});
        checkError(post(s.url(QStringLiteral("/api/v1/reports?format=json")), QJsonDocument(mcReq).toJson()), 400,
                   "invalid_report");
        qsReq.insert(QStringLiteral("convention"), QStringLiteral("textbook"));
        checkError(post(s.url(QStringLiteral("/api/v1/reports?format=json")), QJsonDocument(qsReq).toJson()), 400,
                   "invalid_report");
    }

    void badRequestsGetClearErrors() {
        Server s({QStringLiteral("--max-body"), QStringLiteral("65536")}, m_env);
        QVERIFY(s.port > 0);
        const QString reports = s.url(QStringLiteral("/api/v1/reports?format=json"));
        checkError(post(reports, "{not json"), 400, "bad_json");
        checkError(post(reports, "[1,2]"), 400, "bad_json");
        checkError(post(reports, "{}"), 400, "invalid_report");
        checkError(post(reports, "{\"strategies\":[{\"returns\":\"/etc/passwd\"}]}"), 400, "invalid_report");
        checkError(post(reports, "{\"strategies\":[{\"prices\":\"../x.csv\"}]}"), 400, "invalid_report");
        checkError(
            post(reports,
                 "{\"defaults\":{\"cache\":\"/tmp/other.sqlite\"},\"strategies\":[{\"symbol\":\"NVDA\"}]}"),
            400, "invalid_report");
        checkError(post(reports, "{\"reports\":[{\"strategies\":[{\"symbol\":\"NVDA\"}]},{\"strategies\":[{"
                                 "\"symbol\":\"ORCL\"}]}]}"),
                   400, "invalid_report");
        checkError(post(reports, "{\"strategies\":[{\"portfolio\":{\"NVDA\":-1}}]}"), 400, "invalid_report");
        checkError(post(reports, "{\"strategies\":[{\"symbol\":\"NVDA\"}],\"rf\":\"lots\"}"), 400,
                   "invalid_report");
        // Typos are reported, not ignored.
        checkError(
            post(reports, "{\"strategies\":[{\"symbol\":\"NVDA\"}],\"benchmrk\":{\"symbol\":\"ORCL\"}}"), 400,
            "invalid_report");
        checkError(post(reports, "{\"strategies\":[{\"symbl\":\"NVDA\"}]}"), 400, "invalid_report");
        checkError(post(s.url(QStringLiteral("/api/v1/reports?format=xml")),
                        "{\"strategies\":[{\"symbol\":\"NVDA\"}]}"),
                   400, "bad_request");
        checkError(post(s.url(QStringLiteral("/api/v1/reports?async=maybe")),
                        "{\"strategies\":[{\"symbol\":\"NVDA\"}]}"),
                   400, "bad_request");
        checkError(send(QStringLiteral("POST"), reports, "x", "text/plain"), 415, "unsupported_media_type");
        // Unknown symbol: the request is well-formed, the data is missing; no server path in the message.
        const Reply unknown = post(reports, "{\"strategies\":[{\"symbol\":\"NOPE\"}]}");
        checkError(unknown, 422, "report_failed");
        QVERIFY(unknown.body.contains("NOPE"));
        QVERIFY2(!unknown.body.contains(m_cache.toUtf8()) && !unknown.body.contains("/tmp"),
                 unknown.body.constData());
        checkError(get(s.url(QStringLiteral("/nope"))), 404, "not_found");
        const Reply wrongMethod = send(QStringLiteral("DELETE"), s.url(QStringLiteral("/health")));
        checkError(wrongMethod, 405, "method_not_allowed");
        QCOMPARE(wrongMethod.headers.value("allow"), QByteArray("GET, HEAD"));
        checkError(get(s.url(QStringLiteral("/api/v1/reports/../../etc/passwd"))), 404, "not_found");
        checkError(get(s.url(QStringLiteral("/api/v1/reports/0123456789abcdef0123456789abcdef"))), 404,
                   "not_found");
        checkError(post(s.url(QStringLiteral("/api/v1/download")), "{\"symbols\":[\"../../etc\"]}"), 400,
                   "invalid_download");
        checkError(post(s.url(QStringLiteral("/api/v1/download")),
                        "{\"symbols\":[\"NVDA\"],\"providers\":[\"nope\"]}"),
                   400, "invalid_download");
        // A body over --max-body is refused from its Content-Length, before it is read.
        QByteArray big =
            "{\"strategies\":[{\"symbol\":\"NVDA\"}],\"pad\":\"" + QByteArray(100000, 'a') + "\"}";
        checkError(post(reports, big), 413, "payload_too_large");
        // The server is still fine afterwards.
        QCOMPARE(get(s.url(QStringLiteral("/health"))).status, 200);
    }

    void headerLimitChunkedBodiesAndOneLength() {
        Server s({}, m_env);
        QVERIFY(s.port > 0);
        auto raw = [&](const QByteArray& request) {
            QTcpSocket sock;
            sock.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(s.port));
            if (!sock.waitForConnected(5000)) return QByteArray();
            sock.write(request);
            QByteArray got;
            QElapsedTimer t;
            t.start();
            while (t.elapsed() < 10000 && sock.state() == QAbstractSocket::ConnectedState &&
                   !got.contains("}")) {
                sock.waitForReadyRead(200);
                got += sock.readAll();
            }
            return got;
        };
        // A chunked body is read like any other (and bounded by --max-body the same way).
        const QByteArray report = "{\"strategies\":[{\"symbol\":\"NVDA\"}]}";
        const QByteArray chunked =
            raw("POST /api/v1/reports?format=json HTTP/1.1\r\nHost: x\r\nContent-Type: "
                "application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                QByteArray::number(report.size(), 16) + "\r\n" + report + "\r\n0\r\n\r\n");
        QVERIFY2(chunked.startsWith("HTTP/1.1 200"), chunked.left(200).constData());
        Server small({QStringLiteral("--max-body"), QStringLiteral("1000")}, m_env);
        QVERIFY(small.port > 0);
        QTcpSocket big;
        big.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(small.port));
        QVERIFY(big.waitForConnected(5000));
        big.write("POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 4; ++i)
            big.write("200\r\n" + QByteArray(512, ' ') + "\r\n");
        big.write("0\r\n\r\n");
        QByteArray got;
        for (int i = 0; i < 50 && !got.contains("}"); ++i) {
            big.waitForReadyRead(100);
            got += big.readAll();
        }
        QVERIFY2(got.startsWith("HTTP/1.1 413"), got.left(200).constData());
        // Two lengths are how requests are smuggled: refused before any body is read.
        for (const QByteArray& lengths :
             {QByteArray("Content-Length: 5\r\nContent-Length: 5\r\n"),
              QByteArray("Content-Length: 5\r\nContent-Length: 200000000\r\n"),
              QByteArray("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n")}) {
            const QByteArray answer = raw("POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                          "application/json\r\n" +
                                          lengths + "\r\nhello");
            QVERIFY2(answer.startsWith("HTTP/1.1 400"), (lengths + answer.left(200)).constData());
        }
        QVERIFY(raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(40000, 'b') + "\r\n\r\n")
                    .startsWith("HTTP/1.1 431"));
        QVERIFY(raw("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 200"));
    }

    void asyncJobs() {
        Server s({}, m_env);
        QVERIFY(s.port > 0);
        const Reply a = post(s.url(QStringLiteral("/api/v1/reports?format=pdf&async=true")), m_portfolio);
        QCOMPARE(a.status, 202);
        const QString id = a.json().value(QStringLiteral("id")).toString();
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(id).hasMatch());
        QCOMPARE(a.headers.value("location"), ("/api/v1/reports/" + id).toLatin1());
        const QJsonObject st = waitJob(s, QStringLiteral("/api/v1/reports/") + id);
        QCOMPARE(st.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        QCOMPARE(st.value(QStringLiteral("links")).toObject().value(QStringLiteral("result")).toString(),
                 QStringLiteral("/api/v1/reports/%1/result").arg(id));
        QVERIFY(st.value(QStringLiteral("seconds")).toDouble() > 0);
        const Reply r = get(s.url(QStringLiteral("/api/v1/reports/%1/result").arg(id)));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.startsWith("%PDF-"));
        checkError(send(QStringLiteral("DELETE"), s.url(QStringLiteral("/api/v1/reports/") + id)), 409,
                   "already_finished");
        // A failing async job reports its error in the status, and its result says why.
        const Reply bad = post(s.url(QStringLiteral("/api/v1/reports?format=json&async=true")),
                               "{\"strategies\":[{\"symbol\":\"NOPE\"}]}");
        QCOMPARE(bad.status, 202);
        const QString badId = bad.json().value(QStringLiteral("id")).toString();
        const QJsonObject badSt = waitJob(s, QStringLiteral("/api/v1/reports/") + badId);
        QCOMPARE(badSt.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QVERIFY(badSt.value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("NOPE")));
        checkError(get(s.url(QStringLiteral("/api/v1/reports/%1/result").arg(badId))), 422, "report_failed");
        // Downloads are addressed under /downloads, reports under /reports.
        checkError(get(s.url(QStringLiteral("/api/v1/downloads/") + id)), 404, "not_found");
    }

    void fullQueueAnswers503WithRetryAfter() {
        Server s({QStringLiteral("--workers"), QStringLiteral("1"), QStringLiteral("--queue"),
                  QStringLiteral("1")},
                 m_env);
        QVERIFY(s.port > 0);
        waitReady(s);
        // Eight clients at once (one connection each): one runs, one waits, the rest are refused.
        std::vector<std::unique_ptr<QNetworkAccessManager>> nams;
        std::vector<QNetworkReply*> replies;
        for (int i = 0; i < 8; ++i) {
            nams.push_back(std::make_unique<QNetworkAccessManager>());
            QNetworkRequest req{QUrl(s.url(QStringLiteral("/api/v1/reports?format=pdf")))};
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
            req.setTransferTimeout(60000);
            replies.push_back(nams.back()->post(req, m_portfolio));
        }
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 90000 &&
               std::any_of(replies.begin(), replies.end(), [](QNetworkReply* r) { return !r->isFinished(); }))
            QTest::qWait(20);
        int ok = 0, busy = 0;
        for (QNetworkReply* r : replies) {
            QVERIFY2(r->isFinished(), "a request was left hanging");
            const Reply x = collect(r);
            if (x.status == 200) {
                QVERIFY(x.body.startsWith("%PDF-"));
                ++ok;
            } else {
                checkError(x, 503, "busy");
                QVERIFY(x.headers.value("retry-after").toInt() >= 1);
                ++busy;
            }
        }
        QCOMPARE(ok + busy, 8);
        QVERIFY2(ok >= 2 && busy >= 1, qPrintable(QStringLiteral("%1 served, %2 refused").arg(ok).arg(busy)));
        const QString metrics = QString::fromUtf8(get(s.url(QStringLiteral("/metrics"))).body);
        QVERIFY(
            metrics.contains(QStringLiteral("tearsheet_jobs_rejected_total{kind=\"report\"} %1").arg(busy)));
        QVERIFY(metrics.contains(
            QStringLiteral("tearsheet_jobs_total{kind=\"report\",state=\"done\"} %1").arg(ok)));
    }

    void healthAnswersWhileJobsRun() {
        Server s({QStringLiteral("--workers"), QStringLiteral("1")}, m_env);
        QVERIFY(s.port > 0);
        QStringList ids;
        for (int i = 0; i < 4; ++i)
            ids << post(s.url(QStringLiteral("/api/v1/reports?format=pdf&async=true")), m_portfolio)
                       .json()
                       .value(QStringLiteral("id"))
                       .toString();
        // While work is queued and running, the probes answer from the server thread.
        const QJsonObject ready = get(s.url(QStringLiteral("/ready"))).json();
        QCOMPARE(get(s.url(QStringLiteral("/health"))).status, 200);
        QVERIFY2(ready.value(QStringLiteral("queued")).toInt() +
                         ready.value(QStringLiteral("running")).toInt() >
                     0,
                 QJsonDocument(ready).toJson().constData());
        for (const QString& id : ids)
            QCOMPARE(waitJob(s, QStringLiteral("/api/v1/reports/") + id)
                         .value(QStringLiteral("status"))
                         .toString(),
                     QStringLiteral("done"));
    }

    void jobTimeLimit() {
        Server s({QStringLiteral("--job-timeout"), QStringLiteral("0.005")}, m_env);
        QVERIFY(s.port > 0);
        const Reply r = post(s.url(QStringLiteral("/api/v1/reports?format=pdf")), m_portfolio);
        checkError(r, 504, "timed_out");
        QVERIFY(get(s.url(QStringLiteral("/metrics"))).body.contains("state=\"timed_out\"} 1"));
    }

    void tokenRequiredOffLoopback() {
        {
            QProcess p;
            p.setProcessEnvironment(m_env);
            p.start(QStringLiteral(TEARSHEET_CLI),
                    {QStringLiteral("serve"), QStringLiteral("--bind"), QStringLiteral("0.0.0.0"),
                     QStringLiteral("--port"), QStringLiteral("0")});
            QVERIFY(p.waitForFinished(20000));
            QCOMPARE(p.exitCode(), 2);
            QVERIFY(p.readAllStandardError().contains("TEARSHEET_API_TOKEN"));
        }
        QProcessEnvironment env = m_env;
        env.insert(QStringLiteral("TEARSHEET_API_TOKEN"), QStringLiteral("t0ken-for-tests"));
        env.insert(QStringLiteral("TEARSHEET_BIND"), QStringLiteral("0.0.0.0"));
        Server s({}, env);
        QVERIFY2(s.port > 0, s.stderrText().constData());
        QCOMPARE(get(s.url(QStringLiteral("/health"))).status, 200);
        const Reply no = get(s.url(QStringLiteral("/api/v1/version")));
        checkError(no, 401, "unauthorized");
        QVERIFY(no.headers.value("www-authenticate").startsWith("Bearer"));
        checkError(get(s.url(QStringLiteral("/api/v1/version")), "wrong-token"), 401, "unauthorized");
        checkError(get(s.url(QStringLiteral("/metrics"))), 401, "unauthorized");
        checkError(post(s.url(QStringLiteral("/api/v1/reports")), m_portfolio), 401, "unauthorized");
        QCOMPARE(get(s.url(QStringLiteral("/api/v1/version")), "t0ken-for-tests").status, 200);
        QCOMPARE(get(s.url(QStringLiteral("/metrics")), "t0ken-for-tests").status, 200);
    }

    void downloadJobFillsTheCache() {
        // Market data from the loopback provider mock (Yahoo's format); the `file` provider reads
        // the server's own files and is never offered to requests.
        QProcess mock;
        mock.start(QStringLiteral(TEARSHEET_PYTHON), {QStringLiteral(TEARSHEET_MOCK_SERVER)});
        QByteArray line;
        for (int i = 0; i < 100 && !line.contains('\n'); ++i) {
            mock.waitForReadyRead(100);
            line += mock.readAllStandardOutput();
        }
        QVERIFY2(line.startsWith("PORT "), line.constData());
        QProcessEnvironment env = m_env;
        env.insert(QStringLiteral("TEARSHEET_CACHE"), m_dir.filePath(QStringLiteral("fresh.sqlite")));
        env.insert(QStringLiteral("TEARSHEET_YAHOO_BASE_URL"),
                   QStringLiteral("http://127.0.0.1:") + QString::fromLatin1(line.mid(5).trimmed()));
        Server s({}, env);
        QVERIFY(s.port > 0);
        waitReady(s);
        QCOMPARE(get(s.url(QStringLiteral("/api/v1/symbols"))).json().value(QStringLiteral("count")).toInt(),
                 0);
        checkError(post(s.url(QStringLiteral("/api/v1/download")),
                        "{\"symbols\":[\"ORCL\"],\"providers\":[\"file\"]}"),
                   400, "invalid_download");
        const Reply d = post(s.url(QStringLiteral("/api/v1/download")),
                             "{\"symbols\":[\"ORCL\",\"NOTFOUNDX\"],\"providers\":[\"yahoo\"]}");
        QCOMPARE(d.status, 202);
        const QString id = d.json().value(QStringLiteral("id")).toString();
        const QJsonObject st = waitJob(s, QStringLiteral("/api/v1/downloads/") + id);
        QCOMPARE(st.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        const QJsonArray outcomes =
            st.value(QStringLiteral("result")).toObject().value(QStringLiteral("symbols")).toArray();
        QCOMPARE(outcomes.size(), 2);
        QCOMPARE(outcomes[0].toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("updated"));
        const int bars = outcomes[0].toObject().value(QStringLiteral("bars_added")).toInt();
        QVERIFY(bars > 0);
        QCOMPARE(outcomes[1].toObject().value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        const QJsonArray syms =
            get(s.url(QStringLiteral("/api/v1/symbols"))).json().value(QStringLiteral("symbols")).toArray();
        QCOMPARE(syms.size(), 1);
        QCOMPARE(syms[0].toObject().value(QStringLiteral("symbol")).toString(), QStringLiteral("ORCL"));
        QCOMPARE(syms[0].toObject().value(QStringLiteral("bars")).toInt(), bars);
        const QString metrics = QString::fromUtf8(get(s.url(QStringLiteral("/metrics"))).body);
        QVERIFY(metrics.contains(QStringLiteral("tearsheet_download_symbols_total{status=\"updated\"} 1")));
        QVERIFY(metrics.contains(QStringLiteral("tearsheet_provider_errors_total{provider=\"yahoo\"} 1")));
        // A report on what was just downloaded.
        QCOMPARE(post(s.url(QStringLiteral("/api/v1/reports?format=json")),
                      "{\"strategies\":[{\"symbol\":\"ORCL\"}]}")
                     .status,
                 200);
    }

    void clientThatLeavesCancelsItsJob() {
        Server s({QStringLiteral("--workers"), QStringLiteral("1")}, m_env);
        QVERIFY(s.port > 0);
        waitReady(s);
        {
            QTcpSocket sock;
            sock.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(s.port));
            QVERIFY(sock.waitForConnected(5000));
            sock.write(
                "POST /api/v1/reports?format=pdf HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: " +
                QByteArray::number(m_portfolio.size()) + "\r\n\r\n" + m_portfolio);
            QVERIFY(sock.waitForBytesWritten(5000));
            QTest::qWait(50); // the job has started (a PDF takes about a second)
            sock.abort();
        }
        // The server notices the closed connection while the report renders and cancels it.
        QString metrics;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 20000) {
            metrics = QString::fromUtf8(get(s.url(QStringLiteral("/metrics"))).body);
            if (metrics.contains(
                    QStringLiteral("tearsheet_jobs_total{kind=\"report\",state=\"cancelled\"} 1")))
                break;
            QTest::qWait(100);
        }
        QVERIFY2(
            metrics.contains(QStringLiteral("tearsheet_jobs_total{kind=\"report\",state=\"cancelled\"} 1")),
            qPrintable(metrics));
        QVERIFY(!metrics.contains(QStringLiteral("state=\"done\"")));
        QCOMPARE(get(s.url(QStringLiteral("/health"))).status, 200);
    }

    void sigtermFinishesWorkThenStops() {
        Server s({QStringLiteral("--workers"), QStringLiteral("1")}, m_env);
        QVERIFY(s.port > 0);
        waitReady(s);
        // A request in flight when SIGTERM arrives is still answered in full.
        QNetworkRequest req{QUrl(s.url(QStringLiteral("/api/v1/reports?format=pdf")))};
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply* inFlight = m_nam.post(req, m_portfolio);
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 20000 &&
               !get(s.url(QStringLiteral("/metrics"))).body.contains("tearsheet_jobs_running 1\n"))
            QTest::qWait(5);
        ::kill(static_cast<pid_t>(s.process().processId()), SIGTERM);
        QVERIFY(s.process().waitForFinished(30000));
        QCOMPARE(s.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(s.process().exitCode(), 0);
        while (!inFlight->isFinished() && t.elapsed() < 40000)
            QTest::qWait(10);
        const Reply r = collect(inFlight);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.startsWith("%PDF-"));
        QVERIFY(s.stderrText().contains("stopped"));
        // Nothing listens any more.
        QTcpSocket sock;
        sock.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(s.port));
        QVERIFY(!sock.waitForConnected(1000));
    }

    void cleanupTestCase() {
        // Keys from the settings never reach a client.
        for (const QByteArray& b : m_bodies)
            QVERIFY(!b.contains("sekrit-fmp-key"));
        QVERIFY(m_bodies.size() > 50);
    }
};

QTEST_GUILESS_MAIN(TestServe)
#include "test_serve.moc"
