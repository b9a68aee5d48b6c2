#include "sim/report/report_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hesa {

namespace {

constexpr int kWidth = 560;
constexpr int kLabelW = 130;
constexpr const char* kFont = "font-family=\"sans-serif\" font-size=\"11\"";

std::string svg_open(int w, int h) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "{}>",
      w, h, w, h, kFont);
}

// Text extents estimated from the font size (11 px: about 0.6 em a character), for placing
// labels where they overlap nothing already drawn.
constexpr double kCharWidth = 6.6, kFontSize = 11;
struct TextBox {
  double x0, y0, x1, y1;
  bool overlaps(const TextBox& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};
// The box of `chars` characters drawn at (x, baseline y); anchor 's'tart, 'm'iddle or 'e'nd.
TextBox text_box(double x, double y, std::size_t chars, char anchor) {
  const double w = kCharWidth * static_cast<double>(chars);
  const double x0 = anchor == 'e' ? x - w : anchor == 'm' ? x - w / 2 : x;
  return {x0 - 1, y - 0.8 * kFontSize - 1, x0 + w + 1, y + 0.2 * kFontSize + 1};
}

std::string num(double v) {
  if (std::fabs(v) >= 1000 && std::fabs(v) < 1e9) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}

// A "nice" axis end at or above v: 1, 2 or 5 times a power of ten.
double nice_ceil(double v) {
  if (!(v > 0)) return 1;
  const double p = std::pow(10, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (v <= m * p * (1 + 1e-12)) return m * p;
  }
  return 10 * p;
}

}  // namespace

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

SvgLegend svg_legend(const std::vector<Series>& series, double x, double y, double width,
                     char mark) {
  constexpr double kRow = 15, kSwatch = 14, kGap = 14;
  SvgLegend out;
  if (series.empty()) return out;
  out.svg = "<g class=\"legend\">";
  double at = x;
  int row = 0;
  for (const Series& s : series) {
    const double w = kSwatch + kCharWidth * static_cast<double>(s.name.size());
    if (at > x && at + w > x + width) at = x, ++row;
    const double base = y + kRow * row + 11;  // the text's baseline
    if (mark == 'c') {
      out.svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"/>", at + 5,
                             base - 4, s.color);
    } else if (mark == 'l') {
      out.svg += fmt::format(
          "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"{3}\" "
          "stroke-width=\"2\"/>",
          at, base - 4, at + 11, s.color);
    } else {
      out.svg +=
          fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"10\" fill=\"{}\"/>",
                      at, base - 9, s.color);
    }
    out.svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#333\">{}</text>", at + kSwatch,
                           base, html_escape(s.name));
    at += w + kGap;
  }
  out.svg += "</g>";
  out.height = kRow * (row + 1);
  return out;
}

std::string svg_bars(const std::vector<BarRow>& rows, const std::vector<Series>& series, double max,
                     const std::string& unit) {
  const double end = nice_ceil(max);
  const int row_h = 20, top = 6, plot_w = kWidth - kLabelW - 70;
  const int axis_h = top + row_h * static_cast<int>(rows.size()) + 38;
  // A legend of the series drawn, unless each row draws only the series it is named after.
  std::vector<Series> used;
  bool named_rows = true;
  for (size_t p = 0; p < series.size(); ++p) {
    bool drawn = false;
    for (const BarRow& r : rows) {
      if (p >= r.parts.size() || !(r.parts[p] > 0)) continue;
      drawn = true;
      named_rows = named_rows && r.label == series[p].name;
    }
    if (drawn) used.push_back(series[p]);
  }
  const SvgLegend legend = named_rows ? SvgLegend{} : svg_legend(used, 10, axis_h, kWidth - 20);
  const int h = axis_h + static_cast<int>(std::ceil(legend.height)) + (legend.height > 0 ? 4 : 0);
  std::string out = svg_open(kWidth, h);
  for (int t = 0; t <= 4; ++t) {
    const double x = kLabelW + plot_w * t / 4.0;
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#ddd\"/>"
        "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
        x, top, x, axis_h - 34, x, axis_h - 20, num(end * t / 4));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
                     kLabelW + plot_w / 2, axis_h - 4, html_escape(unit));
  out += legend.svg;
  for (size_t r = 0; r < rows.size(); ++r) {
    const int y = top + row_h * static_cast<int>(r);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", kLabelW - 6, y + 14,
                       html_escape(rows[r].label));
    double x = kLabelW, total = 0;
    for (size_t p = 0; p < rows[r].parts.size() && p < series.size(); ++p) {
      const double v = rows[r].parts[p];
      const double w = plot_w * std::max(0.0, v) / end;
      total += v;
      if (w <= 0) continue;
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"><title>{}: {} "
          "{}</title></rect>",
          x, y + 3, w, row_h - 6, series[p].color, html_escape(series[p].name), num(v),
          html_escape(unit));
      x += w;
    }
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" fill=\"#333\">{}</text>", x + 4, y + 14,
                       num(total));
  }
  return out + "</svg>";
}

std::string svg_lanes(const std::vector<Lane>& lanes, const std::vector<Series>& series,
                      double run_us, double axis_us) {
  const int lane_h = 30, gap = 4, top = 4, plot_w = kWidth - kLabelW - 50;
  const int axis_h = top + (lane_h + gap) * static_cast<int>(lanes.size()) + 36;
  // A legend of the series drawn in any lane.
  std::vector<Series> used;
  for (size_t s = 0; s < series.size(); ++s) {
    bool drawn = false;
    for (const Lane& lane : lanes) {
      for (const auto& b : lane.bins) drawn = drawn || (s < b.size() && b[s] > 0);
    }
    if (drawn) used.push_back(series[s]);
  }
  const SvgLegend legend = svg_legend(used, 10, axis_h + 2, kWidth - 20);
  const int h = axis_h + static_cast<int>(std::ceil(legend.height)) + (legend.height > 0 ? 6 : 0);
  const double end = axis_us > 0 ? axis_us : 1;
  std::string out = svg_open(kWidth, h);
  for (size_t l = 0; l < lanes.size(); ++l) {
    const Lane& lane = lanes[l];
    const int y0 = top + (lane_h + gap) * static_cast<int>(l);
    const int nb = static_cast<int>(lane.bins.size());
    double avg = 0;
    for (const auto& b : lane.bins) {
      for (double v : b) avg += v;
    }
    avg = nb ? avg / nb : 0;
    out += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{}\" y=\"{}\" "
        "width=\"{:.1f}\" height=\"{}\" fill=\"#f4f4f4\"/>",
        kLabelW - 6, y0 + lane_h / 2 + 4, html_escape(lane.name), kLabelW, y0,
        plot_w * run_us / end, lane_h);
    // One filled polygon per series, stacked: lower edge = sum of earlier series.
    std::vector<double> below(nb, 0.0);
    for (size_t s = 0; s < series.size(); ++s) {
      bool any = false;
      for (int b = 0; b < nb; ++b) any = any || (s < lane.bins[b].size() && lane.bins[b][s] > 0);
      if (!any) continue;
      std::string upper, lower;
      for (int b = 0; b < nb; ++b) {
        const double v = s < lane.bins[b].size() ? lane.bins[b][s] : 0;
        const double x0 = kLabelW + plot_w * (run_us * b / nb) / end;
        const double x1 = kLabelW + plot_w * (run_us * (b + 1) / nb) / end;
        const double yt = y0 + lane_h * (1 - std::min(1.0, below[b] + v));
        const double yb = y0 + lane_h * (1 - std::min(1.0, below[b]));
        upper += fmt::format("{:.1f},{:.1f} {:.1f},{:.1f} ", x0, yt, x1, yt);
        lower = fmt::format("{:.1f},{:.1f} {:.1f},{:.1f} ", x1, yb, x0, yb) + lower;
        below[b] += v;
      }
      out += fmt::format("<polygon points=\"{}{}\" fill=\"{}\"><title>{} on {}</title></polygon>",
                         upper, lower, series[s].color, html_escape(series[s].name),
                         html_escape(lane.name));
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#333\">{:.0f} %</text>",
                       kLabelW + plot_w + 6, y0 + lane_h / 2 + 4, 100 * avg);
  }
  const int axis_y = top + (lane_h + gap) * static_cast<int>(lanes.size());
  const double step = nice_ceil(end / 5);
  for (int t = 0; t * step <= end * (1 + 1e-9); ++t) {
    const double x = kLabelW + plot_w * t * step / end;
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
                       x, axis_y + 14, num(t * step));
  }
  out +=
      fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">time (us)</text>",
                  kLabelW + plot_w / 2, axis_y + 30);
  return out + legend.svg + "</svg>";
}

std::string svg_roofline(const std::vector<Ceiling>& ceilings, double bandwidth_gbps,
                         const std::vector<RoofPoint>& points, const RoofScale& sc) {
  const int left = 60, top = 10, plot_w = kWidth - left - 20, plot_h = 260;
  const int h = top + plot_h + 40;
  const auto px = [&](double v) {
    return left + plot_w * (std::log10(v) - sc.x_min) / (sc.x_max - sc.x_min);
  };
  const auto py = [&](double v) {
    return top + plot_h * (1 - (std::log10(v) - sc.y_min) / (sc.y_max - sc.y_min));
  };
  std::string out = svg_open(kWidth, h);
  out += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fafafa\" "
      "stroke=\"#ccc\"/>",
      left, top, plot_w, plot_h);
  for (int d = static_cast<int>(sc.x_min); d <= sc.x_max; ++d) {
    const double x = px(std::pow(10, d));
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#e4e4e4\"/><text "
        "x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">1e{}</text>",
        x, top, x, top + plot_h, x, top + plot_h + 14, d);
  }
  for (int d = static_cast<int>(sc.y_min); d <= sc.y_max; ++d) {
    const double y = py(std::pow(10, d));
    out += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#e4e4e4\"/><text x=\"{}\" "
        "y=\"{:.1f}\" text-anchor=\"end\" fill=\"#555\">1e{}</text>",
        left, y, left + plot_w, y, left - 4, y + 4, d);
  }
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">operations per HBM byte</text>"
      "<text x=\"12\" y=\"{}\" fill=\"#333\" transform=\"rotate(-90 12 {})\" "
      "text-anchor=\"middle\">G operations / s</text>",
      left + plot_w / 2, h - 8, top + plot_h / 2, top + plot_h / 2);
  const double x_lo = std::pow(10, sc.x_min), x_hi = std::pow(10, sc.x_max);
  for (const Ceiling& c : ceilings) {
    if (!(c.peak > 0)) continue;  // a rate the chip does not have (no int8 MXU)
    // The roof: bandwidth x intensity up to the ridge, then flat at the peak.
    const double ridge = c.peak / bandwidth_gbps;
    const double x0 = std::max(x_lo, std::pow(10, sc.y_min) / bandwidth_gbps);
    std::string pts;
    if (ridge > x0) {
      pts += fmt::format("{:.1f},{:.1f} ", px(x0), py(bandwidth_gbps * x0));
    }
    pts += fmt::format("{:.1f},{:.1f} {:.1f},{:.1f}", px(std::clamp(ridge, x_lo, x_hi)), py(c.peak),
                       px(x_hi), py(c.peak));
    out += fmt::format(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.5\"/><text "
        "x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"#333\">{} {} G/s</text>",
        pts, left + plot_w - 4, py(c.peak) - 4, html_escape(c.label), num(c.peak));
  }
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#333\">HBM {} GB/s</text>",
                     px(x_lo) + 4, py(bandwidth_gbps * x_lo) - 6, num(bandwidth_gbps));
  // Each point numbered, its number placed beside it where it overlaps no text already placed
  // (the ceilings' labels, earlier numbers); the numbers are named in a legend under the plot.
  std::vector<TextBox> placed;
  for (const Ceiling& c : ceilings) {
    placed.push_back(text_box(left + plot_w - 4, py(c.peak) - 4,
                              html_escape(c.label).size() + 14 + num(c.peak).size(), 'e'));
  }
  placed.push_back(
      text_box(px(x_lo) + 4, py(bandwidth_gbps * x_lo) - 6, 10 + num(bandwidth_gbps).size(), 's'));
  std::string legend;
  // Legend columns as wide as the longest name allows.
  std::size_t longest = 0;
  for (const RoofPoint& p : points) longest = std::max(longest, p.label.size());
  const int legend_left = 10, row_h = 15;
  const int col_w = static_cast<int>(24 + kCharWidth * (longest + 3));
  const int cols = std::max(1, (kWidth - 2 * legend_left) / col_w);
  const int legend_top = h + 4;
  int shown = 0;
  for (const RoofPoint& p : points) {
    if (!(p.intensity > 0) || !(p.perf > 0)) continue;
    const double x = px(std::clamp(p.intensity, x_lo, x_hi));
    const double y = py(std::clamp(p.perf, std::pow(10, sc.y_min), std::pow(10, sc.y_max)));
    const std::string number = std::to_string(++shown);
    out += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5\" fill=\"{}\" stroke=\"#222\"><title>{}: {} "
        "op/B, {} G/s</title></circle>",
        x, y, p.color, html_escape(p.label), num(p.intensity), num(p.perf));
    // Right, left, above, below, then further out.
    const std::pair<double, double> offsets[] = {
        {8, 4},  {-8, 4},  {0, -8},  {0, 16}, {8, -8},   {-8, -8},   {8, 16},  {-8, 16},
        {16, 4}, {-16, 4}, {0, -18}, {0, 26}, {16, -14}, {-16, -14}, {16, 22}, {-16, 22}};
    for (const auto& [dx, dy] : offsets) {
      const char anchor = dx > 0 ? 's' : dx < 0 ? 'e' : 'm';
      const TextBox box = text_box(x + dx, y + dy, number.size(), anchor);
      const bool inside =
          box.x0 >= left && box.x1 <= left + plot_w && box.y0 >= top && box.y1 <= top + plot_h;
      if (!inside || std::any_of(placed.begin(), placed.end(),
                                 [&](const TextBox& b) { return b.overlaps(box); })) {
        continue;
      }
      placed.push_back(box);
      out += fmt::format(
          "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" fill=\"#222\" "
          "font-weight=\"bold\">{}</text>",
          x + dx, y + dy,
          anchor == 's'   ? "start"
          : anchor == 'e' ? "end"
                          : "middle",
          number);
      break;
    }
    const int row = (shown - 1) / cols, col = (shown - 1) % cols;
    legend += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\" stroke=\"#222\"/><text x=\"{}\" "
        "y=\"{}\" fill=\"#222\"><tspan font-weight=\"bold\">{}</tspan> {}</text>",
        legend_left + col * col_w + 4, legend_top + row * row_h + 6, p.color,
        legend_left + col * col_w + 12, legend_top + row * row_h + 10, number,
        html_escape(p.label));
  }
  if (shown > 0) {
    const int rows = (shown + cols - 1) / cols;
    const int total = legend_top + rows * row_h + 4;
    // The legend extends the drawing: the height in the opening tag grows with it.
    const std::string old_open = svg_open(kWidth, h), new_open = svg_open(kWidth, total);
    out.replace(0, old_open.size(), new_open);
    out += "<g class=\"legend\">" + legend + "</g>";
  }
  return out + "</svg>";
}

}  // namespace hesa
