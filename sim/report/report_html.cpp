#include "sim/report/report_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "sim/report/report_page.hpp"
#include "sim/report/run_summary.hpp"

namespace hesa {

namespace {

constexpr const char* kStyle = R"(<style>
body{font-family:sans-serif;margin:20px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 4px;border-bottom:1px solid #ccc}
h3{font-size:13px;margin:6px 0}.note{font-size:12px;color:#555;margin:2px 0 8px;max-width:1100px}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,380px),580px));gap:18px}
.cols svg,body.single svg{max-width:100%;height:auto}table{max-width:100%}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f2f2f2}
body.single main{display:grid;grid-template-columns:repeat(auto-fill,minmax(600px,1fr));gap:0 24px}
body.single section:last-child{grid-column:1/-1}
pre{font-size:11px;background:#f7f7f7;padding:6px;max-height:420px;overflow:auto}
.warn{font-size:13px;margin:4px 0 8px;padding:4px 8px;background:#fff4d6;border-left:4px solid #e0a000;max-width:1100px}
</style>
)";

}  // namespace

std::string render_report(const std::vector<RunData>& runs_in) {
  std::vector<RunView> runs;
  std::multiset<std::string> titles;
  for (const RunData& r : runs_in) {
    const auto& meta = r.stats.at("meta");
    const auto& sum = r.stats.at("summary");
    // A slice's run: "<slice> (<chips> x <chip>, by <shard>)".
    const std::string on =
        meta.contains("slice") && meta.contains("chips") && meta["chips"].is_number()
            ? fmt::format("{} ({} x {}, by {})", meta.value("slice", "?"),
                          meta["chips"].get<double>(), meta.value("chip", "?"),
                          r.stats.contains("mapping") ? r.stats["mapping"].value("shard", "?")
                                                      : std::string("?"))
            : meta.value("chip", "?");
    RunView v{&r, fmt::format("{} on {}", meta.value("workload", "?"), on),
              sum.value("time_us", 0.0), 0};
    // The clock converts cycle counts to time (older stats.json: from the run's cycles).
    v.ghz = meta.contains("clock_ghz") && meta["clock_ghz"].is_number()
                ? meta["clock_ghz"].get<double>()
            : v.time_us > 0 ? sum.value("cycles", 0.0) / (v.time_us * 1e3)
                            : 0;
    titles.insert(v.title);
    runs.push_back(v);
  }
  for (RunView& v : runs) {
    if (titles.count(v.title) > 1) v.title += " (" + v.run->label + ")";
  }

  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  html += fmt::format(
      "<title>hesa report: {}</title>\n",
      html_escape(runs.size() == 1 ? runs[0].title : fmt::format("{} runs", runs.size())));
  html += kStyle;
  html += runs.size() == 1 ? "</head><body class=\"single\">\n" : "</head><body>\n";
  html +=
      fmt::format("<h1>hesa report: {}</h1>\n",
                  html_escape(runs.size() == 1 ? runs[0].title
                                               : fmt::format("{} runs side by side", runs.size())));

  // Which results rest on assumed timing parameters (meta.calibration), visibly.
  if (runs.size() == 1) {
    html += "<p class=\"warn\">" + html_escape(assumptions_text(runs[0].run->stats)) + "</p>\n";
  } else {
    std::string resting;
    for (const RunView& r : runs) {
      const std::string assumed = calibration_groups_in(r.run->stats, "assumed");
      if (assumed.empty()) continue;
      resting += fmt::format("{}{} ({})", resting.empty() ? "" : "; ", r.title, assumed);
    }
    html +=
        "<p class=\"warn\">" +
        html_escape(resting.empty() ? "No column rests on assumed timing parameters."
                                    : "Columns resting on assumed timing parameters: " + resting +
                                          " (stats.json meta.calibration).") +
        "</p>\n";
  }

  // Summary.
  const auto pct = [](double f) { return fmt::format("{:.1f} %", 100 * f); };
  TableRows rows = {
      {"hesa version", per_run(runs,
                               [](const RunView& r) {
                                 return html_escape(
                                     r.run->stats.at("meta").value("hesa_version", ""));
                               })},
      {"config hash", per_run(runs,
                              [](const RunView& r) {
                                return html_escape(
                                    r.run->stats.at("meta").value("config_hash", ""));
                              })},
      {"kernel", per_run(runs,
                         [](const RunView& r) {
                           return html_escape(r.run->stats.at("meta").value("kernel", ""));
                         })},
      {"assumed timing groups", per_run(runs,
                                        [](const RunView& r) {
                                          const std::string g =
                                              calibration_groups_in(r.run->stats, "assumed");
                                          return html_escape(g.empty() ? "none" : g);
                                        })},
      {"calibrated groups", per_run(runs,
                                    [](const RunView& r) {
                                      const std::string g =
                                          calibration_groups_in(r.run->stats, "calibrated");
                                      return html_escape(g.empty() ? "none" : g);
                                    })},
      {"time (us)", per_run(runs, [](const RunView& r) { return fmt_num(r.time_us); })},
      {"cycles", per_run(runs,
                         [](const RunView& r) {
                           return fmt_num(r.run->stats.at("summary").value("cycles", 0.0));
                         })},
      {"energy (uJ)", per_run(runs,
                              [](const RunView& r) {
                                return fmt_num(r.run->stats.at("summary").value("energy_uj", 0.0));
                              })},
      {"area (mm2)", per_run(runs,
                             [](const RunView& r) {
                               return fmt_num(r.run->stats.at("summary").value("area_mm2", 0.0));
                             })},
  };
  rows.push_back({"bottleneck", per_run(runs, [](const RunView& r) {
                    const auto& s = r.run->stats;
                    return s.contains("bottleneck")
                               ? html_escape(bottleneck_text(s["bottleneck"]["run"], "elapsed"))
                               : std::string("-");
                  })});
  std::vector<const char*> summary_units = {"mxu", "vpu", "dma", "hbm", "vmem"};
  if (!child_names(runs, "slice", false).empty() || !child_names(runs, "slice", true).empty()) {
    summary_units.push_back("ici");  // a slice's links
  }
  for (const char* u : summary_units) {
    rows.push_back({fmt::format("{} utilization", u), per_run(runs, [&](const RunView& r) {
                      const auto& util = r.run->stats.at("summary").value(
                          "utilization", nlohmann::ordered_json::object());
                      return pct(util.value(u, 0.0));
                    })});
  }
  rows.push_back({"any unit busy", per_run(runs, [&](const RunView& r) {
                    return pct(r.stat("breakdown.any_busy_share"));
                  })});
  html +=
      "<main><section><h2>Summary</h2><p class=\"note\">Utilization: work over peak (MACs, ALU "
      "operations, HBM bytes; DMA and VMEM: time occupied). Bottleneck: the unit holding the "
      "critical path, with its share of the elapsed time (see below).</p>" +
      table(runs, rows) + "</section>\n";
  html += bottleneck_section(runs);

  html += utilization_section(runs);
  html += category_sections(runs);
  html += kernel_section(runs);
  html += phase_section(runs);
  html += slice_section(runs);
  html += energy_section(runs);
  html += roofline_section(runs);

  // Op counts.
  TableRows ops = {
      {"instructions",
       per_run(runs, [](const RunView& r) { return fmt_num(r.stat("workload.instructions")); })},
      {"limb (I)NTTs",
       per_run(runs, [](const RunView& r) { return fmt_num(r.stat("workload.limb_ntts")); })},
      {"limb NTTs (trace)",
       per_run(runs, [](const RunView& r) { return fmt_num(r.stat("workload.counts.ntts")); })},
      {"limb INTTs (trace)",
       per_run(runs, [](const RunView& r) { return fmt_num(r.stat("workload.counts.intts")); })},
      {"automorphisms (limb-polynomials)",
       per_run(runs,
               [](const RunView& r) { return fmt_num(r.stat("workload.counts.automorphisms")); })},
      {"BConv source x target limbs",
       per_run(runs,
               [](const RunView& r) { return fmt_num(r.stat("workload.counts.bconv_in_out")); })},
      {"VecModMul limb-polynomials",
       per_run(runs, [](const RunView& r) { return fmt_num(r.stat("workload.counts.modmul")); })},
      {"VecModAdd limb-polynomials",
       per_run(runs, [](const RunView& r) { return fmt_num(r.stat("workload.counts.modadd")); })},
      {"int8 MACs",
       per_run(runs, [](const RunView& r) { return fmt_num(r.stat("units.mxu.int8_macs")); })},
      {"VPU ALU ops",
       per_run(runs, [](const RunView& r) { return fmt_num(r.stat("units.vpu.alu_ops")); })},
  };
  for (const std::string& c : child_names(runs, "workload.vpu_ops", true)) {
    ops.push_back({"VPU " + c + " ops", per_run(runs, [&](const RunView& r) {
                     return fmt_num(r.stat("workload.vpu_ops." + c));
                   })});
  }
  ops.push_back({"DMA transfers", per_run(runs, [](const RunView& r) {
                   return fmt_num(r.stat("units.dma.transfers"));
                 })});
  ops.push_back({"HBM bytes", per_run(runs, [](const RunView& r) {
                   return fmt_num(r.stat("units.hbm.bytes"));
                 })});
  ops.push_back({"VMEM bytes read", per_run(runs, [](const RunView& r) {
                   return fmt_num(r.stat("units.vmem.read_bytes"));
                 })});
  ops.push_back({"VMEM bytes written", per_run(runs, [](const RunView& r) {
                   return fmt_num(r.stat("units.vmem.write_bytes"));
                 })});
  html += "<section><h2>Operation counts</h2>" + table(runs, ops) + "</section>\n";

  html += section("Configuration",
                  "The chip and the workload after includes and overrides "
                  "(config.effective.yaml).",
                  runs, [](const RunView& r) {
                    return fmt::format("<pre>{}</pre>", html_escape(r.run->config_yaml));
                  });
  html += "</main></body></html>\n";
  return html;
}

}  // namespace hesa
