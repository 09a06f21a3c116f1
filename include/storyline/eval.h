// Eval: scoring storyline's output against gold labels.
//
// Clustering: B-cubed precision/recall/F1 (Bagga & Baldwin 1998), the Adjusted Rand Index
// (Hubert & Arabie 1985) and Normalised Mutual Information (arithmetic-mean normalisation, as
// scikit-learn's default), all computed from the contingency table in O(n).
#ifndef STORYLINE_EVAL_H_
#define STORYLINE_EVAL_H_

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "storyline/status.h"

namespace storyline {

struct ClusterScores {
  // B-cubed precision and recall are averaged over items; F1 is their harmonic mean.
  double bcubed_precision = 0;
  double bcubed_recall = 0;
  double bcubed_f1 = 0;
  double ari = 0;
  double nmi = 0;
  size_t documents = 0;  // documents scored (in both gold and prediction)
  size_t predicted_clusters = 0;
  size_t gold_clusters = 0;
  size_t gold_missing = 0;  // ScoreLabelMaps only: gold documents absent from the prediction
};

// Scores two labelings of the same items: predicted[i] and gold[i] label item i.
// Degenerate cases follow scikit-learn: two labelings that are both one cluster, or both all
// singletons, have ARI = NMI = 1. No items: all scores 0.
// REQUIRES: predicted.size() == gold.size().
ClusterScores ScoreClustering(const std::vector<std::string>& predicted,
                              const std::vector<std::string>& gold);

// Scores the documents present in both maps (doc -> label); `gold_missing` counts gold
// documents the prediction lacks. Documents only in the prediction are ignored.
ClusterScores ScoreLabelMaps(const std::unordered_map<std::string, std::string>& predicted,
                             const std::unordered_map<std::string, std::string>& gold);

// Reads gold labels doc -> label from
//   - JSON Lines with `doc` (or `id`) and `label`, or with `field` when given (e.g. ECB+'s
//     `subtopic_event_cluster`); numbers are accepted as ids and labels;
//   - CSV with a header (e.g. UCI's ID ... STORY), chosen by a `.csv` extension: `id`/`doc`
//     column (any case) and `field` (default `label`, or `STORY` when the file has it). A
//     last record cut off mid-line (too few fields and no final newline) is ignored.
// Errors name the file and line.
Status ReadGoldLabels(const std::string& path, const std::string& field,
                      std::unordered_map<std::string, std::string>* labels);

// Reads a stories.json (or the JSON Lines output) into doc -> story id; copies get their
// original's story; rejected documents are not listed.
Status ReadPredictedLabels(const std::string& path,
                           std::unordered_map<std::string, std::string>* labels);

}  // namespace storyline

#endif  // STORYLINE_EVAL_H_
