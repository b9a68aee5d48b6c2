// hesa info: the peak rates, bandwidths and area breakdown of a chip configuration; for a slice,
// its chip's and its interconnect's: grid, links, and the time of ring collectives of a size.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>

#include "models/hbm/hbm_cost.hpp"
#include "models/ici/ici_collectives.hpp"
#include "sim/cli/commands.hpp"
#include "sim/config/chip_area.hpp"
#include "sim/config/run_config.hpp"
#include "sim/config/slice_config.hpp"

namespace hesa {

namespace {

struct InfoArgs {
  std::string chip;
  std::string slice;
  uint64_t bytes = 1 << 20;
  std::vector<std::string> sets;
};

std::string slice_info(const SliceConfig& s, uint64_t bytes) {
  const IciConfig& ici = s.ici;
  const IciTopology topo(ici);
  std::string dims, wrap;
  int used = 0;
  for (int d = 0; d < kIciMaxDims; ++d) {
    if (ici.dims[d] > 1 || d == 0) used = d + 1;
  }
  for (int d = 0; d < used; ++d) {
    dims += fmt::format("{}{}", d ? " x " : "", ici.dims[d]);
    if (ici.wrap[d]) wrap += fmt::format("{}{}", wrap.empty() ? "" : ", ", "xyz"[d]);
  }
  int ports = 0;
  for (int chip = 0; chip < topo.chips(); ++chip) {
    int p = 0;
    for (int d = 0; d < kIciMaxDims; ++d) {
      for (int dir : {+1, -1}) p += topo.link(chip, d, dir) >= 0 ? 1 : 0;
    }
    ports = std::max(ports, p);
  }
  std::string t;
  t += fmt::format("slice {}: {} chips of {} as {} (wraparound: {})\n", s.name, topo.chips(),
                   s.chip.name, dims, wrap.empty() ? "none" : wrap);
  t += fmt::format(
      "  ici   {} directed links of {:.6g} GB/s, {:.6g} ns a hop; up to {} links out of "
      "a chip ({:.6g} GB/s)\n",
      topo.links(), ici.link_gb_s, ici.hop_latency_ns, ports, ports * ici.link_gb_s);
  const auto time_us = [&](const IciSteps& steps) {
    IciLinks links(ici, topo);
    return run_steps(links, 0, steps) * 1e-3;
  };
  t += fmt::format(
      "  ring collectives of {} bytes per chip (all-to-all: per pair), alone on the "
      "links:\n",
      bytes);
  t += fmt::format("    all-gather      {:10.3f} us\n", time_us(all_gather_steps(topo, bytes)));
  t += fmt::format("    reduce-scatter  {:10.3f} us\n", time_us(reduce_scatter_steps(topo, bytes)));
  t += fmt::format("    all-to-all      {:10.3f} us\n", time_us(all_to_all_steps(topo, bytes)));
  return t;
}

int cmd_info(const InfoArgs& args) {
  std::optional<SliceConfig> slice;
  if (!args.slice.empty()) slice = load_slice_config(args.slice, args.sets);
  const ChipConfig c = slice ? slice->chip : load_chip_config(args.chip, args.sets);
  const ChipPeaks p = chip_peaks(c);
  std::string t;
  t += fmt::format("chip {}: {} TensorCore(s) at {} GHz\n", c.name, c.tensorcores, c.clock_ghz);
  t += fmt::format("  mxu   {} x {} arrays of {} x {} ({} PEs)\n", c.tensorcores, c.mxu.count,
                   c.mxu.rows, c.mxu.cols, p.pes);
  t += fmt::format("        int8 {:.1f} TMAC/s ({:.1f} TOPS), bf16 {:.1f} TMAC/s ({:.1f} TFLOPS)\n",
                   p.int8_macs_per_s * 1e-12, 2 * p.int8_macs_per_s * 1e-12,
                   p.bf16_macs_per_s * 1e-12, 2 * p.bf16_macs_per_s * 1e-12);
  t += fmt::format("  vpu   {} x {} lanes x {} sublanes x {} ALUs: {:.2f} T u32 op/s\n",
                   c.tensorcores, c.vpu.lanes, c.vpu.sublanes, c.vpu.alus, p.vpu_ops_per_s * 1e-12);
  t += fmt::format("  xlu   {} units: transpose {:.1f} G elem/s, permute {:.1f} G elem/s\n", p.xlus,
                   p.xlu_transpose_elems_per_s * 1e-9, p.xlu_permute_elems_per_s * 1e-9);
  t += fmt::format("  vmem  {} x {:.0f} MiB, {:.1f} TB/s VMEM <-> vregs (all cores)\n",
                   c.tensorcores, c.vmem.size_bytes / 1048576.0, p.vmem_bytes_per_s * 1e-12);
  t += fmt::format(
      "  hbm   {:.0f} GiB, {:.0f} GB/s ({} stacks at {:.6g} Gb/s per pin), {:.0f} ns isolated "
      "access\n",
      c.hbm.capacity_bytes / 1073741824.0, p.hbm_bytes_per_s * 1e-9, c.hbm.stacks,
      c.hbm.data_rate_gbps, isolated_access_ns(c.hbm, 1));
  t += fmt::format("  dma   {} engines, {} setup cycles\n", c.dma.engines, c.dma.setup_cycles);
  const AreaBreakdown area = chip_area(c);
  t += "  area\n";
  for (const AreaItem& a : area.parts) {
    t += fmt::format("    {:<8} {:9.2f} mm2  ({})\n", a.component, a.mm2, a.basis);
  }
  t += fmt::format("    {:<8} {:9.2f} mm2\n", "total", area.total_mm2);
  t += "  calibration (how each group of timing parameters was obtained)\n";
  for (const ParamSource& s : c.calibration) {
    t += fmt::format("    {:<5} {:<10} {}\n", s.group, s.state, s.basis);
  }
  if (slice) t += slice_info(*slice, args.bytes);
  std::cout << t;
  return 0;
}

}  // namespace

CLI::App* add_info_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<InfoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "info", "Peak rates, bandwidths and area of a chip; of a slice, its interconnect too");
  CLI::Option* chip = cmd->add_option("--chip", args->chip, "Chip YAML (configs/chips/...)");
  cmd->add_option("--slice", args->slice, "Slice YAML (configs/slices/...): a chip and its ICI")
      ->excludes(chip);
  cmd->add_option("--bytes", args->bytes, "Bytes per chip of the collectives timed (--slice)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  cmd->add_option("--set", args->sets,
                  "Override a chip config key: path=value (repeatable; of the slice's chip)");
  cmd->callback([args, &action] {
    if (args->chip.empty() && args->slice.empty()) throw CLI::RequiredError("--chip or --slice");
    action = [args] { return cmd_info(*args); };
  });
  return cmd;
}

}  // namespace hesa
