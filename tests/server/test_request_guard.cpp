// The byte-level guard in front of the HTTP server: limits on header and body size, refused
// chunked bodies, and requests that follow one another on a connection, in any chunking.

#include "request_guard.h"

#include <QTest>

using ts::server::RequestGuard;
using V = RequestGuard::Verdict;

class TestRequestGuard : public QObject {
    Q_OBJECT

    static V feedInPieces(const QByteArray& bytes, int piece, qint64 maxHeader = 1024, qint64 maxBody = 100) {
        RequestGuard g(maxHeader, maxBody);
        for (qsizetype i = 0; i < bytes.size(); i += piece) {
            const V v = g.feed(QByteArrayView(bytes).sliced(i, std::min<qsizetype>(piece, bytes.size() - i)));
            if (v != V::Continue) return v;
        }
        return V::Continue;
    }

private slots:
    void verdicts_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("verdict");
        const QByteArray small = "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789";
        QTest::newRow("small body") << small << int(V::Continue);
        QTest::newRow("two requests") << small + small << int(V::Continue);
        QTest::newRow("get") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n\r\n") << int(V::Continue);
        QTest::newRow("body at the limit")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n") + QByteArray(100, 'x')
            << int(V::Continue);
        QTest::newRow("body over the limit")
            << QByteArray("POST / HTTP/1.1\r\ncontent-length: 101\r\n\r\n") << int(V::BodyTooLarge);
        // A body whose bytes look like a header must not be read as the next request.
        QTest::newRow("second request too large") << small + "POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n"
                                                  << int(V::BodyTooLarge);
        QTest::newRow("body that looks like headers")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 40\r\n\r\nX: 1\r\nContent-Length: "
                          "999999\r\n\r\n12345678")
            << int(V::Continue);
        QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << int(V::LengthRequired);
        QTest::newRow("bad length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -3\r\n\r\n")
                                    << int(V::LengthRequired);
        QTest::newRow("header too large")
            << QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(2000, 'h') << int(V::HeaderTooLarge);
    }
    void verdicts() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, verdict);
        for (int piece : {1, 2, 3, 7, 64, 100000})
            QVERIFY2(int(feedInPieces(bytes, piece)) == verdict,
                     qPrintable(QStringLiteral("piece %1").arg(piece)));
    }
};

QTEST_APPLESS_MAIN(TestRequestGuard)
#include "test_request_guard.moc"
