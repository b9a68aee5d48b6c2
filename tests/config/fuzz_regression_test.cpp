// Replays the fuzz regressions (tests/data/fuzz-regressions/<target>/) and tricky inputs through
// the fuzz harnesses: each must end normally (bad input rejected with a ConfigError inside).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "config/yaml_tree.hpp"
#include "fuzz/fuzz_harness.hpp"
#include "sim/config/run_config.hpp"
#include "sim/run/run_replay.hpp"
#include "sim/sweep/sweep_file.hpp"
#include "sim/sweep/sweep_spec.hpp"
#include "tests/sim/cli_runner.hpp"

using namespace hesa;
namespace fs = std::filesystem;

namespace {

const std::string kSource = HESA_SOURCE_DIR;

int replay(const std::string& target) {
  const fuzz::Harness harness = fuzz::harness_named(target);
  REQUIRE(harness != nullptr);
  int count = 0;
  for (const auto& e : fs::directory_iterator(kSource + "/tests/data/fuzz-regressions/" + target)) {
    INFO(e.path().string());
    const std::string data = test::read_text(e.path().string());
    CHECK_NOTHROW(harness(data));
    ++count;
  }
  return count;
}

std::string nested(int depth, const std::string& open, const std::string& close) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += open;
  for (int i = 0; i < depth; ++i) text += close;
  return text;
}

}  // namespace

TEST_CASE("fuzz regressions of the chip loader are rejected cleanly", "[fuzz]") {
  CHECK(replay("chip") >= 1);
}

TEST_CASE("fuzz regressions of the workload loader are rejected cleanly", "[fuzz]") {
  CHECK(replay("workload") >= 1);
}

TEST_CASE("fuzz regressions of the limb parser are rejected cleanly", "[fuzz]") {
  CHECK(replay("limbs") >= 1);
}

TEST_CASE("fuzz regressions of the sweep loader are rejected cleanly", "[fuzz]") {
  CHECK(replay("sweep") >= 1);
}

TEST_CASE("fuzz regressions of the trace parser are rejected cleanly", "[fuzz]") {
  CHECK(replay("trace") >= 1);
}

TEST_CASE("the sweep and trace fuzz harnesses accept their seeds", "[fuzz]") {
  // The seeds are valid: each goes through the whole harness (sweeps expanded, traces checked).
  for (const char* target : {"sweep", "trace"}) {
    int count = 0;
    for (const auto& e :
         fs::directory_iterator(kSource + "/tests/data/fuzz-seeds/" + std::string(target))) {
      INFO(e.path().string());
      const std::string data = test::read_text(e.path().string());
      if (std::string(target) == "trace") {
        const RunConfig cfg =
            load_trace_run_config(kSource + "/configs/chips/tpu_v4.yaml", "seed.trace", {});
        CHECK_NOTHROW(replay_trace(cfg, data, "seed.trace"));
      } else {
        const std::string file = kSource + "/configs/sweeps/seed.yaml";
        const SweepFile s = read_sweep_tree(load_yaml_text(data, file), file);
        CHECK(s.count <= fuzz::kFuzzSweepPoints);
        CHECK(expand_sweep(s).points.size() == static_cast<size_t>(s.count));
      }
      CHECK_NOTHROW(fuzz::harness_named(target)(data));
      ++count;
    }
    CHECK(count >= 3);
  }
}

TEST_CASE("deeply nested YAML is an error, not a stack overflow", "[fuzz]") {
  for (const auto& [open, close] : {std::pair{"[", "]"}, std::pair{"{a: ", "}"}}) {
    const std::string text = "name: " + nested(100000, open, close) + "\n";
    std::string message;
    try {
      (void)load_yaml_text(text, "deep.yaml");
    } catch (const ConfigError& e) {
      message = e.what();
    }
    CHECK(message.rfind("deep.yaml:", 0) == 0);
    CHECK_NOTHROW(fuzz::chip_input(text));
  }
}
