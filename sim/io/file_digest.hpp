// A digest of a file's bytes (64-bit FNV-1a, hex), to tell whether an input file changed between
// the points of a resumed sweep.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace hesa {

// 16 hex digits, or "unreadable" when the file cannot be read.
std::string file_digest(const std::string& path);

// (file, digest) of each file, in order.
using FileDigests = std::vector<std::pair<std::string, std::string>>;
FileDigests file_digests(const std::vector<std::string>& files);

// The first file whose digest now differs from the recorded one, or "".
std::string changed_file(const FileDigests& recorded);

}  // namespace hesa
