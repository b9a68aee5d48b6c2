#include "workloads/trace_builder.hpp"

#include <algorithm>

namespace hesa {

int TraceBuilder::buffer(std::string name, Space space, DType dtype, uint64_t elems, int const_id) {
  trace_.buffers.push_back(Buffer{std::move(name), space, dtype, elems, const_id});
  access_.emplace_back();
  return static_cast<int>(trace_.buffers.size()) - 1;
}

int TraceBuilder::constant(std::vector<uint32_t> data) {
  trace_.constants.push_back(Constant{std::move(data)});
  return static_cast<int>(trace_.constants.size()) - 1;
}

uint32_t TraceBuilder::tag(const std::string& name) {
  auto [it, inserted] = tag_ids_.try_emplace(name, static_cast<uint32_t>(trace_.tags.size()));
  if (inserted) trace_.tags.push_back(name);
  return it->second;
}

void TraceBuilder::depend(std::vector<uint32_t>& deps, int on) const {
  if (on < 0) return;
  const auto id = static_cast<uint32_t>(on);
  if (std::find(deps.begin(), deps.end(), id) == deps.end()) deps.push_back(id);
}

uint32_t TraceBuilder::emit(Instr instr) {
  const auto id = static_cast<uint32_t>(trace_.instrs.size());
  for (int src : {instr.a, instr.b}) {
    if (src >= 0) depend(instr.deps, access_[src].last_writer);
  }
  if (instr.dst >= 0) {
    Access& acc = access_[instr.dst];
    depend(instr.deps, acc.last_writer);
    for (uint32_t r : acc.readers) depend(instr.deps, static_cast<int>(r));
  }
  std::sort(instr.deps.begin(), instr.deps.end());
  for (int src : {instr.a, instr.b}) {
    if (src >= 0 && src != instr.dst) access_[src].readers.push_back(id);
  }
  if (instr.dst >= 0) {
    access_[instr.dst].last_writer = static_cast<int>(id);
    access_[instr.dst].readers.clear();
  }
  trace_.instrs.push_back(std::move(instr));
  return id;
}

}  // namespace hesa
