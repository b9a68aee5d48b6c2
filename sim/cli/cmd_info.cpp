// hesa info: the peak rates, bandwidths and area breakdown of a chip configuration.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "models/hbm/hbm_cost.hpp"
#include "sim/cli/commands.hpp"
#include "sim/config/chip_area.hpp"
#include "sim/config/run_config.hpp"

namespace hesa {

namespace {

struct InfoArgs {
  std::string chip;
  std::vector<std::string> sets;
};

int cmd_info(const InfoArgs& args) {
  const ChipConfig c = load_chip_config(args.chip, args.sets);
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
  std::cout << t;
  return 0;
}

}  // namespace

CLI::App* add_info_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<InfoArgs>();
  CLI::App* cmd = app.add_subcommand("info", "Peak rates, bandwidths and area of a chip");
  cmd->add_option("--chip", args->chip, "Chip YAML (configs/chips/...)")->required();
  cmd->add_option("--set", args->sets, "Override a config key: path=value (repeatable)");
  cmd->callback([args, &action] { action = [args] { return cmd_info(*args); }; });
  return cmd;
}

}  // namespace hesa
