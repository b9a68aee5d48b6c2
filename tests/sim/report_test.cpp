// End-to-end: what a run writes besides stats (summary.md, trace.json, report.html,
// run-meta.json), their determinism, `hesa report`, progress and --quiet.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "sim/report/report_page.hpp"
#include "tests/sim/cli_runner.hpp"

using namespace hesa::test;
namespace fs = std::filesystem;

namespace {

const std::string kV6e = "configs/chips/tpu_v6e.yaml";
const std::string kTiny = "tests/data/workloads/ntt_tiny.yaml";

CliResult run(const std::string& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run", "--chip", kV6e, "--workload", kTiny, "--out", out};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_hesa(args);
}

double stat(const nlohmann::json& s, const std::string& pointer) {
  return s.at("stats").at(nlohmann::json::json_pointer(pointer)).at("value").get<double>();
}

struct TraceCheck {
  size_t slices = 0;
  uint64_t unit_instrs = 0;  // instructions covered by slices on unit tracks (not the HBM port)
  size_t other_arrays = 0;   // slices of split matmuls on MXU arrays other than 0
};

// Perfetto's reading of a timestamp: llround(us x 1000) ns.
long long perfetto_ns(const nlohmann::json& us) {
  return std::llround(us.get<double>() * 1000.0);
}

// Slices of one track, as Perfetto reads them, are properly nested: two slices are disjoint or
// one contains the other. Returns the number that are not.
size_t improperly_nested(std::vector<std::pair<long long, long long>> slices) {
  std::sort(slices.begin(), slices.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  });
  std::vector<long long> open;  // ends of the enclosing slices
  size_t bad = 0;
  for (const auto& [start, end] : slices) {
    while (!open.empty() && open.back() <= start) open.pop_back();
    if (!open.empty() && end > open.back()) ++bad;
    open.push_back(end);
  }
  return bad;
}

// Every complete event lies within [0, time_us] on a named track, and each track's slices nest.
TraceCheck check_trace(const nlohmann::json& trace, double time_us) {
  std::map<int, std::string> names;
  for (const auto& ev : trace.at("traceEvents")) {
    if (ev.at("ph") == "M" && ev.at("name") == "thread_name") {
      names[ev.at("tid").get<int>()] = ev.at("args").at("name").get<std::string>();
    }
  }
  TraceCheck c;
  std::map<int, std::vector<std::pair<long long, long long>>> by_track;
  for (const auto& ev : trace.at("traceEvents")) {
    if (ev.at("ph") != "X") continue;
    ++c.slices;
    const double ts = ev.at("ts").get<double>(), dur = ev.at("dur").get<double>();
    INFO(ev.dump());
    CHECK(ts >= 0);
    CHECK(dur >= 0);
    // Whole nanoseconds: the last slice's end rounds up by at most half of one.
    CHECK(ts + dur <= time_us + 0.5e-3 + 1e-9);
    CHECK(perfetto_ns(ev.at("ts")) * 1e-3 == Approx(ts).margin(1e-12));
    by_track[ev.at("tid").get<int>()].emplace_back(
        perfetto_ns(ev.at("ts")), perfetto_ns(ev.at("ts")) + perfetto_ns(ev.at("dur")));
    REQUIRE(names.count(ev.at("tid").get<int>()) == 1);
    CHECK_FALSE(ev.at("name").get<std::string>().empty());
    // An MXU instruction spread over arrays 0..k-1 of its core shows on each: count it on array
    // 0's track.
    const std::string& track = names[ev.at("tid").get<int>()];
    const size_t mxu = track.find("_mxu");
    const bool other_array = mxu != std::string::npos && track.substr(mxu + 4) != "0";
    if (track.rfind("hbm", 0) != 0 && !other_array) {
      c.unit_instrs += ev.at("args").value("instrs", 1);
    }
    c.other_arrays += other_array;
  }
  for (const auto& [tid, slices] : by_track) {
    INFO("track " << names[tid]);
    CHECK(improperly_nested(slices) == 0);
  }
  return c;
}

}  // namespace

TEST_CASE("a run writes summary.md, trace.json, report.html and run-meta.json", "[report]") {
  const std::string out = fresh_dir("outputs");
  const CliResult r = run(out);
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto stats = nlohmann::json::parse(read_text(out + "/stats.json"));
  const double time_us = stats.at("summary").at("time_us").get<double>();
  const double instrs = stat(stats, "/workload/instructions");
  // Whole cycles: the run ends within its last cycle.
  const auto& cycles = stats.at("summary").at("cycles");
  CHECK(cycles.is_number_integer());
  const double clock = stats.at("meta").at("clock_ghz").get<double>();
  CHECK(cycles.get<double>() >= time_us * clock * 1e3 - 1e-6);
  CHECK(cycles.get<double>() < time_us * clock * 1e3 + 1);
  CHECK(stats.at("meta").at("simulated_cycles") == cycles);
  CHECK(stats.at("meta").at("schema_version") == 2);
  CHECK(r.out.find(fmt::format("({} cycles at 1.75 GHz)", cycles.get<long long>())) !=
        std::string::npos);
  // The bottleneck, named with its share of the elapsed time.
  const auto& bn = stats.at("bottleneck").at("run");
  CHECK(bn.at("unit").get<std::string>() != "none");
  CHECK(bn.at("share").get<double>() > 0);
  CHECK(bn.at("share").get<double>() <= 1);
  CHECK(r.out.find("  bottleneck    ") != std::string::npos);

  const auto trace = nlohmann::json::parse(read_text(out + "/trace.json"));
  CHECK(trace.at("otherData").at("merged_tracks").empty());
  CHECK(trace.at("otherData").at("config_hash") == stats.at("meta").at("config_hash"));
  const TraceCheck tc = check_trace(trace, time_us);
  // The nesting check can fail: two slices that overlap without one containing the other.
  CHECK(improperly_nested({{0, 10}, {5, 15}}) == 1);
  CHECK(improperly_nested({{0, 10}, {2, 5}, {5, 10}, {10, 12}}) == 0);
  // The tiny NTT's transfers overlap on the HBM port: they are spread over lanes.
  size_t hbm_lanes = 0;
  for (const auto& ev : trace.at("traceEvents")) {
    if (ev.at("ph") == "M" && ev.at("name") == "thread_name" &&
        ev.at("args").at("name").get<std::string>().rfind("hbm lane ", 0) == 0) {
      ++hbm_lanes;
    }
  }
  CHECK(hbm_lanes > 1);
  // One slice per instruction on the units, plus one per HBM transfer.
  CHECK(tc.unit_instrs == instrs);
  CHECK(tc.slices == instrs + tc.other_arrays + stat(stats, "/units/hbm/transfers"));

  // The breakdown accounts for every busy cycle of the units.
  double by_category = 0, profile = 0;
  for (const auto& [k, v] : stats.at("stats").at("breakdown").at("category").items()) {
    by_category += v.at("busy").at("value").get<double>();
    profile += v.at("profile_share").at("value").get<double>();
    const double share = v.at("elapsed_share").at("value").get<double>();
    CHECK(share >= 0);
    CHECK(share <= 1 + 1e-12);
  }
  CHECK(by_category == Approx(stat(stats, "/units/mxu/busy") + stat(stats, "/units/vpu/busy") +
                              stat(stats, "/units/dma/busy")));
  CHECK(profile == Approx(1.0));
  // The NTT's matmuls and the transfers that feed and drain them.
  double ntt_steps = 0;
  for (const auto& [k, v] : stats.at("stats").at("steps").items()) {
    if (k.rfind("ntt/ntt_matmul", 0) == 0) ntt_steps += v.at("value").get<double>();
  }
  CHECK(stats.at("stats").at("steps").contains("ntt/ntt_matmul_rows.load_constants"));
  CHECK(stat(stats, "/breakdown/category/ntt_matmul/busy") == Approx(ntt_steps));
  CHECK(stat(stats, "/breakdown/category/intt_matmul/busy") == 0);
  CHECK(stat(stats, "/breakdown/kernel/ntt/int8_macs") == stat(stats, "/units/mxu/int8_macs"));
  CHECK(stat(stats, "/breakdown/kernel/ntt/hbm_bytes") == stat(stats, "/units/hbm/bytes"));
  CHECK(stat(stats, "/breakdown/any_busy_share") == Approx(1.0));

  const std::string md = read_text(out + "/summary.md");
  CHECK(md.rfind("# ntt_tiny on tpu_v6e\n", 0) == 0);
  CHECK(md.find("| NTT matmul |") != std::string::npos);
  const std::string html = read_text(out + "/report.html");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // SVG namespace only
  CHECK(html.find("https://") == std::string::npos);
  const auto meta = nlohmann::json::parse(read_text(out + "/run-meta.json"));
  // The whole run's wall time is the phases' total, and holds the event loop's.
  const double wall = meta.at("wall_seconds").get<double>();
  CHECK(wall == meta.at("phases_s").at("total").get<double>());
  CHECK(meta.at("engine_seconds").get<double>() > 0);
  CHECK(meta.at("engine_seconds").get<double>() < wall);
  CHECK(meta.at("phases_s").at("simulation").get<double>() < wall);
  CHECK_FALSE(meta.at("date_utc").get<std::string>().empty());
  CHECK(read_text(out + "/stats.json").find("wall") == std::string::npos);
}

TEST_CASE("identical runs give byte-identical results and hesa report regenerates them",
          "[report]") {
  const std::string a = fresh_dir("same_a"), b = fresh_dir("same_b");
  REQUIRE(run(a).code == 0);
  REQUIRE(run(b, {"--progress"}).code == 0);  // progress must not change anything
  for (const char* f :
       {"stats.json", "stats.csv", "summary.md", "trace.json", "report.html",
        "config.effective.yaml", "charts/roofline.svg", "charts/time-by-kernel.svg"}) {
    INFO(f);
    CHECK(read_text(a + "/" + f) == read_text(b + "/" + f));
  }
  const std::string written = read_text(a + "/report.html");
  fs::remove(a + "/report.html");
  const CliResult r = run_hesa({"report", a});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(read_text(a + "/report.html") == written);

  // Two runs side by side: one column each, told apart by folder when their titles agree.
  const std::string c = fresh_dir("slow_hbm");
  REQUIRE(run(c, {"--set", "hbm.data_rate_gbps=0.1"}).code == 0);
  const std::string cmp = fresh_dir("cmp") + ".html";
  const CliResult rc = run_hesa({"report", a, c, "--out", cmp});
  INFO(rc.err);
  REQUIRE(rc.code == 0);
  const std::string html = read_text(cmp);
  CHECK(html.find("2 runs side by side") != std::string::npos);
  CHECK(html.find("ntt_tiny on tpu_v6e (same_a)") != std::string::npos);
  CHECK(html.find("ntt_tiny on tpu_v6e (slow_hbm)") != std::string::npos);
  CHECK(html.find("data_rate_gbps: 0.1") != std::string::npos);
}

TEST_CASE("hesa report names a missing or broken run folder", "[report][errors]") {
  const std::string missing = fresh_dir("missing");
  CliResult r = run_hesa({"report", missing});
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + missing + "/stats.json: cannot open file\n");
  const std::string broken = fresh_dir("broken");
  fs::create_directories(broken);
  hesa::test::write_text(broken + "/stats.json", "{\"meta\": 1}");
  hesa::test::write_text(broken + "/trace.json", "{}");
  r = run_hesa({"report", broken});
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + broken + "/stats.json: not a hesa stats file (no \"meta\" object)\n");
  CHECK_FALSE(fs::exists(broken + "/report.html"));
}

TEST_CASE("long traces are merged to the slice limit and say so", "[report]") {
  const std::string out = fresh_dir("merged");
  const CliResult r = run(out, {"--trace-slices", "2"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto stats = nlohmann::json::parse(read_text(out + "/stats.json"));
  const auto trace = nlohmann::json::parse(read_text(out + "/trace.json"));
  const auto& other = trace.at("otherData");
  CHECK_FALSE(other.at("merged_tracks").empty());
  CHECK(other.at("note").get<std::string>().find("merged") != std::string::npos);
  const TraceCheck tc = check_trace(trace, stats.at("summary").at("time_us").get<double>());
  CHECK(tc.unit_instrs == stat(stats, "/workload/instructions"));
  // Each track keeps fewer than twice the limit.
  std::map<int, int> per_track;
  for (const auto& ev : trace.at("traceEvents")) {
    if (ev.at("ph") == "X") ++per_track[ev.at("tid").get<int>()];
  }
  for (const auto& [tid, n] : per_track) CHECK(n < 4);
  CHECK(read_text(out + "/report.html").find("were merged") != std::string::npos);
}

TEST_CASE("progress goes to stderr only when asked or on a terminal and --quiet prints nothing",
          "[report]") {
  CliResult r = run(fresh_dir("plain"));
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());  // stderr is a file here, not a terminal
  r = run(fresh_dir("progress"), {"--progress"});
  REQUIRE(r.code == 0);
  CHECK(r.err.find("simulated") != std::string::npos);
  r = run(fresh_dir("quiet"), {"--progress", "--quiet"});
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.empty());
  // On a terminal: progress without asking, and none with --quiet.
  const std::vector<std::string> base = {"run", "--chip", kV6e, "--workload", kTiny, "--out"};
  auto args = base;
  args.push_back(fresh_dir("tty"));
  r = run_hesa_tty(args);
  REQUIRE(r.code == 0);
  CHECK(r.err.find("simulated") != std::string::npos);
  CHECK(r.out.find("time") != std::string::npos);
  args = base;
  args.insert(args.end(), {fresh_dir("tty_quiet"), "--quiet"});
  r = run_hesa_tty(args);
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
}

TEST_CASE("a track spread over lanes is one chart lane busy while any lane is and never over 100 %",
          "[report]") {
  hesa::RunData run;
  const auto slice = [](double start, double dur, double busy) {
    return hesa::TraceSlice{start, dur, busy, "ntt/load", "ntt_matmul", {}};
  };
  // Two transfers overlapping on [5, 10], a merged slice half busy, and a unit of its own.
  run.tracks = {{"hbm lane 0", {slice(0, 10, 10), slice(12, 4, 2)}},
                {"hbm lane 1", {slice(5, 10, 10)}},
                {"core0_vpu", {slice(0, 20, 20)}}};
  const std::vector<hesa::Lane> lanes = hesa::utilization_lanes(run, 20);
  REQUIRE(lanes.size() == 2);
  CHECK(lanes[0].name == "hbm");
  CHECK(lanes[1].name == "core0_vpu");
  double hbm = 0, vpu = 0;
  for (size_t b = 0; b < lanes[0].bins.size(); ++b) {
    double sum = 0;
    for (double v : lanes[0].bins[b]) sum += v;
    CHECK(sum <= 1 + 1e-12);
    hbm += sum / lanes[0].bins.size();
    for (double v : lanes[1].bins[b]) vpu += v / lanes[1].bins.size();
  }
  // [0, 15] fully busy (the overlap counted once); [12, 15] is already covered by lane 1; the
  // merged slice's half on [15, 16]: 15.5 of 20.
  CHECK(hbm == Approx(15.5 / 20));
  CHECK(vpu == Approx(1.0));
  CHECK(hesa::lane_base_name("hbm lane 12") == "hbm");
  CHECK(hesa::lane_base_name("core0_mxu1") == "core0_mxu1");
}

TEST_CASE("summary.md and report.html name the bottleneck of the run and of every kernel",
          "[report]") {
  const std::vector<std::vector<std::string>> workloads = {
      {"configs/workloads/he_mult_cheddar.yaml"},
      {"configs/workloads/bootstrap_cheddar.yaml", "--set", "scheme.n=1024", "--set",
       "bootstrap.slots=512", "--set", "mapping.layout=[32,32]"}};
  for (const auto& w : workloads) {
    INFO(w[0]);
    const std::string out = fresh_dir("bottleneck");
    std::vector<std::string> args = {"run", "--chip", kV6e, "--workload"};
    args.insert(args.end(), w.begin(), w.end());
    args.insert(args.end(), {"--out", out, "--quiet"});
    const CliResult r = run_hesa(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto stats = nlohmann::json::parse(read_text(out + "/stats.json"));
    const std::string md = read_text(out + "/summary.md");
    const std::string html = read_text(out + "/report.html");
    const auto& kernels = stats.at("stats").at("breakdown").at("kernel");
    CHECK(kernels.size() > 3);
    // The path's charges never overlap: with the waiting they add up to at most the elapsed
    // cycles, and a kernel's to at most its active cycles.
    const auto path_cycles = [](const nlohmann::json& node, bool with_wait) {
      double sum = 0;
      for (const auto& [unit, leaf] : node.items()) {
        if (with_wait || unit != "wait") sum += leaf.at("value").get<double>();
      }
      return sum;
    };
    const auto& cp = stats.at("stats").at("critical_path");
    CHECK(path_cycles(cp.at("run"), true) <= stats.at("summary").at("cycles").get<double>());
    CHECK(path_cycles(cp.at("run"), true) > 0.999 * stats.at("summary").at("cycles").get<double>());
    for (const auto& [k, v] : kernels.items()) {
      INFO(k);
      CHECK(path_cycles(cp.at("kernel").at(k), false) <=
            v.at("active").at("value").get<double>() * (1 + 1e-9));
      const auto& b = stats.at("bottleneck").at("kernel").at(k);
      const std::string unit = b.at("unit");
      CHECK(unit != "none");
      std::string upper = unit;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      CHECK(md.find(fmt::format("| {} (of active) | {} | ", k, upper)) != std::string::npos);
      CHECK(html.find(fmt::format("<td>{} (of active)</td><td>{}, ", k, upper)) !=
            std::string::npos);
    }
  }
}

TEST_CASE("hesa run --no-trace writes no trace.json and the report says why it has no timeline",
          "[report]") {
  const std::string out = fresh_dir("no_trace");
  const CliResult r = run(out, {"--no-trace"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_FALSE(fs::exists(out + "/trace.json"));
  CHECK(fs::exists(out + "/stats.json"));
  const std::string note = "trace.json: not written (the run was made with --no-trace)";
  CHECK(read_text(out + "/report.html").find(note) != std::string::npos);
  const std::string written = read_text(out + "/report.html");
  fs::remove(out + "/report.html");
  REQUIRE(run_hesa({"report", out}).code == 0);
  CHECK(read_text(out + "/report.html") == written);
}

TEST_CASE("sequence steps with phases break time and counts down by phase", "[report][phase]") {
  const std::string out = fresh_dir("phases");
  const CliResult r = run_hesa({"run", "--chip", kV6e, "--workload",
                                "tests/data/workloads/sequence_phases.yaml", "--out", out});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto stats = nlohmann::json::parse(read_text(out + "/stats.json"));
  const auto& phases = stats.at("stats").at("breakdown").at("phase");
  REQUIRE(phases.size() == 2);
  CHECK(phases.begin().key() == "first");  // in order of first appearance
  // The unphased he_add adds 2 x 3 limb-polynomials; every other count is in a phase.
  for (const char* key : {"ntts", "intts", "automorphisms", "bconv_in_out", "modmul", "modadd"}) {
    INFO(key);
    const double sum = stat(stats, std::string("/breakdown/phase/first/") + key) +
                       stat(stats, std::string("/breakdown/phase/second/") + key);
    const double total = stat(stats, std::string("/workload/counts/") + key);
    CHECK(sum + (std::string(key) == "modadd" ? 6 : 0) == total);
  }
  // he_mult at 4 limbs (K = 2) rescales its four inputs first (4 x 1 INTTs) and switches keys at
  // 3 limbs (digits 2 + 1): INTTs 4 + 3 + 2 x 2; then two rescales at 3.
  CHECK(stat(stats, "/breakdown/phase/first/intts") == 11 + 2);
  CHECK(stat(stats, "/breakdown/phase/second/automorphisms") == 2 * (2 * (3 + 2) + 3));
  CHECK(stat(stats, "/breakdown/phase/first/active") > 0);
  CHECK(stat(stats, "/breakdown/phase/first/elapsed_share") <= 1);
  CHECK(stat(stats, "/breakdown/kernel/he_add/modadd") == 6);
  // The steps' closed forms (workload.kernel_mix) agree with the trace (workload.counts).
  for (auto [mix, count] : {std::pair{"ntt", "ntts"},
                            {"intt", "intts"},
                            {"automorphism", "automorphisms"},
                            {"bconv", "bconv_in_out"},
                            {"modmul", "modmul"},
                            {"modadd", "modadd"}}) {
    INFO(mix);
    CHECK(stat(stats, std::string("/workload/kernel_mix/") + mix + "/limbs") ==
          stat(stats, std::string("/workload/counts/") + count));
    CHECK(stat(stats, std::string("/workload/kernel_mix/") + mix + "/invocations") > 0);
  }
  const std::string md = read_text(out + "/summary.md");
  CHECK(md.find("| first |") != std::string::npos);
  CHECK(md.find("| VecModAdd |") != std::string::npos);
  CHECK(read_text(out + "/report.html").find("Time by phase") != std::string::npos);
}

TEST_CASE(
    "each layer of an application has its operations and energy and utilization and bottleneck",
    "[report][phase]") {
  const std::string out = fresh_dir("layers");
  const CliResult r = run_hesa({"run", "--chip", kV6e, "--workload",
                                "tests/data/workloads/sequence_layers.yaml", "--out", out});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto stats = nlohmann::json::parse(read_text(out + "/stats.json"));
  // The operations as the sequence states them.
  CHECK(stat(stats, "/workload/operations/he_mult") == 2);
  CHECK(stat(stats, "/workload/operations/he_rotate") == 1);
  CHECK(stat(stats, "/workload/operations/rotations") == 2);
  CHECK(stat(stats, "/workload/operations/const_mult") == 3);
  CHECK(stat(stats, "/workload/operations/he_add") == 4);
  CHECK(stat(stats, "/workload/operations/const_add") == 1);
  // Each layer's energy; the layers run one after the other, so they share out the run's.
  double sum = 0;
  for (const char* layer : {"layer1", "layer2", "layer3"}) {
    INFO(layer);
    const double e = stat(stats, std::string("/breakdown/phase/") + layer + "/energy");
    CHECK(e > 0);
    sum += e;
    const double vpu =
        stat(stats, std::string("/breakdown/phase/") + layer + "/units/vpu/utilization");
    CHECK(vpu > 0);
    CHECK(vpu <= 1);
    CHECK(stats.at("bottleneck").at("phase").contains(layer));
  }
  const double total = stats.at("summary").at("energy_uj").get<double>();
  CHECK(sum == Approx(total).epsilon(0.05));
  // Layer 1 (HE-Mults) holds the key switches: its MXU is busier than layer 3's (no key switch).
  CHECK(stat(stats, "/breakdown/phase/layer1/units/mxu/busy") >
        stat(stats, "/breakdown/phase/layer3/units/mxu/busy"));
  const std::string html = read_text(out + "/report.html");
  CHECK(html.find("energy (uJ)") != std::string::npos);
}
