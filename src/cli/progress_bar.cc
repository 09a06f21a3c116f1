#include "cli/progress_bar.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace storyline {

ProgressBar::ProgressBar(bool enabled)
    : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { Finish(); }

bool ProgressBar::StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

void ProgressBar::Update(const PipelineProgress& progress) {
  if (!enabled_) return;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const auto docs = static_cast<unsigned long long>(progress.documents);
  if (progress.stage != PipelineProgress::Stage::kReading) {
    const char* stage = "grouping stories";
    if (progress.stage == PipelineProgress::Stage::kFindingCopies) stage = "finding copies";
    if (progress.stage == PipelineProgress::Stage::kBuildingViews) {
      stage = "summarising and comparing quotes";
    }
    std::fprintf(stderr, "\r%llu docs read, %s... %.1f s\033[K", docs, stage, seconds);
    std::fflush(stderr);
    drawn_ = true;
    return;
  }
  double mb_per_s = seconds > 0 ? progress.bytes_read / 1e6 / seconds : 0;
  constexpr int kWidth = 30;
  std::string bar;
  if (progress.bytes_total > 0) {
    double share = progress.bytes_read >= progress.bytes_total
                       ? 1.0
                       : static_cast<double>(progress.bytes_read) / progress.bytes_total;
    int filled = static_cast<int>(share * kWidth);
    bar.reserve(kWidth + 8);
    bar += '[';
    bar.append(filled, '#').append(kWidth - filled, '.');
    bar += "] " + std::to_string(static_cast<int>(share * 100)) + "% ";
  }
  std::fprintf(stderr, "\r%s%llu docs, %.1f MB/s, %.1f s\033[K", bar.c_str(), docs, mb_per_s,
               seconds);
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
