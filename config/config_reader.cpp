#include "config/config_reader.hpp"

#include "config/schema_log.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace hesa {

namespace {

std::string list_keys(const std::vector<std::string>& keys, std::string_view sep) {
  return fmt::format("{}", fmt::join(keys, sep));
}

const std::string& scalar_or_fail(const Node& node, const std::string& path,
                                  std::string_view expected) {
  if (node.kind != Node::Kind::kScalar) {
    config_fail(node.loc, path, fmt::format("expected {}, got {}", expected, node.describe()));
  }
  return node.scalar;
}

// Splits an optional sign off a number's text; from_chars accepts '-' but not '+'.
std::string_view unsigned_part(std::string_view text, bool& negative) {
  negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  return text;
}

// A bound as people write it: 0.001, 1048576, 0.000001 (never 1e-06).
std::string bound_text(double v) {
  std::string s = fmt::format("{:.12f}", v);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

int64_t read_int(const Node& node, const std::string& path, int64_t lo, int64_t hi) {
  schema_note(path, "integer", fmt::format("{} to {}", lo, hi));
  const std::string& text = scalar_or_fail(node, path, "an integer");
  bool negative = false;
  std::string_view digits = unsigned_part(text, negative);
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    digits.remove_prefix(2);
    base = 16;
  }
  uint64_t magnitude = 0;
  const auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (digits.empty() || end != digits.data() + digits.size() ||
      (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    config_fail(node.loc, path, fmt::format("expected an integer, got {}", node.describe()));
  }
  const bool fits = ec == std::errc() && magnitude <= uint64_t{INT64_MAX};
  const int64_t value = negative ? -static_cast<int64_t>(magnitude) : magnitude;
  if (!fits || value < lo || value > hi) {
    config_fail(node.loc, path, fmt::format("must be between {} and {}, got {}", lo, hi, text));
  }
  return value;
}

double read_number(const Node& node, const std::string& path, Bounds bounds) {
  schema_note(path, "number",
              fmt::format("{}{} to {}", bounds.open_low ? "> " : "", bound_text(bounds.lo),
                          bound_text(bounds.hi)));
  const std::string& text = scalar_or_fail(node, path, "a number");
  bool negative = false;
  const std::string_view digits = unsigned_part(text, negative);
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
      !std::isfinite(value)) {
    config_fail(node.loc, path, fmt::format("expected a number, got {}", node.describe()));
  }
  if (negative) value = -value;
  const bool low_ok = bounds.open_low ? value > bounds.lo : value >= bounds.lo;
  if (!low_ok || value > bounds.hi) {
    config_fail(node.loc, path,
                bounds.open_low ? fmt::format("must be greater than {} and at most {}, got {}",
                                              bound_text(bounds.lo), bound_text(bounds.hi), text)
                                : fmt::format("must be between {} and {}, got {}",
                                              bound_text(bounds.lo), bound_text(bounds.hi), text));
  }
  return value;
}

bool read_bool(const Node& node, const std::string& path) {
  schema_note(path, "true/false", "");
  const std::string& text = scalar_or_fail(node, path, "true or false");
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  config_fail(node.loc, path, fmt::format("expected true or false, got {}", node.describe()));
}

std::string read_string(const Node& node, const std::string& path) {
  schema_note(path, "string", "");
  const std::string& text = scalar_or_fail(node, path, "a string");
  if (text.empty()) config_fail(node.loc, path, "expected a non-empty string, got \"\"");
  // Strings reach report.html, summary.md and the terminal: no control characters (NUL, ESC,
  // CR, LF, DEL, ...).
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      config_fail(node.loc, path, fmt::format("control character 0x{:02x} in a string", u));
    }
  }
  return text;
}

std::string read_choice(const Node& node, const std::string& path,
                        const std::vector<std::string>& choices) {
  schema_note(path, "one of", list_keys(choices, ", "));
  const std::string expected = fmt::format("one of {}", list_keys(choices, ", "));
  const std::string& text = scalar_or_fail(node, path, expected);
  for (const std::string& choice : choices) {
    if (text == choice) return text;
  }
  config_fail(node.loc, path, fmt::format("expected {}, got {}", expected, node.describe()));
}

const std::vector<Node>& read_list(const Node& node, const std::string& path) {
  schema_note(path, "list", "");
  if (node.kind != Node::Kind::kList) {
    config_fail(node.loc, path, fmt::format("expected a list, got {}", node.describe()));
  }
  return node.items;
}

ConfigReader::ConfigReader(const Node& map, std::string path, std::vector<std::string> keys)
    : map_(map), path_(std::move(path)) {
  schema_note_map(path_, keys);
  if (map.kind != Node::Kind::kMap) {
    config_fail(map.loc, path_, fmt::format("expected a map, got {}", map.describe()));
  }
  for (const MapEntry& e : map.entries) {
    if (std::find(keys.begin(), keys.end(), e.key) == keys.end()) {
      config_fail(e.key_loc, key_path(e.key),
                  fmt::format("unknown key (expected one of: {})", list_keys(keys, ", ")));
    }
  }
}

const Node& ConfigReader::require(std::string_view key) const {
  schema_note_required(key_path(key));
  const Node* node = map_.find(key);
  if (!node) config_fail(map_.loc, path_, fmt::format("missing required key \"{}\"", key));
  return *node;
}

ConfigReader ConfigReader::child(std::string_view key, std::vector<std::string> keys) const {
  return ConfigReader(require(key), key_path(key), std::move(keys));
}

int64_t ConfigReader::get_int(std::string_view key, int64_t lo, int64_t hi) const {
  return read_int(require(key), key_path(key), lo, hi);
}

double ConfigReader::get_number(std::string_view key, Bounds bounds) const {
  return read_number(require(key), key_path(key), bounds);
}

bool ConfigReader::get_bool(std::string_view key) const {
  return read_bool(require(key), key_path(key));
}

std::string ConfigReader::get_string(std::string_view key) const {
  return read_string(require(key), key_path(key));
}

std::string ConfigReader::get_choice(std::string_view key,
                                     const std::vector<std::string>& choices) const {
  return read_choice(require(key), key_path(key), choices);
}

std::map<std::string, double> ConfigReader::get_number_table(std::string_view key,
                                                             const std::vector<std::string>& keys,
                                                             Bounds bounds) const {
  const ConfigReader table = child(key, keys);
  std::map<std::string, double> values;
  for (const std::string& k : keys) values[k] = table.get_number(k, bounds);
  return values;
}

void ConfigReader::opt_choice(std::string_view key, std::string& value,
                              const std::vector<std::string>& choices) const {
  schema_note(key_path(key), "one of", list_keys(choices, ", "));
  schema_note_default(key_path(key), value);
  if (const Node* n = find(key)) value = read_choice(*n, key_path(key), choices);
}

}  // namespace hesa
