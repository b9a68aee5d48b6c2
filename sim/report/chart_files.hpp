// Each chart of a page on its own: every inline <svg> of report.html or sweep.html written as
// DIR/charts/<name>.svg, named after the section (and the run, when a section holds several
// charts), and, when asked, as DIR/charts/<name>.pdf where rsvg-convert (Debian's librsvg2-bin)
// is installed, ready for LaTeX (one rsvg-convert process per chart, about 0.1-0.3 s a page: more
// than a whole HE-Mult run, so `hesa run` converts only with --pdf). Earlier charts in the folder
// are replaced.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace hesa {

// (name without extension, standalone SVG document) per chart of `html`, in page order.
std::vector<std::pair<std::string, std::string>> page_charts(const std::string& html);

// Writes the charts of `html` to DIR/charts, and their PDFs when `pdf`; returns how many PDFs
// were made (0 without rsvg-convert).
int write_chart_files(const std::string& dir, const std::string& html, bool pdf = true);

}  // namespace hesa
