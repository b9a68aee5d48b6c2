// Sweeps: strict sweep files (exact errors), expansion (grid, zip, iso-area, constraints,
// unbuildable points), and end-to-end runs of `hesa sweep`: results, determinism, and resuming
// after kill -9 with no lost or duplicated point.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "sim/config/chip_area.hpp"
#include "sim/config/run_config.hpp"
#include "sim/sweep/sweep_report.hpp"
#include "sim/sweep/sweep_results.hpp"
#include "sim/sweep/sweep_spec.hpp"
#include "tests/sim/cli_runner.hpp"

using namespace hesa;
using namespace hesa::test;
namespace fs = std::filesystem;

namespace {

const std::string kSource = HESA_SOURCE_DIR;

// Writes a sweep file next to the test data (so its relative chip and workload paths resolve).
std::string write_sweep(const std::string& name, const std::string& body) {
  const std::string dir = fresh_dir("sweeps");
  fs::create_directories(dir);
  const std::string path = dir + "/" + name;
  std::ofstream(path) << "chip: " << kSource << "/tests/data/chips/one_core.yaml\n"
                      << "workload: " << kSource << "/tests/data/workloads/ntt_tiny.yaml\n"
                      << body;
  return path;
}

std::string error_of(const std::string& path) {
  try {
    (void)expand_sweep(path);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

// results.csv without its last column (the wall time of each point).
std::string without_wall(const std::string& csv) {
  std::istringstream in(csv);
  std::string line, out;
  while (std::getline(in, line)) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

std::size_t journal_size(const std::string& dir) {
  std::size_t n = 0;
  if (!fs::is_directory(dir + "/journal")) return 0;
  for (const auto& e : fs::directory_iterator(dir + "/journal")) {
    n += e.path().extension() == ".json";
  }
  return n;
}

}  // namespace

TEST_CASE("sweep files are strict: one line with file:line:col and the key", "[sweep]") {
  std::string f = write_sweep("a.yaml", "name: a\ngrid:\n  mxu.rows: [64, 0]\n");
  CHECK(error_of(f) == f + ":5:18: mxu.rows: must be between 1 and 65536, got 0");
  f = write_sweep("b.yaml", "name: b\ngrid:\n  mxu.rowz: [64]\n");
  CHECK(error_of(f) ==
        f + ":5:3: mxu.rowz: unknown key (expected one of: count, rows, cols, "
            "int8_macs_per_pe_cycle, bf16_macs_per_pe_cycle, double_buffered_weights)");
  f = write_sweep("c.yaml", "name: c\ngrid:\n  mxu.rows: 64\n");
  CHECK(error_of(f) == f + ":5:13: grid.mxu.rows: expected a list, got \"64\"");
  f = write_sweep("d.yaml", "name: d\nzip:\n  mxu.rows: [64, 128]\n  mxu.cols: [64]\n");
  CHECK(error_of(f) == f + ":6:3: zip.mxu.cols: has 1 values, expected 2 like zip.mxu.rows");
  f = write_sweep("e.yaml", "name: e\nconstraints: [\"time_us <= 3\"]\n");
  CHECK(error_of(f) ==
        f + ":4:15: constraints[0]: unknown metric \"time_us\" (constraints apply to area_mm2)");
  f = write_sweep("f.yaml", "name: f\ngrids:\n  mxu.rows: [64]\n");
  CHECK(error_of(f) == f + ":4:1: grids: unknown key (expected one of: name, chip, workload, set, "
                           "grid, zip, iso_area, constraints, tune, slice)");
  f = write_sweep("s.yaml", "name: s\nslice: " + kSource + "/configs/slices/tpu_v6e_8.yaml\n");
  CHECK(error_of(f) == f + ":4:8: slice: give chip or slice, not both");
  f = write_sweep("g.yaml", "name: g\ngrid:\n  mxu.rows: [64]\nzip:\n  mxu.rows: [128]\n");
  CHECK(error_of(f) == f + ":7:3: mxu.rows: is already an axis at " + f + ":5:3");
  f = write_sweep("h.yaml",
                  "name: h\ngrid:\n  mxu.rows: [64]\niso_area:\n  solve: mxu.count\n  min: 1\n"
                  "  max: 8\n");
  CHECK(error_of(f) == f + ":7:3: iso_area: expected exactly one of budget_mm2 and budget_from");
}

TEST_CASE("a slice sweep runs every point on the slice, its slice keys as overrides", "[sweep]") {
  const Sweep s = expand_sweep(kSource + "/tests/data/sweeps/slice_scaling_cut.yaml");
  REQUIRE(s.points.size() == 4);
  CHECK(s.slice == kSource + "/configs/slices/tpu_v6e_8.yaml");
  CHECK(fs::path(s.chip).filename() == "tpu_v6e.yaml");
  CHECK(s.columns ==
        std::vector<std::string>{"chip", "workload", "slice.ici.dims", "mapping.shard"});
  CHECK(s.points[3].sets ==
        std::vector<std::string>{"batch=8", "slice.ici.dims=[2]", "mapping.shard=limbs"});
  // A slice's points may not solve a chip key for an area budget.
  const std::string dir = fresh_dir("slice_sweeps");
  fs::create_directories(dir);
  const std::string f = dir + "/iso.yaml";
  std::ofstream(f) << "name: iso\nslice: " << kSource << "/configs/slices/tpu_v6e_8.yaml\n"
                   << "workload: " << kSource << "/configs/workloads/he_mult_cheddar.yaml\n"
                   << "iso_area:\n  solve: mxu.count\n  min: 1\n  max: 4\n  budget_mm2: 400\n";
  CHECK(error_of(f) == f + ":5:3: iso_area: solves a chip's key; a slice sweep has none to solve");
}

TEST_CASE("sweep expansion: grid row-major, zip together, constraints and unbuildable reported",
          "[sweep]") {
  const Sweep s = expand_sweep(kSource + "/tests/data/sweeps/tiny.yaml");
  REQUIRE(s.points.size() == 24);
  CHECK(s.columns == std::vector<std::string>{"chip", "workload", "mxu.rows", "mapping.reduction",
                                              "batch", "vmem.size_mib", "hbm.data_rate_gbps"});
  CHECK(s.workload_column == std::vector<bool>{false, true, false, true, true, false, false});
  const std::vector<std::string> files = {"one_core", "ntt_tiny_radix2"};
  const auto with_files = [&](std::vector<std::string> v) {
    v.insert(v.begin(), files.begin(), files.end());
    return v;
  };
  CHECK(s.points[0].values == with_files({"64", "barrett", "1", "32", "1.5625"}));
  CHECK(s.points[1].values == with_files({"64", "barrett", "1", "64", "3.203125"}));
  CHECK(s.points[2].values == with_files({"64", "barrett", "2", "32", "1.5625"}));
  CHECK(s.points[23].values == with_files({"256", "bat_lazy", "2", "64", "3.203125"}));
  CHECK(s.points[23].chip == s.chip);
  CHECK(s.points[23].workload == s.workload);
  CHECK(s.points[1].sets == std::vector<std::string>{"mxu.rows=64", "mapping.reduction=barrett",
                                                     "batch=1", "vmem.size_mib=64",
                                                     "hbm.data_rate_gbps=3.203125"});
  for (const SweepPoint& p : s.points) {
    INFO(p.index);
    const ChipConfig chip = load_chip_config(s.chip, {p.sets[0], p.sets[3], p.sets[4]});
    CHECK(p.area_mm2 == chip_area(chip).total_mm2);
    if (p.area_mm2 > 370) {
      CHECK(p.state == PointState::kFiltered);
      CHECK(p.message.find("violates area_mm2 <= 370") != std::string::npos);
    } else if (p.values[3] == "bat_lazy") {
      CHECK(p.state == PointState::kUnbuildable);
      CHECK(p.message ==
            "cannot be built: mapping.ntt: radix2 butterflies multiply on the VPU; bat_lazy "
            "reduces through the MXU: use ntt: mat or another reduction");
    } else {
      CHECK(p.state == PointState::kPending);
    }
  }
}

TEST_CASE("iso-area derives the MXU count that fills the budget of one 256x256 MXU", "[sweep]") {
  const Sweep s = expand_sweep(kSource + "/configs/sweeps/iso_area_mxu.yaml");
  REQUIRE(s.columns ==
          std::vector<std::string>{"chip", "workload", "mxu.rows", "mxu.cols", "mxu.count"});
  const ChipConfig one = load_chip_config(s.chip, {"mxu.count=1", "mxu.rows=256", "mxu.cols=256"});
  const double budget = chip_area(one).total_mm2;
  std::vector<std::string> counts;
  for (const SweepPoint& p : s.points) {
    counts.push_back(p.values[4]);
    CHECK(p.state == PointState::kPending);
    CHECK(p.area_mm2 <= budget);
    const int count = std::stoi(p.values[4]);
    if (count < 64) {  // one more MXU would not fit
      const ChipConfig more = load_chip_config(
          s.chip, {"mxu.count=" + std::to_string(count + 1), p.sets[0], p.sets[1]});
      CHECK(chip_area(more).total_mm2 > budget);
    }
  }
  // 32x32: 64 fit the PEs but 64 is the schema's limit; 1x256x256 = 4x128x128 = 16x64x64.
  CHECK(counts == std::vector<std::string>{"64", "16", "7", "4", "1", "1"});
}

TEST_CASE("iso-area: a point that cannot reach the budget is reported", "[sweep]") {
  const std::string f = write_sweep("iso.yaml",
                                    "name: iso\ngrid:\n  mxu.rows: [64, 4096]\niso_area:\n"
                                    "  solve: mxu.count\n  min: 1\n  max: 8\n"
                                    "  budget_from: {mxu.count: 1, mxu.rows: 256}\n");
  const Sweep s = expand_sweep(f);
  REQUIRE(s.points.size() == 2);
  CHECK(s.points[0].state == PointState::kPending);
  CHECK(s.points[0].values[3] == "4");
  CHECK(s.points[1].state == PointState::kUnbuildable);
  CHECK(s.points[1].message.rfind("cannot be built: iso_area: mxu.count = 1 already needs more "
                                  "than the budget of ",
                                  0) == 0);
  // The budget without float noise (the area summed from parts: not 400.07280000000003).
  const std::string& m = s.points[1].message;
  const size_t at = m.find("budget of ") + 10;
  const std::string budget = m.substr(at, m.find(" mm2", at) - at);
  CHECK(m.substr(at + budget.size()) == " mm2");
  CHECK(std::count_if(budget.begin(), budget.end(), ::isdigit) <= 12);
  CHECK(std::stod(budget) > 0);
}

TEST_CASE("hesa sweep: results.csv per point, deterministic, a big sweep needs --yes", "[sweep]") {
  const std::string a = fresh_dir("sweep_a"), b = fresh_dir("sweep_b");
  const CliResult ra = run_hesa({"sweep", "tests/data/sweeps/tiny.yaml", "--out", a, "-j", "2"});
  INFO(ra.err);
  REQUIRE(ra.code == 0);
  const std::string csv = read_text(a + "/results.csv");
  std::istringstream lines(csv);
  std::string header;
  std::getline(lines, header);
  // The axes, the summary, the bottleneck, op counts, time and profile share per CROSS category
  // (in the stats' order), active time per kernel, the layout's version.
  CHECK(header.rfind("index,status,chip,workload,mxu.rows,mapping.reduction,batch,vmem.size_mib,"
                     "hbm.data_rate_gbps,time_us,energy_uj,area_mm2,edp_uj_us,cycles,util_mxu,util_"
                     "vpu,util_dma,util_hbm,"
                     "util_vmem,bottleneck,bottleneck_share,limb_ntts,limb_intts,int8_macs,vpu_ops,"
                     "hbm_bytes,cat_vector_modops_us,cat_ntt_matmul_us,",
                     0) == 0);
  CHECK(header.find(",cat_other_us,cat_vector_modops_profile_share,") != std::string::npos);
  const std::string tail = ",kernel_ntt_us,schema_version,message,wall_s";
  CHECK(header.size() > tail.size());
  CHECK(header.substr(header.size() - tail.size()) == tail);
  int ok = 0, rows = 0;
  for (std::string line; std::getline(lines, line); ++rows) {
    CHECK(line.rfind(std::to_string(rows) + ",", 0) == 0);
    ok += line.find(",ok,") != std::string::npos;
  }
  CHECK(rows == 24);
  CHECK(ok == 8);
  const std::string html = read_text(a + "/sweep.html");
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://www.w3.org/2000/svg") != std::string::npos);
  CHECK(html.find("bat_lazy reduces through the MXU") != std::string::npos);

  const CliResult rb =
      run_hesa({"sweep", "tests/data/sweeps/tiny.yaml", "--out", b, "-j", "1", "--keep-runs"});
  REQUIRE(rb.code == 0);
  CHECK(fs::exists(b + "/runs/0/stats.json"));  // each point's own run folder, on request
  CHECK(fs::exists(b + "/runs/0/trace.json"));
  CHECK(!fs::exists(b + "/runs/4"));  // cannot be built: never run
  CHECK(!fs::exists(a + "/runs"));
  CHECK(!fs::exists(a + "/work"));
  CHECK(without_wall(read_text(b + "/results.csv")) == without_wall(csv));
  CHECK(read_text(b + "/sweep.html") == html);

  // A rerun finds everything done; another sweep into the same folder is refused.
  const CliResult again = run_hesa({"sweep", "tests/data/sweeps/tiny.yaml", "--out", a});
  CHECK(again.code == 0);
  CHECK(again.out.find("0 to run, 8 done before") != std::string::npos);
  const CliResult other = run_hesa({"sweep", "configs/sweeps/iso_area_mxu.yaml", "--out", a});
  CHECK(other.code == 2);
  CHECK(other.err == "error: " + a +
                         "/sweep.json: holds the results of a different sweep (or of this file "
                         "before it changed); use another --out\n");

  const std::string big = write_sweep(
      "big.yaml", "name: big\ngrid:\n  hbm.data_rate_gbps: [" + std::string(199, '1') + "]\n");
  std::string values;
  for (int i = 1; i <= 400; ++i) values += (i > 1 ? ", " : "") + std::to_string(i);
  std::ofstream(big, std::ios::app) << "  vmem.size_mib: [" << values << "]\n"
                                    << "  dma.setup_cycles: [" << values << "]\n";
  const CliResult r = run_hesa({"sweep", big, "--out", fresh_dir("big")});
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + big +
                     ": the sweep has 160000 points (more than 100000); pass --yes to run it\n");
}

TEST_CASE("hesa sweep resumes after kill -9: only missing points, same results", "[sweep]") {
  std::string values;
  for (int i = 0; i < 16; ++i)
    values += (i ? ", " : "") + std::to_string(1 + i / 4) + "." + std::to_string(25 * (i % 4));
  const std::string f =
      write_sweep("resume.yaml", "name: resume\ngrid:\n  hbm.data_rate_gbps: [" + values + "]\n");
  const std::string whole = fresh_dir("resume_whole"), killed = fresh_dir("resume_killed");
  REQUIRE(run_hesa({"sweep", f, "--out", whole, "--quiet"}).code == 0);

  const pid_t pid = fork();
  if (pid == 0) {
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(127);
    execl(HESA_BINARY, HESA_BINARY, "sweep", f.c_str(), "--out", killed.c_str(), "--quiet",
          nullptr);
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (journal_size(killed) < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  const std::size_t done = journal_size(killed);
  INFO(done);
  REQUIRE(done >= 3);
  REQUIRE(done < 16);
  CHECK(!fs::exists(killed + "/results.csv"));

  const CliResult r = run_hesa({"sweep", f, "--out", killed, "--quiet"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find(std::to_string(16 - done) + " to run, " + std::to_string(done) +
                   " done before") != std::string::npos);
  CHECK(journal_size(killed) == 16);
  CHECK(without_wall(read_text(killed + "/results.csv")) ==
        without_wall(read_text(whole + "/results.csv")));
}

TEST_CASE("sweep.html marks the Pareto front and reports points without results", "[sweep]") {
  Sweep s;
  s.name = "front";
  s.columns = {"mxu.rows"};
  s.workload_column = {false};
  // (area, time): the last point is beaten by (2, 2) on both axes.
  const std::vector<std::pair<double, double>> at = {{1, 3}, {2, 2}, {3, 1}, {3, 3}};
  std::vector<PointResult> results(at.size());
  for (std::size_t i = 0; i < at.size(); ++i) {
    s.points.push_back(
        {static_cast<int64_t>(i), {std::to_string(i)}, {}, PointState::kPending, "", at[i].first});
    results[i].index = i;
    results[i].ok = true;
    results[i].area_mm2 = at[i].first;
    results[i].time_us = at[i].second;
    results[i].energy_uj = 1;  // all equal: only the fastest is on the time-energy front
  }
  s.points.push_back({4, {"4"}, {}, PointState::kUnbuildable, "cannot be built: too big", 0});
  std::map<int64_t, PointResult> journal;
  for (const PointResult& r : results) journal[r.index] = r;
  const std::string html = sweep_html(s, sweep_rows(s, journal));
  // Front dots (not the legend's swatches, which have no <title>).
  std::size_t front = 0;
  const std::string dot = "r=\"4\" fill=\"#d62728\"><title>";
  for (std::size_t at_pos = 0; (at_pos = html.find(dot, at_pos)) != std::string::npos; ++at_pos) {
    ++front;
  }
  CHECK(front == 3 + 1);
  CHECK(html.find("#3 mxu.rows=3 (3, 3)") != std::string::npos);
  CHECK(html.find("<td>4</td><td>mxu.rows=4</td><td>unbuildable</td><td>cannot be built: too "
                  "big</td>") != std::string::npos);
  CHECK(html.find("<p>5 points: 4 ok, 1 unbuildable.") != std::string::npos);
  const std::string csv = results_csv(s, sweep_rows(s, journal));
  // index, status, the axis; time, energy, area, EDP, cycles, 5 utilizations, the bottleneck
  // and its share (none here); the schema version, the message and the wall time.
  CHECK(csv.find("\n4,unbuildable,4,,,,,,,,,,,,,2,cannot be built: too big,\n") !=
        std::string::npos);
  CHECK(csv.find("\n1,ok,1,2,1,2,2,0,0,0,0,0,0,,,2,,0.000\n") != std::string::npos);
}

TEST_CASE("iso-area trades SRAM for MXUs: VMEM takes the area the MXUs leave", "[sweep]") {
  const Sweep s = expand_sweep(kSource + "/configs/sweeps/iso_area_sram_mxu.yaml");
  const double budget = chip_area(load_chip_config(s.chip)).total_mm2;
  std::vector<std::string> mib;
  for (const SweepPoint& p : s.points) {
    mib.push_back(p.values[3]);
    CHECK(p.area_mm2 <= budget);
    const double more = std::stod(p.values[3]) + 4;
    const ChipConfig c =
        load_chip_config(s.chip, {p.sets[1], "vmem.size_mib=" + std::to_string(more)});
    CHECK(chip_area(c).total_mm2 > budget);
  }
  // One 256x256 MXU is 1.6384 mm2 = 4.096 MiB of SRAM at 0.4 mm2/MiB: 4 MiB steps per MXU from
  // the v6e's own 2 MXUs and 128 MiB, rounded down to the 4 MiB grid.
  CHECK(mib == std::vector<std::string>{"132", "128", "120", "116", "112", "108", "104", "100"});
}

TEST_CASE("hesa sweep --collect reports points that have not run", "[sweep]") {
  const std::string dir = fresh_dir("collect");
  REQUIRE(run_hesa({"sweep", "tests/data/sweeps/tiny.yaml", "--out", dir, "--quiet"}).code == 0);
  const std::string whole = read_text(dir + "/results.csv");
  fs::remove(dir + "/journal/3.json");
  const CliResult r = run_hesa({"sweep", "--collect", dir});
  CHECK(r.code == 1);
  CHECK(r.err == "error: 1 of 24 points have not run yet; rerun the sweep with --out " + dir +
                     " to run them\n");
  const std::string partial = read_text(dir + "/results.csv");
  const std::size_t row = partial.find("\n3,");
  REQUIRE(row != std::string::npos);
  const std::string line = partial.substr(row + 1, partial.find('\n', row + 1) - row - 1);
  CHECK(line.rfind("3,missing,one_core,ntt_tiny_radix2,64,barrett,2,64,3.203125,,,", 0) ==
        0);                                                        // no time, no energy
  CHECK(line.substr(line.size() - 20) == ",,,,,,2,not run yet,");  // schema 2, message, no wall
  // Rerunning the sweep runs just that point and restores the whole results.
  const CliResult again = run_hesa({"sweep", "tests/data/sweeps/tiny.yaml", "--out", dir});
  CHECK(again.out.find("1 to run, 7 done before") != std::string::npos);
  CHECK(without_wall(read_text(dir + "/results.csv")) == without_wall(whole));
  CHECK(run_hesa({"sweep", "--collect", fresh_dir("nothing")}).err ==
        "error: " + fresh_dir("nothing") + ": no sweep here (sweep.json is missing)\n");
}

TEST_CASE("hesa sweep --no-trace: kept run folders without trace.json", "[sweep]") {
  const std::string f = write_sweep("notrace.yaml", "name: notrace\ngrid:\n  batch: [1, 2]\n");
  const std::string dir = fresh_dir("notrace");
  const CliResult r = run_hesa({"sweep", f, "--out", dir, "--keep-runs", "--no-trace", "--quiet"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("  points        2: 2 ok\n") != std::string::npos);
  for (const char* point : {"0", "1"}) {
    CHECK(fs::exists(dir + "/runs/" + point + "/stats.json"));
    CHECK(fs::exists(dir + "/runs/" + point + "/report.html"));
    CHECK_FALSE(fs::exists(dir + "/runs/" + point + "/trace.json"));
  }
}

TEST_CASE("chips and workloads as lists or axes: crossed with the grid, named in the results",
          "[sweep]") {
  const std::string dir = fresh_dir("generations");
  fs::create_directories(dir);
  const std::string data = kSource + "/tests/data/";
  const std::string f = dir + "/gen.yaml";
  std::ofstream(f) << "name: gen\nchip: [" << data << "chips/one_core.yaml, " << data
                   << "chips/two_core.yaml]\nworkload: [" << data
                   << "workloads/ntt_tiny_radix2.yaml, " << data
                   << "workloads/intt_tiny.yaml]\ngrid:\n  batch: [1, 2]\n";
  const Sweep s = expand_sweep(f);
  REQUIRE(s.points.size() == 8);
  CHECK(s.columns == std::vector<std::string>{"chip", "workload", "batch"});
  CHECK(s.workload_column == std::vector<bool>{false, true, true});
  // The chip varies slowest, then the workload, then the grid.
  CHECK(s.points[0].values == std::vector<std::string>{"one_core", "ntt_tiny_radix2", "1"});
  CHECK(s.points[1].values == std::vector<std::string>{"one_core", "ntt_tiny_radix2", "2"});
  CHECK(s.points[2].values == std::vector<std::string>{"one_core", "intt_tiny", "1"});
  CHECK(s.points[7].values == std::vector<std::string>{"two_core", "intt_tiny", "2"});
  CHECK(s.points[7].chip == data + "chips/two_core.yaml");
  CHECK(s.points[7].workload == data + "workloads/intt_tiny.yaml");
  CHECK(s.points[7].sets == std::vector<std::string>{"batch=2"});

  const std::string out = dir + "/out";
  const CliResult r = run_hesa({"sweep", f, "--out", out, "-j", "2", "--quiet"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const std::string csv = read_text(out + "/results.csv");
  CHECK(csv.rfind("index,status,chip,workload,batch,time_us,", 0) == 0);
  CHECK(csv.find("\n7,ok,two_core,intt_tiny,2,") != std::string::npos);
  const std::string html = read_text(out + "/sweep.html");
  CHECK(html.find("Chips <code>one_core</code>, <code>two_core</code>; workloads "
                  "<code>ntt_tiny_radix2</code>, <code>intt_tiny</code>.") != std::string::npos);
  CHECK(html.find("<h2>Chips compared</h2>") != std::string::npos);
  CHECK(html.find("<h2>Utilization per unit (%)</h2>") != std::string::npos);  // row per point
  CHECK(html.find("<tr><th>point</th><th>one_core</th><th>two_core</th></tr>") !=
        std::string::npos);
  CHECK(html.find("<tr><td>workload=intt_tiny batch=2</td>") != std::string::npos);
  CHECK(html.find("<tr><td>assumed timing groups</td><td>mxu, vpu, vmem, hbm, dma, xlu</td>") !=
        std::string::npos);

  // A chip axis in a zip steps with the other zipped keys.
  const std::string z = dir + "/zip.yaml";
  std::ofstream(z) << "name: z\nworkload: " << data << "workloads/ntt_tiny_radix2.yaml\nzip:\n"
                   << "  chip: [" << data << "chips/one_core.yaml, " << data
                   << "chips/two_core.yaml]\n  batch: [1, 2]\n";
  const Sweep zs = expand_sweep(z);
  REQUIRE(zs.points.size() == 2);
  CHECK(zs.points[1].values == std::vector<std::string>{"two_core", "ntt_tiny_radix2", "2"});

  // Errors: a missing file, a list and an axis of the same key, two files of one name.
  const std::string m = dir + "/missing.yaml";
  std::ofstream(m) << "name: m\nchip: [" << data
                   << "chips/one_core.yaml, nope.yaml]\nworkload: " << data
                   << "workloads/ntt_tiny.yaml\n";
  CHECK(error_of(m) ==
        m + ":2:" + std::to_string(data.size() + 29) + ": chip[1]: cannot open \"nope.yaml\"");
  const std::string twice = dir + "/twice.yaml";
  std::ofstream(twice) << "name: t\nchip: [" << data << "chips/one_core.yaml]\nworkload: " << data
                       << "workloads/ntt_tiny.yaml\ngrid:\n  chip: [" << data
                       << "chips/two_core.yaml]\n";
  CHECK(error_of(twice) == twice + ":5:3: chip: is already an axis at " + twice + ":2:7");
  fs::create_directories(dir + "/copy");
  fs::copy_file(data + "chips/one_core.yaml", dir + "/copy/one_core.yaml");
  const std::string same = dir + "/same.yaml";
  std::ofstream(same) << "name: s\nchip: [" << data << "chips/one_core.yaml, copy/one_core.yaml]\n"
                      << "workload: " << data << "workloads/ntt_tiny.yaml\n";
  CHECK(error_of(same) == same + ":2:" + std::to_string(data.size() + 29) +
                              ": chip[1]: another chip file is also named \"one_core\" (" + data +
                              "chips/one_core.yaml): results name files by their name");
}
