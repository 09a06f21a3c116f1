// story_stream: writes a large synthetic news stream of stories (story_stream.h) for speed and
// memory runs of story clustering.
//
//   story_stream --duc DIR --ecb FILE --thesaurus FILE --documents N [--seed S]
//                [--stories-per-day K] -o stream.jsonl [--labels labels.tsv]
//
// DIR: DUC 2004 docs/ (<topic>/D*.txt); FILE: ECB+ ecbplus_docs.jsonl; thesaurus: MyThes
// (/usr/share/mythes/th_en_US_v2.dat). Progress goes to stderr every 100,000 documents.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "sources.h"
#include "story_stream.h"
#include "transform.h"

namespace storyline::story_bench {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

struct Args {
  std::string duc_dir;
  std::string ecb_file;
  std::string thesaurus;
  std::string output;
  std::string labels;
  StreamOptions options;
};

int Fail(const Status& s) {
  std::cerr << "story_stream: " << s.ToString() << "\n";
  return kExitFailure;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int Run(const Args& args) {
  auto start = std::chrono::steady_clock::now();
  dedup_bench::Thesaurus thesaurus;
  if (Status s = dedup_bench::Thesaurus::Load(args.thesaurus, &thesaurus); !s.ok()) return Fail(s);
  std::vector<dedup_bench::SourceArticle> articles;
  if (Status s = dedup_bench::ReadDucArticles(args.duc_dir, &articles); !s.ok()) return Fail(s);
  size_t duc = articles.size();
  if (Status s = dedup_bench::ReadEcbArticles(args.ecb_file, &articles); !s.ok()) return Fail(s);
  std::fprintf(stderr, "story_stream: %zu DUC and %zu ECB+ articles, %zu thesaurus entries\n", duc,
               articles.size() - duc, thesaurus.size());

  std::ofstream stream(args.output, std::ios::binary);
  if (!stream) return Fail(Status::IoError("cannot write " + args.output));
  std::ofstream labels;
  if (!args.labels.empty()) {
    labels.open(args.labels, std::ios::binary);
    if (!labels) return Fail(Status::IoError("cannot write " + args.labels));
  }
  size_t total = args.options.documents;
  auto progress = [&](size_t done) {
    std::fprintf(stderr, "story_stream: %zu / %zu documents (%.0f%%), %.0f s\n", done, total,
                 100.0 * static_cast<double>(done) / static_cast<double>(total),
                 SecondsSince(start));
  };
  StreamStats stats;
  if (Status s = GenerateStoryStream(articles, thesaurus, args.options, stream,
                                     args.labels.empty() ? nullptr : &labels, progress, &stats);
      !s.ok()) {
    return Fail(s);
  }
  stream.close();
  if (labels.is_open()) labels.close();
  if (!stream || (!args.labels.empty() && !labels)) {
    return Fail(Status::IoError("writing " + args.output + " failed"));
  }
  double days = static_cast<double>(stats.last_published - stats.first_published) / 86400.0;
  std::fprintf(
      stderr,
      "story_stream: wrote %s in %.1f s: %zu documents, %.0f words each on average; "
      "%zu stories from %zu core articles (%zu cut at the end, largest drawn %zu), at "
      "most %zu running at once; %.1f days\n",
      args.output.c_str(), SecondsSince(start), stats.documents,
      static_cast<double>(stats.words) / static_cast<double>(std::max<size_t>(stats.documents, 1)),
      stats.stories, stats.core_articles, stats.stories_cut, stats.largest_story,
      stats.max_active_stories, days);
  return kExitOk;
}

}  // namespace
}  // namespace storyline::story_bench

int main(int argc, char** argv) {
  using namespace storyline::story_bench;
  CLI::App app{"story_stream: a large synthetic news stream of stories for speed and memory runs",
               "story_stream"};
  Args args;
  app.add_option("--duc", args.duc_dir, "DUC 2004 docs/ directory (<topic>/D*.txt)")->required();
  app.add_option("--ecb", args.ecb_file, "ECB+ JSON Lines (ecbplus_docs.jsonl)")->required();
  app.add_option("--thesaurus", args.thesaurus,
                 "MyThes thesaurus (/usr/share/mythes/th_en_US_v2.dat)")
      ->required();
  app.add_option("--documents", args.options.documents, "documents to write")
      ->required()
      ->check(CLI::PositiveNumber);
  app.add_option("--seed", args.options.seed, "random seed")->capture_default_str();
  app.add_option("--stories-per-day", args.options.stories_per_day, "new stories per simulated day")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("-o,--output", args.output, "stream JSON Lines to write")->required();
  app.add_option("--labels", args.labels, "also write id<TAB>story labels (TSV)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  return Run(args);
}
