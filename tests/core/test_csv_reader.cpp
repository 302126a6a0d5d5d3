// The CSV reader: good layouts parse, and every broken fixture gives a clear error naming file and line.

#include "data/csv_reader.h"
#include "data/returns.h"

#include <QTest>

#include <cmath>

using namespace ts;

namespace {
QString fixture(const char* name) { return QStringLiteral(TEARSHEET_TEST_DATA "/") + QString::fromLatin1(name); }
} // namespace

class TestCsvReader : public QObject {
    Q_OBJECT
private slots:
    void broken_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected"); // fragment of the message, after "<file>:"
        QTest::newRow("non-numeric") << "bad_non_numeric.csv" << ":3: column \"return\": non-numeric value \"abc\"";
        QTest::newRow("bad date") << "bad_date.csv" << ":3: unparsable date \"2020-13-03\"";
        QTest::newRow("duplicate") << "bad_duplicate.csv" << ":3: duplicate date 2020-01-02";
        QTest::newRow("unsorted") << "bad_unsorted.csv" << ":3: dates are not in increasing order";
        QTest::newRow("empty") << "bad_empty.csv" << ": the file is empty";
        QTest::newRow("header only") << "bad_header_only.csv" << ": no data rows after the header";
        QTest::newRow("field count") << "bad_fields.csv" << ":2: expected 2 fields like the header, found 3";
        QTest::newRow("infinite") << "bad_inf.csv" << ":3: column \"return\": non-finite value \"inf\"";
        QTest::newRow("no header") << "bad_no_header.csv" << ":1: the first row must be a header";
        QTest::newRow("missing file") << "does_not_exist.csv" << ": no such file";
    }
    void broken() {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const QString path = fixture(file.toLatin1().constData());
        const auto r = readCsvFile(path);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::BadInput);
        QVERIFY2(r.error().message.startsWith(path + expected), qPrintable(r.error().message));
    }

    void yahooLayoutPicksAdjClose() {
        const auto frame = readCsvFile(fixture("yahoo_layout.csv"));
        QVERIFY2(frame.ok(), qPrintable(frame.ok() ? QString() : frame.error().message));
        QCOMPARE(frame->names.size(), std::size_t(6));
        QCOMPARE(frame->names.front(), QStringLiteral("Open")); // BOM stripped from "Date"
        const auto col = selectColumn(*frame, {}, true);
        QVERIFY(col.ok());
        QCOMPARE(col->name, QStringLiteral("Adj Close"));
        QVERIFY(std::isnan(col->values[1])); // empty cell = missing
        // The gap does not lose the move: 10 -> (missing) -> 11 is +10% on the third day.
        const auto r = pricesToReturns(*col, QStringLiteral("yahoo"));
        QVERIFY(r.ok());
        QCOMPARE(r->size(), std::size_t(2));
        QVERIFY(std::isnan(r->values[0]));
        QCOMPARE(r->values[1], 11.0 / 10.0 - 1.0);
        QCOMPARE(applyMissingPolicy(*r, MissingPolicy::Drop).size(), std::size_t(1));
        QCOMPARE(applyMissingPolicy(*r, MissingPolicy::Zero).values[0], 0.0);
    }

    void usDatesAndMissingTokens() {
        const auto frame = readCsvFile(fixture("us_dates.csv"));
        QVERIFY(frame.ok());
        QCOMPARE(frame->dates.front(), QDate(2004, 3, 10));
        QVERIFY(std::isnan(frame->columns[1][1]));
        QVERIFY(!selectColumn(*frame, {}, true).ok()); // two price columns and no Close: must choose
        QCOMPARE(selectColumn(*frame, QStringLiteral("msft"), true)->values[0], 25.37);
        const auto missing = selectColumn(*frame, QStringLiteral("IBM"), true);
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(QStringLiteral("AAPL, MSFT")));
    }

    void dateCells_data() {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QDate>("want");
        QTest::newRow("iso") << "2015-01-02" << QDate(2015, 1, 2);
        QTest::newRow("iso with time") << "2015-01-02 00:00:00" << QDate(2015, 1, 2);
        QTest::newRow("iso T zone") << "2015-01-02T00:00:00Z" << QDate(2015, 1, 2);
        QTest::newRow("us") << "12/31/2014" << QDate(2014, 12, 31);
        QTest::newRow("quoted") << "\"2015-01-02\"" << QDate(2015, 1, 2);
        QTest::newRow("garbage") << "yesterday" << QDate();
        QTest::newRow("feb 30") << "2015-02-30" << QDate();
    }
    void dateCells() {
        QFETCH(QString, cell);
        QFETCH(QDate, want);
        const QByteArray b = cell.toUtf8();
        QCOMPARE(parseDateCell(b), want);
    }

    void nonPositivePriceIsAnError() {
        Series s{QStringLiteral("p"), {QDate(2020, 1, 1), QDate(2020, 1, 2)}, {10.0, 0.0}};
        const auto r = pricesToReturns(s, QStringLiteral("prices.csv"));
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("non-positive price 0 on 2020-01-02")));
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "test_csv_reader.moc"
