#include "sim/report/chart_files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string_view>

#include "sim/io/output_dir.hpp"

extern char** environ;

namespace hesa {

namespace {

// The first line of every chart file: what marks a file in charts/ as one hesa wrote.
constexpr const char* kChartHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- hesa chart -->\n";

// Whether the SVG at `path` is a chart hesa wrote (begins with kChartHeader).
bool written_by_hesa(const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  std::string head(std::string_view(kChartHeader).size(), '\0');
  const size_t got = std::fread(head.data(), 1, head.size(), f);
  std::fclose(f);
  return got == head.size() && head == kChartHeader;
}

}  // namespace

namespace fs = std::filesystem;

namespace {

// "Time by category (busy time)" -> "time-by-category-busy-time"; tags and entities dropped.
std::string slug(const std::string& html_text) {
  std::string out;
  bool in_tag = false, dash = false;
  for (std::size_t i = 0; i < html_text.size(); ++i) {
    const char c = html_text[i];
    if (c == '<') in_tag = true;
    if (in_tag) {
      in_tag = c != '>';
      continue;
    }
    if (c == '&') {  // an entity: a separator
      const std::size_t end = html_text.find(';', i);
      if (end != std::string::npos && end - i < 8) i = end;
      dash = !out.empty();
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      if (dash) out += '-';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      dash = false;
    } else {
      dash = !out.empty();
    }
  }
  return out.empty() ? "chart" : out.substr(0, 80);
}

// The text of the heading element starting at `pos` ("<h2>...</h2>").
std::string heading_text(const std::string& html, std::size_t pos) {
  const std::size_t open_end = html.find('>', pos);
  const std::size_t close = html.find("</h", open_end);
  if (open_end == std::string::npos || close == std::string::npos) return "";
  return html.substr(open_end + 1, close - open_end - 1);
}

// Finds "<tag" at or after `from` as an element start (followed by '>' or a space).
std::size_t find_element(const std::string& html, const std::string& tag, std::size_t from) {
  for (std::size_t at = html.find("<" + tag, from); at != std::string::npos;
       at = html.find("<" + tag, at + 1)) {
    const char next = at + tag.size() + 1 < html.size() ? html[at + tag.size() + 1] : '\0';
    if (next == '>' || next == ' ') return at;
  }
  return std::string::npos;
}

// Starts rsvg-convert on one chart; 0 when the tool is missing or does not start.
pid_t start_rsvg(const std::string& svg, const std::string& pdf) {
  static const std::string tool = [] {
    for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) {
      const std::string p = std::string(dir) + "/rsvg-convert";
      if (access(p.c_str(), X_OK) == 0) return p;
    }
    return std::string();
  }();
  if (tool.empty()) return 0;
  std::vector<std::string> args = {tool, "-f", "pdf", "-o", pdf, svg};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  // A fixed date in the PDF: the same charts give the same bytes.
  std::vector<std::string> env_text = {"SOURCE_DATE_EPOCH=0", "PATH=/usr/bin:/bin"};
  std::vector<char*> envp;
  for (std::string& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, tool.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : 0;
}

bool finished_ok(pid_t pid, const std::string& pdf) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 && fs::exists(pdf);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> page_charts(const std::string& html) {
  struct Found {
    std::string h2, h3, svg;
  };
  std::vector<Found> found;
  std::string h2, h3;
  std::size_t pos = 0;
  while (true) {
    const std::size_t svg = find_element(html, "svg", pos);
    const std::size_t n2 = find_element(html, "h2", pos), n3 = find_element(html, "h3", pos);
    const std::size_t next = std::min({svg, n2, n3});
    if (next == std::string::npos) break;
    if (next == n2) {
      h2 = heading_text(html, n2), h3.clear();
      pos = n2 + 3;
    } else if (next == n3) {
      h3 = heading_text(html, n3);
      pos = n3 + 3;
    } else {
      const std::size_t end = html.find("</svg>", svg);
      if (end == std::string::npos) break;
      std::string doc = html.substr(svg, end + 6 - svg);
      if (doc.find("xmlns=") == std::string::npos) {
        doc.insert(4, " xmlns=\"http://www.w3.org/2000/svg\"");
      }
      // A chart that names itself (data-chart="...") keeps its name.
      std::string own;
      const std::size_t tag_end = doc.find('>');
      const std::size_t named = doc.find("data-chart=\"");
      if (named != std::string::npos && named < tag_end) {
        own = doc.substr(named + 12, doc.find('"', named + 12) - named - 12);
      }
      found.push_back(
          {own.empty() ? h2 : "", own.empty() ? h3 : own, std::string(kChartHeader) + doc + "\n"});
      pos = end + 6;
    }
  }
  std::map<std::string, int> per_section;
  for (const Found& f : found) ++per_section[f.h2];
  std::map<std::string, int> used;
  std::vector<std::pair<std::string, std::string>> out;
  for (const Found& f : found) {
    std::string name = f.h2.empty() ? slug(f.h3) : slug(f.h2);
    if (!f.h2.empty() && per_section[f.h2] > 1 && !f.h3.empty()) name += "--" + slug(f.h3);
    const int n = ++used[name];
    if (n > 1) name += fmt::format("-{}", n);
    out.emplace_back(name, f.svg);
  }
  return out;
}

int write_chart_files(const std::string& dir, const std::string& html, bool pdf) {
  const fs::path folder = fs::path(dir) / "charts";
  std::error_code ec;
  // Earlier charts go (a page with fewer charts leaves none stale); files hesa did not write
  // stay: an SVG only if it begins with hesa's header, a PDF only beside such an SVG.
  if (fs::exists(folder, ec)) {
    std::vector<fs::path> ours;
    for (const auto& e : fs::directory_iterator(folder, ec)) {
      if (e.is_regular_file() && e.path().extension() == ".svg" && written_by_hesa(e.path())) {
        ours.push_back(e.path());
      }
    }
    for (const fs::path& svg : ours) {
      fs::path pdf = svg;
      pdf.replace_extension(".pdf");
      fs::remove(pdf, ec);
      fs::remove(svg, ec);
    }
  }
  const auto charts = page_charts(html);
  std::vector<OutputFile> files;
  for (const auto& [name, svg] : charts)
    files.push_back({(folder / (name + ".svg")).string(), svg});
  commit_files(files, folder.string());
  if (!pdf) return 0;
  // The conversions run side by side (one process each), then are waited for: the PDFs are
  // complete when this returns.
  std::vector<std::pair<pid_t, std::string>> started;
  for (const auto& [name, svg] : charts) {
    const std::string pdf = (folder / (name + ".pdf")).string();
    if (const pid_t pid = start_rsvg((folder / (name + ".svg")).string(), pdf)) {
      started.emplace_back(pid, pdf);
    }
  }
  int pdfs = 0;
  for (const auto& [pid, pdf] : started) pdfs += finished_ok(pid, pdf) ? 1 : 0;
  return pdfs;
}

}  // namespace hesa
