#include "dedup/sentence_align.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace storyline::dedup {
namespace {

uint32_t SentenceCount(const SentenceSets& s, uint32_t stem) {
  auto it = std::lower_bound(s.stem_sentences.begin(), s.stem_sentences.end(),
                             std::make_pair(stem, uint32_t{0}));
  return it != s.stem_sentences.end() && it->first == stem ? it->second : 0;
}

// Inverse sentence frequency of each of `x`'s stems over both documents, position by position.
std::vector<double> StemWeights(const SentenceSets& x, const SentenceSets& y) {
  const double total = static_cast<double>(x.size() + y.size()) + 1.0;
  std::vector<double> w(x.stems.size());
  for (size_t i = 0; i < x.stems.size(); ++i) {
    const uint32_t stem = x.stems[i];
    w[i] = std::log(total / static_cast<double>(SentenceCount(x, stem) + SentenceCount(y, stem)));
  }
  return w;
}

// Sum of the weights of the stems two sorted sentences share (the weights are symmetric).
double CommonWeight(std::span<const uint32_t> x, const double* wx, std::span<const uint32_t> y) {
  size_t i = 0, j = 0;
  double sum = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] < y[j]) {
      ++i;
    } else if (y[j] < x[i]) {
      ++j;
    } else {
      sum += wx[i];
      ++i;
      ++j;
    }
  }
  return sum;
}

}  // namespace

SentenceSets BuildSentenceSets(const TextFeatures& text) {
  SentenceSets sets;
  const std::vector<Token>& body = text.body;
  std::vector<uint32_t> starts;
  if (!text.sentence_starts.empty()) {
    starts = text.sentence_starts;
  } else {
    for (size_t i = 0; i < body.size(); ++i) {
      if (i == 0 || body[i].Has(Token::kSentenceStart)) starts.push_back(static_cast<uint32_t>(i));
    }
  }
  // Bad input (unsorted or out-of-range starts) must not crash: clamp and sort.
  for (uint32_t& s : starts) s = std::min<uint32_t>(s, static_cast<uint32_t>(body.size()));
  std::sort(starts.begin(), starts.end());
  starts.push_back(static_cast<uint32_t>(body.size()));

  std::vector<uint32_t> sentence;
  for (size_t s = 0; s + 1 < starts.size() && sets.size() < kMaxSentences; ++s) {
    sentence.clear();
    for (uint32_t t = starts[s]; t < starts[s + 1]; ++t) {
      if (!body[t].Has(Token::kStopword)) sentence.push_back(static_cast<uint32_t>(body[t].stem));
    }
    std::sort(sentence.begin(), sentence.end());
    sentence.erase(std::unique(sentence.begin(), sentence.end()), sentence.end());
    if (sentence.size() < kMinSentenceStems) continue;
    sets.stems.insert(sets.stems.end(), sentence.begin(), sentence.end());
    sets.offsets.push_back(static_cast<uint32_t>(sets.stems.size()));
  }
  CountStemSentences(&sets);
  return sets;
}

void CountStemSentences(SentenceSets* sets) {
  std::vector<uint32_t> sorted = sets->stems;
  std::sort(sorted.begin(), sorted.end());
  size_t distinct = 0;
  for (size_t i = 0; i < sorted.size(); ++i) distinct += i == 0 || sorted[i] != sorted[i - 1];
  sets->stem_sentences.clear();
  sets->stem_sentences.reserve(distinct);  // one allocation, not one per doubling
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    sets->stem_sentences.emplace_back(sorted[i], static_cast<uint32_t>(j - i));
    i = j;
  }
}

double SentenceDice(const SentenceSets& a, size_t i, const SentenceSets& b, size_t j) {
  const std::vector<double> wa = StemWeights(a, b);
  const std::vector<double> wb = StemWeights(b, a);
  double mass_a = 0, mass_b = 0;
  for (uint32_t t = a.offsets[i]; t < a.offsets[i + 1]; ++t) mass_a += wa[t];
  for (uint32_t t = b.offsets[j]; t < b.offsets[j + 1]; ++t) mass_b += wb[t];
  const double total = mass_a + mass_b;
  if (total <= 0) return 0;
  return 2.0 * CommonWeight(a.sentence(i), wa.data() + a.offsets[i], b.sentence(j)) / total;
}

Alignment AlignSentences(const SentenceSets& a, const SentenceSets& b, double min_dice) {
  Alignment result;
  result.shorter_sentences = std::min(a.size(), b.size());
  result.longer_sentences = std::max(a.size(), b.size());
  if (result.shorter_sentences == 0) return result;

  // Aligned pairs in order of i, and of decreasing j within one i, so that a strictly
  // increasing subsequence of j uses each sentence of `a` at most once.
  const std::vector<double> wa = StemWeights(a, b);
  const std::vector<double> wb = StemWeights(b, a);
  std::vector<double> mass_b(b.size(), 0);
  for (size_t j = 0; j < b.size(); ++j) {
    for (uint32_t t = b.offsets[j]; t < b.offsets[j + 1]; ++t) mass_b[j] += wb[t];
  }
  std::vector<uint32_t> js, is;
  std::vector<uint32_t> row;
  for (size_t i = 0; i < a.size(); ++i) {
    const std::span<const uint32_t> x = a.sentence(i);
    const double* wx = wa.data() + a.offsets[i];
    double mass_a = 0;
    for (size_t t = 0; t < x.size(); ++t) mass_a += wx[t];
    row.clear();
    for (size_t j = 0; j < b.size(); ++j) {
      const double total = mass_a + mass_b[j];
      // Dice can be at most 2 * min / total; skip the merge when even that is too low.
      if (total <= 0 || 2.0 * std::min(mass_a, mass_b[j]) < min_dice * total) continue;
      if (2.0 * CommonWeight(x, wx, b.sentence(j)) >= min_dice * total) {
        row.push_back(static_cast<uint32_t>(j));
      }
    }
    js.insert(js.end(), row.rbegin(), row.rend());
    is.insert(is.end(), row.size(), static_cast<uint32_t>(i));
  }

  // Longest strictly increasing subsequence of js (patience sorting), with back links to
  // recover the chain's ends.
  std::vector<uint32_t> tails;       // smallest last j of a chain of each length
  std::vector<size_t> tail_at;       // index into js of that last element
  std::vector<int64_t> previous(js.size(), -1);
  for (size_t k = 0; k < js.size(); ++k) {
    const uint32_t j = js[k];
    const size_t pos = std::lower_bound(tails.begin(), tails.end(), j) - tails.begin();
    if (pos > 0) previous[k] = static_cast<int64_t>(tail_at[pos - 1]);
    if (pos == tails.size()) {
      tails.push_back(j);
      tail_at.push_back(k);
    } else {
      tails[pos] = j;
      tail_at[pos] = k;
    }
  }
  if (!tails.empty()) {
    size_t first = tail_at.back();
    while (previous[first] >= 0) first = static_cast<size_t>(previous[first]);
    const size_t last = tail_at.back();
    result.span_a = is[last] - is[first] + 1;
    result.span_b = js[last] - js[first] + 1;
  }
  result.aligned = tails.size();
  result.coverage =
      static_cast<double>(result.aligned) / static_cast<double>(result.shorter_sentences);
  return result;
}

}  // namespace storyline::dedup
