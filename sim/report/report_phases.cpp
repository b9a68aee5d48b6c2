#include <fmt/format.h>

#include <algorithm>

#include "sim/report/report_page.hpp"
#include "sim/report/run_summary.hpp"

namespace hesa {

namespace {

// CROSS's kernel-mix counts (stats keys and labels), in limb-polynomials.
constexpr std::pair<const char*, const char*> kCounts[] = {{"ntts", "NTT"},
                                                           {"intts", "INTT"},
                                                           {"automorphisms", "automorphism"},
                                                           {"bconv_in_out", "BConv in x out"},
                                                           {"modmul", "VecModMul"},
                                                           {"modadd", "VecModAdd"}};

}  // namespace

std::string phase_section(const std::vector<RunView>& runs) {
  const std::vector<std::string> phases = child_names(runs, "breakdown.phase", false);
  if (phases.empty()) return "";
  const std::vector<Series> series = {{"active (some unit busy)", "#59a14f"},
                                      {"busy, summed over units", "#8cd17d"}};
  double max_us = 0;
  for (const RunView& r : runs) {
    for (const std::string& p : phases) {
      max_us = std::max({max_us, r.us(r.stat("breakdown.phase." + p + ".active")),
                         r.us(r.stat("breakdown.phase." + p + ".busy"))});
    }
  }
  return section(
      "Time by phase",
      "Per phase of the program (e.g. the steps of bootstrapping, an application's layers): the "
      "time during which at least one unit works on it, its busy time summed over units, its "
      "kernel mix as CROSS counts it (limb-polynomials; BConv: source x target limbs), its energy "
      "(dynamic energy shared out by work, static by active time) and the unit holding its "
      "critical path.",
      runs, [&](const RunView& r) {
        std::vector<BarRow> rows;
        for (const std::string& p : phases) {
          const std::string at = "breakdown.phase." + p;
          rows.push_back({p + " active", {r.us(r.stat(at + ".active")), 0}});
          rows.push_back({p + " busy", {0, r.us(r.stat(at + ".busy"))}});
        }
        std::string out = svg_bars(rows, series, max_us, "us");
        out += "<table><tr><th>phase</th>";
        for (const auto& [key, label] : kCounts) out += fmt::format("<th>{}</th>", label);
        out += "<th>energy (uJ)</th><th>bottleneck (of its active time)</th></tr>";
        const auto& stats = r.run->stats;
        for (const std::string& p : phases) {
          out += fmt::format("<tr><td>{}</td>", html_escape(p));
          for (const auto& [key, label] : kCounts) {
            out += fmt::format("<td>{}</td>", fmt_num(r.stat("breakdown.phase." + p + "." + key)));
          }
          out += fmt::format("<td>{}</td>", fmt_num(r.stat("breakdown.phase." + p + ".energy")));
          const bool has = stats.contains("bottleneck") && stats["bottleneck"].contains("phase") &&
                           stats["bottleneck"]["phase"].contains(p);
          out += fmt::format(
              "<td>{}</td></tr>",
              has ? html_escape(bottleneck_text(stats["bottleneck"]["phase"][p], "active"))
                  : std::string("-"));
        }
        return out + "</table>";
      });
}

}  // namespace hesa
