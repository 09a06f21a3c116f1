// storyline eval cluster --gold FILE [--field NAME] (--pred stories.json | INPUTS...)
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "storyline/eval.h"
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
}

}  // namespace storyline
