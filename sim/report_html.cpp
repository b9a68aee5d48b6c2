#include "sim/report_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "sim/report_svg.hpp"
#include "sim/stats_category.hpp"

namespace hesa {

namespace {

constexpr int kBins = 240;
constexpr const char* kCategoryColors[kCategories] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                                      "#59a14f", "#edc948", "#b07aa1", "#9c755f"};

constexpr const char* kStyle = R"(<style>
body{font-family:sans-serif;margin:20px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 4px;border-bottom:1px solid #ccc}
h3{font-size:13px;margin:6px 0}.note{font-size:12px;color:#555;margin:2px 0 8px;max-width:1100px}
.cols{display:grid;grid-auto-flow:column;grid-auto-columns:580px;gap:18px;overflow-x:auto}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f2f2f2}
.legend{font-size:12px;margin:4px 0}.legend span{margin-right:12px;white-space:nowrap}
.legend i{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}
body.single main{display:grid;grid-template-columns:repeat(auto-fill,minmax(600px,1fr));gap:0 24px}
body.single section:last-child{grid-column:1/-1}
pre{font-size:11px;background:#f7f7f7;padding:6px;max-height:420px;overflow:auto}
</style>
)";

std::string fmt_num(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(v));
  if (v != 0 && (std::fabs(v) >= 1e7 || std::fabs(v) < 1e-3)) return fmt::format("{:.4g}", v);
  return fmt::format("{:.6g}", v);
}

std::vector<Series> category_series() {
  std::vector<Series> s;
  for (int i = 0; i < kCategories; ++i) {
    s.push_back({category_label(static_cast<Category>(i)), kCategoryColors[i]});
  }
  return s;
}

int series_of(const std::string& cat) {
  for (int i = 0; i < kCategories; ++i) {
    if (cat == category_id(static_cast<Category>(i))) return i;
  }
  return kCategories - 1;  // unknown: other
}

struct RunView {
  const RunData* run;
  std::string title;
  double time_us, ghz;  // clock from cycles / time
  double stat(const std::string& path) const { return stat_value(run->stats, path); }
  double us(double cycles) const { return ghz > 0 ? cycles / ghz * 1e-3 : 0; }
};

std::vector<Lane> lanes_of(const RunData& r, double time_us) {
  std::vector<Lane> lanes;
  const double w = time_us / kBins;
  for (const TraceTrack& t : r.tracks) {
    Lane lane{t.name, std::vector<std::vector<double>>(kBins, std::vector<double>(kCategories))};
    for (const TraceSlice& s : t.slices) {
      if (!(w > 0) || !(s.dur_us > 0)) continue;
      // Busy time spread evenly over the slice, split by category for merged slices.
      std::vector<std::pair<int, double>> parts;
      if (s.busy_by_cat.empty()) parts.emplace_back(series_of(s.cat), s.busy_us);
      for (const auto& [c, v] : s.busy_by_cat) parts.emplace_back(series_of(c), v);
      const double a = s.start_us, b = s.start_us + s.dur_us;
      for (int bin = std::max(0, int(a / w)); bin < kBins && bin * w < b; ++bin) {
        const double overlap = std::min(b, (bin + 1) * w) - std::max(a, bin * w);
        if (overlap <= 0) continue;
        for (const auto& [series, busy] : parts) {
          lane.bins[bin][series] += std::min(1.0, busy / s.dur_us) * overlap / w;
        }
      }
    }
    lanes.push_back(std::move(lane));
  }
  return lanes;
}

// One section: a title, a note, and one column per run filled by `cell`.
template <typename Cell>
std::string section(const std::string& title, const std::string& note,
                    const std::vector<RunView>& runs, Cell cell, const std::string& legend = "") {
  std::string out = fmt::format("<section><h2>{}</h2>", html_escape(title));
  if (!note.empty()) out += fmt::format("<p class=\"note\">{}</p>", note);
  out += legend + "<div class=\"cols\">";
  for (const RunView& r : runs) {
    out += fmt::format("<div><h3>{}</h3>{}</div>", html_escape(r.title), cell(r));
  }
  return out + "</div></section>\n";
}

// A table with one row per quantity and one column per run.
std::string table(const std::vector<RunView>& runs,
                  const std::vector<std::pair<std::string, std::vector<std::string>>>& rows) {
  std::string out = "<table><tr><th></th>";
  for (const RunView& r : runs) out += fmt::format("<th>{}</th>", html_escape(r.title));
  out += "</tr>";
  for (const auto& [name, cells] : rows) {
    out += fmt::format("<tr><td>{}</td>", html_escape(name));
    for (const std::string& c : cells) out += fmt::format("<td>{}</td>", c);
    out += "</tr>";
  }
  return out + "</table>\n";
}

template <typename F>
std::vector<std::string> per_run(const std::vector<RunView>& runs, F f) {
  std::vector<std::string> cells;
  for (const RunView& r : runs) cells.push_back(f(r));
  return cells;
}

std::vector<std::string> kernels_of(const std::vector<RunView>& runs) {
  std::vector<std::string> names;
  for (const RunView& r : runs) {
    const auto& st = r.run->stats.at("stats");
    if (!st.contains("breakdown") || !st.at("breakdown").contains("kernel")) continue;
    for (const auto& [k, v] : st.at("breakdown").at("kernel").items()) {
      if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
    }
  }
  return names;
}

std::vector<std::string> child_names(const std::vector<RunView>& runs, const std::string& path,
                                     bool leaves) {
  std::vector<std::string> names;
  for (const RunView& r : runs) {
    const nlohmann::ordered_json* node = &r.run->stats.at("stats");
    size_t from = 0;
    bool ok = true;
    while (ok && from <= path.size()) {
      const size_t dot = path.find('.', from);
      const std::string key = path.substr(from, dot == std::string::npos ? dot : dot - from);
      ok = node->contains(key);
      if (ok) node = &node->at(key);
      if (dot == std::string::npos) break;
      from = dot + 1;
    }
    if (!ok || !node->is_object()) continue;
    for (const auto& [k, v] : node->items()) {
      if (v.contains("value") != leaves) continue;
      if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
    }
  }
  return names;
}

}  // namespace

std::string render_report(const std::vector<RunData>& runs_in) {
  std::vector<RunView> runs;
  std::multiset<std::string> titles;
  for (const RunData& r : runs_in) {
    const auto& meta = r.stats.at("meta");
    const auto& sum = r.stats.at("summary");
    RunView v{&r, fmt::format("{} on {}", meta.value("workload", "?"), meta.value("chip", "?")),
              sum.value("time_us", 0.0), 0};
    v.ghz = v.time_us > 0 ? sum.value("cycles", 0.0) / (v.time_us * 1e3) : 0;
    titles.insert(v.title);
    runs.push_back(v);
  }
  for (RunView& v : runs) {
    if (titles.count(v.title) > 1) v.title += " (" + v.run->label + ")";
  }
  double max_time = 0;
  for (const RunView& r : runs) max_time = std::max(max_time, r.time_us);

  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  html += fmt::format(
      "<title>hesa report: {}</title>\n",
      html_escape(runs.size() == 1 ? runs[0].title : fmt::format("{} runs", runs.size())));
  html += kStyle;
  html += runs.size() == 1 ? "</head><body class=\"single\">\n" : "</head><body>\n";
  html +=
      fmt::format("<h1>hesa report: {}</h1>\n",
                  html_escape(runs.size() == 1 ? runs[0].title
                                               : fmt::format("{} runs side by side", runs.size())));

  // Summary.
  const auto pct = [](double f) { return fmt::format("{:.1f} %", 100 * f); };
  std::vector<std::pair<std::string, std::vector<std::string>>> rows = {
      {"hesa version", per_run(runs,
                               [](const RunView& r) {
                                 return html_escape(
                                     r.run->stats.at("meta").value("hesa_version", ""));
                               })},
      {"config hash", per_run(runs,
                              [](const RunView& r) {
                                return html_escape(
                                    r.run->stats.at("meta").value("config_hash", ""));
                              })},
      {"kernel", per_run(runs,
                         [](const RunView& r) {
                           return html_escape(r.run->stats.at("meta").value("kernel", ""));
                         })},
      {"time (us)", per_run(runs, [](const RunView& r) { return fmt_num(r.time_us); })},
      {"cycles", per_run(runs,
                         [](const RunView& r) {
                           return fmt_num(r.run->stats.at("summary").value("cycles", 0.0));
                         })},
      {"energy (uJ)", per_run(runs,
                              [](const RunView& r) {
                                return fmt_num(r.run->stats.at("summary").value("energy_uj", 0.0));
                              })},
      {"area (mm2)", per_run(runs,
                             [](const RunView& r) {
                               return fmt_num(r.run->stats.at("summary").value("area_mm2", 0.0));
                             })},
  };
  for (const char* u : {"mxu", "vpu", "dma", "hbm", "vmem"}) {
    rows.push_back({fmt::format("{} utilization", u), per_run(runs, [&](const RunView& r) {
                      const auto& util = r.run->stats.at("summary").value(
                          "utilization", nlohmann::ordered_json::object());
                      return pct(util.value(u, 0.0));
                    })});
  }
  rows.push_back({"any unit busy", per_run(runs, [&](const RunView& r) {
                    return pct(r.stat("breakdown.any_busy_share"));
                  })});
  html += "<main><section><h2>Summary</h2>" + table(runs, rows) + "</section>\n";

  // Utilization over time.
  const std::vector<Series> cats = category_series();
  html += section(
      "Unit utilization over time",
      "One lane per unit instance (MXUs, VPUs, DMA engines, the HBM port), busy time per time bin "
      "coloured by CROSS category; the number on the right is the lane's average busy share. "
      "Busy means the unit is occupied by an instruction, whatever share of its PEs or lanes it "
      "uses (MAC utilization is in the summary). All runs share the time axis.",
      runs,
      [&](const RunView& r) {
        std::string out = svg_lanes(lanes_of(*r.run, r.time_us), cats, r.time_us, max_time);
        if (!r.run->trace_note.empty() && r.run->trace_note != "one slice per instruction") {
          out +=
              fmt::format("<p class=\"note\">trace.json: {}</p>", html_escape(r.run->trace_note));
        }
        return out;
      },
      html_legend(cats));

  // Time by category.
  double max_busy = 0;
  for (const RunView& r : runs) {
    for (int i = 0; i < kCategories; ++i) {
      max_busy = std::max(max_busy, r.us(r.stat(std::string("breakdown.category.") +
                                                category_id(static_cast<Category>(i)) + ".busy")));
    }
  }
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
      "Time by category (share of elapsed time)",
      "Share of the run's elapsed time during which at least one unit works on the category; "
      "categories overlap in time, so the shares may add up to more than 100 %.",
      runs, [&](const RunView& r) { return category_bars(r, false); });

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
      runs,
      [&](const RunView& r) {
        std::vector<BarRow> rows_out;
        for (const std::string& k : kernels) {
          rows_out.push_back(
              {k + " active", {r.us(r.stat("breakdown.kernel." + k + ".active")), 0}});
          rows_out.push_back({k + " busy", {0, r.us(r.stat("breakdown.kernel." + k + ".busy"))}});
        }
        return svg_bars(rows_out, kernel_series, max_kernel, "us");
      },
      html_legend(kernel_series));

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
  html += section(
      "Energy per unit",
      "Dynamic energy (energy per action from the chip config x actions) and static energy "
      "(static power x run time), in uJ.",
      runs,
      [&](const RunView& r) {
        std::vector<BarRow> rows_out;
        for (const std::string& u : energy_units) {
          rows_out.push_back(
              {u, {r.stat("energy." + u + ".dynamic"), r.stat("energy." + u + ".static")}});
        }
        return svg_bars(rows_out, energy_series, max_energy, "uJ");
      },
      html_legend(energy_series));

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

  // Op counts.
  std::vector<std::pair<std::string, std::vector<std::string>>> ops = {
      {"instructions",
       per_run(runs, [](const RunView& r) { return fmt_num(r.stat("workload.instructions")); })},
      {"limb (I)NTTs",
       per_run(runs, [](const RunView& r) { return fmt_num(r.stat("workload.limb_ntts")); })},
      {"int8 MACs",
       per_run(runs, [](const RunView& r) { return fmt_num(r.stat("units.mxu.int8_macs")); })},
      {"VPU ALU ops",
       per_run(runs, [](const RunView& r) { return fmt_num(r.stat("units.vpu.alu_ops")); })},
  };
  for (const std::string& c : child_names(runs, "workload.vpu_ops", true)) {
    ops.push_back({"VPU " + c + " ops", per_run(runs, [&](const RunView& r) {
                     return fmt_num(r.stat("workload.vpu_ops." + c));
                   })});
  }
  ops.push_back({"DMA transfers", per_run(runs, [](const RunView& r) {
                   return fmt_num(r.stat("units.dma.transfers"));
                 })});
  ops.push_back({"HBM bytes", per_run(runs, [](const RunView& r) {
                   return fmt_num(r.stat("units.hbm.bytes"));
                 })});
  ops.push_back({"VMEM bytes read", per_run(runs, [](const RunView& r) {
                   return fmt_num(r.stat("units.vmem.read_bytes"));
                 })});
  ops.push_back({"VMEM bytes written", per_run(runs, [](const RunView& r) {
                   return fmt_num(r.stat("units.vmem.write_bytes"));
                 })});
  html += "<section><h2>Operation counts</h2>" + table(runs, ops) + "</section>\n";

  html += section("Configuration",
                  "The chip and the workload after includes and overrides "
                  "(config.effective.yaml).",
                  runs, [](const RunView& r) {
                    return fmt::format("<pre>{}</pre>", html_escape(r.run->config_yaml));
                  });
  html += "</main></body></html>\n";
  return html;
}

}  // namespace hesa
