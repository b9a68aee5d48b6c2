// Slice files: every shipped slice loads with its chip, `hesa info --slice` prints its grid and
// the ring collectives' times, which equal their closed form on the slice's own figures; bad
// slice files exit 2 with one line naming file, line, column and key.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "sim/config/slice_config.hpp"
#include "tests/sim/cli_runner.hpp"

using namespace hesa;
using namespace hesa::test;

namespace {

const std::string kSource = std::string(HESA_SOURCE_DIR) + "/";

double printed_us(const std::string& out, const std::string& what) {
  std::smatch m;
  const std::regex re(what + " +([0-9.]+) us");
  REQUIRE(std::regex_search(out, m, re));
  return std::stod(m[1].str());
}

}  // namespace

TEST_CASE("shipped slices load, and their all-gather takes its closed form", "[slice][cli]") {
  int slices = 0;
  for (const auto& e : std::filesystem::directory_iterator(kSource + "configs/slices")) {
    if (e.path().extension() != ".yaml") continue;
    ++slices;
    const SliceConfig s = load_slice_config(e.path().string());
    INFO(e.path());
    CHECK(s.chip.name == std::filesystem::path(s.chip_path).stem().string());
    CHECK(s.ici.chips() >= 4);
    const uint64_t bytes = 1 << 20;
    const CliResult r = run_hesa({"info", "--slice", e.path().string(), "--bytes", "1048576"});
    REQUIRE(r.code == 0);
    CHECK(r.out.find(std::to_string(s.ici.chips()) + " chips of " + s.chip.name) !=
          std::string::npos);
    // The ring order of these grids is a cycle of neighbours: n - 1 steps of one hop each.
    const double step_ns = s.ici.hop_latency_ns + double(bytes) / s.ici.link_gb_s;
    CHECK(printed_us(r.out, "all-gather") ==
          Approx((s.ici.chips() - 1) * step_ns * 1e-3).epsilon(1e-4));
  }
  CHECK(slices >= 3);
}

TEST_CASE("bad slice files exit 2 with one line naming the place and the key", "[slice][cli]") {
  const std::string dir = fresh_dir("slices");
  std::filesystem::create_directories(dir);
  const std::string chip = "chip: " + kSource + "configs/chips/tpu_v6e.yaml\n";
  const std::string ici = "ici:\n  dims: [2, 4]\n  link_gb_s: 100\n  hop_latency_ns: 1000\n";
  const std::string energy = "energy:\n  ici_byte_pj: 40\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {chip + ici + energy + "ports: 4\n", "ports: unknown key"},
      {ici + energy, "missing required key \"chip\""},
      {chip +
           "ici:\n  dims: [2, 4]\n  wraparound: [true]\n  link_gb_s: 100\n"
           "  hop_latency_ns: 1000\n" +
           energy,
       "ici.wraparound: expected one flag per dimension (2), got 1"},
      {chip + "ici:\n  dims: [2, 4]\n  link_gb_s: -1\n  hop_latency_ns: 1000\n" + energy,
       "ici.link_gb_s"},
      {chip + ici, "missing required key \"energy\""},
  };
  int i = 0;
  for (const auto& [text, message] : cases) {
    const std::string path = dir + "/bad" + std::to_string(i++) + ".yaml";
    write_text(path, text);
    const CliResult r = run_hesa({"info", "--slice", path});
    INFO(text);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("error: " + path + ":", 0) == 0);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}
