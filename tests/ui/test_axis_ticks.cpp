// The tick generator on its own: over many ranges (a week to 40 years, seeded random starts) and
// tick budgets, every date label names the calendar period that starts at its tick, and value
// ticks are round 1-2-5 steps that cover the range.

#include "charts/axis_ticks.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <cmath>
#include <random>

using namespace ts::ui;

namespace {

// The first day of the period a label names, read back from the text alone; `year` for day
// labels without one (the range lies in a single year).
QDate periodOf(const QString& label, int year) {
    static const QRegularExpression quarter(QStringLiteral("^Q([1-4]) (\\d{4})$"));
    static const QRegularExpression day(QStringLiteral("^(\\d{1,2} [A-Z][a-z]{2})( \\d{4})?$"));
    if (const auto m = quarter.match(label); m.hasMatch())
        return QDate(m.captured(2).toInt(), 3 * m.captured(1).toInt() - 2, 1);
    if (const auto m = day.match(label); m.hasMatch())
        return QDate::fromString(m.captured(2).isEmpty() ? label + QStringLiteral(" %1").arg(year) : label,
                                 QStringLiteral("d MMM yyyy"));
    for (const char* format : {"yyyy", "MMM yyyy"})
        if (const QDate d = QDate::fromString(label, QString::fromLatin1(format)); d.isValid()) return d;
    return {};
}

QString describe(const QDate& first, const QDate& last, int budget) {
    return QStringLiteral("%1..%2 max %3")
        .arg(first.toString(Qt::ISODate), last.toString(Qt::ISODate))
        .arg(budget);
}

bool isOneTwoFive(double step) {
    const double mantissa = step / std::pow(10, std::floor(std::log10(step)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (std::abs(mantissa - m) < 1e-9) return true;
    return false;
}

} // namespace

class TestAxisTicks : public QObject {
    Q_OBJECT

private slots:
    void knownRanges_data() {
        QTest::addColumn<QDate>("first");
        QTest::addColumn<QDate>("last");
        QTest::addColumn<int>("budget");
        QTest::addColumn<QStringList>("labels");
        QTest::newRow("a decade by year")
            << QDate(2005, 3, 10) << QDate(2014, 11, 20) << 10
            << QStringList{"2006", "2007", "2008", "2009", "2010", "2011", "2012", "2013", "2014"};
        QTest::newRow("40 years by five")
            << QDate(1980, 1, 1) << QDate(2019, 12, 31) << 10
            << QStringList{"1980", "1985", "1990", "1995", "2000", "2005", "2010", "2015"};
        QTest::newRow("quarters") << QDate(2009, 1, 1) << QDate(2010, 6, 30) << 6
                                  << QStringList{"Q1 2009", "Q2 2009", "Q3 2009",
                                                 "Q4 2009", "Q1 2010", "Q2 2010"};
        QTest::newRow("months") << QDate(2009, 2, 10) << QDate(2009, 7, 20) << 8
                                << QStringList{"Mar 2009", "Apr 2009", "May 2009", "Jun 2009", "Jul 2009"};
        QTest::newRow("days") << QDate(2009, 4, 10) << QDate(2009, 4, 14) << 10
                              << QStringList{"10 Apr", "11 Apr", "12 Apr", "13 Apr", "14 Apr"};
        QTest::newRow("Mondays across new year")
            << QDate(2008, 12, 20) << QDate(2009, 1, 20) << 6
            << QStringList{"22 Dec 2008", "29 Dec 2008", "5 Jan 2009", "12 Jan 2009", "19 Jan 2009"};
    }
    void knownRanges() {
        QFETCH(QDate, first);
        QFETCH(QDate, last);
        QFETCH(int, budget);
        QFETCH(QStringList, labels);
        QStringList got;
        for (const DateTick& t : dateTicks(first, last, budget))
            got << t.label;
        QCOMPARE(got, labels);
    }

    // Every tick over random ranges and budgets: its label, read back, starts exactly at the tick.
    void everyLabelNamesItsPeriod() {
        std::mt19937 rng(20240615);
        const int spans[] = {7, 10, 31, 45, 92, 200, 365, 400, 800, 1500, 3650, 7300, 14610};
        const int budgets[] = {2, 3, 4, 5, 6, 8, 10, 12, 20};
        int checked = 0;
        for (int round = 0; round < 60; ++round)
            for (int span : spans) {
                const QDate first =
                    QDate(1970, 1, 1).addDays(std::uniform_int_distribution<int>(0, 18000)(rng));
                const QDate last = first.addDays(span + std::uniform_int_distribution<int>(0, span / 3)(rng));
                for (int budget : budgets) {
                    const auto ticks = dateTicks(first, last, budget);
                    const QString where = describe(first, last, budget);
                    QVERIFY2(int(ticks.size()) <= budget, qPrintable(where));
                    QVERIFY2(ticks.size() >= 2 || budget < 5, qPrintable(where));
                    QSet<QString> seen;
                    for (std::size_t i = 0; i < ticks.size(); ++i) {
                        const DateTick& t = ticks[i];
                        const QString at = where + QStringLiteral(": ") + t.label;
                        QVERIFY2(t.date >= first && t.date <= last, qPrintable(at));
                        QVERIFY2(i == 0 || ticks[i - 1].date < t.date, qPrintable(at));
                        QVERIFY2(!seen.contains(t.label), qPrintable(at + QStringLiteral(" repeats")));
                        seen.insert(t.label);
                        if (first.year() != last.year())
                            QVERIFY2(QRegularExpression(QStringLiteral("\\d{4}$")).match(t.label).hasMatch(),
                                     qPrintable(at + QStringLiteral(" has no year")));
                        QCOMPARE(periodOf(t.label, first.year()), t.date);
                        ++checked;
                    }
                }
            }
        QVERIFY(checked > 20000);
    }

    void valueTicksAreRound() {
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> unit(-1, 1);
        for (int round = 0; round < 5000; ++round) {
            const double scale = std::pow(10, std::uniform_int_distribution<int>(-4, 5)(rng));
            double lo = unit(rng) * scale, hi = unit(rng) * scale;
            if (lo > hi) std::swap(lo, hi);
            const int budget = std::uniform_int_distribution<int>(3, 14)(rng);
            const ValueTicks t = valueTicks(lo, hi, budget);
            const QString where = QStringLiteral("[%1, %2] max %3").arg(lo).arg(hi).arg(budget);
            QVERIFY2(isOneTwoFive(t.step), qPrintable(where));
            QVERIFY2(t.values.size() >= 2 && int(t.values.size()) <= budget, qPrintable(where));
            const double eps = t.step * 1e-6;
            QVERIFY2(t.values.front() <= lo + eps && t.values.back() >= hi - eps, qPrintable(where));
            QSet<QString> labels;
            for (std::size_t i = 0; i < t.values.size(); ++i) {
                const double k = t.values[i] / t.step;
                QVERIFY2(std::abs(k - std::round(k)) < 1e-6, qPrintable(where));
                if (i) QVERIFY2(std::abs(t.values[i] - t.values[i - 1] - t.step) < eps, qPrintable(where));
                const QString label = valueLabel(t.values[i], t.step, true);
                QVERIFY2(!QRegularExpression(QStringLiteral("^-0(\\.0*)?%$")).match(label).hasMatch(),
                         qPrintable(where + label));
                labels.insert(label);
            }
            QCOMPARE(int(labels.size()), int(t.values.size())); // enough decimals for the step
            if (lo < 0 && hi > 0)
                QVERIFY2(std::find(t.values.begin(), t.values.end(), 0.0) != t.values.end(),
                         qPrintable(where));
        }
    }

    void valueExamples() {
        // Cumulative returns of 3%..310% in percent points: 0%, 50%, ... never 52%, 180%.
        const ValueTicks t = valueTicks(3, 310, 8);
        QCOMPARE(t.step, 50.0);
        QCOMPARE(t.values, (std::vector<double>{0, 50, 100, 150, 200, 250, 300, 350}));
        QCOMPARE(valueLabel(150, 50, true), QStringLiteral("150%"));
        QCOMPARE(valueLabel(-1e-15, 0.5, true), QStringLiteral("0.0%"));
        QCOMPARE(valueLabel(-2.5, 0.5, true), QStringLiteral("-2.5%"));
        QCOMPARE(valueLabel(0.25, 0.05, false), QStringLiteral("0.25"));
        QCOMPARE(valueTicks(-0.07, 3.2, 8).values, (std::vector<double>{-1, 0, 1, 2, 3, 4}));
    }
};

QTEST_APPLESS_MAIN(TestAxisTicks)
#include "test_axis_ticks.moc"
