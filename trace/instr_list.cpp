#include "trace/instr_list.hpp"

#include "trace/huge_pages.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace hesa {

namespace {

bool default_access(const DmaAccess& a) {
  return a.kind == AccessKind::kContiguous && a.chunk_bytes == 0 && a.stride_bytes == 0 &&
         a.chunks == 0 && a.seed == 0;
}

}  // namespace

Instr InstrList::at(size_t i) const {
  if (i >= size()) throw std::out_of_range("instruction index out of range");
  return (*this)[i];
}

void InstrList::push_back(const Instr& in, std::span<const uint32_t> deps) {
  Record r{};
  r.op = static_cast<uint8_t>(in.op);
  r.flags = static_cast<uint8_t>(static_cast<uint8_t>(in.reduction) & 3);
  if (in.a_stationary) r.flags |= kStationary;
  if (in.lazy) r.flags |= kLazy;
  r.flags |= static_cast<uint8_t>((in.conv_dims & 3) << kConvDimsShift);
  r.core = in.core;
  if (in.cols != 0) {
    if ((in.cols & (in.cols - 1)) != 0) throw std::invalid_argument("cols: not a power of two");
    r.cols_log = static_cast<uint8_t>(std::bit_width(in.cols));
  }
  r.tag = in.tag;
  r.dst = in.dst;
  r.a = in.a;
  r.b = in.b;
  r.m = in.m;
  r.n = in.n;
  r.k = in.k;
  // Few distinct moduli: the last one found is usually the next one asked.
  auto it = std::find(moduli_.rbegin(), moduli_.rend(), in.q);
  if (it == moduli_.rend()) {
    moduli_.push_back(in.q);
    r.q = static_cast<uint32_t>(moduli_.size() - 1);
  } else {
    r.q = static_cast<uint32_t>(moduli_.rend() - it - 1);
  }
  const bool extra = in.dst_off || in.a_off || in.b_off || in.count > UINT32_MAX || in.group ||
                     in.galois || !default_access(in.access);
  if (extra) {
    r.flags |= kHasExtra;
    r.count_or_extra = static_cast<uint32_t>(extras_.size());
    uint32_t access = 0;
    if (!default_access(in.access)) {
      accesses_.push_back(in.access);
      access = static_cast<uint32_t>(accesses_.size());
    }
    extras_.push_back({in.dst_off, in.a_off, in.b_off, in.count, in.group, in.galois, access});
  } else {
    r.count_or_extra = static_cast<uint32_t>(in.count);
  }
  if (deps_.size() + deps.size() > UINT32_MAX) {
    throw std::length_error("more than 2^32 dependencies in one trace");
  }
  records_.push_back(r);
  deps_.insert(deps_.end(), deps.begin(), deps.end());
  dep_start_.push_back(static_cast<uint32_t>(deps_.size()));
}

void InstrList::add_dep_to_last(uint32_t dep) {
  const auto first = deps_.begin() + dep_start_[size() - 1];
  const auto pos = std::lower_bound(first, deps_.end(), dep);
  if (pos != deps_.end() && *pos == dep) return;
  deps_.insert(pos, dep);
  ++dep_start_.back();
}

void InstrList::reserve(size_t n, size_t deps, size_t extras, size_t accesses) {
  reserve_huge(records_, n);
  reserve_huge(dep_start_, n + 1);
  reserve_huge(deps_, deps);
  reserve_huge(extras_, extras);
  accesses_.reserve(accesses);
}

size_t InstrList::bytes() const {
  return records_.capacity() * sizeof(Record) + extras_.capacity() * sizeof(Extra) +
         accesses_.capacity() * sizeof(DmaAccess) + moduli_.capacity() * sizeof(uint64_t) +
         deps_.capacity() * sizeof(uint32_t) + dep_start_.capacity() * sizeof(uint32_t);
}

}  // namespace hesa
