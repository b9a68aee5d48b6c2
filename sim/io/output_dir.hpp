// A run's output: the folder and files are checked before any work starts, and written at the end
// all together: each file to a temporary name, then renamed, with SIGINT/SIGTERM held back during
// the renames, so a reader (or an interrupted run) sees complete files or none.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/io/folder_lock.hpp"

namespace hesa {

struct OutputFile {
  std::string path;
  std::string content;
};

class OutputDir {
 public:
  // Checks that `path` is or can become a writable folder without leaving anything behind, and,
  // unless `force`, that it holds no earlier results (stats.json). Throws ConfigError naming the
  // flag ("--out <path>: ...").
  // Sweeps and other resumable outputs pass force (they keep their own records in the folder).
  // With `lock`, the folder is created now (if missing) and locked (FolderLock) until this object
  // ends; if nothing was committed by then, the lock file and the folders created are removed.
  // `defaulted`: the user gave no --out (messages then say "output folder <path> (the default;
  // choose one with --out)").
  OutputDir(std::string path, bool force = true, bool lock = false, bool defaulted = false);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const;
  // Writes one file of the folder at once (commit_files of that file).
  void write(const std::string& name, const std::string& content) const;
  // Writes the files (commit_files, removing stale temporaries) and keeps the folders created.
  void commit(const std::vector<OutputFile>& files);

 private:
  void undo_created();
  std::string path_;
  std::string flag_;  // "--out", or "output folder" for the default
  std::unique_ptr<FolderLock> lock_;
  std::vector<std::string> created_;  // folders this object created, outermost first
  std::vector<int> created_slots_;    // their interrupt cleanup
};

// Checks that a file can be written at `path`: its folder exists and is writable, and the path is
// new or a regular file (not a folder, a symbolic link, a device or a FIFO). Throws ConfigError
// naming `flag`.
void check_output_file(const std::string& path, const std::string& flag);

// Throws ConfigError "<flag> <path>: is the <what> file (<input>); ..." when `path` names the same
// file as one of `inputs` (pairs of what and path): an output never overwrites an input.
void check_not_input(const std::string& path, const std::string& flag,
                     const std::vector<std::pair<std::string, std::string>>& inputs);

// Creates `folder` if given and missing, writes every file to a temporary name in its folder,
// then renames them all; a target that exists and is not a regular file is refused. With
// `remove_stale`, the temporaries of the same names left by killed hesa processes are removed
// first (a scan of each file's folder: not for journals of many entries). On failure (or
// SIGINT/SIGTERM before the renames) the temporary files and the folders created here are removed;
// throws std::runtime_error on I/O failure.
void commit_files(const std::vector<OutputFile>& files, const std::string& folder = "",
                  bool remove_stale = false);

// One file, written to a temporary name and renamed (commit_files of that file).
void write_file_atomic(const std::string& path, const std::string& content);

}  // namespace hesa
