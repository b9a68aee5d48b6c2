// YAML files as trees (config/yaml_node.hpp): includes resolved and bounded, deep merges,
// overrides by key path, the effective config emitted back as YAML.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/yaml_node.hpp"

namespace hesa {

// Parses a YAML file into a tree and resolves `include:` keys (a file name or a list of them,
// relative to the including file) in every map: the included maps are the base, the including
// map's own keys are deep-merged over them. Throws ConfigError on unreadable files, syntax errors,
// duplicate keys, non-scalar keys and cyclic includes. `files`, when given, receives every file
// read: `path`, then its includes in the order they were read.
Node load_yaml_file(const std::string& path, std::vector<std::string>* files = nullptr);
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
