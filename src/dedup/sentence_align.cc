#include "dedup/sentence_align.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
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

namespace {

// (stem << 32 | sentence) of every stem of `s`, sorted: the sentences of each stem, grouped.
void StemsBySentence(const SentenceSets& s, std::vector<uint64_t>* out) {
  out->clear();
  out->reserve(s.stems.size());
  for (size_t i = 0; i < s.size(); ++i) {
    for (uint32_t t = s.offsets[i]; t < s.offsets[i + 1]; ++t) {
      out->push_back(uint64_t{s.stems[t]} << 32 | i);
    }
  }
  std::sort(out->begin(), out->end());
}

}  // namespace

Alignment AlignSentences(const SentenceSets& a, const SentenceSets& b, double min_dice) {
  Alignment result;
  result.shorter_sentences = std::min(a.size(), b.size());
  result.longer_sentences = std::max(a.size(), b.size());
  if (result.shorter_sentences == 0) return result;

  // One merge of both documents' stems, grouped by stem, gives each stem's weight (its inverse
  // sentence frequency over both), each sentence's mass and the common weight of every sentence
  // pair that shares a stem, instead of merging every pair of sentences. Each sum gets its terms
  // in increasing stem order, as a merge of two sorted sentences would add them, so the results
  // are the same floating-point numbers.
  thread_local std::vector<uint64_t> by_stem_a, by_stem_b;
  thread_local std::vector<double> mass_a, mass_b, common;
  StemsBySentence(a, &by_stem_a);
  StemsBySentence(b, &by_stem_b);
  const size_t na = a.size(), nb = b.size();
  mass_a.assign(na, 0);
  mass_b.assign(nb, 0);
  common.assign(na * nb, 0);
  const double total = static_cast<double>(na + nb) + 1.0;
  for (size_t i = 0, j = 0; i < by_stem_a.size() || j < by_stem_b.size();) {
    const uint64_t stem_a = i < by_stem_a.size() ? by_stem_a[i] >> 32 : UINT64_MAX;
    const uint64_t stem_b = j < by_stem_b.size() ? by_stem_b[j] >> 32 : UINT64_MAX;
    const uint64_t stem = std::min(stem_a, stem_b);
    size_t end_a = i, end_b = j;
    while (end_a < by_stem_a.size() && by_stem_a[end_a] >> 32 == stem) ++end_a;
    while (end_b < by_stem_b.size() && by_stem_b[end_b] >> 32 == stem) ++end_b;
    const double w = std::log(total / static_cast<double>((end_a - i) + (end_b - j)));
    for (size_t k = i; k < end_a; ++k) mass_a[static_cast<uint32_t>(by_stem_a[k])] += w;
    for (size_t k = j; k < end_b; ++k) mass_b[static_cast<uint32_t>(by_stem_b[k])] += w;
    for (size_t k = i; k < end_a; ++k) {
      double* row = common.data() + static_cast<uint32_t>(by_stem_a[k]) * nb;
      for (size_t l = j; l < end_b; ++l) row[static_cast<uint32_t>(by_stem_b[l])] += w;
    }
    i = end_a;
    j = end_b;
  }

  // Aligned pairs in order of i, and of decreasing j within one i, so that a strictly
  // increasing subsequence of j uses each sentence of `a` at most once.
  std::vector<uint32_t> js, is;
  std::vector<uint32_t> row;
  for (size_t i = 0; i < na; ++i) {
    row.clear();
    const double* shared = common.data() + i * nb;
    for (size_t j = 0; j < nb; ++j) {
      const double sum = mass_a[i] + mass_b[j];
      // Dice can be at most 2 * min / total; skip the pair when even that is too low.
      if (sum <= 0 || 2.0 * std::min(mass_a[i], mass_b[j]) < min_dice * sum) continue;
      if (2.0 * shared[j] >= min_dice * sum) row.push_back(static_cast<uint32_t>(j));
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
