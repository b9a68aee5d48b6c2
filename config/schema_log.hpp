// A record of the config schema as the readers apply it: while a SchemaLog is alive, every typed
// read (key path, type, range or choices), every map's allowed keys, which keys are required and
// the defaults of optional ones are noted. docs/config-reference.md is generated from it by
// reading the shipped configs (tests/config/config_reference_test.cpp keeps it in sync).
// One log at a time, on one thread; without one, noting costs a pointer test.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace hesa {

struct SchemaKey {
  std::string path;          // "mxu.rows", "scheme.primes[i]"
  std::string type;          // integer, number, true/false, string, one of, list
  std::string range;         // "1 to 4096", "> 0 to 100", "barrett, montgomery"
  bool required = false;     // read with require (a missing one is an error) ...
  bool looked_up = false;    // ... unless it is first looked for (an optional section)
  std::string default_text;  // optional keys with a default in the config struct
};

class SchemaLog {
 public:
  SchemaLog();
  ~SchemaLog();
  SchemaLog(const SchemaLog&) = delete;
  SchemaLog& operator=(const SchemaLog&) = delete;
  std::vector<SchemaKey> keys;                                         // in order of first read
  std::vector<std::pair<std::string, std::vector<std::string>>> maps;  // path, allowed keys
  SchemaKey* find(const std::string& path);
};

// Called by the readers (config/config_reader.cpp); no-ops without a live SchemaLog.
void schema_note(const std::string& path, const std::string& type, const std::string& range);
void schema_note_map(const std::string& path, const std::vector<std::string>& keys);
void schema_note_required(const std::string& path);
void schema_note_optional(const std::string& path);
void schema_note_default(const std::string& path, const std::string& value);

}  // namespace hesa
