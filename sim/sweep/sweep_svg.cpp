#include "sim/sweep/sweep_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/sweep/sweep_axes.hpp"

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

std::string svg_scatter(const std::string& title, const std::string& xlabel,
                        const std::string& ylabel, std::vector<ChartDot> dots) {
  // The plot is H high; the legend under it names the two colours of dots.
  const double W = 560, H = 360, L = 84, R = 40, T = 30, B = 50, legend_h = 20;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"pareto {}\" width=\"{}\" "
      "height=\"{}\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"{}\" "
      "height=\"{}\" fill=\"white\"/>\n"
      "<text x=\"{}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{}</text>\n",
      html_escape(title), W, H + legend_h, W, H + legend_h, L, html_escape(title));
  if (dots.empty()) return svg + "<text x=\"70\" y=\"60\">no finished points</text></svg>\n";
  mark_pareto_front(dots);
  std::vector<double> xs, ys;
  for (const ChartDot& d : dots) xs.push_back(d.x), ys.push_back(d.y);
  // Round ticks with distinct labels; logarithmic when the values span more than 100x.
  const AxisScale sx = axis_scale(xs), sy = axis_scale(ys);
  const auto px = [&](double x) { return L + sx.fraction(x) * (W - L - R); };
  const auto py = [&](double y) { return H - B - sy.fraction(y) * (H - T - B); };
  svg += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>\n", L, T,
      W - L - R, H - T - B);
  std::size_t widest = 1;
  for (double t : sx.ticks) widest = std::max(widest, sx.label(t).size());
  const double room = (W - L - R) / std::max<std::size_t>(1, sx.ticks.size());
  const std::size_t every =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((6.6 * widest + 6) / room)));
  for (std::size_t i = 0; i < sx.ticks.size(); i += every) {
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                       px(sx.ticks[i]), H - B + 15, sx.label(sx.ticks[i]));
  }
  for (double t : sy.ticks) {
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", L - 4,
                       py(t) + 4, sy.label(t));
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                     L + (W - L - R) / 2, H - 12, html_escape(xlabel + (sx.log ? " (log)" : "")));
  svg += fmt::format(
      "<text x=\"12\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {})\">{}</text>\n",
      T + (H - T - B) / 2, T + (H - T - B) / 2, html_escape(ylabel + (sy.log ? " (log)" : "")));
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
  svg += svg_legend({{"Pareto front: no other point is lower on both axes", "#d62728"},
                     {"other points", "#1f77b4aa"}},
                    L, H, W - L - 10, 'c')
             .svg;
  return svg + "\n</svg>\n";
}

std::string heat_color(double u) {
  // Light yellow through green and blue to dark blue (ColorBrewer YlGnBu): a small value is
  // visibly coloured, not white.
  static constexpr int kStops[][3] = {
      {255, 255, 217}, {199, 233, 180}, {65, 182, 196}, {34, 94, 168}, {8, 29, 88}};
  const double t = std::clamp(u, 0.0, 1.0) * 4;
  const int i = std::min(3, static_cast<int>(t));
  const double f = t - i;
  int c[3];
  for (int k = 0; k < 3; ++k) {
    c[k] = static_cast<int>(std::lround(kStops[i][k] + f * (kStops[i + 1][k] - kStops[i][k])));
  }
  return fmt::format("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
}

std::string colour_bar(double x, double y, double h,
                       const std::vector<std::pair<double, std::string>>& ticks) {
  constexpr int kSteps = 20;
  std::string out = "<g class=\"colour-bar\">";
  for (int i = 0; i < kSteps; ++i) {
    // Top: 1, bottom: 0.
    const double f = 1 - (i + 0.5) / kSteps;
    out +=
        fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"{:.2f}\" fill=\"{}\"/>",
                    x, y + h * i / kSteps, h / kSteps + 0.3, heat_color(f));
  }
  out += fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"{:.1f}\" fill=\"none\" "
      "stroke=\"#888\"/>",
      x, y, h);
  for (const auto& [f, text] : ticks) {
    const double ty = y + h * (1 - f);
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#444\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>",
        x + 12, ty, x + 15, ty, x + 17, ty + 4, html_escape(text));
  }
  return out + "</g>\n";
}

}  // namespace hesa
