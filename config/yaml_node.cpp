#include "config/yaml_node.hpp"

#include <fmt/format.h>

#include "config/config_error.hpp"

namespace hesa {

std::string Location::str() const {
  return line > 0 ? fmt::format("{}:{}:{}", file, line, col) : file;
}

void config_fail(const Location& loc, std::string_view key_path, std::string_view message) {
  if (key_path.empty()) throw ConfigError(fmt::format("{}: {}", loc.str(), message));
  throw ConfigError(fmt::format("{}: {}: {}", loc.str(), key_path, message));
}

std::string join_key(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

const Node* Node::find(std::string_view key) const {
  for (const MapEntry& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

Node* Node::find(std::string_view key) {
  return const_cast<Node*>(static_cast<const Node*>(this)->find(key));
}

std::string Node::describe() const {
  switch (kind) {
    case Kind::kNull:
      return "nothing";
    case Kind::kList:
      return "a list";
    case Kind::kMap:
      return "a map";
    case Kind::kScalar:
      break;
  }
  std::string text;  // one line, short
  for (char c : scalar.substr(0, 60)) text += c == '\n' ? std::string("\\n") : std::string(1, c);
  if (scalar.size() > 60) text += "...";
  return fmt::format("\"{}\"", text);
}

}  // namespace hesa
