// A run's output: the folder and files are checked before any work starts, and written at the end
// all together: each file to a temporary name, then renamed, with SIGINT/SIGTERM held back during
// the renames, so a reader (or an interrupted run) sees complete files or none.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace hesa {

class OutputDir {
 public:
  // Checks that `path` is or can become a writable folder without leaving anything behind, and,
  // unless `force`, that it holds no earlier results (stats.json). Throws ConfigError naming the
  // flag ("--out <path>: ...").
  // Sweeps and other resumable outputs pass force (they keep their own records in the folder).
  OutputDir(std::string path, bool force = true);
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const;
  // Writes one file of the folder at once (commit_files of that file).
  void write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

// Checks that a file can be written at `path` (its folder exists and is writable, the path is
// not a folder). Throws ConfigError naming `flag`.
void check_output_file(const std::string& path, const std::string& flag);

struct OutputFile {
  std::string path;
  std::string content;
  // When set, writes the file instead of `content` (a file streamed, never held whole).
  std::function<void(std::ostream&)> writer = nullptr;
};

// Creates `folder` if given and missing, writes every file to a temporary name in its folder,
// then renames them all. On failure (or SIGINT/SIGTERM before the renames) the temporary files and
// the folders created here are removed; throws std::runtime_error on I/O failure.
void commit_files(const std::vector<OutputFile>& files, const std::string& folder = "");

// One file, written to a temporary name and renamed (commit_files of that file).
void write_file_atomic(const std::string& path, const std::string& content);

}  // namespace hesa
