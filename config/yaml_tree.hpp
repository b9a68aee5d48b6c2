// A YAML document tree whose every node remembers its file, line and column; includes and merges.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hesa {

// Where a node came from: "file:line:col" (1-based), or just `file` when line is 0 (a whole file,
// or a command-line override such as "--set mxu.rows=3").
struct Location {
  std::string file;
  int line = 0;
  int col = 0;
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

// Parses a YAML file into a tree and resolves `include:` keys (a file name or a list of them,
// relative to the including file) in every map: the included maps are the base, the including
// map's own keys are deep-merged over them. Throws ConfigError on unreadable files, syntax errors,
// duplicate keys, non-scalar keys and cyclic includes.
Node load_yaml_file(const std::string& path);
// The same for text already in memory, located as if read from `file` (includes are relative to
// its folder).
Node load_yaml_text(const std::string& text, const std::string& file);

// Parses one YAML value (a scalar or a flow list/map) given on the command line for `key_path`;
// every node gets location `loc`. Text that is not valid YAML becomes a plain string scalar.
Node parse_yaml_value(const std::string& text, const Location& loc, const std::string& key_path);

// Deep merge: keys of `over` replace those of `base`, except maps merge recursively. The result
// lists the keys of `over` first, in its order, then those only in `base`.
void merge_into(Node& base, const Node& over);

// Sets root.<path...> = value, creating maps on the way (and replacing non-maps); new keys get
// location `loc`.
void set_path(Node& root, const std::vector<std::string>& path, Node value, const Location& loc);

// Emits maps under top-level keys, in order, as block YAML (lists of scalars in flow style).
std::string emit_yaml(const std::vector<std::pair<std::string, const Node*>>& top);

}  // namespace hesa
