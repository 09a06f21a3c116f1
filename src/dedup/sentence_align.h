// Rewrite verification: in-order sentence alignment on content-word stems.
//
// A spun copy replaces words with synonyms and reorders clauses inside sentences, but keeps the
// sentences and their order. Each sentence becomes the set of its content-word stems (tokens
// that are not stop words), so clause order inside a sentence does not matter and a sentence
// with ~30% of its words replaced still has a stem Dice of ~0.7 with its source. Sentence
// pairs with Dice >= a threshold are aligned, and the longest chain increasing in both
// documents (longest increasing subsequence, O(P log P) in the P aligned pairs) measures how
// much of the shorter document follows the other sentence by sentence.
//
// Independent articles on the same story share names, places and a few quotes, so a few of
// their sentences align, but not most of them in the same order: that is what separates them.
#ifndef STORYLINE_DEDUP_SENTENCE_ALIGN_H_
#define STORYLINE_DEDUP_SENTENCE_ALIGN_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "storyline/document.h"

namespace storyline::dedup {

// Sentences with fewer content stems than this ("Advertisement", "Read more", bylines) are
// left out: they would align by chance and they carry no evidence of copying.
inline constexpr size_t kMinSentenceStems = 3;

// Only the first this many eligible sentences of a document take part in the alignment, which
// bounds a pair's cost at kMaxSentences^2 set comparisons.
inline constexpr size_t kMaxSentences = 400;

// The content-stem sets of a document's eligible sentences, flattened.
struct SentenceSets {
  std::vector<uint32_t> offsets{0};  // sentence i is stems[offsets[i], offsets[i + 1])
  std::vector<uint32_t> stems;       // low 32 bits of Token::stem; sorted, unique per sentence
  // Each distinct stem with the number of sentences containing it, sorted by stem.
  std::vector<std::pair<uint32_t, uint32_t>> stem_sentences;

  size_t size() const { return offsets.size() - 1; }
  std::span<const uint32_t> sentence(size_t i) const {
    return std::span<const uint32_t>(stems).subspan(offsets[i], offsets[i + 1] - offsets[i]);
  }
};

// Splits `text.body` at `text.sentence_starts` (or at tokens flagged kSentenceStart when there
// are no starts; the whole body is one sentence when neither is given).
SentenceSets BuildSentenceSets(const TextFeatures& text);

// Fills sets->stem_sentences from sets->stems and offsets.
void CountStemSentences(SentenceSets* sets);

struct Alignment {
  size_t aligned = 0;            // length of the longest in-order chain of aligned sentences
  size_t shorter_sentences = 0;  // eligible sentences of the document that has fewer
  size_t longer_sentences = 0;   // eligible sentences of the other
  double coverage = 0;           // aligned / shorter_sentences, 0 when either has none
  // Sentences from the chain's first to its last, in a and in b (0 without a chain): a copy's
  // chain runs through consecutive sentences, independent reports align scattered ones.
  size_t span_a = 0;
  size_t span_b = 0;
};

// Aligns sentences whose weighted stem Dice is >= `min_dice` and returns the longest in-order
// chain.
Alignment AlignSentences(const SentenceSets& a, const SentenceSets& b, double min_dice);

// The weighted stem Dice of sentence `i` of `a` and sentence `j` of `b`, the measure that
// AlignSentences compares with `min_dice`: shared stems weigh their inverse sentence frequency
// over both documents. 0 when both sentences weigh nothing.
// REQUIRES: i < a.size(), j < b.size().
double SentenceDice(const SentenceSets& a, size_t i, const SentenceSets& b, size_t j);

}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_SENTENCE_ALIGN_H_
