// The CSV reader: whatever it accepts has supported, strictly increasing dates, one value per
// column per date, finite values or NaN; and what it accepts survives a write -> read round trip.

#include "data/csv_reader.h"
#include "data/date_validation.h"
#include "fuzz_check.h"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto frame = ts::parseCsv(fuzz::bytes(data, size), QStringLiteral("fuzz.csv"));
    if (!frame) {
        FUZZ_CHECK(frame.error().kind == ts::ErrorKind::BadInput, "a CSV problem is bad input");
        FUZZ_CHECK(frame.error().message.size() < 1000, "messages quote only an excerpt");
        return 0;
    }
    const auto& f = *frame;
    FUZZ_CHECK(!f.dates.empty() && !f.names.empty(), "a frame has rows and columns");
    FUZZ_CHECK(f.columns.size() == f.names.size(), "one column per name");
    for (std::size_t i = 0; i < f.dates.size(); ++i) {
        FUZZ_CHECK(ts::isSupportedDate(f.dates[i]), "dates within years 1-9999");
        FUZZ_CHECK(i == 0 || f.dates[i - 1] < f.dates[i], "dates strictly increase");
    }
    for (const auto& c : f.columns) {
        FUZZ_CHECK(c.size() == f.dates.size(), "one value per date");
        for (double v : c)
            FUZZ_CHECK(std::isnan(v) || std::isfinite(v), "values finite or missing");
    }
    // Round trip: ISO dates, shortest round-trip numbers, empty for missing. Names that the reader
    // would read differently (quotes, commas, blanks at the ends) are not comparable; skip those.
    QByteArray out = "date";
    for (const auto& n : f.names) {
        const QByteArray u = n.toUtf8();
        if (u.contains(',') || u.contains('"') || u.contains('\n') || u.contains('\r') || u.trimmed() != u ||
            u.startsWith("column"))
            return 0;
        out += ',' + u;
    }
    out += '\n';
    for (std::size_t i = 0; i < f.dates.size(); ++i) {
        out += f.dates[i].toString(Qt::ISODate).toLatin1();
        for (const auto& c : f.columns) {
            out += ',';
            if (!std::isnan(c[i])) out += QByteArray::number(c[i], 'g', QLocale::FloatingPointShortest);
        }
        out += '\n';
    }
    auto back = ts::parseCsv(out, QStringLiteral("roundtrip.csv"));
    FUZZ_CHECK(back.ok(), "what was read can be written and read again");
    FUZZ_CHECK(back->dates == f.dates && back->names == f.names, "round trip keeps dates and names");
    for (std::size_t c = 0; c < f.columns.size(); ++c)
        for (std::size_t i = 0; i < f.dates.size(); ++i) {
            const double a = f.columns[c][i], b = back->columns[c][i];
            FUZZ_CHECK((std::isnan(a) && std::isnan(b)) || a == b, "round trip keeps every value");
        }
    return 0;
}
