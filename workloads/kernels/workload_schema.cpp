#include "workloads/kernels/workload_schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "config/config_reader.hpp"
#include "trace/trace_tags.hpp"
#include "workloads/kernels/bootstrap_schema.hpp"
#include "workloads/math/modmath.hpp"

namespace hesa {

namespace {

// The schema: allowed keys of each map. Ranges are at the reads below; optional keys default to
// the config structs' initializers.
const std::vector<std::string> kSchemeKeys = {
    "n", "limbs", "special_limbs", "dnum", "prime_bits", "primes", "psi"};
const std::vector<std::string> kMappingKeys = {"reduction",
                                               "ntt",
                                               "shoup_ntt",
                                               "montgomery_ntt",
                                               "twist",
                                               "constant_mul",
                                               "bconv",
                                               "layout",
                                               "prefetch_depth",
                                               "core_split",
                                               "chunk_items",
                                               "rescale",
                                               "key_switch_digits",
                                               "inner_product",
                                               "automorphism",
                                               "limb_take",
                                               "fusion",
                                               "shard"};

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
  }
  // Else psi stays empty: ntt_roots() finds the smallest roots when a run needs values.
}

// An optional mapping knob: one of its enum's names.
template <class Enum>
void opt_enum(const ConfigReader& m, std::string_view key, Enum& value) {
  if (!m.find(key)) return;
  value = *enum_by_name<Enum>(m.get_choice(key, names_of<Enum>()));
}

bool is_auto(const ConfigReader& m, std::string_view key) {
  const Node* n = m.find(key);
  return n && n->kind == Node::Kind::kScalar && n->scalar == "auto";
}

void read_mapping(const ConfigReader& m, WorkloadConfig& w) {
  AutoKnobs& autos = w.mapping.autos;
  autos.layout = is_auto(m, "layout");
  autos.prefetch_depth = is_auto(m, "prefetch_depth");
  autos.core_split = is_auto(m, "core_split");
  autos.chunk_items = is_auto(m, "chunk_items");
  autos.fusion = is_auto(m, "fusion");
  opt_enum(m, "reduction", w.mapping.reduction);
  opt_enum(m, "ntt", w.mapping.ntt);
  opt_enum(m, "shoup_ntt", w.mapping.ntt_steps.shoup);
  opt_enum(m, "montgomery_ntt", w.mapping.ntt_steps.montgomery);
  opt_enum(m, "twist", w.mapping.ntt_steps.twist);
  w.mapping.shoup_ntt_given = m.find("shoup_ntt") != nullptr;
  w.mapping.montgomery_ntt_given = m.find("montgomery_ntt") != nullptr;
  w.mapping.twist_given = m.find("twist") != nullptr;
  opt_enum(m, "constant_mul", w.mapping.constant_mul);
  opt_enum(m, "bconv", w.mapping.bconv);
  if (const Node* layout = autos.layout ? nullptr : m.find("layout")) {
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
  if (!autos.prefetch_depth) m.opt_int("prefetch_depth", w.mapping.prefetch_depth, 1, 16);
  w.mapping.prefetch_depth_given = m.find("prefetch_depth") != nullptr && !autos.prefetch_depth;
  if (!autos.core_split) opt_enum(m, "core_split", w.mapping.core_split);
  w.mapping.core_split_given = m.find("core_split") != nullptr && !autos.core_split;
  if (!autos.chunk_items) m.opt_int("chunk_items", w.mapping.chunk_items, 1, 1 << 20);
  opt_enum(m, "rescale", w.mapping.rescale);
  opt_enum(m, "key_switch_digits", w.mapping.key_switch_digits);
  opt_enum(m, "inner_product", w.mapping.inner_product);
  opt_enum(m, "automorphism", w.mapping.automorphism);
  opt_enum(m, "limb_take", w.mapping.limb_take);
  if (!autos.fusion) opt_enum(m, "fusion", w.mapping.fusion);
  w.mapping.fusion_given = m.find("fusion") != nullptr && !autos.fusion;
  autos.shard = is_auto(m, "shard");
  if (!autos.shard) opt_enum(m, "shard", w.mapping.shard);
  w.mapping.shard_given = m.find("shard") != nullptr && !autos.shard;
}

void read_gemm(const ConfigReader& g, GemmConfig& gemm) {
  gemm.m = g.get_int("m", 1, 1 << 20);
  gemm.n = g.get_int("n", 1, 1 << 20);
  gemm.k = g.get_int("k", 1, 1 << 20);
  g.opt_choice("mode", gemm.mode, {"int8", "bf16"});
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

// The workload's sections that only some kernels read.
const std::vector<std::pair<const char*, WorkloadSection>> kSections = {
    {"scheme", kSchemeSection},       {"gemm", kGemmSection},
    {"rotations", kRotationsSection}, {"sequence", kSequenceSection},
    {"bootstrap", kBootstrapSection}, {"bat_matmul", kBatMatmulSection}};

// A section the kernel does not read is an error, naming the kernels that read it.
void check_kernel_key(const ConfigReader& r, const char* key, WorkloadSection section,
                      const KernelInfo& kernel) {
  if (kernel.sections & section) return;
  std::vector<std::string> readers;
  for (const KernelInfo& k : workload_kernels()) {
    if (k.sections & section) readers.push_back(k.name);
  }
  const std::string who = readers.size() == 1 ? "kernel " + readers[0]
                          : readers.size() == 2
                              ? fmt::format("kernels {} and {}", readers[0], readers[1])
                              : std::string("the HE kernels");
  for (const MapEntry& e : r.node().entries) {
    if (e.key == key) config_fail(e.key_loc, key, fmt::format("only read by {}", who));
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
    const ConfigReader step(items[i], path, {"kernel", "level", "count", "rotations", "phase"});
    SequenceStepConfig s;
    s.kernel = *kernel_by_name(step.get_choice("kernel", kernel_names(true)));
    if (s.kernel == Kernel::kBootstrap) {
      // Bootstrapping starts from one limb and raises to bootstrap.mod_raise.limbs.
      if (step.find("level"))
        config_fail(step.require("level").loc, path + ".level",
                    "a bootstrap starts from one limb (its level is its "
                    "bootstrap: section's)");
    } else {
      s.level = static_cast<int>(step.get_int("level", 1, w.limbs));
    }
    step.opt_int("count", s.count, 1, 1000000);
    if (const Node* rot = step.find("rotations")) {
      if (!(kernel_info(s.kernel).sections & kRotationsSection)) {
        config_fail(rot->loc, path + ".rotations", "only read by kernel he_rotate");
      }
      s.rotations = read_rotations(*rot, path + ".rotations", w.n);
    }
    if (const Node* phase = step.find("phase")) {
      s.phase = step.get_string("phase");
      if (!is_phase_name(s.phase)) {
        config_fail(phase->loc, path + ".phase",
                    fmt::format("expected a word of letters, digits and '_' (at most 64), got "
                                "\"{}\"",
                                s.phase));
      }
    }
    w.sequence.push_back(std::move(s));
  }
}

}  // namespace

WorkloadConfig read_workload(const Node& root) {
  WorkloadConfig w;
  const ConfigReader r(root, "", workload_keys());
  w.name = r.get_string("name");
  w.kernel = *kernel_by_name(r.get_choice("kernel", kernel_names()));
  const KernelInfo& kernel = kernel_info(w.kernel);
  for (const auto& [key, section] : kSections) check_kernel_key(r, key, section, kernel);
  if (kernel.sections & kSchemeSection) {
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
    if (kernel.family == KernelFamily::kBconv && w.special_limbs == 0) {
      config_fail(s.require("limbs").loc, "scheme.special_limbs",
                  "kernel bconv converts the scheme.limbs primes to the scheme.special_limbs "
                  "primes: give at least one");
    }
  } else if (kernel.sections & kGemmSection) {
    read_gemm(r.child("gemm", {"m", "n", "k", "mode"}), w.gemm);
  } else {
    read_bat_matmul(r.child("bat_matmul", {"m", "n", "k", "q"}), w.bat_matmul);
  }
  if (const Node* list = r.find("rotations")) w.rotations = read_rotations(*list, "rotations", w.n);
  if (kernel.sections & kSequenceSection) read_sequence(r.require("sequence"), w);
  // A sequence reads its bootstrap: section when a step bootstraps (or the section is there).
  const bool bootstraps =
      w.kernel != Kernel::kSequence || r.find("bootstrap") ||
      std::any_of(w.sequence.begin(), w.sequence.end(),
                  [](const SequenceStepConfig& s) { return s.kernel == Kernel::kBootstrap; });
  if ((kernel.sections & kBootstrapSection) && bootstraps) read_bootstrap(r, w);
  r.opt_int("batch", w.batch, 1, 1 << 20);
  if (const Node* mapping = r.find("mapping")) {
    read_mapping(ConfigReader(*mapping, "mapping", kMappingKeys), w);
  }
  return w;
}
const std::vector<std::string>& workload_keys() {
  static const std::vector<std::string> keys = {"name",      "scheme",     "kernel",    "batch",
                                                "gemm",      "bat_matmul", "rotations", "sequence",
                                                "bootstrap", "mapping"};
  return keys;
}

}  // namespace hesa
