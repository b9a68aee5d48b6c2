#include "sim/config/slice_config.hpp"

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

}  // namespace hesa
