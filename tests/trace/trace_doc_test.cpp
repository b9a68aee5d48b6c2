// docs/trace-format.md in sync with the code: every opcode with its unit in the opcode table,
// every instruction key (kTraceInstrKeys) in the key table and taken by the parser, and the
// traces hesa dumps for real workloads using no key outside that list.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/sim/cli_runner.hpp"
#include "trace/trace_io.hpp"

using namespace hesa;

namespace {

std::string doc() {
  std::ifstream in(std::string(HESA_SOURCE_DIR) + "/docs/trace-format.md");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The first cell of every table row of the doc.
std::vector<std::string> first_cells(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| ", 0) != 0) continue;
    out.push_back(line.substr(2, line.find(" |", 2) - 2));
  }
  return out;
}

// What the parser says about one instruction line carrying `kv` ("" when it parses).
std::string parse_error(const std::string& kv) {
  const std::string text = std::string(kTraceHeader) +
                           "\ntag other\nbuffer x vmem u32 64\nbuffer y vmem u32 64\n"
                           "0 vpu modmul dst=x a=x b=y m=64 n=64 q=97 " +
                           kv + "\nend\n";
  try {
    parse_trace(text, "t");
    return "";
  } catch (const TraceError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("docs/trace-format.md lists every opcode with its unit", "[trace][docs]") {
  const std::string text = doc();
  REQUIRE(!text.empty());
  for (int o = 0; o < kOpcodes; ++o) {
    const Opcode op = static_cast<Opcode>(o);
    INFO(opcode_name(op));
    CHECK(text.find(std::string("| `") + opcode_name(op) + "` | `" + unit_name(opcode_unit(op)) +
                    "` |") != std::string::npos);
  }
}

TEST_CASE("docs/trace-format.md lists every instruction key the parser takes", "[trace][docs]") {
  const std::vector<std::string> cells = first_cells(doc());
  CHECK(parse_error("").empty());
  CHECK(parse_error("colour=red").find("unknown key \"colour\"") != std::string::npos);
  for (const char* key : kTraceInstrKeys) {
    INFO(key);
    const std::string quoted = std::string("`") + key + "`";
    CHECK(std::any_of(cells.begin(), cells.end(),
                      [&](const std::string& c) { return c.find(quoted) != std::string::npos; }));
    CHECK(parse_error(std::string(key) + "=1").find("unknown key") == std::string::npos);
  }
}

TEST_CASE("dumped traces use only the documented instruction keys", "[trace][docs]") {
  const std::set<std::string> known(std::begin(kTraceInstrKeys), std::end(kTraceInstrKeys));
  const std::vector<std::vector<std::string>> workloads = {
      {"configs/workloads/he_mult_cheddar.yaml"},
      {"configs/workloads/he_rotate_cheddar.yaml"},
      {"configs/workloads/bat_matmul_256.yaml"},
      {"configs/workloads/ntt_n12_l4.yaml"},
      {"configs/workloads/he_mult_cheddar.yaml", "--set", "mapping.reduction=shoup"}};
  std::set<std::string> used;
  for (const auto& w : workloads) {
    std::vector<std::string> args = {"trace", "--chip", "configs/chips/tpu_v6e.yaml", "--workload"};
    args.insert(args.end(), w.begin(), w.end());
    const test::CliResult r = test::run_hesa(args);
    INFO(w[0] << r.err);
    REQUIRE(r.code == 0);
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.empty() || !std::isdigit(static_cast<unsigned char>(line[0]))) continue;
      std::istringstream words(line);
      std::string word;
      for (int i = 0; i < 3 && words >> word; ++i) {
      }
      while (words >> word) used.insert(word.substr(0, word.find('=')));
    }
  }
  for (const std::string& key : used) {
    INFO(key);
    CHECK(known.count(key) == 1);
  }
  CHECK(used.size() >= 10);
}
