#include "trace/trace_builder.hpp"

#include <algorithm>

#include "trace/tile_layout.hpp"
#include "trace/trace_tags.hpp"

namespace hesa {

namespace {

bool overlap(uint64_t b0, uint64_t e0, uint64_t b1, uint64_t e1) {
  return b0 < e1 && b1 < e0;
}

// Removes [b, e) from every use, splitting a use that strictly contains it; keeps the list in
// instruction order. In place unless a use is split (rare: a write inside a longer read).
void trim(std::vector<DependencyTracker::Use>& uses, uint64_t b, uint64_t e) {
  const auto splits = [&](const DependencyTracker::Use& u) { return u.begin < b && u.end > e; };
  if (std::any_of(uses.begin(), uses.end(), splits)) {
    std::vector<DependencyTracker::Use> kept;
    kept.reserve(uses.size() + 1);
    for (const DependencyTracker::Use& u : uses) {
      if (!overlap(u.begin, u.end, b, e)) {
        kept.push_back(u);
        continue;
      }
      if (u.begin < b) kept.push_back({u.begin, b, u.instr});
      if (u.end > e) kept.push_back({e, u.end, u.instr});
    }
    uses.swap(kept);
    return;
  }
  size_t n = 0;
  for (DependencyTracker::Use u : uses) {
    if (overlap(u.begin, u.end, b, e)) {
      if (u.begin >= b && u.end <= e) continue;  // covered
      if (u.begin < b)
        u.end = b;  // its head remains
      else
        u.begin = e;  // its tail remains
    }
    uses[n++] = u;
  }
  uses.resize(n);
}

}  // namespace

void DependencyTracker::derive(const Instr& instr, uint32_t id, const std::vector<Buffer>& buffers,
                               std::vector<uint32_t>& deps) {
  if (history_.size() < buffers.size()) history_.resize(buffers.size());
  const Footprint f = footprint(instr, buffers);
  // Each use list is in instruction order, so deps is a concatenation of sorted runs: merging
  // them is cheaper than sorting (a write after thousands of reads makes long runs).
  const bool presorted = std::is_sorted(deps.begin(), deps.end());
  const auto add_overlaps = [&deps, presorted](const std::vector<Use>& uses, uint64_t b,
                                               uint64_t e) {
    const auto run = static_cast<std::ptrdiff_t>(deps.size());
    for (const Use& u : uses) {
      if (overlap(u.begin, u.end, b, e)) deps.push_back(u.instr);
    }
    if (presorted && run > 0 && run < static_cast<std::ptrdiff_t>(deps.size())) {
      std::inplace_merge(deps.begin(), deps.begin() + run, deps.end());
    }
  };
  for (int r = 0; r < f.num_reads; ++r) {
    const Access& a = f.reads[r];
    add_overlaps(history_[a.buffer].writers, a.begin, a.end);
  }
  if (f.write.buffer >= 0) {
    History& h = history_[f.write.buffer];
    add_overlaps(h.writers, f.write.begin, f.write.end);
    add_overlaps(h.readers, f.write.begin, f.write.end);
  }
  if (!presorted) std::sort(deps.begin(), deps.end());
  deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
  for (int r = 0; r < f.num_reads; ++r) {
    const Access& a = f.reads[r];
    if (a.buffer == f.write.buffer && overlap(a.begin, a.end, f.write.begin, f.write.end)) continue;
    history_[a.buffer].readers.push_back({a.begin, a.end, id});
  }
  if (f.write.buffer >= 0) {
    History& h = history_[f.write.buffer];
    // The written range now belongs to this write: earlier uses keep only what lies outside it.
    // A later access inside it depends on this write, which waited for them (read and write
    // after write), so their dependencies there are implied; dropping them keeps the use lists
    // from growing with every partial overwrite (and each later write's dependency list with
    // them), and leaves the schedule unchanged.
    trim(h.writers, f.write.begin, f.write.end);
    trim(h.readers, f.write.begin, f.write.end);
    h.writers.push_back({f.write.begin, f.write.end, id});
  }
}

int TraceBuilder::buffer(std::string name, Space space, DType dtype, uint64_t elems, int const_id) {
  if (core_ > 0) name = "core" + std::to_string(core_) + "." + name;
  // Names are unique in a trace (its text form refers to buffers by name): two emitters that
  // pick the same name (e.g. the scratch of two product emitters) get ".2", ".3", ...
  auto [it, fresh] = name_uses_.try_emplace(name, 1);
  if (!fresh) {
    std::string unique;
    do {
      unique = name + "." + std::to_string(++it->second);
    } while (name_uses_.count(unique));
    name_uses_.emplace(unique, 1);
    name = std::move(unique);
  }
  trace_.buffers.push_back(Buffer{std::move(name), space, dtype, elems, const_id,
                                  space == Space::kVmem ? core_ : uint8_t{0}});
  return static_cast<int>(trace_.buffers.size()) - 1;
}

int TraceBuilder::constant(std::vector<uint32_t> data) {
  trace_.constants.push_back(Constant{std::move(data)});
  return static_cast<int>(trace_.constants.size()) - 1;
}

uint32_t TraceBuilder::tag(const std::string& name) {
  // Emitters ask for the same few tags over and over: the last answer per name is kept (for
  // the phase it was given in).
  if (const auto hit = last_tags_.find(name);
      hit != last_tags_.end() && hit->second.phase == phase_) {
    return hit->second.id;
  }
  std::string full = phased_tag(phase_, name);
  auto [it, inserted] = tag_ids_.try_emplace(full, static_cast<uint32_t>(trace_.tags.size()));
  if (inserted) trace_.tags.push_back(std::move(full));
  last_tags_[name] = {phase_, it->second};
  return it->second;
}

namespace {
thread_local uint64_t instruction_budget = 0;
}  // namespace

TraceLimitError::TraceLimitError(uint64_t limit)
    : std::runtime_error("more than " + std::to_string(limit) + " instructions"), limit_(limit) {}

InstructionBudget::InstructionBudget(uint64_t max) : previous_(instruction_budget) {
  instruction_budget = max;
}

InstructionBudget::~InstructionBudget() {
  instruction_budget = previous_;
}

uint64_t InstructionBudget::current() {
  return instruction_budget;
}

uint32_t TraceBuilder::emit(Instr instr) {
  if (instruction_budget && size() >= instruction_budget) {
    throw TraceLimitError(instruction_budget);
  }
  if (count_only_) return static_cast<uint32_t>(counted_++);
  const auto id = static_cast<uint32_t>(trace_.instrs.size());
  if (instr.core == 0) instr.core = core_;
  if (instr.cols == 0 && takes_cols(instr.op)) instr.cols = cols_;
  scratch_.clear();
  deps_.derive(instr, id, trace_.buffers, scratch_);
  trace_.instrs.push_back(instr, scratch_);
  return id;
}

}  // namespace hesa
