#include "gzip.h"

#include <QFile>
#include <QSaveFile>
#include <zlib.h>

namespace ts::server::http {

namespace {

// Runs deflate over chunks from `read` into `write`; windowBits 15 + 16 asks zlib for a gzip frame.
template <class Read, class Write>
bool deflateStream(Read read, Write write) {
    z_stream z{};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
    QByteArray in, out(64 << 10, Qt::Uninitialized);
    bool ok = true, last = false;
    while (ok && !last) {
        in = read();
        last = in.isEmpty();
        z.next_in = reinterpret_cast<Bytef*>(in.data());
        z.avail_in = static_cast<uInt>(in.size());
        do {
            z.next_out = reinterpret_cast<Bytef*>(out.data());
            z.avail_out = static_cast<uInt>(out.size());
            const int rc = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
            if (rc == Z_STREAM_ERROR) {
                ok = false;
                break;
            }
            ok = write(out.constData(), out.size() - static_cast<qsizetype>(z.avail_out));
        } while (ok && z.avail_out == 0);
    }
    deflateEnd(&z);
    return ok;
}

} // namespace

QByteArray gzipBytes(const QByteArray& data) {
    QByteArray result;
    bool given = false;
    deflateStream(
        [&] {
            if (given) return QByteArray();
            given = true;
            return data;
        },
        [&](const char* p, qsizetype n) {
            result.append(p, n);
            return true;
        });
    return result;
}

bool gzipFile(const QString& from, const QString& to) {
    QFile in(from);
    QSaveFile out(to);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly)) return false;
    const bool ok = deflateStream([&] { return in.read(1 << 20); },
                                  [&](const char* p, qsizetype n) { return out.write(p, n) == n; });
    return ok && in.error() == QFile::NoError && out.commit();
}

} // namespace ts::server::http
