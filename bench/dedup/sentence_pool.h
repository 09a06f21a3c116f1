// The sentences of the real articles, cut into the words a synthetic article may change, and the
// rewrite that makes each use of a sentence new text (corpus.h explains why it is needed). Shared
// by the dedup speed corpus (GenerateScaleCorpus) and the story stream (bench/stories).
//
// A rewrite redraws every digit and, in every run of 5 words, replaces one word by a word of the
// pool of the same class (-ed, -ing, -ly, plural, else thesaurus part of speech), so that no
// 5-gram of the pool sentence survives but those of function words (and kept names) alone.
#ifndef STORYLINE_BENCH_DEDUP_SENTENCE_POOL_H_
#define STORYLINE_BENCH_DEDUP_SENTENCE_POOL_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "sources.h"
#include "transform.h"

namespace storyline::dedup_bench {

// Slot classes: a word class of the rewrite (< kNameClass), a capitalised name inside a sentence,
// or a number of 2+ digits (redrawn, never replaced).
enum WordEnding : uint32_t { kNoEnding, kPluralS, kVerbS, kEd, kIng, kLy, kEndings };
inline constexpr uint32_t kPosCount = 5;                      // Thesaurus::Pos values
inline constexpr uint32_t kNameClass = kEndings * kPosCount;  // capitalised words in a sentence
inline constexpr uint32_t kWordClasses = kNameClass + 1;
inline constexpr uint32_t kNumber = kWordClasses;

// Sentences of the real articles, all of them, by story and by article, each with its replaceable
// words, and the words replacements are drawn from.
struct SentencePool {
  struct Slot {
    uint32_t word;        // position among the sentence's words
    uint32_t begin, end;  // bytes of the word in the sentence
    uint32_t word_class;  // kNameClass for a name, kNumber for a number
  };
  struct Sentence {
    std::string text;
    uint32_t words = 0;       // runs of ASCII letters and digits (CutSentence)
    std::vector<Slot> slots;  // its replaceable words, names and numbers, in order
  };
  struct Story {
    std::string name, dataset;
    std::vector<uint32_t> sentences;  // indices into `sentences`
  };
  std::vector<Sentence> sentences;
  std::vector<Story> stories;  // stories of 3 or more sentences
  // Per source article with a sentence, its sentences in order (indices into `sentences`).
  std::vector<std::vector<uint32_t>> articles;
  std::vector<std::string> vocabulary;  // the replaceable words and names, distinct
  // Per word class, indices into `vocabulary` to draw from: a word once per use, a name once.
  std::vector<std::vector<uint32_t>> class_words;
};

// The sentences of `articles` of 5 or more words, cut, and the vocabulary their slots give.
SentencePool BuildSentencePool(const std::vector<SourceArticle>& articles,
                               const Thesaurus& thesaurus);

// Cuts a sentence into words as the 5-gram measures see them (runs of ASCII letters and digits:
// "nation's" is "nation" and "s", "easy-to-use" three words) and notes the ones a rewrite may
// replace: lower-case content words, names (a capital and lower-case letters, not the first
// word) and numbers; a word stuck to an apostrophe or a non-ASCII letter ("don't", "café") is not
// one of them, but a possessive's stem is. Adds nothing to a pool.
SentencePool::Sentence CutSentence(std::string text, const Thesaurus& thesaurus);

// `sentence` as one synthetic article says it: its digits redrawn, and every run of 5 words
// broken where it can be: by a number of 2+ digits (redrawn anyway), else by the last replaceable
// word of the run, else (unless `keep_names`) by its last name, replaced by a word of its class
// drawn from `pool`. The next run to break starts after the break, so at most one word in 5
// changes. Two articles that rewrite the same sentence share a 5-gram only where they drew the
// same replacements. Which words change depends on the sentence alone; what replaces them, on
// `rng`.
std::string RewriteSentence(const SentencePool& pool, const SentencePool::Sentence& sentence,
                            bool keep_names, std::mt19937_64& rng);

// A uniform index in [0, n). REQUIRES: n > 0.
size_t RandomIndex(std::mt19937_64& rng, size_t n);

}  // namespace storyline::dedup_bench

#endif  // STORYLINE_BENCH_DEDUP_SENTENCE_POOL_H_
