#include "workloads/kernels/bootstrap_schema.hpp"

#include <fmt/format.h>

#include "workloads/math/modmath.hpp"

namespace hesa {

namespace {

// A linear transform's level budget and baby steps.
void read_transform(const ConfigReader& r, const char* key, int& levels, int& baby) {
  if (!r.find(key)) return;
  const ConfigReader t = r.child(key, {"levels", "baby_steps"});
  t.opt_int("levels", levels, 1, 17);
  if (const Node* n = t.find("baby_steps")) {
    baby = static_cast<int>(read_int(*n, t.key_path("baby_steps"), 0, 1 << 16));
    if (baby != 0 && !is_power_of_two(static_cast<uint64_t>(baby))) {
      config_fail(n->loc, t.key_path("baby_steps"),
                  fmt::format("must be 0 (the rule) or a power of two, got {}", baby));
    }
  }
}

// Where a level budget is reported: its key when the file gives it, else the section (or the
// scheme when there is no section).
void check_budget(const ConfigReader& root, const char* key, int levels, int log_slots) {
  if (levels <= log_slots) return;
  const std::string path = fmt::format("bootstrap.{}.levels", key);
  const Node* section = root.find("bootstrap");
  const Node* t = section ? section->find(key) : nullptr;
  const Node* given = t ? t->find("levels") : nullptr;
  config_fail(given ? given->loc : (section ? section->loc : root.require("scheme").loc), path,
              fmt::format("{}{} exceeds log2(slots) = {} (one radix-2 layer per level at most)",
                          given ? "" : "the default ", levels, log_slots));
}

}  // namespace

void read_bootstrap(const ConfigReader& root, WorkloadConfig& w) {
  BootstrapParams& b = w.bootstrap;
  const Node* section = root.find("bootstrap");
  if (section) {
    const ConfigReader r(*section, "bootstrap",
                         {"slots", "mod_raise", "coeff_to_slot", "eval_mod", "slot_to_coeff"});
    if (const Node* s = r.find("slots")) {
      const auto half = static_cast<int64_t>(w.n / 2);
      b.slots = static_cast<uint64_t>(read_int(*s, "bootstrap.slots", 2, half));
      if (!is_power_of_two(b.slots)) {
        config_fail(s->loc, "bootstrap.slots",
                    fmt::format("must be a power of two, got {}", b.slots));
      }
    }
    if (r.find("mod_raise"))
      r.child("mod_raise", {"limbs"}).opt_int("limbs", b.raise_to, 2, w.limbs);
    read_transform(r, "coeff_to_slot", b.c2s_levels, b.c2s_baby);
    if (r.find("eval_mod")) {
      const ConfigReader e = r.child("eval_mod", {"degree", "double_angle"});
      e.opt_int("degree", b.eval_mod_degree, 5, 2204);
      e.opt_int("double_angle", b.double_angle, 0, 16);
    }
    read_transform(r, "slot_to_coeff", b.s2c_levels, b.s2c_baby);
  }
  const int log_slots = log2_exact(b.slots ? b.slots : w.n / 2);
  check_budget(root, "coeff_to_slot", b.c2s_levels, log_slots);
  check_budget(root, "slot_to_coeff", b.s2c_levels, log_slots);
  const int depth = bootstrap_depth(b);
  const int top = b.raise_to ? b.raise_to : w.limbs;
  if (top < depth + 1) {
    const Node* raise = section ? section->find("mod_raise") : nullptr;
    const Node* given = raise ? raise->find("limbs") : nullptr;
    const Node& scheme = root.require("scheme");
    const Node* limbs = scheme.find("limbs");
    config_fail(given ? given->loc : (limbs ? limbs->loc : scheme.loc),
                given ? "bootstrap.mod_raise.limbs" : "scheme.limbs",
                fmt::format("bootstrapping consumes {} levels: needs at least {} limbs after "
                            "ModRaise, got {}",
                            depth, depth + 1, top));
  }
}

}  // namespace hesa
