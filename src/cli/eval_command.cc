// storyline eval cluster --gold FILE [--field NAME] (--pred stories.json | INPUTS...)
// storyline eval extract --dataset zyte|l3s|cleaneval PATH [--json]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "storyline/eval.h"
#include "storyline/extract.h"
#include "storyline/pipeline.h"

namespace storyline {
namespace {

struct EvalClusterArgs {
  std::string gold;
  std::string field;
  std::string predicted;
  std::vector<std::string> inputs;
  int threads = 0;
  bool json = false;
};

// doc -> story id from a fresh run over the inputs.
Status LabelsFromRun(const EvalClusterArgs& args,
                     std::unordered_map<std::string, std::string>* labels, size_t* docs,
                     double* seconds) {
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
  std::unordered_map<std::string, std::string> gold, predicted;
  Status status = ReadGoldLabels(args.gold, args.field, &gold);
  size_t run_docs = 0;
  double run_seconds = 0;
  if (status.ok()) {
    status = args.predicted.empty() ? LabelsFromRun(args, &predicted, &run_docs, &run_seconds)
                                    : ReadPredictedLabels(args.predicted, &predicted);
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
  if (args.json) {
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
  return kExitOk;
}

struct EvalExtractArgs {
  std::string dataset;
  std::string path;
  bool json = false;
};

constexpr size_t kSlowestShown = 5;
constexpr size_t kWorstShown = 10;

struct ScoredPage {
  std::string id;
  size_t bytes = 0;
  double seconds = 0;  // in ExtractHtml
  ExtractionPageScore score;
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

int EvalExtract(const EvalExtractArgs& args) {
  ExtractionDataset dataset;
  if (!ParseExtractionDataset(args.dataset, &dataset)) {
    std::cerr << "storyline eval extract: unknown dataset " << args.dataset << "\n";
    return kExitUsage;
  }
  std::vector<ExtractionPage> pages;
  std::vector<Status> page_errors;
  Status status = LoadExtractionPages(dataset, args.path, &pages, &page_errors);
  if (!status.ok()) {
    std::cerr << "storyline: " << status.message() << "\n";
    return kExitFailure;
  }
  for (const Status& e : page_errors) {
    std::cerr << "storyline: page not scored: " << e.message() << "\n";
  }

  // One thread, and only ExtractHtml timed: the figure is per-core extraction speed.
  const ExtractOptions options;
  std::vector<ScoredPage> scored;
  std::vector<ExtractionPageScore> scores;
  size_t total_bytes = 0;
  double total_seconds = 0;
  // One untimed call first, so that libxml2's and ICU's one-time set-up is not charged to
  // whichever page comes first.
  if (!pages.empty()) ExtractHtml(pages.front().html, options);
  for (const ExtractionPage& page : pages) {
    const auto start = std::chrono::steady_clock::now();
    const Article article = ExtractHtml(page.html, options);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    ScoredPage p{page.id, page.html.size(), took.count(),
                 ScoreExtractedText(PredictedArticleText(article, dataset), page.truth)};
    total_bytes += p.bytes;
    total_seconds += p.seconds;
    scores.push_back(p.score);
    scored.push_back(std::move(p));
  }
  const ExtractionScores s = SummarizeExtractionScores(scores);
  const double mb = total_bytes / 1e6;
  const double mb_per_s = total_seconds > 0 ? mb / total_seconds : 0;
  const auto slowest =
      FirstPages(scored, kSlowestShown,
                 [](const ScoredPage& a, const ScoredPage& b) { return a.seconds > b.seconds; });
  const auto worst = FirstPages(scored, kWorstShown, [](const ScoredPage& a, const ScoredPage& b) {
    return a.score.f1() < b.score.f1();
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
              {"exact_pages", s.exact_pages},
              {"html_mb", mb},
              {"extract_seconds", total_seconds},
              {"mb_per_second", mb_per_s}};
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
      j["page_scores"].push_back(
          {{"id", p.id},
           {"precision", OptionalScore(p.score.has_precision(), p.score.precision())},
           {"recall", OptionalScore(p.score.has_recall(), p.score.recall())},
           {"f1", p.score.f1()},
           {"exact", p.score.exact},
           {"ms", p.seconds * 1e3},
           {"kb", p.bytes / 1e3}});
    }
    std::cout << j.dump(2) << "\n";
    return exit_code;
  }
  std::printf("dataset     %s, %zu pages scored (%s)\n", args.dataset.c_str(), s.pages,
              args.path.c_str());
  if (!page_errors.empty()) {
    std::printf("NOT SCORED  %zu pages could not be read (listed on stderr)\n", page_errors.size());
  }
  std::printf("precision   %.4f  (mean over the %zu pages with extracted text)\n", s.precision,
              s.precision_pages);
  std::printf("recall      %.4f  (mean over the %zu pages with true text)\n", s.recall,
              s.recall_pages);
  std::printf("F1          %.4f\n", s.f1);
  std::printf("accuracy    %.4f  (%zu pages token for token)\n", s.accuracy, s.exact_pages);
  std::printf("speed       %.1f MB of HTML in %.3f s of ExtractHtml, %.1f MB/s (one thread)\n", mb,
              total_seconds, mb_per_s);
  std::printf("\nslowest pages\n        ms        KB  page\n");
  for (const ScoredPage* p : slowest) {
    std::printf("  %8.2f  %8.1f  %s\n", p->seconds * 1e3, p->bytes / 1e3, p->id.c_str());
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

void RegisterEvalCommand(CLI::App& app, int* exit_code) {
  CLI::App* eval = app.add_subcommand("eval", "Measure storyline against labelled data");
  eval->require_subcommand(1);
  auto args = std::make_shared<EvalClusterArgs>();
  CLI::App* cluster = eval->add_subcommand(
      "cluster", "B-cubed precision/recall/F1, ARI and NMI of stories against gold labels");
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
  cluster->add_flag("--json", args->json, "Print the scores as JSON");
  cluster->callback([args, exit_code] { *exit_code = EvalCluster(*args); });

  auto extract_args = std::make_shared<EvalExtractArgs>();
  CLI::App* extract = eval->add_subcommand(
      "extract",
      "Score ExtractHtml on an extraction benchmark with the Zyte article-extraction-benchmark's "
      "metric: 4-token shingles of predicted and true text, precision and recall averaged over "
      "pages, F1 of the two means, accuracy = share of pages with identical tokens. Prints the "
      "extraction speed (one thread), the slowest and the worst pages");
  extract
      ->add_option("--dataset", extract_args->dataset,
                   "zyte: PATH/ground-truth.json + PATH/html/<id>.html.gz, scored on the article "
                   "body (the extracted paragraphs); l3s: L3S-GN1, PATH/original/ scored against "
                   "the headline and full-text spans of PATH/annotated/; cleaneval: "
                   "PATH/input/ against PATH/GoldStandard/. For l3s and cleaneval the prediction "
                   "is the extracted title followed by the paragraphs, as their truth includes "
                   "the headline")
      ->required()
      ->check(CLI::IsMember({"zyte", "l3s", "cleaneval"}));
  extract->add_option("path", extract_args->path, "The benchmark's directory")->required();
  extract->add_flag("--json", extract_args->json, "Print the scores (and each page's) as JSON");
  extract->callback([extract_args, exit_code] { *exit_code = EvalExtract(*extract_args); });
}

}  // namespace storyline
