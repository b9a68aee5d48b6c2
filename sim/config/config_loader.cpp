#include "sim/config/config_loader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "sim/config/chip_schema.hpp"
#include "config/config_reader.hpp"
#include "config/yaml_tree.hpp"
#include "workloads/math/modmath.hpp"

namespace hesa {

namespace {

// The schema: allowed keys of each map. Ranges are at the reads below; optional keys default to
// the config structs' initializers.
const std::vector<std::string> kWorkloadKeys = {
    "name", "scheme", "kernel", "batch", "gemm", "bat_matmul", "rotations", "sequence", "mapping"};
const std::vector<std::string> kStepKernels = {"he_add",  "pmult",    "ntt",        "intt",
                                               "mod_up",  "mod_down", "key_switch", "rescale",
                                               "he_mult", "he_rotate"};
const std::vector<std::string> kSchemeKeys = {
    "n", "limbs", "special_limbs", "dnum", "prime_bits", "primes", "psi"};
const std::vector<std::string> kKernels = {
    "ntt",       "intt",     "vec_mod_add", "vec_mod_mul", "he_add",    "pmult",
    "bconv",     "mod_up",   "mod_down",    "key_switch",  "rescale",   "he_mult",
    "he_rotate", "sequence", "bootstrap",   "gemm",        "bat_matmul"};
const std::vector<std::string> kMappingKeys = {
    "reduction", "ntt", "constant_mul", "bconv", "layout", "prefetch_depth", "core_split"};
const std::vector<std::string> kReductions = {"barrett", "montgomery", "shoup", "bat_lazy"};

constexpr int64_t kMaxN = 131072;

uint64_t read_power_of_two(const Node& node, const std::string& path, int64_t lo, int64_t hi) {
  const uint64_t value = read_int(node, path, lo, hi);
  if (!is_power_of_two(value)) {
    config_fail(node.loc, path, fmt::format("must be a power of two, got {}", value));
  }
  return value;
}

// Explicit primes are checked; otherwise ntt_primes() generates them. Then psi likewise.
void read_primes_and_psi(const ConfigReader& s, WorkloadConfig& w) {
  const uint64_t two_n = 2 * w.n;
  if (const Node* list = s.find("primes")) {
    const std::vector<Node>& items = read_list(*list, "scheme.primes");
    const int total = w.limbs + w.special_limbs;
    if (items.size() != static_cast<std::size_t>(total)) {
      config_fail(
          list->loc, "scheme.primes",
          fmt::format("has {} entries, expected {} = {}", items.size(),
                      w.special_limbs ? "scheme.limbs + scheme.special_limbs" : "scheme.limbs",
                      total));
    }
    int bits = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string path = fmt::format("scheme.primes[{}]", i);
      const uint64_t q = read_int(items[i], path, 2, (int64_t{1} << 31) - 1);
      if (!is_prime(q)) config_fail(items[i].loc, path, fmt::format("{} is not prime", q));
      if (q % two_n != 1) {
        config_fail(items[i].loc, path, fmt::format("{} is not 1 mod 2n = {}", q, two_n));
      }
      const auto seen = std::find(w.primes.begin(), w.primes.end(), q);
      if (seen != w.primes.end()) {
        config_fail(items[i].loc, path,
                    fmt::format("{} repeats scheme.primes[{}]", q, seen - w.primes.begin()));
      }
      if (s.find("prime_bits") && q >> w.prime_bits) {
        config_fail(items[i].loc, path,
                    fmt::format("{} has more than scheme.prime_bits = {} bits", q, w.prime_bits));
      }
      bits = std::max(bits, log2_exact(q) + 1);
      w.primes.push_back(q);
    }
    if (!s.find("prime_bits")) w.prime_bits = bits;
  } else {
    const int total = w.limbs + w.special_limbs;
    w.primes = ntt_primes(w.prime_bits, w.n, total);
    if (w.primes.size() < static_cast<std::size_t>(total)) {
      config_fail(s.require("limbs").loc, "scheme.limbs",
                  fmt::format("only {} primes of {} bits are 1 mod 2n = {}, need {}",
                              w.primes.size(), w.prime_bits, two_n, total));
    }
  }
  if (const Node* list = s.find("psi")) {
    const std::vector<Node>& items = read_list(*list, "scheme.psi");
    if (items.size() != w.primes.size()) {
      config_fail(list->loc, "scheme.psi",
                  fmt::format("has {} entries, expected one per prime ({})", items.size(),
                              w.primes.size()));
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string path = fmt::format("scheme.psi[{}]", i);
      const uint64_t psi = read_int(items[i], path, 0, INT64_MAX);
      if (!is_primitive_2n_root(psi, w.n, w.primes[i])) {
        config_fail(items[i].loc, path,
                    fmt::format("{} is not a primitive 2n-th root of unity mod {} (2n = {})", psi,
                                w.primes[i], two_n));
      }
      w.psi.push_back(psi);
    }
  } else {
    for (uint64_t q : w.primes) w.psi.push_back(*smallest_primitive_2n_root(w.n, q));
  }
}

void read_mapping(const ConfigReader& m, WorkloadConfig& w) {
  m.opt_choice("reduction", w.mapping.reduction, kReductions);
  m.opt_choice("ntt", w.mapping.ntt, {"mat", "radix2"});
  m.opt_choice("constant_mul", w.mapping.constant_mul, {"vpu", "bat"});
  m.opt_choice("bconv", w.mapping.bconv, {"mxu", "vpu"});
  if (const Node* layout = m.find("layout")) {
    const std::vector<Node>& items = read_list(*layout, "mapping.layout");
    if (items.size() != 2) {
      config_fail(
          layout->loc, "mapping.layout",
          fmt::format("expected a list of 2 integers [R, C], got {} entries", items.size()));
    }
    const uint64_t rows = read_power_of_two(items[0], "mapping.layout[0]", 1, kMaxN);
    const uint64_t cols = read_power_of_two(items[1], "mapping.layout[1]", 1, kMaxN);
    if (rows * cols != w.n) {
      config_fail(layout->loc, "mapping.layout",
                  fmt::format("R x C = {} x {} = {} does not equal scheme.n = {}", rows, cols,
                              rows * cols, w.n));
    }
    w.mapping.layout_rows = rows;
    w.mapping.layout_cols = cols;
  }
  m.opt_int("prefetch_depth", w.mapping.prefetch_depth, 1, 16);
  w.mapping.prefetch_depth_given = m.find("prefetch_depth") != nullptr;
  m.opt_choice("core_split", w.mapping.core_split, {"none", "limbs", "batch"});
}

void read_gemm(const ConfigReader& g, GemmConfig& gemm) {
  gemm.m = g.get_int("m", 1, 1 << 20);
  gemm.n = g.get_int("n", 1, 1 << 20);
  gemm.k = g.get_int("k", 1, 1 << 20);
  g.opt_choice("mode", gemm.mode, {"int8", "bf16"});
  g.opt_int("arrays", gemm.arrays, 1, 64);
}

void read_bat_matmul(const ConfigReader& b, BatMatmulConfig& bm) {
  bm.m = b.get_int("m", 1, 1 << 16);
  bm.n = b.get_int("n", 1, 1 << 16);
  bm.k = b.get_int("k", 1, 8192);
  if (const Node* q = b.find("q")) {
    bm.q = read_int(*q, "bat_matmul.q", 2, (int64_t{1} << 31) - 1);
    if (!is_prime(bm.q)) config_fail(q->loc, "bat_matmul.q", fmt::format("{} is not prime", bm.q));
  } else {
    for (bm.q = (uint64_t{1} << 28) - 1; !is_prime(bm.q); bm.q -= 2) {
    }
  }
}

// A key that only one kernel reads is an error under any other kernel.
void check_kernel_key(const ConfigReader& r, const std::string& key, const std::string& kernels,
                      bool used) {
  if (used) return;
  for (const MapEntry& e : r.node().entries) {
    if (e.key == key) config_fail(e.key_loc, key, fmt::format("only read by {}", kernels));
  }
}

std::vector<int> read_rotations(const Node& list, const std::string& key, uint64_t n) {
  const std::vector<Node>& items = read_list(list, key);
  if (items.empty()) config_fail(list.loc, key, "expected at least one rotation");
  std::vector<int> out;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string path = fmt::format("{}[{}]", key, i);
    const auto half = static_cast<int64_t>(n / 2);
    const int64_t steps = read_int(items[i], path, -half + 1, half - 1);
    if (steps == 0) config_fail(items[i].loc, path, "a rotation by 0 slots is the identity");
    out.push_back(static_cast<int>(steps));
  }
  return out;
}

void read_sequence(const Node& list, WorkloadConfig& w) {
  const std::vector<Node>& items = read_list(list, "sequence");
  if (items.empty()) config_fail(list.loc, "sequence", "expected at least one step");
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string path = fmt::format("sequence[{}]", i);
    const ConfigReader step(items[i], path, {"kernel", "level", "count", "rotations"});
    SequenceStepConfig s;
    s.kernel = step.get_choice("kernel", kStepKernels);
    s.level = static_cast<int>(step.get_int("level", 1, w.limbs));
    step.opt_int("count", s.count, 1, 1000000);
    if (const Node* rot = step.find("rotations")) {
      if (s.kernel != "he_rotate") {
        config_fail(rot->loc, path + ".rotations", "only read by kernel he_rotate");
      }
      s.rotations = read_rotations(*rot, path + ".rotations", w.n);
    }
    w.sequence.push_back(std::move(s));
  }
}

WorkloadConfig read_workload(const Node& root) {
  WorkloadConfig w;
  const ConfigReader r(root, "", kWorkloadKeys);
  w.name = r.get_string("name");
  w.kernel = r.get_choice("kernel", kKernels);
  const bool he = w.kernel != "gemm" && w.kernel != "bat_matmul";
  check_kernel_key(r, "scheme", "the HE kernels", he);
  check_kernel_key(r, "gemm", "kernel gemm", w.kernel == "gemm");
  check_kernel_key(r, "rotations", "kernel he_rotate", w.kernel == "he_rotate");
  check_kernel_key(r, "sequence", "kernel sequence", w.kernel == "sequence");
  check_kernel_key(r, "bat_matmul", "kernel bat_matmul", w.kernel == "bat_matmul");
  if (he) {
    const ConfigReader s = r.child("scheme", kSchemeKeys);
    w.n = read_power_of_two(s.require("n"), "scheme.n", 16, kMaxN);
    w.limbs = s.get_int("limbs", 1, 1024);
    s.opt_int("special_limbs", w.special_limbs, 0, 1024);
    s.opt_int("dnum", w.dnum, 1, 1024);
    if (w.dnum > w.limbs) {
      config_fail(s.require("dnum").loc, "scheme.dnum",
                  fmt::format("must be at most scheme.limbs = {}, got {}", w.limbs, w.dnum));
    }
    s.opt_int("prime_bits", w.prime_bits, 20, 31);
    read_primes_and_psi(s, w);
    if (w.kernel == "bconv" && w.special_limbs == 0) {
      config_fail(s.require("limbs").loc, "scheme.special_limbs",
                  "kernel bconv converts the scheme.limbs primes to the scheme.special_limbs "
                  "primes: give at least one");
    }
  } else if (w.kernel == "gemm") {
    read_gemm(r.child("gemm", {"m", "n", "k", "mode", "arrays"}), w.gemm);
  } else {
    read_bat_matmul(r.child("bat_matmul", {"m", "n", "k", "q"}), w.bat_matmul);
  }
  if (const Node* list = r.find("rotations")) w.rotations = read_rotations(*list, "rotations", w.n);
  if (w.kernel == "sequence") read_sequence(r.require("sequence"), w);
  if (w.kernel == "bootstrap" && w.limbs < 16) {
    config_fail(
        r.require("scheme").loc, "scheme.limbs",
        fmt::format("bootstrapping consumes 15 levels: needs at least 16 limbs, got {}", w.limbs));
  }
  r.opt_int("batch", w.batch, 1, 1 << 20);
  if (const Node* mapping = r.find("mapping")) {
    read_mapping(ConfigReader(*mapping, "mapping", kMappingKeys), w);
  }
  return w;
}

bool contains(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// No schema nests deeper; the bound keeps a path of thousands of keys from building a tree.
constexpr std::size_t kMaxOverrideDepth = 16;

std::vector<std::string> split_path(const std::string& text, const Location& loc) {
  std::vector<std::string> path;
  for (std::size_t begin = 0; begin <= text.size();) {
    const std::size_t end = std::min(text.find('.', begin), text.size());
    path.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  if (text.empty() || std::any_of(path.begin(), path.end(), [](auto& k) { return k.empty(); })) {
    config_fail(loc, "", "expected path=value");
  }
  if (path.size() > kMaxOverrideDepth) {
    config_fail(
        loc, "",
        fmt::format("the path has {} keys, at most {} make sense", path.size(), kMaxOverrideDepth));
  }
  return path;
}

// At most `limit` bytes of `text` (never cutting a UTF-8 sequence), control characters escaped,
// "..." where cut: an override as its messages name it.
std::string printable_start(const std::string& text, std::size_t limit) {
  std::size_t shown = std::min(text.size(), limit);
  while (shown > 0 && shown < text.size() &&
         (static_cast<unsigned char>(text[shown]) & 0xc0) == 0x80) {
    --shown;
  }
  std::string out;
  for (std::size_t i = 0; i < shown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += c < 0x20 || c == 0x7f ? fmt::format("\\x{:02x}", c) : std::string(1, text[i]);
  }
  return shown < text.size() ? out + "..." : out;
}

// Sets `path` = value in the chip tree or, when given, the workload tree.
void apply_path(std::vector<std::string> path, Node value, const Location& loc, Node& chip,
                Node* workload) {
  Node* tree = &chip;
  if (path.size() > 1 && (path[0] == "chip" || (workload && path[0] == "workload"))) {
    tree = path[0] == "chip" ? &chip : workload;
    path.erase(path.begin());
  } else if (workload && path[0] == "name") {
    config_fail(loc, "name", "ambiguous, use chip.name or workload.name");
  } else if (workload && contains(kWorkloadKeys, path[0])) {
    tree = workload;
  } else if (workload && !contains(chip_keys(), path[0])) {
    std::vector<std::string> keys(chip_keys().begin() + 1, chip_keys().end());
    keys.insert(keys.end(), kWorkloadKeys.begin() + 1, kWorkloadKeys.end());
    config_fail(loc, path[0],
                fmt::format("unknown key (expected chip.<key>, workload.<key> or one of: {})",
                            fmt::join(keys, ", ")));
  }
  set_path(*tree, path, std::move(value), loc);
}

// Applies one "path=value" override to the chip tree or, when given, the workload tree.
void apply_override(const std::string& text, Node& chip, Node* workload) {
  // Every node of the value carries this location: a long override is named by its start.
  const Location loc{"--set " + printable_start(text, 120)};
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos) config_fail(loc, "", "expected path=value");
  std::vector<std::string> path = split_path(text.substr(0, eq), loc);
  Node value = parse_yaml_value(text.substr(eq + 1), loc, fmt::format("{}", fmt::join(path, ".")));
  apply_path(std::move(path), std::move(value), loc, chip, workload);
}

void apply_node_override(const NodeOverride& o, Node& chip, Node* workload) {
  apply_path(split_path(o.path, o.loc), o.value, o.loc, chip, workload);
}

}  // namespace

ConfigTrees load_config_trees(const std::string& chip_path, const std::string& workload_path) {
  ConfigTrees t;
  t.chip = load_yaml_file(chip_path);
  t.workload = load_yaml_file(workload_path);
  t.chip_file = chip_path;
  t.workload_file = workload_path;
  return t;
}

namespace {

RunConfig read_run_config(ConfigTrees& t) {
  RunConfig run;
  run.chip = read_chip(t.chip);
  run.workload = read_workload(t.workload);
  run.effective_yaml = emit_yaml({{"chip", &t.chip}, {"workload", &t.workload}});
  run.workload_file = t.workload_file;
  run.chip_file = t.chip_file;
  run.workload_tree = std::make_shared<const Node>(std::move(t.workload));
  return run;
}

}  // namespace

RunConfig load_run_config(const std::string& chip_path, const std::string& workload_path,
                          const std::vector<std::string>& overrides) {
  ConfigTrees t = load_config_trees(chip_path, workload_path);
  for (const std::string& text : overrides) apply_override(text, t.chip, &t.workload);
  return read_run_config(t);
}

RunConfig build_run_config(ConfigTrees trees, const std::vector<NodeOverride>& overrides) {
  for (const NodeOverride& o : overrides) apply_node_override(o, trees.chip, &trees.workload);
  return read_run_config(trees);
}

ChipConfig build_chip_config(ConfigTrees trees, const std::vector<NodeOverride>& overrides) {
  for (const NodeOverride& o : overrides) apply_node_override(o, trees.chip, &trees.workload);
  return read_chip(trees.chip);
}

bool is_workload_path(const std::string& path) {
  const std::string first = path.substr(0, path.find('.'));
  if (first == "workload") return true;
  if (first == "chip") return false;
  return contains(kWorkloadKeys, first);
}

RunConfig run_config_from_trees(Node chip, Node workload, const std::vector<std::string>& overrides,
                                const std::string& workload_path) {
  ConfigTrees t{std::move(chip), std::move(workload), "", workload_path};
  for (const std::string& text : overrides) apply_override(text, t.chip, &t.workload);
  return read_run_config(t);
}

std::string workload_key_location(const RunConfig& run, const std::string& key_path) {
  if (!run.workload_tree) return run.workload_file;
  const Node* node = run.workload_tree.get();
  Location loc = node->loc;
  if (loc.file.empty()) loc.file = run.workload_file;
  for (std::size_t begin = 0; begin <= key_path.size();) {
    const std::size_t end = std::min(key_path.find('.', begin), key_path.size());
    if (node->kind != Node::Kind::kMap) break;
    const std::string key = key_path.substr(begin, end - begin);
    const MapEntry* entry = nullptr;
    for (const MapEntry& e : node->entries) {
      if (e.key == key) entry = &e;
    }
    if (!entry) break;
    loc = entry->key_loc;
    node = &entry->value;
    begin = end + 1;
  }
  return loc.str();
}

RunConfig load_trace_run_config(const std::string& chip_path, const std::string& trace_path,
                                const std::vector<std::string>& overrides) {
  Node chip = load_yaml_file(chip_path);
  for (const std::string& text : overrides) apply_override(text, chip, nullptr);
  RunConfig run;
  run.chip = read_chip(chip);
  std::string stem = trace_path.substr(trace_path.find_last_of('/') + 1);
  stem = stem.substr(0, stem.find('.'));
  // The name reaches stats.json (UTF-8 only) and the default output folder: printable ASCII.
  for (char& c : stem) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) c = '_';
  }
  run.workload.name = stem.empty() ? "trace" : stem;
  run.workload.kernel = "trace";
  run.effective_yaml = emit_yaml({{"chip", &chip}});
  run.workload_file = trace_path;
  run.chip_file = chip_path;
  return run;
}

ChipConfig load_chip_config(const std::string& chip_path,
                            const std::vector<std::string>& overrides) {
  return chip_config_from_tree(load_yaml_file(chip_path), overrides);
}

ChipConfig chip_config_from_tree(Node chip, const std::vector<std::string>& overrides) {
  for (const std::string& text : overrides) apply_override(text, chip, nullptr);
  return read_chip(chip);
}

}  // namespace hesa
