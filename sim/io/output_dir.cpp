#include "sim/io/output_dir.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "config/config_error.hpp"
#include "sim/io/interrupt.hpp"

namespace hesa {

namespace fs = std::filesystem;

namespace {

// "out/x/" -> "out/x": a folder path without trailing separators.
fs::path folder_path(const std::string& text) {
  fs::path p = fs::path(text).lexically_normal();
  if (p.filename().empty() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p;
}

// Creates the missing folders of `p`, outermost first, each registered for removal on SIGINT.
// Returns them (with their cleanup slots); on failure removes them again and sets `ec`.
struct Created {
  std::vector<fs::path> folders;  // outermost first
  std::vector<int> slots;
  void undo() {
    for (std::size_t i = folders.size(); i-- > 0;) {
      std::error_code ignored;
      fs::remove(folders[i], ignored);
      unregister_cleanup(slots[i]);
    }
    folders.clear();
    slots.clear();
  }
  void keep() {
    for (int slot : slots) unregister_cleanup(slot);
    folders.clear();
    slots.clear();
  }
};

Created make_folders(const fs::path& p, std::error_code& ec) {
  std::vector<fs::path> missing;
  for (fs::path at = p; !at.empty(); at = at.parent_path()) {
    if (fs::exists(at, ec) || ec) break;
    missing.push_back(at);
    if (at == at.parent_path()) break;
  }
  Created made;
  for (std::size_t i = missing.size(); i-- > 0 && !ec;) {
    made.slots.push_back(register_cleanup(missing[i].string(), true));
    made.folders.push_back(missing[i]);
    if (!fs::create_directory(missing[i], ec) && !ec)
      ec = std::make_error_code(std::errc::file_exists);
  }
  if (ec) {
    if (!made.folders.empty() && !fs::is_directory(made.folders.back())) {
      unregister_cleanup(made.slots.back());
      made.folders.pop_back();
      made.slots.pop_back();
    }
    made.undo();
  }
  return made;
}

// Creates and removes a file in `folder`; returns "" or why it failed.
std::string probe_writable(const fs::path& folder) {
  const fs::path probe = folder / fmt::format(".hesa-probe.{}", getpid());
  const int slot = register_cleanup(probe.string(), false);
  const int fd = open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
  const std::string why = fd < 0 ? std::strerror(errno) : "";
  if (fd >= 0) {
    close(fd);
    unlink(probe.c_str());
  }
  unregister_cleanup(slot);
  return why;
}

[[noreturn]] void fail(const std::string& flag, const std::string& path, const std::string& msg) {
  throw ConfigError(fmt::format("{} {}: {}", flag, path, msg));
}

}  // namespace

OutputDir::OutputDir(std::string path, bool force) : path_(std::move(path)) {
  const fs::path p = folder_path(path_);
  std::error_code ec;
  const fs::file_status st = fs::status(p, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) fail("--out", path_, "exists and is not a folder");
    if (!force && fs::exists(p / "stats.json", ec)) {
      fail("--out", path_, "already holds results (stats.json); pass --force to overwrite them");
    }
    const std::string why = probe_writable(p);
    if (!why.empty()) fail("--out", path_, fmt::format("cannot write into the folder ({})", why));
    return;
  }
  Created made = make_folders(p, ec);
  if (ec) fail("--out", path_, fmt::format("cannot create the folder ({})", ec.message()));
  const std::string why = probe_writable(p);
  made.undo();
  if (!why.empty()) fail("--out", path_, fmt::format("cannot write into the folder ({})", why));
}

std::string OutputDir::file(const std::string& name) const {
  return (folder_path(path_) / name).string();
}

void check_output_file(const std::string& path, const std::string& flag) {
  const fs::path p(path);
  std::error_code ec;
  if (p.filename().empty() || fs::is_directory(p, ec)) fail(flag, path, "is a folder, not a file");
  const fs::path folder = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec)) {
    fail(flag, path, fmt::format("folder \"{}\" does not exist", folder.string()));
  }
  const std::string why = probe_writable(folder);
  if (!why.empty()) fail(flag, path, fmt::format("cannot write into its folder ({})", why));
}

void commit_files(const std::vector<OutputFile>& files, const std::string& folder) {
  std::error_code ec;
  Created made;
  if (!folder.empty()) {
    made = make_folders(folder_path(folder), ec);
    if (ec) throw std::runtime_error(fmt::format("{}: cannot create ({})", folder, ec.message()));
  }
  std::vector<std::string> tmps;
  std::vector<int> slots;
  auto undo = [&] {
    for (std::size_t i = 0; i < tmps.size(); ++i) {
      std::remove(tmps[i].c_str());
      unregister_cleanup(slots[i]);
    }
    made.undo();
  };
  for (const OutputFile& f : files) {
    const fs::path p(f.path);
    const fs::path tmp =
        p.parent_path() / fmt::format(".{}.tmp.{}", p.filename().string(), getpid());
    tmps.push_back(tmp.string());
    slots.push_back(register_cleanup(tmp.string(), false));
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (f.writer) {
      f.writer(out);
    } else {
      out << f.content;
    }
    out.flush();
    if (!out) {
      undo();
      throw std::runtime_error(fmt::format("{}: cannot write file", f.path));
    }
  }
  const SignalHold hold;  // the renames run to the end; a signal is delivered afterwards
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (std::rename(tmps[i].c_str(), files[i].path.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      undo();
      throw std::runtime_error(fmt::format("{}: cannot write file ({})", files[i].path, why));
    }
  }
  for (int slot : slots) unregister_cleanup(slot);
  made.keep();
}

void OutputDir::write(const std::string& name, const std::string& content) const {
  commit_files({{file(name), content}}, path_);
}

void write_file_atomic(const std::string& path, const std::string& content) {
  const fs::path parent = fs::path(path).parent_path();
  commit_files({{path, content}}, parent.empty() ? "" : parent.string());
}

}  // namespace hesa
