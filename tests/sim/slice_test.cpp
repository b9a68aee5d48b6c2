// Slice files: every shipped slice loads with its chip, `hesa info --slice` prints its grid and
// the ring collectives' times, which equal their closed form on the slice's own figures; bad
// slice files exit 2 with one line naming file, line, column and key.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
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

namespace {

// Limbs p of [first, first + count) with p mod n == c (limb p lives on chip p mod n).
int64_t owned(int64_t c, int64_t first, int64_t count, int64_t n) {
  const auto below = [&](int64_t end) { return end <= c ? 0 : (end - 1 - c) / n + 1; };
  return below(first + count) - below(first);
}

// Limbs HE-Mult copies between chips under limb sharding, CROSS's structure (inputs rescaled
// first, the product at level L - 1, digits of ceil((L - 1) / dnum) limbs): each of the four
// rescales sends the last limb to every other chip that holds one of the limbs below it; each
// ModUp digit's basis conversion sends every chip holding a target limb the digit limbs it lacks;
// each of the two ModDowns sends every chip holding a Q limb the K special limbs it lacks.
int64_t he_mult_ici_limbs(int64_t L, int64_t K, int64_t dnum, int64_t n) {
  int64_t limbs = 0;
  const int64_t last_owner = (L - 1) % n;
  for (int64_t c = 0; c < n; ++c) {
    if (c != last_owner && owned(c, 0, L - 1, n) > 0) limbs += 4;
  }
  const int64_t l = L - 1, alpha = (l + dnum - 1) / dnum;
  for (int64_t first = 0; first < l; first += alpha) {
    const int64_t count = std::min(alpha, l - first);
    for (int64_t c = 0; c < n; ++c) {
      const int64_t targets = owned(c, 0, l, n) - owned(c, first, count, n) + owned(c, L, K, n);
      if (targets > 0) limbs += count - owned(c, first, count, n);
    }
  }
  for (int64_t c = 0; c < n; ++c) {
    if (owned(c, 0, l, n) > 0) limbs += 2 * (K - owned(c, L, K, n));
  }
  return limbs;
}

}  // namespace

TEST_CASE("ICI bytes of an HE-Mult sharded by limbs equal their closed form", "[slice][cli]") {
  // Cheddar's parameters (N = 2^16, L = 48, K = 17, dnum = 3) on the shipped v6e-8 slice, and a
  // smaller slice of the same chips.
  for (const char* chips : {"8", "3"}) {
    const std::string out = fresh_dir(std::string("slice_he_mult_") + chips);
    std::vector<std::string> args = {"run",
                                     "--slice",
                                     kSource + "configs/slices/tpu_v6e_8.yaml",
                                     "--workload",
                                     kSource + "configs/workloads/he_mult_cheddar.yaml",
                                     "--set",
                                     "mapping.shard=limbs",
                                     "--out",
                                     out,
                                     "-q",
                                     "--no-trace",
                                     "--no-charts"};
    if (std::string(chips) == "3") {  // a ring of three
      args.insert(args.end(),
                  {"--set", "slice.ici.dims=[3]", "--set", "slice.ici.wraparound=[true]"});
    }
    const CliResult r = run_hesa(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto stats = nlohmann::json::parse(read_text(out + "/stats.json"));
    const int64_t n = std::stoll(chips);
    const int64_t limb_bytes = 4 * 65536;
    const int64_t want = he_mult_ici_limbs(48, 17, 3, n) * limb_bytes;
    INFO(chips << " chips");
    CHECK(stats["stats"]["units"]["ici"]["bytes"]["value"].get<double>() == double(want));
    CHECK(stats["meta"]["chips"] == n);
    // The slice's energy is its chips' plus its links'; each link's is its bytes x 40 pJ.
    double sum = stats["stats"]["energy"]["ici"]["dynamic"]["value"].get<double>();
    for (const auto& [name, c] : stats["stats"]["slice"]["chip"].items()) {
      sum += c["energy"]["value"].get<double>();
    }
    CHECK(sum == Approx(stats["summary"]["energy_uj"].get<double>()).epsilon(1e-9));
    double links = 0;
    for (const auto& [name, l] : stats["stats"]["slice"]["link"].items()) {
      CHECK(l["energy"]["value"].get<double>() ==
            Approx(l["bytes"]["value"].get<double>() * 40e-6).epsilon(1e-9));
      links += l["energy"]["value"].get<double>();
    }
    CHECK(links == Approx(stats["stats"]["energy"]["ici"]["dynamic"]["value"].get<double>()));
  }
  CHECK(he_mult_ici_limbs(48, 17, 3, 8) == 595);  // worked by hand: 28 + 329 + 238
}

TEST_CASE("HBM capacity is checked per chip with keys split by limbs and copied by batch",
          "[slice][cli]") {
  // HE-Mult with Cheddar's parameters needs about 600 MB of HBM on one chip, and on each of 8
  // chips sharding it by batch (every key on every chip); by limbs the fullest chip needs about
  // 100 MB. A 0.2 GiB chip only runs the limb-sharded slice.
  const std::string workload = kSource + "configs/workloads/he_mult_cheddar.yaml";
  const std::string slice = kSource + "configs/slices/tpu_v6e_8.yaml";
  const std::string small = "hbm.capacity_gib=0.2";
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--workload", workload, "--set", small, "--out",
                             fresh_dir("slice_hbm"), "-q", "--no-trace", "--no-charts"});
    return run_hesa(args);
  };
  const CliResult one = run({"run", "--chip", kSource + "configs/chips/tpu_v6e.yaml"});
  CHECK(one.code == 2);
  CHECK(one.err.find("bytes of HBM, the chip has 214748365 bytes") != std::string::npos);
  const CliResult batch = run({"run", "--slice", slice, "--set", "mapping.shard=batch"});
  CHECK(batch.code == 2);
  CHECK(batch.err == one.err);
  const CliResult limbs = run({"run", "--slice", slice, "--set", "mapping.shard=limbs"});
  CHECK(limbs.code == 0);
  CHECK(limbs.err.empty());
}

TEST_CASE("a slice sharded by batch runs an NTT bit-exact with --functional", "[slice][cli]") {
  // Five batch items over four chips: 2, 1, 1 and 1.
  const std::string out = fresh_dir("slice_functional");
  const CliResult r =
      run_hesa({"run", "--slice", kSource + "configs/slices/tpu_v5e_4.yaml", "--workload",
                kSource + "configs/workloads/ntt_n12_l4.yaml", "--set", "batch=5", "--functional",
                "--out", out, "--no-trace", "--no-charts"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("functional    20 limbs bit-exact against the reference NTT") !=
        std::string::npos);
  CHECK(r.out.find("on tpu_v5e_4 (4 x tpu_v5e, sharded by batch)") != std::string::npos);
  const auto stats = nlohmann::json::parse(read_text(out + "/stats.json"));
  const auto& chips = stats["stats"]["slice"]["chip"];
  for (int k = 0; k < 4; ++k) {
    INFO("chip " << k);
    CHECK(chips["chip" + std::to_string(k)]["vpu"]["value"].get<double>() > 0);
    CHECK(chips["chip" + std::to_string(k)]["ici_bytes_sent"]["value"].get<double>() == 0);
  }
}
