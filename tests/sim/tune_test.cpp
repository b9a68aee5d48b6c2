// End-to-end: every TensorCore by default, GEMMs through HBM on every chip, the mapping search
// (`auto` knobs, `--tune`, `hesa tune`) and what it records.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/sim/cli_runner.hpp"

using namespace hesa::test;

namespace {

const std::string kV4 = "configs/chips/tpu_v4.yaml";
const std::string kV6e = "configs/chips/tpu_v6e.yaml";
const std::string kTiny = "tests/data/workloads/ntt_tiny.yaml";

nlohmann::json run_stats(const std::vector<std::string>& args, std::string* yaml = nullptr) {
  const std::string out = fresh_dir("tune");
  std::vector<std::string> all = args;
  all.insert(all.end(), {"--out", out, "--quiet"});
  const CliResult r = run_hesa(all);
  INFO(r.err);
  REQUIRE(r.code == 0);
  if (yaml) *yaml = read_text(out + "/config.effective.yaml");
  return nlohmann::json::parse(read_text(out + "/stats.json"));
}

double busy(const nlohmann::json& s, const char* core, const char* unit) {
  return s.at("stats").at("cores").at(core).at(unit).at("value").get<double>();
}

}  // namespace

TEST_CASE("two-TensorCore chips use both cores by default and none stays available",
          "[cli][tune]") {
  const auto by_default = run_stats({"run", "--chip", kV4, "--workload", kTiny});
  CHECK(by_default.at("mapping").at("core_split") == "limbs");  // 2 limbs, 2 cores
  CHECK(busy(by_default, "core1", "vpu") > 0);
  const auto none =
      run_stats({"run", "--chip", kV4, "--workload", kTiny, "--set", "mapping.core_split=none"});
  CHECK(none.at("mapping").at("core_split") == "none");
  CHECK(busy(none, "core1", "vpu") == 0);
  CHECK(by_default.at("summary").at("cycles").get<double>() <
        none.at("summary").at("cycles").get<double>());
}

TEST_CASE("the shipped GEMMs run on every chip, through HBM where VMEM is too small",
          "[cli][tune]") {
  for (const char* chip : {"tpu_v4", "tpu_v5e", "tpu_v5p", "tpu_v6e"}) {
    for (const char* gemm : {"gemm_int8_4096", "gemm_bf16_4096"}) {
      INFO(chip << " " << gemm);
      const auto s = run_stats({"run", "--chip", std::string("configs/chips/") + chip + ".yaml",
                                "--workload", std::string("configs/workloads/") + gemm + ".yaml"});
      CHECK(s.at("stats")
                .at("units")
                .at("mxu")
                .at(gemm[5] == 'i' ? "int8_macs" : "bf16_macs")
                .at("value")
                .get<double>() == 4096.0 * 4096 * 1024);
    }
  }
}

TEST_CASE("auto knobs are chosen by simulating their candidates", "[cli][tune]") {
  std::string yaml;
  const auto s = run_stats(
      {"run", "--chip", kV4, "--workload", kTiny, "--set", "mapping.prefetch_depth=auto", "--set",
       "mapping.core_split=auto", "--set", "batch=4", "--set", "mapping.chunk_items=auto"},
      &yaml);
  const auto& by = s.at("mapping").at("chosen_by");
  CHECK(by.at("prefetch_depth") == "search");
  CHECK(by.at("core_split") == "search");
  CHECK(by.at("chunk_items") == "search");
  CHECK(by.at("layout") == "default");  // not asked for: no search
  // The choice is the fastest candidate, and the run took its time.
  const auto& cands = s.at("stats").at("workload").at("mapping").at("core_split");
  double best = 1e300;
  for (const auto& [value, c] : cands.items()) best = std::min(best, c.at("value").get<double>());
  CHECK(cands.size() == 3);  // none, limbs, batch
  CHECK(cands.at(s.at("mapping").at("core_split").get<std::string>()).at("value").get<double>() ==
        best);
  CHECK(s.at("summary").at("time_us").get<double>() == Approx(best).epsilon(1e-9));
  // config.effective.yaml says what was chosen.
  CHECK(yaml.find("core_split: " + s.at("mapping").at("core_split").get<std::string>()) !=
        std::string::npos);
  CHECK(yaml.find("prefetch_depth: auto") == std::string::npos);
}

TEST_CASE(
    "run --tune opens every knob the workload leaves unset and hesa tune prints the candidates",
    "[cli][tune]") {
  const auto s = run_stats(
      {"run", "--chip", kV4, "--workload", kTiny, "--tune", "--set", "mapping.prefetch_depth=1"});
  const auto& by = s.at("mapping").at("chosen_by");
  CHECK(by.at("prefetch_depth") == "workload");  // given: kept
  CHECK(by.at("core_split") == "search");
  CHECK(by.at("layout") == "search");
  const CliResult t = run_hesa({"tune", "--chip", kV4, "--workload", kTiny});
  INFO(t.err);
  REQUIRE(t.code == 0);
  CHECK(t.out.find("mapping.core_split") != std::string::npos);
  CHECK(t.out.find("<- chosen") != std::string::npos);
  CHECK(t.out.find("simulations in") != std::string::npos);
}

TEST_CASE("a plain run never searches", "[cli][tune]") {
  const auto s = run_stats({"run", "--chip", kV6e, "--workload", kTiny});
  CHECK_FALSE(s.at("stats").at("workload").contains("mapping"));
  for (const auto& [knob, how] : s.at("mapping").at("chosen_by").items()) CHECK(how != "search");
}

TEST_CASE("fusion: auto tries xla and none on a CKKS kernel and keeps the faster", "[cli][tune]") {
  const auto s = run_stats({"run", "--chip", kV6e, "--workload",
                            "configs/workloads/he_mult_cheddar.yaml", "--set", "scheme.n=4096",
                            "--set", "mapping.layout=[64, 64]", "--set", "scheme.limbs=6", "--set",
                            "scheme.special_limbs=2", "--set", "mapping.fusion=auto"});
  CHECK(s.at("mapping").at("chosen_by").at("fusion") == "search");
  const auto& cands = s.at("stats").at("workload").at("mapping").at("fusion");
  REQUIRE(cands.size() == 2);
  const double xla = cands.at("xla").at("value").get<double>();
  const double none = cands.at("none").at("value").get<double>();
  CHECK(xla != none);
  CHECK(s.at("mapping").at("fusion") == (xla <= none ? "xla" : "none"));
  // Not a CKKS kernel: nothing to fuse, the one candidate without a simulation.
  const auto ntt =
      run_stats({"run", "--chip", kV6e, "--workload", kTiny, "--set", "mapping.fusion=auto"});
  CHECK(ntt.at("mapping").at("fusion") == "xla");
}
