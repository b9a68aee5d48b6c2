#include "models/sequencer/sequencer_schema.hpp"

namespace hesa {

const std::vector<std::string>& sequencer_keys() {
  static const std::vector<std::string> keys = {"issue_window"};
  return keys;
}

void read_sequencer(const ConfigReader& r, SequencerConfig& c) {
  c.issue_window = r.get_int("issue_window", 1, 4096);
}

}  // namespace hesa
