// The rewrite detector's sentence matcher on the MSR Paraphrase Corpus: reading the pairs,
// scoring each with the matcher, and choosing the threshold by cross-validation.
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "dedup/sentence_align.h"
#include "storyline/eval.h"

namespace storyline {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

struct Counts {
  size_t tp = 0, fp = 0, fn = 0, tn = 0;
  void Add(bool predicted, bool truth) {
    if (predicted) {
      truth ? ++tp : ++fp;
    } else {
      truth ? ++fn : ++tn;
    }
  }
  double Accuracy() const {
    const size_t n = tp + fp + fn + tn;
    return n == 0 ? 0 : static_cast<double>(tp + tn) / static_cast<double>(n);
  }
  double Precision() const { return tp + fp == 0 ? 0 : static_cast<double>(tp) / (tp + fp); }
  double Recall() const { return tp + fn == 0 ? 0 : static_cast<double>(tp) / (tp + fn); }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
};

// The threshold with the highest accuracy on the pairs `use` selects: every distinct
// similarity is a candidate (and one above all of them); ties go to the lower threshold.
double BestThreshold(const std::vector<double>& similarity, const std::vector<bool>& labels,
                     const std::vector<size_t>& use) {
  std::vector<std::pair<double, bool>> sorted;
  sorted.reserve(use.size());
  size_t positives = 0;
  for (size_t i : use) {
    sorted.emplace_back(similarity[i], labels[i]);
    positives += labels[i];
  }
  std::sort(sorted.begin(), sorted.end());
  // Threshold at sorted[k].first: pairs k.. are predicted positive.
  size_t correct = positives;  // threshold below everything: all predicted positive
  size_t best_correct = correct;
  double best = sorted.empty() ? 0 : sorted.front().first;
  for (size_t k = 0; k < sorted.size();) {
    size_t j = k;
    while (j < sorted.size() && sorted[j].first == sorted[k].first) {
      correct += sorted[j].second ? -1 : 1;  // pair j moves to the negative side
      ++j;
    }
    if (correct > best_correct) {
      best_correct = correct;
      best = j < sorted.size() ? sorted[j].first : sorted.back().first + 1e-9;
    }
    k = j;
  }
  return best;
}

}  // namespace

Status ReadParaphrasePairs(const std::string& path, std::vector<ParaphrasePair>* pairs) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
      if (line.rfind("Quality", 0) == 0) continue;
    }
    if (line.empty()) continue;
    const std::vector<std::string_view> fields = SplitTabs(line);
    if (fields.size() != 5 || (fields[0] != "0" && fields[0] != "1")) {
      return Status::Corruption(path + ":" + std::to_string(number) +
                                ": expected Quality (0 or 1), two ids and two sentences, "
                                "tab-separated");
    }
    pairs->push_back({fields[0] == "1", std::string(fields[3]), std::string(fields[4])});
  }
  if (pairs->empty()) return Status::Corruption(path + ": no sentence pairs");
  return Status::Ok();
}

double SentenceMatcherSimilarity(TextAnalyzer& analyzer, std::string_view first,
                                 std::string_view second) {
  auto one_sentence = [&](std::string_view text) {
    TextFeatures features = analyzer.Analyze({}, {std::string(text)}, "en");
    features.sentence_starts.assign(1, 0);  // the whole text is one sentence
    return dedup::BuildSentenceSets(features);
  };
  const dedup::SentenceSets a = one_sentence(first), b = one_sentence(second);
  // A text with fewer than kMinSentenceStems content stems has no eligible sentence.
  if (a.size() == 0 || b.size() == 0) return 0;
  return dedup::SentenceDice(a, 0, b, 0);
}

ParaphraseScores CrossValidateThreshold(const std::vector<double>& similarity,
                                        const std::vector<bool>& labels, int folds,
                                        double fixed_threshold) {
  ParaphraseScores scores;
  scores.pairs = similarity.size();
  scores.folds = folds;
  scores.fixed_threshold = fixed_threshold;
  if (similarity.empty() || folds < 2) return scores;
  Counts pooled, fixed;
  std::vector<double> chosen;
  for (int f = 0; f < folds; ++f) {
    std::vector<size_t> train, test;
    for (size_t i = 0; i < similarity.size(); ++i) {
      (static_cast<int>(i % folds) == f ? test : train).push_back(i);
    }
    if (test.empty() || train.empty()) continue;
    const double t = BestThreshold(similarity, labels, train);
    chosen.push_back(t);
    for (size_t i : test) pooled.Add(similarity[i] >= t, labels[i]);
  }
  for (size_t i = 0; i < similarity.size(); ++i) {
    fixed.Add(similarity[i] >= fixed_threshold, labels[i]);
  }
  std::sort(chosen.begin(), chosen.end());
  scores.median_threshold = chosen.empty() ? 0 : chosen[chosen.size() / 2];
  scores.accuracy = pooled.Accuracy();
  scores.precision = pooled.Precision();
  scores.recall = pooled.Recall();
  scores.f1 = pooled.F1();
  scores.fixed_accuracy = fixed.Accuracy();
  scores.fixed_f1 = fixed.F1();
  const size_t positives = static_cast<size_t>(std::count(labels.begin(), labels.end(), true));
  scores.majority_accuracy =
      static_cast<double>(std::max(positives, labels.size() - positives)) / labels.size();
  return scores;
}

}  // namespace storyline
