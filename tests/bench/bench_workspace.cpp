// On-demand benchmark: a workspace of 10 strategies x 20 years (5,040 days each, against a
// benchmark) recomputed after an edit and redrawn in the desktop window: from recompute() to the
// window grabbed as an image with every view rebuilt. Median of 7 runs.
//
//   build/bin/bench_workspace

#include "util/allocator.h"
#include "widgets/main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

int main(int argc, char** argv) {
    ts::tuneAllocator();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    // 11 synthetic daily return series over 20 years of weekdays.
    std::mt19937_64 rng(7);
    std::normal_distribution<double> ret(0.0004, 0.012);
    QJsonArray strategies;
    for (int k = 0; k <= 10; ++k) {
        QByteArray csv = "date,returns\n";
        QDate d(2004, 1, 5);
        for (int i = 0; i < 5040; d = d.addDays(1)) {
            if (d.dayOfWeek() > 5) continue;
            csv += d.toString(Qt::ISODate).toLatin1() + ',' + QByteArray::number(ret(rng), 'g', 12) + '\n';
            ++i;
        }
        const QString path = dir.filePath(QStringLiteral("s%1.csv").arg(k));
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(csv);
        if (k < 10)
            strategies.append(QJsonObject{{QStringLiteral("returns"), path},
                                          {QStringLiteral("name"), QStringLiteral("S%1").arg(k)}});
    }
    const QJsonObject ws{{QStringLiteral("reports"),
                          QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("ten")},
                                                 {QStringLiteral("strategies"), strategies},
                                                 {QStringLiteral("benchmark"),
                                                  QJsonObject{{QStringLiteral("returns"),
                                                               dir.filePath(QStringLiteral("s10.csv"))}}}}}}};
    QFile f(dir.filePath(QStringLiteral("ws.json")));
    f.open(QIODevice::WriteOnly);
    f.write(QJsonDocument(ws).toJson());
    f.close();

    ts::ui::MainWindow w;
    w.resize(1400, 900);
    w.show();
    QSignalSpy computed(&w, &ts::ui::MainWindow::computed);
    w.openWorkspace(f.fileName());
    if (!computed.wait(60000)) return 1;
    std::vector<double> ms;
    for (int i = 0; i < 7; ++i) {
        QElapsedTimer t;
        t.start();
        w.recompute();
        if (!computed.wait(60000)) return 1;
        w.grab(); // paint the visible view
        ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("bench_workspace: 10 strategies x 5,040 days + benchmark: recompute and redraw median %.0f "
                "ms (min %.0f ms)\n",
                ms[3], ms[0]);
    return 0;
}
