#include "cli/progress_bar.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace storyline {

ProgressBar::ProgressBar(bool enabled)
    : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { Finish(); }

bool ProgressBar::StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

void ProgressBar::Update(uint64_t bytes, uint64_t total, uint64_t docs) {
  if (!enabled_) return;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double mb_per_s = seconds > 0 ? bytes / 1e6 / seconds : 0;
  constexpr int kWidth = 30;
  std::string bar;
  if (total > 0) {
    double share = bytes >= total ? 1.0 : static_cast<double>(bytes) / total;
    int filled = static_cast<int>(share * kWidth);
    bar = "[" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "] " +
          std::to_string(static_cast<int>(share * 100)) + "%";
  }
  std::fprintf(stderr, "\r%s %llu docs, %.1f MB/s, %.1f s\033[K", bar.c_str(),
               static_cast<unsigned long long>(docs), mb_per_s, seconds);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace storyline
