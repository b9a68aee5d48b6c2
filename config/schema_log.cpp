#include "config/schema_log.hpp"

#include <algorithm>
#include <cctype>

namespace hesa {

namespace {

SchemaLog* g_log = nullptr;

// "scheme.primes[3].x" -> "scheme.primes[i].x": one row per list, not per item.
std::string general(const std::string& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '[') {
      std::size_t j = i + 1;
      while (j < path.size() && std::isdigit(static_cast<unsigned char>(path[j]))) ++j;
      if (j < path.size() && path[j] == ']' && j > i + 1) {
        out += "[i]";
        i = j;
        continue;
      }
    }
    out += path[i];
  }
  return out;
}

SchemaKey& entry(const std::string& path) {
  const std::string p = general(path);
  if (SchemaKey* k = g_log->find(p)) return *k;
  g_log->keys.push_back(SchemaKey{p, "", "", false, false, ""});
  return g_log->keys.back();
}

}  // namespace

SchemaLog::SchemaLog() {
  g_log = this;
}
SchemaLog::~SchemaLog() {
  g_log = nullptr;
}

SchemaKey* SchemaLog::find(const std::string& path) {
  for (SchemaKey& k : keys) {
    if (k.path == path) return &k;
  }
  return nullptr;
}

void schema_note(const std::string& path, const std::string& type, const std::string& range) {
  if (!g_log) return;
  SchemaKey& k = entry(path);
  if (k.type.empty()) k.type = type, k.range = range;
}

void schema_note_map(const std::string& path, const std::vector<std::string>& keys) {
  if (!g_log) return;
  const std::string p = general(path);
  for (auto& [existing, list] : g_log->maps) {
    if (existing != p) continue;
    if (list == keys) return;
    if (p.empty()) continue;             // the chip's and the workload's roots: two maps
    for (const std::string& k : keys) {  // a map whose keys depend on the chip: their union
      if (std::find(list.begin(), list.end(), k) == list.end()) list.push_back(k);
    }
    return;
  }
  g_log->maps.emplace_back(p, keys);
}

void schema_note_required(const std::string& path) {
  if (g_log) entry(path).required = true;
}

void schema_note_optional(const std::string& path) {
  if (g_log) entry(path).looked_up = true;
}

void schema_note_default(const std::string& path, const std::string& value) {
  if (!g_log) return;
  SchemaKey& k = entry(path);
  if (k.default_text.empty()) k.default_text = value;
}

}  // namespace hesa
