// tearsheet: the desktop shell over the Tearsheet engine.

#include "util/allocator.h"
#include "widgets/main_window.h"

#include <QApplication>

int main(int argc, char** argv) {
    ts::tuneAllocator();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Tearsheet"));
    QApplication::setApplicationVersion(QStringLiteral(TEARSHEET_VERSION));
    ts::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
