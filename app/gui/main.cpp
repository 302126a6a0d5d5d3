// tearsheet: the desktop shell over the Tearsheet engine.
//
//   tearsheet [WORKSPACE.json]     opens the workspace; with none, the last one, else the bundled
//                                  demo (offline). Unsaved edits a crash left are offered first.

#include "util/allocator.h"
#include "widgets/main_window.h"

#include <QApplication>
#include <QTimer>

int main(int argc, char** argv) {
    ts::tuneAllocator();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Tearsheet"));
    QApplication::setOrganizationName(QStringLiteral("Tearsheet"));
    QApplication::setApplicationVersion(QStringLiteral(TEARSHEET_VERSION));
    ts::ui::MainWindow window;
    window.show();
    const QStringList args = QApplication::arguments().mid(1);
    // After the window is up, so the first paint is not held back by loading.
    QTimer::singleShot(0, &window, [&window, args] { window.start(args); });
    return QApplication::exec();
}
