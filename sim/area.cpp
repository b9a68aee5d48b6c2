#include "sim/area.hpp"

namespace hesa {

AreaBreakdown chip_area(const ChipConfig& c) {
  const AreaConfig& a = c.area;
  const double cores = c.tensorcores;
  const double pes = cores * c.mxu.count * c.mxu.rows * c.mxu.cols;
  const double alus = cores * c.vpu.lanes * c.vpu.sublanes * c.vpu.alus;
  const double mib = static_cast<double>(c.vmem.size_bytes) / (1 << 20);
  AreaBreakdown out;
  out.parts = {
      {"mxu", pes * a.mxu_pe_um2 * 1e-6},
      {"vpu", alus * a.vpu_alu_um2 * 1e-6},
      {"vmem", mib * cores * a.sram_mm2_per_mib},
      {"hbm_phy", a.hbm_phy_mm2},
      {"other", a.other_mm2},
  };
  if (c.cmem.size_bytes > 0) {
    out.parts.insert(out.parts.begin() + 3,
                     {"cmem", double(c.cmem.size_bytes) / (1 << 20) * a.sram_mm2_per_mib});
  }
  for (const auto& [name, mm2] : out.parts) out.total_mm2 += mm2;
  return out;
}

}  // namespace hesa
