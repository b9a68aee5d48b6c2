#include "sim/output_dir.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/config_loader.hpp"

namespace hesa {

namespace fs = std::filesystem;

OutputDir::OutputDir(std::string path) : path_(std::move(path)) {
  std::error_code ec;
  fs::create_directories(path_, ec);
  if (ec || !fs::is_directory(path_)) {
    throw ConfigError(fmt::format("{}: cannot create output folder ({}) (--out)", path_,
                                  ec ? ec.message() : "not a folder"));
  }
  if (access(path_.c_str(), W_OK) != 0) {
    throw ConfigError(fmt::format("{}: output folder is not writable (--out)", path_));
  }
}

void OutputDir::write(const std::string& name, const std::string& content) const {
  write_file_atomic((fs::path(path_) / name).string(), content);
}

void write_file_atomic(const std::string& path, const std::string& content) {
  const std::string tmp = fmt::format("{}.tmp.{}", path, getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw std::runtime_error(fmt::format("{}: cannot write file", path));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw std::runtime_error(fmt::format("{}: cannot write file ({})", path, why));
  }
}

}  // namespace hesa
