#include "sim/io/folder_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include "config/config_error.hpp"
#include "sim/io/interrupt.hpp"

namespace hesa {

namespace fs = std::filesystem;

namespace {

constexpr const char* kLockName = ".hesa.lock";

// The pid an exclusive holder wrote into the lock file, or "".
std::string holder_of(int fd) {
  char buf[32] = {};
  const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  std::string text(buf, n > 0 ? static_cast<size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text.find_first_not_of("0123456789") == std::string::npos ? text : "";
}

}  // namespace

FolderLock::FolderLock(const std::string& dir, const std::string& label, Mode mode)
    : path_((fs::path(dir) / kLockName).string()), mode_(mode) {
  // The holder removes the file when done; a file opened just before that removal is stale, so
  // the lock is taken again on whatever the name holds afterwards.
  for (int attempt = 0; attempt < 100; ++attempt) {
    slot_ = register_cleanup(path_, false);
    fd_ = open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0) {
      const std::string why = std::strerror(errno);
      unregister_cleanup(slot_);
      throw ConfigError(fmt::format("{}: cannot write into the folder ({})", label, why));
    }
    if (flock(fd_, (mode == Mode::kShared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
      const std::string pid = holder_of(fd_);
      close(fd_);
      unregister_cleanup(slot_);
      throw ConfigError(fmt::format("{}: another hesa process{} is writing into this folder", label,
                                    pid.empty() ? "" : " (pid " + pid + ")"));
    }
    struct stat held {
    }, named{};
    if (fstat(fd_, &held) == 0 && stat(path_.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
      if (mode == Mode::kExclusive) {
        const std::string pid = fmt::format("{}\n", getpid());
        if (ftruncate(fd_, 0) != 0 || pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
          // The pid only improves the message of a second process.
        }
      }
      if (mode == Mode::kShared) unregister_cleanup(slot_), slot_ = -1;  // others may hold it
      return;
    }
    close(fd_);
    unregister_cleanup(slot_);
  }
  throw ConfigError(
      fmt::format("{}: cannot lock the folder ({} keeps changing)", label, kLockName));
}

FolderLock::~FolderLock() {
  if (fd_ < 0) return;
  if (mode_ == Mode::kExclusive) unlink(path_.c_str());  // while still holding the lock
  unregister_cleanup(slot_);
  close(fd_);
}

void FolderLock::share() {
  if (mode_ == Mode::kShared) return;
  if (ftruncate(fd_, 0) != 0) {
    // A stale pid would only mislead a later message.
  }
  flock(fd_, LOCK_SH);
  mode_ = Mode::kShared;
  unregister_cleanup(slot_);
  slot_ = -1;
}

void remove_stale_temporaries(const std::string& file) {
  const fs::path p(file);
  const fs::path folder = p.has_parent_path() ? p.parent_path() : fs::path(".");
  const std::string prefix = "." + p.filename().string() + ".tmp.";
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid = name.substr(prefix.size());
    if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const pid_t owner = static_cast<pid_t>(std::stol(pid));
    if (owner == getpid() || kill(owner, 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    if (it->is_regular_file(ignored) && !it->is_symlink(ignored)) fs::remove(it->path(), ignored);
  }
}

}  // namespace hesa
