// End-to-end: the hesa binary on shipped and test configs, its outputs and its errors.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "sim/config/run_config.hpp"
#include "tests/sim/cli_runner.hpp"
#include "workloads/math/modmath.hpp"
#include "workloads/math/reference_ntt.hpp"

using namespace hesa;
using namespace hesa::test;
namespace fs = std::filesystem;

namespace {

const std::string kV6e = "configs/chips/tpu_v6e.yaml";
const std::string kTiny = "tests/data/workloads/ntt_tiny.yaml";

std::vector<std::string> run_args(const std::string& workload, const std::string& out) {
  return {"run", "--chip", kV6e, "--workload", workload, "--out", out};
}

}  // namespace

TEST_CASE("hesa --version and --help", "[cli]") {
  const CliResult v = run_hesa({"--version"});
  CHECK(v.code == 0);
  CHECK(v.out == std::string("hesa ") + HESA_VERSION + "\n");
  const CliResult h = run_hesa({"--help"});
  CHECK(h.code == 0);
  CHECK(h.out.find("run") != std::string::npos);
  const CliResult rh = run_hesa({"run", "--help"});
  CHECK(rh.code == 0);
  CHECK(rh.out.find("--functional") != std::string::npos);
  CHECK(rh.out.find("--no-trace") != std::string::npos);
  // Options with a default say it.
  const CliResult sh = run_hesa({"sweep", "--help"});
  CHECK(sh.code == 0);
  CHECK(sh.out.find("INT:INT in [1 - 1024]=1\n") != std::string::npos);  // -j
  CHECK(sh.out.find("--no-trace") != std::string::npos);
  CHECK(rh.out.find("=4096\n") != std::string::npos);  // --trace-slices
  CHECK(run_hesa({}).code == 2);
  CHECK(run_hesa({"frobnicate"}).code == 2);
}

TEST_CASE("hesa run writes stats.json with the summary and the effective config", "[cli]") {
  const std::string out = fresh_dir("run");
  const CliResult r = run_hesa(run_args("configs/workloads/ntt_n12_l4.yaml", out));
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("time") != std::string::npos);
  const auto stats = nlohmann::json::parse(read_text(out + "/stats.json"));
  const auto& s = stats.at("summary");
  // Whole cycles: the run ends within its last cycle at 1.75 GHz.
  REQUIRE(s.at("cycles").is_number_integer());
  const double cycles = s.at("cycles").get<double>();
  CHECK(cycles > 0);
  CHECK(cycles >= s.at("time_us").get<double>() * 1.75e3 - 1e-6);
  CHECK(cycles < s.at("time_us").get<double>() * 1.75e3 + 1);
  CHECK(s.at("energy_uj").get<double>() > 0);
  CHECK(s.at("area_mm2").get<double>() > 0);
  for (const char* unit : {"mxu", "vpu", "dma", "hbm", "vmem"}) {
    const double u = s.at("utilization").at(unit).get<double>();
    INFO(unit);
    CHECK(u > 0);
    CHECK(u <= 1.0);
  }
  CHECK(stats.at("meta").at("chip") == "tpu_v6e");
  CHECK(stats.at("meta").at("config_hash").get<std::string>().size() == 16);
  // The effective config loads back to the same chip.
  const std::string eff = read_text(out + "/config.effective.yaml");
  CHECK(eff.rfind("chip:", 0) == 0);
  CHECK(eff.find("\nworkload:") != std::string::npos);
  CHECK(read_text(out + "/stats.csv").rfind("path,value,unit\n", 0) == 0);
}

TEST_CASE("overrides with --set reach the simulation and the effective config", "[cli]") {
  const std::string a = fresh_dir("set_a"), b = fresh_dir("set_b");
  REQUIRE(run_hesa(run_args(kTiny, a)).code == 0);
  auto args = run_args(kTiny, b);
  args.insert(args.end(), {"--set", "hbm.data_rate_gbps=1", "--set", "batch=1"});
  const CliResult r = run_hesa(args);
  REQUIRE(r.code == 0);
  const auto sa = nlohmann::json::parse(read_text(a + "/stats.json"));
  const auto sb = nlohmann::json::parse(read_text(b + "/stats.json"));
  CHECK(sb["summary"]["cycles"].get<double>() != sa["summary"]["cycles"].get<double>());
  const std::string eff = read_text(b + "/config.effective.yaml");
  CHECK(eff.find("data_rate_gbps: 1\n") != std::string::npos);
  CHECK(eff.find("batch: 1") != std::string::npos);
}

TEST_CASE("the same run twice gives byte-identical stats", "[cli]") {
  const std::string a = fresh_dir("det_a"), b = fresh_dir("det_b");
  REQUIRE(run_hesa(run_args(kTiny, a)).code == 0);
  REQUIRE(run_hesa(run_args(kTiny, b)).code == 0);
  CHECK(read_text(a + "/stats.json") == read_text(b + "/stats.json"));
  CHECK(read_text(a + "/stats.csv") == read_text(b + "/stats.csv"));
  CHECK(read_text(a + "/config.effective.yaml") == read_text(b + "/config.effective.yaml"));
}

TEST_CASE("bad inputs exit 2 with one line naming the place, and write nothing", "[cli][errors]") {
  struct Case {
    std::vector<std::string> extra;
    std::string workload;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--set", "mxu.rows=0"},
       kTiny,
       "error: --set mxu.rows=0: mxu.rows: must be between 1 and 65536, got 0\n"},
      {{"--set", "mxu.rows=0x"},
       kTiny,
       "error: --set mxu.rows=0x: mxu.rows: expected an integer, got \"0x\"\n"},
      {{"--set", "mapping.layout=[4,4]"},
       kTiny,
       "error: --set mapping.layout=[4,4]: mapping.layout: R x C = 4 x 4 = 16 does not equal "
       "scheme.n = 64\n"},
      {{},
       "tests/data/workloads/nope.yaml",
       "error: tests/data/workloads/nope.yaml: cannot open file\n"},
      {{"--set", "hbm.capacity_gib=0.000001"},
       kTiny,
       "error: tests/data/workloads/ntt_tiny.yaml:8:1: batch: NTT data and constants need 7680 "
       "bytes of HBM, the chip has 1074 bytes (hbm.capacity_gib)\n"},
      {{"--set", "vmem.size_mib=0.003"},
       kTiny,
       "error: tests/data/workloads/ntt_tiny.yaml:2:1: mapping.prefetch_depth: NTT working set "
       "does not fit VMEM: 1 x (2304 bytes of constants + 1792 bytes per batch item) = 4096 "
       "bytes, VMEM holds 3146 bytes (vmem.size_mib)\n"},
      {{"--input", "x.txt"}, kTiny, "error: --input x.txt: needs --functional\n"},
      // Buffers aligned to 1 GiB interleave blocks overflow a 2 GiB HBM at the chip level.
      {{"--set", "hbm.interleave_bytes=1073741824", "--set", "hbm.capacity_gib=2"},
       kTiny,
       "error: configs/chips/tpu_v6e.yaml: hbm.capacity_gib: HBM buffer "
       "\"hbm.ntt.q268432897.first\" (1024 "
       "bytes) does not fit: 2147483648 of 2147483648 bytes are taken by earlier buffers; the "
       "trace's HBM buffers need 10737418240 bytes\n"},
  };
  for (const Case& c : cases) {
    const std::string out = fresh_dir("bad");
    auto args = run_args(c.workload, out);
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    const CliResult r = run_hesa(args);
    INFO(c.message);
    CHECK(r.code == 2);
    CHECK(r.err == c.message);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("hesa run --functional checks the trace against the reference NTT", "[cli][functional]") {
  const std::string out = fresh_dir("func");
  auto args = run_args(kTiny, out);
  args.push_back("--functional");
  const CliResult r = run_hesa(args);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("6 limbs bit-exact against the reference NTT") != std::string::npos);

  auto inv = run_args("tests/data/workloads/intt_tiny.yaml", fresh_dir("func_inv"));
  inv.push_back("--functional");
  const CliResult ri = run_hesa(inv);
  REQUIRE(ri.code == 0);
  CHECK(ri.out.find("6 limbs bit-exact against the reference INTT") != std::string::npos);
}

TEST_CASE("functional input and output files exchange limbs with other libraries",
          "[cli][functional]") {
  const RunConfig cfg = load_run_config(std::string(HESA_SOURCE_DIR) + "/" + kV6e,
                                        std::string(HESA_SOURCE_DIR) + "/" + kTiny, {});
  const auto& w = cfg.workload;
  const std::string dir = fresh_dir("io");
  fs::create_directories(dir);
  std::string text;
  std::vector<Limb> inputs;
  for (int item = 0; item < w.batch; ++item) {
    for (int limb = 0; limb < w.limbs; ++limb) {
      Limb a(w.n);
      for (uint64_t i = 0; i < w.n; ++i)
        a[i] = static_cast<uint32_t>((i * 7919 + item * 31 + limb) % w.primes[limb]);
      for (uint64_t i = 0; i < w.n; ++i) {
        if (i) text += ' ';
        text += std::to_string(a[i]);
      }
      text += "\n";
      inputs.push_back(a);
    }
  }
  { std::ofstream(dir + "/in.txt") << text; }
  for (const std::string order : {"bit-reversed", "natural"}) {
    auto args = run_args(kTiny, dir + "/out-" + order);
    args.insert(args.end(), {"--functional", "--input", dir + "/in.txt", "--dump-output",
                             dir + "/result.txt", "--output-order", order});
    const CliResult r = run_hesa(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
    std::string expected;
    for (size_t s = 0; s < inputs.size(); ++s) {
      const int limb = static_cast<int>(s % w.limbs);
      const Limb ref = ntt_definition(inputs[s], w.primes[limb], ntt_roots(w)[limb]);
      for (uint64_t i = 0; i < w.n; ++i) {
        const uint64_t from = order == "natural" ? bit_reverse(i, log2_exact(w.n)) : i;
        if (i) expected += ' ';
        expected += std::to_string(ref[from]);
      }
      expected += "\n";
    }
    CHECK(read_text(dir + "/result.txt") == expected);
  }
}

TEST_CASE("HBM energy is bytes x pJ/bit plus activations x pJ, as the stats report them",
          "[cli][memory]") {
  const std::string out = fresh_dir("hbm_energy");
  REQUIRE(run_hesa(run_args("configs/workloads/ntt_n12_l4.yaml", out)).code == 0);
  const auto stats = nlohmann::json::parse(read_text(out + "/stats.json"));
  const auto& hbm = stats["stats"]["units"]["hbm"];
  const double bytes = hbm["bytes"]["value"], acts = hbm["activations"]["value"];
  const ChipConfig chip = load_chip_config(std::string(HESA_SOURCE_DIR) + "/" + kV6e);
  REQUIRE(bytes > 0);
  REQUIRE(acts > 0);
  CHECK(acts < bytes / chip.hbm.row_bytes * 1.5);  // contiguous: about one per page touched
  CHECK(stats["stats"]["energy"]["hbm"]["dynamic"]["value"].get<double>() ==
        Approx((bytes * 8 * chip.hbm.pj_per_bit + acts * chip.hbm.activation_pj) * 1e-6));
  CHECK(hbm["peak_bandwidth"]["value"].get<double>() == Approx(chip.hbm.peak_gbps()));
}
