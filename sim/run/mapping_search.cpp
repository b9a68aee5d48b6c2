#include "sim/run/mapping_search.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <map>
#include <systemc>

#include "config/config_error.hpp"
#include "sim/engine/chip.hpp"
#include "sim/run/run.hpp"
#include "workloads/kernels/kernel_lowering.hpp"
#include "workloads/lowering/ntt_lowering.hpp"

namespace hesa {

namespace {

// A knob: its name, its candidates for a workload on a chip, and how to set one.
struct Knob {
  std::string name;
  bool AutoKnobs::*flag;
  std::function<std::vector<std::string>(const RunConfig&)> candidates;
  std::function<void(MappingConfig&, const std::string&)> set;
};

bool uses_ntt_layout(const WorkloadConfig& w) {
  const KernelFamily f = kernel_info(w.kernel).family;
  return f == KernelFamily::kNtt || f == KernelFamily::kCkks;
}

bool chunks_batch(const WorkloadConfig& w) {
  const KernelFamily f = kernel_info(w.kernel).family;
  return f == KernelFamily::kNtt || f == KernelFamily::kElementwise;
}

std::string layout_text(uint32_t rows, uint32_t cols) {
  return fmt::format("[{}, {}]", rows, cols);
}

const std::vector<Knob>& knobs() {
  static const std::vector<Knob> list = {
      {"layout", &AutoKnobs::layout,
       [](const RunConfig& c) {
         // R x C = N with both sides at least 4 and at most 16 times apart, the default first.
         std::vector<std::string> out;
         const uint64_t n = c.workload.n;
         const auto [r0, c0] = default_ntt_layout(n);
         out.push_back(layout_text(r0, c0));
         if (!uses_ntt_layout(c.workload)) return out;
         for (uint64_t r = 4; r * 4 <= n; r *= 2) {
           const uint64_t cols = n / r;
           if (r == r0 || r > 16 * cols || cols > 16 * r) continue;
           out.push_back(layout_text(uint32_t(r), uint32_t(cols)));
         }
         return out;
       },
       [](MappingConfig& m, const std::string& v) {
         unsigned r = 0, c = 0;
         std::sscanf(v.c_str(), "[%u, %u]", &r, &c);
         m.layout_rows = r;
         m.layout_cols = c;
       }},
      {"core_split", &AutoKnobs::core_split,
       [](const RunConfig& c) {
         const CoreSplit rule = resolve_core_split(c.workload, lowering_target(c));
         std::vector<std::string> out = {name_of(rule)};
         if (c.chip.tensorcores <= 1) return out;
         for (CoreSplit s : {CoreSplit::kNone, CoreSplit::kLimbs, CoreSplit::kBatch}) {
           if (s != rule) out.push_back(name_of(s));
         }
         return out;
       },
       [](MappingConfig& m, const std::string& v) {
         m.core_split = *enum_by_name<CoreSplit>(v);
         m.core_split_given = true;
       }},
      {"chunk_items", &AutoKnobs::chunk_items,
       [](const RunConfig& c) {
         // As many as fit VMEM (0), then every count up to 16 below the batch and powers of two
         // beyond: a chip with more VMEM has every candidate of one with less.
         std::vector<std::string> out = {"0"};
         if (!chunks_batch(c.workload)) return out;
         for (int g = 1; g < c.workload.batch; g = g < 16 ? g + 1 : 2 * g) {
           out.push_back(std::to_string(g));
         }
         return out;
       },
       [](MappingConfig& m, const std::string& v) { m.chunk_items = std::stoi(v); }},
      {"fusion", &AutoKnobs::fusion,
       [](const RunConfig& c) {
         // Only CKKS kernels are built from fusable steps.
         std::vector<std::string> out = {name_of(Fusion::kXla)};
         if (kernel_info(c.workload.kernel).family == KernelFamily::kCkks) {
           out.push_back(name_of(Fusion::kNone));
         }
         return out;
       },
       [](MappingConfig& m, const std::string& v) {
         m.fusion = *enum_by_name<Fusion>(v);
         m.fusion_given = true;
       }},
      {"shard", &AutoKnobs::shard,
       [](const RunConfig& c) {
         // Limbs only for a CKKS kernel on more than one chip.
         std::vector<std::string> out = {name_of(Shard::kBatch)};
         if (c.chips > 1 && kernel_info(c.workload.kernel).family == KernelFamily::kCkks) {
           out.push_back(name_of(Shard::kLimbs));
         }
         return out;
       },
       [](MappingConfig& m, const std::string& v) {
         m.shard = *enum_by_name<Shard>(v);
         m.shard_given = true;
       }},
      {"prefetch_depth", &AutoKnobs::prefetch_depth,
       [](const RunConfig&) {
         return std::vector<std::string>{"2", "1", "3", "4"};
       },
       [](MappingConfig& m, const std::string& v) {
         m.prefetch_depth = std::stoi(v);
         m.prefetch_depth_given = true;
       }},
  };
  return list;
}

// The simulated time of a run's workload (no outputs), or the reason it cannot run.
std::pair<double, std::string> simulate_time(RunConfig cfg) {
  try {
    const Trace trace = lower_workload_checked(cfg, false);
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
    auto* chip = new Chip("chip", cfg.chip, trace, nullptr, cfg.chips, &cfg.ici);
    sc_core::sc_start();
    if (chip->sequencer.completed() != trace.instrs.size()) return {-1, "simulation stalled"};
    return {sc_core::sc_time_stamp().to_seconds() * 1e9, ""};
  } catch (const std::exception& e) {
    return {-1, e.what()};
  }
}

// Runs each configuration in a child process of its own, `jobs` at a time.
std::vector<std::pair<double, std::string>> simulate_all(const std::vector<RunConfig>& cfgs,
                                                         int jobs) {
  std::vector<std::pair<double, std::string>> out(cfgs.size(), {-1, "not run"});
  std::map<pid_t, std::pair<size_t, int>> running;  // pid -> (candidate, read end)
  const auto collect = [&](pid_t pid, std::pair<size_t, int> slot) {
    std::string bytes;
    char buf[4096];
    for (ssize_t n; (n = read(slot.second, buf, sizeof buf)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      bytes.append(buf, static_cast<size_t>(n));
    }
    close(slot.second);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (bytes.size() >= sizeof(double)) {
      double t = -1;
      std::memcpy(&t, bytes.data(), sizeof t);
      out[slot.first] = {t, bytes.substr(sizeof t)};
    } else {
      out[slot.first] = {-1, "the candidate's process failed"};
    }
  };
  for (size_t i = 0; i < cfgs.size(); ++i) {
    while (static_cast<int>(running.size()) >= std::max(1, jobs)) {
      const auto first = running.begin();
      collect(first->first, first->second);
      running.erase(first);
    }
    int fd[2];
    if (pipe(fd) != 0) throw std::runtime_error("cannot create a pipe");
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("cannot start a candidate's process");
    if (pid == 0) {
      close(fd[0]);
      const auto [t, error] = simulate_time(cfgs[i]);
      std::string bytes(sizeof t, '\0');
      std::memcpy(bytes.data(), &t, sizeof t);
      bytes += error;
      size_t done = 0;
      while (done < bytes.size()) {
        const ssize_t n = write(fd[1], bytes.data() + done, bytes.size() - done);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
      }
      _exit(0);
    }
    close(fd[1]);
    running[pid] = {i, fd[0]};
  }
  for (auto& [pid, slot] : running) collect(pid, slot);
  return out;
}

}  // namespace

std::string knob_value(const WorkloadConfig& w, const std::string& knob) {
  const MappingConfig& m = w.mapping;
  if (knob == "layout") {
    const auto [r0, c0] = default_ntt_layout(w.n);
    return m.layout_rows ? layout_text(m.layout_rows, m.layout_cols) : layout_text(r0, c0);
  }
  if (knob == "core_split") return name_of(m.core_split);
  if (knob == "chunk_items") return std::to_string(m.chunk_items);
  if (knob == "fusion") return name_of(m.fusion);
  if (knob == "shard") return name_of(m.shard);
  return std::to_string(m.prefetch_depth);
}

void open_knobs_to_search(WorkloadConfig& w) {
  MappingConfig& m = w.mapping;
  m.autos.layout |= m.layout_rows == 0;
  m.autos.core_split |= !m.core_split_given;
  m.autos.chunk_items |= m.chunk_items == 0;
  m.autos.prefetch_depth |= !m.prefetch_depth_given;
  m.autos.fusion |= !m.fusion_given;
  m.autos.shard |= !m.shard_given;
}

// The knob values of a mapping, as a key of the candidates already simulated.
std::string signature(const WorkloadConfig& w) {
  std::string key;
  for (const char* knob :
       {"layout", "core_split", "chunk_items", "fusion", "shard", "prefetch_depth"}) {
    key += knob_value(w, knob) + (w.mapping.prefetch_depth_given ? "|" : "~");
  }
  return key;
}

// Every combination of the auto knobs' candidates, when there are at most kJointLimit: the best
// of a superset of candidates is never worse, so a chip with more of a resource never loses to one
// with less. Returns false (nothing done) beyond the limit.
constexpr size_t kJointLimit = 64;

bool search_jointly(RunConfig& cfg, int jobs, MappingSearch& result) {
  std::vector<const Knob*> open;
  std::vector<std::vector<std::string>> values;
  size_t combos = 1;
  for (const Knob& knob : knobs()) {
    if (!(cfg.workload.mapping.autos.*knob.flag)) continue;
    open.push_back(&knob);
    values.push_back(knob.candidates(cfg));
    combos *= values.back().size();
  }
  if (combos > kJointLimit) return false;
  std::vector<RunConfig> cfgs;
  std::vector<std::vector<size_t>> picks;
  for (size_t c = 0; c < combos; ++c) {
    RunConfig run = cfg;
    std::vector<size_t> pick;
    for (size_t k = 0, rest = c; k < open.size(); ++k) {
      pick.push_back(rest % values[k].size());
      rest /= values[k].size();
      open[k]->set(run.workload.mapping, values[k][pick.back()]);
    }
    picks.push_back(pick);
    cfgs.push_back(std::move(run));
  }
  const auto times =
      combos > 1 ? simulate_all(cfgs, jobs) : std::vector<std::pair<double, std::string>>{{-1, ""}};
  result.simulations = combos > 1 ? static_cast<int>(combos) : 0;
  int best = combos > 1 ? -1 : 0;
  for (size_t c = 0; c < combos && combos > 1; ++c) {
    if (times[c].first >= 0 && (best < 0 || times[c].first < times[best].first)) {
      best = static_cast<int>(c);
    }
  }
  if (best < 0) {
    throw ConfigError(fmt::format("{}: mapping: auto found no combination of {} that runs ({})",
                                  workload_key_location(cfg, "mapping"), open.front()->name,
                                  times.front().second));
  }
  // Per knob: its candidates' best times with the other knobs at their chosen values.
  for (size_t k = 0; k < open.size(); ++k) {
    KnobSearch s;
    s.knob = "mapping." + open[k]->name;
    for (size_t v = 0; v < values[k].size(); ++v) {
      SearchCandidate cand{values[k][v], -1, combos > 1 ? "" : "the only candidate"};
      for (size_t c = 0; c < combos && combos > 1; ++c) {
        bool others = true;
        for (size_t o = 0; o < open.size(); ++o) others &= o == k || picks[c][o] == picks[best][o];
        if (others && picks[c][k] == v) cand = {values[k][v], times[c].first, times[c].second};
      }
      s.candidates.push_back(cand);
    }
    s.chosen = static_cast<int>(picks[best][k]);
    open[k]->set(cfg.workload.mapping, values[k][s.chosen]);
    result.knobs.push_back(std::move(s));
  }
  return true;
}

MappingSearch search_mapping(RunConfig& cfg, int jobs) {
  MappingSearch result;
  if (!cfg.workload.mapping.autos.any()) return result;
  if (search_jointly(cfg, jobs, result)) {
    cfg.workload.mapping.autos = AutoKnobs{};
    return result;
  }
  std::map<std::string, KnobSearch> by_knob;
  std::map<std::string, std::pair<double, std::string>> seen;  // by signature
  for (int pass = 0; pass < 2; ++pass) {
    bool changed = false;
    for (const Knob& knob : knobs()) {
      if (!(cfg.workload.mapping.autos.*knob.flag)) continue;
      const std::vector<std::string> values = knob.candidates(cfg);
      KnobSearch s;
      s.knob = "mapping." + knob.name;
      if (values.size() == 1) {  // nothing to choose: no simulation
        knob.set(cfg.workload.mapping, values[0]);
        s.candidates.push_back({values[0], -1, "the only candidate"});
        s.chosen = 0;
        by_knob[knob.name] = std::move(s);
        continue;
      }
      std::vector<RunConfig> cfgs;
      std::vector<std::string> keys;
      for (const std::string& v : values) {
        RunConfig c = cfg;
        knob.set(c.workload.mapping, v);
        keys.push_back(signature(c.workload));
        if (!seen.count(keys.back())) cfgs.push_back(std::move(c));
      }
      const auto fresh = simulate_all(cfgs, jobs);
      result.simulations += static_cast<int>(cfgs.size());
      for (size_t i = 0, f = 0; i < keys.size(); ++i) {
        if (!seen.count(keys[i])) seen[keys[i]] = fresh[f++];
      }
      std::vector<std::pair<double, std::string>> times;
      for (const std::string& k : keys) times.push_back(seen[k]);
      for (size_t i = 0; i < values.size(); ++i) {
        s.candidates.push_back({values[i], times[i].first, times[i].second});
        if (times[i].first >= 0 &&
            (s.chosen < 0 || times[i].first < s.candidates[s.chosen].time_ns)) {
          s.chosen = static_cast<int>(i);
        }
      }
      if (s.chosen < 0) {
        throw ConfigError(fmt::format("{}: {}: auto found no candidate that runs (the first: {})",
                                      workload_key_location(cfg, s.knob), s.knob,
                                      s.candidates.empty() ? "none" : s.candidates[0].error));
      }
      const std::string before = knob_value(cfg.workload, knob.name);
      knob.set(cfg.workload.mapping, s.candidates[s.chosen].value);
      changed |= s.candidates[s.chosen].value != before;
      by_knob[knob.name] = std::move(s);
    }
    if (!changed) break;
  }
  for (const Knob& knob : knobs()) {
    if (by_knob.count(knob.name)) result.knobs.push_back(std::move(by_knob[knob.name]));
  }
  cfg.workload.mapping.autos = AutoKnobs{};
  return result;
}

}  // namespace hesa
