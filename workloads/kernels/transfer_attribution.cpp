#include "workloads/kernels/transfer_attribution.hpp"

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "trace/trace_access.hpp"

namespace hesa {

namespace {

bool is_transfer_step(const std::string& step) {
  return step == "load" || step == "store" || step == "load_constants";
}

bool is_transfer(Opcode op) {
  return op == Opcode::kLoad || op == Opcode::kStore;
}

struct Tag {
  std::string kernel, step;
};

}  // namespace

void attribute_transfers(Trace& trace) {
  std::vector<Tag> tags;
  for (const std::string& t : trace.tags) {
    const size_t slash = t.find('/');
    tags.push_back(slash == std::string::npos ? Tag{t, ""}
                                              : Tag{t.substr(0, slash), t.substr(slash + 1)});
  }
  const auto vmem = [&](int buf) { return buf >= 0 && trace.buffers[buf].space == Space::kVmem; };
  // The computation (not a transfer) reading or writing a VMEM buffer nearest in program order.
  constexpr uint32_t kNone = ~0u;
  std::vector<uint32_t> served(trace.instrs.size(), kNone);
  // Per VMEM buffer: the tag of its next reader (walking back) and of its last writer (walking
  // forward); kNone: none.
  std::vector<uint32_t> next_reader(trace.buffers.size(), kNone),
      last_writer(trace.buffers.size(), kNone);
  for (size_t i = trace.instrs.size(); i-- > 0;) {
    const Instr& in = trace.instrs[i];
    const Footprint f = footprint(in, trace.buffers);
    if (in.op == Opcode::kLoad && vmem(f.write.buffer)) {
      served[i] = std::exchange(next_reader[size_t(f.write.buffer)], kNone);
      continue;
    }
    if (is_transfer(in.op)) continue;
    if (vmem(f.write.buffer)) next_reader[size_t(f.write.buffer)] = kNone;
    for (int r = 0; r < f.num_reads; ++r) {
      if (vmem(f.reads[r].buffer)) next_reader[size_t(f.reads[r].buffer)] = in.tag;
    }
  }
  for (size_t i = 0; i < trace.instrs.size(); ++i) {
    const Instr& in = trace.instrs[i];
    const Footprint f = footprint(in, trace.buffers);
    if (in.op == Opcode::kStore) {
      if (f.num_reads > 0 && vmem(f.reads[0].buffer)) {
        served[i] = last_writer[size_t(f.reads[0].buffer)];
      }
      continue;
    }
    if (in.op == Opcode::kLoad) {
      if (vmem(f.write.buffer)) last_writer[size_t(f.write.buffer)] = kNone;
      continue;
    }
    if (vmem(f.write.buffer)) last_writer[size_t(f.write.buffer)] = in.tag;
  }
  std::unordered_map<uint64_t, uint32_t> renamed;  // (transfer tag, served tag) -> new tag
  // Tags by name: transfers of different kernels serving the same step share its new tag (a
  // trace declares each tag once).
  std::unordered_map<std::string, uint32_t> by_name;
  for (uint32_t t = 0; t < trace.tags.size(); ++t) by_name.emplace(trace.tags[t], t);
  for (size_t i = 0; i < trace.instrs.size(); ++i) {
    if (!is_transfer(trace.instrs.op(i)) || served[i] == kNone) continue;
    const uint32_t tag = trace.instrs.tag(i);
    const Tag& own = tags[tag];
    const Tag& by = tags[served[i]];
    if (!is_transfer_step(own.step) || by.step.empty()) continue;
    const uint64_t key = (uint64_t{tag} << 32) | served[i];
    auto it = renamed.find(key);
    if (it == renamed.end()) {
      std::string name = by.kernel + "/" + by.step + "." + own.step;
      const auto [named, fresh] =
          by_name.emplace(std::move(name), static_cast<uint32_t>(trace.tags.size()));
      if (fresh) trace.tags.push_back(named->first);
      it = renamed.emplace(key, named->second).first;
    }
    trace.instrs.set_tag(i, it->second);
  }
}

}  // namespace hesa
