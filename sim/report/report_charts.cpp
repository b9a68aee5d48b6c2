#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "sim/report/report_page.hpp"
#include "workloads/kernels/kernel_registry.hpp"

namespace hesa {

namespace {

constexpr int kBins = 240;

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

}  // namespace

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

  return html;
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
