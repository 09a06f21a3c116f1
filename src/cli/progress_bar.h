// A one-line progress bar on stderr, drawn only when stderr is a terminal.
#ifndef STORYLINE_CLI_PROGRESS_BAR_H_
#define STORYLINE_CLI_PROGRESS_BAR_H_

#include <chrono>
#include <cstdint>

#include "storyline/pipeline.h"

namespace storyline {

class ProgressBar {
 public:
  // `enabled` false draws nothing (e.g. stderr is a file, or --quiet).
  explicit ProgressBar(bool enabled);
  ~ProgressBar();

  // Redraws: while reading, a bar of bytes read (when the total is known), documents done and
  // speed; after that, the stage the pipeline is in.
  void Update(const PipelineProgress& progress);
  // Clears the line; called before anything else is printed to stderr.
  void Finish();

  static bool StderrIsTerminal();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace storyline

#endif  // STORYLINE_CLI_PROGRESS_BAR_H_
