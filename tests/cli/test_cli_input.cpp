// Hostile input through tearsheet-cli (issue 13): every case is bad input, so exit 2 with a clear,
// short message, never 0 (accepted) or 1 (an internal error).

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "cli_run.h"

class TestCliInput : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString write(const QString& name, const QByteArray& bytes) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write a fixture");
        return path;
    }
    QString reportConfig(const QString& name, const QJsonValue& reportName) {
        const QString returns =
            write(name + QStringLiteral(".csv"), "date,r\n2020-01-02,0.01\n2020-01-03,0.02\n"
                                                 "2020-01-06,-0.01\n");
        QJsonObject report{
            {QStringLiteral("strategies"), QJsonArray{QJsonObject{{QStringLiteral("returns"), returns}}}},
            {QStringLiteral("formats"), QJsonArray{QStringLiteral("json")}}};
        if (!reportName.isUndefined()) report.insert(QStringLiteral("name"), reportName);
        return write(name + QStringLiteral(".json"),
                     QJsonDocument(QJsonObject{{QStringLiteral("reports"), QJsonArray{report}}}).toJson());
    }
    void expectBadInput(const QStringList& args, const QString& message) {
        const Run r = cli(args);
        QVERIFY2(r.code == 2, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.err.left(300))));
        QVERIFY2(r.err.contains(message), qPrintable(r.err.left(300)));
        QVERIFY2(r.err.size() < 400, qPrintable(QStringLiteral("%1 characters of stderr").arg(r.err.size())));
    }

private slots:
    void metricsRefusesHostileCsv_data() {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("message");
        QTest::newRow("negative year")
            << QByteArray("date,r\n-001-01-01,0.01\n2020-01-02,0.02\n2020-01-03,0.01\n")
            << ":2: date \"-001-01-01\": year -1 is outside the supported years 1-9999";
        QTest::newRow("us negative year") << QByteArray("date,r\n1/2/-020,0.01\n2020-01-02,0.02\n")
                                          << "year -20 is outside the supported years 1-9999";
        QTest::newRow("1e400") << QByteArray("date,r\n2020-01-02,1e400\n2020-01-03,0.02\n")
                               << "value \"1e400\" is out of the range of a double";
        QTest::newRow("return overflow")
            << QByteArray("date,r\n2020-01-01,0.01\n2020-01-02,0.01\n2020-01-03,0.031e308\n")
            << "gives a return too large to represent";
        QTest::newRow("utf-16") << QByteArray("\xFF\xFE"
                                              "d\0a\0t\0e\0,\0r\0\n\0",
                                              16)
                                << "UTF-16 is not supported; save as UTF-8";
        QTest::newRow("nul") << QByteArray("date,r\n2020-01-02,0.1\0\n2020-01-03,0.2\n", 38)
                             << "NUL byte at line 2";
        QTest::newRow("wide header") << "date," + QByteArray("x,").repeated(50000) + "y\n2020-01-02,1\n"
                                     << "more than 1000 columns";
        QTest::newRow("long line") << "date,r\n2020-01-02" + QByteArray(3 << 20, ',') + "\n"
                                   << "the line is longer than 1048576 bytes";
    }
    void metricsRefusesHostileCsv() {
        QFETCH(QByteArray, csv);
        QFETCH(QString, message);
        const QString path = write(QStringLiteral("hostile.csv"), csv);
        expectBadInput({QStringLiteral("metrics"), QStringLiteral("--returns"), path}, message);
    }

    void scheduleRefusesACronStepThatOverflows() {
        const QString config = reportConfig(QStringLiteral("cron"), QStringLiteral("r"));
        expectBadInput({QStringLiteral("schedule"), QStringLiteral("--cron"),
                        QStringLiteral("*/2147483647 * * * *"), QStringLiteral("--config"), config,
                        QStringLiteral("--out-dir"), m_dir.filePath(QStringLiteral("out"))},
                       QStringLiteral("the step must be a number from 1 to 60"));
    }

    void screenRefusesDeepNesting() {
        const QString deep =
            QStringLiteral("(").repeated(500) + QStringLiteral("pe < 1") + QStringLiteral(")").repeated(500);
        expectBadInput({QStringLiteral("fundamentals"), QStringLiteral("screen"), QStringLiteral("--where"),
                        deep, QStringLiteral("--symbols"), QStringLiteral("AAPL")},
                       QStringLiteral("too deeply nested"));
    }

    void reportConfigNames_data() {
        QTest::addColumn<QJsonValue>("name");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QJsonValue(QString()) << "report 1: the name is empty";
        QTest::newRow("long") << QJsonValue(QString(1 << 20, QLatin1Char('n')))
                              << "the name is longer than 200 characters";
        QTest::newRow("invisible") << QJsonValue(QStringLiteral("a\u200bb"))
                                   << "\"a\\u200bb\" contains control characters";
    }
    void reportConfigNames() {
        QFETCH(QJsonValue, name);
        QFETCH(QString, message);
        const QString config = reportConfig(QStringLiteral("named"), name);
        const QString out = m_dir.filePath(QStringLiteral("batch"));
        expectBadInput(
            {QStringLiteral("report"), QStringLiteral("--config"), config, QStringLiteral("--out-dir"), out},
            message);
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral(".json"))));
        QVERIFY(!QFileInfo::exists(out + QStringLiteral("/.json")));
    }

    void downloadRefusesHostileSymbolFiles_data() {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("utf-16") << QByteArray("\xFF\xFE"
                                              "A\0A\0P\0L\0",
                                              10)
                                << "UTF-16 is not supported; save as UTF-8";
        QTest::newRow("long symbol") << QByteArray(100000, 'A') + "\n"
                                     << "symbol: the name is longer than 200 characters";
    }
    void downloadRefusesHostileSymbolFiles() {
        QFETCH(QByteArray, file);
        QFETCH(QString, message);
        const QString path = write(QStringLiteral("symbols.txt"), file);
        expectBadInput({QStringLiteral("download"), QStringLiteral("--symbols-file"), path,
                        QStringLiteral("--cache"), m_dir.filePath(QStringLiteral("c.sqlite"))},
                       message);
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("c.sqlite"))));
    }

    void reportConfigTooLargeIsRefusedUnread() {
        const QString path = m_dir.filePath(QStringLiteral("huge.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(qint64(1) << 30)); // 1 GiB, sparse: the size alone refuses it
        f.close();
        expectBadInput({QStringLiteral("report"), QStringLiteral("--config"), path,
                        QStringLiteral("--out-dir"), m_dir.filePath(QStringLiteral("batch"))},
                       QStringLiteral("the limit for a report config"));
        QFile::remove(path);
    }
};

QTEST_GUILESS_MAIN(TestCliInput)
#include "test_cli_input.moc"
