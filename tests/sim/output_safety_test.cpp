// Outputs never replace what they should not, and two processes never write one folder: the
// advisory lock of run and sweep folders, FIFOs and links refused as output files, temporaries of
// killed runs removed, the default folder named as such in errors, and sweeps that refuse to mix
// the results of edited input files.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "sim/io/folder_lock.hpp"
#include "tests/sim/cli_runner.hpp"

using namespace hesa;
using namespace hesa::test;
namespace fs = std::filesystem;

namespace {

const std::string kSource = HESA_SOURCE_DIR;
const std::string kV6e = "configs/chips/tpu_v6e.yaml";
const std::string kTiny = "tests/data/workloads/ntt_tiny.yaml";

std::vector<std::string> run_args(const std::string& out) {
  return {"run", "--chip", kV6e, "--workload", kTiny, "--out", out, "--quiet"};
}

// A pid that no process has: a child that has exited and been reaped.
pid_t dead_pid() {
  const pid_t pid = fork();
  if (pid == 0) _exit(0);
  waitpid(pid, nullptr, 0);
  return pid;
}

}  // namespace

TEST_CASE("a locked run folder is refused with the folder named, and nothing is written",
          "[output]") {
  const std::string out = fresh_dir("locked_run");
  fs::create_directories(out);
  {
    const FolderLock held(out, "test");
    const CliResult r = run_hesa(run_args(out));
    CHECK(r.code == 2);
    CHECK(r.err == "error: --out " + out + ": another hesa process (pid " +
                       std::to_string(getpid()) + ") is writing into this folder\n");
    CHECK(fs::exists(out + "/.hesa.lock"));  // still ours
  }
  CHECK(fs::is_empty(out));  // the holder removed its lock file
  CHECK(run_hesa(run_args(out)).code == 0);
  CHECK(!fs::exists(out + "/.hesa.lock"));  // removed after the run
}

TEST_CASE("two concurrent runs into one new folder: one writes, the other is refused", "[output]") {
  for (int round = 0; round < 3; ++round) {
    const std::string out = fresh_dir("concurrent_run");
    CliResult a, b;
    std::thread t([&] { a = run_hesa(run_args(out)); });
    b = run_hesa(run_args(out));
    t.join();
    INFO(a.err << b.err);
    // Both exiting 0 would mean one run's results replaced the other's.
    CHECK(a.code + b.code == 2);
    const std::string& err = a.code == 2 ? a.err : b.err;
    const bool locked = err.find("another hesa process") != std::string::npos;
    const bool done = err.find("already holds results (stats.json)") != std::string::npos;
    CHECK((locked || done));
    CHECK(fs::exists(out + "/stats.json"));
    CHECK(!fs::exists(out + "/.hesa.lock"));
  }
}

TEST_CASE("output files are regular files or new paths: FIFOs and links are refused", "[output]") {
  const std::string dir = fresh_dir("special_targets");
  fs::create_directories(dir);
  const std::string fifo = dir + "/fifo", link = dir + "/link", target = dir + "/target";
  REQUIRE(mkfifo(fifo.c_str(), 0644) == 0);
  fs::create_symlink(target, link);
  for (const std::string& path : {fifo, link}) {
    const std::string kind = path == fifo ? "a FIFO" : "a symbolic link";
    CliResult r = run_hesa({"trace", "--chip", kV6e, "--workload", kTiny, "-o", path});
    CHECK(r.code == 2);
    CHECK(r.err == "error: -o " + path + ": is " + kind +
                       "; hesa writes only to regular files or new paths\n");
    r = run_hesa({"run", "--chip", kV6e, "--workload", kTiny, "--out", dir + "/run", "--functional",
                  "--dump-output", path});
    CHECK(r.code == 2);
    CHECK(r.err == "error: --dump-output " + path + ": is " + kind +
                       "; hesa writes only to regular files or new paths\n");
  }
  struct stat st {};
  REQUIRE(lstat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  CHECK(fs::is_symlink(link));
  CHECK(!fs::exists(target));
  CHECK(!fs::exists(dir + "/run"));
}

TEST_CASE("temporaries left by a run killed during its renames are removed by the next run",
          "[output]") {
  const std::string out = fresh_dir("stale_tmp");
  REQUIRE(run_hesa(run_args(out)).code == 0);
  const std::string stale = out + "/.stats.json.tmp." + std::to_string(dead_pid());
  write_text(stale, "half a stats.json");
  const std::string live = out + "/.stats.json.tmp." + std::to_string(getpid());
  write_text(live, "a writer still running");
  REQUIRE(
      run_hesa({"run", "--chip", kV6e, "--workload", kTiny, "--out", out, "--force", "-q"}).code ==
      0);
  CHECK(!fs::exists(stale));
  CHECK(fs::exists(live));  // its process still runs: not ours to remove
  fs::remove(live);
}

TEST_CASE("errors about the default output folder say it is the default, not --out", "[output]") {
  const std::string cwd = fresh_dir("default_out");
  fs::create_directories(cwd);
  write_text(cwd + "/out", "a file where the default folder's parent would be\n");
  const std::string chip = kSource + "/" + kV6e, workload = kSource + "/" + kTiny;
  CliResult r = run_hesa({"run", "--chip", chip, "--workload", workload}, cwd);
  CHECK(r.code == 2);
  CHECK(r.err ==
        "error: output folder out/ntt_tiny-tpu_v6e (the default; choose one with --out): cannot "
        "create the folder (Not a directory)\n");
  // A name far longer than a file name may be is cut, so the default folder can be made.
  fs::remove(cwd + "/out");
  const std::string long_name(300, 'w');
  write_text(cwd + "/long.yaml", "include: " + workload + "\nname: " + long_name + "\n");
  r = run_hesa({"run", "--chip", chip, "--workload", cwd + "/long.yaml", "-q"}, cwd);
  CHECK(r.code == 0);
  CHECK(fs::exists(cwd + "/out/" + std::string(100, 'w') + "-tpu_v6e/stats.json"));
}

TEST_CASE("a locked sweep folder is refused and sweeps run points in folders of their own",
          "[sweep]") {
  const std::string out = fresh_dir("locked_sweep");
  fs::create_directories(out);
  {
    const FolderLock held(out, "test");
    const CliResult r = run_hesa({"sweep", "tests/data/sweeps/tiny.yaml", "--out", out, "--quiet"});
    CHECK(r.code == 2);
    CHECK(r.err == "error: --out " + out + ": another hesa process (pid " +
                       std::to_string(getpid()) + ") is writing into this folder\n");
    CHECK(!fs::exists(out + "/sweep.json"));
  }
  // Two sweeps started together: one runs, the other is refused, and no point is journaled as
  // failed because of the other.
  CliResult a, b;
  std::thread t([&] {
    a = run_hesa({"sweep", "tests/data/sweeps/tiny.yaml", "--out", out, "--quiet"});
  });
  b = run_hesa({"sweep", "tests/data/sweeps/tiny.yaml", "--out", out, "--quiet"});
  t.join();
  INFO(a.err << b.err);
  CHECK(((a.code == 0 && b.code == 2) || (a.code == 2 && b.code == 0) ||
         (a.code == 0 && b.code == 0)));  // or one after the other
  const std::string csv = read_text(out + "/results.csv");
  CHECK(csv.find("run failed") == std::string::npos);
  CHECK(csv.find("another hesa process") == std::string::npos);
  CHECK(!fs::exists(out + "/work"));
  CHECK(!fs::exists(out + "/.hesa.lock"));
}

TEST_CASE("a sweep resumed after its chip file changed is refused, naming the file", "[sweep]") {
  const std::string dir = fresh_dir("edited_inputs");
  fs::create_directories(dir);
  // A chip that includes a memory file: an edit of the include counts too.
  const std::string chip = dir + "/chip.yaml", memory = dir + "/hbm.yaml";
  write_text(memory, "hbm:\n  data_rate_gbps: 3.2\n");
  write_text(chip, "include: [" + kSource + "/" + kV6e + ", hbm.yaml]\n");
  const std::string sweep = dir + "/s.yaml";
  write_text(sweep, "name: edited\nchip: chip.yaml\nworkload: " + kSource + "/" + kTiny +
                        "\ngrid:\n  batch: [1, 2]\n");
  const std::string out = dir + "/out";
  REQUIRE(run_hesa({"sweep", sweep, "--out", out, "--quiet"}).code == 0);
  const std::string journal = read_text(out + "/journal/0.json");
  CHECK(journal.find("\"inputs\":[{\"file\":\"" + chip + "\"") != std::string::npos);
  CHECK(journal.find("hbm.yaml") != std::string::npos);
  fs::remove(out + "/journal/1.json");  // as if killed before point 1
  write_text(memory, "hbm:\n  data_rate_gbps: 1.6\n");
  const CliResult r = run_hesa({"sweep", sweep, "--out", out, "--quiet"});
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + out + "/sweep.json: " + memory +
                     " changed since this sweep's points ran (resuming would mix two "
                     "configurations); use another --out\n");
  CHECK(!fs::exists(out + "/journal/1.json"));
}

TEST_CASE("limb files are regular files of bounded size: a FIFO and a huge file are refused unread",
          "[output]") {
  const std::string dir = fresh_dir("limb_inputs");
  fs::create_directories(dir);
  const std::string fifo = dir + "/fifo", huge = dir + "/huge.txt";
  REQUIRE(mkfifo(fifo.c_str(), 0644) == 0);
  CliResult r = run_hesa({"run", "--chip", kV6e, "--workload", kTiny, "--out", dir + "/run",
                          "--functional", "--input", fifo});
  CHECK(r.code == 2);  // it blocked forever
  CHECK(r.err == "error: --input " + fifo + ": is a FIFO, not a regular file\n");
  { std::ofstream(huge) << "1"; }
  fs::resize_file(huge, uint64_t{1} << 32);  // sparse: 4 GiB that nobody has to read
  r = run_hesa({"run", "--chip", kV6e, "--workload", kTiny, "--out", dir + "/run", "--functional",
                "--input", huge});
  CHECK(r.code == 2);
  CHECK(r.err == "error: --input " + huge +
                     ": 4294967296 bytes, more than batch x limbs x scheme.n = 3 x 2 x 64 "
                     "coefficients take (70912 bytes at most)\n");
  CHECK(!fs::exists(dir + "/run"));
}
