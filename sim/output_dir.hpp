// A run's output folder: checked writable before any work starts; every file written to a
// temporary name and renamed, so a reader never sees a half-written file.
#pragma once

#include <string>

namespace hesa {

class OutputDir {
 public:
  // Creates the folder if needed and checks it is writable; throws ConfigError otherwise.
  explicit OutputDir(std::string path);
  void write(const std::string& name, const std::string& content) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Writes a file atomically (temporary name in the same folder, then rename).
void write_file_atomic(const std::string& path, const std::string& content);

}  // namespace hesa
