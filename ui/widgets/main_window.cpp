#include "widgets/main_window.h"

#include <QLabel>

namespace ts::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("Tearsheet"));
    auto* placeholder = new QLabel(tr("Tearsheet %1").arg(QStringLiteral(TEARSHEET_VERSION)), this);
    placeholder->setObjectName(QStringLiteral("placeholder"));
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    resize(1200, 800);
}

} // namespace ts::ui
