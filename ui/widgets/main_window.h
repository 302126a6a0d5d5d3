#pragma once
// The desktop window. For now an empty shell; the desktop issue fills it with the workspace views.

#include <QMainWindow>

namespace ts::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

} // namespace ts::ui
