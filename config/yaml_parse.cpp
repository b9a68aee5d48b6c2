#include "config/yaml_parse.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <optional>
#include <sstream>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hesa {

namespace {

Location mark_loc(const std::string& file, const YAML::Mark& mark) {
  if (mark.line < 0) return Location{file};
  return Location{file, mark.line + 1, mark.column + 1};
}

// Builds one document's tree. A map in progress holds its last key until the value arrives.
class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& file, const std::string& path, YamlBudget& budget, bool positions)
      : file_(file), root_path_(path), budget_(budget), positions_(positions) {}

  Node root;
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_name_ = name; }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node node;
    node.loc = at(mark);
    if (!stack_.empty() && stack_.back().waiting_value) node.loc = stack_.back().key_loc;
    count(node.loc, 1);
    finish(std::move(node), 1, anchor, mark);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node node;
    node.kind = Node::Kind::kScalar;
    node.loc = at(mark);
    node.scalar = value;
    node.quoted = tag == "!";
    count(node.loc, 1);
    finish(std::move(node), 1, anchor, mark);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto done = anchors_.find(anchor);
    if (done == anchors_.end()) {
      const auto name = names_.find(anchor);
      const Location loc = at(mark);
      config_fail(loc, child_path(loc),
                  fmt::format("alias {}refers to the node that contains it",
                              name == names_.end() ? std::string() : "*" + name->second + " "));
    }
    count(at(mark), done->second.size);
    finish(done->second.node, done->second.size, YAML::NullAnchor, mark);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::Kind::kList, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::Kind::kMap, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = YAML::NullAnchor;
    YAML::Mark mark;
    std::string path;
    std::size_t size = 1;  // nodes in the subtree, aliases expanded
    bool waiting_value = false;
    std::string key;
    Location key_loc;
  };
  struct Anchored {
    Node node;
    std::size_t size = 0;
  };

  const std::string& file_;
  const std::string& root_path_;
  YamlBudget& budget_;
  bool positions_;  // false: every node is located at the whole text (a command-line value)
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::unordered_map<YAML::anchor_t, std::string> names_;
  std::string pending_name_;

  Location at(const YAML::Mark& mark) const {
    return positions_ ? mark_loc(file_, mark) : Location{file_};
  }

  void count(const Location& loc, std::size_t nodes) {
    budget_.nodes += nodes;
    if (budget_.nodes > YamlBudget::kMaxNodes) {
      config_fail(loc, "",
                  fmt::format("more than {} YAML nodes (aliases expanded): not a config file",
                              YamlBudget::kMaxNodes));
    }
  }

  void name_anchor(YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor && !pending_name_.empty()) names_[anchor] = pending_name_;
    pending_name_.clear();
  }

  // The key path of the node that starts now, or fails when it would be a non-scalar map key.
  std::string child_path(const Location& loc) const {
    if (stack_.empty()) return root_path_;
    const Frame& parent = stack_.back();
    if (parent.node.kind == Node::Kind::kList) {
      return fmt::format("{}[{}]", parent.path, parent.node.items.size());
    }
    if (!parent.waiting_value) config_fail(loc, parent.path, "map keys must be plain strings");
    return join_key(parent.path, parent.key);
  }

  void open(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    name_anchor(anchor);
    const Location loc = at(mark);
    Frame frame;
    frame.path = child_path(loc);
    if (static_cast<int>(stack_.size()) >= YamlBudget::kMaxDepth) {
      config_fail(
          loc, "",
          fmt::format("maps and lists nested deeper than {} levels", YamlBudget::kMaxDepth));
    }
    count(loc, 1);
    frame.node.kind = kind;
    frame.node.loc = loc;
    frame.anchor = anchor;
    frame.mark = mark;
    stack_.push_back(std::move(frame));
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.waiting_value) {  // yaml-cpp closes "{a}" without a value event for a
      frame.node.entries.push_back({frame.key, frame.key_loc, Node{}});
      frame.node.entries.back().value.loc = frame.key_loc;
    }
    finish(std::move(frame.node), frame.size, frame.anchor, frame.mark);
  }

  // A complete node: remembered under its anchor, then given to its parent.
  void finish(Node node, std::size_t size, YAML::anchor_t anchor, const YAML::Mark& mark) {
    if (anchor != YAML::NullAnchor) {
      if (node.kind == Node::Kind::kScalar || node.kind == Node::Kind::kNull) name_anchor(anchor);
      anchors_[anchor] = Anchored{node, size};
    }
    if (stack_.empty()) {
      root = std::move(node);
      return;
    }
    Frame& parent = stack_.back();
    parent.size += size;
    if (parent.node.kind == Node::Kind::kList) {
      parent.node.items.push_back(std::move(node));
      return;
    }
    if (!parent.waiting_value) {
      const Location key_loc = at(mark);
      if (node.kind != Node::Kind::kScalar) {
        config_fail(key_loc, parent.path, "map keys must be plain strings");
      }
      if (parent.node.find(node.scalar)) {
        config_fail(key_loc, join_key(parent.path, node.scalar), "duplicate key");
      }
      parent.key = std::move(node.scalar);
      parent.key_loc = key_loc;
      parent.waiting_value = true;
      return;
    }
    parent.node.entries.push_back({std::move(parent.key), parent.key_loc, std::move(node)});
    parent.waiting_value = false;
  }
};

struct StopParsing {};

// Reads a whole text without building anything and stops at the start of a second document:
// syntax errors come before any error of content, wherever they are in the text.
class SyntaxCheck final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override {
    starts.push_back(mark);
    if (starts.size() > 1) throw StopParsing{};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// The tree, or nullopt with `error` set to the syntax error's location and message. A second
// document is an error (ConfigError) even where a syntax error is not.
std::optional<Node> parse_events(const std::string& text, const std::string& file,
                                 const std::string& path, YamlBudget& budget, bool positions,
                                 std::pair<Location, std::string>& error) {
  const auto mark_loc = [&](const std::string& f, const YAML::Mark& m) {
    return positions ? hesa::mark_loc(f, m) : Location{f};
  };
  SyntaxCheck check;
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(check)) {
    }
  } catch (const StopParsing&) {
    // A document that starts where the previous one started has consumed nothing: a stray
    // token such as a leading ',' (yaml-cpp would report it as a document forever).
    const YAML::Mark& at = check.starts[1];
    if (at.pos == check.starts[0].pos) {
      const char c =
          at.pos >= 0 && static_cast<std::size_t>(at.pos) < text.size() ? text[at.pos] : ' ';
      error = {mark_loc(file, at), fmt::format("syntax error: unexpected \"{}\"", c)};
      return std::nullopt;
    }
    config_fail(mark_loc(file, at), "", "syntax error: more than one YAML document");
  } catch (const YAML::DeepRecursion& e) {  // yaml-cpp's own guard, which says "bad file"
    config_fail(mark_loc(file, e.mark), "",
                fmt::format("maps and lists nested deeper than {} levels", YamlBudget::kMaxDepth));
  } catch (const YAML::ParserException& e) {
    error = {mark_loc(file, e.mark), "syntax error: " + e.msg};
    return std::nullopt;
  }
  TreeBuilder builder(file, path, budget, positions);
  builder.root.loc = Location{file};
  std::istringstream in(text);
  YAML::Parser parser(in);
  parser.HandleNextDocument(builder);
  return std::move(builder.root);
}

}  // namespace

Node parse_yaml_document(const std::string& text, const std::string& file, const std::string& path,
                         YamlBudget& budget) {
  std::pair<Location, std::string> error;
  std::optional<Node> root = parse_events(text, file, path, budget, true, error);
  if (!root) config_fail(error.first, "", error.second);
  return std::move(*root);
}

std::optional<Node> try_parse_yaml_document(const std::string& text, const std::string& file,
                                            const std::string& path, YamlBudget& budget) {
  std::pair<Location, std::string> error;
  return parse_events(text, file, path, budget, false, error);
}

}  // namespace hesa
