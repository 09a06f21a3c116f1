// labels.tsv: the gold truth of a harness corpus, one row per document.
//
//   id  source  transform  rate  story  dataset
//
// `source` is the id of the real (or, with --scale, synthetic) article the document was made
// from; an original is its own source. `transform` is a TransformName; `rate` the spin or typo
// rate (0 for the other transformations); `story` the DUC topic or ECB+ event cluster of the
// source, the same for every copy of it; `dataset` "duc" or "ecb". A header row comes first.
#ifndef STORYLINE_BENCH_DEDUP_LABELS_H_
#define STORYLINE_BENCH_DEDUP_LABELS_H_

#include <string>
#include <vector>

#include "storyline/status.h"
#include "transform.h"

namespace storyline::dedup_bench {

struct LabelRow {
  std::string id;
  std::string source;
  Transform transform = Transform::kOriginal;
  double rate = 0;
  std::string story;
  std::string dataset;
};

// The header line, with its newline.
std::string LabelsHeader();

// One row as a line, with its newline. REQUIRES: no tab or newline in the fields.
std::string FormatLabelRow(const LabelRow& row);

// "0", "0.02", "0.3": a rate as written in labels.tsv and in reports.
std::string FormatRate(double rate);

// The tab-separated fields of one line of a .tsv file (labels.tsv, overlaps.tsv).
std::vector<std::string> SplitTabs(const std::string& line);

// Reads a labels.tsv; errors name the line.
Status ReadLabels(const std::string& path, std::vector<LabelRow>* rows);

}  // namespace storyline::dedup_bench

#endif  // STORYLINE_BENCH_DEDUP_LABELS_H_
