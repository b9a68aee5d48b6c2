#include "sim/run_stats.hpp"

#include <fmt/format.h>

#include "sim/run_breakdown.hpp"
#include "sim/stats.hpp"
#include "workloads/vpu_op_mix.hpp"

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
  const int cores = c.tensorcores;

  uint64_t macs = 0;
  double mxu_compute = 0;
  for (const auto& m : chip.mxus) macs += m->macs(), mxu_compute += m->compute_cycles();
  double alu_ops = 0;
  for (const auto& v : chip.vpus) alu_ops += v->alu_ops();
  uint64_t dma_bytes = 0;
  for (const auto& d : chip.dmas) dma_bytes += d->bytes();
  const uint64_t hbm_bytes = chip.hbm.port().bytes();

  const double mxu_peak =
      double(cores) * c.mxu.count * c.mxu.rows * c.mxu.cols * c.mxu.int8_macs_per_pe_cycle;
  const double vpu_peak = double(cores) * c.vpu.lanes * c.vpu.sublanes * c.vpu.alus;
  const UnitTotals mxu_t = totals(chip.mxus), vpu_t = totals(chip.vpus), dma_t = totals(chip.dmas);
  const double util_mxu = ratio(macs, cycles * mxu_peak);
  const double util_vpu = ratio(alu_ops, cycles * vpu_peak);
  const double util_dma = ratio(dma_t.busy_ns, time_ns * c.dma.engines);
  const double util_hbm = ratio(hbm_bytes, time_ns * chip.hbm.port().bytes_per_ns());
  const double util_vmem =
      ratio(chip.vmem.port().bytes(), time_ns * chip.vmem.port().bytes_per_ns());

  // Energy in pJ (dynamic) and W x ns = nJ (static); reported in uJ.
  const EnergyConfig& e = c.energy;
  const auto static_uj = [&](const char* unit) {
    auto it = e.static_w.find(unit);
    return it == e.static_w.end() ? 0.0 : it->second * time_ns * 1e-3;
  };
  struct EnergyRow {
    const char* unit;
    double dynamic_uj, static_uj;
  };
  const std::vector<EnergyRow> energy = {
      {"mxu", macs * e.mxu_int8_mac_pj * 1e-6, static_uj("mxu")},
      {"vpu", alu_ops * e.vpu_op_pj * 1e-6, static_uj("vpu")},
      {"vmem",
       (chip.vmem.read_bytes() * e.vmem_read_pj_per_byte +
        chip.vmem.write_bytes() * e.vmem_write_pj_per_byte) *
           1e-6,
       static_uj("vmem")},
      {"hbm", hbm_bytes * 8.0 * e.hbm_pj_per_bit * 1e-6, static_uj("hbm")},
      {"dma", dma_bytes * e.dma_pj_per_byte * 1e-6, static_uj("dma")},
  };
  double energy_total = 0;
  for (const auto& r : energy) energy_total += r.dynamic_uj + r.static_uj;

  const AreaConfig& a = c.area;
  const double mib = static_cast<double>(c.vmem.size_bytes) / (1 << 20);
  const std::vector<std::pair<const char*, double>> area = {
      {"mxu", mxu_peak / c.mxu.int8_macs_per_pe_cycle * a.mxu_pe_um2 * 1e-6},
      {"vpu", vpu_peak * a.vpu_alu_um2 * 1e-6},
      {"vmem", mib * cores * a.sram_mm2_per_mib},
      {"hbm_phy", a.hbm_phy_mm2},
      {"other", a.other_mm2},
  };
  double area_total = 0;
  for (const auto& [n, v] : area) area_total += v;

  StatsNode root;
  StatsNode& units = root.child("units");
  {
    StatsNode& m = units.child("mxu");
    m.set("instances", double(chip.mxus.size()), "count", "systolic arrays, all TensorCores");
    m.set("instructions", double(mxu_t.instrs), "count", "matmul instructions executed");
    m.set("busy", mxu_t.busy_ns * c.clock_ghz, "cycles", "sum over arrays of busy cycles");
    m.set("compute", mxu_compute, "cycles", "closed-form systolic cycles, sum over arrays");
    m.set("int8_macs", double(macs), "MAC", "int8 multiply-accumulates");
    m.set("utilization", util_mxu, "fraction", "MACs / (cycles x peak MACs per cycle)");
  }
  {
    StatsNode& v = units.child("vpu");
    v.set("instances", double(chip.vpus.size()), "count", "vector units, one per TensorCore");
    v.set("instructions", double(vpu_t.instrs), "count", "vector instructions executed");
    v.set("busy", vpu_t.busy_ns * c.clock_ghz, "cycles", "sum over VPUs of busy cycles");
    v.set("alu_ops", alu_ops, "op", "u32 element operations");
    v.set("utilization", util_vpu, "fraction", "ALU ops / (cycles x peak ALU ops per cycle)");
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
    h.set("transfers", double(chip.hbm.transfers()), "count", "transfers");
    h.set("bandwidth", ratio(hbm_bytes, time_ns), "GB/s", "average achieved bandwidth");
    h.set("utilization", util_hbm, "fraction", "achieved / peak bandwidth");
  }
  {
    StatsNode& m = units.child("vmem");
    m.set("read_bytes", double(chip.vmem.read_bytes()), "B", "bytes read");
    m.set("write_bytes", double(chip.vmem.write_bytes()), "B", "bytes written");
    m.set("utilization", util_vmem, "fraction", "port busy / time");
  }
  StatsNode& en = root.child("energy");
  for (const auto& r : energy) {
    StatsNode& u = en.child(r.unit);
    u.set("dynamic", r.dynamic_uj, "uJ", "energy per action x actions");
    u.set("static", r.static_uj, "uJ", "static power x time");
  }
  en.set("total", energy_total, "uJ", "all units, dynamic and static");
  StatsNode& ar = root.child("area");
  for (const auto& [n, v] : area) ar.set(n, v, "mm2", "area of the configuration");
  ar.set("total", area_total, "mm2", "chip area");
  StatsNode& wl = root.child("workload");
  wl.set("instructions", double(trace.instrs.size()), "count", "instructions in the trace");
  wl.set("limb_ntts", double(w.limbs) * w.batch, "count", "limb-polynomial (I)NTTs");
  std::vector<double> by_class(kOpClasses, 0);
  for (const Instr& in : trace.instrs) {
    if (opcode_unit(in.op) != UnitKind::kVpu) continue;
    const OpMix mix = vpu_op_mix(in);
    for (int i = 0; i < kOpClasses; ++i) by_class[i] += double(mix.count[i]) * vpu_elements(in);
  }
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
                  {"area_mm2", area_total},
                  {"utilization",
                   {{"mxu", util_mxu},
                    {"vpu", util_vpu},
                    {"dma", util_dma},
                    {"hbm", util_hbm},
                    {"vmem", util_vmem}}}};
  j["stats"] = root.to_json();
  root.to_csv(out.csv);
  out.csv = "path,value,unit\n" + out.csv;

  std::string& t = out.table;
  t += fmt::format("hesa {}: {} on {}\n", HESA_VERSION, w.name, c.name);
  t += fmt::format("  kernel        {} N={} limbs={} batch={} reduction={}\n", w.kernel, w.n,
                   w.limbs, w.batch, w.mapping.reduction);
  t += fmt::format("  time          {:.3f} us ({:.0f} cycles at {} GHz)\n", time_ns * 1e-3, cycles,
                   c.clock_ghz);
  t += fmt::format("  energy        {:.3f} uJ\n", energy_total);
  t += fmt::format("  area          {:.2f} mm2\n", area_total);
  t += fmt::format("  instructions  {}\n", trace.instrs.size());
  t += "  unit   utilization\n";
  for (auto [name, u] : {std::pair{"mxu", util_mxu},
                         {"vpu", util_vpu},
                         {"dma", util_dma},
                         {"hbm", util_hbm},
                         {"vmem", util_vmem}}) {
    t += fmt::format("  {:<6} {:6.1f} %\n", name, 100 * u);
  }
  return out;
}

}  // namespace hesa
