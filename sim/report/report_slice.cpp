#include <fmt/format.h>

#include <algorithm>

#include "sim/report/report_page.hpp"

namespace hesa {

namespace {

constexpr const char* kKinds[] = {"mxu", "vpu", "xlu", "dma", "ici"};

}  // namespace

std::string slice_section(const std::vector<RunView>& runs) {
  const std::vector<std::string> chips = child_names(runs, "slice.chip", false);
  if (chips.empty()) return "";
  const std::vector<Series> series = {{"MXU", "#4e79a7"},
                                      {"VPU", "#f28e2b"},
                                      {"XLU", "#76b7b2"},
                                      {"DMA", "#59a14f"},
                                      {"ICI", "#e15759"}};
  return section(
      "Chips and links of the slice",
      "Per chip: its units' busy time by kind, summed over the chip's units of the kind (so a "
      "kind may exceed the run's time), its HBM bytes and what it sent over ICI. Per directed "
      "link: bytes carried and the share of the run it was busy. Time each chip waits for limbs "
      "of the others shows as idle units.",
      runs, [&](const RunView& r) {
        if (!r.run->stats.at("stats").contains("slice")) return std::string("<p>one chip</p>");
        std::vector<BarRow> rows;
        double max_us = r.time_us;
        for (const std::string& c : chips) {
          BarRow row{c, {}};
          for (const char* k : kKinds) {
            row.parts.push_back(r.us(r.stat("slice.chip." + c + "." + k)));
          }
          double sum = 0;
          for (double v : row.parts) sum += v;
          max_us = std::max(max_us, sum);
          rows.push_back(std::move(row));
        }
        std::string out = svg_bars(rows, series, max_us, "us");
        out +=
            "<table><tr><th>chip</th><th>HBM bytes</th><th>ICI bytes sent</th><th>HBM "
            "allocated</th></tr>";
        for (const std::string& c : chips) {
          const std::string at = "slice.chip." + c + ".";
          out +=
              fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(c),
                          fmt_num(r.stat(at + "hbm_bytes")), fmt_num(r.stat(at + "ici_bytes_sent")),
                          fmt_num(r.stat(at + "hbm_allocated")));
        }
        out += "</table>";
        const std::vector<std::string> links = child_names({r}, "slice.link", false);
        if (links.empty()) return out;
        out += "<table><tr><th>link</th><th>bytes</th><th>copies</th><th>busy</th></tr>";
        for (const std::string& l : links) {
          const std::string at = "slice.link." + l + ".";
          out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.1f} %</td></tr>",
                             html_escape(l), fmt_num(r.stat(at + "bytes")),
                             fmt_num(r.stat(at + "transfers")), 100 * r.stat(at + "utilization"));
        }
        return out + "</table>";
      });
}

}  // namespace hesa
