#include "sim/report/run_summary.hpp"

#include <fmt/format.h>

#include <cctype>

#include "sim/report/report_data.hpp"
#include "workloads/kernels/kernel_registry.hpp"

namespace hesa {

namespace {

std::string pct(double f) {
  return fmt::format("{:.1f} %", 100 * f);
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

// "VPU, 87 % of elapsed (HBM next, 10 %)" from a stats.json bottleneck entry.
std::string bottleneck_text(const nlohmann::ordered_json& b, const std::string& of) {
  const std::string unit = b.value("unit", "none");
  if (unit == "none") return "none (nothing ran)";
  std::string out = fmt::format("{}, {:.0f} % of {}", upper(unit), 100 * b.value("share", 0.0), of);
  const std::string next = b.value("next", "none");
  if (next != "none") {
    out += fmt::format(" ({} next, {:.0f} %)", upper(next), 100 * b.value("next_share", 0.0));
  }
  return out;
}

namespace {}  // namespace

std::string summary_markdown(const nlohmann::ordered_json& stats) {
  const auto& meta = stats.at("meta");
  const auto& sum = stats.at("summary");
  const auto v = [&](const std::string& path) { return stat_value(stats, path); };
  std::string md;
  md += fmt::format("# {} on {}\n\n", meta.value("workload", ""), meta.value("chip", ""));
  md += fmt::format("hesa {}, kernel {}, config hash `{}`\n\n", meta.value("hesa_version", ""),
                    meta.value("kernel", ""), meta.value("config_hash", ""));
  md += "**" + assumptions_text(stats) + "**\n\n";
  md += "| quantity | value |\n|---|---|\n";
  md += fmt::format("| time | {:.3f} us ({:.0f} cycles) |\n", sum.value("time_us", 0.0),
                    sum.value("cycles", 0.0));
  md += fmt::format("| energy | {:.3f} uJ |\n", sum.value("energy_uj", 0.0));
  md += fmt::format("| area | {:.2f} mm2 |\n", sum.value("area_mm2", 0.0));
  md += fmt::format("| instructions | {:.0f} |\n", v("workload.instructions"));
  md += fmt::format("| int8 MACs | {:.0f} |\n", v("units.mxu.int8_macs"));
  md += fmt::format("| VPU ops | {:.0f} |\n", v("units.vpu.alu_ops"));
  md += fmt::format("| HBM bytes | {:.0f} |\n", v("units.hbm.bytes"));
  if (stats.contains("bottleneck")) {
    md += fmt::format("| bottleneck | {} |\n",
                      bottleneck_text(stats.at("bottleneck").at("run"), "elapsed"));
  }
  md += "\n";

  if (stats.contains("bottleneck")) {
    const auto& b = stats.at("bottleneck");
    md += "## Bottleneck\n\n";
    md +=
        "The unit holding the critical path: walking back from the last instruction to what "
        "released each (the dependency that ended last, or the previous instruction on its own "
        "unit), the unit whose instructions take the most of that path's time; a DMA transfer "
        "counts as HBM when its HBM side finished last. Share: of the elapsed time for the run, "
        "of the kernel's active time for a kernel (docs/models.md, Bottleneck).\n\n";
    md += "| span | bottleneck | share | next | share |\n|---|---|---|---|---|\n";
    const auto row = [&](const std::string& name, const nlohmann::ordered_json& r) {
      const std::string next = r.value("next", "none");
      md += fmt::format("| {} | {} | {} | {} | {} |\n", name, upper(r.value("unit", "none")),
                        pct(r.value("share", 0.0)), next == "none" ? "-" : upper(next),
                        next == "none" ? "-" : pct(r.value("next_share", 0.0)));
    };
    row("run (of elapsed)", b.at("run"));
    for (auto it = b.at("kernel").begin(); it != b.at("kernel").end(); ++it) {
      row(it.key() + " (of active)", it.value());
    }
    md += "\n";
  }

  md += "## Utilization\n\n";
  md +=
      "Work over peak: MACs over the MXUs' peak, ALU operations over the VPUs', bytes over the "
      "HBM's peak bandwidth; DMA and VMEM: time occupied over time available. A unit can be busy "
      "(occupied by an instruction) far longer than its utilization says, when its instructions "
      "use a fraction of its PEs or lanes: report.html shows the busy time over the run.\n\n";
  md += "| unit | utilization | of |\n|---|---|---|\n";
  const std::pair<const char*, const char*> units[] = {{"mxu", "peak int8 MACs"},
                                                       {"vpu", "peak ALU ops"},
                                                       {"dma", "engine time"},
                                                       {"hbm", "peak bandwidth"},
                                                       {"vmem", "port time"}};
  for (const auto& [u, of] : units) {
    md += fmt::format("| {} | {} | {} |\n", u, pct(sum.at("utilization").value(u, 0.0)), of);
  }

  double busy_total = 0;
  for (int i = 0; i < kCategories; ++i) {
    busy_total +=
        v(std::string("breakdown.category.") + category_id(static_cast<Category>(i)) + ".busy");
  }
  md += "\n## Time by category\n\n";
  md +=
      "Busy cycles are summed over all units; share of elapsed is the part of the run's time "
      "during which at least one unit works on the category (shares overlap); profile share "
      "charges each busy moment to the categories busy then, split equally (shares add up to "
      "100 %, as in a profile of operations: comparable with CROSS's measured split). A DMA "
      "transfer counts with the computation it feeds or drains.\n\n";
  md +=
      "| category | busy cycles | share of busy | share of elapsed | profile share "
      "|\n|---|---|---|---|---|\n";
  for (int i = 0; i < kCategories; ++i) {
    const Category c = static_cast<Category>(i);
    const std::string p = std::string("breakdown.category.") + category_id(c);
    const double busy = v(p + ".busy");
    md += fmt::format("| {} | {:.0f} | {} | {} | {} |\n", category_label(c), busy,
                      pct(busy_total > 0 ? busy / busy_total : 0), pct(v(p + ".elapsed_share")),
                      pct(v(p + ".profile_share")));
  }
  md += fmt::format("| any unit busy | | | {} | |\n", pct(v("breakdown.any_busy_share")));

  md += "\n## Kernels\n\n";
  md += "| kernel | active cycles | share of elapsed | int8 MACs | VPU ops | HBM bytes |\n";
  md += "|---|---|---|---|---|---|\n";
  const auto& kernels = stats.at("stats").at("breakdown").at("kernel");
  for (auto it = kernels.begin(); it != kernels.end(); ++it) {
    const std::string p = "breakdown.kernel." + it.key();
    md += fmt::format("| {} | {:.0f} | {} | {:.0f} | {:.0f} | {:.0f} |\n", it.key(),
                      v(p + ".active"), pct(v(p + ".elapsed_share")), v(p + ".int8_macs"),
                      v(p + ".vpu_ops"), v(p + ".hbm_bytes"));
  }

  const auto& breakdown = stats.at("stats").at("breakdown");
  if (breakdown.contains("phase")) {
    md += "\n## Phases\n\n";
    md +=
        "Counts as CROSS's kernel mix counts them, in limb-polynomials (BConv: source x target "
        "limbs).\n\n";
    md +=
        "| phase | active cycles | share of elapsed | NTTs | INTTs | automorphisms | "
        "BConv in x out | VecModMul | VecModAdd |\n";
    md += "|---|---|---|---|---|---|---|---|---|\n";
    const auto& phases = breakdown.at("phase");
    for (auto it = phases.begin(); it != phases.end(); ++it) {
      const std::string p = "breakdown.phase." + it.key();
      md += fmt::format(
          "| {} | {:.0f} | {} | {:.0f} | {:.0f} | {:.0f} | {:.0f} | {:.0f} | {:.0f} |\n", it.key(),
          v(p + ".active"), pct(v(p + ".elapsed_share")), v(p + ".ntts"), v(p + ".intts"),
          v(p + ".automorphisms"), v(p + ".bconv_in_out"), v(p + ".modmul"), v(p + ".modadd"));
    }
  }
  md += "\n## Kernel mix\n\n| count | limb-polynomials |\n|---|---|\n";
  const std::pair<const char*, const char*> counts[] = {{"ntts", "NTT"},
                                                        {"intts", "INTT"},
                                                        {"automorphisms", "automorphism"},
                                                        {"bconv_in_out", "BConv in x out"},
                                                        {"modmul", "VecModMul"},
                                                        {"modadd", "VecModAdd"}};
  for (const auto& [key, label] : counts) {
    md += fmt::format("| {} | {:.0f} |\n", label, v(std::string("workload.counts.") + key));
  }

  md += "\n## Energy\n\n| unit | dynamic uJ | static uJ |\n|---|---|---|\n";
  const auto& energy = stats.at("stats").at("energy");
  for (auto it = energy.begin(); it != energy.end(); ++it) {
    if (!it->contains("dynamic")) continue;
    const std::string p = "energy." + it.key();
    md += fmt::format("| {} | {:.3f} | {:.3f} |\n", it.key(), v(p + ".dynamic"), v(p + ".static"));
  }
  md += fmt::format("| total | | {:.3f} |\n", v("energy.total"));
  return md;
}

}  // namespace hesa
