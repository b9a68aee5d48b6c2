// A slice: chips of one configuration joined by their inter-chip interconnect. A slice file
// names its chip file (`chip`, relative to the slice file), the grid and links (`ici`,
// models/ici/ici_schema.hpp) and the ICI's energy per byte and link (`energy.ici_byte_pj`), each
// number with its source or marked an assumption.
#pragma once

#include <string>
#include <vector>

#include "config/yaml_node.hpp"
#include "models/ici/ici_config.hpp"
#include "sim/config/chip_config.hpp"
#include "sim/config/run_config.hpp"

namespace hesa {

struct SliceConfig {
  std::string name;
  std::string chip_path;  // as resolved from the slice file
  ChipConfig chip;
  IciConfig ici;
};

// A slice file's own keys, read strictly from its tree (`path` locates its relative chip file).
struct SliceFile {
  std::string name;       // its `name`, else the file's stem
  std::string chip_path;  // as resolved from the slice file
  IciConfig ici;
  Location ici_loc;  // of the `ici` section
};
SliceFile read_slice_file(const Node& root, const std::string& path);

// Reads a slice file strictly; `chip_overrides` (path=value) apply to its chip.
SliceConfig load_slice_config(const std::string& path,
                              const std::vector<std::string>& chip_overrides = {});

// A run on a slice: the slice file's chip and ICI, the workload, overrides as for one chip
// (chip keys go to every chip) and slice.<key>=value for the slice file's keys (e.g.
// slice.ici.dims=[4]). The effective YAML gains the slice file's `slice:` tree. A slice
// whose chips have more than 255 TensorCores in all is refused (ici.dims).
RunConfig load_slice_run_config(const std::string& slice_path, const std::string& workload_path,
                                const std::vector<std::string>& overrides);

}  // namespace hesa
