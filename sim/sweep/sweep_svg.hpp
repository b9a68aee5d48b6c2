// Plain SVG pieces for sweep.html: a scatter plot with its Pareto front (both axes minimized),
// a white-to-blue color scale, and HTML escaping. Deterministic text (fixed number formats).
#pragma once

#include <string>
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

// 0 -> white, 1 -> dark blue (values are clamped), as "#rrggbb".
std::string heat_color(double fraction);

}  // namespace hesa
