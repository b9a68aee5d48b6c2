// No lost or corrupt results: --force, unwritable folders, interrupted runs (SIGINT/SIGTERM),
// determinism across runs and working directories.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "sim/io/interrupt.hpp"
#include "sim/io/output_dir.hpp"
#include "tests/sim/cli_runner.hpp"

using namespace hesa;
using namespace hesa::test;
namespace fs = std::filesystem;

namespace {

const std::string kSource = HESA_SOURCE_DIR;
const std::string kV6e = "configs/chips/tpu_v6e.yaml";
const std::string kTiny = "tests/data/workloads/ntt_tiny.yaml";
const std::set<std::string> kResultFiles = {"charts",      "config.effective.yaml",
                                            "report.html", "run-meta.json",
                                            "stats.csv",   "stats.json",
                                            "summary.md",  "trace.json"};

std::vector<std::string> run_args(const std::string& out) {
  return {"run", "--chip", kV6e, "--workload", kTiny, "--out", out};
}

std::set<std::string> names_in(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

// Runs `f` in a child process; returns its wait status.
template <class F>
int in_child(F f) {
  const pid_t pid = fork();
  if (pid == 0) {
    f();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

}  // namespace

TEST_CASE("an output folder holding results is kept unless --force", "[output]") {
  const std::string out = fresh_dir("force");
  REQUIRE(run_hesa(run_args(out)).code == 0);
  const std::string first = read_text(out + "/stats.json");

  auto again = run_args(out);
  again.insert(again.end(), {"--set", "hbm.data_rate_gbps=1"});
  const CliResult refused = run_hesa(again);
  CHECK(refused.code == 2);
  CHECK(refused.err ==
        "error: --out " + out +
            ": already holds results (stats.json); pass --force to overwrite them\n");
  CHECK(read_text(out + "/stats.json") == first);

  again.push_back("--force");
  const CliResult forced = run_hesa(again);
  INFO(forced.err);
  REQUIRE(forced.code == 0);
  CHECK(read_text(out + "/stats.json") != first);
  CHECK(read_text(out + "/config.effective.yaml").find("data_rate_gbps: 1") != std::string::npos);
  CHECK(names_in(out) == kResultFiles);  // no temporary files left
}

TEST_CASE("a run writes only its three files, inside its folder", "[output]") {
  const std::string parent = fresh_dir("contained");
  fs::create_directories(parent);
  const std::string out = parent + "/a/b/";  // missing parents and a trailing slash
  REQUIRE(run_hesa(run_args(out)).code == 0);
  CHECK(names_in(parent) == std::set<std::string>{"a"});
  CHECK(names_in(parent + "/a") == std::set<std::string>{"b"});
  CHECK(names_in(out) == kResultFiles);
}

TEST_CASE("names from the configs cannot lead the default output folder out of out/", "[output]") {
  const std::string cwd = fresh_dir("default_out");
  fs::create_directories(cwd);
  const CliResult r =
      run_hesa({"run", "--chip", kSource + "/" + kV6e, "--workload", kSource + "/" + kTiny, "--set",
                "workload.name=../../escape", "--set", "chip.name=a/b"},
               cwd);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(names_in(cwd) == std::set<std::string>{"out"});
  CHECK(names_in(cwd + "/out") == std::set<std::string>{".._.._escape-a_b"});
  CHECK(names_in(cwd + "/out/.._.._escape-a_b") == kResultFiles);
}

TEST_CASE("an unwritable output folder is refused before the run", "[output]") {
  if (geteuid() == 0) {
    // Permissions do not stop root; procfs refuses new folders to everyone.
    REQUIRE(fs::exists("/proc/self"));
    const CliResult r = run_hesa(run_args("/proc/hesa-out"));
    CHECK(r.code == 2);
    CHECK(r.err.rfind("error: --out /proc/hesa-out: cannot create the folder (", 0) == 0);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists("/proc/hesa-out"));
    return;
  }
  const std::string locked = fresh_dir("locked");
  fs::create_directories(locked);
  chmod(locked.c_str(), 0555);
  const CliResult inside = run_hesa(run_args(locked + "/out"));
  CHECK(inside.code == 2);
  CHECK(inside.err ==
        "error: --out " + locked + "/out: cannot create the folder (Permission denied)\n");
  const CliResult at = run_hesa(run_args(locked));
  CHECK(at.code == 2);
  CHECK(at.err ==
        "error: --out " + locked + ": cannot write into the folder (Permission denied)\n");
  CHECK(names_in(locked).empty());
  chmod(locked.c_str(), 0755);
}

TEST_CASE("SIGINT during a long run leaves no output folder and no temporary files", "[output]") {
  const std::string parent = fresh_dir("sigint");
  fs::create_directories(parent);
  const CliResult r = run_hesa_interrupted(
      {"run", "--chip", kV6e, "--workload", "configs/workloads/ntt_n16_l51.yaml", "--functional",
       "--out", parent + "/out", "--dump-output", parent + "/limbs.txt"},
      1500, SIGINT);
  CHECK(r.code == 128 + SIGINT);
  CHECK(r.out.empty());  // it was stopped mid-run, before the summary
  CHECK(names_in(parent).empty());
}

TEST_CASE("SIGTERM during a forced rerun keeps the earlier results complete", "[output]") {
  const std::string out = fresh_dir("sigterm");
  REQUIRE(run_hesa(run_args(out)).code == 0);
  const std::string before = read_text(out + "/stats.json");
  const CliResult r = run_hesa_interrupted(
      {"run", "--chip", kV6e, "--workload", "configs/workloads/ntt_n16_l51.yaml", "--functional",
       "--out", out, "--force"},
      1000, SIGTERM);
  CHECK(r.code == 128 + SIGTERM);
  CHECK(names_in(out) == kResultFiles);
  CHECK(read_text(out + "/stats.json") == before);
  CHECK(nlohmann::json::parse(before).at("meta").at("workload") == "ntt_tiny");
}

TEST_CASE("the interrupt handler removes registered files and folders, then dies by the signal",
          "[output]") {
  const std::string dir = fresh_dir("handler");
  const int status = in_child([&] {
    install_interrupt_cleanup();
    fs::create_directories(dir);
    register_cleanup(dir, true);
    std::ofstream(dir + "/.x.tmp") << "partial";
    register_cleanup(dir + "/.x.tmp", false);
    std::ofstream(dir + "/.y.tmp") << "kept";
    unregister_cleanup(register_cleanup(dir + "/.y.tmp", false));
    raise(SIGINT);
  });
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGINT);
  CHECK(names_in(dir) == std::set<std::string>{".y.tmp"});  // the folder stays: not empty
}

TEST_CASE("a signal during a commit is held until all files are renamed", "[output]") {
  const std::string dir = fresh_dir("commit");
  const int status = in_child([&] {
    install_interrupt_cleanup();
    const SignalHold hold;  // a signal arrives while the commit runs
    raise(SIGTERM);
    commit_files({{dir + "/a.txt", "a\n"}, {dir + "/b.txt", "b\n"}}, dir);
  });
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  CHECK(names_in(dir) == std::set<std::string>{"a.txt", "b.txt"});
  CHECK(read_text(dir + "/b.txt") == "b\n");
}

TEST_CASE("the same run twice, from another working directory, gives byte-identical files",
          "[output]") {
  const std::string a = fresh_dir("det_a"), b = fresh_dir("det_b");
  REQUIRE(run_hesa(run_args(a)).code == 0);
  // From another folder, with absolute paths to the same inputs.
  const std::string elsewhere = fresh_dir("det_cwd");
  fs::create_directories(elsewhere);
  const CliResult r = run_hesa({"run", "--chip", kSource + "/" + kV6e, "--workload",
                                kSource + "/" + kTiny, "--out", "rel-out"},
                               elsewhere);
  INFO(r.err);
  REQUIRE(r.code == 0);
  fs::rename(elsewhere + "/rel-out", b);
  // Every file, each chart (SVG and PDF) included.
  CHECK(names_in(a + "/charts") == names_in(b + "/charts"));
  std::set<std::string> files = kResultFiles;
  files.erase("charts");
  for (const std::string& chart : names_in(a + "/charts")) files.insert("charts/" + chart);
  CHECK(files.size() > kResultFiles.size());
  for (const std::string& name : files) {
    if (name == "run-meta.json") continue;  // wall time, host and date: meant to differ
    INFO(name);
    CHECK(read_text(a + "/" + name) == read_text(b + "/" + name));
    CHECK(read_text(a + "/" + name).size() > 100);
  }
}
