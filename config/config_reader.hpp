// Strict typed reading of config trees: unknown keys, missing keys, wrong types and out-of-range
// values fail with one line "<file>:<line>:<col>: <key.path>: <message>".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/schema_log.hpp"
#include "config/yaml_tree.hpp"

namespace hesa {

// Bounds of a number, inclusive; open_low makes the lower one exclusive ("> 0").
struct Bounds {
  double lo;
  double hi;
  bool open_low = false;
};

// Readers of one node; `path` names it in messages ("mxu.rows", "scheme.primes[3]").
int64_t read_int(const Node& node, const std::string& path, int64_t lo, int64_t hi);
double read_number(const Node& node, const std::string& path, Bounds bounds);
bool read_bool(const Node& node, const std::string& path);
std::string read_string(const Node& node, const std::string& path);  // non-empty
std::string read_choice(const Node& node, const std::string& path,
                        const std::vector<std::string>& choices);
const std::vector<Node>& read_list(const Node& node, const std::string& path);

// A map whose keys must all be among `keys` (checked on construction, so a misspelt key is
// reported before the required key it was meant to be).
class ConfigReader {
 public:
  ConfigReader(const Node& map, std::string path, std::vector<std::string> keys);

  const Node& node() const { return map_; }
  const std::string& path() const { return path_; }
  std::string key_path(std::string_view key) const { return join_key(path_, key); }
  // An optional key (the schema log notes it as such).
  const Node* find(std::string_view key) const {
    schema_note_optional(key_path(key));
    return map_.find(key);
  }
  // The value of a required key; a missing one is reported at this map's location.
  const Node& require(std::string_view key) const;
  // A required sub-map with its own allowed keys.
  ConfigReader child(std::string_view key, std::vector<std::string> keys) const;

  int64_t get_int(std::string_view key, int64_t lo, int64_t hi) const;
  double get_number(std::string_view key, Bounds bounds) const;
  bool get_bool(std::string_view key) const;
  std::string get_string(std::string_view key) const;
  std::string get_choice(std::string_view key, const std::vector<std::string>& choices) const;
  // A required sub-map of numbers with exactly the keys `keys`.
  std::map<std::string, double> get_number_table(std::string_view key,
                                                 const std::vector<std::string>& keys,
                                                 Bounds bounds) const;

  // Optional keys: when absent, `value` keeps its default (the config struct's initializer,
  // the one place each default lives).
  template <class Int>
  void opt_int(std::string_view key, Int& value, int64_t lo, int64_t hi) const {
    schema_note(key_path(key), "integer", std::to_string(lo) + " to " + std::to_string(hi));
    schema_note_default(key_path(key), std::to_string(static_cast<int64_t>(value)));
    if (const Node* n = find(key)) value = static_cast<Int>(read_int(*n, key_path(key), lo, hi));
  }
  void opt_choice(std::string_view key, std::string& value,
                  const std::vector<std::string>& choices) const;

 private:
  const Node& map_;
  std::string path_;
};

}  // namespace hesa
