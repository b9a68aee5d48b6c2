#include "sim/sweep/sweep_metrics.hpp"

#include "sim/io/number_format.hpp"

namespace hesa {

namespace {

// A leaf value of the stats tree ("units.hbm.bytes"); absent: nullptr.
const nlohmann::ordered_json* leaf(const nlohmann::ordered_json& stats,
                                   std::initializer_list<const char*> path) {
  const nlohmann::ordered_json* node = &stats.at("stats");
  for (const char* key : path) {
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &node->at(key);
  }
  return node->is_object() && node->contains("value") && node->at("value").is_number()
             ? &node->at("value")
             : nullptr;
}

}  // namespace

void read_point_metrics(const nlohmann::ordered_json& stats, PointResult& r) {
  if (stats.contains("bottleneck")) {
    const nlohmann::ordered_json& b = stats.at("bottleneck").at("run");
    r.bottleneck = b.value("unit", "");
    r.bottleneck_share = b.value("share", 0.0);
  }
  const auto add = [&](const std::string& name, const nlohmann::ordered_json* value,
                       double scale = 1) {
    if (value) r.metrics.emplace_back(name, tidy(value->get<double>() * scale));
  };
  add("limb_ntts", leaf(stats, {"workload", "counts", "ntts"}));
  add("limb_intts", leaf(stats, {"workload", "counts", "intts"}));
  add("int8_macs", leaf(stats, {"units", "mxu", "int8_macs"}));
  add("vpu_ops", leaf(stats, {"units", "vpu", "alu_ops"}));
  add("hbm_bytes", leaf(stats, {"units", "hbm", "bytes"}));
  // A slice's: its chips, the bytes they sent each other, the links' busy share.
  const nlohmann::ordered_json& meta = stats.at("meta");
  if (meta.contains("chips") && meta.at("chips").is_number()) {
    r.metrics.emplace_back("chips", meta.at("chips").get<double>());
    const nlohmann::ordered_json* ici = leaf(stats, {"units", "ici", "bytes"});
    r.metrics.emplace_back("ici_bytes", ici ? tidy(ici->get<double>()) : 0.0);
    const nlohmann::ordered_json* util = leaf(stats, {"units", "ici", "utilization"});
    r.metrics.emplace_back("util_ici", util ? tidy(util->get<double>()) : 0.0);
  }
  const double ghz = stats.at("meta").value("clock_ghz", 0.0);
  const double us_per_cycle = ghz > 0 ? 1e-3 / ghz : 0;
  const nlohmann::ordered_json& tree = stats.at("stats");
  if (!tree.contains("breakdown")) return;
  const nlohmann::ordered_json& bd = tree.at("breakdown");
  if (bd.contains("category")) {
    for (const auto& [id, c] : bd.at("category").items()) {
      add("cat_" + id + "_us", leaf(stats, {"breakdown", "category", id.c_str(), "busy"}),
          us_per_cycle);
    }
    for (const auto& [id, c] : bd.at("category").items()) {
      add("cat_" + id + "_profile_share",
          leaf(stats, {"breakdown", "category", id.c_str(), "profile_share"}));
    }
  }
  if (bd.contains("kernel")) {
    for (const auto& [k, c] : bd.at("kernel").items()) {
      add("kernel_" + k + "_us", leaf(stats, {"breakdown", "kernel", k.c_str(), "active"}),
          us_per_cycle);
    }
  }
}

}  // namespace hesa
