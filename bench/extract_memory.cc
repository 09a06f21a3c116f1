// Extracts pages over and over and reports the resident memory as it goes, to show that
// memory per page is bounded and does not grow with the number of pages extracted.
//
//   build/bench/extract_memory [PAGES=100000] [DIR=examples/pages]
//
// DIR is read recursively (.html, .htm, and .html.gz is not supported: unpack first); the
// pages are extracted in turn until PAGES extractions are done. Prints RSS every tenth.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "storyline/extract.h"

namespace {

long ResidentKib() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

}  // namespace

int main(int argc, char** argv) {
  const long total = argc > 1 ? std::atol(argv[1]) : 100000;
  const std::filesystem::path dir =
      argc > 2 ? argv[2] : std::filesystem::path(STORYLINE_SOURCE_DIR) / "examples/pages";
  std::vector<std::string> pages;
  size_t bytes = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string ext = e.path().extension().string();
    if (ext != ".html" && ext != ".htm") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes += ss.str().size();
    pages.push_back(ss.str());
  }
  if (pages.empty() || total <= 0) {
    std::fprintf(stderr, "extract_memory: no .html pages under %s\n", dir.c_str());
    return 1;
  }
  std::printf("%zu pages (%.1f KB on average) from %s; RSS before: %ld KiB\n", pages.size(),
              bytes / 1024.0 / pages.size(), dir.c_str(), ResidentKib());
  size_t words = 0;
  for (long i = 0; i < total; ++i) {
    const storyline::Article a = storyline::ExtractHtml(pages[i % pages.size()], {});
    words += a.paragraphs.size();
    if ((i + 1) % (total / 10 > 0 ? total / 10 : 1) == 0) {
      std::printf("%8ld pages extracted: RSS %ld KiB\n", i + 1, ResidentKib());
      std::fflush(stdout);
    }
  }
  return words > 0 ? 0 : 1;
}
