// Cron expressions: any text parses or is refused as bad input; for what parses, next() after a
// fixed start is later than it and matches the expression (or there is none within five years).

#include "fuzz_check.h"
#include "schedule/cron.h"

#include <QTimeZone>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto c = ts::CronSchedule::parse(QString::fromUtf8(fuzz::bytes(data, size)));
    if (!c) {
        FUZZ_CHECK(c.error().kind == ts::ErrorKind::BadInput, "a cron problem is bad input");
        return 0;
    }
    static const QDateTime start(QDate(2024, 2, 28), QTime(23, 59, 30), QTimeZone::utc());
    const QDateTime next = c->next(start);
    if (!next.isValid()) return 0; // e.g. 30 February: never
    FUZZ_CHECK(next > start, "the next run is after the start");
    FUZZ_CHECK(c->matches(next), "the next run matches the expression");
    FUZZ_CHECK(next <= start.addYears(5).addDays(1), "the search is bounded");
    return 0;
}
