#pragma once
// The ceilings every input is held to, in one place (README "Input limits" lists them). Each is
// far above real data and keeps memory within a small multiple of the input: a parser refuses
// what exceeds them with a bad-input error instead of allocating in proportion to a hostile count.

#include <QtGlobal>

namespace ts::limits {

// CSV files (returns, prices, the file provider).
inline constexpr qint64 kMaxCsvFileBytes = qint64(1) << 30; // 1 GiB
inline constexpr qsizetype kMaxCsvLineBytes = 1 << 20;      // 1 MiB per row
inline constexpr qsizetype kMaxCsvFieldBytes = 4096;        // one cell or column name
inline constexpr qsizetype kMaxCsvColumns = 1000;           // per row, date column included
inline constexpr qsizetype kMaxCsvCells = 20'000'000;       // values in one file (160 MB of doubles)
inline constexpr qsizetype kMaxSeriesValues = 5'000'000; // rows of one series (daily data for 13,000 years)

// JSON documents a user hands us (report configs, settings, workspaces).
inline constexpr qint64 kMaxConfigFileBytes = 16 << 20; // 16 MiB

// Names (reports, series, symbols, columns) and quoted input in messages.
inline constexpr qsizetype kMaxNameChars = 200;
inline constexpr qsizetype kExcerptChars = 40;

// The screen language: characters and parenthesis/"not"/minus nesting.
inline constexpr qsizetype kMaxScreenChars = 2000;
inline constexpr int kMaxScreenDepth = 50;

} // namespace ts::limits
