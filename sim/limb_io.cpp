#include "sim/limb_io.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "sim/config_loader.hpp"

namespace hesa {

std::vector<std::vector<uint32_t>> read_limbs(const std::string& path, const WorkloadConfig& w) {
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("{}: cannot open file", path));
  const size_t expected = static_cast<size_t>(w.batch) * w.limbs;
  std::vector<std::vector<uint32_t>> limbs;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (limbs.size() == expected) {
      throw ConfigError(
          fmt::format("{}:{}: more than batch x limbs = {} lines", path, line_no, expected));
    }
    const uint64_t q = w.primes[limbs.size() % w.limbs];
    std::vector<uint32_t> limb;
    limb.reserve(w.n);
    size_t pos = 0;
    while (true) {
      pos = line.find_first_not_of(" \t\r", pos);
      if (pos == std::string::npos) break;
      const size_t end = line.find_first_of(" \t\r", pos);
      const std::string tok = line.substr(pos, end - pos);
      uint64_t v = 0;
      const bool digits = !tok.empty() && tok.size() <= 19 &&
                          tok.find_first_not_of("0123456789") == std::string::npos;
      if (digits) v = std::stoull(tok);
      if (!digits || v >= q) {
        throw ConfigError(
            fmt::format("{}:{}:{}: coefficient \"{}\" is not an integer below the "
                        "limb's prime {}",
                        path, line_no, pos + 1, tok, q));
      }
      limb.push_back(static_cast<uint32_t>(v));
      pos = end;
    }
    if (limb.size() != w.n) {
      throw ConfigError(
          fmt::format("{}:{}: expected {} coefficients, got {}", path, line_no, w.n, limb.size()));
    }
    limbs.push_back(std::move(limb));
  }
  if (limbs.size() != expected) {
    throw ConfigError(
        fmt::format("{}: expected batch x limbs = {} lines, got {}", path, expected, limbs.size()));
  }
  return limbs;
}

std::string format_limbs(const std::vector<std::vector<uint32_t>>& limbs) {
  std::string out;
  for (const auto& limb : limbs) {
    for (size_t i = 0; i < limb.size(); ++i) {
      if (i) out += ' ';
      out += std::to_string(limb[i]);
    }
    out += '\n';
  }
  return out;
}

}  // namespace hesa
