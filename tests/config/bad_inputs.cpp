#include "tests/config/bad_inputs.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hesa::test {

namespace {

const std::string kChip = "Chip YAML (--chip)";
const std::string kWorkload = "Workload YAML (--workload)";
const std::string kSet = "Overrides (--set)";
const std::string kLimbs = "Limb files (--input)";
const std::string kCli = "Command line and output folder";
const std::string kSweep = "Sweep files (hesa sweep)";
const std::string kTrace = "Trace files (--trace)";

bool has(const std::vector<std::string>& args, const std::string& flag) {
  return std::find(args.begin(), args.end(), flag) != args.end();
}

std::string table_cell(const std::string& text) {
  std::string out = "`";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += c == '|'   ? std::string("\\|")
           : u < 0x20 ? fmt::format("\\x{:02x}", u)
                      : std::string(1, c);
  }
  return out + "`";
}

}  // namespace

const std::vector<std::string>& bad_input_kinds() {
  static const std::vector<std::string> kinds = {kChip,  kWorkload, kSet, kLimbs,
                                                 kSweep, kTrace,    kCli};
  return kinds;
}

// Paths are relative to the source root (the binary runs there); fixtures live in tests/data/bad/.
const std::vector<BadInput>& bad_inputs() {
  static const std::vector<BadInput> table = {
      {kChip,
       "missing file",
       {"--chip", "configs/chips/nope.yaml"},
       "configs/chips/nope.yaml: cannot open file"},
      {kChip,
       "a folder instead of a file",
       {"--chip", "configs/chips"},
       "configs/chips: is a folder, not a file"},
      {kChip,
       "empty file",
       {"--chip", "tests/data/bad/chip_empty.yaml"},
       "tests/data/bad/chip_empty.yaml: expected a map, got nothing"},
      {kChip,
       "YAML syntax error",
       {"--chip", "tests/data/bad/chip_syntax.yaml"},
       "tests/data/bad/chip_syntax.yaml:4:7: syntax error: end of sequence flow not found"},
      {kChip,
       "tab indentation",
       {"--chip", "tests/data/bad/chip_tab.yaml"},
       "tests/data/bad/chip_tab.yaml:3:6: syntax error: illegal map value"},
      {kChip,
       "a stray comma (yaml-cpp's LoadAll would loop forever)",
       {"--chip", "tests/data/bad/chip_stray_comma.yaml"},
       "tests/data/bad/chip_stray_comma.yaml:2:1: syntax error: unexpected \",\""},
      {kChip,
       "two YAML documents",
       {"--chip", "tests/data/bad/chip_two_docs.yaml"},
       "tests/data/bad/chip_two_docs.yaml:2:1: syntax error: more than one YAML document"},
      {kChip,
       "lists nested 100 deep",
       {"--chip", "tests/data/bad/chip_deep.yaml"},
       "tests/data/bad/chip_deep.yaml:2:70: maps and lists nested deeper than 64 levels"},
      {kChip,
       "lists nested deeper than the YAML parser recurses (it would say \"bad file\")",
       {"--chip", "tests/data/bad/chip_very_deep.yaml"},
       "tests/data/bad/chip_very_deep.yaml:2:2007: maps and lists nested deeper than 64 levels"},
      {kChip,
       "includes that fan out (each file includes the next twice, 12 levels)",
       {"--chip", "tests/data/bad/fan/chip_fan_0.yaml"},
       "tests/data/bad/fan/chip_fan_10.yaml:1:29: include: more than 1000 included files or 64 "
       "MiB in one load"},
      {kChip,
       "top level is a list",
       {"--chip", "tests/data/bad/chip_top_list.yaml"},
       "tests/data/bad/chip_top_list.yaml:1:1: expected a map, got a list"},
      {kChip,
       "duplicate key",
       {"--chip", "tests/data/bad/chip_duplicate_key.yaml"},
       "tests/data/bad/chip_duplicate_key.yaml:3:1: clock_ghz: duplicate key"},
      {kChip,
       "a list as a map key",
       {"--chip", "tests/data/bad/chip_key_list.yaml"},
       "tests/data/bad/chip_key_list.yaml:2:1: map keys must be plain strings"},
      {kChip,
       "unknown (misspelt) key",
       {"--chip", "tests/data/bad/chip_unknown_key.yaml"},
       "tests/data/bad/chip_unknown_key.yaml:3:3: mxu.rowz: unknown key (expected one of: count, "
       "rows, cols, int8_macs_per_pe_cycle, bf16_macs_per_pe_cycle, double_buffered_weights)"},
      {kChip,
       "missing required key",
       {"--chip", "tests/data/bad/chip_missing_key.yaml"},
       "tests/data/bad/chip_missing_key.yaml:1:1: missing required key \"sequencer\""},
      {kChip,
       "incomplete op table",
       {"--chip", "tests/data/bad/chip_op_cycles.yaml"},
       "tests/data/bad/chip_op_cycles.yaml:3:23: vpu.op_cycles.fma: unknown key (expected one of: "
       "add, sub, mul, shift, logic, cmp, select, convert)"},
      {kChip,
       "a cycle count for an emulated mulhi",
       {"--chip", "configs/chips/tpu_v6e.yaml", "--set", "vpu.op_cycles.mulhi=2"},
       "--set vpu.op_cycles.mulhi=2: vpu.op_cycles.mulhi: vpu.mulhi is emulated, so its cycles "
       "follow from those of mul, shift, logic and add: remove this key, or set vpu.mulhi: "
       "native"},
      {kChip,
       "text where an integer belongs",
       {"--chip", "tests/data/bad/chip_wrong_type.yaml"},
       "tests/data/bad/chip_wrong_type.yaml:3:9: mxu.rows: expected an integer, got \"abc\""},
      {kChip,
       "fraction where an integer belongs",
       {"--chip", "tests/data/bad/chip_fraction_int.yaml"},
       "tests/data/bad/chip_fraction_int.yaml:2:14: tensorcores: expected an integer, got \"1.5\""},
      {kChip,
       "zero size",
       {"--chip", "tests/data/bad/chip_zero_rows.yaml"},
       "tests/data/bad/chip_zero_rows.yaml:3:9: mxu.rows: must be between 1 and 65536, got 0"},
      {kChip,
       "negative clock",
       {"--chip", "tests/data/bad/chip_negative_clock.yaml"},
       "tests/data/bad/chip_negative_clock.yaml:2:12: clock_ghz: must be between 0.001 and 10, "
       "got -1.5"},
      {kChip,
       "negative energy",
       {"--chip", "tests/data/bad/chip_negative_energy.yaml"},
       "tests/data/bad/chip_negative_energy.yaml:3:14: energy.vpu_op_pj: must be between 0 and "
       "10000, got -0.1"},
      {kChip,
       "absurd size",
       {"--chip", "tests/data/bad/chip_absurd_vmem.yaml"},
       "tests/data/bad/chip_absurd_vmem.yaml:3:13: vmem.size_mib: must be between 0.001 and "
       "1048576, got 1e9"},
      {kChip,
       "integer beyond 64 bits",
       {"--chip", "tests/data/bad/chip_overflow.yaml"},
       "tests/data/bad/chip_overflow.yaml:3:10: mxu.count: must be between 1 and 4096, got "
       "99999999999999999999999"},
      {kChip,
       "not a number (.nan)",
       {"--chip", "tests/data/bad/chip_nan.yaml"},
       "tests/data/bad/chip_nan.yaml:3:18: hbm.controller_ns: expected a number, got \".nan\""},
      {kChip,
       "yes/no instead of true/false",
       {"--chip", "tests/data/bad/chip_bool.yaml"},
       "tests/data/bad/chip_bool.yaml:3:28: mxu.double_buffered_weights: expected true or false, "
       "got \"yes\""},
      {kChip,
       "missing included file",
       {"--chip", "tests/data/bad/chip_missing_include.yaml"},
       "tests/data/bad/chip_missing_include.yaml:1:10: include: cannot open "
       "\"../../../configs/memories/hbm9.yaml\""},
      {kChip,
       "include is a number",
       {"--chip", "tests/data/bad/chip_include_number.yaml"},
       "tests/data/bad/chip_include_number.yaml:1:10: include: cannot open \"42\""},
      {kChip,
       "included file is not a map",
       {"--chip", "tests/data/bad/chip_include_scalar.yaml"},
       "tests/data/bad/scalar.yaml:1:1: an included file must contain a map, got a scalar"},
      {kChip,
       "cyclic include",
       {"--chip", "tests/data/bad/chip_cycle_a.yaml"},
       "tests/data/bad/chip_cycle_b.yaml:1:48: include: cyclic include of \"chip_cycle_a.yaml\""},
      {kWorkload,
       "an anchor whose node refers to itself (was a stack overflow)",
       {"--workload", "tests/data/bad/wl_self_alias.yaml"},
       "tests/data/bad/wl_self_alias.yaml:3:34: scheme.me: alias *s refers to the node that "
       "contains it"},
      {kWorkload,
       "an alias bomb (9 levels of 10 aliases, 528 bytes)",
       {"--workload", "tests/data/bad/wl_alias_bomb.yaml"},
       "tests/data/bad/wl_alias_bomb.yaml:9:14: more than 250000 YAML nodes (aliases expanded): "
       "not a config file"},
      {kWorkload,
       "a sequence of a million HE-Mults (gigabytes before any check)",
       {"--workload", "tests/data/bad/wl_sequence_bomb.yaml"},
       "tests/data/bad/wl_sequence_bomb.yaml:7:34: sequence[1].count: the workload would lower to "
       "about 1.31e+10 instructions (1000000 x he_mult at level 48, 13128 instructions each), "
       "more than 10000000 (raise the bound with --max-instructions)"},
      {kWorkload,
       "a thousand HE-Mults at L = 200 (was blamed on batch at 1:1)",
       {"--workload", "tests/data/bad/wl_sequence_deep.yaml"},
       "tests/data/bad/wl_sequence_deep.yaml:6:35: sequence[0].count: the workload would lower to "
       "about 5.77e+07 instructions (1000 x he_mult at level 200, 57732 instructions each), more "
       "than 10000000 (raise the bound with --max-instructions)"},
      {kWorkload,
       "HE-Rotate with 3000 rotations: their keys exceed HBM",
       {"--workload", "tests/data/bad/wl_rotations_bomb.yaml"},
       "tests/data/bad/wl_rotations_bomb.yaml:5:1: rotations: he_rotate at level 48 needs "
       "1071234416640 bytes of HBM, the chip has 34359738368 bytes (hbm.capacity_gib)"},
      {kWorkload,
       "HE-Rotate with 3000 rotations on a chip with HBM enough",
       {"--workload", "tests/data/bad/wl_rotations_bomb.yaml", "--set", "hbm.capacity_gib=65536"},
       "tests/data/bad/wl_rotations_bomb.yaml:5:1: rotations: the workload would lower to about "
       "1.72e+07 instructions (3000 rotations), more than 10000000 (raise the bound with "
       "--max-instructions)"},
      {kWorkload,
       "a trace longer than --max-instructions, stopped while lowering",
       {"--max-instructions", "10"},
       "tests/data/workloads/ntt_tiny.yaml:8:1: batch: the workload lowers to more than 10 "
       "instructions (raise the bound with --max-instructions)"},
      {kWorkload,
       "a name with ESC and LF (they reached report.html, summary.md and the terminal)",
       {"--workload", "tests/data/bad/wl_name_control.yaml"},
       "tests/data/bad/wl_name_control.yaml:1:7: name: control character 0x1b in a string"},
      {kWorkload,
       "including /etc/passwd (its first 60 characters were echoed)",
       {"--workload", "tests/data/bad/wl_include_passwd.yaml"},
       "/etc/passwd:1:1: an included file must contain a map, got a scalar"},
      {kWorkload,
       "a prime too small for the NTT with a valid psi (was blamed on mapping.layout at 1:1)",
       {"--workload", "tests/data/bad/wl_prime_small.yaml"},
       "tests/data/bad/wl_prime_small.yaml:6:12: scheme.primes[0]: 97 is too small for the MAT "
       "NTT: its BAT sums reach at least 17523466563600, beyond Barrett's input range for 97 (use "
       "a larger prime)"},
      {kWorkload,
       "missing file",
       {"--workload", "tests/data/workloads/nope.yaml"},
       "tests/data/workloads/nope.yaml: cannot open file"},
      {kWorkload,
       "unknown key",
       {"--workload", "tests/data/bad/wl_unknown_key.yaml"},
       "tests/data/bad/wl_unknown_key.yaml:6:1: kernal: unknown key (expected one of: name, "
       "scheme, kernel, batch, gemm, bat_matmul, rotations, sequence, bootstrap, mapping)"},
      {kWorkload,
       "a bootstrap section for another kernel",
       {"--workload", "tests/data/bad/wl_bootstrap_kernel.yaml"},
       "tests/data/bad/wl_bootstrap_kernel.yaml:4:1: bootstrap: only read by kernels sequence and "
       "bootstrap"},
      {kWorkload,
       "bootstrap slots not a power of two",
       {"--workload", "tests/data/bad/wl_bootstrap_slots.yaml"},
       "tests/data/bad/wl_bootstrap_slots.yaml:5:10: bootstrap.slots: must be a power of two, got "
       "3000"},
      {kWorkload,
       "a level budget beyond log2(slots)",
       {"--workload", "tests/data/bad/wl_bootstrap_levels.yaml"},
       "tests/data/bad/wl_bootstrap_levels.yaml:5:27: bootstrap.coeff_to_slot.levels: 6 exceeds "
       "log2(slots) = 5 (one radix-2 layer per level at most)"},
      {kWorkload,
       "baby steps not a power of two",
       {"--workload", "tests/data/bad/wl_bootstrap_baby.yaml"},
       "tests/data/bad/wl_bootstrap_baby.yaml:5:42: bootstrap.slot_to_coeff.baby_steps: must be 0 "
       "(the rule) or a power of two, got 12"},
      {kWorkload,
       "too few limbs for the levels bootstrapping consumes",
       {"--workload", "tests/data/bad/wl_bootstrap_depth.yaml"},
       "tests/data/bad/wl_bootstrap_depth.yaml:2:27: scheme.limbs: bootstrapping consumes 22 "
       "levels: "
       "needs at least 23 limbs after ModRaise, got 20"},
      {kWorkload,
       "ModRaise to too few limbs",
       {"--workload", "tests/data/bad/wl_bootstrap_raise.yaml"},
       "tests/data/bad/wl_bootstrap_raise.yaml:5:22: bootstrap.mod_raise.limbs: bootstrapping "
       "consumes 18 levels: needs at least 19 limbs after ModRaise, got 18"},
      {kWorkload,
       "a sequence step's phase that is not a word",
       {"--workload", "tests/data/bad/wl_phase_name.yaml"},
       "tests/data/bad/wl_phase_name.yaml:5:39: sequence[0].phase: expected a word of letters, "
       "digits and '_' (at most 64), got \"Coeff To Slot\""},
      {kWorkload,
       "a bootstrap step of a sequence given a level",
       {"--workload", "tests/data/bad/wl_bootstrap_step_level.yaml"},
       "tests/data/bad/wl_bootstrap_step_level.yaml:5:32: sequence[0].level: a bootstrap starts "
       "from one limb (its level is its bootstrap: section's)"},
      {kWorkload,
       "a sequence that bootstraps with too few limbs",
       {"--workload", "tests/data/bad/wl_bootstrap_step_depth.yaml"},
       "tests/data/bad/wl_bootstrap_step_depth.yaml:2:24: scheme.limbs: bootstrapping consumes 22 "
       "levels: needs at least 23 limbs after ModRaise, got 4"},
      {kWorkload,
       "bytes that are not UTF-8 (stats.json takes UTF-8 only)",
       {"--workload", "tests/data/bad/wl_not_utf8.yaml"},
       "tests/data/bad/wl_not_utf8.yaml:1:11: syntax error: invalid UTF-8 byte 0xc3"},
      {kWorkload,
       "missing kernel",
       {"--workload", "tests/data/bad/wl_missing_kernel.yaml"},
       "tests/data/bad/wl_missing_kernel.yaml:1:1: missing required key \"kernel\""},
      {kWorkload,
       "scheme is a list",
       {"--workload", "tests/data/bad/wl_scheme_list.yaml"},
       "tests/data/bad/wl_scheme_list.yaml:2:9: scheme: expected a map, got a list"},
      {kWorkload,
       "empty name",
       {"--workload", "tests/data/bad/wl_name_empty.yaml"},
       "tests/data/bad/wl_name_empty.yaml:5:7: name: expected a non-empty string, got \"\""},
      {kWorkload,
       "missing included file",
       {"--workload", "tests/data/bad/wl_missing_include.yaml"},
       "tests/data/bad/wl_missing_include.yaml:1:10: include: cannot open \"base.yaml\""},
      {kWorkload,
       "N not a power of two",
       {"--workload", "tests/data/bad/wl_n_not_pow2.yaml"},
       "tests/data/bad/wl_n_not_pow2.yaml:3:6: scheme.n: must be a power of two, got 1000"},
      {kWorkload,
       "N too small",
       {"--workload", "tests/data/bad/wl_n_too_small.yaml"},
       "tests/data/bad/wl_n_too_small.yaml:3:6: scheme.n: must be between 16 and 131072, got 8"},
      {kWorkload,
       "N absurdly large",
       {"--workload", "tests/data/bad/wl_n_absurd.yaml"},
       "tests/data/bad/wl_n_absurd.yaml:3:6: scheme.n: must be between 16 and 131072, got 1048576"},
      {kWorkload,
       "zero limbs",
       {"--workload", "tests/data/bad/wl_limbs_zero.yaml"},
       "tests/data/bad/wl_limbs_zero.yaml:4:10: scheme.limbs: must be between 1 and 1024, got 0"},
      {kWorkload,
       "negative limbs",
       {"--workload", "tests/data/bad/wl_limbs_negative.yaml"},
       "tests/data/bad/wl_limbs_negative.yaml:4:10: scheme.limbs: must be between 1 and 1024, got "
       "-3"},
      {kWorkload,
       "composite modulus",
       {"--workload", "tests/data/bad/wl_prime_composite.yaml"},
       "tests/data/bad/wl_prime_composite.yaml:5:16: scheme.primes[1]: 91 is not prime"},
      {kWorkload,
       "prime that is not NTT-friendly (not 1 mod 2N)",
       {"--workload", "tests/data/bad/wl_prime_not_ntt.yaml"},
       "tests/data/bad/wl_prime_not_ntt.yaml:5:12: scheme.primes[0]: 12289 is not 1 mod 2n = 8192"},
      {kWorkload,
       "fewer primes than limbs",
       {"--workload", "tests/data/bad/wl_primes_count.yaml"},
       "tests/data/bad/wl_primes_count.yaml:5:11: scheme.primes: has 2 entries, expected "
       "scheme.limbs = 3"},
      {kWorkload,
       "repeated prime",
       {"--workload", "tests/data/bad/wl_primes_repeat.yaml"},
       "tests/data/bad/wl_primes_repeat.yaml:5:16: scheme.primes[1]: 97 repeats scheme.primes[0]"},
      {kWorkload,
       "psi that is not a primitive 2N-th root",
       {"--workload", "tests/data/bad/wl_psi_wrong.yaml"},
       "tests/data/bad/wl_psi_wrong.yaml:6:9: scheme.psi[0]: 2 is not a primitive 2n-th root of "
       "unity mod 97 (2n = 32)"},
      {kWorkload,
       "prime_bits beyond 31",
       {"--workload", "tests/data/bad/wl_prime_bits.yaml"},
       "tests/data/bad/wl_prime_bits.yaml:5:15: scheme.prime_bits: must be between 20 and 31, got "
       "32"},
      {kWorkload,
       "not enough NTT-friendly primes",
       {"--workload", "tests/data/bad/wl_few_primes.yaml"},
       "tests/data/bad/wl_few_primes.yaml:4:10: scheme.limbs: only 1 primes of 20 bits are 1 mod "
       "2n = 262144, need 51"},
      {kWorkload,
       "unknown kernel",
       {"--workload", "tests/data/bad/wl_kernel.yaml"},
       "tests/data/bad/wl_kernel.yaml:5:9: kernel: expected one of ntt, intt, vec_mod_add, "
       "vec_mod_mul, he_add, pmult, bconv, mod_up, mod_down, key_switch, rescale, he_mult, "
       "he_rotate, const_mult, const_add, sequence, bootstrap, gemm, bat_matmul, got \"fft\""},
      {kWorkload,
       "zero batch",
       {"--workload", "tests/data/bad/wl_batch_zero.yaml"},
       "tests/data/bad/wl_batch_zero.yaml:6:8: batch: must be between 1 and 1048576, got 0"},
      {kWorkload,
       "layout R x C differs from N",
       {"--workload", "tests/data/bad/wl_layout_product.yaml"},
       "tests/data/bad/wl_layout_product.yaml:7:11: mapping.layout: R x C = 4 x 4 = 16 does not "
       "equal scheme.n = 64"},
      {kWorkload,
       "layout not a power of two",
       {"--workload", "tests/data/bad/wl_layout_pow2.yaml"},
       "tests/data/bad/wl_layout_pow2.yaml:7:15: mapping.layout[1]: must be a power of two, got 6"},
      {kWorkload,
       "layout with one entry",
       {"--workload", "tests/data/bad/wl_layout_length.yaml"},
       "tests/data/bad/wl_layout_length.yaml:7:11: mapping.layout: expected a list of 2 integers "
       "[R, C], got 1 entries"},
      {kWorkload,
       "layout overflowing the MXU accumulators",
       {"--workload", "tests/data/bad/wl_layout_overflow.yaml"},
       "tests/data/bad/wl_layout_overflow.yaml:7:3: mapping.layout: 1 x 131072: a contraction of "
       "524288 bytes overflows the MXU's int32 accumulators"},
      {kWorkload,
       "unknown reduction",
       {"--workload", "tests/data/bad/wl_reduction_unknown.yaml"},
       "tests/data/bad/wl_reduction_unknown.yaml:7:14: mapping.reduction: expected one of barrett, "
       "montgomery, shoup, bat_lazy, got \"magic\""},
      {kWorkload,
       "mapping combination the lowering cannot run",
       {"--workload", "tests/data/bad/wl_reduction_unsupported.yaml"},
       "tests/data/bad/wl_reduction_unsupported.yaml:7:3: mapping.ntt: radix2 butterflies multiply "
       "on the VPU; bat_lazy reduces through the MXU: use ntt: mat or another reduction"},
      {kWorkload,
       "Shoup with BAT constants",
       {"--workload", "tests/data/bad/wl_bat_shoup.yaml"},
       "tests/data/bad/wl_bat_shoup.yaml:8:3: mapping.constant_mul: bat folds each constant into "
       "an "
       "int8 block on the MXU; Shoup multiplies by the constant's precomputed quotient on the VPU: "
       "use reduction barrett or bat_lazy, or constant_mul: vpu"},
      {kWorkload,
       "unknown constant product mapping",
       {"--workload", "tests/data/bad/wl_constant_mul_unknown.yaml"},
       "tests/data/bad/wl_constant_mul_unknown.yaml:7:17: mapping.constant_mul: expected one of "
       "vpu, bat, got \"mxu\""},
      {kWorkload,
       "unknown basis conversion mapping",
       {"--workload", "tests/data/bad/wl_bconv_unknown.yaml"},
       "tests/data/bad/wl_bconv_unknown.yaml:8:10: mapping.bconv: expected one of mxu, vpu, got "
       "\"gpu\""},
      {kWorkload,
       "kernel working set beyond VMEM at the prefetch depth given (the depth that fits is named)",
       {"--chip", "configs/chips/tpu_v4.yaml", "--workload",
        "configs/workloads/he_mult_cheddar.yaml", "--set", "mapping.constant_mul=bat", "--set",
        "mapping.twist=separate", "--set", "mapping.prefetch_depth=2"},
       "--set mapping.prefetch_depth=2: mapping.prefetch_depth: kernel working set does not fit "
       "VMEM: 22935480 bytes with 2 slots per ring and batch 1, VMEM holds 16777216 bytes; "
       "prefetch_depth 1 fits (15399864 bytes)"},
      {kWorkload,
       "zero prefetch depth",
       {"--workload", "tests/data/bad/wl_prefetch_zero.yaml"},
       "tests/data/bad/wl_prefetch_zero.yaml:7:19: mapping.prefetch_depth: must be between 1 and "
       "16, got 0"},
      {kWorkload,
       "working set beyond VMEM capacity",
       {"--workload", "tests/data/bad/wl_vmem.yaml"},
       "tests/data/bad/wl_vmem.yaml:7:3: mapping.prefetch_depth: NTT working set does not fit "
       "VMEM: 16 x (8912896 bytes of constants + 3670016 bytes per batch item) = 201326592 bytes, "
       "VMEM holds 134217728 bytes (vmem.size_mib)"},
      {kWorkload,
       "data beyond HBM capacity",
       {"--workload", "tests/data/bad/wl_hbm.yaml"},
       "tests/data/bad/wl_hbm.yaml:6:1: batch: NTT data and constants need 28037666832384 bytes of "
       "HBM, the chip has 34359738368 bytes (hbm.capacity_gib)"},
      {kSet, "no '='", {"--set", "mxu.rows"}, "--set mxu.rows: expected path=value"},
      {kSet, "empty key", {"--set", "mxu..rows=3"}, "--set mxu..rows=3: expected path=value"},
      {kSet,
       "an anchor whose node refers to itself (was a stack overflow)",
       {"--set", "mxu.rows=&a [*a]"},
       "--set mxu.rows=&a [*a]: mxu.rows[0]: alias *a refers to the node that contains it"},
      {kSet,
       "a path of 17 keys (60,000 grew memory quadratically)",
       {"--set", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q=1"},
       "--set a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q=1: the path has 17 keys, at most 16 make sense"},
      {kSet,
       "a second YAML document in the value",
       {"--set", "mxu.rows=1\n---\n2"},
       "--set mxu.rows=1\\x0a---\\x0a2: syntax error: more than one YAML document"},
      {kSet,
       "a chip name with a NUL byte",
       {"--set", "chip.name=\"v6e\\0x\""},
       "--set chip.name=\"v6e\\0x\": name: control character 0x00 in a string"},
      {kSet,
       "unknown top-level key",
       {"--set", "foo=1"},
       "--set foo=1: foo: unknown key (expected chip.<key>, workload.<key> or one of: clock_ghz, "
       "tensorcores, sequencer, mxu, vpu, xlu, vmem, cmem, hbm, dma, energy, area, calibration, "
       "scheme, kernel, batch, gemm, bat_matmul, rotations, sequence, bootstrap, mapping)"},
      {kSet,
       "unknown nested key",
       {"--set", "mxu.rowz=3"},
       "--set mxu.rowz=3: mxu.rowz: unknown key (expected one of: count, rows, cols, "
       "int8_macs_per_pe_cycle, bf16_macs_per_pe_cycle, double_buffered_weights)"},
      {kSet,
       "ambiguous key",
       {"--set", "name=x"},
       "--set name=x: name: ambiguous, use chip.name or workload.name"},
      {kSet,
       "chip key under workload.",
       {"--set", "workload.mxu.rows=3"},
       "--set workload.mxu.rows=3: mxu: unknown key (expected one of: name, scheme, kernel, batch, "
       "gemm, bat_matmul, rotations, sequence, bootstrap, mapping)"},
      {kSet,
       "zero size",
       {"--set", "mxu.rows=0"},
       "--set mxu.rows=0: mxu.rows: must be between 1 and 65536, got 0"},
      {kSet,
       "malformed integer",
       {"--set", "mxu.rows=0x"},
       "--set mxu.rows=0x: mxu.rows: expected an integer, got \"0x\""},
      {kSet,
       "negative data rate",
       {"--set", "hbm.data_rate_gbps=-5"},
       "--set hbm.data_rate_gbps=-5: hbm.data_rate_gbps: must be between 0.1 and 100, got -5"},
      {kSet,
       "a clock too slow for an accelerator (time saturated at 2^64 ps, exit 0)",
       {"--set", "clock_ghz=1e-300"},
       "--set clock_ghz=1e-300: clock_ghz: must be between 0.001 and 10, got 1e-300"},
      {kSet,
       "a data rate below any DRAM (the smallest double; ended in \"trace.json: not valid JSON\")",
       {"--set", "hbm.data_rate_gbps=4.9e-324"},
       "--set hbm.data_rate_gbps=4.9e-324: hbm.data_rate_gbps: must be between 0.1 and 100, got "
       "4.9e-324"},
      {kSet,
       "a vector load slot below one byte per cycle (utilizations of 1e288)",
       {"--set", "vpu.load_bytes_per_cycle=1e-300"},
       "--set vpu.load_bytes_per_cycle=1e-300: vpu.load_bytes_per_cycle: must be between 1 and "
       "1048576, got 1e-300"},
      {kSet,
       "HBM rate given both per pin and in GB/s",
       {"--set", "hbm.bandwidth_gbs=900", "--set", "hbm.data_rate_gbps=2"},
       "--set hbm.data_rate_gbps=2: hbm.data_rate_gbps: conflicts with hbm.bandwidth_gbs given at "
       "--set hbm.bandwidth_gbs=900: give one of them"},
      {kSet,
       "int8 matmuls on a chip without them",
       {"--set", "mxu.int8_macs_per_pe_cycle=0"},
       "tests/data/workloads/ntt_tiny.yaml:2:1: mapping.ntt: tpu_v6e has no int8 matmuls "
       "(mxu.int8_macs_per_pe_cycle: 0) and this mapping lowers ntt/ntt_matmul_rows to one; use "
       "ntt: radix2, bconv: vpu, constant_mul: vpu and a VPU reduction, or give the chip an int8 "
       "rate"},
      {kSet,
       "calibration state that is not one of the four",
       {"--set", "calibration.vpu={state: guessed, basis: x}"},
       "--set calibration.vpu={state: guessed, basis: x}: calibration.vpu.state: expected one of "
       "measured, published, calibrated, assumed, got \"guessed\""},
      {kSet,
       "layout that does not match N",
       {"--set", "mapping.layout=[4,4]"},
       "--set mapping.layout=[4,4]: mapping.layout: R x C = 4 x 4 = 16 does not equal scheme.n = "
       "64"},
      {kSet,
       "malformed list",
       {"--set", "mapping.layout=[8,8"},
       "--set mapping.layout=[8,8: mapping.layout: expected a list, got \"[8,8\""},
      {kSet,
       "mapping combination the lowering cannot run",
       {"--set", "mapping.ntt=radix2", "--set", "mapping.reduction=bat_lazy"},
       "--set mapping.ntt=radix2: mapping.ntt: radix2 butterflies multiply on the VPU; bat_lazy "
       "reduces through the MXU: use ntt: mat or another reduction"},
      {kSet,
       "Montgomery with BAT constants",
       {"--set", "mapping.constant_mul=bat", "--set", "mapping.reduction=montgomery"},
       "--set mapping.constant_mul=bat: mapping.constant_mul: bat products are exact mod q; "
       "Montgomery keeps constants in Montgomery form for its VPU reduction: use reduction barrett "
       "or bat_lazy, or constant_mul: vpu"},
      {kSet,
       "Shoup NTT knob without reduction shoup",
       {"--set", "mapping.shoup_ntt=bat"},
       "--set mapping.shoup_ntt=bat: mapping.shoup_ntt: sets how a Shoup NTT runs; the reduction "
       "is barrett: use reduction: shoup or drop the key"},
      {kSet,
       "Montgomery NTT knob without reduction montgomery",
       {"--set", "mapping.montgomery_ntt=barrett", "--set", "mapping.reduction=shoup"},
       "--set mapping.montgomery_ntt=barrett: mapping.montgomery_ntt: sets how a Montgomery NTT "
       "reduces; the reduction is shoup: use reduction: montgomery or drop the key"},
      {kSet,
       "Shoup NTT knob with radix-2 butterflies",
       {"--set", "mapping.shoup_ntt=conv", "--set", "mapping.reduction=shoup", "--set",
        "mapping.ntt=radix2"},
       "--set mapping.shoup_ntt=conv: mapping.shoup_ntt: sets how a MAT NTT's matrix steps run; "
       "ntt: radix2 has no matrix steps: drop the key or use ntt: mat"},
      {kSet,
       "twist knob with radix-2 butterflies",
       {"--set", "mapping.twist=separate", "--set", "mapping.ntt=radix2"},
       "--set mapping.twist=separate: mapping.twist: radix2 butterflies take the powers of psi as "
       "their twiddles (the twist is always inside them): drop the key or use ntt: mat"},
      {kSet,
       "unknown twist mapping",
       {"--set", "mapping.twist=inline"},
       "--set mapping.twist=inline: mapping.twist: expected one of fused, separate, got "
       "\"inline\""},
      {kSet,
       "byte-convolution Shoup NTT whose lazy values leave 32 bits (31-bit primes, R x C = 4 x 16)",
       {"--set", "mapping.reduction=shoup", "--set", "scheme.prime_bits=31", "--set",
        "mapping.layout=[4,16]"},
       "--set mapping.reduction=shoup: mapping.shoup_ntt: conv: Shoup's correction over a dot "
       "product of 16 values leaves about (1 + 16 q / 2^34) q = 6442448389, beyond 32 bits for "
       "the prime 2147483137, and CROSS truncates it to 32 bits: use smaller primes, a layout "
       "with smaller R and C, or shoup_ntt: bat"},
      {kSet,
       "radix-2 NTT with BAT constants",
       {"--set", "mapping.constant_mul=bat", "--set", "mapping.ntt=radix2"},
       "--set mapping.constant_mul=bat: mapping.constant_mul: radix2 butterflies multiply by their "
       "twiddles inside VPU stages: use ntt: mat, or constant_mul: vpu"},
      {kSet,
       "VMEM too small for the workload (even at prefetch depth 1)",
       {"--set", "vmem.size_mib=0.003"},
       "tests/data/workloads/ntt_tiny.yaml:2:1: mapping.prefetch_depth: NTT working set does not "
       "fit VMEM: 1 x (2304 bytes of constants + 1792 bytes per batch item) = 4096 bytes, VMEM "
       "holds 3146 bytes (vmem.size_mib)"},
      {kSet,
       "HBM too small for the workload",
       {"--set", "hbm.capacity_gib=0.000001"},
       "tests/data/workloads/ntt_tiny.yaml:8:1: batch: NTT data and constants need 7680 bytes of "
       "HBM, the chip has 1074 bytes (hbm.capacity_gib)"},
      {kLimbs,
       "needs --functional",
       {"--input", "tests/data/bad/limbs_short.txt"},
       "--input tests/data/bad/limbs_short.txt: needs --functional"},
      {kLimbs,
       "missing file",
       {"--functional", "--input", "tests/data/bad/nope.txt"},
       "--input tests/data/bad/nope.txt: cannot open file"},
      {kLimbs,
       "a folder",
       {"--functional", "--input", "tests/data"},
       "--input tests/data: is a folder, not a file"},
      {kLimbs,
       "short line",
       {"--functional", "--input", "tests/data/bad/limbs_short.txt"},
       "tests/data/bad/limbs_short.txt:1: item 0 limb 0: expected scheme.n = 64 coefficients, got "
       "3"},
      {kLimbs,
       "long line",
       {"--functional", "--input", "tests/data/bad/limbs_long.txt"},
       "tests/data/bad/limbs_long.txt:1:183: item 0 limb 0: more than scheme.n = 64 coefficients"},
      {kLimbs,
       "coefficient not below the prime",
       {"--functional", "--input", "tests/data/bad/limbs_big.txt"},
       "tests/data/bad/limbs_big.txt:1:5: item 0 limb 0: coefficient \"99999999999\" is not an "
       "integer below the limb's prime 268432897"},
      {kLimbs,
       "negative coefficient",
       {"--functional", "--input", "tests/data/bad/limbs_negative.txt"},
       "tests/data/bad/limbs_negative.txt:1:11: item 0 limb 0: coefficient \"-4\" is not an "
       "integer below the limb's prime 268432897"},
      {kLimbs,
       "hexadecimal coefficient",
       {"--functional", "--input", "tests/data/bad/limbs_hex.txt"},
       "tests/data/bad/limbs_hex.txt:1:3: item 0 limb 0: coefficient \"0x10\" is not an integer "
       "below the limb's prime 268432897"},
      {kLimbs,
       "a NUL byte in a coefficient (it cut the message short)",
       {"--functional", "--input", "tests/data/bad/limbs_nul.txt"},
       "tests/data/bad/limbs_nul.txt:1:4: item 0 limb 0: coefficient \"7\\x003\" is not an "
       "integer below the limb's prime 268432897"},
      {kLimbs,
       "a device that never ends (/dev/zero was read for 2 GB, then the wrong reason given)",
       {"--functional", "--input", "/dev/zero"},
       "--input /dev/zero: is a character device, not a regular file"},
      {kLimbs,
       "too many lines",
       {"--functional", "--input", "tests/data/bad/limbs_seven.txt"},
       "tests/data/bad/limbs_seven.txt:7: more than batch x limbs = 3 x 2 = 6 lines"},
      {kLimbs,
       "too few lines",
       {"--functional", "--input", "tests/data/bad/limbs_empty.txt"},
       "tests/data/bad/limbs_empty.txt:1: end of file: expected batch x limbs = 3 x 2 = 6 lines, "
       "got 0"},
      {kSweep,
       "a name that would escape the output folder",
       {"tests/data/bad/sweep_name_path.yaml"},
       "tests/data/bad/sweep_name_path.yaml:2:7: name: \"../../../victim\" is not a plain name (1 "
       "to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-'): it names the output "
       "folder and the Slurm job"},
      {kSweep,
       "a name with a newline and an #SBATCH line",
       {"tests/data/bad/sweep_name_newline.yaml"},
       "tests/data/bad/sweep_name_newline.yaml:2:7: name: \"x\\n#SBATCH --wrap=reboot\" is not a "
       "plain name (1 to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-'): it "
       "names the output folder and the Slurm job"},
      {kSweep,
       "Slurm backend, an output folder with a newline",
       {"tests/data/sweeps/tiny.yaml", "--backend", "slurm", "--out", "out/bad\n#SBATCH x"},
       "--out: the folder's path holds control character 0x0a, which Slurm cannot take as a job's "
       "working folder"},
      {kSweep,
       "iso-area solving a key the area does not depend on (the maximum was picked silently)",
       {"tests/data/bad/sweep_iso_flat.yaml"},
       "tests/data/bad/sweep_iso_flat.yaml:7:10: iso_area.solve: the area does not grow with "
       "hbm.data_rate_gbps (397.558 mm2 at hbm.data_rate_gbps = 1, 397.558 mm2 at 8): solve a "
       "key "
       "that sets the area, such as mxu.count or vmem.size_mib"},
      {kSweep,
       "YAML syntax error",
       {"tests/data/bad/sweep_syntax.yaml"},
       "tests/data/bad/sweep_syntax.yaml:6:8: syntax error: end of sequence flow not found"},
      {kSweep,
       "bytes that are not UTF-8",
       {"tests/data/bad/sweep_not_utf8.yaml"},
       "tests/data/bad/sweep_not_utf8.yaml:1:8: syntax error: invalid UTF-8 byte 0xff"},
      {kSweep,
       "unknown (misspelt) key",
       {"tests/data/bad/sweep_unknown_key.yaml"},
       "tests/data/bad/sweep_unknown_key.yaml:4:1: grids: unknown key (expected one of: name, "
       "chip, workload, set, grid, zip, iso_area, constraints, tune, slice)"},
      {kSweep,
       "axis values not a list",
       {"tests/data/bad/sweep_axis_scalar.yaml"},
       "tests/data/bad/sweep_axis_scalar.yaml:5:13: grid.mxu.rows: expected a list, got \"64\""},
      {kSweep,
       "empty axis",
       {"tests/data/bad/sweep_axis_empty.yaml"},
       "tests/data/bad/sweep_axis_empty.yaml:5:13: grid.mxu.rows: expected at least one value"},
      {kSweep,
       "axis that is not a chip or workload key",
       {"tests/data/bad/sweep_axis_unknown.yaml"},
       "tests/data/bad/sweep_axis_unknown.yaml:5:3: mxu.rowz: unknown key (expected one of: count, "
       "rows, cols, int8_macs_per_pe_cycle, bf16_macs_per_pe_cycle, double_buffered_weights)"},
      {kSweep,
       "invalid value on an axis",
       {"tests/data/bad/sweep_axis_value.yaml"},
       "tests/data/bad/sweep_axis_value.yaml:5:18: mxu.rows: must be between 1 and 65536, got 0"},
      {kSweep,
       "zipped axes of different lengths",
       {"tests/data/bad/sweep_zip_lengths.yaml"},
       "tests/data/bad/sweep_zip_lengths.yaml:6:3: zip.mxu.cols: has 2 values, expected 3 like "
       "zip.mxu.rows"},
      {kSweep,
       "the same key on two axes",
       {"tests/data/bad/sweep_axis_twice.yaml"},
       "tests/data/bad/sweep_axis_twice.yaml:7:3: mxu.rows: is already an axis at "
       "tests/data/bad/sweep_axis_twice.yaml:5:3"},
      {kSweep,
       "iso-area without a budget",
       {"tests/data/bad/sweep_iso_budget.yaml"},
       "tests/data/bad/sweep_iso_budget.yaml:5:3: iso_area: expected exactly one of budget_mm2 and "
       "budget_from"},
      {kSweep,
       "iso-area range that is empty (max below min)",
       {"tests/data/bad/sweep_iso_range.yaml"},
       "tests/data/bad/sweep_iso_range.yaml:7:8: iso_area.max: must be between 8 and "
       "1000000000000, got 2"},
      {kSweep,
       "iso-area solving a key that is also an axis",
       {"tests/data/bad/sweep_iso_axis.yaml"},
       "tests/data/bad/sweep_iso_axis.yaml:7:10: iso_area.solve: mxu.count is also an axis at "
       "tests/data/bad/sweep_iso_axis.yaml:5:3"},
      {kSweep,
       "iso-area step too fine to search",
       {"tests/data/bad/sweep_iso_step.yaml"},
       "tests/data/bad/sweep_iso_step.yaml:8:9: iso_area.step: 1e-300 leaves more than 1e12 "
       "candidates between min and max"},
      {kSweep,
       "constraint on a metric other than area",
       {"tests/data/bad/sweep_constraint.yaml"},
       "tests/data/bad/sweep_constraint.yaml:4:15: constraints[0]: unknown metric \"time_us\" "
       "(constraints apply to area_mm2)"},
      {kSweep,
       "more than 100000 points without --yes",
       {"tests/data/bad/sweep_large.yaml"},
       "tests/data/bad/sweep_large.yaml: the sweep has 160000 points (more than 100000); pass "
       "--yes to run it"},
      {kSweep,
       "more than 10^12 points (refused even with --yes)",
       {"tests/data/bad/sweep_huge.yaml", "--yes"},
       "tests/data/bad/sweep_huge.yaml:11:3: grid.batch: the sweep has more than 1000000000000 "
       "points"},
      {kSweep,
       "missing chip file",
       {"tests/data/bad/sweep_missing_chip.yaml"},
       "tests/data/bad/sweep_missing_chip.yaml:2:7: chip: cannot open "
       "\"../../../configs/chips/tpu_v9.yaml\""},
      {kSweep,
       "chip file name longer than the file system allows",
       {"tests/data/bad/sweep_chip_long_name.yaml"},
       "tests/data/bad/sweep_chip_long_name.yaml:2:7: chip: cannot open \"" +
           std::string(256, 'x') + ".yaml\""},
      {kSweep,
       "missing workload file",
       {"tests/data/bad/sweep_missing_workload.yaml"},
       "tests/data/bad/sweep_missing_workload.yaml:3:11: workload: cannot open "
       "\"../workloads/ntt_huge.yaml\""},
      {kSweep,
       "missing sweep file",
       {"tests/data/sweeps/nope.yaml"},
       "tests/data/sweeps/nope.yaml: cannot open file"},
      {kTrace,
       "missing file",
       {"--trace", "tests/data/bad/nope.trace"},
       "tests/data/bad/nope.trace: cannot open file"},
      {kTrace,
       "a folder instead of a file",
       {"--trace", "tests/data/bad"},
       "tests/data/bad: is a folder, not a file"},
      {kTrace,
       "an ICI copy replayed on one chip",
       {"--trace", "tests/data/bad/trace_ici.trace"},
       "tests/data/bad/trace_ici.trace:4: instruction 0 is an ICI copy between chips; a trace "
       "replays on one chip (a slice runs lowered workloads: hesa run --slice)"},
      {kTrace,
       "empty file",
       {"--trace", "tests/data/bad/trace_empty.trace"},
       "tests/data/bad/trace_empty.trace:1: expected the header \"hesa-trace 2\""},
      {kTrace,
       "no header line",
       {"--trace", "tests/data/bad/trace_header.trace"},
       "tests/data/bad/trace_header.trace:1: expected the header \"hesa-trace 2\""},
      {kTrace,
       "a field without =value",
       {"--trace", "tests/data/bad/trace_syntax.trace"},
       "tests/data/bad/trace_syntax.trace:4: expected key=value, got \"a\""},
      {kTrace,
       "unknown directive",
       {"--trace", "tests/data/bad/trace_directive.trace"},
       "tests/data/bad/trace_directive.trace:4: unknown directive \"buffr\" (expected auto-deps, "
       "tag, constant, buffer, input, output, end or an instruction index)"},
      {kTrace,
       "unknown opcode",
       {"--trace", "tests/data/bad/trace_opcode.trace"},
       "tests/data/bad/trace_opcode.trace:4: unknown opcode \"lod\""},
      {kTrace,
       "opcode on the wrong unit",
       {"--trace", "tests/data/bad/trace_unit.trace"},
       "tests/data/bad/trace_unit.trace:4: load runs on dma, not \"vpu\""},
      {kTrace,
       "undefined buffer",
       {"--trace", "tests/data/bad/trace_undefined_buffer.trace"},
       "tests/data/bad/trace_undefined_buffer.trace:4: undefined buffer \"z\""},
      {kTrace,
       "dependency on a later instruction",
       {"--trace", "tests/data/bad/trace_dep_later.trace"},
       "tests/data/bad/trace_dep_later.trace:4: dependency 1 is not an earlier instruction"},
      {kTrace,
       "instruction index out of order",
       {"--trace", "tests/data/bad/trace_order.trace"},
       "tests/data/bad/trace_order.trace:4: instruction 1 out of order, expected 0"},
      {kTrace,
       "instruction on a zero-element buffer",
       {"--trace", "tests/data/bad/trace_zero_size.trace"},
       "tests/data/bad/trace_zero_size.trace:4: load reads a buffer \"x\", which has no elements"},
      {kTrace,
       "negative buffer size",
       {"--trace", "tests/data/bad/trace_negative_size.trace"},
       "tests/data/bad/trace_negative_size.trace:2: elements: expected an unsigned integer, got "
       "\"-64\""},
      {kTrace,
       "offset beyond the buffer",
       {"--trace", "tests/data/bad/trace_offset.trace"},
       "tests/data/bad/trace_offset.trace:4: load reads a beyond buffer \"x\": elements [64, 64) "
       "of 64"},
      {kTrace,
       "shape beyond the buffer",
       {"--trace", "tests/data/bad/trace_shape.trace"},
       "tests/data/bad/trace_shape.trace:5: modmul reads a beyond buffer \"y\": elements [0, 128) "
       "of 64"},
      {kTrace,
       "text where a number belongs",
       {"--trace", "tests/data/bad/trace_field_type.trace"},
       "tests/data/bad/trace_field_type.trace:4: m: expected an unsigned integer, got \"abc\""},
      {kTrace,
       "duplicate buffer name",
       {"--trace", "tests/data/bad/trace_duplicate_buffer.trace"},
       "tests/data/bad/trace_duplicate_buffer.trace:4: buffer \"x\" already declared"},
      {kTrace,
       "tag name that is not ASCII (stats.json takes UTF-8 only)",
       {"--trace", "tests/data/bad/trace_tag_bytes.trace"},
       "tests/data/bad/trace_tag_bytes.trace:2: tag name: byte 0xe5 is not printable ASCII"},
      {kTrace,
       "unknown memory space",
       {"--trace", "tests/data/bad/trace_space.trace"},
       "tests/data/bad/trace_space.trace:2: unknown space \"dram\" (expected hbm, vmem or cmem)"},
      {kTrace,
       "instruction on a core the chip lacks",
       {"--trace", "tests/data/bad/trace_core.trace"},
       "tests/data/bad/trace_core.trace:4: instruction 0 runs on core 1, tpu_v6e has 1 "
       "TensorCore(s)"},
      {kTrace,
       "buffer in the VMEM of a core the chip lacks",
       {"--trace", "tests/data/bad/trace_vmem_core.trace"},
       "tests/data/bad/trace_vmem_core.trace:2: buffer \"y\" is in the VMEM of core 3, tpu_v6e has "
       "1 TensorCore(s)"},
      {kTrace,
       "strided DMA with a stride below its chunk",
       {"--trace", "tests/data/bad/trace_strided.trace"},
       "tests/data/bad/trace_strided.trace:4: instruction 0 (load x -> y): stride 32 must be a "
       "multiple of 4 bytes and at least the chunk (64)"},
      {kTrace,
       "buffer larger than VMEM",
       {"--trace", "tests/data/bad/trace_vmem_full.trace"},
       "tests/data/bad/trace_vmem_full.trace:3: vmem.size_mib: VMEM buffer \"y\" (4294967296 "
       "bytes) does not fit: 0 of 134217728 bytes are taken by earlier buffers; the trace's VMEM "
       "buffers need 4294967296 bytes"},
      {kTrace,
       "a file cut mid-instruction (the missing fields were taken as 0 and it replayed)",
       {"--trace", "tests/data/bad/trace_truncated.trace"},
       "tests/data/bad/trace_truncated.trace:5: no \"end\" line: the trace is truncated (its last "
       "line must be \"end\")"},
      {kTrace,
       "a version 1 trace (no end marker)",
       {"--trace", "tests/data/bad/trace_v1.trace"},
       "tests/data/bad/trace_v1.trace:1: \"hesa-trace 1\" has no end marker, so a truncated file "
       "would replay: make the header \"hesa-trace 2\" and the last line \"end\""},
      {kTrace,
       "CRLF line ends (it said only \"expected the header\")",
       {"--trace", "tests/data/bad/trace_crlf.trace"},
       "tests/data/bad/trace_crlf.trace:1: the line ends in a carriage return (a CRLF line end); "
       "traces use LF line ends"},
      {kTrace,
       "modulus 2^64 - 1 (q = 0 and 1 were taken too)",
       {"--trace", "tests/data/bad/trace_q.trace"},
       "tests/data/bad/trace_q.trace:5: modmul: q must be a modulus between 2 and 4294967295, got "
       "18446744073709551615"},
      {kTrace,
       "an even automorphism index (the docs say odd)",
       {"--trace", "tests/data/bad/trace_galois.trace"},
       "tests/data/bad/trace_galois.trace:4: permute: galois must be odd and below 2n = 128, got "
       "2"},
      {kTrace,
       "a product broadcasting b of length n = 0",
       {"--trace", "tests/data/bad/trace_broadcast.trace"},
       "tests/data/bad/trace_broadcast.trace:5: modmul: n (the length of b, taken as b[i mod n]) "
       "must be at least 1"},
      {kTrace,
       "more than 4096 tags (100000 tags took over 120 s)",
       {"--trace", "tests/data/bad/trace_many_tags.trace"},
       "tests/data/bad/trace_many_tags.trace:4098: more than 4096 tags (a tag names a kernel step; "
       "lowered traces have fewer than 100)"},
      {kTrace,
       "a run whose simulated time would saturate (2^64 ps; was reported as a result)",
       {"--trace", "tests/data/bad/trace_saturate.trace", "--set", "clock_ghz=0.001", "--set",
        "vpu.lanes=1", "--set", "vpu.sublanes=1", "--set", "vpu.alus=1", "--set",
        "vmem.size_mib=100000", "--set", "vpu.op_cycles.mul=4096"},
       "simulated time passes 107 days at instruction 0 (vpu modmul, other): the chip's rates "
       "(clock_ghz, bandwidths, ops per cycle) are too low for this workload"},
      {kCli, "no subcommand", {}, "A subcommand is required (see --help)", true},
      {kCli,
       "unknown subcommand",
       {"frobnicate"},
       "frobnicate: unknown subcommand (see --help)",
       true},
      {kCli,
       "missing --chip",
       {"run", "--workload", "tests/data/workloads/ntt_tiny.yaml"},
       "--chip (one chip) or --slice (chips over ICI) is required (see --help)",
       true},
      {kCli,
       "both --chip and --slice",
       {"--chip", "configs/chips/tpu_v6e.yaml", "--slice", "configs/slices/tpu_v6e_8.yaml"},
       "give --chip (one chip) or --slice (chips over ICI), not both"},
      {kCli,
       "a trace replayed on a slice",
       {"--slice", "configs/slices/tpu_v6e_8.yaml", "--trace", "tests/data/bad/trace_syntax.trace"},
       "--trace replays on one chip (--chip), not on a slice"},
      {kCli,
       "an NTT sharded by limbs over a slice",
       {"--slice", "configs/slices/tpu_v5e_4.yaml", "--set", "mapping.shard=limbs"},
       "--set mapping.shard=limbs: mapping.shard: limbs: ntt has no basis conversion to share "
       "limbs over a slice; shard it by batch"},
      {kCli,
       "missing --workload",
       {"run", "--chip", "configs/chips/tpu_v6e.yaml"},
       "--workload or --trace is required (see --help)",
       true},
      {kCli,
       "unknown flag",
       {"--frobnicate"},
       "The following argument was not expected: --frobnicate (see --help)"},
      {kCli,
       "flag without its value",
       {"run", "--chip", "configs/chips/tpu_v6e.yaml", "--workload",
        "tests/data/workloads/ntt_tiny.yaml", "--set"},
       "--set: 1 required TEXT missing (see --help)",
       true},
      {kCli,
       "bad --output-order",
       {"--output-order", "sideways"},
       "--output-order: sideways not in {bit-reversed,natural} (see --help)"},
      {kCli,
       "--dump-output without --functional",
       {"--dump-output", "out.txt"},
       "--dump-output out.txt: needs --functional"},
      {kCli,
       "--dump-output into a missing folder",
       {"--functional", "--dump-output", "tests/data/nope/out.txt"},
       "--dump-output tests/data/nope/out.txt: folder \"tests/data/nope\" does not exist"},
      {kCli,
       "--dump-output is a folder",
       {"--functional", "--dump-output", "tests/data"},
       "--dump-output tests/data: is a folder, not a file"},
      {kCli,
       "--dump-output naming the --input file (it overwrote the input)",
       {"--functional", "--input", "tests/data/bad/limbs_zero.txt", "--dump-output",
        "tests/data/bad/limbs_zero.txt"},
       "--dump-output tests/data/bad/limbs_zero.txt: is the --input file; an output never "
       "overwrites an input"},
      {kCli,
       "--dump-output naming a symbolic link (it was replaced by a regular file)",
       {"--functional", "--dump-output", "tests/data/bad/link_to_readme.txt"},
       "--dump-output tests/data/bad/link_to_readme.txt: is a symbolic link; hesa writes only to "
       "regular files or new paths"},
      {kCli,
       "--dump-output naming one of the run's own result files",
       {"--functional", "--out", "tests/data/bad/old_results", "--force", "--dump-output",
        "tests/data/bad/old_results/stats.json"},
       "--dump-output tests/data/bad/old_results/stats.json: is the run's own stats.json; choose "
       "another file"},
      {kCli,
       "hesa trace -o naming a symbolic link (it was replaced; as root, -o /dev/full replaced the "
       "device)",
       {"trace", "--chip", "configs/chips/tpu_v6e.yaml", "--workload",
        "tests/data/workloads/ntt_tiny.yaml", "-o", "tests/data/bad/link_to_readme.txt"},
       "-o tests/data/bad/link_to_readme.txt: is a symbolic link; hesa writes only to regular "
       "files or new paths",
       true},
      {kCli,
       "hesa trace -o naming the workload file",
       {"trace", "--chip", "configs/chips/tpu_v6e.yaml", "--workload",
        "tests/data/workloads/ntt_tiny.yaml", "-o", "tests/data/workloads/ntt_tiny.yaml"},
       "-o tests/data/workloads/ntt_tiny.yaml: is the --workload file; an output never overwrites "
       "an input",
       true},
      {kCli,
       "hesa report --out naming the run's stats.json (it was overwritten with HTML)",
       {"report", "tests/data/bad/old_results", "--out", "tests/data/bad/old_results/stats.json"},
       "--out tests/data/bad/old_results/stats.json: is the run's stats.json file; an output "
       "never overwrites an input",
       true},
      {kCli,
       "a sweep into a folder holding a results.csv that is not a sweep's (it was overwritten)",
       {"sweep", "tests/data/sweeps/tiny.yaml", "--out", "tests/data/bad/not_a_sweep"},
       "--out tests/data/bad/not_a_sweep: holds results.csv but no sweep.json, so not a sweep's "
       "results; use another --out",
       true},
      {kCli,
       "hesa report on a stats.json holding 1e308 (the SVG got width=\"inf\")",
       {"report", "tests/data/bad/report_inf", "--out", "tests/data/bad/report_inf/report.html"},
       "tests/data/bad/report_inf/stats.json: summary.time_us: 1e+308 is beyond 1e+30, not a "
       "value a run writes",
       true},
      {kCli,
       "hesa report on a stats.json with a string for a number (a bare JSON type_error)",
       {"report", "tests/data/bad/report_type", "--out", "tests/data/bad/report_type/report.html"},
       "tests/data/bad/report_type/stats.json: stats.units.mxu.busy.value: expected a number, got "
       "\"lots\"",
       true},
      {kCli,
       "hesa report on a stats.json whose bottleneck takes 150 % of the time",
       {"report", "tests/data/bad/report_bottleneck", "--out",
        "tests/data/bad/report_bottleneck/report.html"},
       "tests/data/bad/report_bottleneck/stats.json: bottleneck.run.share: 1.5 is not in [0, 1]",
       true},
      {kCli,
       "output folder is a file",
       {"--out", "README.md"},
       "--out README.md: exists and is not a folder"},
      {kCli,
       "output folder inside a file",
       {"--out", "README.md/out"},
       "--out README.md/out: cannot create the folder (Not a directory)"},
      {kCli,
       "output folder holds earlier results",
       {"--out", "tests/data/bad/old_results"},
       "--out tests/data/bad/old_results: already holds results (stats.json); pass --force to "
       "overwrite them"},
  };
  return table;
}

std::vector<std::string> bad_input_command(const BadInput& c, const std::string& out) {
  if (c.whole_command) return c.args;
  std::vector<std::string> cmd = {c.kind == kSweep ? "sweep" : "run"};
  if (c.kind != kSweep && !has(c.args, "--chip") && !has(c.args, "--slice"))
    cmd.insert(cmd.end(), {"--chip", kDefaultChip});
  if (c.kind != kSweep && !has(c.args, "--workload") && !has(c.args, "--trace")) {
    cmd.insert(cmd.end(), {"--workload", kDefaultWorkload});
  }
  cmd.insert(cmd.end(), c.args.begin(), c.args.end());
  if (!has(c.args, "--out")) cmd.insert(cmd.end(), {"--out", out});
  return cmd;
}

std::string errors_doc() {
  std::string doc =
      "# Errors\n\n"
      "Every bad input makes `hesa` print one line on stderr, `error: <place>: <key>: "
      "<message>`,\nexit with code 2 and write nothing. The place is `file:line:col` in YAML "
      "files,\n`file:line[:col]` in limb files, `--set <text>` for overrides and `<flag> <value>` "
      "for\nother flags; the key is the dotted path of the offending YAML key (`mxu.rows`,\n"
      "`scheme.primes[1]`), or the limb (`item 0 limb 1`) in limb files. Trace files give\n"
      "`file:line: message` (docs/trace-format.md).\n\n"
      "This file is generated from the table of bad inputs the tests run against the real binary\n"
      "(`tests/config/bad_inputs.cpp`); a test fails when the two differ. To regenerate it:\n"
      "`HESA_WRITE_ERRORS_DOC=1 build/hesa_tests \"docs/errors.md lists every bad input\"`.\n"
      "Paths are relative to the source root; fixtures are in `tests/data/bad/`. Unless a row "
      "gives\nthem, the command is `hesa run --chip " +
      kDefaultChip + " --workload\n" + kDefaultWorkload +
      " --out <a fresh folder>` plus the arguments shown (a `--trace` replaces `--workload`);\n"
      "for sweep files it is `hesa sweep` plus the arguments shown and `--out <a fresh folder>`.\n";
  for (const std::string& kind : bad_input_kinds()) {
    doc += "\n## " + kind + "\n\n| input | arguments | message |\n|---|---|---|\n";
    for (const BadInput& c : bad_inputs()) {
      if (c.kind != kind) continue;
      std::string args = c.whole_command ? "hesa" : "";
      for (const std::string& a : c.args) args += (args.empty() ? "" : " ") + a;
      doc += "| " + c.what + " | " + (args.empty() ? "(none)" : table_cell(args)) + " | " +
             table_cell(c.message) + " |\n";
    }
  }
  return doc;
}

}  // namespace hesa::test
