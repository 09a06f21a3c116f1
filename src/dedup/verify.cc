#include "dedup/verify.h"

#include <algorithm>

namespace storyline::dedup {
namespace {

size_t IntersectionSize(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y) {
  size_t i = 0, j = 0, n = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] < y[j]) {
      ++i;
    } else if (y[j] < x[i]) {
      ++j;
    } else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

}  // namespace

size_t VerifyFeatures::HeapBytes() const {
  return shingles.capacity() * sizeof(uint32_t) + sentences.offsets.capacity() * sizeof(uint32_t) +
         sentences.stems.capacity() * sizeof(uint32_t) +
         sentences.stem_sentences.capacity() * sizeof(sentences.stem_sentences[0]);
}

VerifyFeatures BuildVerifyFeatures(const TextFeatures& text, const DedupOptions& options) {
  VerifyFeatures f;
  f.exact_hash = text.exact_hash;
  f.body_tokens = static_cast<uint32_t>(std::min<size_t>(text.body.size(), UINT32_MAX));
  const std::vector<uint64_t> shingles = WordShingles(text.body, options.shingle_words);
  f.shingles.reserve(shingles.size());
  for (uint64_t s : shingles) f.shingles.push_back(static_cast<uint32_t>(s));
  std::sort(f.shingles.begin(), f.shingles.end());
  f.shingles.erase(std::unique(f.shingles.begin(), f.shingles.end()), f.shingles.end());
  f.shingles.shrink_to_fit();
  f.sentences = BuildSentenceSets(text);
  return f;
}

std::optional<CopyPair> Verify(uint32_t ia, uint32_t ib, const VerifyFeatures& a,
                               const VerifyFeatures& b, const DedupOptions& options,
                               bool rewrite) {
  if (a.body_tokens == 0 || b.body_tokens == 0) return std::nullopt;
  if (a.exact_hash == b.exact_hash && a.body_tokens == b.body_tokens) {
    return CopyPair{ia, ib, CopyRelation::kExact, 1.0};
  }
  const size_t common = IntersectionSize(a.shingles, b.shingles);
  const size_t smaller = std::min(a.shingles.size(), b.shingles.size());
  if (common > 0) {
    const double jaccard = static_cast<double>(common) /
                           static_cast<double>(a.shingles.size() + b.shingles.size() - common);
    if (jaccard >= options.near_jaccard) return CopyPair{ia, ib, CopyRelation::kNear, jaccard};
    const double containment = static_cast<double>(common) / static_cast<double>(smaller);
    if (smaller >= kMinPartialShingles && containment >= options.partial_containment) {
      return CopyPair{ia, ib, CopyRelation::kPartial, containment};
    }
  }
  if (!rewrite) return std::nullopt;
  const Alignment al =
      AlignSentences(a.sentences, b.sentences, options.rewrite_sentence_similarity);
  // Aligned sentences per sentence of the chain's span, where the span is longer.
  const double density = static_cast<double>(al.aligned) /
                         static_cast<double>(std::max<size_t>({al.span_a, al.span_b, 1}));
  if (al.aligned >= static_cast<size_t>(std::max(options.min_sentences_for_rewrite, 1)) &&
      al.coverage >= options.rewrite_aligned_share &&
      (density >= options.rewrite_chain_density ||
       static_cast<double>(al.aligned) >=
           options.rewrite_both_share * static_cast<double>(al.longer_sentences))) {
    return CopyPair{ia, ib, CopyRelation::kRewrite, al.coverage};
  }
  return std::nullopt;
}

bool Stronger(const CopyPair& x, const CopyPair& y) {
  if (x.relation != y.relation) return x.relation < y.relation;
  return x.similarity > y.similarity;
}

bool BetterOriginal(const OriginalKey& x, const OriginalKey& y) {
  if (x.published.has_value() != y.published.has_value()) return x.published.has_value();
  if (x.published && *x.published != *y.published) return *x.published < *y.published;
  if (x.text_bytes != y.text_bytes) return x.text_bytes > y.text_bytes;
  return x.order < y.order;
}

}  // namespace storyline::dedup
