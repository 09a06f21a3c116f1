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
  double bcubed_precision = 0;
  double bcubed_recall = 0;
  double bcubed_f1 = 0;
  double ari = 0;
  double nmi = 0;
  size_t documents = 0;  // documents scored (in both gold and prediction)
  size_t predicted_clusters = 0;
  size_t gold_clusters = 0;
};

// Scores two labelings of the same items: predicted[i] and gold[i] label item i.
// REQUIRES: predicted.size() == gold.size().
ClusterScores ScoreClustering(const std::vector<std::string>& predicted,
                              const std::vector<std::string>& gold);

// Reads gold labels doc -> label from
//   - JSON Lines with `doc` (or `id`) and `label`, or with `field` when given (e.g. ECB+'s
//     `subtopic_event_cluster`);
//   - CSV with a header (e.g. UCI's ID ... STORY): `id`/`doc` column and `field` (default
//     `label`, or `STORY` when the file has it).
// Errors name the file and line.
Status ReadGoldLabels(const std::string& path, const std::string& field,
                      std::unordered_map<std::string, std::string>* labels);

// Reads a stories.json (or the JSON Lines output) into doc -> story id; copies get their
// original's story; rejected documents are not listed.
Status ReadPredictedLabels(const std::string& path,
                           std::unordered_map<std::string, std::string>* labels);

}  // namespace storyline

#endif  // STORYLINE_EVAL_H_
