// YAML text -> Node tree, built from the parser's events rather than yaml-cpp's node graph.
// Anchors and aliases are resolved here: an alias copies its anchor's finished node, so an alias
// inside the node it names (a cycle) is an error, never an endless tree. The number of nodes
// (aliases expanded), the nesting depth and the number of documents are bounded, so no input,
// however small, grows without bound.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "config/yaml_node.hpp"

namespace hesa {

// Limits shared by every file of one load (a file and its includes).
struct YamlBudget {
  static constexpr std::size_t kMaxNodes = 250000;  // configs hold hundreds; aliases count
  static constexpr int kMaxDepth = 64;              // maps and lists inside one another
  std::size_t nodes = 0;
};

// Parses `text` (one YAML document, or none) located in `file`; every node carries its
// file:line:col. Throws ConfigError on a syntax error, a second document, a non-scalar or
// duplicate map key (named by `path` + its key), an alias to a node that contains it, and on
// exceeding `budget`.
Node parse_yaml_document(const std::string& text, const std::string& file, const std::string& path,
                         YamlBudget& budget);

// The same for a value given on the command line, for key `path`: every node is located at
// `file` (the override) without line and column; nullopt when the text is not valid YAML, to be
// taken as a plain string instead. A second document, a cycle or a bomb still throws.
std::optional<Node> try_parse_yaml_document(const std::string& text, const std::string& file,
                                            const std::string& path, YamlBudget& budget);

}  // namespace hesa
