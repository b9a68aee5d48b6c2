#include "sim/sweep/sweep_report.hpp"

#include "sim/io/output_dir.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

#include "sim/config/run_config.hpp"
#include "sim/report/chart_files.hpp"
#include "sim/stats/stats.hpp"
#include "sim/sweep/sweep_axes.hpp"
#include "sim/sweep/sweep_svg.hpp"

namespace hesa {

namespace fs = std::filesystem;

namespace {

// "mxu.rows=128 mapping.reduction=barrett" for the chosen columns of a point: all, those fixing
// the chip and the workload file (1), or the workload's other keys, the mapping (2).
std::string point_label(const Sweep& s, const SweepRow& row, int which /* 0 all, 1 chip, 2 wl */) {
  std::string out;
  for (std::size_t c = 0; c < s.columns.size(); ++c) {
    const bool mapping = s.workload_column[c] && s.columns[c] != "workload";
    if (which == 1 && mapping) continue;
    if (which == 2 && !mapping) continue;
    out += fmt::format("{}{}={}", out.empty() ? "" : " ", s.columns[c], row.point->values[c]);
  }
  return out.empty() ? "(base)" : out;
}

// A time in a cell or on a colour bar: whole numbers from 1000 up ("12290", not "1.229e+04").
std::string compact(double v) {
  return std::fabs(v) >= 1000 ? fmt::format("{:.0f}", v) : fmt::format("{:.3g}", v);
}

// The colour bar of utilization maps (0 to 100 %).
std::string percent_bar(double x, double y, double h) {
  return colour_bar(x, y, h,
                    {{0, "0 %"}, {0.25, "25 %"}, {0.5, "50 %"}, {0.75, "75 %"}, {1, "100 %"}});
}

// A value written in its cell when it fits (about 6 px a character), white on dark cells.
std::string cell_text(double x, double y, double w, double h, double fill, const std::string& t) {
  if (6.0 * static_cast<double>(t.size()) + 4 > w || h < 11) return "";
  return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                     x + w / 2, y + h / 2 + 3.5, fill > 0.55 ? "white" : "#222", t);
}

std::string heat_map(const Sweep& s, const std::vector<const SweepRow*>& ok) {
  constexpr std::size_t kMaxRows = 400;
  const std::size_t n = std::min(ok.size(), kMaxRows);
  const double cell_w = 48, cell_h = 16, label_w = 420, top = 40;
  const double W = label_w + 5 * cell_w + 70, H = top + std::max<double>(n * cell_h, 120) + 10;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heat-map\" "
      "data-chart=\"heat-utilization\" "
      "width=\"{}\" height=\"{}\" font-family=\"sans-serif\" font-size=\"10\">\n"
      "<rect width=\"{}\" height=\"{}\" fill=\"white\"/>\n<text x=\"4\" y=\"14\" "
      "font-size=\"12\" font-weight=\"bold\">utilization per unit, % (one row per point)</text>\n",
      W, H, W, H);
  for (int u = 0; u < 5; ++u) {
    svg +=
        fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{}</text>\n",
                    label_w + u * cell_w + cell_w / 2, top - 8, kUnits[u]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const SweepRow& row = *ok[i];
    const double y = top + i * cell_h;
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">#{} {}</text>\n", label_w - 6,
                       y + cell_h - 4, row.point->index, html_escape(point_label(s, row, 0)));
    for (int u = 0; u < 5; ++u) {
      const double v = row.result->util[u];
      svg += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {}: {:.1f} %"
          "</title></rect>",
          label_w + u * cell_w, y, cell_w - 1, cell_h - 1, heat_color(v), kUnits[u],
          row.point->index, 100 * v);
      svg += cell_text(label_w + u * cell_w, y, cell_w - 1, cell_h - 1, v,
                       fmt::format("{:.0f}", 100 * v)) +
             "\n";
    }
  }
  svg += percent_bar(label_w + 5 * cell_w + 10, top, 100);
  if (ok.size() > n) {
    svg += fmt::format("<text x=\"0\" y=\"{}\">... {} more points in results.csv</text>\n", H - 2,
                       ok.size() - n);
  }
  return svg + "</svg>\n";
}

// The index of a column, or npos (sweeps built in code may have no chip or workload column).
std::size_t column_of(const Sweep& s, const std::string& name) {
  const auto it = std::find(s.columns.begin(), s.columns.end(), name);
  return it == s.columns.end() ? std::string::npos : std::size_t(it - s.columns.begin());
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
  const double cell_w = std::max(14.0, std::min(64.0, 640.0 / xs.size())), cell_h = 22;
  std::size_t widest_y = 1, widest_x = 1;
  for (const std::string& v : ys) widest_y = std::max(widest_y, v.size());
  for (const std::string& v : xs) widest_x = std::max(widest_x, v.size());
  const double left = std::max(90.0, 6.0 * widest_y + 12), top = 34;
  const double bottom = 24 + 6.0 * widest_x * 0.87;  // x labels at -60 degrees
  const double grid_h = std::max<double>(ys.size() * cell_h, 110);
  const double H = top + grid_h + bottom;
  // Time: the fastest cell light, the slowest dark; logarithmic when they differ by over 100x.
  double t_min = INFINITY, t_max = 0;
  for (const auto& r : best) {
    for (const SweepRow* c : r) {
      if (c)
        t_min = std::min(t_min, c->result->time_us), t_max = std::max(t_max, c->result->time_us);
    }
  }
  const bool t_log = t_min > 0 && t_max / t_min > 100;
  const auto time_fraction = [&](double t) {
    if (!(t_max > t_min)) return 0.0;
    return t_log ? std::log(t / t_min) / std::log(t_max / t_min) : (t - t_min) / (t_max - t_min);
  };
  std::string html;
  for (int u = -1; u < 5; ++u) {
    const std::string title = u < 0 ? fmt::format("time, us{} (dark: slow)", t_log ? ", log" : "")
                                    : fmt::format("{} utilization, %", kUnits[u]);
    const double bar_x = left + xs.size() * cell_w + 12;
    // Wide enough for the cells, the colour bar and the title (7.5 px a bold 12 px character).
    const double W = std::max(bar_x + 70, 12 + 7.5 * title.size());
    std::string svg = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heat-map\" data-chart=\"heat-{}\" "
        "width=\"{}\" height=\"{}\" font-family=\"sans-serif\" font-size=\"10\">\n"
        "<rect width=\"{}\" height=\"{}\" fill=\"white\"/>\n<text x=\"{}\" y=\"14\" "
        "font-size=\"12\" font-weight=\"bold\">{}</text>\n",
        u < 0 ? "time" : std::string("util-") + kUnits[u], W, H, W, H, 4, title);
    for (std::size_t y = 0; y < ys.size(); ++y) {
      svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", left - 4,
                         top + y * cell_h + cell_h / 2 + 3, html_escape(ys[y]));
      for (std::size_t x = 0; x < xs.size(); ++x) {
        const SweepRow* c = best[y][x];
        std::string fill = "#dddddd", tip = "no finished point", value;
        double v = 0;
        if (c) {
          v = u < 0 ? time_fraction(c->result->time_us) : c->result->util[u];
          fill = heat_color(v);
          value = u < 0 ? compact(c->result->time_us) : fmt::format("{:.0f}", 100 * v);
          tip = u < 0 ? fmt::format("{} us", short_number(c->result->time_us))
                      : fmt::format("{:.1f} %", 100 * c->result->util[u]);
          tip = fmt::format("#{} {}: {}", c->point->index, html_escape(point_label(s, *c, 0)), tip);
        }
        svg += fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title>"
            "</rect>",
            left + x * cell_w, top + y * cell_h, cell_w - 1, cell_h - 1, fill, tip);
        svg +=
            cell_text(left + x * cell_w, top + y * cell_h, cell_w - 1, cell_h - 1, v, value) + "\n";
      }
    }
    for (std::size_t x = 0; x < xs.size(); ++x) {
      const double tx = left + x * cell_w + cell_w / 2 + 3, ty = top + ys.size() * cell_h + 6;
      svg += fmt::format(
          "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" transform=\"rotate(-60 {} {})\">{}</text>\n",
          tx, ty, tx, ty, html_escape(xs[x]));
    }
    // Grey cells named under the colour bar.
    bool empty_cell = false;
    for (const auto& r : best) empty_cell = empty_cell || std::count(r.begin(), r.end(), nullptr);
    if (empty_cell) {
      const double y = top + std::min(grid_h, 160.0) + 8;
      svg += fmt::format(
          "<g class=\"legend\"><rect x=\"{}\" y=\"{}\" width=\"12\" height=\"10\" "
          "fill=\"#dddddd\"/><text x=\"{}\" y=\"{}\">no point</text></g>\n",
          bar_x, y, bar_x + 16, y + 9);
    }
    if (u < 0) {
      std::vector<std::pair<double, std::string>> ticks = {{0, compact(t_min)}};
      if (t_log) {
        for (double d = std::ceil(std::log10(t_min)); d <= std::log10(t_max); ++d) {
          const double f = time_fraction(std::pow(10.0, d));
          if (f > 0.12 && f < 0.88) ticks.push_back({f, compact(std::pow(10.0, d))});
        }
      } else if (t_max > t_min) {
        ticks.push_back({0.5, compact((t_min + t_max) / 2)});
      }
      if (t_max > t_min) ticks.push_back({1, compact(t_max)});
      svg += colour_bar(bar_x, top, std::min(grid_h, 160.0), ticks);
    } else {
      svg += percent_bar(bar_x, top, std::min(grid_h, 160.0));
    }
    svg += fmt::format("<text x=\"4\" y=\"{}\">{}</text>\n", top - 6, html_escape(s.columns[cy]));
    svg +=
        fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", left, H - 4, html_escape(s.columns[cx]));
    html += svg + "</svg>\n";
  }
  return html;
}

// The value of a text as a number, if it is one.
std::optional<double> as_number(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Line charts of time and energy against each axis of more than one value: one line per value
// of a second axis that varies independently of it (up to 10 values), each point the fastest
// finished point with those two values (over the other axes).
// Times of different workloads are never taken as one line: with several workloads, each is a
// line of its own (up to 10) and the workload is no x axis.
std::string line_charts(const Sweep& s, const std::vector<const SweepRow*>& ok) {
  std::string html;
  const std::size_t workload_column = column_of(s, "workload");
  const std::size_t workloads =
      workload_column == std::string::npos ? 1 : distinct(s, workload_column).size();
  if (workloads > 10) return html;
  for (std::size_t c = 0; c < s.columns.size(); ++c) {
    if (c == workload_column) continue;
    const std::vector<std::string> xs = distinct(s, c);
    if (xs.size() < 2) continue;
    bool numeric = true;
    for (const std::string& v : xs) numeric = numeric && as_number(v).has_value();
    // Distinct (value of c, value of o) pairs.
    const auto pairs_with = [&](std::size_t o) {
      std::vector<std::pair<std::string, std::string>> pairs;
      for (const SweepPoint& p : s.points) pairs.emplace_back(p.values[c], p.values[o]);
      std::sort(pairs.begin(), pairs.end());
      return static_cast<std::size_t>(std::unique(pairs.begin(), pairs.end()) - pairs.begin());
    };
    // A column zipped one to one with an earlier one draws the same lines: left out.
    bool repeats = false;
    for (std::size_t o = 0; o < c && !repeats; ++o) {
      repeats = pairs_with(o) == xs.size() && distinct(s, o).size() == xs.size();
    }
    if (repeats) continue;
    std::optional<std::size_t> other;
    if (workloads > 1) other = workload_column;
    for (std::size_t o = 0; o < s.columns.size() && !other; ++o) {
      if (o == c) continue;
      const std::size_t n = distinct(s, o).size();
      if (n < 2 || n > 10) continue;
      const std::size_t pairs = pairs_with(o);
      if (pairs > xs.size() && pairs > n) other = o;  // varies independently of c
    }
    const std::vector<std::string> groups =
        other ? distinct(s, *other) : std::vector<std::string>{""};
    std::vector<std::string> sorted_xs = xs;
    if (numeric) {
      std::sort(sorted_xs.begin(), sorted_xs.end(), [](const std::string& a, const std::string& b) {
        return *as_number(a) < *as_number(b);
      });
    }
    for (int metric = 0; metric < 2; ++metric) {
      std::vector<LineSeries> series;
      for (const std::string& g : groups) {
        LineSeries line{other ? s.columns[*other] + "=" + g : s.columns[c], {}};
        for (std::size_t i = 0; i < sorted_xs.size(); ++i) {
          const SweepRow* fastest = nullptr;
          for (const SweepRow* row : ok) {
            if (row->point->values[c] != sorted_xs[i]) continue;
            if (other && row->point->values[*other] != g) continue;
            if (!fastest || row->result->time_us < fastest->result->time_us) fastest = row;
          }
          if (!fastest) continue;
          const double y = metric == 0 ? fastest->result->time_us : fastest->result->energy_uj;
          line.points.emplace_back(numeric ? *as_number(sorted_xs[i]) : static_cast<double>(i), y);
        }
        if (!line.points.empty()) series.push_back(std::move(line));
      }
      if (series.empty()) continue;
      const char* what = metric == 0 ? "time" : "energy";
      html += svg_lines(fmt::format("line-{}-vs-{}", what, s.columns[c]),
                        fmt::format("{} against {}", what, s.columns[c]), s.columns[c],
                        metric == 0 ? "time (us)" : "energy (uJ)", series,
                        numeric ? std::vector<std::string>{} : sorted_xs);
    }
  }
  return html;
}

// The chip column's values, each with the timing groups its file says rest on assumptions.
std::vector<std::pair<std::string, std::string>> chips_of(const Sweep& s) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::size_t c = column_of(s, "chip");
  if (c == std::string::npos) return out;
  std::vector<std::string> seen;
  for (const SweepPoint& p : s.points) {
    if (std::find(seen.begin(), seen.end(), p.values[c]) != seen.end()) continue;
    seen.push_back(p.values[c]);
    std::string assumed = "?";
    try {
      const ChipConfig chip = load_chip_config(p.chip.empty() ? s.chip : p.chip);
      assumed = groups_in_state(chip.calibration, "assumed");
      if (assumed.empty()) assumed = "none";
    } catch (const ConfigError&) {
      // The file changed or went since the sweep ran: its state is unknown.
    }
    out.emplace_back(p.values[c], assumed);
  }
  return out;
}

// One row per point of the other columns (workload, mapping, ...), one column per chip: the time
// of each chip at that point, and each chip's timing groups that rest on assumptions.
std::string chips_compared(const Sweep& s, const std::vector<const SweepRow*>& ok) {
  const auto chips = chips_of(s);
  if (chips.size() < 2) return "";
  const std::size_t chip_column = column_of(s, "chip");
  std::vector<std::string> rows;
  std::map<std::pair<std::string, std::string>, double> time;
  for (const SweepRow* row : ok) {
    std::string key;
    for (std::size_t c = 0; c < s.columns.size(); ++c) {
      if (c == chip_column) continue;
      key += fmt::format("{}{}={}", key.empty() ? "" : " ", s.columns[c], row->point->values[c]);
    }
    if (std::find(rows.begin(), rows.end(), key) == rows.end()) rows.push_back(key);
    time[{key, row->point->values[chip_column]}] = row->result->time_us;
  }
  std::string html =
      "<h2>Chips compared</h2>\n<p>Time (us) of each chip at each point of the other axes; "
      "blank: no finished point. The last row names each chip's groups of timing parameters "
      "that rest on assumptions (its file's <code>calibration</code> section).</p>\n"
      "<table><tr><th>point</th>";
  for (const auto& [chip, assumed] : chips) html += "<th>" + html_escape(chip) + "</th>";
  html += "</tr>\n";
  for (const std::string& key : rows) {
    html += "<tr><td>" + html_escape(key) + "</td>";
    for (const auto& [chip, assumed] : chips) {
      const auto it = time.find({key, chip});
      html += "<td>" + (it == time.end() ? "" : short_number(it->second)) + "</td>";
    }
    html += "</tr>\n";
  }
  html += "<tr><td>assumed timing groups</td>";
  for (const auto& [chip, assumed] : chips) html += "<td>" + html_escape(assumed) + "</td>";
  return html + "</tr>\n</table>\n";
}

}  // namespace

std::string sweep_html(const Sweep& s, const std::vector<SweepRow>& rows) {
  std::vector<const SweepRow*> ok, not_ok;
  for (const SweepRow& row : rows) (row.status == "ok" ? ok : not_ok).push_back(&row);
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>hesa sweep {0}</title>\n"
      "<style>body{{font-family:sans-serif;margin:20px}} table{{border-collapse:collapse}} "
      "td,th{{border:1px solid #ccc;padding:2px 6px;font-size:12px;text-align:left}}</style>\n"
      "</head><body>\n<h1>hesa sweep {0}</h1>\n<p>{1} points: {2}.",
      html_escape(s.name), rows.size(), status_summary(rows));
  // The chips and workloads: their columns' values, or the sweep's files.
  const auto names = [&](const std::string& column, const std::string& file) {
    const std::size_t c = column_of(s, column);
    if (c == std::string::npos) {
      return fmt::format("<code>{}</code>", html_escape(fs::path(file).filename().string()));
    }
    std::string out;
    for (const std::string& v : distinct(s, c)) {
      out += fmt::format("{}<code>{}</code>", out.empty() ? "" : ", ", html_escape(v));
    }
    return out;
  };
  html += fmt::format(" Chips {}; workloads {}.</p>\n", names("chip", s.chip),
                      names("workload", s.workload));

  std::vector<ChartDot> by_area, by_energy;
  for (const SweepRow* row : ok) {
    const std::string label = fmt::format("#{} {}", row->point->index, point_label(s, *row, 0));
    by_area.push_back({row->area_mm2, row->result->time_us, label});
    by_energy.push_back({row->result->energy_uj, row->result->time_us, label});
  }
  html += "<h2>Pareto fronts</h2>\n<p>Red: points no other point beats on both axes.</p>\n";
  html += svg_scatter("time vs area", "area (mm2)", "time (us)", by_area);
  html += svg_scatter("time vs energy", "energy (uJ)", "time (us)", by_energy);

  const std::string lines = line_charts(s, ok);
  if (!lines.empty()) {
    html +=
        "<h2>Time and energy against each axis</h2>\n<p>Each point: the fastest finished point "
        "with that value (over the axes not drawn); a logarithmic axis says so.</p>\n" +
        lines;
  }

  // Heat maps over the first two axes that vary independently (not zipped or derived from each
  // other: more distinct pairs than values of either), else one row per point.
  // Times of different workloads are not compared: with several workloads every point gets its
  // own row, and the workload column is never a heat-map axis.
  const std::size_t workload_column = column_of(s, "workload");
  const bool workloads =
      workload_column != std::string::npos && distinct(s, workload_column).size() > 1;
  std::vector<std::size_t> varied;
  for (std::size_t a = 0; a < s.columns.size() && varied.empty() && !workloads; ++a) {
    if (s.columns[a] == "workload") continue;
    for (std::size_t b = a + 1; b < s.columns.size() && varied.empty(); ++b) {
      if (s.columns[b] == "workload") continue;
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
        html_escape(s.columns[varied[0]]), html_escape(s.columns[varied[1]]),
        s.columns.size() > 2 ? " (over the other axes)" : "");
    html += axis_heat_maps(s, ok, varied[0], varied[1]);
  } else {
    html += "<h2>Utilization per unit (%)</h2>\n";
    html += heat_map(s, ok);
  }
  html += chips_compared(s, ok);
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
        html_escape(chip), row->point->index, html_escape(point_label(s, *row, 2)),
        short_number(row->result->time_us), short_number(row->result->energy_uj),
        short_number(row->area_mm2), n);
  }
  if (!chip_order.empty()) html += "</table>\n";
  html += "<h2>Points without results</h2>\n";
  if (not_ok.empty()) html += "<p>None: every point ran.</p>\n";
  if (!not_ok.empty()) {
    html += "<table><tr><th>#</th><th>point</th><th>status</th><th>why</th></tr>\n";
    for (const SweepRow* row : not_ok) {
      html +=
          fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", row->point->index,
                      html_escape(point_label(s, *row, 0)), row->status, html_escape(row->message));
    }
    html += "</table>\n";
  }
  return html + "</body></html>\n";
}

SweepOutcome write_sweep_results(const Sweep& sweep, const std::string& dir) {
  const std::map<int64_t, PointResult> journal = read_journal(dir, sweep);
  const std::vector<SweepRow> rows = sweep_rows(sweep, journal);
  const OutputDir out(dir);
  out.write("results.csv", results_csv(sweep, rows));
  const std::string html = sweep_html(sweep, rows);
  out.write("sweep.html", html);
  write_chart_files(dir, html);  // charts/*.svg (and .pdf)
  SweepOutcome o;
  for (const SweepRow& row : rows) o.missing += row.status == "missing" ? 1 : 0;
  o.summary = status_summary(rows);
  return o;
}

}  // namespace hesa
