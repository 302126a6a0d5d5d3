#include "render/pdf_report.h"

#include "charts/chart_painter.h"
#include "charts/montecarlo_chart.h"
#include "render/montecarlo_report.h"
#include "render/report_tables.h"

#include <QDir>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <functional>

namespace ts::ui {
namespace {

constexpr double kRow = 13;    // table row height at 96 dpi
constexpr double kTitle = 22;  // block title
constexpr double kGap = 14;    // space after a block
constexpr double kHeader = 34; // page header band
constexpr double kFooter = 20;

struct Block {
    double height = 0;
    std::function<void(QPainter&, const QRectF&)> paint;
};

QFont font(double pt, bool bold = false) {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(pt);
    f.setBold(bold);
    return f;
}

void paintTitle(QPainter& p, const QRectF& r, const QString& title) {
    p.setFont(font(10, true));
    p.setPen(QColor(0x22, 0x22, 0x22));
    p.drawText(QRectF(r.left(), r.top(), r.width(), kTitle - 6), Qt::AlignLeft | Qt::AlignBottom, title);
    p.setPen(QPen(QColor(0x34, 0x8D, 0xC1), 1.5));
    p.drawLine(QPointF(r.left(), r.top() + kTitle - 3), QPointF(r.right(), r.top() + kTitle - 3));
}

// A table (or a slice of its rows) with its title and column header; first column left-aligned.
Block tableBlock(const ReportTable& t, std::size_t from, std::size_t to, double width, bool withTitle) {
    Block b;
    const bool header = !t.header.isEmpty();
    b.height = (withTitle ? kTitle : 0) + (header ? kRow + 2 : 0) + kRow * static_cast<double>(to - from) + 2;
    b.paint = [t, from, to, width, withTitle, header](QPainter& p, const QRectF& r) {
        double y = r.top();
        if (withTitle) {
            paintTitle(p, r, t.title);
            y += kTitle;
        }
        const int cols = static_cast<int>(
            std::max<qsizetype>(t.header.size(), t.rows.empty() ? 1 : t.rows.front().cells.size()));
        // A wide table (fundamentals: holding, weight and eight ratios) gives its label column less.
        const double first = cols <= 2 ? width * 0.32 : cols > 6 ? width * 0.14 : width * 0.40;
        const double other = cols > 1 ? (width - first) / (cols - 1) : 0;
        auto cellRect = [&](int c, double yy) {
            return c == 0 ? QRectF(r.left() + 2, yy, first - 4, kRow)
                          : QRectF(r.left() + first + (c - 1) * other, yy, other - 4, kRow);
        };
        const Qt::Alignment rightAlign = cols <= 2 ? Qt::AlignLeft : Qt::AlignRight;
        if (header) {
            p.setFont(font(7.5, true));
            p.setPen(Qt::black);
            for (int c = 0; c < t.header.size(); ++c)
                p.drawText(cellRect(c, y), (c == 0 ? Qt::AlignLeft : rightAlign) | Qt::AlignVCenter,
                           t.header[c]);
            y += kRow + 2;
            p.setPen(QPen(QColor(0xBB, 0xBB, 0xBB), 0.8));
            p.drawLine(QPointF(r.left(), y - 1), QPointF(r.left() + width, y - 1));
        }
        p.setFont(font(7.5));
        const QFontMetricsF fm(font(7.5));
        for (std::size_t i = from; i < to; ++i) {
            const auto& row = t.rows[i];
            if (i % 2 == 1) p.fillRect(QRectF(r.left(), y, width, kRow), QColor(0xF4, 0xF7, 0xFA));
            if (row.separatorBefore && i != from) {
                p.setPen(QPen(QColor(0xBB, 0xBB, 0xBB), 0.8));
                p.drawLine(QPointF(r.left(), y), QPointF(r.left() + width, y));
            }
            p.setPen(QColor(0x22, 0x22, 0x22));
            for (int c = 0; c < row.cells.size(); ++c) {
                const QRectF cell = cellRect(c, y);
                p.drawText(cell, (c == 0 ? Qt::AlignLeft : rightAlign) | Qt::AlignVCenter,
                           fm.elidedText(row.cells[c], Qt::ElideRight, cell.width()));
            }
            y += kRow;
        }
    };
    return b;
}

// The metrics table in blocks that break only at its separators.
std::vector<Block> metricsBlocks(const ReportTable& t, double width) {
    std::vector<Block> out;
    std::size_t start = 0;
    for (std::size_t i = 1; i <= t.rows.size(); ++i)
        if (i == t.rows.size() || t.rows[i].separatorBefore) {
            out.push_back(tableBlock(t, start, i, width, start == 0));
            start = i;
        }
    return out;
}

Block chartBlock(ChartId id, const ChartData& d, double width) {
    Block b;
    b.height = chartHeight(id, d, width);
    b.paint = [id, &d](QPainter& p, const QRectF& r) { paintChart(p, r, id, d); };
    return b;
}

Block listBlock(const QString& title, const std::vector<QString>& items, double width) {
    Block b;
    const QFontMetricsF fm(font(7.5));
    double h = kTitle;
    std::vector<double> heights;
    for (const auto& s : items) {
        const double ih = fm.boundingRect(QRectF(0, 0, width - 14, 1e6), Qt::TextWordWrap, s).height() + 3;
        heights.push_back(ih);
        h += ih;
    }
    b.height = h;
    b.paint = [title, items, heights, width](QPainter& p, const QRectF& r) {
        paintTitle(p, r, title);
        p.setFont(font(7.5));
        p.setPen(QColor(0x22, 0x22, 0x22));
        double y = r.top() + kTitle;
        for (std::size_t i = 0; i < items.size(); ++i) {
            p.drawText(QPointF(r.left() + 2, y + 10), QStringLiteral("•"));
            p.drawText(QRectF(r.left() + 14, y, width - 14, heights[i]), Qt::TextWordWrap, items[i]);
            y += heights[i];
        }
    };
    return b;
}

} // namespace

Result<PdfStats> renderPdf(const ReportModel& m, const QString& path, QPageSize::PageSizeId pageId) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::badInput(QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()));
    QPdfWriter pdf(&file);
    pdf.setResolution(96);
    pdf.setPageSize(QPageSize(pageId));
    pdf.setPageMargins(QMarginsF(12, 10, 12, 10), QPageLayout::Millimeter);
    pdf.setTitle(m.title);
    pdf.setCreator(QStringLiteral("Tearsheet %1").arg(m.version));
    const QRectF page(QPointF(0, 0), QSizeF(pdf.width(), pdf.height()));
    const double width = page.width();
    const ChartData& d = m.analysis.chart;

    // Content, in reading order: tables a reader wants first, then every chart.
    std::vector<Block> blocks;
    for (auto& b : metricsBlocks(metricsTable(m), width))
        blocks.push_back(std::move(b));
    for (const ReportTable& t : {eoyTable(m), drawdownsTable(m), correlationTable(m)})
        if (!t.rows.empty()) blocks.push_back(tableBlock(t, 0, t.rows.size(), width, true));
    for (const ReportTable& t : fundamentalsTables(m))
        blocks.push_back(tableBlock(t, 0, t.rows.size(), width, true));
    for (ChartId id : chartsFor(d))
        blocks.push_back(chartBlock(id, d, width));
    if (m.monteCarlo) { // the fan chart, its summary table and its notes
        const ReportMonteCarlo& mc = *m.monteCarlo;
        blocks.push_back({width * 0.45, [&mc](QPainter& p, const QRectF& r) {
                              paintMonteCarloFan(p, r, mc.result, monteCarloTitle(mc));
                          }});
        const ReportTable t = monteCarloTable(mc);
        blocks.push_back(tableBlock(t, 0, t.rows.size(), width, true));
        blocks.push_back(listBlock(QStringLiteral("Monte Carlo notes"), monteCarloNotes(mc), width));
    }
    const ReportTable params = parametersTable(m);
    blocks.push_back(tableBlock(params, 0, params.rows.size(), width, true));
    blocks.push_back(listBlock(QStringLiteral("Data quality"), m.dataQuality, width));

    // Paginate first so every footer can say "of N".
    const double top = kHeader, bottom = page.height() - kFooter;
    std::vector<std::pair<int, double>> place; // page, y
    int pageNo = 0;
    double y = top;
    for (const auto& b : blocks) {
        if (y + b.height > bottom && y > top) {
            ++pageNo;
            y = top;
        }
        place.emplace_back(pageNo, y);
        y += b.height + kGap;
    }
    const int pages = pageNo + 1;

    QPainter p;
    if (!p.begin(&pdf)) return Error::internal(QStringLiteral("%1: cannot start the PDF").arg(path));
    p.setRenderHint(QPainter::Antialiasing);
    auto frame = [&](int n) {
        p.setFont(font(11, true));
        p.setPen(QColor(0x22, 0x22, 0x22));
        p.drawText(QRectF(0, 0, width * 0.65, 22), Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetricsF(font(11, true)).elidedText(m.title, Qt::ElideRight, width * 0.65));
        p.setFont(font(8));
        p.setPen(QColor(0x66, 0x66, 0x66));
        p.drawText(
            QRectF(width * 0.5, 0, width * 0.5, 22), Qt::AlignRight | Qt::AlignVCenter,
            QStringLiteral("%1 to %2").arg(m.start.toString(Qt::ISODate), m.end.toString(Qt::ISODate)));
        p.setPen(QPen(QColor(0xCC, 0xCC, 0xCC), 0.8));
        p.drawLine(QPointF(0, 26), QPointF(width, 26));
        p.setFont(font(7));
        p.setPen(QColor(0x88, 0x88, 0x88));
        p.drawText(QRectF(0, page.height() - 14, width, 14), Qt::AlignCenter,
                   QStringLiteral("Page %1 of %2 · Tearsheet %3").arg(n + 1).arg(pages).arg(m.version));
    };
    int current = 0;
    frame(0);
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        while (current < place[i].first) {
            pdf.newPage();
            frame(++current);
        }
        blocks[i].paint(p, QRectF(0, place[i].second, width, blocks[i].height));
    }
    p.end();
    if (!file.commit())
        return Error::internal(QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()));
    return PdfStats{pages};
}

} // namespace ts::ui
