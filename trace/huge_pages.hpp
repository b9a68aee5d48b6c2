// Large per-instruction tables (the packed instruction list, the spans, the sequencer's
// bookkeeping) are touched once each, page by page: backed by 4 KiB pages, a ten-million-
// instruction run takes hundreds of thousands of page faults. Where the kernel offers
// transparent huge pages on request (Linux, THP in madvise mode), this asks for them on a table's
// reserved but untouched memory, so a fault maps 2 MiB. A hint only: it changes no result.
#pragma once

#include <cstddef>
#include <vector>

namespace hesa {

// Advises huge pages for the whole 2 MiB pages inside [data, data + bytes).
void advise_huge_pages(const void* data, size_t bytes);

// Reserves room for n elements and advises huge pages for it (before any is written).
template <typename T>
void reserve_huge(std::vector<T>& v, size_t n) {
  v.reserve(n);
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace hesa
