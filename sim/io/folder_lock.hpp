// An advisory lock on an output folder (flock on DIR/.hesa.lock), so one hesa process writes a
// run folder or a sweep folder at a time: a second one is refused with a one-line error naming
// the folder. Shared locks let the workers of a Slurm array journal distinct points together.
#pragma once

#include <string>

namespace hesa {

class FolderLock {
 public:
  enum class Mode { kExclusive, kShared };
  // Locks the existing folder `dir`; `label` names it in errors ("--out out/x"). Throws
  // ConfigError "<label>: another hesa process (pid P) is writing into this folder" when it is
  // locked, or "<label>: cannot write into the folder (<why>)".
  FolderLock(const std::string& dir, const std::string& label, Mode mode = Mode::kExclusive);
  // Unlocks; an exclusive holder also removes the lock file.
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  // Turns an exclusive lock into a shared one (the workers of a Slurm job may then lock too).
  void share();
  const std::string& path() const { return path_; }

 private:
  std::string path_;  // of the lock file
  int fd_ = -1;
  int slot_ = -1;  // interrupt cleanup of the lock file
  Mode mode_;
};

// Removes the temporary files ".<name>.tmp.<pid>" of `file` left by hesa processes that no
// longer run (killed during their final renames).
void remove_stale_temporaries(const std::string& file);

}  // namespace hesa
