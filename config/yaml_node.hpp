// A YAML document tree whose every node remembers its file, line and column, and the one-line
// error that names a node's place and key path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hesa {

// Where a node came from: "file:line:col" (1-based), or just `file` when line is 0 (a whole file,
// or a command-line override such as "--set mxu.rows=3").
struct Location {
  std::string file;
  int line = 0;
  int col = 0;
  int depth = 0;  // includes between the file loaded and this node's file (0: that file itself)
  std::string str() const;
};

// Throws ConfigError with the one-line message "<loc>: <key_path>: <message>" (the key path and
// its colon are left out when empty).
[[noreturn]] void config_fail(const Location& loc, std::string_view key_path,
                              std::string_view message);

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string join_key(std::string_view parent, std::string_view key);

struct MapEntry;

struct Node {
  enum class Kind { kNull, kScalar, kList, kMap };
  Kind kind = Kind::kNull;
  Location loc;
  std::string scalar;             // kScalar: the text as written
  bool quoted = false;            // kScalar: written in quotes (always a string)
  std::vector<Node> items;        // kList
  std::vector<MapEntry> entries;  // kMap, in file order

  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  // For messages: "\"abc\"" for a scalar, else "a map", "a list" or "nothing".
  std::string describe() const;
};

struct MapEntry {
  std::string key;
  Location key_loc;
  Node value;
};

}  // namespace hesa
