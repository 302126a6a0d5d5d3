#include "data/csv_reader.h"

#include "data/date_validation.h"
#include "util/bounded_read.h"
#include "util/excerpt.h"
#include "util/input_limits.h"
#include "util/text_encoding.h"

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

// Stops after `maxFields` + 1 fields: a row of millions of commas must not become millions of views.
// `out` is reused from line to line (one allocation per file, not per row).
void splitFields(QByteArrayView line, std::size_t maxFields, std::vector<QByteArrayView>& out) {
    out.clear();
    qsizetype start = 0;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size() && out.size() <= maxFields; ++i) {
        const char c = line[i];
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted) {
            out.push_back(trimmed(line.sliced(start, i - start)));
            start = i + 1;
        }
    }
    if (out.size() <= maxFields) out.push_back(trimmed(line.sliced(start)));
}

bool isMissingToken(QByteArrayView v) {
    if (v.isEmpty()) return true;
    // A number starts with a digit, a sign or a point: the common case needs no comparison.
    const char c = v.front();
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') return false;
    const QByteArray lower = v.toByteArray().toLower();
    return lower == "nan" || lower == "na" || lower == "n/a" || lower == "null" || lower == "none" ||
           lower == "#n/a";
}

// Digits with an optional leading '-' (so that a negative year is named as such in the message).
bool parseInt(QByteArrayView v, int& out) {
    if (v.isEmpty()) return false;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && p == v.data() + v.size();
}

QString show(QByteArrayView v) {
    return excerpt(v);
}

struct DateParts {
    int y = 0, m = 0, d = 0;
};

// The year, month and day a cell spells, before any range check; nothing when it is no date layout.
std::optional<DateParts> dateParts(QByteArrayView cell) {
    QByteArrayView v = trimmed(cell);
    // Drop a time part: "2015-01-02 00:00:00", "2015-01-02T00:00:00Z".
    for (qsizetype i = 0; i < v.size(); ++i)
        if (v[i] == ' ' || v[i] == 'T') {
            v = v.first(i);
            break;
        }
    int y = 0, m = 0, d = 0;
    if (v.size() == 10 && v[4] == '-' && v[7] == '-') {
        // YYYY-MM-DD, digit by digit: every row of every file has one.
        // A leading '-' is read as a sign, so the message can name a negative year as such.
        auto digits = [&](qsizetype at, qsizetype n, int& out) {
            const bool negative = at == 0 && v[0] == '-';
            out = 0;
            for (qsizetype i = at + (negative ? 1 : 0); i < at + n; ++i) {
                if (v[i] < '0' || v[i] > '9') return false;
                out = out * 10 + (v[i] - '0');
            }
            if (negative) out = -out;
            return n > (negative ? 1 : 0);
        };
        if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
        return DateParts{y, m, d};
    }
    const qsizetype s1 = v.indexOf('/');
    const qsizetype s2 = s1 < 0 ? -1 : v.sliced(s1 + 1).indexOf('/');
    if (s1 > 0 && s2 > 0) { // M/D/YYYY, the layout of US spreadsheet exports
        const qsizetype yearAt = s1 + 1 + s2 + 1;
        if (!parseInt(v.sliced(0, s1), m) || !parseInt(v.sliced(s1 + 1, s2), d) || v.size() - yearAt != 4 ||
            !parseInt(v.sliced(yearAt), y))
            return std::nullopt;
        return DateParts{y, m, d};
    }
    return std::nullopt;
}

// Why a cell that is not a supported date was refused: its year, or its layout.
QString dateProblem(QByteArrayView cell) {
    const auto p = dateParts(cell);
    if (p && (p->y < kMinYear || p->y > kMaxYear))
        return QStringLiteral("date \"%1\": year %2 is outside the supported years %3-%4")
            .arg(show(cell))
            .arg(p->y)
            .arg(kMinYear)
            .arg(kMaxYear);
    return QStringLiteral("unparsable date \"%1\" (expected YYYY-MM-DD)").arg(show(cell));
}

} // namespace

QDate parseDateCell(QByteArrayView cell) {
    const auto p = dateParts(cell);
    // The year is checked before a QDate exists (asking a QDate for its year is a calendar computation).
    if (!p || p->y < kMinYear || p->y > kMaxYear) return {};
    return QDate(p->y, p->m, p->d); // invalid (null) for a day that does not exist
}

Result<Frame> parseCsv(const QByteArray& text, const QString& sourceName) {
    Frame frame;
    frame.source = sourceName;
    QByteArrayView all(text);
    if (auto problem = textEncodingProblem(all))
        return Error::badInput(QStringLiteral("%1: %2").arg(sourceName, *problem));
    if (all.startsWith("\xEF\xBB\xBF")) all = all.sliced(3);

    int lineNo = 0;
    bool haveHeader = false;
    std::size_t nValues = 0;
    qsizetype pos = 0;
    auto fail = [&](const QString& what) {
        return Error::badInput(QStringLiteral("%1:%2: %3").arg(sourceName).arg(lineNo).arg(what));
    };
    auto column = [&](std::size_t c) { return excerpt(frame.names[c]); };
    constexpr auto maxFields = static_cast<std::size_t>(limits::kMaxCsvColumns);
    std::vector<QByteArrayView> fields;
    while (pos < all.size()) {
        qsizetype nl = all.indexOf('\n', pos);
        if (nl < 0) nl = all.size();
        QByteArrayView line = all.sliced(pos, nl - pos);
        pos = nl + 1;
        ++lineNo;
        if (line.size() > limits::kMaxCsvLineBytes)
            return fail(QStringLiteral("the line is longer than %1 bytes (%2): \"%3\"")
                            .arg(limits::kMaxCsvLineBytes)
                            .arg(line.size())
                            .arg(show(line)));
        if (trimmed(line).isEmpty()) continue;
        splitFields(line, maxFields, fields);
        if (fields.size() > maxFields)
            return fail(QStringLiteral("more than %1 columns").arg(limits::kMaxCsvColumns));
        for (const auto& f : fields)
            if (f.size() > limits::kMaxCsvFieldBytes)
                return fail(QStringLiteral("a field is longer than %1 bytes: \"%2\"")
                                .arg(limits::kMaxCsvFieldBytes)
                                .arg(show(f)));
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
                // fromUtf8 drops one leading BOM; drop them all (files concatenated from several
                // exports), so that a name reads the same however often it is written and read.
                while (name.startsWith(QChar(0xFEFF)))
                    name.remove(0, 1);
                if (name.size() > limits::kMaxNameChars)
                    return fail(QStringLiteral("column %1: the name is longer than %2 characters: \"%3\"")
                                    .arg(i + 1)
                                    .arg(limits::kMaxNameChars)
                                    .arg(excerpt(name)));
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
        if (frame.dates.size() >= static_cast<std::size_t>(limits::kMaxSeriesValues) ||
            (frame.dates.size() + 1) * nValues > static_cast<std::size_t>(limits::kMaxCsvCells))
            return fail(QStringLiteral("more than %1 rows or %2 values in one file")
                            .arg(limits::kMaxSeriesValues)
                            .arg(limits::kMaxCsvCells));
        const QDate date = parseDateCell(fields[0]);
        if (!date.isValid()) return fail(dateProblem(fields[0]));
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
                if (ec == std::errc::result_out_of_range && p == cell.data() + cell.size())
                    return fail(QStringLiteral("column \"%1\": value \"%2\" is out of the range of a double "
                                               "(about 1e-308 to 1e308)")
                                    .arg(column(c), show(cell)));
                if (ec != std::errc() || p != cell.data() + cell.size())
                    return fail(
                        QStringLiteral("column \"%1\": non-numeric value \"%2\"").arg(column(c), show(cell)));
                if (!std::isfinite(v))
                    return fail(
                        QStringLiteral("column \"%1\": non-finite value \"%2\"").arg(column(c), show(cell)));
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
    auto text = readFileBounded(path, limits::kMaxCsvFileBytes, QStringLiteral("a CSV file"));
    if (!text) return text.error();
    return parseCsv(*text, path);
}

} // namespace ts
