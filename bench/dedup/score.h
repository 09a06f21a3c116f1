// Scoring `storyline dedup` output against a harness corpus's labels.
//
// Gold: two documents are copies of each other when they have the same source (labels.h).
// Sources whose texts overlap verbatim by at least `overlap_threshold` (the overlaps file of
// corpus.h: real wire copies among the "different" reports) can be merged into one gold group;
// without overlaps every source is its own group. Predicted: documents with the same `group`
// in the dedup output; a unique or rejected document is alone.
//
// Per copy variant T (a transformation and its rate):
//   gold pairs      — (original of the source, T-copy), one per T-copy;
//   found           — those gold pairs that share a predicted group: recall = found / gold;
//   predicted pairs — unordered pairs in one predicted group with at least one T-copy;
//                     precision = the share of them in one gold group.
// The `original` row takes pairs of two originals instead: gold pairs are the real copies that
// overlaps merged, predicted pairs those grouped together.
// Overall: pairwise precision, recall and F1 over all pairs of documents, and the Adjusted Rand
// Index (Hubert & Arabie 1985) of the two partitions; both from the contingency table, O(n).
// Different-outlet false copies: among pairs of originals of the same story in different gold
// groups, the share predicted in one group (the target is below 0.5%), with the first pairs
// found listed for error analysis.
// Relations: for the copies found in a group whose original is their own source, the relation
// storyline reported, and the share that is one the transformation should give where that is
// clear (exact and wrapped: exact; near: near; truncation, reorder, typos: near or partial;
// partial: partial; spin 50%: rewrite). A copy whose group's original is another document (a
// hard negative published earlier) has a relation to that document, which says nothing here.
//
// Every labelled document must appear in the dedup output and every output document in the
// labels, each once; anything else is an error, not skipped.
#ifndef STORYLINE_BENCH_DEDUP_SCORE_H_
#define STORYLINE_BENCH_DEDUP_SCORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "labels.h"
#include "storyline/status.h"

namespace storyline::dedup_bench {

// One line of `storyline dedup` output.
struct DedupRecord {
  std::string doc;
  std::string group;     // empty: unique or rejected
  std::string original;  // the group's original
  std::string relation;  // original, exact, near, partial, rewrite, unique; empty when rejected
  double similarity = 0;
  std::string rejected;  // the reason, for a rejected document
};

Status ReadDedupOutput(const std::string& path, std::vector<DedupRecord>* records);

// A verbatim overlap between two source articles (the overlaps file of corpus.h).
struct SourceOverlap {
  std::string a, b;
  double containment = 0;
};

Status ReadOverlaps(const std::string& path, std::vector<SourceOverlap>* overlaps);

struct ScoreOptions {
  std::vector<SourceOverlap> overlaps;
  double overlap_threshold = 0.5;
  size_t max_examples = 8;  // false pairs and missed copies listed
};

struct VariantScore {
  Transform transform = Transform::kOriginal;
  double rate = 0;
  size_t documents = 0;  // T-copies (originals for the `original` row)
  uint64_t gold_pairs = 0;
  uint64_t found_pairs = 0;
  uint64_t predicted_pairs = 0;
  uint64_t correct_predicted_pairs = 0;
  // The relations reported for the found copies whose group's original is their source, and
  // how many found copies sit in a group whose original is another document.
  std::map<std::string, size_t> relations;
  size_t linked_elsewhere = 0;
  std::vector<std::string> expected_relations;  // empty when the transformation leaves it open
  std::vector<std::string> missed;              // the first copies not found

  double Precision() const;  // 1 when nothing was predicted
  double Recall() const;     // 1 when there is nothing to find
  double F1() const;
  // The share of `relations` that is expected; nullopt without expectation or relations.
  std::optional<double> RelationAccuracy() const;
};

struct FalsePair {
  const DedupRecord* a = nullptr;  // in output order
  const DedupRecord* b = nullptr;
  std::string story;
  double source_overlap = 0;  // from the overlaps, 0 when not listed
};

struct ScoreReport {
  size_t documents = 0;
  size_t originals = 0;
  size_t copies = 0;
  size_t rejected = 0;
  bool overlaps_given = false;
  size_t merged_source_pairs = 0;  // overlaps at or above the threshold that merged gold groups

  std::vector<VariantScore> variants;  // the `original` row first, then by transform and rate

  uint64_t gold_pairs = 0;
  uint64_t predicted_pairs = 0;
  uint64_t correct_pairs = 0;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  double ari = 0;

  uint64_t same_story_original_pairs = 0;  // in different gold groups
  uint64_t false_copy_pairs = 0;           // of those, predicted in one group
  double false_copy_rate = 0;
  uint64_t cross_story_false_pairs = 0;  // originals of different stories grouped
  std::vector<FalsePair> false_pairs;    // the first ones, same story
};

// Scores `output` against `labels`. The report points into `output`, which must outlive it.
Status ScoreDedup(const std::vector<LabelRow>& labels, const std::vector<DedupRecord>& output,
                  const ScoreOptions& options, ScoreReport* report);

// The report as a table for people, and as JSON.
std::string FormatReport(const ScoreReport& report);
std::string ReportJson(const ScoreReport& report);

}  // namespace storyline::dedup_bench

#endif  // STORYLINE_BENCH_DEDUP_SCORE_H_
