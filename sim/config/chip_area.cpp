#include "sim/config/chip_area.hpp"

#include "models/hbm/hbm_cost.hpp"
#include "models/mxu/mxu_cost.hpp"
#include "models/vmem/vmem_cost.hpp"
#include "models/vpu/vpu_cost.hpp"
#include "models/xlu/xlu_cost.hpp"

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
  AreaBreakdown out;
  out.parts = {mxu_area(c.mxu, c.tensorcores), vpu_area(c.vpu, c.tensorcores),
               xlu_area(c.xlu, c.tensorcores), sram_area(c.vmem, "vmem", c.tensorcores)};
  if (c.cmem.size_bytes > 0) out.parts.push_back(sram_area(c.cmem, "cmem", 1));
  out.parts.push_back(hbm_area(c.hbm));
  out.parts.push_back({"other", c.other_mm2, "not modelled"});
  for (const AreaLine& line : out.parts) out.total_mm2 += line.mm2;
  return out;
}

}  // namespace hesa
