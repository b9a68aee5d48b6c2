// Chip area and peak rates in closed form from the chip YAML.
#include <catch2/catch.hpp>

#include "sim/config/chip_area.hpp"
#include "sim/config/config_loader.hpp"

using namespace hesa;

TEST_CASE("v4 area: PEs, ALUs, XLUs, MiB of VMEM, HBM PHYs and the rest", "[area]") {
  const ChipConfig v4 =
      load_chip_config(std::string(HESA_SOURCE_DIR) + "/configs/chips/tpu_v4.yaml");
  const AreaBreakdown area = chip_area(v4);
  const std::vector<AreaItem>& a = area.parts;
  REQUIRE(a.size() == 7);
  CHECK(a[0].component == "mxu");
  CHECK(a[0].mm2 == Approx(2 * 4 * 128 * 128 * 25e-6));
  CHECK(a[1].mm2 == Approx(2 * 128 * 8 * 2 * 400e-6));
  CHECK(a[2].mm2 == Approx(2 * 0.5));
  CHECK(a[3].mm2 == Approx(32 * 0.4));
  CHECK(a[4].component == "cmem");
  CHECK(a[4].mm2 == Approx(128 * 0.4));
  CHECK(a[5].mm2 == v4.hbm.phy_mm2);
  CHECK(a[6].mm2 == v4.other_mm2);
  CHECK(area.total_mm2 ==
        Approx(3.2768 + 1.6384 + 1 + 12.8 + 51.2 + v4.hbm.phy_mm2 + v4.other_mm2));
  const ChipPeaks p = chip_peaks(v4);
  CHECK(p.int8_macs_per_s == Approx(2 * 4 * 128 * 128 * 1.05e9));
  CHECK(p.bf16_macs_per_s == p.int8_macs_per_s);  // v4: same rate
  CHECK(p.vpu_ops_per_s == Approx(4096 * 1.05e9));
  CHECK(p.xlu_permute_elems_per_s == Approx(2 * 32 * 1.05e9));
  CHECK(p.vmem_bytes_per_s == Approx(2 * 8192 * 1.05e9));
}
