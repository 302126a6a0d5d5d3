#include "data/csv_reader.h"

#include <QFile>
#include <QFileInfo>
#include <charconv>
#include <cmath>
#include <limits>

namespace ts {
namespace {

QByteArrayView trimmed(QByteArrayView v) {
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '"'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '"' || v.back() == '\r'))
        v.chop(1);
    return v;
}

std::vector<QByteArrayView> splitFields(QByteArrayView line) {
    std::vector<QByteArrayView> out;
    qsizetype start = 0;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted) {
            out.push_back(trimmed(line.sliced(start, i - start)));
            start = i + 1;
        }
    }
    out.push_back(trimmed(line.sliced(start)));
    return out;
}

bool isMissingToken(QByteArrayView v) {
    if (v.isEmpty()) return true;
    const QByteArray lower = v.toByteArray().toLower();
    return lower == "nan" || lower == "na" || lower == "n/a" || lower == "null" || lower == "none" ||
           lower == "#n/a";
}

bool parseInt(QByteArrayView v, int& out) {
    if (v.isEmpty()) return false;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && p == v.data() + v.size();
}

QString show(QByteArrayView v) {
    QString s = QString::fromUtf8(v.data(), v.size());
    if (s.size() > 40) s = s.left(37) + QStringLiteral("...");
    return s;
}

} // namespace

QDate parseDateCell(QByteArrayView cell) {
    QByteArrayView v = trimmed(cell);
    // Drop a time part: "2015-01-02 00:00:00", "2015-01-02T00:00:00Z".
    for (qsizetype i = 0; i < v.size(); ++i)
        if (v[i] == ' ' || v[i] == 'T') {
            v = v.first(i);
            break;
        }
    int y = 0, m = 0, d = 0;
    if (v.size() == 10 && v[4] == '-' && v[7] == '-') {
        if (!parseInt(v.sliced(0, 4), y) || !parseInt(v.sliced(5, 2), m) || !parseInt(v.sliced(8, 2), d))
            return {};
        return QDate(y, m, d);
    }
    const qsizetype s1 = v.indexOf('/');
    const qsizetype s2 = s1 < 0 ? -1 : v.sliced(s1 + 1).indexOf('/');
    if (s1 > 0 && s2 > 0) { // M/D/YYYY, the layout of US spreadsheet exports
        const qsizetype yearAt = s1 + 1 + s2 + 1;
        if (!parseInt(v.sliced(0, s1), m) || !parseInt(v.sliced(s1 + 1, s2), d) || v.size() - yearAt != 4 ||
            !parseInt(v.sliced(yearAt), y))
            return {};
        return QDate(y, m, d);
    }
    return {};
}

Result<Frame> parseCsv(const QByteArray& text, const QString& sourceName) {
    Frame frame;
    frame.source = sourceName;
    QByteArrayView all(text);
    if (all.startsWith("\xEF\xBB\xBF")) all = all.sliced(3);

    int lineNo = 0;
    bool haveHeader = false;
    std::size_t nValues = 0;
    qsizetype pos = 0;
    auto fail = [&](const QString& what) {
        return Error::badInput(QStringLiteral("%1:%2: %3").arg(sourceName).arg(lineNo).arg(what));
    };
    while (pos < all.size()) {
        qsizetype nl = all.indexOf('\n', pos);
        if (nl < 0) nl = all.size();
        QByteArrayView line = all.sliced(pos, nl - pos);
        pos = nl + 1;
        ++lineNo;
        if (trimmed(line).isEmpty()) continue;
        auto fields = splitFields(line);
        if (!haveHeader) {
            if (fields.size() < 2)
                return fail(
                    QStringLiteral("header needs a date column and at least one value column, got \"%1\"")
                        .arg(show(line)));
            if (parseDateCell(fields[0]).isValid())
                return fail(
                    QStringLiteral("the first row must be a header (date,<name>...), found data \"%1\"")
                        .arg(show(line)));
            for (std::size_t i = 1; i < fields.size(); ++i) {
                QString name = QString::fromUtf8(fields[i].data(), fields[i].size());
                if (name.isEmpty()) name = QStringLiteral("column%1").arg(i);
                frame.names.push_back(name);
            }
            nValues = frame.names.size();
            frame.columns.resize(nValues);
            haveHeader = true;
            continue;
        }
        if (fields.size() != nValues + 1)
            return fail(QStringLiteral("expected %1 fields like the header, found %2")
                            .arg(nValues + 1)
                            .arg(fields.size()));
        const QDate date = parseDateCell(fields[0]);
        if (!date.isValid())
            return fail(QStringLiteral("unparsable date \"%1\" (expected YYYY-MM-DD)").arg(show(fields[0])));
        if (!frame.dates.empty()) {
            if (date == frame.dates.back())
                return fail(QStringLiteral("duplicate date %1").arg(date.toString(Qt::ISODate)));
            if (date < frame.dates.back())
                return fail(QStringLiteral("dates are not in increasing order (%1 after %2)")
                                .arg(date.toString(Qt::ISODate), frame.dates.back().toString(Qt::ISODate)));
        }
        frame.dates.push_back(date);
        for (std::size_t c = 0; c < nValues; ++c) {
            QByteArrayView cell = fields[c + 1];
            double v = std::numeric_limits<double>::quiet_NaN();
            if (!isMissingToken(cell)) {
                auto [p, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
                if (ec != std::errc() || p != cell.data() + cell.size())
                    return fail(QStringLiteral("column \"%1\": non-numeric value \"%2\"")
                                    .arg(frame.names[c], show(cell)));
                if (!std::isfinite(v))
                    return fail(QStringLiteral("column \"%1\": non-finite value \"%2\"")
                                    .arg(frame.names[c], show(cell)));
            }
            frame.columns[c].push_back(v);
        }
    }
    if (!haveHeader) return Error::badInput(QStringLiteral("%1: the file is empty").arg(sourceName));
    if (frame.dates.empty())
        return Error::badInput(QStringLiteral("%1: no data rows after the header").arg(sourceName));
    return frame;
}

Result<Frame> readCsvFile(const QString& path) {
    QFile f(path);
    if (!f.exists()) return Error::badInput(QStringLiteral("%1: no such file").arg(path));
    if (QFileInfo(path).isDir()) return Error::badInput(QStringLiteral("%1: is a directory").arg(path));
    if (!f.open(QIODevice::ReadOnly))
        return Error::badInput(QStringLiteral("%1: cannot open (%2)").arg(path, f.errorString()));
    return parseCsv(f.readAll(), path);
}

} // namespace ts
