// storyline eval cluster --gold FILE [--field NAME] [--top N] (--pred stories.json | INPUTS...)
// storyline eval extract --dataset zyte|l3s|l3s-text|cleaneval PATH [--predictions FILE] [--json]
// storyline eval paraphrase FILE [--folds K] [--json]
// storyline eval summary --refs DIR (--docs DIR | --peers DIR) [--wordnet DIR] [--json]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "storyline/dedup.h"
#include "storyline/eval.h"
#include "storyline/extract.h"
#include "storyline/options.h"
#include "storyline/pipeline.h"
#include "storyline/summary.h"
#include "storyline/text.h"

namespace storyline {
namespace {

struct EvalClusterArgs {
  std::string gold;
  std::string field;
  std::string predicted;
  std::vector<std::string> inputs;
  int threads = 0;
  size_t top = 5;  // over-merged and split stories shown
  bool json = false;
};

using LabelMap = std::unordered_map<std::string, std::string>;

// Largest parts shown of an over-merged or split story, and the longest headline.
constexpr size_t kPartsShown = 5;
constexpr size_t kHeadlineChars = 72;

// `text` cut to at most `max` bytes on a UTF-8 boundary, with "..." when cut.
std::string Shortened(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "...";
}

// doc -> story id and story id -> headline from a fresh run over the inputs.
Status LabelsFromRun(const EvalClusterArgs& args, LabelMap* labels, LabelMap* headlines,
                     size_t* docs, double* seconds) {
  PipelineOptions options;
  options.threads = args.threads;
  ProgressBar bar(ProgressBar::StderrIsTerminal());
  PipelineResult result;
  STORYLINE_RETURN_IF_ERROR(RunPipeline(args.inputs, options, &result,
                                        [&](const PipelineProgress& p) { bar.Update(p); }));
  bar.Finish();
  for (size_t i = 0; i < result.stories.size(); ++i) {
    std::string id = "s" + std::to_string(i + 1);
    for (uint32_t m : result.stories[i].members) (*labels)[result.documents[m].id] = id;
    (*headlines)[id] = result.documents[result.stories[i].headline_doc].title;
  }
  for (const DuplicateGroup& g : result.duplicates) {
    const std::string& story = (*labels)[result.documents[g.original].id];
    for (const CopyLink& c : g.copies) (*labels)[result.documents[c.doc].id] = story;
  }
  *docs = result.documents.size() + result.rejected.size();
  *seconds = result.seconds;
  return Status::Ok();
}

int EvalCluster(const EvalClusterArgs& args) {
  if (args.predicted.empty() == args.inputs.empty()) {
    std::cerr << "storyline eval cluster: give either --pred FILE or the inputs to run on\n";
    return kExitUsage;
  }
  LabelMap gold, predicted, headlines;
  Status status = ReadGoldLabels(args.gold, args.field, &gold);
  size_t run_docs = 0;
  double run_seconds = 0;
  if (status.ok()) {
    status = args.predicted.empty()
                 ? LabelsFromRun(args, &predicted, &headlines, &run_docs, &run_seconds)
                 : ReadPredictedLabels(args.predicted, &predicted, &headlines);
  }
  if (!status.ok()) {
    std::cerr << "storyline: " << status.message() << "\n";
    return status.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitFailure;
  }
  // Gold documents missing from the prediction (rejected) are scored as singletons.
  std::vector<std::string> gold_labels, predicted_labels;
  size_t missing = 0;
  for (const auto& [doc, label] : gold) {
    gold_labels.push_back(label);
    auto it = predicted.find(doc);
    if (it == predicted.end()) {
      ++missing;
      predicted_labels.push_back("missing:" + doc);
    } else {
      predicted_labels.push_back(it->second);
    }
  }
  ClusterScores s = ScoreClustering(predicted_labels, gold_labels);
  const ClusterErrors errors =
      FindClusterErrors(predicted_labels, gold_labels, args.top, kPartsShown);
  auto headline_of = [&](const std::string& story) -> const std::string* {
    auto it = headlines.find(story);
    return it == headlines.end() || it->second.empty() ? nullptr : &it->second;
  };
  if (args.json) {
    using Json = nlohmann::ordered_json;
    auto headline_json = [&](const std::string& story) {
      const std::string* h = headline_of(story);
      return h ? Json(*h) : Json();
    };
    Json over_merged = Json::array(), split = Json::array();
    for (const MixedCluster& c : errors.over_merged) {
      Json gold_parts = Json::array();
      for (const ClusterPart& part : c.parts) {
        gold_parts.push_back({{"label", part.label}, {"items", part.items}});
      }
      over_merged.push_back({{"story", c.label},
                             {"headline", headline_json(c.label)},
                             {"size", c.items},
                             {"outside_majority", c.outside_largest},
                             {"gold_stories", c.part_count},
                             {"gold", std::move(gold_parts)}});
    }
    for (const MixedCluster& c : errors.split) {
      Json pieces = Json::array();
      for (const ClusterPart& part : c.parts) {
        pieces.push_back({{"story", part.label},
                          {"items", part.items},
                          {"headline", headline_json(part.label)}});
      }
      split.push_back({{"gold", c.label},
                       {"size", c.items},
                       {"outside_largest", c.outside_largest},
                       {"predicted_stories", c.part_count},
                       {"pieces", std::move(pieces)}});
    }
    nlohmann::ordered_json j = {{"bcubed_precision", s.bcubed_precision},
                                {"bcubed_recall", s.bcubed_recall},
                                {"bcubed_f1", s.bcubed_f1},
                                {"ari", s.ari},
                                {"nmi", s.nmi},
                                {"documents", s.documents},
                                {"missing", missing},
                                {"predicted_clusters", s.predicted_clusters},
                                {"gold_clusters", s.gold_clusters}};
    if (run_seconds > 0) {
      j["seconds"] = run_seconds;
      j["documents_per_second"] = run_docs / run_seconds;
    }
    j["over_merged"] = std::move(over_merged);
    j["split"] = std::move(split);
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::printf("documents      %zu (%zu missing from the prediction, scored as singletons)\n",
              s.documents, missing);
  std::printf("clusters       %zu predicted, %zu gold\n", s.predicted_clusters, s.gold_clusters);
  std::printf("B-cubed        P %.4f  R %.4f  F1 %.4f\n", s.bcubed_precision, s.bcubed_recall,
              s.bcubed_f1);
  std::printf("ARI            %.4f\n", s.ari);
  std::printf("NMI            %.4f\n", s.nmi);
  if (run_seconds > 0) {
    std::printf("run            %.3f s, %.0f documents/s\n", run_seconds, run_docs / run_seconds);
  }
  if (args.top == 0) return kExitOk;
  // "a: 3, b: 2, +4 more": the largest parts, and how many are not shown.
  auto print_parts = [](const MixedCluster& c) {
    std::printf("      ");
    for (size_t k = 0; k < c.parts.size(); ++k) {
      std::printf("%s%s: %zu", k > 0 ? ", " : "", c.parts[k].label.c_str(), c.parts[k].items);
    }
    if (c.part_count > c.parts.size()) std::printf(", +%zu more", c.part_count - c.parts.size());
    std::printf("\n");
  };
  std::printf("\nmost over-merged stories (items outside the majority gold story)%s\n",
              errors.over_merged.empty() ? ": none" : "");
  for (const MixedCluster& c : errors.over_merged) {
    std::printf("  %s  %zu items, %zu outside, %zu gold stories", c.label.c_str(), c.items,
                c.outside_largest, c.part_count);
    if (const std::string* h = headline_of(c.label)) {
      std::printf("  \"%s\"", Shortened(*h, kHeadlineChars).c_str());
    }
    std::printf("\n");
    print_parts(c);
  }
  std::printf("most split gold stories (items outside the largest predicted piece)%s\n",
              errors.split.empty() ? ": none" : "");
  for (const MixedCluster& c : errors.split) {
    std::printf("  %s  %zu items, %zu outside, %zu predicted stories\n", c.label.c_str(), c.items,
                c.outside_largest, c.part_count);
    print_parts(c);
  }
  return kExitOk;
}

struct EvalExtractArgs {
  std::string dataset;
  std::string path;
  std::string predictions;  // another tool's output, scored instead of running ours
  bool json = false;
};

constexpr size_t kSlowestShown = 5;
constexpr size_t kWorstShown = 10;
constexpr size_t kExampleChars = 72;

struct ScoredPage {
  std::string id;
  size_t bytes = 0;
  double seconds = 0;  // in the extractor
  ExtractionPageScore score;
  // Plain-text pages only: the line decisions, and the first boilerplate line kept and the
  // first content line dropped, shortened.
  LineKeepScore lines;
  std::string kept_boilerplate;
  std::string dropped_content;
};

// Pages ordered by `less`, at most `count` of them.
template <typename Less>
std::vector<const ScoredPage*> FirstPages(const std::vector<ScoredPage>& pages, size_t count,
                                          Less less) {
  std::vector<const ScoredPage*> order;
  for (const ScoredPage& p : pages) order.push_back(&p);
  std::stable_sort(order.begin(), order.end(),
                   [&](const ScoredPage* a, const ScoredPage* b) { return less(*a, *b); });
  order.resize(std::min(order.size(), count));
  return order;
}

// "0.123", or "-" for a precision or recall the page does not have.
std::string ScoreCell(bool present, double value) {
  char buf[16] = "-";
  if (present) std::snprintf(buf, sizeof(buf), "%.3f", value);
  return buf;
}

nlohmann::ordered_json OptionalScore(bool present, double value) {
  return present ? nlohmann::ordered_json(value) : nlohmann::ordered_json();
}

// Scores one page's predicted text; for a plain-text page also line by line.
void ScorePage(const ExtractionPage& page, const std::string& predicted, ScoredPage* scored) {
  scored->score = ScoreExtractedText(predicted, page.truth);
  if (page.lines.empty()) return;
  std::vector<bool> kept;
  scored->lines = ScoreKeptLines(page.lines, predicted, &kept);
  for (size_t i = 0; i < page.lines.size(); ++i) {
    const LabelledLine& line = page.lines[i];
    if (kept[i] && !line.content && scored->kept_boilerplate.empty()) {
      scored->kept_boilerplate = Shortened(line.text, kExampleChars);
    } else if (!kept[i] && line.content && scored->dropped_content.empty()) {
      scored->dropped_content = Shortened(line.text, kExampleChars);
    }
  }
}

int EvalExtract(const EvalExtractArgs& args) {
  ExtractionDataset dataset;
  if (!ParseExtractionDataset(args.dataset, &dataset)) {
    std::cerr << "storyline eval extract: unknown dataset " << args.dataset << "\n";
    return kExitUsage;
  }
  const bool plain_text = dataset == ExtractionDataset::kL3sText;
  const bool from_file = !args.predictions.empty();
  std::vector<ExtractionPage> pages;
  std::vector<Status> page_errors;
  std::unordered_map<std::string, std::string> predictions;
  Status status = LoadExtractionPages(dataset, args.path, &pages, &page_errors);
  if (status.ok() && from_file) status = ReadExtractionPredictions(args.predictions, &predictions);
  if (!status.ok()) {
    std::cerr << "storyline: " << status.message() << "\n";
    return kExitFailure;
  }
  for (const Status& e : page_errors) {
    std::cerr << "storyline: page not scored: " << e.message() << "\n";
  }

  // One thread, and only the extractor timed: the figure is per-core extraction speed.
  const ExtractOptions options;
  auto extract = [&](const std::string& input) {
    return plain_text ? ExtractPlainText(input, options) : ExtractHtml(input, options);
  };
  std::vector<ScoredPage> scored;
  std::vector<ExtractionPageScore> scores;
  std::vector<LineKeepScore> line_scores;
  std::vector<std::string> missing;  // pages the predictions file lacks
  size_t total_bytes = 0;
  double total_seconds = 0;
  // One untimed call first, so that libxml2's and ICU's one-time set-up is not charged to
  // whichever page comes first.
  if (!from_file && !pages.empty()) extract(pages.front().input);
  for (const ExtractionPage& page : pages) {
    ScoredPage p;
    p.id = page.id;
    p.bytes = page.input.size();
    std::string predicted;
    if (from_file) {
      auto it = predictions.find(page.id);
      if (it == predictions.end()) {
        missing.push_back(page.id);
      } else {
        predicted = std::move(it->second);
        predictions.erase(it);
      }
    } else {
      const auto start = std::chrono::steady_clock::now();
      const Article article = extract(page.input);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      p.seconds = took.count();
      predicted = PredictedArticleText(article, dataset);
    }
    ScorePage(page, predicted, &p);
    total_bytes += p.bytes;
    total_seconds += p.seconds;
    scores.push_back(p.score);
    if (plain_text) line_scores.push_back(p.lines);
    scored.push_back(std::move(p));
  }
  for (const std::string& id : missing) {
    std::cerr << "storyline: no prediction for page " << id << ", scored as empty\n";
  }
  // What is left of `predictions` names no page of the dataset.
  if (!predictions.empty()) {
    std::cerr << "storyline: " << predictions.size() << " predictions name no page of " << args.path
              << " and were ignored\n";
  }
  const ExtractionScores s = SummarizeExtractionScores(scores);
  const LineScores ls = SummarizeLineScores(line_scores);
  const double mb = total_bytes / 1e6;
  const double mb_per_s = total_seconds > 0 ? mb / total_seconds : 0;
  const char* extractor = plain_text ? "ExtractPlainText" : "ExtractHtml";
  const char* input_kind = plain_text ? "text" : "HTML";
  const auto slowest =
      FirstPages(scored, from_file ? 0 : kSlowestShown,
                 [](const ScoredPage& a, const ScoredPage& b) { return a.seconds > b.seconds; });
  const auto worst = FirstPages(scored, kWorstShown, [&](const ScoredPage& a, const ScoredPage& b) {
    return plain_text ? a.lines.f1() < b.lines.f1() : a.score.f1() < b.score.f1();
  });
  const int exit_code = page_errors.empty() ? kExitOk : kExitFailure;

  if (args.json) {
    using Json = nlohmann::ordered_json;
    Json j = {{"dataset", args.dataset},
              {"path", args.path},
              {"pages", s.pages},
              {"pages_not_scored", page_errors.size()},
              {"precision", s.precision},
              {"recall", s.recall},
              {"f1", s.f1},
              {"accuracy", s.accuracy},
              {"precision_pages", s.precision_pages},
              {"recall_pages", s.recall_pages},
              {"exact_pages", s.exact_pages}};
    if (plain_text) {
      j["lines"] = {{"precision", ls.precision},
                    {"recall", ls.recall},
                    {"f1", ls.f1},
                    {"page_precision", ls.page_precision},
                    {"page_recall", ls.page_recall},
                    {"page_f1", ls.page_f1},
                    {"lines", ls.lines},
                    {"content_lines", ls.content_lines},
                    {"kept_lines", ls.kept_lines},
                    {"not_on_page", ls.not_on_page}};
    }
    if (from_file) {
      j["predictions"] = args.predictions;
      j["missing_predictions"] = missing;
    } else {
      j["input_mb"] = mb;
      j["extract_seconds"] = total_seconds;
      j["mb_per_second"] = mb_per_s;
    }
    j["errors"] = Json::array();
    for (const Status& e : page_errors) j["errors"].push_back(e.message());
    j["slowest"] = Json::array();
    for (const ScoredPage* p : slowest) {
      j["slowest"].push_back({{"id", p->id}, {"ms", p->seconds * 1e3}, {"kb", p->bytes / 1e3}});
    }
    j["worst"] = Json::array();
    for (const ScoredPage* p : worst) j["worst"].push_back(p->id);
    j["page_scores"] = Json::array();
    for (const ScoredPage& p : scored) {
      Json page = {{"id", p.id},
                   {"precision", OptionalScore(p.score.has_precision(), p.score.precision())},
                   {"recall", OptionalScore(p.score.has_recall(), p.score.recall())},
                   {"f1", p.score.f1()},
                   {"exact", p.score.exact}};
      if (!from_file) page["ms"] = p.seconds * 1e3;
      page["kb"] = p.bytes / 1e3;
      if (plain_text) {
        page["lines"] = {{"tp", p.lines.tp},
                         {"fp", p.lines.fp},
                         {"fn", p.lines.fn},
                         {"tn", p.lines.tn},
                         {"f1", p.lines.f1()}};
      }
      j["page_scores"].push_back(std::move(page));
    }
    std::cout << j.dump(2) << "\n";
    return exit_code;
  }
  std::printf("dataset     %s, %zu pages scored (%s)\n", args.dataset.c_str(), s.pages,
              args.path.c_str());
  if (!page_errors.empty()) {
    std::printf("NOT SCORED  %zu pages could not be read (listed on stderr)\n", page_errors.size());
  }
  if (from_file) {
    std::printf("predictions %s", args.predictions.c_str());
    if (!missing.empty()) {
      std::printf(" (%zu pages missing, scored as empty; listed on stderr)", missing.size());
    }
    std::printf("\n");
  }
  std::printf("precision   %.4f  (mean over the %zu pages with extracted text)\n", s.precision,
              s.precision_pages);
  std::printf("recall      %.4f  (mean over the %zu pages with true text)\n", s.recall,
              s.recall_pages);
  std::printf("F1          %.4f\n", s.f1);
  std::printf("accuracy    %.4f  (%zu pages token for token)\n", s.accuracy, s.exact_pages);
  if (plain_text) {
    std::printf("lines       P %.4f  R %.4f  F1 %.4f  (micro: %zu lines, %zu content, %zu kept",
                ls.precision, ls.recall, ls.f1, ls.lines, ls.content_lines, ls.kept_lines);
    if (ls.not_on_page > 0) std::printf(", %zu predicted lines not on the page", ls.not_on_page);
    std::printf(")\n");
    std::printf("lines/page  P %.4f  R %.4f  F1 %.4f  (macro: means over pages)\n",
                ls.page_precision, ls.page_recall, ls.page_f1);
  }
  if (!from_file) {
    std::printf("speed       %.1f MB of %s in %.3f s of %s, %.1f MB/s (one thread)\n", mb,
                input_kind, total_seconds, extractor, mb_per_s);
    std::printf("\nslowest pages\n        ms        KB  page\n");
    for (const ScoredPage* p : slowest) {
      std::printf("  %8.2f  %8.1f  %s\n", p->seconds * 1e3, p->bytes / 1e3, p->id.c_str());
    }
  }
  if (plain_text) {
    std::printf(
        "\nworst pages by line F1 (+ first boilerplate line kept, - first content line "
        "dropped)\n  line P  line R line F1  shingle F1  page\n");
    for (const ScoredPage* p : worst) {
      std::printf("  %6s  %6s  %6.3f  %10.3f  %s\n",
                  ScoreCell(p->lines.has_precision(), p->lines.precision()).c_str(),
                  ScoreCell(p->lines.has_recall(), p->lines.recall()).c_str(), p->lines.f1(),
                  p->score.f1(), p->id.c_str());
      if (!p->kept_boilerplate.empty()) std::printf("      + %s\n", p->kept_boilerplate.c_str());
      if (!p->dropped_content.empty()) std::printf("      - %s\n", p->dropped_content.c_str());
    }
    return exit_code;
  }
  std::printf("\nworst pages by F1\n      P       R      F1  page\n");
  for (const ScoredPage* p : worst) {
    std::printf("  %6s  %6s  %6.3f  %s\n",
                ScoreCell(p->score.has_precision(), p->score.precision()).c_str(),
                ScoreCell(p->score.has_recall(), p->score.recall()).c_str(), p->score.f1(),
                p->id.c_str());
  }
  return exit_code;
}

}  // namespace

struct EvalParaphraseArgs {
  std::string path;
  int folds = 10;
  bool json = false;
};

int EvalParaphrase(const EvalParaphraseArgs& args) {
  std::vector<ParaphrasePair> pairs;
  if (Status s = ReadParaphrasePairs(args.path, &pairs); !s.ok()) {
    std::cerr << "storyline: " << s.message() << "\n";
    return kExitFailure;
  }
  TextAnalyzer analyzer{TextOptions{}};
  std::vector<double> similarity;
  std::vector<bool> labels;
  similarity.reserve(pairs.size());
  for (const ParaphrasePair& p : pairs) {
    similarity.push_back(SentenceMatcherSimilarity(analyzer, p.first, p.second));
    labels.push_back(p.paraphrase);
  }
  const double fixed = DedupOptions{}.rewrite_sentence_similarity;
  const ParaphraseScores s = CrossValidateThreshold(similarity, labels, args.folds, fixed);
  if (args.json) {
    nlohmann::json j = {{"pairs", s.pairs},
                        {"folds", s.folds},
                        {"accuracy", s.accuracy},
                        {"precision", s.precision},
                        {"recall", s.recall},
                        {"f1", s.f1},
                        {"median_threshold", s.median_threshold},
                        {"fixed_threshold", s.fixed_threshold},
                        {"fixed_accuracy", s.fixed_accuracy},
                        {"fixed_f1", s.fixed_f1},
                        {"majority_accuracy", s.majority_accuracy}};
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::printf("pairs       %zu (%s)\n", s.pairs, args.path.c_str());
  std::printf(
      "matcher     weighted content-stem Dice of the rewrite detector's sentence alignment\n");
  std::printf(
      "%d-fold CV   accuracy %.4f  precision %.4f  recall %.4f  F1 %.4f"
      "  (median threshold %.3f)\n",
      s.folds, s.accuracy, s.precision, s.recall, s.f1, s.median_threshold);
  std::printf("fixed %.2f  accuracy %.4f  F1 %.4f  (rewrite_sentence_similarity, the default)\n",
              s.fixed_threshold, s.fixed_accuracy, s.fixed_f1);
  std::printf("majority    accuracy %.4f\n", s.majority_accuracy);
  return kExitOk;
}

namespace {

struct EvalSummaryArgs {
  std::string refs;
  std::string docs;   // summarise DOCS/<topic>/ with Summarize
  std::string peers;  // or score PEERS/<topic>.txt
  std::string wordnet;
  bool no_wordnet = false;
  bool json = false;
};

// Debian's wordnet-base (scripts/install-deps installs it): ROUGE-1.5.5 -m looks every word up
// in WordNet's exception lists before stemming, so scores are only comparable with them.
constexpr const char* kDefaultWordNet = "/usr/share/wordnet";

// The summary `storyline run` would write for the documents of one folder: the folder read as
// the pipeline reads its inputs, copies (FindDuplicates) left out so that they do not vote
// twice, the originals summarised in input order as one story.
Status SummarizeFolder(const std::string& dir, const PipelineOptions& options,
                       TextAnalyzer& analyzer, SummaryLines* summary, size_t* documents) {
  PipelineResult result;
  STORYLINE_RETURN_IF_ERROR(ReadAndAnalyze({dir}, options, &result));
  std::vector<bool> copy(result.documents.size(), false);
  for (const DuplicateGroup& group : FindDuplicates(result.documents, options.dedup)) {
    for (const CopyLink& link : group.copies) copy[link.doc] = true;
  }
  std::vector<uint32_t> originals;
  for (uint32_t i = 0; i < result.documents.size(); ++i) {
    if (!copy[i]) originals.push_back(i);
  }
  summary->clear();
  for (SummarySentence& s : Summarize(result.documents, originals, options.summary, analyzer)) {
    summary->push_back(std::move(s.text));
  }
  *documents = result.documents.size();
  return Status::Ok();
}

int EvalSummary(EvalSummaryArgs args) {
  if (args.wordnet.empty() && !args.no_wordnet) {
    if (!std::filesystem::exists(std::filesystem::path(kDefaultWordNet) / "verb.exc")) {
      std::cerr << "storyline eval summary: WordNet's exception lists are not in "
                << kDefaultWordNet << " (Debian package wordnet-base); give --wordnet DIR, or "
                << "--no-wordnet to score without them (not comparable with ROUGE-1.5.5)\n";
      return kExitUsage;
    }
    args.wordnet = kDefaultWordNet;
  }
  if (args.docs.empty() == args.peers.empty()) {
    std::cerr << "storyline eval summary: give either --docs DIR or --peers DIR\n";
    return kExitUsage;
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> topics;
  std::unordered_map<std::string, std::string> exceptions;
  RougeOptions rouge;
  Status status = ListReferenceSummaries(args.refs, &topics);
  if (status.ok() && !args.wordnet.empty()) {
    status = ReadWordNetExceptions(args.wordnet, &exceptions);
    rouge.exceptions = &exceptions;
  }
  if (!status.ok()) {
    std::cerr << "storyline: " << status.message() << "\n";
    return kExitFailure;
  }
  struct TopicScore {
    std::string topic;
    size_t documents = 0;
    size_t words = 0;
    RougeScore rouge1, rouge2;
  };
  std::vector<TopicScore> scored;
  std::vector<std::string> errors;
  PipelineOptions options;
  options.threads = 1;  // topics are small; one thread keeps the timing comparable
  TextAnalyzer analyzer(options.text);
  const auto start = std::chrono::steady_clock::now();
  for (const auto& [topic, reference_paths] : topics) {
    TopicScore t;
    t.topic = topic;
    std::vector<SummaryLines> references(reference_paths.size());
    for (size_t i = 0; i < reference_paths.size() && status.ok(); ++i) {
      status = ReadSummaryLines(reference_paths[i], &references[i]);
    }
    SummaryLines peer;
    if (status.ok() && !args.docs.empty()) {
      const std::string dir = (std::filesystem::path(args.docs) / topic).string();
      status = std::filesystem::is_directory(dir)
                   ? SummarizeFolder(dir, options, analyzer, &peer, &t.documents)
                   : Status::NotFound("no document folder " + dir + " for topic " + topic);
    } else if (status.ok()) {
      status =
          ReadSummaryLines((std::filesystem::path(args.peers) / (topic + ".txt")).string(), &peer);
    }
    if (!status.ok()) {
      errors.push_back(status.message());
      status = Status::Ok();
      continue;
    }
    for (const std::string& line : peer) {
      std::istringstream in(line);
      t.words += std::distance(std::istream_iterator<std::string>(in),
                               std::istream_iterator<std::string>());
    }
    t.rouge1 = ScoreRouge(1, peer, references, rouge);
    t.rouge2 = ScoreRouge(2, peer, references, rouge);
    scored.push_back(std::move(t));
  }
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
  for (const std::string& e : errors) std::cerr << "storyline: " << e << " (topic not scored)\n";
  if (scored.empty()) {
    std::cerr << "storyline: no topic could be scored\n";
    return kExitFailure;
  }
  // Means over topics, as ROUGE-1.5.5 averages its per-topic scores.
  RougeScore mean1, mean2;
  for (const TopicScore& t : scored) {
    mean1.recall += t.rouge1.recall / scored.size();
    mean1.precision += t.rouge1.precision / scored.size();
    mean1.f += t.rouge1.f / scored.size();
    mean2.recall += t.rouge2.recall / scored.size();
    mean2.precision += t.rouge2.precision / scored.size();
    mean2.f += t.rouge2.f / scored.size();
  }
  const int exit_code = errors.empty() ? kExitOk : kExitFailure;
  const std::string source = args.docs.empty() ? args.peers : args.docs;
  if (args.json) {
    using Json = nlohmann::ordered_json;
    auto scores = [](const RougeScore& s) {
      return Json{{"recall", s.recall}, {"precision", s.precision}, {"f", s.f}};
    };
    Json j = {{"refs", args.refs},          {args.docs.empty() ? "peers" : "docs", source},
              {"topics", scored.size()},    {"topics_not_scored", errors.size()},
              {"rouge1", scores(mean1)},    {"rouge2", scores(mean2)},
              {"seconds", seconds.count()}, {"errors", errors}};
    j["topic_scores"] = Json::array();
    for (const TopicScore& t : scored) {
      j["topic_scores"].push_back(
          {{"topic", t.topic}, {"rouge1", scores(t.rouge1)}, {"rouge2", scores(t.rouge2)}});
    }
    std::cout << j.dump(2) << "\n";
    return exit_code;
  }
  std::printf("ROUGE-1.5.5 -n 2 -m -l 100 (%s stemming exceptions), recall / precision / F\n",
              args.wordnet.empty() ? "no WordNet" : "WordNet");
  std::printf("  topic   docs  words   R-1     P-1     F-1      R-2     P-2     F-2\n");
  for (const TopicScore& t : scored) {
    std::printf("  %-6s  %4zu  %5zu   %.4f  %.4f  %.4f   %.4f  %.4f  %.4f\n", t.topic.c_str(),
                t.documents, t.words, t.rouge1.recall, t.rouge1.precision, t.rouge1.f,
                t.rouge2.recall, t.rouge2.precision, t.rouge2.f);
  }
  std::printf("\ntopics      %zu scored (%s)", scored.size(), source.c_str());
  if (!errors.empty()) std::printf(", %zu NOT scored (listed on stderr)", errors.size());
  std::printf("\nROUGE-1     R %.2f  P %.2f  F %.2f\n", 100 * mean1.recall, 100 * mean1.precision,
              100 * mean1.f);
  std::printf("ROUGE-2     R %.2f  P %.2f  F %.2f\n", 100 * mean2.recall, 100 * mean2.precision,
              100 * mean2.f);
  std::printf("time        %.2f s (%s)\n", seconds.count(),
              args.docs.empty() ? "scoring" : "reading, finding copies, summarising, scoring");
  return exit_code;
}

}  // namespace

void RegisterEvalCommand(CLI::App& app, int* exit_code) {
  CLI::App* eval = app.add_subcommand("eval", "Measure storyline against labelled data");
  eval->require_subcommand(1);
  auto args = std::make_shared<EvalClusterArgs>();
  CLI::App* cluster = eval->add_subcommand(
      "cluster",
      "B-cubed precision/recall/F1, ARI and NMI of stories against gold labels, with the most "
      "over-merged and the most split stories");
  cluster
      ->add_option("--gold", args->gold,
                   "Gold labels: JSON Lines {\"doc\",\"label\"}, or ECB+ JSON Lines / UCI CSV "
                   "with --field")
      ->required()
      ->check(CLI::ExistingFile);
  cluster->add_option("--field", args->field,
                      "Label field of the gold file (e.g. subtopic_event_cluster, STORY)");
  cluster->add_option("--pred", args->predicted, "A stories.json (or .jsonl) written by run")
      ->check(CLI::ExistingFile);
  cluster->add_option("inputs", args->inputs, "Inputs to run the pipeline on instead of --pred");
  cluster->add_option("--threads", args->threads, "Worker threads (0 = all cores)");
  cluster
      ->add_option("--top", args->top,
                   "Over-merged stories (predicted stories mixing gold stories) and split gold "
                   "stories shown, most errors first (0: none)")
      ->capture_default_str();
  cluster->add_flag("--json", args->json, "Print the scores as JSON");
  cluster->callback([args, exit_code] { *exit_code = EvalCluster(*args); });

  auto paraphrase_args = std::make_shared<EvalParaphraseArgs>();
  CLI::App* paraphrase = eval->add_subcommand(
      "paraphrase",
      "Accuracy and F1 of the rewrite detector's sentence matcher on the MSR Paraphrase Corpus "
      "(TSV: Quality, #1 ID, #2 ID, #1 String, #2 String), its threshold chosen by k-fold "
      "cross-validation (fold = line index mod k); also at the default threshold");
  paraphrase->add_option("file", paraphrase_args->path, "msr_paraphrase_train.txt")
      ->required()
      ->check(CLI::ExistingFile);
  paraphrase->add_option("--folds", paraphrase_args->folds, "Cross-validation folds")
      ->check(CLI::Range(2, 1000))
      ->capture_default_str();
  paraphrase->add_flag("--json", paraphrase_args->json, "Print the scores as JSON");
  paraphrase->callback(
      [paraphrase_args, exit_code] { *exit_code = EvalParaphrase(*paraphrase_args); });

  auto extract_args = std::make_shared<EvalExtractArgs>();
  CLI::App* extract = eval->add_subcommand(
      "extract",
      "Score ExtractHtml (ExtractPlainText for l3s-text), or another tool's output, on an "
      "extraction benchmark with the Zyte article-extraction-benchmark's metric: 4-token "
      "shingles of predicted and true text, precision and recall averaged over pages, F1 of the "
      "two means, accuracy = share of pages with identical tokens. l3s-text is also scored line "
      "by line. Prints the extraction speed (one thread), the slowest and the worst pages");
  extract
      ->add_option("--dataset", extract_args->dataset,
                   "zyte: PATH/ground-truth.json + PATH/html/<id>.html.gz, scored on the article "
                   "body (the extracted paragraphs); l3s: L3S-GN1, PATH/original/ scored against "
                   "the headline and full-text spans of PATH/annotated/; l3s-text: each page of "
                   "PATH/annotated/ as a plain-text page, one line per text block, headline "
                   "first, scored on its headline and full-text lines (line precision/recall "
                   "too); cleaneval: PATH/input/ against PATH/GoldStandard/. For l3s, l3s-text "
                   "and cleaneval the prediction is the extracted title followed by the "
                   "paragraphs, as their truth includes the headline")
      ->required()
      ->check(CLI::IsMember({"zyte", "l3s", "l3s-text", "cleaneval"}));
  extract->add_option("path", extract_args->path, "The benchmark's directory")->required();
  extract
      ->add_option("--predictions", extract_args->predictions,
                   "Score another tool's output instead of running the extractor: a JSON object "
                   "{\"<page id>\": \"<predicted text>\"} with the ids the dataset's pages have "
                   "(Zyte ids, file stems); a page it lacks is scored as empty and listed")
      ->check(CLI::ExistingFile);
  extract->add_flag("--json", extract_args->json, "Print the scores (and each page's) as JSON");
  extract->callback([extract_args, exit_code] { *exit_code = EvalExtract(*extract_args); });

  auto summary_args = std::make_shared<EvalSummaryArgs>();
  CLI::App* summary = eval->add_subcommand(
      "summary",
      "ROUGE-1 and ROUGE-2 recall (precision, F) of summaries against reference summaries, as "
      "ROUGE-1.5.5 computes them with -n 2 -m -l 100 (Porter stemmer, stop words kept, summaries "
      "cut to 100 words, references of a topic combined, then averaged over topics). With "
      "--docs, each topic's folder is read as `storyline run` reads inputs, copies are left out "
      "and the rest summarised with the pipeline's Summarize; with --peers, existing summaries "
      "are scored");
  summary
      ->add_option("--refs", summary_args->refs,
                   "Reference summaries, DUC layout: DIR/Task<topic>_reference<k>.txt, one "
                   "sentence a line")
      ->required()
      ->check(CLI::ExistingDirectory);
  summary
      ->add_option("--docs", summary_args->docs,
                   "Documents to summarise: DIR/<topic>/ for each topic of --refs")
      ->check(CLI::ExistingDirectory);
  summary
      ->add_option("--peers", summary_args->peers,
                   "Summaries to score instead: DIR/<topic>.txt for each topic of --refs, one "
                   "sentence a line")
      ->check(CLI::ExistingDirectory);
  CLI::Option* wordnet =
      summary->add_option("--wordnet", summary_args->wordnet,
                   "WordNet exception lists (DIR/*.exc, e.g. /usr/share/wordnet of Debian's "
                   "wordnet-base): irregular forms looked up before stemming, as ROUGE-1.5.5's "
                   "WordNet-2.0.exc.db (default: /usr/share/wordnet)")
      ->check(CLI::ExistingDirectory);
  summary
      ->add_flag("--no-wordnet", summary_args->no_wordnet,
                 "Stem without WordNet's exception lists (scores then differ from ROUGE-1.5.5's)")
      ->excludes(wordnet);
  summary->add_flag("--json", summary_args->json, "Print the scores (and each topic's) as JSON");
  summary->callback([summary_args, exit_code] { *exit_code = EvalSummary(*summary_args); });
}

}  // namespace storyline
