// Inline SVG charts for report.html, plain strings with no scripts: horizontal stacked bars,
// stacked utilization lanes over time, and a log-log roofline. Callers pass shared scales so
// runs shown side by side are comparable.
#pragma once

#include <string>
#include <vector>

namespace hesa {

std::string html_escape(const std::string& s);

struct BarRow {
  std::string label;
  std::vector<double> parts;  // stacked left to right
};
struct Series {
  std::string name, color;
};
// One bar per row, parts coloured by `series`; the axis runs from 0 to `max`.
std::string svg_bars(const std::vector<BarRow>& rows, const std::vector<Series>& series, double max,
                     const std::string& unit);

struct Lane {
  std::string name;
  std::vector<std::vector<double>> bins;  // per time bin, busy fraction per series (sums <= 1)
};
// One lane per unit, stacked top to bottom; x is time from 0 to time_us (bins cover [0, run_us]).
std::string svg_lanes(const std::vector<Lane>& lanes, const std::vector<Series>& series,
                      double run_us, double axis_us);

struct Ceiling {
  std::string label;
  double peak;  // G ops per second
};
struct RoofPoint {
  std::string label, color;
  double intensity;  // ops per byte
  double perf;       // G ops per second
};
struct RoofScale {
  double x_min, x_max, y_min, y_max;  // decades, inclusive
};
std::string svg_roofline(const std::vector<Ceiling>& ceilings, double bandwidth_gbps,
                         const std::vector<RoofPoint>& points, const RoofScale& scale);

// A legend drawn inside a chart, so the chart reads on its own (charts/*.svg): one swatch and
// name per series, left to right from (x, y) (y: the top of the first row), wrapping at x + width.
// The mark is a 's'quare, a 'c'ircle or a 'l'ine. Entries are grouped in <g class="legend">.
struct SvgLegend {
  std::string svg;
  double height = 0;  // of the rows drawn
};
SvgLegend svg_legend(const std::vector<Series>& series, double x, double y, double width,
                     char mark = 's');

}  // namespace hesa
