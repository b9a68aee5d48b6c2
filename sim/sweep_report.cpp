#include "sim/sweep_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "sim/stats.hpp"

namespace hesa {

namespace fs = std::filesystem;

namespace {

std::string esc(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
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

std::string num(double v) {
  return fmt::format("{:.4g}", v);
}

// "mxu.rows=128 mapping.reduction=barrett" for the chosen columns of a point.
std::string point_label(const Sweep& s, const SweepRow& row, int which /* 0 all, 1 chip, 2 wl */) {
  std::string out;
  for (std::size_t c = 0; c < s.columns.size(); ++c) {
    if (which == 1 && s.workload_column[c]) continue;
    if (which == 2 && !s.workload_column[c]) continue;
    out += fmt::format("{}{}={}", out.empty() ? "" : " ", s.columns[c], row.point->values[c]);
  }
  return out.empty() ? "(base)" : out;
}

struct Dot {
  double x, y;
  std::string label;
  bool front = false;
};

// Marks the points no other point beats in both x and y (both minimized).
void mark_front(std::vector<Dot>& dots) {
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

// Axis range with a little margin; a single value gets a range around it.
std::pair<double, double> range_of(const std::vector<double>& v) {
  double lo = *std::min_element(v.begin(), v.end()), hi = *std::max_element(v.begin(), v.end());
  if (hi <= lo) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.05;
    return {lo - pad, hi + pad};
  }
  const double pad = (hi - lo) * 0.06;
  return {lo - pad, hi + pad};
}

std::string scatter(const std::string& title, const std::string& xlabel, const std::string& ylabel,
                    std::vector<Dot> dots) {
  const double W = 560, H = 360, L = 70, R = 40, T = 30, B = 50;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n"
      "<text x=\"{}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{}</text>\n",
      W, H, L, esc(title));
  if (dots.empty()) return svg + "<text x=\"70\" y=\"60\">no finished points</text></svg>\n";
  mark_front(dots);
  std::vector<double> xs, ys;
  for (const Dot& d : dots) xs.push_back(d.x), ys.push_back(d.y);
  const auto [x0, x1] = range_of(xs);
  const auto [y0, y1] = range_of(ys);
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
        px(xv), H - B + 15, num(xv), L - 4, py(yv) + 4, num(yv));
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                     L + (W - L - R) / 2, H - 12, esc(xlabel));
  svg += fmt::format(
      "<text x=\"14\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">{}</text>\n",
      T + (H - T - B) / 2, T + (H - T - B) / 2, esc(ylabel));
  std::vector<const Dot*> front;
  for (const Dot& d : dots) {
    if (d.front) front.push_back(&d);
  }
  std::sort(front.begin(), front.end(), [](const Dot* a, const Dot* b) { return a->x < b->x; });
  std::string line;
  for (const Dot* d : front) line += fmt::format("{:.1f},{:.1f} ", px(d->x), py(d->y));
  svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#d62728\"/>\n", line);
  for (const Dot& d : dots) {
    svg += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"{}\"><title>{} ({}, {})</title>"
        "</circle>\n",
        px(d.x), py(d.y), d.front ? 4 : 3, d.front ? "#d62728" : "#1f77b4aa", esc(d.label),
        num(d.x), num(d.y));
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

std::string heat_map(const Sweep& s, const std::vector<const SweepRow*>& ok) {
  constexpr std::size_t kMaxRows = 400;
  const std::size_t n = std::min(ok.size(), kMaxRows);
  const double cell_w = 48, cell_h = 14, label_w = 420, top = 40;
  const double W = label_w + 5 * cell_w + 10, H = top + n * cell_h + 10;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "font-family=\"sans-serif\" font-size=\"10\">\n",
      W, H);
  for (int u = 0; u < 5; ++u) {
    svg +=
        fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{}</text>\n",
                    label_w + u * cell_w + cell_w / 2, top - 8, kUnits[u]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const SweepRow& row = *ok[i];
    const double y = top + i * cell_h;
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">#{} {}</text>\n", label_w - 6,
                       y + cell_h - 3, row.point->index, esc(point_label(s, row, 0)));
    for (int u = 0; u < 5; ++u) {
      const double v = row.result->util[u];
      svg += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {}: {:.1f} %"
          "</title></rect>\n<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{:.0f}</text>\n",
          label_w + u * cell_w, y, cell_w - 1, cell_h - 1, heat_color(v), kUnits[u],
          row.point->index, 100 * v, label_w + u * cell_w + cell_w / 2, y + cell_h - 3, 100 * v);
    }
  }
  if (ok.size() > n) {
    svg += fmt::format("<text x=\"0\" y=\"{}\">... {} more points in results.csv</text>\n", H - 2,
                       ok.size() - n);
  }
  return svg + "</svg>\n";
}

// Distinct values of a column in first-seen order.
std::vector<std::string> distinct(const Sweep& s, std::size_t column) {
  std::vector<std::string> out;
  for (const SweepPoint& p : s.points) {
    if (std::find(out.begin(), out.end(), p.values[column]) == out.end()) {
      out.push_back(p.values[column]);
    }
  }
  return out;
}

// One panel per unit over two axes (y: first axis, x: second): the utilization at the fastest
// point of each cell (over the values of the other axes). Grey: no finished point.
std::string axis_heat_maps(const Sweep& s, const std::vector<const SweepRow*>& ok, std::size_t cy,
                           std::size_t cx) {
  const std::vector<std::string> ys = distinct(s, cy), xs = distinct(s, cx);
  std::vector<std::vector<const SweepRow*>> best(ys.size(),
                                                 std::vector<const SweepRow*>(xs.size()));
  for (const SweepRow* row : ok) {
    const std::size_t y = std::find(ys.begin(), ys.end(), row->point->values[cy]) - ys.begin();
    const std::size_t x = std::find(xs.begin(), xs.end(), row->point->values[cx]) - xs.begin();
    const SweepRow*& cell = best[y][x];
    if (!cell || row->result->time_us < cell->result->time_us) cell = row;
  }
  const double cell_w = std::max(12.0, std::min(40.0, 600.0 / xs.size())), cell_h = 16;
  const double left = 90, top = 34, bottom = 60;
  const double W = left + xs.size() * cell_w + 20, H = top + ys.size() * cell_h + bottom;
  std::string html;
  for (int u = -1; u < 5; ++u) {
    // u = -1: time, normalized to the fastest cell.
    double t_min = INFINITY, t_max = 0;
    for (const auto& r : best) {
      for (const SweepRow* c : r) {
        if (c)
          t_min = std::min(t_min, c->result->time_us), t_max = std::max(t_max, c->result->time_us);
      }
    }
    std::string svg = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
        "font-family=\"sans-serif\" font-size=\"10\">\n<text x=\"{}\" y=\"14\" font-size=\"12\" "
        "font-weight=\"bold\">{}</text>\n",
        W, H, left,
        u < 0 ? std::string("time (dark: slow)") : fmt::format("{} utilization", kUnits[u]));
    for (std::size_t y = 0; y < ys.size(); ++y) {
      svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", left - 4,
                         top + y * cell_h + cell_h - 4, esc(ys[y]));
      for (std::size_t x = 0; x < xs.size(); ++x) {
        const SweepRow* c = best[y][x];
        std::string fill = "#dddddd", tip = "no finished point";
        if (c) {
          const double v =
              u < 0 ? (t_max > t_min ? (c->result->time_us - t_min) / (t_max - t_min) : 0)
                    : c->result->util[u];
          fill = heat_color(v);
          tip = u < 0 ? fmt::format("{} us", num(c->result->time_us))
                      : fmt::format("{:.1f} %", 100 * c->result->util[u]);
          tip = fmt::format("#{} {}: {}", c->point->index, esc(point_label(s, *c, 0)), tip);
        }
        svg += fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title>"
            "</rect>\n",
            left + x * cell_w, top + y * cell_h, cell_w - 1, cell_h - 1, fill, tip);
      }
    }
    for (std::size_t x = 0; x < xs.size(); ++x) {
      const double tx = left + x * cell_w + cell_w / 2, ty = top + ys.size() * cell_h + 6;
      svg += fmt::format(
          "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" transform=\"rotate(-60 {} {})\">{}</text>\n",
          tx, ty, tx, ty, esc(xs[x]));
    }
    svg += fmt::format("<text x=\"4\" y=\"{}\">{}</text>\n", top - 6, esc(s.columns[cy]));
    svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", left, H - 4, esc(s.columns[cx]));
    html += svg + "</svg>\n";
  }
  return html;
}

}  // namespace

std::string sweep_html(const Sweep& s, const std::vector<SweepRow>& rows) {
  std::vector<const SweepRow*> ok, not_ok;
  std::map<std::string, int> counts;
  for (const SweepRow& row : rows) {
    ++counts[row.status];
    (row.status == "ok" ? ok : not_ok).push_back(&row);
  }
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>hesa sweep {0}</title>\n"
      "<style>body{{font-family:sans-serif;margin:20px}} table{{border-collapse:collapse}} "
      "td,th{{border:1px solid #ccc;padding:2px 6px;font-size:12px;text-align:left}}</style>\n"
      "</head><body>\n<h1>hesa sweep {0}</h1>\n<p>{1} points:",
      esc(s.name), rows.size());
  for (const auto& [status, n] : counts) html += fmt::format(" {} {},", n, status);
  html.back() = '.';
  html += fmt::format(" Base chip <code>{}</code>, workload <code>{}</code>.</p>\n",
                      esc(fs::path(s.chip).filename().string()),
                      esc(fs::path(s.workload).filename().string()));

  std::vector<Dot> by_area, by_energy;
  for (const SweepRow* row : ok) {
    const std::string label = fmt::format("#{} {}", row->point->index, point_label(s, *row, 0));
    by_area.push_back({row->area_mm2, row->result->time_us, label});
    by_energy.push_back({row->result->energy_uj, row->result->time_us, label});
  }
  html += "<h2>Pareto fronts</h2>\n<p>Red: points no other point beats on both axes.</p>\n";
  html += scatter("time vs area", "area (mm2)", "time (us)", by_area);
  html += scatter("time vs energy", "energy (uJ)", "time (us)", by_energy);

  // Heat maps over the first two axes that vary independently (not zipped or derived from each
  // other: more distinct pairs than values of either), else one row per point.
  std::vector<std::size_t> varied;
  for (std::size_t a = 0; a < s.columns.size() && varied.empty(); ++a) {
    for (std::size_t b = a + 1; b < s.columns.size() && varied.empty(); ++b) {
      std::vector<std::pair<std::string, std::string>> pairs;
      for (const SweepPoint& p : s.points) pairs.emplace_back(p.values[a], p.values[b]);
      std::sort(pairs.begin(), pairs.end());
      const std::size_t n = std::unique(pairs.begin(), pairs.end()) - pairs.begin();
      if (n > distinct(s, a).size() && n > distinct(s, b).size()) varied = {a, b};
    }
  }
  if (!varied.empty()) {
    html += fmt::format(
        "<h2>Utilization across {} and {}</h2>\n<p>Each cell: the fastest finished point with "
        "those two values{}. Light: 0 %, dark: 100 %.</p>\n",
        esc(s.columns[varied[0]]), esc(s.columns[varied[1]]),
        s.columns.size() > 2 ? " (over the other axes)" : "");
    html += axis_heat_maps(s, ok, varied[0], varied[1]);
  } else {
    html += "<h2>Utilization per unit (%)</h2>\n";
    html += heat_map(s, ok);
  }
  // Best mapping per chip: the chip columns fix the chip, the fastest point over the rest wins.
  std::map<std::string, std::pair<const SweepRow*, int>> best;
  std::vector<std::string> chip_order;
  for (const SweepRow* row : ok) {
    const std::string chip = point_label(s, *row, 1);
    auto [it, fresh] = best.try_emplace(chip, row, 0);
    if (fresh) chip_order.push_back(chip);
    ++it->second.second;
    if (row->result->time_us < it->second.first->result->time_us) it->second.first = row;
  }
  html += "<h2>Best mapping per chip</h2>\n";
  if (chip_order.size() == ok.size()) {
    html += "<p>No mapping axes in this sweep (or one finished point per chip).</p>\n";
    chip_order.clear();
  } else {
    html +=
        "<table><tr><th>chip</th><th>best mapping</th>"
        "<th>time (us)</th><th>energy (uJ)</th><th>area (mm2)</th><th>points compared</th></tr>\n";
  }
  for (const std::string& chip : chip_order) {
    const auto& [row, n] = best.at(chip);
    html += fmt::format(
        "<tr><td>{}</td><td>#{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        esc(chip), row->point->index, esc(point_label(s, *row, 2)), num(row->result->time_us),
        num(row->result->energy_uj), num(row->area_mm2), n);
  }
  if (!chip_order.empty()) html += "</table>\n";
  html += "<h2>Points without results</h2>\n";
  if (not_ok.empty()) html += "<p>None: every point ran.</p>\n";
  if (!not_ok.empty()) {
    html += "<table><tr><th>#</th><th>point</th><th>status</th><th>why</th></tr>\n";
    for (const SweepRow* row : not_ok) {
      html +=
          fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", row->point->index,
                      esc(point_label(s, *row, 0)), row->status, esc(row->message));
    }
    html += "</table>\n";
  }
  return html + "</body></html>\n";
}

}  // namespace hesa
