// Verification of candidate pairs and the choice of a group's original: the measurements that
// decide every reported relation, shared by the batch stage (FindDuplicates) and the streaming
// index (DedupIndex) so that both report the same relation for the same pair.
#ifndef STORYLINE_DEDUP_VERIFY_H_
#define STORYLINE_DEDUP_VERIFY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "dedup/sentence_align.h"
#include "storyline/dedup.h"
#include "storyline/document.h"
#include "storyline/options.h"

namespace storyline::dedup {

// A `partial` needs at least this many shingles in the shorter text: a line or two that many
// pages share (a slogan, a standard disclaimer) is not a copied article.
inline constexpr size_t kMinPartialShingles = 8;

// What verification measures on one document, computed once per document.
struct VerifyFeatures {
  uint64_t exact_hash = 0;         // TextFeatures::exact_hash
  uint32_t body_tokens = 0;        // guards against a hash left unset by a caller
  std::vector<uint32_t> shingles;  // word shingles (low 32 bits of the hash), sorted, unique
  SentenceSets sentences;

  // Heap bytes held (for the memory accounting of DedupIndex).
  size_t HeapBytes() const;
};

VerifyFeatures BuildVerifyFeatures(const TextFeatures& text, const DedupOptions& options);

// The strongest relation that holds between two documents, by measurement; a and b of the
// result are `ia` and `ib`. Ignores options.copy_relations. With `rewrite` false, only exact,
// near and partial are measured (the sentence alignment is the costly part).
std::optional<CopyPair> Verify(uint32_t ia, uint32_t ib, const VerifyFeatures& a,
                               const VerifyFeatures& b, const DedupOptions& options,
                               bool rewrite = true);

// True when `x` is the stronger of two verified relations (exact > near > partial > rewrite,
// then the higher similarity).
bool Stronger(const CopyPair& x, const CopyPair& y);

// What competes for being a group's original: a known publication time first (earliest wins; a
// member with a time beats one without), then the longer text, then the lower `order` (input
// order, or insertion order in a DedupIndex).
struct OriginalKey {
  std::optional<UnixSeconds> published;
  size_t text_bytes = 0;
  uint64_t order = 0;
};
bool BetterOriginal(const OriginalKey& x, const OriginalKey& y);

}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_VERIFY_H_
