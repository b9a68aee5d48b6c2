#include "models/mxu/mxu_module.hpp"

#include "models/mxu/mxu_cost.hpp"

namespace hesa {

namespace {

std::vector<std::string> array_names(const char* module, int count) {
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) names.push_back(std::string(module) + std::to_string(i));
  return names;
}

}  // namespace

MxuModule::MxuModule(sc_core::sc_module_name name, const MxuConfig& mxu, double clock_ghz, int core,
                     Sequencer& seq, VmemModule& vmem, Timeline* timeline)
    : PortUnit(name, UnitKind::kMxu, core, clock_ghz, seq, vmem, timeline,
               array_names(name, mxu.count)),
      mxu_(mxu) {}

PortCost MxuModule::cost(const Instr& in) {
  const bool bat = in.op == Opcode::kBatMulVec;
  const bool conv = in.op == Opcode::kConvU8;
  const GemmShape shape = bat ? bat_mul_shape(mxu_, in) : conv ? conv_shape(in) : gemm_shape(in);
  const bool int8 = matmul_is_int8(in);
  const auto key = std::make_tuple(shape.stream, shape.contraction, shape.outputs, int8, bat);
  auto it = splits_.find(key);
  if (it == splits_.end()) {
    it = splits_.emplace(key, mxu_split_cost(mxu_, shape, int8, !bat)).first;
  }
  const MxuSplit& split = it->second;
  last_arrays_ = split.arrays();
  const uint64_t macs = bat ? bat_mul_macs(in) : conv ? conv_macs(in) : split.macs;
  (int8 ? int8_macs_ : bf16_macs_) += macs;
  const double rate = int8 ? mxu_.int8_macs_per_pe_cycle : mxu_.bf16_macs_per_pe_cycle;
  peak_cycles_ += static_cast<double>(macs) / (rate * mxu_.rows * mxu_.cols);
  // A BAT product's traffic is its operand, blocks and partial sums, however it is split; a
  // convolution writes its 7 partials per output once.
  MxuTraffic traffic = bat ? bat_mul_vmem_traffic(in) : split.traffic;
  if (conv) traffic.write_bytes = conv_vmem_traffic(mxu_, in).write_bytes;
  return {.cycles = split.cycles,
          .vmem_read_bytes = traffic.read_bytes,
          .vmem_write_bytes = traffic.write_bytes,
          .compute_cycles = split.compute_cycles};
}

void MxuModule::record(const Instr& in, uint32_t index, double start, double end) {
  // Every array of the split is occupied until the instruction ends.
  UnitCounters& c = counters_mut();
  for (int a = 0; a < last_arrays_; ++a) {
    if (timeline()) timeline()->record(track(a), index, in.tag, start, end, true);
    c.busy_ns += end - start;
    c.busy_ns_by_tag[in.tag] += end - start;
  }
}

BlockReport MxuModule::report(const std::vector<const ReportingBlock*>& instances,
                              const RunSpan& span) const {
  const auto mxus = instances_as<MxuModule>(instances);
  uint64_t int8_macs = 0, bf16_macs = 0, vmem = 0, instrs = 0;
  double compute = 0, peak_cycles = 0, busy_ns = 0;
  for (const MxuModule* m : mxus) {
    int8_macs += m->int8_macs_, bf16_macs += m->bf16_macs_;
    compute += m->compute_cycles(), peak_cycles += m->peak_cycles_;
    vmem += m->vmem_bytes();
  }
  for (const MxuModule* m : mxus) busy_ns += m->counters().busy_ns, instrs += m->counters().instrs;
  BlockReport r;
  r.name = "mxu";
  uint64_t all_arrays = 0;
  for (const MxuModule* m : mxus) all_arrays += m->arrays();
  r.utilization = ratio(peak_cycles, span.cycles() * all_arrays);
  r.add("instances", double(all_arrays), "count", "systolic arrays, all TensorCores");
  r.add("instructions", double(instrs), "count", "matmul instructions executed");
  r.add("busy", busy_ns * span.clock_ghz, "cycles", "sum over arrays of busy cycles");
  r.add("compute", compute, "cycles", "closed-form systolic cycles, sum over arrays");
  r.add("int8_macs", double(int8_macs), "MAC", "int8 multiply-accumulates");
  r.add("bf16_macs", double(bf16_macs), "MAC", "bf16 multiply-accumulates");
  r.add("vmem_bytes", double(vmem), "B", "operands and results moved VMEM <-> vregs");
  r.add("utilization", r.utilization, "fraction", "MACs / (cycles x arrays x peak MACs per cycle)");
  r.dynamic_uj = (int8_macs * mxu_.int8_mac_pj + bf16_macs * mxu_.bf16_mac_pj) * 1e-6;
  r.static_uj = mxu_.static_w * span.time_ns * 1e-3;
  return r;
}

}  // namespace hesa
