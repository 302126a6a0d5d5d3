#include "data/series.h"

namespace ts {

int Frame::columnIndex(const QString& name) const {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i].compare(name, Qt::CaseInsensitive) == 0) return static_cast<int>(i);
    return -1;
}

Series Frame::column(int i) const {
    Series s;
    s.name = names.at(static_cast<std::size_t>(i));
    s.dates = dates;
    s.values = columns.at(static_cast<std::size_t>(i));
    return s;
}

} // namespace ts
