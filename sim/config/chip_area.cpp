#include "sim/config/chip_area.hpp"

#include <fmt/format.h>

namespace hesa {

ChipPeaks chip_peaks(const ChipConfig& c) {
  ChipPeaks p;
  const double hz = c.clock_ghz * 1e9;
  p.pes = static_cast<long>(c.tensorcores) * c.mxu.count * c.mxu.rows * c.mxu.cols;
  p.alus = static_cast<long>(c.tensorcores) * c.vpu.lanes * c.vpu.sublanes * c.vpu.alus;
  p.xlus = static_cast<long>(c.tensorcores) * c.xlu.count;
  p.int8_macs_per_s = p.pes * c.mxu.int8_macs_per_pe_cycle * hz;
  p.bf16_macs_per_s = p.pes * c.mxu.bf16_macs_per_pe_cycle * hz;
  p.vpu_ops_per_s = p.alus * hz;
  p.xlu_transpose_elems_per_s = p.xlus * c.xlu.transpose_elems_per_cycle * hz;
  p.xlu_permute_elems_per_s = p.xlus * c.xlu.permute_elems_per_cycle * hz;
  p.hbm_bytes_per_s = c.hbm.peak_gbps() * 1e9;
  p.vmem_bytes_per_s = c.tensorcores * c.vmem.bandwidth_bytes_per_cycle * hz;
  return p;
}

AreaBreakdown chip_area(const ChipConfig& c) {
  const ChipPeaks p = chip_peaks(c);
  const AreaConfig& a = c.area;
  const double mib = static_cast<double>(c.vmem.size_bytes) / (1 << 20) * c.tensorcores;
  AreaBreakdown out;
  out.parts = {
      {"mxu", p.pes * a.mxu_pe_um2 * 1e-6, fmt::format("{} PEs x {} um2", p.pes, a.mxu_pe_um2)},
      {"vpu", p.alus * a.vpu_alu_um2 * 1e-6,
       fmt::format("{} ALUs x {} um2", p.alus, a.vpu_alu_um2)},
      {"xlu", p.xlus * a.xlu_mm2, fmt::format("{} XLUs x {} mm2", p.xlus, a.xlu_mm2)},
      {"vmem", mib * a.sram_mm2_per_mib,
       fmt::format("{} MiB x {} mm2/MiB", mib, a.sram_mm2_per_mib)},
      {"hbm_phy", a.hbm_phy_mm2, "all HBM PHYs and controllers"},
      {"other", a.other_mm2, "not modelled"},
  };
  if (c.cmem.size_bytes > 0) {
    const double cmem_mib = static_cast<double>(c.cmem.size_bytes) / (1 << 20);
    out.parts.insert(out.parts.begin() + 4,
                     {"cmem", cmem_mib * a.sram_mm2_per_mib,
                      fmt::format("{} MiB x {} mm2/MiB", cmem_mib, a.sram_mm2_per_mib)});
  }
  for (const AreaItem& i : out.parts) out.total_mm2 += i.mm2;
  return out;
}

}  // namespace hesa
