#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "sim/report/report_page.hpp"
#include "sim/report/run_summary.hpp"
#include "workloads/kernels/kernel_registry.hpp"

namespace hesa {

namespace {

constexpr int kBins = 240;

// A slice's busy fraction per series over its span (sums to at most 1).
std::vector<std::pair<int, double>> busy_parts(const TraceSlice& s) {
  std::vector<std::pair<int, double>> parts;
  const double busy = std::clamp(s.busy_us / s.dur_us, 0.0, 1.0);
  if (s.busy_by_cat.empty()) {
    parts.emplace_back(series_of(s.cat), busy);
    return parts;
  }
  double sum = 0;
  for (const auto& [c, v] : s.busy_by_cat) sum += std::max(0.0, v);
  for (const auto& [c, v] : s.busy_by_cat) {
    parts.emplace_back(series_of(c), sum > 0 ? busy * std::max(0.0, v) / sum : 0);
  }
  return parts;
}

// Adds `fraction` per series of [a, b) to the bins of width w.
void add_span(std::vector<std::vector<double>>& bins, double w, double a, double b,
              const std::vector<double>& fraction) {
  const int nb = static_cast<int>(bins.size());
  for (int bin = std::max(0, int(a / w)); bin < nb && bin * w < b; ++bin) {
    const double overlap = std::min(b, (bin + 1) * w) - std::max(a, bin * w);
    if (overlap <= 0) continue;
    for (size_t c = 0; c < fraction.size(); ++c) bins[bin][c] += fraction[c] * overlap / w;
  }
}

// The bins of one track's lanes taken together: at each moment the share of the lanes' work in
// flight, 1 - prod(1 - f) over the slices then (f their busy fraction: 1 for one instruction, so
// exactly "at least one busy"), split among series in proportion; never more than 1.
std::vector<std::vector<double>> union_bins(const std::vector<const TraceTrack*>& tracks,
                                            double w) {
  struct Span {
    double a, b;
    std::vector<std::pair<int, double>> parts;
    double total = 0;
  };
  std::vector<Span> spans;
  for (const TraceTrack* t : tracks) {
    for (const TraceSlice& s : t->slices) {
      if (!(s.dur_us > 0)) continue;
      Span sp{s.start_us, s.start_us + s.dur_us, busy_parts(s)};
      for (const auto& [c, f] : sp.parts) sp.total += f;
      spans.push_back(std::move(sp));
    }
  }
  std::vector<std::pair<double, int>> events;  // (time, span + 1 at its start, -(span + 1) at end)
  for (size_t i = 0; i < spans.size(); ++i) {
    events.emplace_back(spans[i].a, static_cast<int>(i) + 1);
    events.emplace_back(spans[i].b, -static_cast<int>(i) - 1);
  }
  std::sort(events.begin(), events.end());  // ends (negative) before starts at the same time
  std::vector<std::vector<double>> bins(kBins, std::vector<double>(kCategories));
  std::vector<int> active;
  std::vector<double> fraction(kCategories);
  for (size_t e = 0; e < events.size(); ++e) {
    const auto [t, id] = events[e];
    if (id > 0) {
      active.push_back(id - 1);
    } else {
      active.erase(std::find(active.begin(), active.end(), -id - 1));
    }
    const double next = e + 1 < events.size() ? events[e + 1].first : t;
    if (active.empty() || !(next > t)) continue;
    double idle = 1, total = 0;
    std::fill(fraction.begin(), fraction.end(), 0.0);
    for (int i : active) {
      idle *= 1 - std::min(1.0, spans[i].total);
      total += spans[i].total;
      for (const auto& [c, f] : spans[i].parts) fraction[c] += f;
    }
    if (!(total > 0)) continue;
    for (double& f : fraction) f *= (1 - idle) / total;
    add_span(bins, w, t, next, fraction);
  }
  return bins;
}

}  // namespace

std::string lane_base_name(const std::string& track) {
  const size_t at = track.rfind(" lane ");
  return at == std::string::npos ? track : track.substr(0, at);
}

std::vector<Lane> utilization_lanes(const RunData& r, double time_us) {
  std::vector<Lane> lanes;
  const double w = time_us / kBins;
  // Tracks split into lanes ("hbm lane 0", "hbm lane 1") are one lane of the chart.
  std::vector<std::pair<std::string, std::vector<const TraceTrack*>>> groups;
  for (const TraceTrack& t : r.tracks) {
    const std::string base = lane_base_name(t.name);
    if (groups.empty() || groups.back().first != base) groups.push_back({base, {}});
    groups.back().second.push_back(&t);
  }
  for (const auto& [name, tracks] : groups) {
    Lane lane{name, std::vector<std::vector<double>>(kBins, std::vector<double>(kCategories))};
    if (w > 0) lane.bins = union_bins(tracks, w);
    lanes.push_back(std::move(lane));
  }
  return lanes;
}

std::string utilization_section(const std::vector<RunView>& runs) {
  std::string html;
  const std::vector<Series> cats = category_series();
  double max_time = 0;
  for (const RunView& r : runs) max_time = std::max(max_time, r.time_us);
  html += section(
      "Unit utilization over time",
      "One lane per unit instance (MXUs, VPUs, DMA engines, the HBM port), busy time per time bin "
      "coloured by CROSS category; the number on the right is the lane's average busy share. "
      "Busy means the unit is occupied by an instruction, whatever share of its PEs or lanes it "
      "uses (MAC and ALU utilization, work over peak, are in the summary). The HBM port serves "
      "every DMA engine at once: its lane is busy while at least one transfer is in flight "
      "(its bandwidth utilization is in the summary). All runs share the time axis.",
      runs, [&](const RunView& r) {
        if (r.run->tracks.empty()) {
          return fmt::format("<p class=\"note\">trace.json: {}</p>",
                             html_escape(r.run->trace_note));
        }
        std::string out =
            svg_lanes(utilization_lanes(*r.run, r.time_us), cats, r.time_us, max_time);
        if (!r.run->trace_note.empty() && r.run->trace_note != "one slice per instruction") {
          out +=
              fmt::format("<p class=\"note\">trace.json: {}</p>", html_escape(r.run->trace_note));
        }
        return out;
      });

  return html;
}

std::string bottleneck_section(const std::vector<RunView>& runs) {
  TableRows rows;
  const auto entry = [](const RunView& r,
                        const std::string& kernel) -> const nlohmann::ordered_json* {
    const auto& s = r.run->stats;
    if (!s.contains("bottleneck")) return nullptr;
    const auto& b = s["bottleneck"];
    if (kernel.empty()) return &b["run"];
    return b.contains("kernel") && b["kernel"].contains(kernel) ? &b["kernel"][kernel] : nullptr;
  };
  std::vector<std::string> names = {""};
  for (const std::string& k : kernels_of(runs)) names.push_back(k);
  for (const std::string& k : names) {
    rows.push_back(
        {k.empty() ? "run (of elapsed)" : k + " (of active)", per_run(runs, [&](const RunView& r) {
           const nlohmann::ordered_json* b = entry(r, k);
           return b ? html_escape(bottleneck_text(*b, k.empty() ? "elapsed" : "active"))
                    : std::string("-");
         })});
  }
  return "<section><h2>Bottleneck</h2><p class=\"note\">The unit holding the critical path: "
         "walking back from the last instruction to what released each (the dependency that "
         "ended last, or the previous instruction on its own unit), the unit whose instructions "
         "take the most of the path's time, with its share of the elapsed time (a kernel: of its "
         "active time) and the runner-up. A DMA transfer counts as HBM when its HBM side "
         "finished last.</p>" +
         table(runs, rows) + "</section>\n";
}

std::string category_sections(const std::vector<RunView>& runs) {
  std::string html;
  const std::vector<Series> cats = category_series();
  // Time by category.
  double max_busy = 0;
  for (const RunView& r : runs) {
    for (int i = 0; i < kCategories; ++i) {
      max_busy = std::max(max_busy, r.us(r.stat(std::string("breakdown.category.") +
                                                category_id(static_cast<Category>(i)) + ".busy")));
    }
  }
  const auto profile_bars = [&](const RunView& r) {
    std::vector<BarRow> rows_out;
    for (int i = 0; i < kCategories; ++i) {
      const std::string p =
          std::string("breakdown.category.") + category_id(static_cast<Category>(i));
      std::vector<double> parts(kCategories, 0.0);
      parts[i] = 100 * r.stat(p + ".profile_share");
      rows_out.push_back({category_label(static_cast<Category>(i)), parts});
    }
    return svg_bars(rows_out, cats, 100, "% of busy time");
  };
  const auto category_bars = [&](const RunView& r, bool busy) {
    std::vector<BarRow> rows_out;
    std::vector<Series> series;
    for (int i = 0; i < kCategories; ++i) {
      const std::string p =
          std::string("breakdown.category.") + category_id(static_cast<Category>(i));
      std::vector<double> parts(kCategories, 0.0);
      parts[i] = busy ? r.us(r.stat(p + ".busy")) : 100 * r.stat(p + ".elapsed_share");
      rows_out.push_back({category_label(static_cast<Category>(i)), parts});
    }
    return busy ? svg_bars(rows_out, cats, max_busy, "us busy")
                : svg_bars(rows_out, cats, 100, "% of elapsed");
  };
  html += section(
      "Time by category (busy time)",
      "Busy time of each CROSS category, summed over all units (so it can exceed the run's time "
      "when units work in parallel).",
      runs, [&](const RunView& r) { return category_bars(r, true); });
  html += section(
      "Time by category (profile share)",
      "Each busy moment charged to the categories busy then, split equally; a DMA transfer counts "
      "with the computation it feeds or drains. The shares add up to 100 %, as in a profile of "
      "operations (CROSS's measured split is of this kind).",
      runs, [&](const RunView& r) { return profile_bars(r); });
  html += section(
      "Time by category (share of elapsed time)",
      "Share of the run's elapsed time during which at least one unit works on the category; "
      "categories overlap in time, so the shares may add up to more than 100 %.",
      runs, [&](const RunView& r) { return category_bars(r, false); });

  return html;
}

std::string kernel_section(const std::vector<RunView>& runs) {
  std::string html;
  // Time by kernel.
  const std::vector<std::string> kernels = kernels_of(runs);
  const std::vector<Series> kernel_series = {{"active (some unit busy)", "#4e79a7"},
                                             {"busy, summed over units", "#a0cbe8"}};
  double max_kernel = 0;
  for (const RunView& r : runs) {
    for (const std::string& k : kernels) {
      max_kernel = std::max({max_kernel, r.us(r.stat("breakdown.kernel." + k + ".active")),
                             r.us(r.stat("breakdown.kernel." + k + ".busy"))});
    }
  }
  html += section(
      "Time by kernel",
      "Per kernel: the time during which at least one unit works on it, and its busy time summed "
      "over units.",
      runs, [&](const RunView& r) {
        std::vector<BarRow> rows_out;
        for (const std::string& k : kernels) {
          rows_out.push_back(
              {k + " active", {r.us(r.stat("breakdown.kernel." + k + ".active")), 0}});
          rows_out.push_back({k + " busy", {0, r.us(r.stat("breakdown.kernel." + k + ".busy"))}});
        }
        return svg_bars(rows_out, kernel_series, max_kernel, "us");
      });

  return html;
}

std::string energy_section(const std::vector<RunView>& runs) {
  std::string html;
  // Energy.
  const std::vector<Series> energy_series = {{"dynamic", "#e15759"}, {"static", "#bab0ac"}};
  std::vector<std::string> energy_units;
  for (const std::string& u : child_names(runs, "energy", false)) energy_units.push_back(u);
  double max_energy = 0;
  for (const RunView& r : runs) {
    for (const std::string& u : energy_units) {
      max_energy = std::max(max_energy,
                            r.stat("energy." + u + ".dynamic") + r.stat("energy." + u + ".static"));
    }
  }
  html +=
      section("Energy per unit",
              "Dynamic energy (energy per action from the chip config x actions) and static energy "
              "(static power x run time), in uJ.",
              runs, [&](const RunView& r) {
                std::vector<BarRow> rows_out;
                for (const std::string& u : energy_units) {
                  rows_out.push_back(
                      {u, {r.stat("energy." + u + ".dynamic"), r.stat("energy." + u + ".static")}});
                }
                return svg_bars(rows_out, energy_series, max_energy, "uJ");
              });

  return html;
}

std::string roofline_section(const std::vector<RunView>& runs) {
  std::string html;
  const std::vector<std::string> kernels = kernels_of(runs);
  // Roofline.
  struct Roof {
    std::vector<Ceiling> ceilings;
    double bw;
    std::vector<RoofPoint> points;
  };
  std::vector<Roof> roofs;
  double lo_x = 1e300, hi_x = 0, lo_y = 1e300, hi_y = 0;
  for (const RunView& r : runs) {
    Roof roof{
        {{"int8 MAC", r.stat("chip.peak.int8_macs")}, {"VPU op", r.stat("chip.peak.vpu_ops")}},
        r.stat("chip.peak.hbm_bandwidth"),
        {}};
    for (const std::string& k : kernels) {
      const std::string p = "breakdown.kernel." + k;
      const double active_ns = r.us(r.stat(p + ".active")) * 1e3;
      const double bytes = r.stat(p + ".hbm_bytes");
      if (!(active_ns > 0) || !(bytes > 0)) continue;
      for (auto [what, path, color] :
           {std::tuple{"MXU", ".int8_macs", "#f28e2b"}, std::tuple{"VPU", ".vpu_ops", "#4e79a7"}}) {
        const double ops = r.stat(p + path);
        if (ops > 0) roof.points.push_back({k + " " + what, color, ops / bytes, ops / active_ns});
      }
    }
    for (const Ceiling& c : roof.ceilings) {
      if (c.peak > 0 && roof.bw > 0) {
        hi_y = std::max(hi_y, c.peak);
        lo_y = std::min(lo_y, c.peak);
        hi_x = std::max(hi_x, c.peak / roof.bw);
        lo_x = std::min(lo_x, c.peak / roof.bw);
      }
    }
    for (const RoofPoint& p : roof.points) {
      lo_x = std::min(lo_x, p.intensity), hi_x = std::max(hi_x, p.intensity);
      lo_y = std::min(lo_y, p.perf), hi_y = std::max(hi_y, p.perf);
    }
    roofs.push_back(roof);
  }
  const RoofScale scale{std::floor(std::log10(std::max(lo_x, 1e-6) / 4)),
                        std::ceil(std::log10(std::max(hi_x, 1e-6) * 4)),
                        std::floor(std::log10(std::max(lo_y, 1e-6) / 4)),
                        std::ceil(std::log10(std::max(hi_y, 1e-6) * 2))};
  size_t ri = 0;
  html += section(
      "Roofline",
      "The chip's ceilings: peak int8 MACs of all MXUs, peak u32 operations of all VPUs, and HBM "
      "bandwidth. Each kernel is placed twice: its int8 MACs and its VPU operations per HBM byte, "
      "at the rate achieved over the time the kernel was active.",
      runs, [&](const RunView&) {
        const Roof& roof = roofs[ri++];
        if (!(roof.bw > 0)) return std::string("<p class=\"note\">no chip peaks in stats.json</p>");
        return svg_roofline(roof.ceilings, roof.bw, roof.points, scale);
      });

  return html;
}

}  // namespace hesa
