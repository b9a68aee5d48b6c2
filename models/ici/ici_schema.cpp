#include "models/ici/ici_schema.hpp"

#include <fmt/format.h>

namespace hesa {

const std::vector<std::string>& ici_keys() {
  static const std::vector<std::string> keys = {"dims", "wraparound", "link_gb_s",
                                                "hop_latency_ns"};
  return keys;
}

void read_ici(const ConfigReader& r, IciConfig& c) {
  const std::string dims_path = r.key_path("dims");
  const std::vector<Node>& dims = read_list(r.require("dims"), dims_path);
  if (dims.empty() || dims.size() > size_t(kIciMaxDims)) {
    config_fail(
        r.require("dims").loc, dims_path,
        fmt::format("expected 1 to {} chip counts (x, y, z), got {}", kIciMaxDims, dims.size()));
  }
  c.dims = {1, 1, 1};
  c.wrap = {false, false, false};
  int64_t chips = 1;
  for (size_t d = 0; d < dims.size(); ++d) {
    c.dims[d] = static_cast<int>(read_int(dims[d], fmt::format("{}[{}]", dims_path, d), 1, 4096));
    chips *= c.dims[d];
  }
  if (chips > 4096) {
    config_fail(r.require("dims").loc, dims_path,
                fmt::format("{} chips: at most 4096 in a slice", chips));
  }
  if (const Node* w = r.find("wraparound")) {
    const std::string path = r.key_path("wraparound");
    const std::vector<Node>& wrap = read_list(*w, path);
    if (wrap.size() != dims.size()) {
      config_fail(
          w->loc, path,
          fmt::format("expected one flag per dimension ({}), got {}", dims.size(), wrap.size()));
    }
    for (size_t d = 0; d < wrap.size(); ++d) {
      c.wrap[d] = read_bool(wrap[d], fmt::format("{}[{}]", path, d));
    }
  }
  c.link_gb_s = r.get_number("link_gb_s", {0, 1e5, true});
  c.hop_latency_ns = r.get_number("hop_latency_ns", {0, 1e7});
}

void read_ici_energy(const ConfigReader& energy, IciConfig& c) {
  c.byte_pj = energy.get_number("ici_byte_pj", {0, 1e4});
}

}  // namespace hesa
