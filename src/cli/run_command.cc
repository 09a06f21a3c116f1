// storyline run <inputs...> [-o DIR] [--format json|jsonl] [--threads N]
// With -o, DIR gets stories.json (or stories.jsonl) and report.html.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "storyline/output.h"
#include "storyline/pipeline.h"

namespace storyline {
namespace {

struct RunArgs {
  std::vector<std::string> inputs;
  std::string output_dir;
  std::string format = "json";
  int threads = 0;
  bool quiet = false;
  size_t top = 20;
  PipelineOptions options;
};

int Run(const RunArgs& args) {
  PipelineOptions options = args.options;
  options.threads = args.threads;
  ProgressBar bar(!args.quiet && ProgressBar::StderrIsTerminal());
  PipelineResult result;
  Status status =
      RunPipeline(args.inputs, options, &result, [&](const PipelineProgress& p) { bar.Update(p); });
  bar.Finish();
  if (!status.ok()) {
    std::cerr << "storyline: " << status.message() << "\n";
    return status.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitFailure;
  }

  PrintRejections(result.rejected, std::cerr);

  auto write = [&](std::ostream& out) {
    if (args.format == "jsonl") {
      WriteStoriesJsonl(result, out);
    } else {
      WriteStoriesJson(result, out);
    }
  };
  if (args.output_dir.empty()) {
    write(std::cout);
    std::cout.flush();
  } else {
    std::error_code ec;
    std::filesystem::create_directories(args.output_dir, ec);
    std::filesystem::path path = std::filesystem::path(args.output_dir) /
                                 (args.format == "jsonl" ? "stories.jsonl" : "stories.json");
    if (ec || !WriteFileAtomically(path, write)) {
      std::cerr << "storyline: cannot write " << path.string() << "\n";
      return kExitFailure;
    }
    if (!args.quiet) std::cerr << "storyline: wrote " << path.string() << "\n";
    std::filesystem::path report = std::filesystem::path(args.output_dir) / "report.html";
    if (!WriteFileAtomically(report, [&](std::ostream& out) { WriteReportHtml(result, out); })) {
      std::cerr << "storyline: cannot write " << report.string() << "\n";
      return kExitFailure;
    }
    if (!args.quiet) std::cerr << "storyline: wrote " << report.string() << "\n";
  }
  if (!args.quiet) WriteTerminalSummary(result, std::cerr, args.top);
  if (result.documents.empty()) {
    std::cerr << "storyline: nothing could be read: no document was accepted\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

bool WriteFileAtomically(const std::filesystem::path& path,
                         const std::function<void(std::ostream&)>& write) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    write(out);
    out.flush();
    if (!out) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

void PrintRejections(const std::vector<Rejection>& rejected, std::ostream& err) {
  constexpr size_t kMaxRejectionLines = 100;
  for (size_t i = 0; i < rejected.size() && i < kMaxRejectionLines; ++i) {
    err << "storyline: rejected " << rejected[i].doc << ": " << rejected[i].reason << "\n";
  }
  if (rejected.size() > kMaxRejectionLines) {
    err << "storyline: ... and " << rejected.size() - kMaxRejectionLines
        << " more rejections, all listed in the output\n";
  }
}

void RegisterRunCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd =
      app.add_subcommand("run", "Run the whole pipeline: extract, find copies, group into stories");
  cmd->add_option("inputs", args->inputs,
                  "Directories (.html/.htm/.txt below them), .jsonl[.gz|.zst] or .csv files, "
                  "single pages, or - for JSON Lines on stdin")
      ->required();
  cmd->add_option("-o,--output", args->output_dir,
                  "Write stories.json (or stories.jsonl) and report.html into this directory "
                  "instead of stories.json to stdout");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"json", "jsonl"}))
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "Worker threads (0 = all cores)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--top", args->top, "Stories listed in the terminal summary (0 = all)")
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", args->quiet, "No progress bar and no summary on stderr");
  cmd->add_option("--min-words", args->options.extract.min_body_words,
                  "Pages with fewer words of main text are rejected")
      ->capture_default_str();
  cmd->add_option("--join-similarity", args->options.story.join_similarity,
                  "Cosine similarity for a document to join a story")
      ->capture_default_str();
  cmd->add_option("--merge-similarity", args->options.story.merge_similarity,
                  "Cosine similarity for two stories to merge")
      ->capture_default_str();
  cmd->add_option("--time-window", args->options.story.time_window_seconds,
                  "Seconds apart beyond which two documents never share a story")
      ->capture_default_str();
  cmd->add_option("--max-story-size", args->options.story.max_story_size,
                  "A story of this many documents takes no more (0 = no cap)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--summary-words", args->options.summary.max_words,
                  "Length limit of each story's summary, in words (0 = no limit)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_flag("--streaming", args->options.story.streaming,
                "Group stories as the server does, one document at a time in publication order "
                "(to compare with the default batch grouping)");
  cmd->callback([args, exit_code] { *exit_code = Run(*args); });
}

}  // namespace storyline
