// The instructions of a trace, packed: a fixed 40-byte record per instruction (operands, shape,
// tag, the modulus as an index into the trace's few distinct moduli, a 32-bit count), the rare
// fields (offsets, merge groups, automorphism indices, strided or gather DMA patterns, counts of
// 2^32 elements or more) in a side table, and the dependencies of all instructions in one array
// with a start index per instruction (no allocation per instruction). Reads give an Instr by
// value; deps(i) the dependency list. About 40 + 4 + 4 x deps bytes per instruction, plus the
// side table's share (docs/models.md, "Memory"). Plain C++.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

#include "trace/instr.hpp"

namespace hesa {

class InstrList {
 public:
  size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  inline Instr operator[](size_t i) const;  // defined below: inlined where read
  Instr at(size_t i) const;
  Instr back() const { return (*this)[size() - 1]; }
  UnitKind unit(size_t i) const { return opcode_unit(static_cast<Opcode>(records_[i].op)); }
  uint8_t core(size_t i) const { return records_[i].core; }
  uint32_t tag(size_t i) const { return records_[i].tag; }
  Opcode op(size_t i) const { return static_cast<Opcode>(records_[i].op); }
  // Renames instruction i's tag (an index into Trace::tags).
  void set_tag(size_t i, uint32_t tag) { records_[i].tag = tag; }
  // The earlier instructions instruction i waits for, sorted.
  std::span<const uint32_t> deps(size_t i) const {
    return {deps_.data() + dep_start_[i], deps_.data() + dep_start_[i + 1]};
  }
  // Appends an instruction with its dependencies.
  void push_back(const Instr& in, std::span<const uint32_t> deps = {});
  // Adds a dependency to the last instruction (kept sorted and unique).
  void add_dep_to_last(uint32_t dep);
  // Room for n instructions with deps dependencies in all, `extras` of them with a side-table
  // entry and `accesses` with a strided or gather DMA pattern.
  void reserve(size_t n, size_t deps = 0, size_t extras = 0, size_t accesses = 0);
  // Bytes held, all tables together.
  size_t bytes() const;

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Instr;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Instr;
    iterator(const InstrList* list, size_t i) : list_(list), i_(i) {}
    Instr operator*() const { return (*list_)[i_]; }
    iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const iterator& o) const { return i_ == o.i_; }
    bool operator!=(const iterator& o) const { return i_ != o.i_; }

   private:
    const InstrList* list_;
    size_t i_;
  };
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }

 private:
  static constexpr uint8_t kStationary = 1 << 2;
  static constexpr uint8_t kHasExtra = 1 << 3;
  static constexpr uint8_t kLazy = 1 << 4;
  static constexpr int kConvDimsShift = 5;  // bits 5-6: Instr::conv_dims

  struct Record {  // 40 bytes
    uint8_t op;
    uint8_t flags;  // bits 0-1 reduction, 2 a_stationary, 3 has an extra, 4 lazy, 5-6 conv_dims
    uint8_t core;
    uint8_t cols_log;  // Instr::cols as log2 + 1 (0: none)
    uint32_t tag;
    int32_t dst, a, b;
    uint32_t m, n, k;
    uint32_t q;  // index into moduli_
    // flags bit 3: index into extras_ (which holds the count); else the DMA count.
    uint32_t count_or_extra;
  };
  struct Extra {
    uint64_t dst_off, a_off, b_off, count;
    uint32_t group, galois;
    uint32_t access;  // index into accesses_ + 1 (0: contiguous)
  };
  std::vector<Record> records_;
  std::vector<Extra> extras_;
  std::vector<DmaAccess> accesses_;  // strided and gather DMA patterns
  std::vector<uint64_t> moduli_;     // the distinct moduli, in order of first use
  std::vector<uint32_t> deps_;
  std::vector<uint32_t> dep_start_ = {0};  // deps of i: [dep_start_[i], dep_start_[i + 1])
};

inline Instr InstrList::operator[](size_t i) const {
  const Record& r = records_[i];
  Instr in{.op = static_cast<Opcode>(r.op)};
  in.reduction = static_cast<Reduction>(r.flags & 3);
  in.dst = r.dst;
  in.a = r.a;
  in.b = r.b;
  in.m = r.m;
  in.n = r.n;
  in.k = r.k;
  in.q = moduli_[r.q];
  in.count = r.count_or_extra;
  in.a_stationary = (r.flags & kStationary) != 0;
  in.lazy = (r.flags & kLazy) != 0;
  in.conv_dims = static_cast<uint8_t>((r.flags >> kConvDimsShift) & 3);
  in.tag = r.tag;
  in.core = r.core;
  in.cols = r.cols_log ? uint32_t{1} << (r.cols_log - 1) : 0;
  if (r.flags & kHasExtra) {
    const Extra& e = extras_[r.count_or_extra];
    in.dst_off = e.dst_off;
    in.a_off = e.a_off;
    in.b_off = e.b_off;
    in.count = e.count;
    in.group = e.group;
    in.galois = e.galois;
    if (e.access) in.access = accesses_[e.access - 1];
  }
  return in;
}

}  // namespace hesa
