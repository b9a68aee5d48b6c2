#include "models/vpu/vpu_schema.hpp"

#include "models/vpu/vpu_cost.hpp"
#include "trace/vpu_op_mix.hpp"

namespace hesa {

namespace {

const Bounds kPj = {0, 1e4};

// The op classes whose cycles and energy a chip gives: all, but mulhi when it is emulated.
std::vector<std::string> op_classes(bool native_mulhi = true) {
  std::vector<std::string> names;
  for (int i = 0; i < kOpClasses; ++i) {
    if (!native_mulhi && static_cast<OpClass>(i) == OpClass::kMulhi) continue;
    names.push_back(op_class_name(static_cast<OpClass>(i)));
  }
  return names;
}

}  // namespace

const std::vector<std::string>& vpu_keys() {
  static const std::vector<std::string> keys = {"lanes",
                                                "sublanes",
                                                "alus",
                                                "latency_cycles",
                                                "load_bytes_per_cycle",
                                                "store_bytes_per_cycle",
                                                "op_cycles",
                                                "mulhi",
                                                "issue_rate"};
  return keys;
}

const std::vector<std::string>& vpu_energy_keys() {
  static const std::vector<std::string> keys = {"vpu_op_pj"};
  return keys;
}

const std::vector<std::string>& vpu_area_keys() {
  static const std::vector<std::string> keys = {"vpu_alu_um2"};
  return keys;
}

void read_vpu(const ConfigReader& r, VpuConfig& c) {
  c.lanes = r.get_int("lanes", 1, 65536);
  c.sublanes = r.get_int("sublanes", 1, 1024);
  c.alus = r.get_int("alus", 1, 64);
  c.latency_cycles = r.get_int("latency_cycles", 0, 4096);
  // At least 1 byte per cycle: vreg load and store slots move at least a byte a cycle.
  c.load_bytes_per_cycle = r.get_number("load_bytes_per_cycle", {1, 1048576});
  c.store_bytes_per_cycle = r.get_number("store_bytes_per_cycle", {1, 1048576});
  c.native_mulhi = !r.find("mulhi") || r.get_choice("mulhi", {"native", "emulated"}) == "native";
  // Emulated: the table has no mulhi entry; its cost is derived.
  const Node* table = r.find("op_cycles");
  if (const Node* given = !c.native_mulhi && table ? table->find("mulhi") : nullptr) {
    config_fail(given->loc, r.key_path("op_cycles.mulhi"),
                "vpu.mulhi is emulated, so its cycles follow from those of mul, shift, logic and "
                "add: remove this key, or set vpu.mulhi: native");
  }
  // At least 0.01 cycles per op: no ALU finishes more than 100 u32 ops a cycle.
  c.op_cycles = r.get_number_table("op_cycles", op_classes(c.native_mulhi), {0.01, 4096});
  if (!c.native_mulhi) derive_emulated_mulhi(c);
  // Optional (1: every issue slot); a stack that fills fewer than 1 % of them is not a stack.
  if (r.find("issue_rate")) c.issue_rate = r.get_number("issue_rate", {0.01, 1});
}

void read_vpu_energy(const ConfigReader& energy, VpuConfig& c) {
  // vpu_op_pj: one number for every op class, or a map with exactly one number per class.
  if (energy.require("vpu_op_pj").kind == Node::Kind::kMap) {
    c.op_pj = energy.get_number_table("vpu_op_pj", op_classes(c.native_mulhi), kPj);
  } else {
    const double all = energy.get_number("vpu_op_pj", kPj);
    for (const std::string& op : op_classes(c.native_mulhi)) c.op_pj[op] = all;
  }
  if (!c.native_mulhi) derive_emulated_mulhi(c);
}

void read_vpu_area(const ConfigReader& area, VpuConfig& c) {
  c.alu_um2 = area.get_number("vpu_alu_um2", {0, 1e6});
}

}  // namespace hesa
