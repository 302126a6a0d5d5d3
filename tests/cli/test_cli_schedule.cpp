// `schedule` as an operator runs it: one run refreshes the cache and renders the batch with a run
// log, a second run is incremental, mistakes are refused at start, and the long-running mode runs
// on startup, waits for the next cron time and stops cleanly on SIGTERM.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <signal.h>

class TestCliSchedule : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    QString m_config;

    struct Run {
        int code = -1;
        QString err;
    };
    Run cli(const QStringList& args, const QProcessEnvironment& env) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TEARSHEET_CLI), args);
        p.waitForFinished(120000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardError())};
    }
    QList<QJsonObject> logLines(const QString& outDir) {
        QFile f(QDir(outDir).filePath(QStringLiteral("schedule-log.jsonl")));
        QList<QJsonObject> out;
        if (!f.open(QIODevice::ReadOnly)) return out;
        for (const QByteArray& line : f.readAll().split('\n'))
            if (!line.isEmpty()) out << QJsonDocument::fromJson(line).object();
        return out;
    }

private slots:
    void initTestCase() {
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("HOME"), m_dir.path());
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("cfg")));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("TEARSHEET_FILE_BASE_URL"),
                     QStringLiteral(TEARSHEET_SOURCE_DIR "/data/demo"));
        m_env.insert(QStringLiteral("TEARSHEET_PROVIDERS"), QStringLiteral("file"));
        m_env.insert(QStringLiteral("TEARSHEET_CACHE"), m_dir.filePath(QStringLiteral("cache.sqlite")));
        m_env.remove(QStringLiteral("TEARSHEET_SCHEDULE"));
        m_env.remove(QStringLiteral("TEARSHEET_RUN_ON_STARTUP"));
        m_config = m_dir.filePath(QStringLiteral("reports.json"));
        QFile f(m_config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"defaults\": {\"formats\": [\"html\", \"json\"]},\n"
                " \"reports\": [{\"name\": \"tech\", \"strategies\": [{\"portfolio\": {\"NVDA\": 0.5, "
                "\"ORCL\": 0.5},"
                " \"rebalance\": \"monthly\"}], \"benchmark\": {\"symbol\": \"YHOO\"}},\n"
                "             {\"name\": \"missing\", \"strategies\": [{\"symbol\": \"NOPE\"}]}]}\n");
    }

    void refusedShrinkIsLogged() {
        // The provider re-adjusts and now offers only the last 100 days of NVDA: the scheduled run
        // keeps the stored history and says so in its log.
        QTemporaryDir prices;
        for (const char* n : {"nvda.csv", "orcl.csv", "yhoo.csv"})
            QVERIFY(QFile::copy(QStringLiteral(TEARSHEET_SOURCE_DIR "/data/demo/") + QString::fromLatin1(n),
                                prices.filePath(QString::fromLatin1(n))));
        QProcessEnvironment env = m_env;
        env.insert(QStringLiteral("TEARSHEET_FILE_BASE_URL"), prices.path());
        env.insert(QStringLiteral("TEARSHEET_CACHE"), prices.filePath(QStringLiteral("cache.sqlite")));
        const QString out = prices.filePath(QStringLiteral("out"));
        const QStringList args{QStringLiteral("schedule"),  QStringLiteral("--once"),
                               QStringLiteral("--config"),  m_config,
                               QStringLiteral("--out-dir"), out};
        QCOMPARE(cli(args, env).code, 3); // the "missing" report fails, as above
        QFile nvda(prices.filePath(QStringLiteral("nvda.csv")));
        QVERIFY(nvda.open(QIODevice::ReadOnly));
        QList<QByteArray> lines = nvda.readAll().split('\n');
        nvda.close();
        while (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
        QByteArray shorter = lines.first() + '\n';
        for (qsizetype i = lines.size() - 100; i < lines.size(); ++i) {
            QList<QByteArray> f = lines[i].split(',');
            f[5] = QByteArray::number(f[5].toDouble() * 2, 'f', 6); // Adj Close re-adjusted
            shorter += f.join(',') + '\n';
        }
        QVERIFY(nvda.open(QIODevice::WriteOnly | QIODevice::Truncate));
        nvda.write(shorter);
        nvda.close();
        cli(args, env);
        const auto log = logLines(out);
        QCOMPARE(log.size(), 2);
        const QJsonArray refused =
            log[1].value(QStringLiteral("download")).toObject().value(QStringLiteral("refused")).toArray();
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused[0].toObject().value(QStringLiteral("symbol")).toString(), QStringLiteral("NVDA"));
        QVERIFY2(refused[0]
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toString()
                     .contains(QStringLiteral("kept")),
                 qPrintable(refused[0].toObject().value(QStringLiteral("message")).toString()));
    }

    void onceRefreshesRendersAndLogs() {
        const QString out = m_dir.filePath(QStringLiteral("once"));
        const QStringList args{QStringLiteral("schedule"),  QStringLiteral("--once"),
                               QStringLiteral("--config"),  m_config,
                               QStringLiteral("--out-dir"), out};
        const Run r = cli(args, m_env);
        QCOMPARE(r.code, 3); // one report written, one failed
        QVERIFY(r.err.contains(QStringLiteral("run partial")));
        // Only whole files: the reports, the log and the last-run summary (no temporaries).
        QDir d(out);
        QCOMPARE(d.entryList(QDir::Files, QDir::Name),
                 QStringList({QStringLiteral("last-run.json"), QStringLiteral("schedule-log.jsonl"),
                              QStringLiteral("tech.html"), QStringLiteral("tech.json")}));
        QFile json(d.filePath(QStringLiteral("tech.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QVERIFY(!QJsonDocument::fromJson(json.readAll())
                     .object()
                     .value(QStringLiteral("metrics"))
                     .toObject()
                     .isEmpty());

        auto lines = logLines(out);
        QCOMPARE(lines.size(), 1);
        const QJsonObject run = lines[0];
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("partial"));
        QCOMPARE(run.value(QStringLiteral("written")).toInt(), 1);
        QCOMPARE(run.value(QStringLiteral("failed")).toInt(), 1);
        const QJsonObject dl = run.value(QStringLiteral("download")).toObject();
        QCOMPARE(dl.value(QStringLiteral("symbols")).toInt(), 4); // NVDA ORCL YHOO NOPE
        QCOMPARE(dl.value(QStringLiteral("updated")).toInt(), 3);
        QCOMPARE(dl.value(QStringLiteral("failed"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("symbol"))
                     .toString(),
                 QStringLiteral("NOPE"));
        const QJsonArray reports = run.value(QStringLiteral("reports")).toArray();
        QCOMPARE(reports.size(), 2);
        QCOMPARE(reports[0].toObject().value(QStringLiteral("files")).toArray().size(), 2);
        QVERIFY(
            reports[1].toObject().value(QStringLiteral("error")).toString().contains(QStringLiteral("NOPE")));

        // The second run finds the cache current and appends to the log.
        QCOMPARE(cli(args, m_env).code, 3);
        lines = logLines(out);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(
            lines[1].value(QStringLiteral("download")).toObject().value(QStringLiteral("up_to_date")).toInt(),
            3);
        QFile last(d.filePath(QStringLiteral("last-run.json")));
        QVERIFY(last.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(last.readAll()).object().value(QStringLiteral("started")),
                 lines[1].value(QStringLiteral("started")));
    }

    void mistakesAreRefusedAtStart() {
        const QString out = m_dir.filePath(QStringLiteral("bad"));
        Run r = cli({QStringLiteral("schedule"), QStringLiteral("--cron"), QStringLiteral("0 7 * *"),
                     QStringLiteral("--config"), m_config, QStringLiteral("--out-dir"), out},
                    m_env);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("5 fields")));
        r = cli({QStringLiteral("schedule"), QStringLiteral("--config"), m_config,
                 QStringLiteral("--out-dir"), out},
                m_env);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("--cron")));
        r = cli({QStringLiteral("schedule"), QStringLiteral("--cron"), QStringLiteral("@daily"),
                 QStringLiteral("--config"), QStringLiteral(TEARSHEET_SOURCE_DIR "/README.md"),
                 QStringLiteral("--out-dir"), out},
                m_env);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("not a JSON object")));
    }

    void runsOnStartupWaitsAndStopsOnSigterm() {
        const QString out = m_dir.filePath(QStringLiteral("daemon"));
        QProcessEnvironment env = m_env;
        env.insert(QStringLiteral("TEARSHEET_SCHEDULE"), QStringLiteral("0 7 * * 1-5"));
        env.insert(QStringLiteral("TEARSHEET_RUN_ON_STARTUP"), QStringLiteral("true"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TEARSHEET_CLI), {QStringLiteral("schedule"), QStringLiteral("--config"),
                                                m_config, QStringLiteral("--out-dir"), out});
        QByteArray err;
        QElapsedTimer t;
        t.start();
        while (!err.contains("next run") && t.elapsed() < 60000 && p.state() != QProcess::NotRunning) {
            p.waitForReadyRead(200);
            err += p.readAllStandardError();
        }
        QVERIFY2(err.contains("next run"), err.constData());
        QVERIFY(err.contains("T07:00:00"));
        QCOMPARE(logLines(out).size(), 1);
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardError().contains("stopped"));
        QCOMPARE(logLines(out).size(), 1);
        QVERIFY(
            logLines(out)[0].value(QStringLiteral("next")).toString().contains(QStringLiteral("T07:00:00")));
    }
};

QTEST_GUILESS_MAIN(TestCliSchedule)
#include "test_cli_schedule.moc"
