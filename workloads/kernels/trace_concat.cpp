#include "workloads/kernels/trace_concat.hpp"

#include <stdexcept>
#include <unordered_map>

namespace hesa {

void append_trace(Trace& into, const Trace& part, int core_offset, int item_offset) {
  const int buffers = static_cast<int>(into.buffers.size());
  const int constants = static_cast<int>(into.constants.size());
  const auto instrs = static_cast<uint32_t>(into.instrs.size());
  if (core_offset < 0 || core_offset > 255) throw std::invalid_argument("core out of range");
  for (Buffer b : part.buffers) {
    if (b.const_id >= 0) b.const_id += constants;
    if (b.space == Space::kVmem) b.core = static_cast<uint8_t>(b.core + core_offset);
    into.buffers.push_back(std::move(b));
  }
  into.constants.insert(into.constants.end(), part.constants.begin(), part.constants.end());
  std::unordered_map<std::string, uint32_t> tag_ids;
  for (uint32_t t = 0; t < into.tags.size(); ++t) tag_ids.emplace(into.tags[t], t);
  std::vector<uint32_t> tag_of(part.tags.size());
  for (size_t t = 0; t < part.tags.size(); ++t) {
    auto it = tag_ids.find(part.tags[t]);
    if (it == tag_ids.end()) {
      it = tag_ids.emplace(part.tags[t], static_cast<uint32_t>(into.tags.size())).first;
      into.tags.push_back(part.tags[t]);
    }
    tag_of[t] = it->second;
  }
  std::vector<uint32_t> deps;
  for (size_t i = 0; i < part.instrs.size(); ++i) {
    Instr in = part.instrs[i];
    const auto move = [&](int& buf) {
      if (buf >= 0) buf += buffers;
    };
    move(in.dst);
    move(in.a);
    move(in.b);
    in.core = static_cast<uint8_t>(in.core + core_offset);
    in.tag = tag_of[in.tag];
    deps.clear();
    for (uint32_t d : part.instrs.deps(i)) deps.push_back(d + instrs);
    into.instrs.push_back(in, deps);
  }
  for (IoSlice s : part.inputs) {
    s.buffer += buffers;
    s.item += item_offset;
    into.inputs.push_back(s);
  }
  for (IoSlice s : part.outputs) {
    s.buffer += buffers;
    s.item += item_offset;
    into.outputs.push_back(s);
  }
}

}  // namespace hesa
