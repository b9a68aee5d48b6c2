// How each parameter group that sets a chip's time was obtained (the chip file's `calibration`
// section): measured on the chip, published by its maker, calibrated against measurements (on
// what), or assumed. A group the file does not describe is assumed; a group a `--set` override
// changes is assumed too (the file's statement no longer holds for the value run).
#pragma once

#include <string>
#include <vector>

#include "config/config_reader.hpp"

namespace hesa {

// The groups, in report order: mxu, vpu, vmem, hbm, dma, xlu.
const std::vector<std::string>& calibration_groups();
// The states a group can be in: measured, published, calibrated, assumed.
const std::vector<std::string>& calibration_states();

struct ParamSource {
  std::string group;
  std::string state;
  std::string basis;  // the source, the measurements fitted, or what the assumption is
};

// Reads the optional `calibration` section (root reader of a chip file): one entry per group.
std::vector<ParamSource> read_calibration(const ConfigReader& chip);

// The groups as a run used them: those whose chip keys a --set override changed (a node of their
// section located at "--set ...") become assumed, the override named in the basis.
std::vector<ParamSource> effective_calibration(const std::vector<ParamSource>& declared,
                                               const Node* chip_tree);

// The groups in state `state`, comma-separated ("" when none).
std::string groups_in_state(const std::vector<ParamSource>& groups, const std::string& state);

}  // namespace hesa
