// Numbers as every output prints them (stats.json, stats.csv, results.csv, summaries, messages):
// the shortest text that reads back to the same double, after the noise of float arithmetic is
// taken off. A value within 1e-12 relative of an integer is that integer (counts summed as
// doubles: 4157527.9999999246 -> 4157528); any other keeps 12 significant digits (an area summed
// from parts: 400.07280000000003 -> 400.0728). No simulated quantity is known to 12 digits.
#pragma once

#include <string>

namespace hesa {

// v without float noise (unchanged when it is not finite).
double tidy(double v);
// tidy(v) in its shortest round-trip form ("4157528", "400.0728", "1e-05").
std::string format_number(double v);
// format_number(v) and the unit: "400.0728 mm2".
std::string format_quantity(double v, const std::string& unit);

}  // namespace hesa
