#include "sim/io/output_dir.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
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
    if (!fs::create_directory(missing[i], ec) && !ec) {
      // Made meanwhile by another process (say a second run into the same new folder): not ours.
      unregister_cleanup(made.slots.back());
      made.folders.pop_back();
      made.slots.pop_back();
      if (!fs::is_directory(missing[i], ec) && !ec) {
        ec = std::make_error_code(std::errc::file_exists);
      }
    }
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
  if (flag == "output folder") {  // the default of --out: say so, the user never typed it
    throw ConfigError(
        fmt::format("{} {} (the default; choose one with --out): {}", flag, path, msg));
  }
  throw ConfigError(fmt::format("{} {}: {}", flag, path, msg));
}

}  // namespace

OutputDir::OutputDir(std::string path, bool force, bool lock, bool defaulted)
    : path_(std::move(path)), flag_(defaulted ? "output folder" : "--out") {
  const fs::path p = folder_path(path_);
  std::error_code ec;
  const fs::file_status st = fs::status(p, ec);
  const bool existed = fs::exists(st);
  if (existed && !fs::is_directory(st)) fail(flag_, path_, "exists and is not a folder");
  Created made;
  if (!existed) {
    made = make_folders(p, ec);
    if (ec) fail(flag_, path_, fmt::format("cannot create the folder ({})", ec.message()));
  }
  if (lock) {
    try {
      lock_ = std::make_unique<FolderLock>(p.string(), flag_ + " " + path_);
    } catch (...) {
      made.undo();
      throw;
    }
    created_ = {made.folders.begin(), made.folders.end()};
    created_slots_ = made.slots;
    made.folders.clear();
    made.slots.clear();
  }
  // Checked under the lock: a run that finished meanwhile has left its stats.json.
  if (!force && fs::exists(p / "stats.json", ec)) {
    lock_.reset();
    undo_created();
    fail(flag_, path_, "already holds results (stats.json); pass --force to overwrite them");
  }
  const std::string why = probe_writable(p);
  if (!lock) made.undo();
  if (!why.empty()) {
    lock_.reset();
    undo_created();
    fail(flag_, path_, fmt::format("cannot write into the folder ({})", why));
  }
}

OutputDir::~OutputDir() {
  lock_.reset();
  undo_created();
}

void OutputDir::undo_created() {
  for (std::size_t i = created_.size(); i-- > 0;) {
    std::error_code ignored;
    fs::remove(created_[i], ignored);  // only when empty
    unregister_cleanup(created_slots_[i]);
  }
  created_.clear();
  created_slots_.clear();
}

void OutputDir::commit(const std::vector<OutputFile>& files) {
  commit_files(files, path_, true);
  for (int slot : created_slots_) unregister_cleanup(slot);
  created_.clear();
  created_slots_.clear();
}

std::string OutputDir::file(const std::string& name) const {
  return (folder_path(path_) / name).string();
}

namespace {

const char* kind_of(const struct stat& st) {
  return S_ISLNK(st.st_mode)    ? "a symbolic link"
         : S_ISCHR(st.st_mode)  ? "a character device"
         : S_ISBLK(st.st_mode)  ? "a block device"
         : S_ISFIFO(st.st_mode) ? "a FIFO"
         : S_ISSOCK(st.st_mode) ? "a socket"
         : S_ISDIR(st.st_mode)  ? "a folder"
                                : "not a regular file";
}

// "" when `path` is new or a regular file, else what it is.
std::string not_regular(const std::string& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode)) return "";
  return kind_of(st);
}

}  // namespace

void check_output_file(const std::string& path, const std::string& flag) {
  const fs::path p(path);
  std::error_code ec;
  if (p.filename().empty() || fs::is_directory(p, ec)) fail(flag, path, "is a folder, not a file");
  const std::string kind = not_regular(path);
  if (!kind.empty()) {
    fail(flag, path, fmt::format("is {}; hesa writes only to regular files or new paths", kind));
  }
  const fs::path folder = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec)) {
    fail(flag, path, fmt::format("folder \"{}\" does not exist", folder.string()));
  }
  const std::string why = probe_writable(folder);
  if (!why.empty()) fail(flag, path, fmt::format("cannot write into its folder ({})", why));
}

void check_not_input(const std::string& path, const std::string& flag,
                     const std::vector<std::pair<std::string, std::string>>& inputs) {
  for (const auto& [what, input] : inputs) {
    std::error_code ec;
    if (input.empty() || !fs::equivalent(path, input, ec) || ec) continue;
    fail(flag, path,
         fmt::format("is the {} file{}; an output never overwrites an input", what,
                     input == path ? "" : " (" + input + ")"));
  }
}

void commit_files(const std::vector<OutputFile>& files, const std::string& folder,
                  bool remove_stale) {
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
    if (remove_stale) remove_stale_temporaries(f.path);
    const fs::path tmp =
        p.parent_path() / fmt::format(".{}.tmp.{}", p.filename().string(), getpid());
    tmps.push_back(tmp.string());
    slots.push_back(register_cleanup(tmp.string(), false));
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << f.content;
    out.flush();
    if (!out) {
      undo();
      throw std::runtime_error(fmt::format("{}: cannot write file", f.path));
    }
  }
  for (const OutputFile& f : files) {
    if (const std::string kind = not_regular(f.path); !kind.empty()) {
      undo();
      throw std::runtime_error(fmt::format("{}: is {}, not replaced", f.path, kind));
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
