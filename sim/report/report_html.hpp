// report.html: one self-contained page (inline SVG and CSS, no scripts, no network) showing one run
// or several side by side (one column per run, shared scales): summary, unit utilization over
// time, time by CROSS category and by kernel, energy per unit, the chip's roofline with each kernel
// on it, op counts and the effective configuration.
#pragma once

#include <string>
#include <vector>

#include "sim/report/report_data.hpp"

namespace hesa {

std::string render_report(const std::vector<RunData>& runs);

}  // namespace hesa
