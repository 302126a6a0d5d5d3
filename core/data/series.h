#pragma once
// Date-indexed daily series. Dates are strictly increasing; a missing value is NaN.

#include <QDate>
#include <QString>
#include <cstddef>
#include <vector>

namespace ts {

struct Series {
    QString name;
    std::vector<QDate> dates;
    std::vector<double> values;

    std::size_t size() const { return values.size(); }
    bool empty() const { return values.empty(); }
};

// Several value columns sharing one date index, as read from a CSV file.
struct Frame {
    QString source; // file name or other origin, for messages
    std::vector<QDate> dates;
    std::vector<QString> names;
    std::vector<std::vector<double>> columns;

    int columnIndex(const QString& name) const; // case-insensitive, -1 if absent
    Series column(int i) const;
};

} // namespace ts
