// Axes and the pieces of sweep.html's charts that need them: a linear or logarithmic scale with
// distinct, round tick labels (logarithmic when every value is positive and they span more than
// 100x), and line charts of a metric against a swept axis (one line
// per value of a second axis). Text extents are estimated as 0.6 em a character.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace hesa {

struct AxisScale {
  double lo = 0, hi = 1;
  bool log = false;
  std::vector<double> ticks;
  int decimals = 0;                   // of linear tick labels, so neighbours differ
  double fraction(double v) const;    // 0 at lo, 1 at hi
  std::string label(double v) const;  // a tick's text
};

// A scale covering `values` (a single value gets a range around it); `from_zero`: a linear scale
// of non-negative values starts at 0 when its margin would cross it.
AxisScale axis_scale(const std::vector<double>& values);

struct LineSeries {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y), in x order
};
// A line chart as a standalone <svg> (data-chart = `name`). With `x_labels`, x values are
// indices into them (a categorical axis); else the x axis is a scale of its own.
std::string svg_lines(const std::string& name, const std::string& title, const std::string& xlabel,
                      const std::string& ylabel, const std::vector<LineSeries>& series,
                      const std::vector<std::string>& x_labels);

}  // namespace hesa
