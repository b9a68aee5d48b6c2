// Chip area and peak rates in closed form from the chip config, on the two-core test chip of
// tests/models/test_chips.hpp (built in code: its numbers are fixed test values).
#include <catch2/catch.hpp>

#include "sim/config/chip_area.hpp"
#include "tests/models/test_chips.hpp"

using namespace hesa;

TEST_CASE("area: PEs, ALUs, XLUs, MiB of VMEM and CMEM, HBM PHYs and the rest", "[area]") {
  const ChipConfig chip = test::two_core_chip();
  const AreaBreakdown area = chip_area(chip);
  const std::vector<AreaItem>& a = area.parts;
  REQUIRE(a.size() == 7);
  CHECK(a[0].component == "mxu");
  CHECK(a[0].mm2 == Approx(2 * 4 * 128 * 128 * 25e-6));
  CHECK(a[1].mm2 == Approx(2 * 128 * 8 * 2 * 400e-6));
  CHECK(a[2].mm2 == Approx(2 * 0.5));
  CHECK(a[3].mm2 == Approx(32 * 0.4));
  CHECK(a[4].component == "cmem");
  CHECK(a[4].mm2 == Approx(128 * 0.4));
  CHECK(a[5].mm2 == 48);   // HBM PHYs and controllers
  CHECK(a[6].mm2 == 282);  // the rest
  CHECK(area.total_mm2 == Approx(3.2768 + 1.6384 + 1 + 12.8 + 51.2 + 48 + 282));
  const ChipPeaks p = chip_peaks(chip);
  CHECK(p.int8_macs_per_s == Approx(2 * 4 * 128 * 128 * 1.05e9));
  CHECK(p.bf16_macs_per_s == p.int8_macs_per_s);  // same rate per PE
  CHECK(p.vpu_ops_per_s == Approx(4096 * 1.05e9));
  CHECK(p.xlu_permute_elems_per_s == Approx(2 * 32 * 1.05e9));
  CHECK(p.vmem_bytes_per_s == Approx(2 * 8192 * 1.05e9));
  // 4 stacks x 8 channels x 2 pseudo-channels x 64 bits / 8 x 2.34375 Gb/s.
  CHECK(p.hbm_bytes_per_s == Approx(4 * 8 * 2 * 8 * 2.34375e9));
  CHECK(p.hbm_bytes_per_s == Approx(1200e9));
}
