#include "util/allocator.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ts {

void tuneAllocator() {
#if defined(__GLIBC__)
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
#endif
}

} // namespace ts
