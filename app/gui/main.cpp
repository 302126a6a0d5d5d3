// tearsheet: the desktop shell over the Tearsheet engine.

#include "widgets/main_window.h"

#include <QApplication>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Tearsheet"));
    QApplication::setApplicationVersion(QStringLiteral(TEARSHEET_VERSION));
    ts::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
