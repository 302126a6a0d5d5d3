// The desktop's Monte Carlo view driven as a user would: options typed and picked with the keyboard,
// Run and Cancel clicked; the fan looked at as a picture, the table and notes read back, the numbers
// compared with the engine's for the same seed.

#include "widgets/montecarlo_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

using namespace ts;
using namespace ts::ui;

namespace {

std::shared_ptr<const ReportModel> strategyReport() {
    ReportSpec s;
    s.analysis.strategies.push_back(SeriesSource::file(
        QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/strat_a.csv"), ValueKind::Returns, QStringLiteral("A")));
    auto m = buildReport(s);
    if (!m) qFatal("%s", qPrintable(m.error().message));
    return std::make_shared<const ReportModel>(std::move(m).value());
}

void typeInto(QSpinBox* box, const QString& text) {
    box->setFocus();
    QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(box, text);
    QTest::keyClick(box, Qt::Key_Enter);
}

} // namespace

class TestMonteCarloPanel : public QObject {
    Q_OBJECT
private slots:
    void runsWhatTheUserPicked() {
        MonteCarloPanel panel;
        panel.resize(1100, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* run = panel.findChild<QPushButton*>(QStringLiteral("mcRun"));
        QVERIFY(run);
        QVERIFY(!run->isEnabled()); // nothing analysed yet
        const auto report = strategyReport();
        panel.setReport(report);
        QVERIFY(run->isEnabled());

        typeInto(panel.findChild<QSpinBox*>(QStringLiteral("mcSims")), QStringLiteral("2000"));
        typeInto(panel.findChild<QSpinBox*>(QStringLiteral("mcSeed")), QStringLiteral("7"));
        QSignalSpy finished(&panel, &MonteCarloPanel::finished);
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        const auto r = panel.result();
        QVERIFY(r);
        QCOMPARE(r->sims, 2000);
        QCOMPARE(r->seed, std::uint64_t(7));
        QCOMPARE(r->method, MonteCarloMethod::Block);

        // The engine on the same returns and seed gives the same numbers.
        MonteCarloParams p;
        p.sims = 2000;
        p.seed = 7;
        p.bust = -0.25;
        p.goal = 1.0;
        const auto direct = runMonteCarlo(report->analysis.aligned.columns.front(), p);
        QVERIFY(direct.ok());
        QVERIFY(direct->terminal == r->terminal);
        QVERIFY(direct->maxDrawdown == r->maxDrawdown);

        // Table: terminal, CAGR, max drawdown, Sharpe; the median max drawdown as the engine says.
        QTableWidget* t = panel.summaryTable();
        QCOMPARE(t->rowCount(), 4);
        QCOMPARE(t->item(2, 0)->text(), QStringLiteral("Max drawdown"));
        QCOMPARE(t->item(2, 3)->text(), QString::number(r->maxDrawdownStats.median * 100, 'f', 2) + QLatin1Char('%'));
        QVERIFY2(panel.notes().contains(QStringLiteral("seed 7")), qPrintable(panel.notes()));

        // The fan is a picture with bands in it, not an empty widget.
        const QImage img = panel.fan()->grab().toImage();
        QSet<QRgb> colours;
        for (int y = 0; y < img.height(); y += 3)
            for (int x = 0; x < img.width(); x += 3)
                colours.insert(img.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));

        // Shuffle, picked with the keyboard: QuantStats' method, and the note says terminal figures are fixed.
        auto* method = panel.findChild<QComboBox*>(QStringLiteral("mcMethod"));
        method->setFocus();
        QTest::keyClick(method, Qt::Key_End);
        QCOMPARE(method->currentText(), QStringLiteral("shuffle"));
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QCOMPARE(panel.result()->method, MonteCarloMethod::Shuffle);
        QVERIFY(panel.result()->terminalFixedByConstruction);
        QVERIFY2(panel.notes().contains(fixedByConstructionNote()), qPrintable(panel.notes()));

        // A new analysis clears the old result instead of showing it as the new one's.
        panel.setReport(strategyReport());
        QVERIFY(!panel.result());
        QVERIFY(!panel.fan()->hasResult());
        QCOMPARE(panel.summaryTable()->rowCount(), 0);
    }

    void cancelStopsALongRun() {
        MonteCarloPanel panel;
        panel.show();
        panel.setReport(strategyReport());
        typeInto(panel.findChild<QSpinBox*>(QStringLiteral("mcSims")), QString::number(kMonteCarloMaxSims));
        QSignalSpy failed(&panel, &MonteCarloPanel::failed), finished(&panel, &MonteCarloPanel::finished);
        QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("mcRun")), Qt::LeftButton);
        auto* cancel = panel.findChildren<QPushButton*>().at(1);
        QCOMPARE(cancel->text(), QStringLiteral("Cancel"));
        QVERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(failed.wait(30000));
        QCOMPARE(failed.first().first().toString(), QStringLiteral("cancelled"));
        QCOMPARE(finished.count(), 0);
        QVERIFY(!panel.result());
    }
};

QTEST_MAIN(TestMonteCarloPanel)
#include "test_montecarlo_panel.moc"
