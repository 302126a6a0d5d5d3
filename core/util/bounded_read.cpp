#include "util/bounded_read.h"

#include <QFile>
#include <QFileInfo>

namespace ts {

Result<QByteArray> readFileBounded(const QString& path, qint64 maxBytes, const QString& what) {
    QFile f(path);
    if (!f.exists()) return Error::badInput(QStringLiteral("%1: no such file").arg(path));
    if (QFileInfo(path).isDir()) return Error::badInput(QStringLiteral("%1: is a directory").arg(path));
    if (!f.open(QIODevice::ReadOnly))
        return Error::badInput(QStringLiteral("%1: cannot open (%2)").arg(path, f.errorString()));
    auto tooBig = [&] {
        return Error::badInput(
            QStringLiteral("%1: larger than %2 bytes, the limit for %3").arg(path).arg(maxBytes).arg(what));
    };
    if (!f.isSequential()) {
        if (f.size() > maxBytes) return tooBig();
        return f.readAll();
    }
    QByteArray out;
    constexpr qint64 kChunk = 1 << 20;
    for (;;) { // a pipe's read blocks until data or its end
        const QByteArray part = f.read(kChunk);
        if (part.isEmpty()) break;
        out += part;
        if (out.size() > maxBytes) return tooBig();
    }
    return out;
}

} // namespace ts
