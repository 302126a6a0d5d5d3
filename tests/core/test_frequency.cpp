// Frequency detection from dates: hand-built calendars (holidays, missing rows, month-end business
// days, a 7-day crypto week), the oracle's daily files, and the periods and windows each implies.

#include "analytics/frequency.h"
#include "oracle.h"
#include "report/analysis.h"

#include <QTest>
#include <set>

using namespace ts;
using Dates = std::vector<QDate>;

namespace {

// NYSE full-day closures of 2024.
const std::set<QDate> kHolidays2024 = {
    QDate(2024, 1, 1),  QDate(2024, 1, 15), QDate(2024, 2, 19), QDate(2024, 3, 29),  QDate(2024, 5, 27),
    QDate(2024, 6, 19), QDate(2024, 7, 4),  QDate(2024, 9, 2),  QDate(2024, 11, 28), QDate(2024, 12, 25)};

Dates everyDay(QDate from, QDate to, bool weekdaysOnly, const std::set<QDate>& skip = {}) {
    Dates out;
    for (QDate d = from; d <= to; d = d.addDays(1))
        if ((!weekdaysOnly || d.dayOfWeek() <= 5) && !skip.contains(d)) out.push_back(d);
    return out;
}

// The last weekday of each month (a month-end business day) or of each quarter.
Dates monthEnds(int fromYear, int toYear, int monthStep, bool businessDay = true) {
    Dates out;
    for (int y = fromYear; y <= toYear; ++y)
        for (int m = monthStep; m <= 12; m += monthStep) {
            QDate d(y, m, QDate(y, m, 1).daysInMonth());
            while (businessDay && d.dayOfWeek() > 5)
                d = d.addDays(-1);
            out.push_back(d);
        }
    return out;
}

Dates dropEvery(Dates d, std::size_t k) {
    Dates out;
    for (std::size_t i = 0; i < d.size(); ++i)
        if (i % k != k - 1) out.push_back(d[i]);
    return out;
}

Dates fileDates(const char* rel) {
    return test::loadSeries(QString::fromLatin1(rel)).dates;
}

} // namespace

Q_DECLARE_METATYPE(Frequency)
Q_DECLARE_METATYPE(Dates)
Q_DECLARE_METATYPE(Convention)

class TestFrequency : public QObject {
    Q_OBJECT
private slots:
    void detects_data() {
        QTest::addColumn<Dates>("dates");
        QTest::addColumn<Frequency>("want");
        const QDate jan1(2024, 1, 1), dec31(2024, 12, 31);
        QTest::newRow("trading days with the 2024 holidays")
            << everyDay(jan1, dec31, true, kHolidays2024) << Frequency::TradingDaily;
        QTest::newRow("trading days, every 20th row missing")
            << dropEvery(everyDay(jan1, dec31, true, kHolidays2024), 20) << Frequency::TradingDaily;
        QTest::newRow("one trading week")
            << everyDay(QDate(2024, 3, 4), QDate(2024, 3, 8), true) << Frequency::TradingDaily;
        Dates sundayToThursday;
        for (const QDate& d : everyDay(jan1, dec31, false))
            if (d.dayOfWeek() == 7 || d.dayOfWeek() <= 4) sundayToThursday.push_back(d);
        QTest::newRow("a Sunday-to-Thursday market") << sundayToThursday << Frequency::TradingDaily;
        QTest::newRow("crypto: every day") << everyDay(jan1, dec31, false) << Frequency::CalendarDaily;
        QTest::newRow("crypto, every 15th day missing")
            << dropEvery(everyDay(jan1, dec31, false), 15) << Frequency::CalendarDaily;
        QTest::newRow("two crypto weeks")
            << everyDay(QDate(2024, 3, 4), QDate(2024, 3, 17), false) << Frequency::CalendarDaily;
        Dates fridays;
        for (QDate d(2020, 1, 3); d <= QDate(2024, 12, 27); d = d.addDays(7))
            fridays.push_back(d == QDate(2024, 3, 29) ? QDate(2024, 3, 28) : d); // Good Friday: Thursday
        QTest::newRow("weekly Fridays, Good Friday on Thursday") << fridays << Frequency::Weekly;
        QTest::newRow("weekly, every 10th week missing") << dropEvery(fridays, 10) << Frequency::Weekly;
        QTest::newRow("month-end business days") << monthEnds(2015, 2024, 1) << Frequency::Monthly;
        QTest::newRow("month ends, weekends included")
            << monthEnds(2015, 2024, 1, false) << Frequency::Monthly;
        QTest::newRow("month ends, every 12th missing")
            << dropEvery(monthEnds(2015, 2024, 1), 12) << Frequency::Monthly;
        QTest::newRow("quarter-end business days") << monthEnds(2000, 2024, 3) << Frequency::Quarterly;
        QTest::newRow("a year of quarter ends") << monthEnds(2024, 2024, 3) << Frequency::Quarterly;
        QTest::newRow("two dates") << Dates{jan1, QDate(2024, 1, 2)} << Frequency::Unknown;
        QTest::newRow("annual") << Dates{QDate(2020, 12, 31), QDate(2021, 12, 31), QDate(2022, 12, 30),
                                         QDate(2023, 12, 29)}
                                << Frequency::Unknown;
        // Half the gaps daily, half monthly: no frequency describes it.
        Dates mixed = everyDay(QDate(2020, 1, 1), QDate(2020, 3, 31), true);
        for (const QDate& d : monthEnds(2020, 2027, 1))
            if (d > mixed.back()) mixed.push_back(d);
        QTest::newRow("daily then monthly") << mixed << Frequency::Unknown;
        // A weekly median, but every third gap is 27 days: a third of the gaps outside the band.
        Dates ragged;
        for (int i = 0; i < 40; ++i)
            ragged.push_back(QDate(2020, 1, 6).addDays(i * 7 + (i / 3) * 20));
        QTest::newRow("weekly with 27-day holes") << ragged << Frequency::Unknown;
        QTest::newRow("oracle strat_a.csv")
            << fileDates("oracle/data/strat_a.csv") << Frequency::TradingDaily;
        QTest::newRow("oracle strat_40y.csv")
            << fileDates("oracle/data/strat_40y.csv") << Frequency::TradingDaily;
        QTest::newRow("oracle short_1y.csv")
            << fileDates("oracle/data/short_1y.csv") << Frequency::TradingDaily;
        QTest::newRow("strat_a_monthly.csv") << fileDates("strat_a_monthly.csv") << Frequency::Monthly;
    }
    void detects() {
        QFETCH(Dates, dates);
        QFETCH(Frequency, want);
        const FrequencyInfo got = detectFrequency(dates);
        QVERIFY2(got.frequency == want, qPrintable(QStringLiteral("got %1 (median gap %2, weekend share %3)")
                                                       .arg(frequencyKey(got.frequency))
                                                       .arg(got.medianGapDays)
                                                       .arg(got.weekendShare)));
    }

    void reportsTheEvidence() {
        const FrequencyInfo crypto = detectFrequency(everyDay(QDate(2024, 1, 1), QDate(2024, 12, 31), false));
        QCOMPARE(crypto.medianGapDays, 1.0);
        // 2024 has 366 days, of which 104 fall on a weekend.
        TS_COMPARE_NUM(crypto.weekendShare, 104.0 / 366.0);
        QCOMPARE(crypto.regularShare, 1.0);
        TS_COMPARE_NUM(crypto.rowsPerYear, 365 * 365.25 / 365); // 366 dates, 365 gaps over 365 days
        // Four dates, gaps 1, 3, 1: the median of an odd count.
        const Dates d{QDate(2024, 3, 7), QDate(2024, 3, 8), QDate(2024, 3, 11), QDate(2024, 3, 12)};
        QCOMPARE(detectFrequency(d).medianGapDays, 1.0);
        // Gaps 1, 3, 1, 3: the median of an even count is the mean of the middle two.
        const Dates e{QDate(2024, 3, 7), QDate(2024, 3, 8), QDate(2024, 3, 11), QDate(2024, 3, 12),
                      QDate(2024, 3, 15)};
        QCOMPARE(detectFrequency(e).medianGapDays, 2.0);
        QCOMPARE(detectFrequency(e).weekendShare, 0.0);
    }

    void periodsAndWindows_data() {
        QTest::addColumn<Frequency>("f");
        QTest::addColumn<double>("periods");
        QTest::addColumn<int>("sixMonths");
        QTest::addColumn<int>("twelveMonths");
        QTest::addColumn<QString>("key");
        QTest::newRow("trading") << Frequency::TradingDaily << 252.0 << 126 << 252 << "trading_daily";
        QTest::newRow("calendar") << Frequency::CalendarDaily << 365.0 << 182 << 365 << "calendar_daily";
        QTest::newRow("weekly") << Frequency::Weekly << 52.0 << 26 << 52 << "weekly";
        QTest::newRow("monthly") << Frequency::Monthly << 12.0 << 6 << 12 << "monthly";
        QTest::newRow("quarterly") << Frequency::Quarterly << 4.0 << 2 << 4 << "quarterly";
        QTest::newRow("unknown") << Frequency::Unknown << 0.0 << 0 << 0 << "unknown";
    }
    void periodsAndWindows() {
        QFETCH(Frequency, f);
        QFETCH(double, periods);
        QFETCH(int, sixMonths);
        QFETCH(int, twelveMonths);
        QFETCH(QString, key);
        QCOMPARE(periodsPerYear(f), periods);
        QCOMPARE(rollingWindow(f, 6), sixMonths);
        QCOMPARE(rollingWindow(f, 12), twelveMonths);
        QCOMPARE(frequencyKey(f), key);
        QVERIFY(!frequencyName(f).isEmpty());
    }

    // The first full window of the rolling Sharpe: standard sizes it from the dates, QuantStats from
    // the periods (ceil(periods / 2)), which 252 on monthly data makes 126 months.
    void rollingWindowsFollowTheDates_data() {
        QTest::addColumn<Convention>("convention");
        QTest::addColumn<bool>("explicitPeriods");
        QTest::addColumn<int>("firstValue");
        QTest::newRow("standard, periods detected") << Convention::Standard << false << 5;
        QTest::newRow("standard, 252 set") << Convention::Standard << true << 5;
        // QuantStats' default stays 252 under its convention (parity): the same windows as 252 set.
        QTest::newRow("quantstats, periods not set") << Convention::QuantStats << false << -1;
        QTest::newRow("quantstats, 252 set") << Convention::QuantStats << true << -1; // 126 > 120 rows
    }
    void rollingWindowsFollowTheDates() {
        QFETCH(Convention, convention);
        QFETCH(bool, explicitPeriods);
        QFETCH(int, firstValue);
        AnalysisParams p;
        p.strategies.push_back(
            SeriesSource::file(test::dataPath(QStringLiteral("strat_a_monthly.csv")), ValueKind::Returns));
        p.metrics.convention = convention;
        p.metrics.periodsExplicit = explicitPeriods;
        p.metrics.periods = 252;
        const auto a = runAnalysis(p);
        QVERIFY2(a.ok(), a ? "" : qPrintable(a.error().message));
        const bool keeps252 = explicitPeriods || convention == Convention::QuantStats;
        QCOMPARE(a->params.metrics.periods, keeps252 ? 252.0 : 12.0);
        QCOMPARE(a->warnings.size(), std::size_t(keeps252 ? 1 : 0));
        auto firstFinite = [](const std::vector<double>& v) {
            for (std::size_t i = 0; i < v.size(); ++i)
                if (std::isfinite(v[i])) return static_cast<int>(i);
            return -1;
        };
        QCOMPARE(a->chart.rollingSharpe.size(), std::size_t(120));
        QCOMPARE(firstFinite(a->chart.rollingSharpe), firstValue);
        QCOMPARE(firstFinite(a->chart.rollingVolatility.front()), firstValue);
    }

    void gapsReadAsText() {
        QCOMPARE(gapText(1), QStringLiteral("1 day"));
        QCOMPARE(gapText(31), QStringLiteral("31 days"));
        QCOMPARE(gapText(2.5), QStringLiteral("2.5 days"));
    }

    void periodsAgreeWithinTenPercent() {
        QVERIFY(periodsAgree(Frequency::TradingDaily, 252));
        QVERIFY(periodsAgree(Frequency::TradingDaily, 260));
        QVERIFY(!periodsAgree(Frequency::TradingDaily, 365));
        QVERIFY(!periodsAgree(Frequency::Monthly, 252));
        QVERIFY(periodsAgree(Frequency::Monthly, 12));
        QVERIFY(!periodsAgree(Frequency::Weekly, 12));
        QVERIFY(periodsAgree(Frequency::Unknown, 252)); // nothing to contradict
    }
};

QTEST_APPLESS_MAIN(TestFrequency)
#include "test_frequency.moc"
