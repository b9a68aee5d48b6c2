// Executes a trace on real numbers: int8 matmuls with int32 accumulation, byte convolutions with
// u32 accumulation, bf16 matmuls with f32 accumulation (values stored as their bit patterns),
// u32/u64 vector ops (lazy reductions as CROSS computes them), XLU permutations.
// The same trace the timing models run, so a bit-exact result proves the lowering.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "trace/trace.hpp"

namespace hesa {

class FunctionalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class FunctionalMachine {
 public:
  explicit FunctionalMachine(const Trace& trace);
  // Writes an input limb (and its Shoup companion when the slice asks for one, mod q).
  void write(const IoSlice& slice, const std::vector<uint32_t>& limb, uint64_t q = 0);
  std::vector<uint32_t> read(const IoSlice& slice, uint64_t n) const;
  void execute(uint32_t instr_index);
  void run();  // every instruction in program order (a valid order by construction)

 private:
  std::vector<uint64_t>& data(int buffer);
  const std::vector<uint64_t>& src(int buffer) const;
  void matmul(const Instr& in);
  void elementwise(const Instr& in);
  void bat_mul(const Instr& in);
  void conv(const Instr& in);
  void merge_shoup(const Instr& in);
  void butterflies(const Instr& in);
  void matmul_bf16(const Instr& in);
  void transpose(const Instr& in);
  void permute(const Instr& in);
  void split_rows(const Instr& in);
  void split_cols(const Instr& in);
  void merge(const Instr& in, bool rows);

  const Trace& trace_;
  std::vector<std::vector<uint64_t>> mem_;
};

}  // namespace hesa
