#include "analytics/convention.h"

namespace ts {

ConventionRules rulesFor(Convention c) {
    switch (c) {
    case Convention::QuantStats:
        return ConventionRules{};
    }
    return ConventionRules{};
}

QString conventionName(Convention c) {
    switch (c) {
    case Convention::QuantStats:
        return QStringLiteral("quantstats");
    }
    return {};
}

std::optional<Convention> conventionFromName(const QString& name) {
    if (name.compare(QStringLiteral("quantstats"), Qt::CaseInsensitive) == 0) return Convention::QuantStats;
    return std::nullopt;
}

} // namespace ts
