// storyline tgnews languages|threads|top <source_dir>  (also: tgnews <mode> <source_dir>)
//
// The batch modes of the Telegram Data Clustering Contest (SPEC.md "Compatibility"): a
// directory tree of HTML pages in, the contest's JSON on stdout, articles named by their bare
// file names. `threads` and `top` run the pipeline up to ranking (ForEachAnalyzed,
// FindDuplicates, GroupStories) and skip the story views, which the contest does not show.
// Rejected pages (as `storyline run` rejects them, plus pages whose language CLD2 cannot tell)
// are in no output; each is reported on stderr with its reason.
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "storyline/dedup.h"
#include "storyline/output.h"
#include "storyline/pipeline.h"

namespace storyline {
namespace {

enum class TgnewsMode { kLanguages, kThreads, kTop };

struct TgnewsArgs {
  std::string source_dir;
  int threads = 0;
};

// Every accepted page with a known language, in input order; the others rejected with a reason.
Status ReadPages(const std::string& dir, const PipelineOptions& options, PipelineResult* result) {
  const std::string unknown_language = "language not detected";
  return ForEachAnalyzed(
      {dir}, options,
      [&](Document&& d) {
        if (d.text.language == "un") {
          result->rejected.push_back({std::move(d.id), unknown_language});
        } else {
          result->documents.push_back(std::move(d));
        }
      },
      [&](Rejection&& r) { result->rejected.push_back(std::move(r)); });
}

int RunBatchMode(TgnewsMode mode, const TgnewsArgs& args) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(args.source_dir, ec)) {
    std::cerr << "storyline: cannot open '" << args.source_dir << "': no such file or directory\n";
    return kExitFailure;
  }
  if (!fs::is_directory(args.source_dir, ec)) {
    std::cerr << "storyline: '" << args.source_dir
              << "' is not a directory (tgnews reads a directory of .html pages)\n";
    return kExitUsage;
  }
  PipelineOptions options;
  options.threads = args.threads;
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);

  PipelineResult result;
  Status status = ReadPages(args.source_dir, options, &result);
  if (!status.ok()) {
    std::cerr << "storyline: " << status.message() << "\n";
    return kExitFailure;
  }
  PrintRejections(result.rejected, std::cerr);
  if (mode != TgnewsMode::kLanguages) {
    result.duplicates = FindDuplicates(result.documents, options.dedup);
    GroupStories(&result, options.story);
  }
  switch (mode) {
    case TgnewsMode::kLanguages:
      WriteTgnewsLanguages(result, std::cout);
      break;
    case TgnewsMode::kThreads:
      WriteTgnewsThreads(result, std::cout);
      break;
    case TgnewsMode::kTop:
      WriteTgnewsTop(result, std::cout);
      break;
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "storyline: cannot write the output\n";
    return kExitFailure;
  }
  if (result.documents.empty()) {
    std::cerr << "storyline: nothing could be read: no article was accepted in '" << args.source_dir
              << "'\n";
    return kExitFailure;
  }
  return kExitOk;
}

void AddBatchMode(CLI::App* tgnews, const std::string& name, const std::string& description,
                  TgnewsMode mode, int* exit_code) {
  auto args = std::make_shared<TgnewsArgs>();
  CLI::App* cmd = tgnews->add_subcommand(name, description);
  cmd->add_option("source_dir", args->source_dir,
                  "Directory of .html pages, searched recursively (.htm and .txt are read too)")
      ->required();
  cmd->add_option("--threads", args->threads, "Worker threads (0 = all cores)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->allow_extras(false);  // `tgnews` allows them (for its own message); a mode does not
  cmd->callback([args, mode, exit_code] { *exit_code = RunBatchMode(mode, *args); });
}

}  // namespace

void RegisterTgnewsCommand(CLI::App& app, int* exit_code) {
  CLI::App* tgnews = app.add_subcommand(
      "tgnews",
      "The Telegram Data Clustering Contest's command line (also run as `tgnews <mode> DIR`): "
      "JSON on stdout, articles named by their file names");
  // A mode is required, but checked below rather than by CLI11, whose message for `tgnews news`
  // would only be "A subcommand is required".
  tgnews->require_subcommand(0, 1);
  tgnews->allow_extras();
  tgnews->callback([tgnews] {
    if (!tgnews->get_subcommands().empty()) return;
    if (tgnews->remaining().empty()) {
      throw CLI::ValidationError("tgnews: a mode is required: languages, threads, top or server");
    }
    const std::string mode = tgnews->remaining().front();
    throw CLI::ValidationError("tgnews: unknown mode '" + mode +
                               "' (modes: languages, threads, top, server" +
                               (mode == "news" || mode == "categories"
                                    ? "; `" + mode + "` is not implemented yet)"
                                    : ")"));
  });
  tgnews->footer(
      "Not yet: the modes `news` and `categories`, the per-category entries of `top` and the "
      "`category` of its threads (they need a news/category classifier). Rejected pages are in "
      "no output; each is reported on stderr with its reason.");
  AddBatchMode(tgnews, "languages",
               "[{\"lang_code\", \"articles\"}]: the articles grouped by language, the language "
               "with most articles first",
               TgnewsMode::kLanguages, exit_code);
  AddBatchMode(tgnews, "threads",
               "[{\"title\", \"articles\"}]: one thread per story, most important first; "
               "articles: the independent reports (most representative first), then the copies",
               TgnewsMode::kThreads, exit_code);
  AddBatchMode(tgnews, "top",
               "[{\"category\": \"any\", \"threads\": [{\"title\", \"articles\"}]}]: the threads "
               "ranked by importance (distinct sites, copies at half weight, recency)",
               TgnewsMode::kTop, exit_code);
  // `server PORT`: the contest's HTTP mode, `storyline serve` with the contest's clock (an
  // article expires when the newest publication time indexed passes its own plus its
  // max-age) and its state in ./tgnews.db. Further modes register here, each as one more
  // subcommand of `tgnews` (with allow_extras(false), which it would otherwise inherit).
  auto settings = std::make_shared<ServeSettings>();
  settings->db = "tgnews.db";
  settings->clock = LiveOptions::Clock::kNewestPublished;
  CLI::App* server = tgnews->add_subcommand(
      "server",
      "HTTP server: PUT/DELETE /<name>.html (Cache-Control: max-age), GET "
      "/threads?period=&lang_code=&category=any; state kept in --db across restarts (also the "
      "storyline API and web page of `storyline serve`)");
  server->add_option("port", settings->port, "TCP port")->required()->check(CLI::Range(0, 65535));
  server->add_option("--db", settings->db, "SQLite database (created when absent)")
      ->capture_default_str();
  server->add_option("--host", settings->host, "Address to listen on")->capture_default_str();
  server->allow_extras(false);
  server->callback([settings, exit_code] { *exit_code = RunServer(*settings); });
}

}  // namespace storyline
