// Dedup: groups of copies among documents, with provenance.
//
// Candidates come from MinHash LSH (word shingles for verbatim copies; content-word stems for
// rewrites); every candidate is verified by its measured similarity before it is reported:
//   exact   — same exact_hash (normalised text);
//   near    — word-shingle Jaccard >= near_jaccard;
//   partial — share of the shorter text's shingles contained in the longer >= partial_containment;
//   rewrite — sentences aligned in order on content-word stems (survives synonym spinning).
// Each group's original is the earliest published member; ties (or no times) go to the longer
// text. Cost is linear in the number of documents plus the candidate pairs (bounded by LSH).
#ifndef STORYLINE_DEDUP_H_
#define STORYLINE_DEDUP_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"

namespace storyline {

// MinHash signature of a set of 64-bit features: `permutations` minima, one per seeded hash.
std::vector<uint32_t> MinHashSignature(std::span<const uint64_t> features, int permutations);

// The hashes of the word n-grams (n = `shingle_words`) of a token sequence; a text shorter than
// n words gives one shingle of all its words.
std::vector<uint64_t> WordShingles(std::span<const Token> tokens, int shingle_words);

// A verified relation between two documents, as found before grouping.
struct CopyPair {
  uint32_t a = 0;
  uint32_t b = 0;
  CopyRelation relation = CopyRelation::kNear;
  double similarity = 0;
};

// Finds the duplicate groups among `docs`. Uses the calling thread's TBB arena for parallelism.
std::vector<DuplicateGroup> FindDuplicates(std::span<const Document> docs,
                                           const DedupOptions& options);

// Verifies one pair directly (no LSH): the strongest relation that holds, if any.
std::optional<CopyPair> VerifyPair(const Document& a, const Document& b,
                                   const DedupOptions& options);

}  // namespace storyline

#endif  // STORYLINE_DEDUP_H_
