// dedup_harness: the duplicate-detection benchmark of storyline.
//
//   dedup_harness generate --duc DIR --ecb FILE --thesaurus FILE -o corpus.jsonl
//                          --labels labels.tsv [--overlaps overlaps.tsv] [--seed N]
//                          [--copies-per-variant N] [--scale N]
//   dedup_harness score --labels labels.tsv --dedup out.jsonl [--overlaps overlaps.tsv] [--json]
//   dedup_harness overlap --corpus corpus.jsonl --labels labels.tsv [--originals N] [--by-source]
//   dedup_harness overlap [--duc DIR] [--ecb FILE] [--min-words N]
//
// `generate` turns real news articles (DUC 2004, ECB+) into a corpus of originals and
// transformed copies with gold labels (corpus.h); `--scale N` writes N synthetic documents
// instead, streamed, for speed runs. `score` compares `storyline dedup` output with the labels
// (score.h). `overlap` measures how much text pairs of originals share (word 5-grams, sources.h):
// the first N originals of a corpus (or documents, by source), or the real articles, by story.
// bench/dedup/run.sh runs the three steps on ../shared/data.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "corpus.h"
#include "score.h"
#include "sources.h"
#include "transform.h"

namespace storyline::dedup_bench {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

struct GenerateArgs {
  std::string duc_dir;
  std::string ecb_file;
  std::string thesaurus;
  std::string output;
  std::string labels;
  std::string overlaps;
  uint64_t seed = 1;
  size_t scale = 0;
  CorpusOptions corpus;
};

struct ScoreArgs {
  std::string labels;
  std::string dedup;
  std::string overlaps;
  double overlap_threshold = 0.5;
  size_t examples = 8;
  bool json = false;
};

struct OverlapArgs {
  std::string corpus;
  std::string labels;
  size_t originals = 2000;
  bool by_source = false;  // all documents but wrapped pages, paired by source, not story
  std::string duc_dir;
  std::string ecb_file;
  size_t min_words = 80;
};

int Fail(const Status& s) {
  std::cerr << "dedup_harness: " << s.ToString() << "\n";
  return kExitFailure;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int RunGenerate(const GenerateArgs& args) {
  auto start = std::chrono::steady_clock::now();
  Thesaurus thesaurus;
  if (Status s = Thesaurus::Load(args.thesaurus, &thesaurus); !s.ok()) return Fail(s);
  std::vector<SourceArticle> articles;
  if (Status s = ReadDucArticles(args.duc_dir, &articles); !s.ok()) return Fail(s);
  size_t duc = articles.size();
  if (Status s = ReadEcbArticles(args.ecb_file, &articles); !s.ok()) return Fail(s);
  std::fprintf(stderr,
               "dedup_harness: %zu DUC and %zu ECB+ articles, %zu thesaurus entries (%.1f s)\n",
               duc, articles.size() - duc, thesaurus.size(), SecondsSince(start));

  std::ofstream corpus(args.output, std::ios::binary);
  std::ofstream labels(args.labels, std::ios::binary);
  if (!corpus || !labels)
    return Fail(Status::IoError("cannot write " + args.output + " or " + args.labels));

  if (args.scale > 0) {
    ScaleOptions options;
    options.seed = args.seed;
    options.documents = args.scale;
    auto progress = [&](size_t done) {
      double secs = SecondsSince(start);
      std::fprintf(stderr, "\rdedup_harness: %zu / %zu documents (%.0f%%), %.0f s", done,
                   args.scale, 100.0 * static_cast<double>(done) / static_cast<double>(args.scale),
                   secs);
      if (done == args.scale) std::fprintf(stderr, "\n");
    };
    if (Status s = GenerateScaleCorpus(articles, thesaurus, options, corpus, labels, progress);
        !s.ok()) {
      return Fail(s);
    }
    corpus.close();
    labels.close();
    if (!corpus || !labels) return Fail(Status::IoError("writing " + args.output + " failed"));
    std::fprintf(stderr, "dedup_harness: wrote %s (%zu documents) in %.1f s\n", args.output.c_str(),
                 args.scale, SecondsSince(start));
    return kExitOk;
  }

  std::ofstream overlaps;
  if (!args.overlaps.empty()) {
    overlaps.open(args.overlaps, std::ios::binary);
    if (!overlaps) return Fail(Status::IoError("cannot write " + args.overlaps));
  }
  CorpusOptions options = args.corpus;
  options.seed = args.seed;
  CorpusStats stats;
  if (Status s = GenerateCorpus(articles, thesaurus, options, corpus, labels,
                                args.overlaps.empty() ? nullptr : &overlaps, &stats);
      !s.ok()) {
    return Fail(s);
  }
  std::fprintf(stderr,
               "dedup_harness: %zu articles: %zu too short, %zu filler, %zu sources; %zu copies "
               "-> %zu documents",
               stats.articles, stats.too_short, stats.fillers, stats.sources, stats.copies,
               stats.sources + stats.copies);
  if (!args.overlaps.empty()) std::fprintf(stderr, "; %zu source overlaps", stats.overlaps);
  std::fprintf(stderr, " (%.1f s)\n", SecondsSince(start));
  for (const auto& [name, words] : stats.spin_words) {
    std::fprintf(stderr, "  %s: %.1f%% of content words replaced\n", name.c_str(),
                 100.0 * static_cast<double>(words.first) /
                     static_cast<double>(std::max<size_t>(words.second, 1)));
  }
  if (stats.filler_reused > 0) {
    std::fprintf(stderr, "  warning: filler text ran out; %zu partial pages reuse it\n",
                 stats.filler_reused);
  }
  return kExitOk;
}

int RunScore(const ScoreArgs& args) {
  std::vector<LabelRow> labels;
  if (Status s = ReadLabels(args.labels, &labels); !s.ok()) return Fail(s);
  std::vector<DedupRecord> output;
  if (Status s = ReadDedupOutput(args.dedup, &output); !s.ok()) return Fail(s);
  ScoreOptions options;
  options.overlap_threshold = args.overlap_threshold;
  options.max_examples = args.examples;
  if (!args.overlaps.empty()) {
    if (Status s = ReadOverlaps(args.overlaps, &options.overlaps); !s.ok()) return Fail(s);
  }
  ScoreReport report;
  if (Status s = ScoreDedup(labels, output, options, &report); !s.ok()) return Fail(s);
  std::cout << (args.json ? ReportJson(report) : FormatReport(report));
  return kExitOk;
}

void PrintSharing(const std::string& what, const ShingleSharing& s) {
  auto percent = [&](size_t k) {
    return s.pairs == 0 ? 0.0 : 100.0 * static_cast<double>(k) / static_cast<double>(s.pairs);
  };
  std::printf(
      "  %-17s %10zu pairs: %6.2f%% share a 5-gram, %6.3f%% 8+, mean containment %.5f, "
      "%.3f%% at containment >= 0.2\n",
      what.c_str(), s.pairs, percent(s.sharing), percent(s.sharing_8), s.MeanContainment(),
      percent(s.contained));
}

// The first `originals` originals of a corpus, with the stories their labels name; with
// `by_source`, the first documents of any transform that have a text, with their sources.
Status ReadCorpusOriginals(const OverlapArgs& args, std::vector<Article>* articles,
                           std::vector<std::string>* stories) {
  std::vector<LabelRow> labels;
  if (Status s = ReadLabels(args.labels, &labels); !s.ok()) return s;
  std::unordered_map<std::string, std::string> story_of;  // the documents to read
  for (const LabelRow& row : labels) {
    if (args.by_source) {
      story_of[row.id] = row.source;
    } else if (row.transform == Transform::kOriginal) {
      story_of[row.id] = row.dataset + "/" + row.story;
    }
  }
  std::ifstream in(args.corpus, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + args.corpus);
  for (std::string line; articles->size() < args.originals && std::getline(in, line);) {
    nlohmann::json record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded() || !record.contains("id")) {
      return Status::Corruption(args.corpus + ": expected a JSON object with an id");
    }
    auto it = story_of.find(record["id"].get<std::string>());
    if (it == story_of.end() || !record.contains("text")) continue;
    Article article;
    article.id = it->first;
    std::string text = record["text"].get<std::string>();
    for (size_t start = 0; start <= text.size();) {
      size_t end = std::min(text.find("\n\n", start), text.size());
      if (end > start) article.paragraphs.push_back(text.substr(start, end - start));
      start = end + 2;
    }
    articles->push_back(std::move(article));
    stories->push_back(it->second);
  }
  return Status::Ok();
}

int RunOverlap(const OverlapArgs& args) {
  std::vector<Article> articles;
  std::vector<std::string> stories;
  if (!args.corpus.empty()) {
    if (args.labels.empty()) return Fail(Status::InvalidArgument("--corpus needs --labels"));
    if (Status s = ReadCorpusOriginals(args, &articles, &stories); !s.ok()) return Fail(s);
    std::printf("%s: the first %zu %s\n", args.corpus.c_str(), articles.size(),
                args.by_source ? "documents with a text, by source" : "originals");
  } else {
    std::vector<SourceArticle> sources;
    if (!args.duc_dir.empty()) {
      if (Status s = ReadDucArticles(args.duc_dir, &sources); !s.ok()) return Fail(s);
    }
    if (!args.ecb_file.empty()) {
      if (Status s = ReadEcbArticles(args.ecb_file, &sources); !s.ok()) return Fail(s);
    }
    if (sources.empty()) return Fail(Status::InvalidArgument("give --corpus, --duc or --ecb"));
    for (SourceArticle& a : sources) {
      if (CountWords(a.article) < args.min_words) continue;
      articles.push_back(std::move(a.article));
      stories.push_back(a.dataset + "/" + a.story);
    }
    std::printf("real articles of %zu+ words: %zu\n", args.min_words, articles.size());
  }
  ShingleSharingByStory sharing = MeasureShingleSharing(articles, stories);
  std::string group = args.by_source ? "source" : "story";
  PrintSharing("different " + group, sharing.other_stories);
  PrintSharing("same " + group, sharing.same_story);
  return kExitOk;
}

}  // namespace
}  // namespace storyline::dedup_bench

int main(int argc, char** argv) {
  using namespace storyline::dedup_bench;
  CLI::App app{"dedup_harness: duplicate-detection benchmark for storyline dedup", "dedup_harness"};
  app.require_subcommand(1);
  int exit_code = kExitOk;

  GenerateArgs gen;
  CLI::App* generate = app.add_subcommand(
      "generate", "Build a corpus of real articles and their transformed copies, with labels");
  generate->add_option("--duc", gen.duc_dir, "DUC 2004 docs/ directory (<topic>/D*.txt)")
      ->required();
  generate->add_option("--ecb", gen.ecb_file, "ECB+ JSON Lines (ecbplus_docs.jsonl)")->required();
  generate
      ->add_option("--thesaurus", gen.thesaurus,
                   "MyThes thesaurus (/usr/share/mythes/th_en_US_v2.dat)")
      ->required();
  generate->add_option("-o,--output", gen.output, "corpus JSON Lines to write")->required();
  generate->add_option("--labels", gen.labels, "labels.tsv to write")->required();
  generate->add_option("--overlaps", gen.overlaps,
                       "also write the verbatim overlaps among the sources (TSV)");
  generate->add_option("--seed", gen.seed, "random seed")->capture_default_str();
  generate
      ->add_option("--copies-per-variant", gen.corpus.copies_per_variant,
                   "sources copied per variant")
      ->capture_default_str();
  generate
      ->add_option("--filler-share", gen.corpus.filler_share,
                   "share of articles held out as filler")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.9));
  generate->add_option("--scale", gen.scale,
                       "instead: N synthetic documents for speed runs, streamed");
  generate->callback([&] { exit_code = RunGenerate(gen); });

  ScoreArgs score;
  CLI::App* score_cmd =
      app.add_subcommand("score", "Score storyline dedup output against labels.tsv");
  score_cmd->add_option("--labels", score.labels, "labels.tsv of the corpus")->required();
  score_cmd->add_option("--dedup", score.dedup, "output of `storyline dedup`")->required();
  score_cmd->add_option("--overlaps", score.overlaps,
                        "verbatim overlaps among sources: pairs at the threshold are copies");
  score_cmd
      ->add_option("--overlap-threshold", score.overlap_threshold,
                   "5-gram containment from which sources count as copies")
      ->capture_default_str();
  score_cmd->add_option("--examples", score.examples, "false pairs and misses to list")
      ->capture_default_str();
  score_cmd->add_flag("--json", score.json, "print the scores as JSON");
  score_cmd->callback([&] { exit_code = RunScore(score); });

  OverlapArgs overlap;
  CLI::App* overlap_cmd = app.add_subcommand(
      "overlap", "Measure the word 5-grams pairs of originals share, by same or different story");
  overlap_cmd->add_option("--corpus", overlap.corpus, "a generated corpus");
  overlap_cmd->add_option("--labels", overlap.labels, "its labels.tsv");
  overlap_cmd
      ->add_option("--originals", overlap.originals,
                   "originals (with --by-source, documents) of the corpus to compare")
      ->capture_default_str();
  overlap_cmd->add_flag("--by-source", overlap.by_source,
                        "documents of any transform (not wrapped pages), paired by source");
  overlap_cmd->add_option("--duc", overlap.duc_dir, "instead: the real DUC 2004 articles");
  overlap_cmd->add_option("--ecb", overlap.ecb_file, "instead: the real ECB+ articles");
  overlap_cmd->add_option("--min-words", overlap.min_words, "real articles: leave shorter ones out")
      ->capture_default_str();
  overlap_cmd->callback([&] { exit_code = RunOverlap(overlap); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  return exit_code;
}
