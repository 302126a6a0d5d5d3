// tearsheet-render: the drawing half of the command line. `tearsheet-cli report` becomes this
// program, and `schedule` and `serve` run it for each batch or report, so only drawing processes
// load Qt Gui, Widgets and Charts.

#include "report_command.h"
#include "shell_setup.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <unistd.h>

int main(int argc, char** argv) {
    ts::cli::prepareProcess();
    // QtCharts needs a QApplication: on the offscreen platform unless the user chose another.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt wants a private runtime folder; a headless shell often has none.
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QString dir =
            QDir::tempPath() + QStringLiteral("/tearsheet-runtime-") + QString::number(getuid());
        QDir().mkpath(dir);
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", dir.toLocal8Bit());
    }
    QApplication app(argc, argv);
    ts::cli::setUpApplication(/*withAccessLog=*/false);
    ts::cli::ReportCommand report;
    return ts::cli::runHelper(report, "tearsheet-render");
}
