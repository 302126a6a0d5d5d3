// Cron expressions: parsing (and the errors users see), matching, and the next run after a time,
// including day-of-month/day-of-week "or" semantics, steps, names, month ends and leap days.

#include "schedule/cron.h"

#include <QTest>
#include <QTimeZone>

using ts::CronSchedule;

class TestCron : public QObject {
    Q_OBJECT

    static QDateTime utc(const char* iso) {
        return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
    }

private slots:
    void next_data() {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QString>("expected");
        // 2026-11-20 is a Friday.
        QTest::newRow("weekdays 07:00, from Friday evening") << "0 7 * * 1-5"
                                                             << "2026-11-20T18:00:00Z"
                                                             << "2026-11-23T07:00:00Z";
        QTest::newRow("weekdays 07:00, same morning") << "0 7 * * 1-5"
                                                      << "2026-11-23T06:59:30Z"
                                                      << "2026-11-23T07:00:00Z";
        QTest::newRow("strictly after") << "0 7 * * 1-5"
                                        << "2026-11-23T07:00:00Z"
                                        << "2026-11-24T07:00:00Z";
        QTest::newRow("every 15 min") << "*/15 * * * *"
                                      << "2026-11-23T10:07:10Z"
                                      << "2026-11-23T10:15:00Z";
        QTest::newRow("hour rollover") << "*/15 * * * *"
                                       << "2026-11-23T10:50:00Z"
                                       << "2026-11-23T11:00:00Z";
        QTest::newRow("list and range") << "5,35 9-10 * * *"
                                        << "2026-11-23T09:40:00Z"
                                        << "2026-11-23T10:05:00Z";
        QTest::newRow("names") << "30 18 * JAN,JUL MON"
                               << "2026-11-23T00:00:00Z"
                               << "2027-01-04T18:30:00Z";
        QTest::newRow("sunday as 7") << "0 0 * * 7"
                                     << "2026-11-23T00:00:00Z"
                                     << "2026-11-29T00:00:00Z";
        QTest::newRow("dom or dow") << "0 12 1 * FRI"
                                    << "2026-11-23T00:00:00Z"
                                    << "2026-11-27T12:00:00Z";
        QTest::newRow("dom or dow, first") << "0 12 1 * FRI"
                                           << "2026-11-28T00:00:00Z"
                                           << "2026-12-01T12:00:00Z";
        QTest::newRow("31st skips short months") << "0 0 31 * *"
                                                 << "2026-11-01T00:00:00Z"
                                                 << "2026-12-31T00:00:00Z";
        QTest::newRow("leap day") << "0 0 29 2 *"
                                  << "2026-03-01T00:00:00Z"
                                  << "2028-02-29T00:00:00Z";
        QTest::newRow("@daily") << "@daily"
                                << "2026-11-23T00:00:00Z"
                                << "2026-11-24T00:00:00Z";
        QTest::newRow("@monthly") << "@monthly"
                                  << "2026-12-15T00:00:00Z"
                                  << "2027-01-01T00:00:00Z";
        QTest::newRow("step from a start") << "10/20 * * * *"
                                           << "2026-11-23T10:31:00Z"
                                           << "2026-11-23T10:50:00Z";
    }
    void next() {
        QFETCH(QString, expr);
        QFETCH(QString, after);
        QFETCH(QString, expected);
        auto c = CronSchedule::parse(expr);
        QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().message));
        const QDateTime n = c->next(utc(after.toLatin1().constData()));
        QCOMPARE(n.toUTC().toString(Qt::ISODate), expected);
        QVERIFY(c->matches(n));
        QVERIFY(!c->matches(n.addSecs(60)) || expr.startsWith(QLatin1Char('*')));
    }

    void neverFires() {
        auto c = CronSchedule::parse(QStringLiteral("0 0 30 2 *"));
        QVERIFY(c.ok());
        QVERIFY(!c->next(utc("2026-01-01T00:00:00Z")).isValid());
    }

    void localTimeAcrossDst() {
        // 02:30 does not exist in New York on 2027-03-14; cron passes over it to the next day.
        const QTimeZone ny("America/New_York");
        auto c = CronSchedule::parse(QStringLiteral("30 2 * * *"));
        QVERIFY(c.ok());
        const QDateTime after(QDate(2027, 3, 13), QTime(3, 0), ny);
        const QDateTime n = c->next(after);
        QCOMPARE(n.date(), QDate(2027, 3, 15));
        QCOMPARE(n.time(), QTime(2, 30));
        // 07:00 local stays 07:00 local across the change (the UTC time moves by an hour).
        auto seven = CronSchedule::parse(QStringLiteral("0 7 * * *"));
        const QDateTime a = seven->next(QDateTime(QDate(2027, 3, 13), QTime(8, 0), ny));
        QCOMPARE(a.time(), QTime(7, 0));
        QCOMPARE(a.toUTC().time(), QTime(11, 0));
    }

    void errors_data() {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("too few") << "0 7 * *"
                                 << "5 fields";
        QTest::newRow("minute 60") << "60 * * * *"
                                   << "minute";
        QTest::newRow("hour 24") << "0 24 * * *"
                                 << "hour";
        QTest::newRow("day 0") << "0 0 0 * *"
                               << "day-of-month";
        QTest::newRow("month 13") << "0 0 * 13 *"
                                  << "month";
        QTest::newRow("dow 8") << "0 0 * * 8"
                               << "day-of-week";
        QTest::newRow("bad name") << "0 0 * * FUN"
                                  << "day-of-week";
        QTest::newRow("step 0") << "*/0 * * * *"
                                << "step";
        QTest::newRow("reversed range") << "0 9-5 * * *"
                                        << "hour";
        QTest::newRow("garbage") << "a b c d e"
                                 << "minute";
    }
    void errors() {
        QFETCH(QString, expr);
        QFETCH(QString, mentions);
        auto c = CronSchedule::parse(expr);
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.contains(mentions), qPrintable(c.error().message));
    }
};

QTEST_APPLESS_MAIN(TestCron)
#include "test_cron.moc"
