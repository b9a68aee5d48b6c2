#include "trace/trace_tags.hpp"

#include <cctype>

namespace hesa {

TagParts split_tag(std::string_view tag) {
  TagParts p;
  const size_t colon = tag.find(':');
  if (colon != std::string_view::npos && colon < tag.find('/')) {
    p.phase = tag.substr(0, colon);
    tag.remove_prefix(colon + 1);
  }
  const size_t slash = tag.find('/');
  p.kernel = tag.substr(0, slash);
  if (slash != std::string_view::npos) p.step = tag.substr(slash + 1);
  return p;
}

std::string phased_tag(std::string_view phase, std::string_view tag) {
  if (phase.empty()) return std::string(tag);
  std::string out(phase);
  out += ':';
  out += tag;
  return out;
}

bool is_phase_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace hesa
