// The desktop window opens and paints (offscreen platform): checked as a picture, not as a widget tree.

#include "widgets/main_window.h"

#include <QApplication>
#include <QImage>
#include <QTest>

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void opensAndPaints() {
        ts::ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.windowTitle(), QStringLiteral("Tearsheet"));
        const QImage img = w.grab().toImage();
        QVERIFY(img.width() >= 800 && img.height() >= 600);
        // The placeholder text must have produced pixels that differ from the background.
        const QRgb bg = img.pixel(5, 5);
        int different = 0;
        for (int y = 0; y < img.height(); y += 2)
            for (int x = 0; x < img.width(); x += 2) different += img.pixel(x, y) != bg;
        QVERIFY2(different > 20, qPrintable(QString::number(different)));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
