#pragma once

namespace ts {

// Keeps freed heap memory in the process instead of handing it back to the kernel after every
// analysis. glibc's defaults trim and mmap blocks above 128 KiB, so each recomputation of a long
// series paid for fresh zeroed pages (about 60% of the chart-data time on a 40-year series).
// Every entry point calls this once at start-up; a no-op where the C library is not glibc.
void tuneAllocator();

} // namespace ts
