#include "request_guard.h"

#include <QList>

namespace ts::server {

RequestGuard::Verdict RequestGuard::feed(QByteArrayView data) {
    while (!data.isEmpty()) {
        if (m_bodyLeft > 0) {
            const qint64 n = std::min<qint64>(m_bodyLeft, data.size());
            m_bodyLeft -= n;
            data = data.sliced(n);
            continue;
        }
        // Look for the blank line that ends the header, also across the previous chunk's tail.
        const qsizetype before = m_header.size();
        m_header.append(data.constData(), data.size());
        const qsizetype end = m_header.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
        if (end < 0) {
            if (m_header.size() > m_maxHeader) return Verdict::HeaderTooLarge;
            return Verdict::Continue;
        }
        if (end + 4 > m_maxHeader) return Verdict::HeaderTooLarge;
        const qsizetype consumed = end + 4 - before;
        m_header.truncate(end);
        const Verdict v = headerComplete();
        if (v != Verdict::Continue) return v;
        m_header.clear();
        data = data.sliced(consumed);
    }
    return Verdict::Continue;
}

RequestGuard::Verdict RequestGuard::headerComplete() {
    const QList<QByteArray> lines = m_header.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "transfer-encoding" && value.toLower() != "identity") return Verdict::LengthRequired;
        if (name == "content-length") {
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            if (!ok || n < 0) return Verdict::LengthRequired;
            if (n > m_maxBody) return Verdict::BodyTooLarge;
            m_bodyLeft = n;
        }
    }
    return Verdict::Continue;
}

} // namespace ts::server
