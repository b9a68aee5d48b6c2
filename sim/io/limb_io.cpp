#include "sim/io/limb_io.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "config/config_error.hpp"

namespace hesa {

namespace {

// A token as the message shows it: at most 40 bytes, bytes other than printable ASCII as \xHH (a
// NUL would cut the message on a terminal).
std::string shown(const std::string& tok) {
  std::string out;
  for (char c : tok.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    out += u >= 0x20 && u < 0x7f ? std::string(1, c) : fmt::format("\\x{:02x}", u);
  }
  return tok.size() > 40 ? out + "..." : out;
}

}  // namespace

uint64_t max_limb_file_bytes(const WorkloadConfig& w) {
  // Each coefficient below 2^32 is at most 10 digits; allow 14 bytes for it and its spaces, and
  // 64 KiB of blank lines and line ends.
  return uint64_t(w.batch) * uint64_t(w.limbs) * uint64_t(w.n) * 14 + (uint64_t{1} << 16);
}

std::vector<std::vector<uint32_t>> read_limbs(const std::string& path, const WorkloadConfig& w) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    throw ConfigError(fmt::format("--input {}: cannot open file", path));
  }
  if (S_ISDIR(st.st_mode))
    throw ConfigError(fmt::format("--input {}: is a folder, not a file", path));
  if (!S_ISREG(st.st_mode)) {
    // A FIFO would block forever, a device read without end.
    throw ConfigError(fmt::format("--input {}: is {}, not a regular file", path,
                                  S_ISFIFO(st.st_mode)  ? "a FIFO"
                                  : S_ISCHR(st.st_mode) ? "a character device"
                                  : S_ISBLK(st.st_mode) ? "a block device"
                                                        : "a socket"));
  }
  const uint64_t limit = max_limb_file_bytes(w);
  if (static_cast<uint64_t>(st.st_size) > limit) {
    throw ConfigError(fmt::format(
        "--input {}: {} bytes, more than batch x limbs x scheme.n = {} x {} x {} coefficients "
        "take ({} bytes at most)",
        path, st.st_size, w.batch, w.limbs, w.n, limit));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("--input {}: cannot open file", path));
  return parse_limbs(in, path, w);
}

std::vector<std::vector<uint32_t>> parse_limbs(std::istream& in, const std::string& name,
                                               const WorkloadConfig& w) {
  const size_t limbs_per_item = static_cast<size_t>(w.limbs);
  const size_t expected = static_cast<size_t>(w.batch) * limbs_per_item;
  std::vector<std::vector<uint32_t>> limbs;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const size_t item = limbs.size() / limbs_per_item, limb_index = limbs.size() % limbs_per_item;
    if (limbs.size() == expected) {
      throw ConfigError(fmt::format("{}:{}: more than batch x limbs = {} x {} = {} lines", name,
                                    line_no, w.batch, w.limbs, expected));
    }
    const std::string where = fmt::format("item {} limb {}", item, limb_index);
    const uint64_t q = w.primes[limb_index];
    std::vector<uint32_t> limb;
    limb.reserve(w.n);
    size_t pos = 0;
    while (true) {
      pos = line.find_first_not_of(" \t\r", pos);
      if (pos == std::string::npos) break;
      const size_t end = line.find_first_of(" \t\r", pos);
      const std::string tok = line.substr(pos, end - pos);
      uint64_t v = 0;
      const bool digits =
          tok.size() <= 19 && tok.find_first_not_of("0123456789") == std::string::npos;
      if (digits) v = std::stoull(tok);
      if (!digits || v >= q) {
        throw ConfigError(fmt::format(
            "{}:{}:{}: {}: coefficient \"{}\" is not an integer below the limb's prime {}", name,
            line_no, pos + 1, where, shown(tok), q));
      }
      if (limb.size() == w.n) {
        throw ConfigError(fmt::format("{}:{}:{}: {}: more than scheme.n = {} coefficients", name,
                                      line_no, pos + 1, where, w.n));
      }
      limb.push_back(static_cast<uint32_t>(v));
      pos = end;
    }
    if (limb.size() != w.n) {
      throw ConfigError(fmt::format("{}:{}: {}: expected scheme.n = {} coefficients, got {}", name,
                                    line_no, where, w.n, limb.size()));
    }
    limbs.push_back(std::move(limb));
  }
  if (limbs.size() != expected) {
    throw ConfigError(
        fmt::format("{}:{}: end of file: expected batch x limbs = {} x {} = {} lines, got {}", name,
                    line_no + 1, w.batch, w.limbs, expected, limbs.size()));
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
