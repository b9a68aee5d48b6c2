#include "sim/io/file_digest.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <fstream>

namespace hesa {

std::string file_digest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "unreadable";
  uint64_t h = 1469598103934665603ull;
  char chunk[65536];
  while (in) {
    in.read(chunk, sizeof chunk);
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h ^= static_cast<unsigned char>(chunk[i]);
      h *= 1099511628211ull;
    }
  }
  return fmt::format("{:016x}", h);
}

FileDigests file_digests(const std::vector<std::string>& files) {
  FileDigests out;
  for (const std::string& f : files) {
    bool seen = false;
    for (const auto& [file, digest] : out) seen |= file == f;
    if (!seen) out.emplace_back(f, file_digest(f));
  }
  return out;
}

std::string changed_file(const FileDigests& recorded) {
  for (const auto& [file, digest] : recorded) {
    if (file_digest(file) != digest) return file;
  }
  return "";
}

}  // namespace hesa
