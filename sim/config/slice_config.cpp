#include "sim/config/slice_config.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "config/config_reader.hpp"
#include "config/yaml_tree.hpp"
#include "models/ici/ici_schema.hpp"
#include "sim/config/run_config.hpp"

namespace hesa {

SliceFile read_slice_file(const Node& root, const std::string& path) {
  const ConfigReader r(root, "", {"name", "chip", "ici", "energy"});
  SliceFile f;
  f.name = r.find("name") ? r.get_string("name") : std::filesystem::path(path).stem().string();
  const std::string chip = r.get_string("chip");
  const std::filesystem::path base = std::filesystem::path(path).parent_path();
  f.chip_path = std::filesystem::path(chip).is_absolute() ? chip : (base / chip).string();
  read_ici(r.child("ici", ici_keys()), f.ici);
  read_ici_energy(r.child("energy", {"ici_byte_pj"}), f.ici);
  f.ici_loc = r.require("ici").loc;
  return f;
}

SliceConfig load_slice_config(const std::string& path,
                              const std::vector<std::string>& chip_overrides) {
  const SliceFile f = read_slice_file(load_yaml_file(path), path);
  return SliceConfig{f.name, f.chip_path, load_chip_config(f.chip_path, chip_overrides), f.ici};
}

RunConfig load_slice_run_config(const std::string& slice_path, const std::string& workload_path,
                                const std::vector<std::string>& all_overrides) {
  Node root = load_yaml_file(slice_path);
  std::vector<std::string> overrides;
  for (const std::string& o : all_overrides) {
    const size_t eq = o.find('=');
    if (o.rfind("slice.", 0) != 0 || eq == std::string::npos) {
      overrides.push_back(o);
      continue;
    }
    // slice.<path>=value: the slice file's key at <path>.
    const Location loc = override_location(o);
    const std::vector<std::string> path = split_override_path(o.substr(6, eq - 6), loc);
    set_path(root, path, parse_yaml_value(o.substr(eq + 1), loc, o.substr(0, eq)), loc);
  }
  const SliceFile f = read_slice_file(root, slice_path);
  RunConfig run = load_run_config(f.chip_path, workload_path, overrides);
  run.ici = f.ici;
  run.chips = f.ici.chips();
  run.slice_file = slice_path;
  run.slice_name = f.name;
  if (run.chips * run.chip.tensorcores > 255) {
    config_fail(f.ici_loc, "ici.dims",
                fmt::format("{} chips of {} TensorCores: at most 255 TensorCores in a slice",
                            run.chips, run.chip.tensorcores));
  }
  run.files.insert(run.files.begin(), slice_path);
  run.slice_yaml = emit_yaml({{"slice", &root}});
  run.effective_yaml += run.slice_yaml;
  return run;
}

}  // namespace hesa
