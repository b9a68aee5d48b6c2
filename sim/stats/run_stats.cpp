#include "sim/stats/run_stats.hpp"

#include <fmt/format.h>

#include "sim/config/chip_area.hpp"
#include "sim/stats/run_breakdown.hpp"
#include "sim/stats/stats.hpp"
#include "trace/vpu_op_mix.hpp"

#ifndef HESA_VERSION
#define HESA_VERSION "0.0.0"
#endif

namespace hesa {

std::string config_hash(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

namespace {

struct UnitTotals {
  double busy_ns = 0;
  uint64_t instrs = 0;
};

template <typename Units>
UnitTotals totals(const Units& units) {
  UnitTotals t;
  for (const auto& u : units) {
    t.busy_ns += u->counters().busy_ns;
    t.instrs += u->counters().instrs;
  }
  return t;
}

double ratio(double a, double b) {
  return b > 0 ? a / b : 0.0;
}

}  // namespace

RunStats collect_stats(const RunConfig& cfg, const Trace& trace, const Chip& chip,
                       const Timeline& timeline, double time_ns) {
  const ChipConfig& c = cfg.chip;
  const WorkloadConfig& w = cfg.workload;
  const double cycles = time_ns * c.clock_ghz;

  uint64_t int8_macs = 0, bf16_macs = 0;
  double mxu_compute = 0, mxu_peak_cycles = 0;
  uint64_t mxu_vmem = 0, vpu_vmem = 0, xlu_vmem = 0;
  for (const auto& m : chip.mxus) {
    int8_macs += m->int8_macs(), bf16_macs += m->bf16_macs();
    mxu_compute += m->compute_cycles(), mxu_peak_cycles += m->peak_cycles();
    mxu_vmem += m->vmem_bytes();
  }
  double alu_ops = 0;
  for (const auto& v : chip.vpus) alu_ops += v->alu_ops(), vpu_vmem += v->vmem_bytes();
  uint64_t xlu_elems = 0;
  double xlu_compute = 0;
  for (const auto& x : chip.xlus) {
    xlu_elems += x->elements(), xlu_compute += x->compute_cycles(), xlu_vmem += x->vmem_bytes();
  }
  uint64_t dma_bytes = 0;
  for (const auto& d : chip.dmas) dma_bytes += d->bytes();
  const HbmTotals& hbm = chip.hbm.totals();
  const uint64_t hbm_bytes = hbm.bytes;
  const double hbm_peak = c.hbm.peak_gbps();  // GB/s = bytes per ns
  uint64_t vmem_read = 0, vmem_write = 0;
  double vmem_busy_ns = 0, vmem_ports = 0;
  for (const auto& v : chip.vmems) {
    vmem_read += v->read_bytes(), vmem_write += v->write_bytes();
    vmem_busy_ns += v->busy_ns(), vmem_ports += v->ports();
  }

  // u32 element ops per class, from the trace (every instruction runs exactly once).
  std::vector<double> by_class(kOpClasses, 0);
  for (const Instr& in : trace.instrs) {
    if (opcode_unit(in.op) != UnitKind::kVpu) continue;
    const OpMix mix = vpu_op_mix(in);
    for (int i = 0; i < kOpClasses; ++i) by_class[i] += double(mix.count[i]) * vpu_elements(in);
  }

  const ChipPeaks peaks = chip_peaks(c);
  const double vpu_per_cycle = peaks.vpu_ops_per_s / (c.clock_ghz * 1e9);
  const UnitTotals mxu_t = totals(chip.mxus), vpu_t = totals(chip.vpus), xlu_t = totals(chip.xlus),
                   dma_t = totals(chip.dmas);
  const double util_mxu = ratio(mxu_peak_cycles, cycles * chip.mxus.size());
  const double util_vpu = ratio(alu_ops, cycles * vpu_per_cycle);
  const double util_xlu = ratio(xlu_t.busy_ns, time_ns * chip.xlus.size());
  const double util_dma = ratio(dma_t.busy_ns, time_ns * chip.dmas.size());
  const double util_hbm = ratio(hbm_bytes, time_ns * hbm_peak);
  const double util_vmem = ratio(vmem_busy_ns, time_ns * vmem_ports);
  const double util_cmem =
      chip.cmem ? ratio(chip.cmem->busy_ns(), time_ns * chip.cmem->ports()) : 0;

  // Energy in pJ (dynamic) and W x ns = nJ (static); reported in uJ.
  const EnergyConfig& e = c.energy;
  const auto static_uj = [&](const char* unit) {
    auto it = e.static_w.find(unit);
    return it == e.static_w.end() ? 0.0 : it->second * time_ns * 1e-3;
  };
  double vpu_pj = 0;
  for (int i = 0; i < kOpClasses; ++i) {
    vpu_pj += by_class[i] * e.vpu_op_pj.at(op_class_name(static_cast<OpClass>(i)));
  }
  struct EnergyRow {
    const char* unit;
    double dynamic_uj, static_uj;
  };
  std::vector<EnergyRow> energy = {
      {"mxu", (int8_macs * e.mxu_int8_mac_pj + bf16_macs * e.mxu_bf16_mac_pj) * 1e-6,
       static_uj("mxu")},
      {"vpu", vpu_pj * 1e-6, static_uj("vpu")},
      {"xlu", xlu_elems * e.xlu_elem_pj * 1e-6, static_uj("xlu")},
      {"vmem", (vmem_read * e.vmem_read_pj_per_byte + vmem_write * e.vmem_write_pj_per_byte) * 1e-6,
       static_uj("vmem")},
      {"hbm", (hbm_bytes * 8.0 * e.hbm_pj_per_bit + hbm.activations * e.hbm_activation_pj) * 1e-6,
       static_uj("hbm")},
      {"dma", dma_bytes * e.dma_pj_per_byte * 1e-6, static_uj("dma")},
  };
  if (chip.cmem) {
    energy.push_back({"cmem",
                      (chip.cmem->read_bytes() * e.cmem_read_pj_per_byte +
                       chip.cmem->write_bytes() * e.cmem_write_pj_per_byte) *
                          1e-6,
                      static_uj("cmem")});
  }
  double energy_total = 0;
  for (const auto& r : energy) energy_total += r.dynamic_uj + r.static_uj;

  const AreaBreakdown area = chip_area(c);

  StatsNode root;
  StatsNode& units = root.child("units");
  {
    StatsNode& m = units.child("mxu");
    m.set("instances", double(chip.mxus.size()), "count", "systolic arrays, all TensorCores");
    m.set("instructions", double(mxu_t.instrs), "count", "matmul instructions executed");
    m.set("busy", mxu_t.busy_ns * c.clock_ghz, "cycles", "sum over arrays of busy cycles");
    m.set("compute", mxu_compute, "cycles", "closed-form systolic cycles, sum over arrays");
    m.set("int8_macs", double(int8_macs), "MAC", "int8 multiply-accumulates");
    m.set("bf16_macs", double(bf16_macs), "MAC", "bf16 multiply-accumulates");
    m.set("vmem_bytes", double(mxu_vmem), "B", "operands and results moved VMEM <-> vregs");
    m.set("utilization", util_mxu, "fraction", "MACs / (cycles x arrays x peak MACs per cycle)");
  }
  {
    StatsNode& v = units.child("vpu");
    v.set("instances", double(chip.vpus.size()), "count", "vector units, one per TensorCore");
    v.set("instructions", double(vpu_t.instrs), "count", "vector instructions executed");
    v.set("busy", vpu_t.busy_ns * c.clock_ghz, "cycles", "sum over VPUs of busy cycles");
    v.set("alu_ops", alu_ops, "op", "u32 element operations");
    v.set("vmem_bytes", double(vpu_vmem), "B", "operands and results moved VMEM <-> vregs");
    v.set("utilization", util_vpu, "fraction", "ALU ops / (cycles x peak ALU ops per cycle)");
  }
  {
    StatsNode& x = units.child("xlu");
    x.set("instances", double(chip.xlus.size()), "count", "cross-lane units, all TensorCores");
    x.set("instructions", double(xlu_t.instrs), "count", "transposes and permutations");
    x.set("busy", xlu_t.busy_ns * c.clock_ghz, "cycles", "sum over XLUs of busy cycles");
    x.set("compute", xlu_compute, "cycles", "closed-form cycles, sum over XLUs");
    x.set("elements", double(xlu_elems), "count", "u32 elements moved");
    x.set("vmem_bytes", double(xlu_vmem), "B", "elements moved VMEM <-> vregs");
    x.set("utilization", util_xlu, "fraction", "busy time / (time x XLUs)");
  }
  {
    StatsNode& d = units.child("dma");
    d.set("instances", double(chip.dmas.size()), "count", "DMA engines");
    d.set("transfers", double(dma_t.instrs), "count", "transfers");
    d.set("bytes", double(dma_bytes), "B", "bytes moved");
    d.set("busy", dma_t.busy_ns * c.clock_ghz, "cycles", "sum over engines of busy cycles");
    d.set("utilization", util_dma, "fraction", "busy time / (time x engines)");
  }
  {
    StatsNode& h = units.child("hbm");
    h.set("bytes", double(hbm_bytes), "B", "bytes read and written");
    h.set("transfers", double(hbm.transfers), "count", "transfers");
    h.set("bursts", hbm.bursts, "count", "column bursts, all pseudo-channels");
    h.set("activations", hbm.activations, "count", "row activations, all pseudo-channels");
    h.set("refreshes", double(hbm.refreshes), "count", "all-bank refreshes met by transfers");
    h.set("peak_bandwidth", hbm_peak, "GB/s", "pseudo-channels x bus width x data rate");
    h.set("bandwidth", ratio(hbm_bytes, time_ns), "GB/s", "average achieved bandwidth");
    h.set("utilization", util_hbm, "fraction", "achieved / peak bandwidth");
  }
  {
    StatsNode& m = units.child("vmem");
    m.set("instances", double(chip.vmems.size()), "count", "VMEMs, one per TensorCore");
    m.set("read_bytes", double(vmem_read), "B", "bytes read");
    m.set("write_bytes", double(vmem_write), "B", "bytes written");
    m.set("allocated", double(chip.memory.vmem_bytes), "B", "trace buffers (static slots)");
    m.set("capacity", double(c.vmem.size_bytes), "B", "one TensorCore's VMEM");
    m.set("utilization", util_vmem, "fraction", "port busy / (time x ports), all cores");
  }
  if (chip.cmem) {
    StatsNode& m = units.child("cmem");
    m.set("read_bytes", double(chip.cmem->read_bytes()), "B", "bytes read");
    m.set("write_bytes", double(chip.cmem->write_bytes()), "B", "bytes written");
    m.set("allocated", double(chip.memory.cmem_bytes), "B", "trace buffers");
    m.set("capacity", double(c.cmem.size_bytes), "B", "the chip's CMEM");
    m.set("utilization", util_cmem, "fraction", "port busy / (time x ports)");
  }
  if (c.tensorcores > 1) {
    StatsNode& pc = root.child("cores");
    for (int core = 0; core < c.tensorcores; ++core) {
      StatsNode& n = pc.child(fmt::format("core{}", core));
      double busy[kUnitKinds] = {};
      for (const UnitModule* u : chip.units()) {
        if (u->core() == core) busy[static_cast<int>(u->unit_kind())] += u->counters().busy_ns;
      }
      for (UnitKind k : {UnitKind::kMxu, UnitKind::kVpu, UnitKind::kXlu, UnitKind::kDma}) {
        n.set(unit_name(k), busy[static_cast<int>(k)] * c.clock_ghz, "cycles",
              "busy cycles of this core's units of the kind");
      }
    }
  }
  StatsNode& en = root.child("energy");
  for (const auto& r : energy) {
    StatsNode& u = en.child(r.unit);
    u.set("dynamic", r.dynamic_uj, "uJ", "energy per action x actions");
    u.set("static", r.static_uj, "uJ", "static power x time");
  }
  en.set("total", energy_total, "uJ", "all units, dynamic and static");
  StatsNode& ar = root.child("area");
  for (const AreaItem& item : area.parts) ar.set(item.component, item.mm2, "mm2", item.basis);
  ar.set("total", area.total_mm2, "mm2", "chip area");
  StatsNode& wl = root.child("workload");
  wl.set("instructions", double(trace.instrs.size()), "count", "instructions in the trace");
  if (w.kernel == "ntt" || w.kernel == "intt") {
    wl.set("limb_ntts", double(w.limbs) * w.batch, "count", "limb-polynomial (I)NTTs");
  }
  wl.set("macs", double(int8_macs + bf16_macs), "MAC", "MXU multiply-accumulates");
  wl.set("prefetch_depth", w.mapping.prefetch_depth, "count",
         w.mapping.prefetch_depth_given ? "constant slots and working sets per ring (the mapping's)"
                                        : "constant slots and working sets per ring (the deepest "
                                          "up to 2 that fits VMEM)");
  StatsNode& ops = wl.child("vpu_ops");
  for (int i = 0; i < kOpClasses; ++i) {
    ops.set(op_class_name(static_cast<OpClass>(i)), by_class[i], "op", "u32 element operations");
  }

  // Busy time per kernel step (tag), summed over units.
  std::vector<double> tag_ns(trace.tags.size(), 0);
  for (const UnitModule* u : chip.units()) {
    for (size_t t = 0; t < tag_ns.size(); ++t) tag_ns[t] += u->counters().busy_ns_by_tag[t];
  }
  StatsNode& steps = root.child("steps");
  for (size_t t = 0; t < tag_ns.size(); ++t) {
    steps.set(trace.tags[t], tag_ns[t] * c.clock_ghz, "cycles", "busy cycles, all units");
  }
  add_breakdown_stats(root, c, trace, chip, timeline, time_ns);

  RunStats out;
  nlohmann::ordered_json& j = out.json;
  j["meta"] = {{"hesa_version", HESA_VERSION},
               {"chip", c.name},
               {"workload", w.name},
               {"kernel", w.kernel},
               {"config_hash", config_hash(cfg.effective_yaml)},
               {"simulated_cycles", cycles}};
  j["summary"] = {{"cycles", cycles},
                  {"time_us", time_ns * 1e-3},
                  {"energy_uj", energy_total},
                  {"area_mm2", area.total_mm2},
                  {"utilization",
                   {{"mxu", util_mxu},
                    {"vpu", util_vpu},
                    {"xlu", util_xlu},
                    {"dma", util_dma},
                    {"hbm", util_hbm},
                    {"vmem", util_vmem}}}};
  if (chip.cmem) j["summary"]["utilization"]["cmem"] = util_cmem;
  j["stats"] = root.to_json();
  root.to_csv(out.csv);
  out.csv = "path,value,unit\n" + out.csv;

  std::string& t = out.table;
  t += fmt::format("hesa {}: {} on {}\n", HESA_VERSION, w.name, c.name);
  if (w.kernel == "ntt" || w.kernel == "intt") {
    t += fmt::format("  kernel        {} N={} limbs={} batch={} reduction={} cores={}\n", w.kernel,
                     w.n, w.limbs, w.batch, w.mapping.reduction, w.mapping.core_split);
  } else if (w.kernel == "gemm") {
    t += fmt::format("  kernel        gemm {} x {} x {} {} on {} array(s)\n", w.gemm.m, w.gemm.n,
                     w.gemm.k, w.gemm.mode, w.gemm.arrays ? w.gemm.arrays : c.mxu.count);
  } else if (w.kernel == "bat_matmul") {
    t += fmt::format("  kernel        bat_matmul {} x {} x {} mod {}\n", w.bat_matmul.m,
                     w.bat_matmul.n, w.bat_matmul.k, w.bat_matmul.q);
  } else {
    t += fmt::format("  kernel        {}\n", w.kernel);
  }
  t += fmt::format("  time          {:.3f} us ({:.0f} cycles at {} GHz)\n", time_ns * 1e-3, cycles,
                   c.clock_ghz);
  t += fmt::format("  energy        {:.3f} uJ\n", energy_total);
  t += fmt::format("  area          {:.2f} mm2\n", area.total_mm2);
  t += fmt::format("  instructions  {}\n", trace.instrs.size());
  t += "  unit   utilization  energy uJ\n";
  const std::vector<std::pair<const char*, double>> util = {{"mxu", util_mxu}, {"vpu", util_vpu},
                                                            {"xlu", util_xlu}, {"vmem", util_vmem},
                                                            {"hbm", util_hbm}, {"dma", util_dma}};
  for (const auto& [name, u] : util) {
    double uj = 0;
    for (const auto& r : energy) {
      if (std::string(r.unit) == name) uj = r.dynamic_uj + r.static_uj;
    }
    t += fmt::format("  {:<6} {:9.1f} %  {:10.3f}\n", name, 100 * u, uj);
  }
  if (chip.cmem) t += fmt::format("  {:<6} {:6.1f} %\n", "cmem", 100 * util_cmem);
  return out;
}

}  // namespace hesa
