// docs/config-reference.md in sync with the schema: generated from what the readers apply
// (config/schema_log) while reading every shipped chip and workload, so each key is listed with
// its type, range or choices, whether it is required and the default of an optional one.
// Regenerate with HESA_WRITE_CONFIG_DOC=1 build/hesa_tests "docs/config-reference.md matches the
// schema".
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/schema_log.hpp"
#include "sim/config/run_config.hpp"

using namespace hesa;
namespace fs = std::filesystem;

namespace {

const std::string kSource = HESA_SOURCE_DIR;

std::vector<std::string> yaml_files(const std::string& folder) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kSource + "/" + folder)) {
    if (e.path().extension() == ".yaml") out.push_back(folder + "/" + e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

// One table per map the filter keeps, its keys in the schema's order.
template <class Keep>
std::string tables(const SchemaLog& log, Keep keep) {
  std::string md;
  for (const auto& [path, keys] : log.maps) {
    if (!keep(path, keys)) continue;
    md += fmt::format(
        "### `{}`\n\n| key | type | range or choices | required / default |\n|---|---|---|---|\n",
        path.empty() ? "(top level)" : path);
    for (const std::string& key : keys) {
      const std::string full = path.empty() ? key : path + "." + key;
      std::string type = "not read by the shipped configs", range, need;
      for (const SchemaKey& k : log.keys) {
        if (k.path != full && k.path != full + "[i]") continue;
        type = k.type.empty() ? "its own format (README, docs/models.md)" : k.type;
        range = k.range;
        need = k.required && !k.looked_up ? "required"
               : k.default_text.empty()   ? "optional"
                                          : "default " + k.default_text;
      }
      for (const auto& [sub, subkeys] : log.maps) {
        if (sub == full || sub == full + "[i]") type = "map (below)";
      }
      md += fmt::format("| `{}` | {} | {} | {} |\n", key, cell(type), cell(range), need);
    }
    md += "\n";
  }
  return md;
}

bool has(const std::vector<std::string>& keys, const char* key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string reference() {
  std::string md =
      "# Config reference\n\n"
      "Generated from the schema as the readers apply it (config/schema_log) while reading every\n"
      "shipped chip (configs/chips) and workload (configs/workloads);\n"
      "tests/config/config_reference_test.cpp checks it is in sync. Regenerate with\n"
      "`HESA_WRITE_CONFIG_DOC=1 build/hesa_tests \"docs/config-reference.md matches the "
      "schema\"`.\n\n"
      "Ranges are inclusive (`> lo`: above lo). A key \"not read by the shipped configs\" is "
      "allowed\nbut none of them sets it (its reader's error message gives its range). `[i]`: "
      "every item of a\nlist. Defaults are those of keys read with one; \"optional\" keys "
      "without one change\nnothing when absent (docs/models.md says what each does). A section "
      "read for one kernel\n(`gemm`, `bat_matmul`, `sequence`, `rotations`) is required for "
      "that kernel only. Where a\nbound follows from other keys (`bootstrap.slots` up to N / 2, "
      "`mod_raise.limbs` up to the\nchain, a sequence step's `level`), the range shown is the "
      "one of the first shipped config\nthat reads it.\n\n";
  {
    SchemaLog log;
    for (const std::string& chip : yaml_files("configs/chips")) {
      load_chip_config(kSource + "/" + chip);
    }
    md += "## Chip\n\n" + tables(log, [](const std::string&, const auto&) { return true; });
  }
  {
    SchemaLog log;
    for (const std::string& wl : yaml_files("configs/workloads")) {
      (void)load_run_config(kSource + "/configs/chips/tpu_v6e.yaml", kSource + "/" + wl, {});
    }
    std::vector<std::string> top;  // the workload's top-level keys
    for (const auto& [path, keys] : log.maps) {
      if (path.empty() && has(keys, "kernel")) top = keys;
    }
    md += "## Workload\n\n" +
          tables(log, [&](const std::string& path, const std::vector<std::string>& keys) {
            if (path.empty()) return has(keys, "kernel");
            const std::string first = path.substr(0, path.find_first_of(".["));
            return has(top, first.c_str());
          });
  }
  return md;
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("docs/config-reference.md matches the schema", "[config][docs]") {
  const std::string md = reference();
  const std::string path = kSource + "/docs/config-reference.md";
  if (std::getenv("HESA_WRITE_CONFIG_DOC")) std::ofstream(path) << md;
  CHECK(md.find("| `clock_ghz` | number | 0.001 to 10 | required |") != std::string::npos);
  CHECK(md.find("### `cmem`") != std::string::npos);
  CHECK(md.find("| `kernel` |") != std::string::npos);
  CHECK(read(path) == md);
}
