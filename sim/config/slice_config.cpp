#include "sim/config/slice_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "config/config_reader.hpp"
#include "config/yaml_tree.hpp"
#include "models/ici/ici_schema.hpp"
#include "sim/config/run_config.hpp"

namespace hesa {

SliceConfig load_slice_config(const std::string& path,
                              const std::vector<std::string>& chip_overrides) {
  const Node root = load_yaml_file(path);
  const ConfigReader r(root, "", {"name", "chip", "ici", "energy"});
  SliceConfig s;
  s.name = r.find("name") ? r.get_string("name") : std::filesystem::path(path).stem().string();
  const std::string chip = r.get_string("chip");
  const std::filesystem::path base = std::filesystem::path(path).parent_path();
  s.chip_path = std::filesystem::path(chip).is_absolute() ? chip : (base / chip).string();
  read_ici(r.child("ici", ici_keys()), s.ici);
  read_ici_energy(r.child("energy", {"ici_byte_pj"}), s.ici);
  s.chip = load_chip_config(s.chip_path, chip_overrides);
  return s;
}

namespace {

// Applies an override "slice.<path>=value" to the slice's tree.
void apply_slice_override(const std::string& text, Node& root) {
  const Location loc{"--set " + text.substr(0, 120)};
  const size_t eq = text.find('=');
  std::vector<std::string> path;
  for (size_t begin = 6; begin <= eq;) {  // after "slice."
    const size_t end = std::min(text.find('.', begin), eq);
    path.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  if (path.size() > 8 || std::any_of(path.begin(), path.end(), [](auto& k) { return k.empty(); })) {
    config_fail(loc, "", "expected slice.<key>=value");
  }
  Node value = parse_yaml_value(text.substr(eq + 1), loc, text.substr(0, eq));
  set_path(root, path, std::move(value), loc);
}

}  // namespace

RunConfig load_slice_run_config(const std::string& slice_path, const std::string& workload_path,
                                const std::vector<std::string>& all_overrides) {
  Node root = load_yaml_file(slice_path);
  std::vector<std::string> overrides;
  for (const std::string& o : all_overrides) {
    if (o.rfind("slice.", 0) == 0 && o.find('=') != std::string::npos) {
      apply_slice_override(o, root);
    } else {
      overrides.push_back(o);
    }
  }
  const ConfigReader r(root, "", {"name", "chip", "ici", "energy"});
  const std::string chip = r.get_string("chip");
  const std::filesystem::path base = std::filesystem::path(slice_path).parent_path();
  const std::string chip_path =
      std::filesystem::path(chip).is_absolute() ? chip : (base / chip).string();
  RunConfig run = load_run_config(chip_path, workload_path, overrides);
  read_ici(r.child("ici", ici_keys()), run.ici);
  read_ici_energy(r.child("energy", {"ici_byte_pj"}), run.ici);
  run.chips = run.ici.chips();
  run.slice_file = slice_path;
  run.slice_name =
      r.find("name") ? r.get_string("name") : std::filesystem::path(slice_path).stem().string();
  if (run.chips * run.chip.tensorcores > 255) {
    config_fail(r.require("ici").loc, "ici.dims",
                fmt::format("{} chips of {} TensorCores: at most 255 TensorCores in a slice",
                            run.chips, run.chip.tensorcores));
  }
  run.files.insert(run.files.begin(), slice_path);
  run.slice_yaml = emit_yaml({{"slice", &root}});
  run.effective_yaml += run.slice_yaml;
  return run;
}

}  // namespace hesa
