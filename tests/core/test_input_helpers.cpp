// The helpers behind the input checks (issue 13): the date gate, time-zone ids, bounded files,
// excerpts. The regressions through the parsers are in test_input_limits.cpp.

#include "data/date_validation.h"
#include "providers/provider_util.h"
#include "util/excerpt.h"
#include "util/input_limits.h"
#include "util/json_file.h"
#include "util/names.h"

#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace ts;
using namespace ts::providers;

class TestInputHelpers : public QObject {
    Q_OBJECT
private slots:
    void isoDatesAreStrict() {
        QCOMPARE(parseIsoDate(u"2020-02-29"), QDate(2020, 2, 29));
        QCOMPARE(parseIsoDate(u"2020-02-29T10:00:00Z"), QDate(2020, 2, 29));
        QCOMPARE(parseIsoDate(u"9999-12-31"), QDate(9999, 12, 31));
        for (const char* bad : {"0000-01-01", "-001-01-01", "+020-01-01", "2020-13-01", "2020-1-01",
                                "20200101", "10000-01-01", "2020-02-30", ""})
            QVERIFY2(!parseIsoDate(QString::fromLatin1(bad)).isValid(), bad);
        QVERIFY(!checkDate(QDate(-5, 1, 1), QStringLiteral("x")).ok());
        QVERIFY(checkDate(QDate(1, 1, 1), QStringLiteral("x")).ok());
    }
    void unixTimestampsOutsideTheRangeAreNoDates() {
        const QTimeZone utc(0);
        QCOMPARE(dateFromUnixSeconds(0, utc), std::optional<QDate>(QDate(1970, 1, 1)));
        for (double bad : {1e19, -1e19, 9.3e18, 253402300799.0 + 2 * 86400.0, 1.5, std::nan("")})
            QVERIFY2(!dateFromUnixSeconds(bad, utc), qPrintable(QString::number(bad)));
    }

    void timeZoneIdsOnlyFromTheSystemList() {
        QVERIFY(isAvailableTimeZoneId(QStringLiteral("America/New_York")));
        QVERIFY(!isAvailableTimeZoneId(QStringLiteral("../../../../etc/passwd")));
        QVERIFY(!isAvailableTimeZoneId(QStringLiteral("/etc/passwd")));
        QCOMPARE(exchangeZone(QStringLiteral("../../../../etc/passwd"), 3600)
                     .offsetFromUtc(QDateTime::currentDateTimeUtc()),
                 3600);
        QCOMPARE(exchangeZone(QStringLiteral("nonsense"), qint64(1) << 40)
                     .offsetFromUtc(QDateTime::currentDateTimeUtc()),
                 0);
    }
    void configFilesAreBoundedBeforeTheyAreRead() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(limits::kMaxConfigFileBytes + 1)); // sparse: refused by its size
        f.close();
        auto j = readJsonObjectFile(path, QStringLiteral("a report config"));
        QVERIFY(!j.ok());
        QVERIFY2(j.error().message.contains(QStringLiteral("the limit for a report config")),
                 qPrintable(j.error().message));
    }

    void excerptsAreShortAndVisible() {
        QCOMPARE(excerpt(QStringView(u"a\tb\u0001c\u200bd")), QStringLiteral("a\\tb\\x01c\\u200bd"));
        QCOMPARE(excerpt(QByteArrayView("x\0y", 3)), QStringLiteral("x\\x00y"));
        const QString longOne = excerpt(QByteArray(1 << 20, 'z'));
        QCOMPARE(longOne.size(), limits::kExcerptChars + 3);
        QVERIFY(longOne.endsWith(QStringLiteral("...")));
        QVERIFY(checkFileStem(QStringLiteral("growth-2024"), QStringLiteral("r")).ok());
        QVERIFY(!checkDisplayName(QString(limits::kMaxNameChars + 1, QLatin1Char('x')), QStringLiteral("r"))
                     .ok());
    }
};

QTEST_GUILESS_MAIN(TestInputHelpers)
#include "test_input_helpers.moc"
