// Plain SVG pieces for sweep.html: a scatter plot with its Pareto front (both axes minimized),
// a light-yellow-to-dark-blue colour scale, and HTML escaping. Deterministic text (fixed number
// formats).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/report/report_svg.hpp"  // html_escape

namespace hesa {

std::string short_number(double v);  // 4 significant digits

struct ChartDot {
  double x, y;
  std::string label;  // tooltip
  bool front = false;
};

// Marks the dots no other dot beats on both x and y.
void mark_pareto_front(std::vector<ChartDot>& dots);

// A scatter plot of the dots, the Pareto front in red and joined by a line.
std::string svg_scatter(const std::string& title, const std::string& xlabel,
                        const std::string& ylabel, std::vector<ChartDot> dots);

// 0 -> light yellow, 1 -> dark blue (values are clamped), as "#rrggbb".
std::string heat_color(double fraction);

// A vertical colour bar of the heat-map palette at (x, y), `h` high, with labelled ticks
// (fraction of the scale, text); an SVG group of class "colour-bar".
std::string colour_bar(double x, double y, double h,
                       const std::vector<std::pair<double, std::string>>& ticks);

}  // namespace hesa
