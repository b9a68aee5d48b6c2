// Configuration of the MXUs of a TensorCore (the `mxu` section of a chip file, and the MXU's keys
// of its `energy` and `area` sections): weight-stationary systolic arrays and their rates.
#pragma once

namespace hesa {

struct MxuConfig {
  int count = 4;                      // systolic arrays per TensorCore
  int rows = 128;                     // PE rows (contraction dimension, weights stationary)
  int cols = 128;                     // PE columns (output dimension)
  double int8_macs_per_pe_cycle = 1;  // int8 MACs per PE per cycle
  double bf16_macs_per_pe_cycle = 1;  // bf16 MACs per PE per cycle
  bool double_buffered_weights = true;
  double int8_mac_pj = 0;  // energy.mxu_int8_mac_pj
  double bf16_mac_pj = 0;  // energy.mxu_bf16_mac_pj
  double static_w = 0;     // energy.static_w.mxu: every array of the chip
  double pe_um2 = 0;       // area.mxu_pe_um2: one PE with its registers
};

}  // namespace hesa
