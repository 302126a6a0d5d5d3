// On-demand benchmark of the desktop app: from process start to the window shown with the demo
// workspace computed (the bundled prices loaded into a fresh cache first), and the resident memory
// then. Runs offscreen unless a display is set.
//
//   build/bin/bench_desktop

#include "util/allocator.h"
#include "widgets/main_window.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <cstdio>

int main(int argc, char** argv) {
    QElapsedTimer clock;
    clock.start();
    ts::tuneAllocator();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setApplicationName(QStringLiteral("TearsheetBench"));
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    ts::ui::MainWindow w;
    w.show();
    const qint64 shown = clock.elapsed();
    QObject::connect(&w, &ts::ui::MainWindow::computed, &app, [&] {
        const qint64 ready = clock.elapsed();
        QFile status(QStringLiteral("/proc/self/status"));
        QByteArray rss = "?";
        if (status.open(QIODevice::ReadOnly))
            for (const QByteArray& line : status.readAll().split('\n'))
                if (line.startsWith("VmRSS:")) rss = line.mid(6).trimmed();
        std::printf("bench_desktop: window shown after %lld ms; demo loaded and computed after %lld ms; "
                    "resident memory %s\n",
                    shown, ready, rss.constData());
        QApplication::quit();
    });
    QObject::connect(&w, &ts::ui::MainWindow::computeFailed, &app, [](const QString& m) {
        std::fprintf(stderr, "failed: %s\n", qPrintable(m));
        QApplication::exit(1);
    });
    w.openDemo();
    return QApplication::exec();
}
