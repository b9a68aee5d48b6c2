// Building blocks of report.html shared by its sections: a run as a report column (RunView),
// sections with one column per run, tables with one row per quantity, number formatting and the
// category colours. Internal to sim/report_*.cpp.
#pragma once

#include <string>
#include <vector>

#include "sim/report/report_data.hpp"
#include "sim/report/report_svg.hpp"

namespace hesa {

struct RunView {
  const RunData* run;
  std::string title;
  double time_us, ghz;  // clock from cycles / time
  double stat(const std::string& path) const { return stat_value(run->stats, path); }
  double us(double cycles) const { return ghz > 0 ? cycles / ghz * 1e-3 : 0; }
};

std::string fmt_num(double v);
std::vector<Series> category_series();
// Series index of a category id (unknown ids count as "other").
int series_of(const std::string& cat);

// One section: a title, a note, and one column per run filled by `cell` (a chart draws its own
// legend, so that it reads on its own in charts/).
template <typename Cell>
std::string section(const std::string& title, const std::string& note,
                    const std::vector<RunView>& runs, Cell cell) {
  std::string out = "<section><h2>" + html_escape(title) + "</h2>";
  if (!note.empty()) out += "<p class=\"note\">" + note + "</p>";
  out += "<div class=\"cols\">";
  for (const RunView& r : runs) {
    out += "<div><h3>" + html_escape(r.title) + "</h3>" + cell(r) + "</div>";
  }
  return out + "</div></section>\n";
}

using TableRows = std::vector<std::pair<std::string, std::vector<std::string>>>;
// A table with one row per quantity and one column per run.
std::string table(const std::vector<RunView>& runs, const TableRows& rows);

template <typename F>
std::vector<std::string> per_run(const std::vector<RunView>& runs, F f) {
  std::vector<std::string> cells;
  for (const RunView& r : runs) cells.push_back(f(r));
  return cells;
}

// Kernels in any run's stats.breakdown.kernel, in order of appearance.
std::vector<std::string> kernels_of(const std::vector<RunView>& runs);
// Names under a stats path in any run: its leaves (leaves = true) or its subtrees.
std::vector<std::string> child_names(const std::vector<RunView>& runs, const std::string& path,
                                     bool leaves);

// The lanes of the utilization chart: one per unit instance, a track spread over lanes in
// trace.json ("hbm lane 0", "hbm lane 1") taken as one lane busy while any of its lanes is; each
// bin's busy fraction is at most 1 (report_charts.cpp).
std::vector<Lane> utilization_lanes(const RunData& run, double time_us);
// "hbm lane 1" -> "hbm"; other names unchanged.
std::string lane_base_name(const std::string& track);

// The chart sections (report_charts.cpp).
std::string bottleneck_section(const std::vector<RunView>& runs);
std::string utilization_section(const std::vector<RunView>& runs);
std::string category_sections(const std::vector<RunView>& runs);
std::string kernel_section(const std::vector<RunView>& runs);
// Time and kernel mix by phase; empty when no run has phases (report_phases.cpp).
std::string phase_section(const std::vector<RunView>& runs);
std::string energy_section(const std::vector<RunView>& runs);
// Per chip and per link of a slice; empty when no run is a slice's (report_slice.cpp).
std::string slice_section(const std::vector<RunView>& runs);
std::string roofline_section(const std::vector<RunView>& runs);

}  // namespace hesa
