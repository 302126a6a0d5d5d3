#include "charts/svg_text.h"

#include <string.h> // memmem (GNU), strlen
#include <vector>

namespace ts::ui {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
// glibc's memmem: several times faster than QByteArray::indexOf over a chart's text.
qsizetype find(const QByteArray& s, const char* needle, qsizetype from = 0) {
    const std::size_t n = ::strlen(needle);
    if (from >= s.size()) return -1;
    const void* hit = ::memmem(s.constData() + from, static_cast<std::size_t>(s.size() - from), needle, n);
    return hit ? static_cast<const char*>(hit) - s.constData() : -1;
}
bool isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A run of whitespace that holds two or more newlines becomes one newline (and what followed the
// last of them, the next line's indentation).
QByteArray collapseBlankLines(const QByteArray& in) {
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size();) {
        const qsizetype nl = in.indexOf('\n', i);
        if (nl < 0) {
            out.append(in.constData() + i, in.size() - i);
            break;
        }
        out.append(in.constData() + i, nl - i + 1);
        qsizetype lastNewline = -1;
        for (qsizetype k = nl + 1; k < in.size() && isSpace(in[k]); ++k)
            if (in[k] == '\n') lastNewline = k;
        i = lastNewline > 0 ? lastNewline + 1 : nl + 1;
    }
    return out;
}

// `name="..."` at `at` (with an empty name: `="..."`); the index after the closing quote, or -1.
qsizetype quotedAttribute(const QByteArray& s, qsizetype at, const char* name) {
    const QByteArray prefix = QByteArray(name) + "=\"";
    if (!QByteArrayView(s).sliced(at).startsWith(prefix)) return -1;
    const qsizetype close = s.indexOf('"', at + prefix.size());
    return close < 0 ? -1 : close + 1;
}

} // namespace

QByteArray dropEmptyGroups(const QByteArray& in) {
    QByteArray out;
    out.reserve(in.size());
    // A group is empty when nothing but whitespace was written after its tag: the last non-space
    // byte of `out` lies before its content.
    qsizetype lastNonSpace = -1;
    auto append = [&](const char* p, qsizetype n) {
        out.append(p, n);
        for (qsizetype k = out.size() - 1; k >= out.size() - n; --k)
            if (!isSpace(out[k])) {
                lastNonSpace = k;
                break;
            }
    };
    struct Open {
        qsizetype start, contentStart; // in `out`
    };
    std::vector<Open> open;
    for (qsizetype i = 0; i < in.size();) {
        const qsizetype lt = in.indexOf('<', i);
        if (lt < 0) {
            append(in.constData() + i, in.size() - i);
            break;
        }
        append(in.constData() + i, lt - i);
        i = lt;
        if (i + 2 < in.size() && in[i + 1] == 'g' && !isWordChar(in[i + 2])) {
            const qsizetype end = in.indexOf('>', i);
            if (end < 0) {
                append(in.constData() + i, in.size() - i);
                break;
            }
            open.push_back({out.size(), out.size() + (end - i + 1)});
            append(in.constData() + i, end - i + 1);
            i = end + 1;
        } else if (QByteArrayView(in).sliced(i).startsWith("</g>")) {
            if (!open.empty() && lastNonSpace < open.back().contentStart) {
                out.truncate(open.back().start);
                lastNonSpace = out.size() - 1;
                while (lastNonSpace >= 0 && isSpace(out[lastNonSpace]))
                    --lastNonSpace;
            } else {
                append("</g>", 4);
            }
            if (!open.empty()) open.pop_back();
            i += 4;
        } else {
            append("<", 1);
            ++i;
        }
    }
    return collapseBlankLines(out);
}

QByteArray svgForInlining(const QByteArray& svg) {
    QByteArray s = svg;
    // <?xml ... ?> and <!DOCTYPE ...>, wherever they are.
    for (qsizetype from = 0;;) {
        const qsizetype at = find(s, "<?xml", from);
        if (at < 0) break;
        const qsizetype end = s.indexOf('>', at + 5);
        if (end < 0) break;
        if (end - 1 >= at + 5 && s[end - 1] == '?') {
            s.remove(at, end - at + 1);
            from = at;
        } else {
            from = at + 1;
        }
    }
    for (qsizetype at; (at = find(s, "<!DOCTYPE")) >= 0;) {
        const qsizetype end = s.indexOf('>', at + 9);
        if (end < 0) break;
        s.remove(at, end - at + 1);
    }
    // Every xmlns or xmlns:prefix attribute with the whitespace before it.
    for (qsizetype from = 0;;) {
        const qsizetype at = find(s, "xmlns", from);
        if (at < 0) break;
        qsizetype p = at + 5;
        if (p < s.size() && s[p] == ':') {
            qsizetype q = p + 1;
            while (q < s.size() && isWordChar(s[q]))
                ++q;
            if (q > p + 1) p = q; // "xmlns:" with no name: only the plain attribute could match
        }
        qsizetype start = at;
        while (start > 0 && isSpace(s[start - 1]))
            --start;
        const qsizetype close = start < at && s.size() > p && s[p] == '=' ? quotedAttribute(s, p, "") : -1;
        if (close > 0) {
            s.remove(start, close - start);
            from = start;
        } else {
            from = at + 1;
        }
    }
    // width="..." height="..." in the <svg> tag: the viewBox sizes it.
    for (qsizetype from = 0;;) {
        const qsizetype at = find(s, "<svg", from);
        if (at < 0) break;
        const qsizetype tagEnd = s.indexOf('>', at);
        bool done = false;
        for (qsizetype p = at + 4; p < (tagEnd < 0 ? s.size() : tagEnd) && !done; ++p) {
            if (!isSpace(s[p])) continue;
            qsizetype q = p;
            while (q < s.size() && isSpace(s[q]))
                ++q;
            const qsizetype afterWidth = quotedAttribute(s, q, "width");
            if (afterWidth < 0) continue;
            qsizetype r = afterWidth;
            while (r < s.size() && isSpace(s[r]))
                ++r;
            if (r == afterWidth) continue;
            const qsizetype afterHeight = quotedAttribute(s, r, "height");
            if (afterHeight < 0) continue;
            s.remove(p, afterHeight - p);
            done = true;
        }
        from = at + 1;
    }
    return s.trimmed();
}

} // namespace ts::ui
