// Every row of the bad-input table through the real binary: exact one-line message, exit code 2,
// nothing written; and docs/errors.md is the table, generated.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "tests/config/bad_inputs.hpp"
#include "tests/sim/cli_runner.hpp"

using namespace hesa::test;
namespace fs = std::filesystem;

namespace {

const std::string kSource = HESA_SOURCE_DIR;

// Every file under `path` (or the file itself) with its content, to see that nothing changed.
std::string snapshot(const std::string& path) {
  const fs::path p = fs::path(kSource) / path;
  std::error_code ec;
  if (!fs::exists(p, ec)) return "(none)";
  if (!fs::is_directory(p, ec)) return read_text(p.string());
  std::set<std::string> entries;
  for (const auto& e : fs::recursive_directory_iterator(p)) {
    entries.insert(e.path().string() + "\n" +
                   (e.is_regular_file() ? read_text(e.path().string()) : "<folder>"));
  }
  std::string all;
  for (const std::string& e : entries) all += e + "\n";
  return all;
}

void check_kind(const std::string& kind) {
  int rows = 0;
  for (const BadInput& c : bad_inputs()) {
    if (c.kind != kind) continue;
    ++rows;
    const std::string out = fresh_dir("bad");
    const std::vector<std::string> cmd = bad_input_command(c, out);
    std::string own_out;
    for (std::size_t i = 0; i + 1 < cmd.size(); ++i) {
      if (cmd[i] == "--out" && cmd[i + 1] != out) own_out = cmd[i + 1];
    }
    const std::string before = own_out.empty() ? "" : snapshot(own_out);
    const CliResult r = run_hesa(cmd);
    INFO(c.what << ": " << c.message);
    CHECK(r.code == 2);
    CHECK(r.err == "error: " + c.message + "\n");
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(out));
    if (!own_out.empty()) CHECK(snapshot(own_out) == before);
  }
  CHECK(rows >= 5);
}

}  // namespace

TEST_CASE("bad chip files exit 2 with one exact line and write nothing", "[errors]") {
  check_kind(bad_input_kinds()[0]);
}

TEST_CASE("bad workload files exit 2 with one exact line and write nothing", "[errors]") {
  check_kind(bad_input_kinds()[1]);
}

TEST_CASE("bad overrides exit 2 with one exact line and write nothing", "[errors]") {
  check_kind(bad_input_kinds()[2]);
}

TEST_CASE("bad limb files exit 2 with one exact line and write nothing", "[errors]") {
  check_kind(bad_input_kinds()[3]);
}

TEST_CASE("bad sweep files exit 2 with one exact line and write nothing", "[errors]") {
  check_kind(bad_input_kinds()[4]);
}

TEST_CASE("bad trace files exit 2 with one exact line and write nothing", "[errors]") {
  check_kind(bad_input_kinds()[5]);
}

TEST_CASE("bad command lines and output folders exit 2 with one exact line", "[errors]") {
  check_kind(bad_input_kinds()[6]);
}

TEST_CASE("the bad-input table has at least 40 distinct inputs, each with a distinct message",
          "[errors]") {
  std::set<std::vector<std::string>> inputs;
  std::set<std::string> messages;
  for (const BadInput& c : bad_inputs()) {
    inputs.insert(c.args);
    messages.insert(c.message);
    CHECK(c.message.find('\n') == std::string::npos);
  }
  CHECK(inputs.size() == bad_inputs().size());
  CHECK(inputs.size() >= 40);
  CHECK(messages.size() == bad_inputs().size());
}

TEST_CASE("docs/errors.md lists every bad input", "[errors]") {
  const std::string path = kSource + "/docs/errors.md";
  if (const char* write = std::getenv("HESA_WRITE_ERRORS_DOC");
      write && std::string(write) == "1") {
    std::ofstream(path, std::ios::binary) << errors_doc();
  }
  CHECK(read_text(path) == errors_doc());
}
