// The article-body metric of the Zyte article-extraction-benchmark (evaluate.py,
// github.com/scrapinghub/article-extraction-benchmark): token 4-gram shingles, counted as
// multisets, TP/FP/FN normalised per page, precision and recall averaged over pages.
//
// The tokenizer reproduces Python's `re.findall(r'\w+', text)` on str: a word character is
// one for which str.isalnum() holds (category L*, or a numeric type Decimal/Digit/Numeric) or
// '_'. Combining marks (M*) are not word characters in Python, so they split tokens here too.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storyline/eval.h"

namespace storyline {
namespace {

constexpr int kShingleTokens = 4;

bool IsWordChar(UChar32 c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  if ((U_GET_GC_MASK(c) & U_GC_L_MASK) != 0) return true;
  return u_getIntPropertyValue(c, UCHAR_NUMERIC_TYPE) != U_NT_NONE;
}

std::unordered_map<std::string, int> ShingleCounts(const std::vector<std::string>& tokens) {
  std::unordered_map<std::string, int> counts;
  for (std::string& s : WordShingles(tokens)) ++counts[std::move(s)];
  return counts;
}

}  // namespace

std::vector<std::string> WordTokens(std::string_view text) {
  std::vector<std::string> tokens;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t start = -1;  // start of the token being read, -1 between tokens
  for (int32_t i = 0; i < length;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);  // c < 0 for an ill-formed sequence
    const bool word = c >= 0 && IsWordChar(c);
    if (word && start < 0) start = at;
    if (!word && start >= 0) {
      tokens.emplace_back(text.substr(start, at - start));
      start = -1;
    }
  }
  if (start >= 0) tokens.emplace_back(text.substr(start));
  return tokens;
}

std::vector<std::string> WordShingles(const std::vector<std::string>& tokens) {
  std::vector<std::string> shingles;
  if (tokens.empty()) return shingles;
  const size_t n = tokens.size() > kShingleTokens ? tokens.size() - kShingleTokens + 1 : 1;
  shingles.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    std::string shingle = tokens[i];
    for (size_t j = i + 1; j < i + kShingleTokens && j < tokens.size(); ++j) {
      shingle += ' ';
      shingle += tokens[j];
    }
    shingles.push_back(std::move(shingle));
  }
  return shingles;
}

double ExtractionPageScore::f1() const {
  if (!has_precision() && !has_recall()) return 1;
  if (!has_precision() || !has_recall()) return 0;
  const double p = precision(), r = recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

ExtractionPageScore ScoreExtractedText(std::string_view predicted, std::string_view truth) {
  const std::vector<std::string> pred_tokens = WordTokens(predicted);
  const std::vector<std::string> true_tokens = WordTokens(truth);
  ExtractionPageScore score;
  score.exact = pred_tokens == true_tokens;
  const std::unordered_map<std::string, int> pred = ShingleCounts(pred_tokens);
  const std::unordered_map<std::string, int> truth_counts = ShingleCounts(true_tokens);
  for (const auto& [shingle, p] : pred) {
    auto it = truth_counts.find(shingle);
    const int t = it == truth_counts.end() ? 0 : it->second;
    score.tp += std::min(p, t);
    score.fp += std::max(0, p - t);
    score.fn += std::max(0, t - p);
  }
  for (const auto& [shingle, t] : truth_counts) {
    if (!pred.contains(shingle)) score.fn += t;
  }
  const double sum = score.tp + score.fp + score.fn;
  if (sum > 0) {
    score.tp /= sum;
    score.fp /= sum;
    score.fn /= sum;
  }
  return score;
}

ExtractionScores SummarizeExtractionScores(const std::vector<ExtractionPageScore>& pages) {
  ExtractionScores s;
  s.pages = pages.size();
  double precision_sum = 0, recall_sum = 0;
  for (const ExtractionPageScore& page : pages) {
    if (page.has_precision()) {
      precision_sum += page.precision();
      ++s.precision_pages;
    }
    if (page.has_recall()) {
      recall_sum += page.recall();
      ++s.recall_pages;
    }
    if (page.exact) ++s.exact_pages;
  }
  if (s.precision_pages > 0) s.precision = precision_sum / s.precision_pages;
  if (s.recall_pages > 0) s.recall = recall_sum / s.recall_pages;
  if (s.precision + s.recall > 0) s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall);
  if (s.pages > 0) s.accuracy = static_cast<double>(s.exact_pages) / s.pages;
  return s;
}

}  // namespace storyline
