#include "sim/sweep/sweep_axes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/io/number_format.hpp"
#include "sim/report/report_svg.hpp"  // html_escape

namespace hesa {

namespace {

constexpr double kChar = 6.6;  // px per character at 11 px

const char* const kLineColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

}  // namespace

double AxisScale::fraction(double v) const {
  if (log) return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
  return (v - lo) / (hi - lo);
}

std::string AxisScale::label(double v) const {
  if (log) {
    const int d = static_cast<int>(std::lround(std::log10(v)));
    return d >= -3 && d <= 5 ? format_number(std::pow(10.0, d)) : fmt::format("1e{}", d);
  }
  const double t = std::fabs(v) < 1e-12 * std::max(std::fabs(lo), std::fabs(hi)) ? 0 : v;
  return fmt::format("{:.{}f}", t, decimals);
}

AxisScale axis_scale(const std::vector<double>& values) {
  AxisScale s;
  if (values.empty()) return s;
  double lo = *std::min_element(values.begin(), values.end());
  double hi = *std::max_element(values.begin(), values.end());
  if (lo > 0 && hi / lo > 100) {
    s.log = true;
    s.lo = std::pow(10.0, std::floor(std::log10(lo)));
    s.hi = std::pow(10.0, std::ceil(std::log10(hi)));
    if (s.hi <= s.lo) s.hi = s.lo * 10;
    for (double d = std::log10(s.lo); d <= std::log10(s.hi) + 1e-9; ++d) {
      s.ticks.push_back(std::pow(10.0, d));
    }
    return s;
  }
  if (hi <= lo) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.05;
    lo -= pad, hi += pad;
  } else {
    const double pad = (hi - lo) * 0.06;
    lo = lo >= 0 ? std::max(0.0, lo - pad) : lo - pad;
    hi += pad;
  }
  // Round steps of 1, 2 or 5 times a power of ten, about five ticks.
  const double raw = (hi - lo) / 5, mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double step = raw / mag < 1.5   ? mag
                      : raw / mag < 3.5 ? 2 * mag
                      : raw / mag < 7.5 ? 5 * mag
                                        : 10 * mag;
  s.lo = std::floor(lo / step) * step;
  s.hi = std::ceil(hi / step) * step;
  for (double t = s.lo; t <= s.hi + step * 1e-6; t += step) s.ticks.push_back(t);
  s.decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
  return s;
}

std::string svg_lines(const std::string& name, const std::string& title, const std::string& xlabel,
                      const std::string& ylabel, const std::vector<LineSeries>& series,
                      const std::vector<std::string>& x_labels) {
  std::vector<double> xs, ys;
  std::size_t longest = 0;
  for (const LineSeries& s : series) {
    longest = std::max(longest, s.name.size());
    for (const auto& [x, y] : s.points) xs.push_back(x), ys.push_back(y);
  }
  const AxisScale sy = axis_scale(ys);
  AxisScale sx;
  if (x_labels.empty()) {
    sx = axis_scale(xs);
  } else {
    sx.lo = -0.5, sx.hi = static_cast<double>(x_labels.size()) - 0.5;
    for (std::size_t i = 0; i < x_labels.size(); ++i) sx.ticks.push_back(static_cast<double>(i));
  }
  std::size_t widest_y = 0;
  for (double t : sy.ticks) widest_y = std::max(widest_y, sy.label(t).size());
  const double legend_w = series.size() > 1 ? 30 + kChar * longest : 0;
  const double L = 30 + kChar * widest_y, R = 20 + legend_w, T = 30, B = 56;
  const double W = std::max(560.0, L + 300 + R), H = 340;
  const auto px = [&](double x) { return L + sx.fraction(x) * (W - L - R); };
  const auto py = [&](double y) { return H - B - sy.fraction(y) * (H - T - B); };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"{}\" width=\"{}\" height=\"{}\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"{}\" height=\"{}\" "
      "fill=\"white\"/>\n<text x=\"{}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{}</text>\n",
      html_escape(name), W, H, W, H, L, html_escape(title));
  svg += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>\n", L, T,
      W - L - R, H - T - B);
  // x tick labels: every one when they fit, else every k-th.
  std::size_t widest_x = 1;
  for (std::size_t i = 0; i < sx.ticks.size(); ++i) {
    widest_x =
        std::max(widest_x, x_labels.empty() ? sx.label(sx.ticks[i]).size() : x_labels[i].size());
  }
  const double room = (W - L - R) / std::max<std::size_t>(1, sx.ticks.size());
  const std::size_t every =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((kChar * widest_x + 6) / room)));
  for (std::size_t i = 0; i < sx.ticks.size(); ++i) {
    const double x = px(sx.ticks[i]);
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#eee\"/>", x, T, H - B);
    if (i % every != 0) continue;
    svg +=
        fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x, H - B + 15,
                    html_escape(x_labels.empty() ? sx.label(sx.ticks[i]) : x_labels[i]));
  }
  for (double t : sy.ticks) {
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#eee\"/><text "
        "x=\"{3}\" "
        "y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
        L, py(t), W - R, L - 4, py(t) + 4, sy.label(t));
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}{}</text>\n",
                     L + (W - L - R) / 2, H - 14, html_escape(xlabel), sx.log ? " (log)" : "");
  svg += fmt::format(
      "<text x=\"12\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {0})\">{1}{2}"
      "</text>\n",
      T + (H - T - B) / 2, html_escape(ylabel), sy.log ? " (log)" : "");
  std::string legend;  // one line and name per series, right of the plot
  for (std::size_t k = 0; k < series.size(); ++k) {
    const LineSeries& s = series[k];
    const char* colour = kLineColours[k % std::size(kLineColours)];
    std::string pts;
    for (const auto& [x, y] : s.points) pts += fmt::format("{:.1f},{:.1f} ", px(x), py(y));
    svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.8\"/>",
                       pts, colour);
    for (const auto& [x, y] : s.points) {
      svg += fmt::format(
          "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{} {}: {}</title>"
          "</circle>",
          px(x), py(y), colour, html_escape(s.name), x_labels.empty() ? format_number(x) : "",
          fmt::format("{:.4g}", y));
    }
    if (series.size() > 1) {
      const double ly = T + 8 + 15 * static_cast<double>(k);
      legend += fmt::format(
          "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" stroke-width=\"2\"/>"
          "<text x=\"{4}\" y=\"{5}\">{6}</text>\n",
          W - legend_w + 4, ly, W - legend_w + 22, colour, W - legend_w + 26, ly + 4,
          html_escape(s.name));
    }
  }
  if (!legend.empty()) svg += "<g class=\"legend\">" + legend + "</g>\n";
  return svg + "</svg>\n";
}

}  // namespace hesa
