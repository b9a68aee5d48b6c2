// The parts of a trace tag "[<phase>:]<kernel>/<step>": an optional phase (a named part of a
// longer program, such as the CoeffToSlot step of bootstrapping), the kernel and its step. Stats
// group busy time by each part; the tag stays one printable word, so the text trace format
// carries phases unchanged.
#pragma once

#include <string>
#include <string_view>

namespace hesa {

struct TagParts {
  std::string_view phase;   // empty: no phase
  std::string_view kernel;  // the tag itself (after the phase) when it has no '/'
  std::string_view step;    // after the kernel's '/', empty when there is none
};

// Splits a tag; a ':' counts as the phase's end only before the first '/'.
TagParts split_tag(std::string_view tag);

// "<phase>:<tag>", or `tag` when the phase is empty.
std::string phased_tag(std::string_view phase, std::string_view tag);

// A phase name is a non-empty word of letters, digits and '_' (at most 64 characters).
bool is_phase_name(std::string_view name);

}  // namespace hesa
