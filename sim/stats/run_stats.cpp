#include "sim/stats/run_stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <future>

#include "sim/config/chip_area.hpp"
#include "sim/stats/phase_energy.hpp"
#include "sim/stats/run_bottleneck.hpp"
#include "sim/stats/run_breakdown.hpp"
#include "sim/stats/slice_stats.hpp"
#include "sim/stats/stats.hpp"
#include "trace/instr_work.hpp"
#include "trace/vpu_op_mix.hpp"
#include "workloads/kernels/kernel_lowering.hpp"
#include "workloads/kernels/sequence_operations.hpp"
#include "workloads/kernels/workload_config.hpp"
#include "workloads/lowering/bootstrap_schedule.hpp"
#include "workloads/lowering/eval_mod_schedule.hpp"
#include "workloads/lowering/kernel_mix.hpp"
#include "workloads/lowering/ntt_lowering.hpp"

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

// A knob's value as a stats key: "[256, 256]" -> "256x256".
std::string stats_key(const std::string& value) {
  std::string key;
  for (char c : value) {
    if (c == ',') key += 'x';
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') key += c;
  }
  return key;
}

// The mapping the run used, every knob resolved, and how each open knob was chosen.
nlohmann::ordered_json mapping_json(const RunConfig& cfg) {
  const WorkloadConfig& w = cfg.workload;
  const MappingConfig& m = w.mapping;
  nlohmann::ordered_json j;
  j["reduction"] = name_of(m.reduction);
  j["ntt"] = name_of(m.ntt);
  j["shoup_ntt"] = name_of(m.ntt_steps.shoup);
  j["montgomery_ntt"] = name_of(m.ntt_steps.montgomery);
  j["twist"] = name_of(m.ntt_steps.twist);
  j["constant_mul"] = name_of(m.constant_mul);
  j["bconv"] = name_of(m.bconv);
  const auto [r0, c0] = default_ntt_layout(w.n ? w.n : 16);
  j["layout"] = {m.layout_rows ? m.layout_rows : r0, m.layout_rows ? m.layout_cols : c0};
  j["prefetch_depth"] = m.prefetch_depth;
  j["core_split"] = name_of(resolve_core_split(w, lowering_target(cfg)));
  j["chunk_items"] = m.chunk_items;
  j["rescale"] = name_of(m.rescale);
  j["key_switch_digits"] = name_of(m.key_switch_digits);
  // Lazy sums need VPU products: with BAT constants every product is reduced.
  j["inner_product"] =
      name_of(m.constant_mul == ConstantMul::kBat ? InnerProduct::kEager : m.inner_product);
  j["automorphism"] = name_of(m.automorphism);
  j["limb_take"] = name_of(m.limb_take);
  j["fusion"] = name_of(m.fusion);
  if (!cfg.slice_file.empty()) j["shard"] = name_of(m.shard);
  nlohmann::ordered_json& by = j["chosen_by"];
  by["prefetch_depth"] = m.prefetch_depth_given ? "workload" : "default (2, less to fit VMEM)";
  by["core_split"] = m.core_split_given          ? "workload"
                     : cfg.chip.tensorcores <= 1 ? "rule (one TensorCore)"
                                                 : "rule (limbs if a limb per core, else batch)";
  by["layout"] = m.layout_rows ? "workload" : "default";
  by["chunk_items"] = m.chunk_items ? "workload" : "default (0: as many as fit VMEM)";
  by["fusion"] = m.fusion_given ? "workload" : "default (xla)";
  if (!cfg.slice_file.empty()) by["shard"] = m.shard_given ? "workload" : "default (batch)";
  for (const KnobSearch& k : cfg.search.knobs) {
    const std::string knob = k.knob.substr(k.knob.find('.') + 1);
    if (knob == "shard" && cfg.slice_file.empty()) continue;  // one chip: nothing to share
    by[knob] = "search";
  }
  return j;
}

// A kernel sequence's kernel mix in CROSS's terms from its steps' closed forms
// (workloads/lowering/kernel_mix.hpp), and for bootstrapping its schedule.
void add_schedule_stats(StatsNode& wl, const WorkloadConfig& w, const CkksParams& p) {
  const KernelMix mix = kernel_mix(p.steps, p);
  StatsNode& m = wl.child("kernel_mix");
  const std::pair<const char*, const MixCount*> kinds[] = {
      {"ntt", &mix.ntt},     {"intt", &mix.intt},     {"automorphism", &mix.automorphism},
      {"bconv", &mix.bconv}, {"modmul", &mix.modmul}, {"modadd", &mix.modadd}};
  for (const auto& [name, c] : kinds) {
    StatsNode& n = m.child(name);
    n.set("invocations", c->calls, "count",
          "calls of the kernel, one per polynomial it covers (the steps' closed forms)");
    n.set("limbs", c->limbs, "limb",
          std::string(name) == "bconv" ? "source x target limbs, summed" : "limb-polynomials");
  }
  if (w.kernel == Kernel::kSequence) {
    // An application's operations as its sequence states them (a bootstrap counted once, its
    // own steps in kernel_mix): what the papers' operation counts are compared with.
    StatsNode& ops = wl.child("operations");
    const std::vector<std::pair<std::string, double>> totals = sequence_operations(w);
    for (const auto& [key, value] : totals) {
      ops.set(key, value, "count",
              key == "rotations" ? "slot rotations (he_rotate steps x their rotations)"
                                 : "steps of this kernel in the sequence, counts summed");
    }
  }
  if (w.kernel != Kernel::kBootstrap) return;
  const BootstrapSchedule s = bootstrap_schedule(w.bootstrap, w.n, w.limbs);
  const PsDegrees ps = ps_degrees(w.bootstrap.eval_mod_degree);
  StatsNode& b = wl.child("bootstrap");
  b.set("limbs_raised", s.top, "limb", "limbs after ModRaise");
  b.set("limbs_out", s.bottom, "limb", "limbs of the result, after its pending rescale");
  b.set("levels", s.levels, "count", "levels bootstrapping consumes");
  b.set("key_switches", s.key_switches, "count", "rotations and relinearizations");
  b.set("ps_k", ps.k, "count", "Paterson-Stockmeyer baby powers of EvalMod's series");
  b.set("ps_m", ps.m, "count", "Paterson-Stockmeyer giant levels of EvalMod's series");
}

}  // namespace

std::string assumptions_line(const std::vector<ParamSource>& groups) {
  const std::string assumed = groups_in_state(groups, "assumed");
  const std::string calibrated = groups_in_state(groups, "calibrated");
  std::string line = assumed.empty() ? "timing rests on no assumed parameter group"
                                     : "timing rests on assumptions for: " + assumed;
  if (!calibrated.empty()) line += "; calibrated: " + calibrated;
  return line + " (stats.json meta.calibration)";
}

// Traces up to this long walk their critical path beside the other stats.
constexpr size_t kSerialWalkInstructions = 2'000'000;

// Under AddressSanitizer the walk stays on the main thread: once SystemC has switched stacks and
// a second thread has existed, LeakSanitizer's exit-time scan misreads the main thread's stack
// and stops the process.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSecondThread = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSecondThread = false;
#else
constexpr bool kSecondThread = true;
#endif
#else
constexpr bool kSecondThread = true;
#endif

RunStats collect_stats(const RunConfig& cfg, const Trace& trace, const Chip& chip,
                       const Timeline& timeline, double time_ns) {
  const ChipConfig& c = cfg.chip;
  const WorkloadConfig& w = cfg.workload;
  const RunSpan span{time_ns, c.clock_ghz};
  // The run ends within its last clock cycle: whole cycles, rounded up.
  const double cycles = std::ceil(tidy(span.cycles()));

  // The bottleneck: the unit holding the critical path, of the run and of each kernel. The walk
  // reads only the trace and the spans, so it runs on a second thread beside the other stats;
  // past kSerialWalkInstructions it runs after them, so the memory of both never adds up (a
  // ten-million-instruction replay stays under 100 bytes an instruction).
  const TimelineGroups groups(trace);
  std::vector<double> active_ns;
  for (size_t k = 0; k < groups.kernels.size(); ++k) {
    active_ns.push_back(timeline.coverage_ns(groups.kernel_group(k)));
  }
  std::vector<double> phase_active_ns;
  for (size_t p = 0; p < groups.phases.size(); ++p) {
    phase_active_ns.push_back(timeline.coverage_ns(groups.phase_group(p)));
  }
  const bool beside = kSecondThread && trace.instrs.size() <= kSerialWalkInstructions;
  std::future<Bottlenecks> walk = std::async(
      beside ? std::launch::async : std::launch::deferred,
      [&trace, &timeline, time_ns, &groups, &active_ns, &phase_active_ns] {
        Bottlenecks b =
            find_bottlenecks(trace, timeline.spans(), time_ns, groups.kernels, active_ns);
        if (!groups.phases.empty()) {
          b.phases = find_phase_bottlenecks(trace, timeline.spans(), groups.phases, phase_active_ns)
                         .kernels;
        }
        return b;
      });

  // Every block reports itself: its stats, its utilization, its energy.
  std::vector<BlockReport> reports;
  for (const auto& instances : chip.blocks()) {
    if (!instances.empty()) reports.push_back(instances.front()->report(instances, span));
  }
  // A slice's energy is its chips' (each block's static power counts once a chip), the ICI's
  // links once: the blocks report again per chip and the energies add up.
  std::vector<BlockReport> slice_energy;
  std::vector<double> chip_energy;
  if (chip.chips() > 1) {
    for (int k = 0; k < chip.chips(); ++k) {
      double total = 0;
      for (const auto& instances : chip.chip_blocks(k)) {
        if (instances.empty()) continue;
        const BlockReport r = instances.front()->report(instances, span);
        total += r.dynamic_uj + r.static_uj;
        auto it = std::find_if(slice_energy.begin(), slice_energy.end(),
                               [&](const BlockReport& e) { return e.name == r.name; });
        if (it == slice_energy.end()) {
          slice_energy.push_back(BlockReport{r.name, {}, r.utilization, 0, 0});
          it = slice_energy.end() - 1;
        }
        it->dynamic_uj += r.dynamic_uj;
        it->static_uj += r.static_uj;
      }
      chip_energy.push_back(total);
    }
    for (const BlockReport& r : reports) {
      if (r.name == "ici") slice_energy.push_back(r);
    }
    for (BlockReport& e : slice_energy) {  // the whole slice's utilization, as the units report it
      for (const BlockReport& r : reports) {
        if (r.name == e.name) e.utilization = r.utilization;
      }
    }
  }
  const std::vector<BlockReport>& energy_reports = chip.chips() > 1 ? slice_energy : reports;
  std::vector<const BlockReport*> energy;  // in the energy section's order
  for (const std::string& name : Chip::energy_order()) {
    for (const BlockReport& r : energy_reports) {
      if (r.name == name) energy.push_back(&r);
    }
  }
  double energy_total = 0;
  for (const BlockReport* r : energy) energy_total += r->dynamic_uj + r->static_uj;

  const AreaBreakdown area = chip_area(c);

  StatsNode root;
  StatsNode& units = root.child("units");
  for (const BlockReport& r : reports) {
    StatsNode& node = units.child(r.name);
    for (const StatLine& line : r.stats)
      node.set(line.key, line.value, line.unit, line.description);
  }
  if (c.tensorcores > 1) {
    StatsNode& pc = root.child("cores");
    for (int core = 0; core < c.tensorcores * cfg.chips; ++core) {
      StatsNode& n = pc.child(cfg.chips == 1 ? fmt::format("core{}", core)
                                             : fmt::format("chip{}_core{}", core / c.tensorcores,
                                                           core % c.tensorcores));
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
  if (!cfg.slice_file.empty()) {
    add_slice_stats(root, cfg, chip, time_ns, area.total_mm2, chip_energy);
  }
  StatsNode& en = root.child("energy");
  for (const BlockReport* r : energy) {
    StatsNode& u = en.child(r->name);
    u.set("dynamic", r->dynamic_uj, "uJ", "energy per action x actions");
    u.set("static", r->static_uj, "uJ", "static power x time");
  }
  en.set("total", energy_total, "uJ", "all units, dynamic and static");
  StatsNode& ar = root.child("area");
  for (const AreaLine& item : area.parts) ar.set(item.component, item.mm2, "mm2", item.basis);
  ar.set("total", area.total_mm2, "mm2", "chip area");

  // Work by the ISA: MACs and u32 element operations per op class (every instruction runs once).
  uint64_t macs = 0;
  std::vector<double> by_class(kOpClasses, 0);
  for (const Instr& in : trace.instrs) {
    macs += instr_macs(in);
    if (opcode_unit(in.op) != UnitKind::kVpu) continue;
    const OpMix mix = vpu_op_mix(in);
    for (int i = 0; i < kOpClasses; ++i) by_class[i] += double(mix.count[i]) * vpu_elements(in);
  }
  StatsNode& wl = root.child("workload");
  wl.set("instructions", double(trace.instrs.size()), "count", "instructions in the trace");
  if (kernel_info(w.kernel).limb_files) {  // a batch of limb transforms
    wl.set("limb_ntts", double(w.limbs) * w.batch, "count", "limb-polynomial (I)NTTs");
  }
  wl.set("macs", double(macs), "MAC", "MXU multiply-accumulates");
  wl.set("prefetch_depth", w.mapping.prefetch_depth, "count",
         w.mapping.prefetch_depth_given ? "constant slots and working sets per ring (the mapping's)"
                                        : "constant slots and working sets per ring (the deepest "
                                          "up to 2 that fits VMEM)");
  // The mapping search: each candidate's simulated time.
  for (const KnobSearch& k : cfg.search.knobs) {
    if (k.candidates.size() < 2) continue;  // nothing was simulated
    StatsNode& n = wl.child("mapping").child(k.knob.substr(k.knob.find('.') + 1));
    for (size_t i = 0; i < k.candidates.size(); ++i) {
      const SearchCandidate& c = k.candidates[i];
      if (c.time_ns < 0) continue;
      n.set(stats_key(c.value), c.time_ns * 1e-3, "us",
            int(i) == k.chosen ? "simulated time with this value (chosen)"
                               : "simulated time with this value");
    }
  }
  if (w.kernel == Kernel::kSequence || w.kernel == Kernel::kBootstrap) {
    add_schedule_stats(wl, w, ckks_params(w, lowering_target(cfg)));
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
  add_breakdown_stats(root, c, trace, chip, timeline, time_ns, w.n);
  add_phase_energy(root, energy_reports, trace, chip, timeline, time_ns, c.clock_ghz);

  const Bottlenecks bottlenecks = walk.get();
  StatsNode& cp = root.child("critical_path");
  const auto path_stats = [&](StatsNode& n, const Bottleneck& b) {
    for (int u = 0; u < kPathUnits; ++u) {
      if (u == kPathIci && !(b.path_ns[u] > 0)) continue;  // a slice's only
      n.set(path_unit_name(u), b.path_ns[u] * c.clock_ghz, "cycles",
            "time of this unit's instructions on the critical path");
    }
    n.set("wait", b.wait_ns * c.clock_ghz, "cycles",
          "time on the critical path with none of its instructions running");
  };
  path_stats(cp.child("run"), bottlenecks.run);
  for (const auto& [name, b] : bottlenecks.kernels) path_stats(cp.child("kernel").child(name), b);
  for (const auto& [name, b] : bottlenecks.phases) path_stats(cp.child("phase").child(name), b);
  const auto bottleneck_json = [](const Bottleneck& b) {
    return nlohmann::ordered_json{{"unit", path_unit_name(b.unit)},
                                  {"share", tidy(b.share(b.unit))},
                                  {"next", path_unit_name(b.next)},
                                  {"next_share", tidy(b.share(b.next))}};
  };
  // How each group of timing parameters was obtained, --set overrides counted as assumptions.
  const std::vector<ParamSource> sources =
      effective_calibration(c.calibration, cfg.chip_tree.get());
  nlohmann::ordered_json calibration;
  for (const ParamSource& p : sources)
    calibration[p.group] = {{"state", p.state}, {"basis", p.basis}};

  RunStats out;
  nlohmann::ordered_json& j = out.json;
  j["meta"] = {{"hesa_version", HESA_VERSION},
               {"schema_version", kStatsSchemaVersion},
               {"chip", c.name},
               {"workload", w.name},
               {"kernel", kernel_name(w.kernel)},
               {"config_hash", config_hash(cfg.effective_yaml)},
               {"clock_ghz", c.clock_ghz},
               {"simulated_cycles", json_number(cycles)},
               {"calibration", calibration}};
  if (!cfg.slice_file.empty()) {
    j["meta"]["slice"] = cfg.slice_name;
    j["meta"]["chips"] = cfg.chips;
  }
  j["summary"] = {{"cycles", json_number(cycles)},
                  {"time_us", tidy(time_ns * 1e-3)},
                  {"energy_uj", tidy(energy_total)},
                  {"area_mm2", tidy(area.total_mm2)}};
  nlohmann::ordered_json& util = j["summary"]["utilization"];
  for (const BlockReport& r : reports) util[r.name] = tidy(r.utilization);
  j["mapping"] = mapping_json(cfg);
  nlohmann::ordered_json& bj = j["bottleneck"];
  bj["definition"] = kBottleneckDefinition;
  bj["run"] = bottleneck_json(bottlenecks.run);
  bj["kernel"] = nlohmann::ordered_json::object();
  for (const auto& [name, b] : bottlenecks.kernels) bj["kernel"][name] = bottleneck_json(b);
  if (!bottlenecks.phases.empty()) {
    bj["phase"] = nlohmann::ordered_json::object();
    for (const auto& [name, b] : bottlenecks.phases) bj["phase"][name] = bottleneck_json(b);
  }
  j["stats"] = root.to_json();
  root.to_csv(out.csv);
  out.csv = "path,value,unit\n" + out.csv;

  std::string& t = out.table;
  t += cfg.slice_file.empty()
           ? fmt::format("hesa {}: {} on {}\n", HESA_VERSION, w.name, c.name)
           : fmt::format("hesa {}: {} on {} ({} x {}, sharded by {})\n", HESA_VERSION, w.name,
                         cfg.slice_name, cfg.chips, c.name, name_of(w.mapping.shard));
  t += fmt::format("  kernel        {}\n", describe_workload(w, c.mxu.count));
  t += fmt::format("  time          {:.3f} us ({} cycles at {} GHz)\n", time_ns * 1e-3,
                   format_number(cycles), format_number(c.clock_ghz));
  t += fmt::format("  energy        {:.3f} uJ\n", energy_total);
  t += cfg.slice_file.empty()
           ? fmt::format("  area          {:.2f} mm2\n", area.total_mm2)
           : fmt::format("  area          {:.2f} mm2 a chip, {:.2f} mm2 in all\n", area.total_mm2,
                         area.total_mm2 * cfg.chips);
  t += fmt::format("  instructions  {}\n", trace.instrs.size());
  t += fmt::format("  bottleneck    {}\n", describe_bottleneck(bottlenecks.run, "elapsed"));
  t += "  " + assumptions_line(sources) + "\n";
  t += "  unit   utilization  energy uJ\n";
  for (const BlockReport* r : energy) {
    t += fmt::format("  {:<6} {:9.1f} %  {:10.3f}\n", r->name, 100 * r->utilization,
                     r->dynamic_uj + r->static_uj);
  }
  return out;
}

}  // namespace hesa
