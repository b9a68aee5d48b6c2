#include "sim/sweep/sweep_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hesa {

std::string short_number(double v) {
  return fmt::format("{:.4g}", v);
}

void mark_pareto_front(std::vector<ChartDot>& dots) {
  std::vector<std::size_t> order(dots.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return dots[a].x != dots[b].x ? dots[a].x < dots[b].x : dots[a].y < dots[b].y;
  });
  double best = INFINITY;
  for (std::size_t i : order) {
    if (dots[i].y < best) {
      dots[i].front = true;
      best = dots[i].y;
    }
  }
}

namespace {

// Axis range with a little margin; a single value gets a range around it.
std::pair<double, double> range_of(const std::vector<double>& v) {
  double lo = *std::min_element(v.begin(), v.end()), hi = *std::max_element(v.begin(), v.end());
  if (hi <= lo) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.05;
    return {lo - pad, hi + pad};
  }
  const double pad = (hi - lo) * 0.06;
  // Times, energies and areas are never negative: the margin stops at zero.
  return {lo >= 0 ? std::max(0.0, lo - pad) : lo - pad, hi + pad};
}

}  // namespace

std::string svg_scatter(const std::string& title, const std::string& xlabel,
                        const std::string& ylabel, std::vector<ChartDot> dots) {
  const double W = 560, H = 360, L = 84, R = 40, T = 30, B = 50;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n"
      "<text x=\"{}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{}</text>\n",
      W, H, L, html_escape(title));
  if (dots.empty()) return svg + "<text x=\"70\" y=\"60\">no finished points</text></svg>\n";
  mark_pareto_front(dots);
  std::vector<double> xs, ys;
  for (const ChartDot& d : dots) xs.push_back(d.x), ys.push_back(d.y);
  // Plain variables, not structured bindings: clang 14 cannot capture those in lambdas.
  const auto x_range = range_of(xs), y_range = range_of(ys);
  const double x0 = x_range.first, x1 = x_range.second;
  const double y0 = y_range.first, y1 = y_range.second;
  const auto px = [&](double x) { return L + (x - x0) / (x1 - x0) * (W - L - R); };
  const auto py = [&](double y) { return H - B - (y - y0) / (y1 - y0) * (H - T - B); };
  svg += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>\n", L, T,
      W - L - R, H - T - B);
  for (int i = 0; i <= 4; ++i) {
    const double xv = x0 + (x1 - x0) * i / 4, yv = y0 + (y1 - y0) * i / 4;
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n"
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
        px(xv), H - B + 15, short_number(xv), L - 4, py(yv) + 4, short_number(yv));
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                     L + (W - L - R) / 2, H - 12, html_escape(xlabel));
  svg += fmt::format(
      "<text x=\"12\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {})\">{}</text>\n",
      T + (H - T - B) / 2, T + (H - T - B) / 2, html_escape(ylabel));
  std::vector<const ChartDot*> front;
  for (const ChartDot& d : dots) {
    if (d.front) front.push_back(&d);
  }
  std::sort(front.begin(), front.end(),
            [](const ChartDot* a, const ChartDot* b) { return a->x < b->x; });
  std::string line;
  for (const ChartDot* d : front) line += fmt::format("{:.1f},{:.1f} ", px(d->x), py(d->y));
  svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#d62728\"/>\n", line);
  for (const ChartDot& d : dots) {
    svg += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"{}\"><title>{} ({}, {})</title>"
        "</circle>\n",
        px(d.x), py(d.y), d.front ? 4 : 3, d.front ? "#d62728" : "#1f77b4aa", html_escape(d.label),
        short_number(d.x), short_number(d.y));
  }
  return svg + "</svg>\n";
}

std::string heat_color(double u) {
  const double t = std::clamp(u, 0.0, 1.0);
  const int r = static_cast<int>(std::lround(255 - t * 224)),
            g = static_cast<int>(std::lround(255 - t * 136)),
            b = static_cast<int>(std::lround(255 - t * 75));
  return fmt::format("#{:02x}{:02x}{:02x}", r, g, b);
}

}  // namespace hesa
