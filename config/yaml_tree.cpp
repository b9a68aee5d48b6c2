#include "config/yaml_tree.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>

#include "config/config_error.hpp"
#include "config/yaml_parse.hpp"

namespace hesa {

namespace fs = std::filesystem;

namespace {

Node node_of(Node::Kind kind, Location loc) {
  Node node;
  node.kind = kind;
  node.loc = std::move(loc);
  return node;
}

// Config files are small; a bigger "file" (say /proc/kcore via an include) is refused unread.
constexpr std::size_t kMaxFileBytes = std::size_t{16} << 20;
const char* const kTooLarge = "larger than 16 MiB, not a config file";

// The file's text; nullopt when it cannot be read. `too_large` is set for files beyond the limit.
std::optional<std::string> read_text(const std::string& path, bool& too_large) {
  too_large = false;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  char chunk[65536];
  while (in && text.size() <= kMaxFileBytes) {
    in.read(chunk, sizeof chunk);
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  too_large = text.size() > kMaxFileBytes;
  return text;
}

// The offset of the first byte that does not start a valid UTF-8 sequence (overlong forms and
// surrogates included), or npos. YAML files are UTF-8, and their strings reach JSON outputs.
std::size_t invalid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xe  ? 3
                    : (c >> 3) == 0x1e ? 4
                                       : 0;
    if (len == 0 || i + len > s.size()) return i;
    uint32_t cp = len == 1 ? c : c & (0xffu >> (len + 1));
    for (int k = 1; k < len; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xc0) != 0x80) return i;
      cp = (cp << 6) | (next & 0x3f);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) {
      return i;
    }
    i += len;
  }
  return std::string::npos;
}

// `in_file`: `text` is the whole file `loc.file`, and the byte's own line and column are given.
void check_utf8(const std::string& text, Location loc, bool in_file) {
  const std::size_t bad = invalid_utf8(text);
  if (bad == std::string::npos) return;
  if (in_file) {
    const std::size_t line_start = text.rfind('\n', bad);
    loc.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + bad, '\n'));
    loc.col = static_cast<int>(bad - (line_start == std::string::npos ? 0 : line_start + 1)) + 1;
  }
  config_fail(loc, "",
              fmt::format("syntax error: invalid UTF-8 byte 0x{:02x}",
                          static_cast<unsigned char>(text[bad])));
}

// Includes are counted over one load, so includes that fan out cannot repeat work without bound.
constexpr int kMaxIncludes = 1000;
constexpr std::size_t kMaxLoadBytes = std::size_t{64} << 20;

class IncludeResolver {
 public:
  explicit IncludeResolver(std::vector<std::string>* files = nullptr) : files_(files) {}

  Node load(const std::string& file, const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(file, ec)) config_fail(Location{file}, "", "is a folder, not a file");
    bool too_large = false;
    std::optional<std::string> text = read_text(file, too_large);
    if (!text) config_fail(Location{file}, "", "cannot open file");
    if (too_large) config_fail(Location{file}, "", kTooLarge);
    if (files_) files_->push_back(file);
    return parse_resolved(*text, file, path);
  }

  Node parse_resolved(const std::string& text, const std::string& file, const std::string& path) {
    stack_.push_back(fs::weakly_canonical(file));
    check_utf8(text, Location{file}, true);
    Node root = parse_yaml_document(text, file, path, budget_);
    resolve(root, file, path);
    stack_.pop_back();
    return root;
  }

 private:
  std::vector<std::string>* files_;  // every file read, when asked
  std::vector<fs::path> stack_;      // canonical paths of the files being loaded
  YamlBudget budget_;                // nodes over every file of the load
  int includes_ = 0;
  std::size_t bytes_ = 0;

  void resolve(Node& node, const std::string& file, const std::string& path) {
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      resolve(node.items[i], file, fmt::format("{}[{}]", path, i));
    }
    for (MapEntry& e : node.entries) {
      if (e.key != "include") resolve(e.value, file, join_key(path, e.key));
    }
    auto it = std::find_if(node.entries.begin(), node.entries.end(),
                           [](const MapEntry& e) { return e.key == "include"; });
    if (it == node.entries.end()) return;
    const Node names = std::move(it->value);
    node.entries.erase(it);
    const std::string include_path = join_key(path, "include");
    std::vector<const Node*> files;
    if (names.kind == Node::Kind::kScalar) files.push_back(&names);
    for (const Node& item : names.items) files.push_back(&item);
    if (files.empty()) {
      config_fail(names.loc, include_path,
                  "expected a file name or a list of file names, got " + names.describe());
    }
    Node merged = node_of(Node::Kind::kMap, node.loc);
    for (const Node* name : files) {
      if (name->kind != Node::Kind::kScalar) {
        config_fail(name->loc, include_path, "expected a file name, got " + name->describe());
      }
      merge_into(merged, include(*name, file, path, include_path));
    }
    merge_into(merged, node);
    node = std::move(merged);
  }

  Node include(const Node& name, const std::string& from, const std::string& path,
               const std::string& include_path) {
    const std::string file = (fs::path(from).parent_path() / name.scalar).lexically_normal();
    bool too_large = false;
    std::optional<std::string> text = read_text(file, too_large);
    if (!text) config_fail(name.loc, include_path, fmt::format("cannot open \"{}\"", name.scalar));
    if (too_large) {
      config_fail(name.loc, include_path, fmt::format("\"{}\" is {}", name.scalar, kTooLarge));
    }
    if (std::find(stack_.begin(), stack_.end(), fs::weakly_canonical(file)) != stack_.end()) {
      config_fail(name.loc, include_path, fmt::format("cyclic include of \"{}\"", name.scalar));
    }
    bytes_ += text->size();
    if (files_) files_->push_back(file);
    if (++includes_ > kMaxIncludes || bytes_ > kMaxLoadBytes) {
      config_fail(name.loc, include_path,
                  fmt::format("more than {} included files or {} MiB in one load", kMaxIncludes,
                              kMaxLoadBytes >> 20));
    }
    Node root = parse_resolved(*text, file, path);
    if (root.kind != Node::Kind::kMap) {
      // Only the kind: the file may be anything readable (/etc/passwd), its text is not echoed.
      const char* kind = root.kind == Node::Kind::kScalar ? "a scalar"
                         : root.kind == Node::Kind::kList ? "a list"
                                                          : "nothing";
      config_fail(root.loc, path, std::string("an included file must contain a map, got ") + kind);
    }
    deepen(root);
    return root;
  }

  // One more include between the file loaded and every node of an included file.
  static void deepen(Node& node) {
    ++node.loc.depth;
    for (Node& item : node.items) deepen(item);
    for (MapEntry& e : node.entries) {
      ++e.key_loc.depth;
      deepen(e.value);
    }
  }
};

void relocate(Node& node, const Location& loc) {
  node.loc = loc;
  for (Node& item : node.items) relocate(item, loc);
  for (MapEntry& e : node.entries) {
    e.key_loc = loc;
    relocate(e.value, loc);
  }
}

void emit(YAML::Emitter& out, const Node& node) {
  switch (node.kind) {
    case Node::Kind::kNull:
      out << YAML::Null;
      break;
    case Node::Kind::kScalar:
      if (node.quoted) out << YAML::DoubleQuoted;
      out << node.scalar;
      break;
    case Node::Kind::kList: {
      const bool flat = std::all_of(node.items.begin(), node.items.end(), [](const Node& n) {
        return n.kind == Node::Kind::kScalar || n.kind == Node::Kind::kNull;
      });
      if (flat) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const Node& item : node.items) emit(out, item);
      out << YAML::EndSeq;
      break;
    }
    case Node::Kind::kMap:
      out << YAML::BeginMap;
      for (const MapEntry& e : node.entries) {
        out << YAML::Key << e.key << YAML::Value;
        emit(out, e.value);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

Node load_yaml_file(const std::string& path, std::vector<std::string>* files) {
  return IncludeResolver(files).load(path, "");
}

Node load_yaml_text(const std::string& text, const std::string& file) {
  return IncludeResolver().parse_resolved(text, file, "");
}

Node parse_yaml_value(const std::string& text, const Location& loc, const std::string& key_path) {
  check_utf8(text, loc, false);
  YamlBudget budget;
  std::optional<Node> parsed = try_parse_yaml_document(text, loc.file, key_path, budget);
  Node node;
  if (parsed) {
    node = std::move(*parsed);
  } else {
    node = node_of(Node::Kind::kScalar, loc);
    node.scalar = text;
  }
  relocate(node, loc);
  return node;
}

void merge_into(Node& base, const Node& over) {
  if (base.kind != Node::Kind::kMap || over.kind != Node::Kind::kMap) {
    base = over;
    return;
  }
  std::vector<MapEntry> merged;
  std::vector<bool> taken(base.entries.size(), false);
  for (const MapEntry& e : over.entries) {
    auto old = std::find_if(base.entries.begin(), base.entries.end(),
                            [&](const MapEntry& b) { return b.key == e.key; });
    if (old == base.entries.end()) {
      merged.push_back(e);
      continue;
    }
    taken[old - base.entries.begin()] = true;
    merged.push_back({e.key, e.key_loc, std::move(old->value)});
    merge_into(merged.back().value, e.value);
  }
  for (std::size_t i = 0; i < base.entries.size(); ++i) {
    if (!taken[i]) merged.push_back(std::move(base.entries[i]));
  }
  base.entries = std::move(merged);
  base.loc = over.loc;
}

void set_path(Node& root, const std::vector<std::string>& path, Node value, const Location& loc) {
  Node* cur = &root;
  for (const std::string& key : path) {
    if (cur->kind != Node::Kind::kMap) *cur = node_of(Node::Kind::kMap, loc);
    Node* next = cur->find(key);
    if (!next) {
      cur->entries.push_back({key, loc, node_of(Node::Kind::kNull, loc)});
      next = &cur->entries.back().value;
    }
    cur = next;
  }
  *cur = std::move(value);
}

std::string emit_yaml(const std::vector<std::pair<std::string, const Node*>>& top) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  for (const auto& [key, node] : top) {
    out << YAML::Key << key << YAML::Value;
    emit(out, *node);
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace hesa
