// Dedup: groups of copies among documents, with provenance.
//
// Candidates come from MinHash LSH (word shingles of the whole text and of windows of it, for
// verbatim and partial copies; distinctive content-word stems, for rewrites) and from equal
// exact hashes. Exact and whole-text candidates come first and form groups; then one member of
// each group (its longest text) stands for it in the window and stem indexes, so a text copied
// many times costs one set of those candidates. No pair is reported before it is verified by its
// measured similarity:
//   exact   — same exact_hash (normalised text) and non-empty body; similarity 1;
//   near    — word-shingle Jaccard >= near_jaccard; similarity = that Jaccard;
//   partial — share of the shorter text's shingles contained in the longer >=
//             partial_containment (and Jaccard below near); similarity = that share;
//   rewrite — sentences aligned in order on content-word stems (survives synonym spinning and
//             clause reordering): the longest in-order chain of aligned sentences covers >=
//             rewrite_aligned_share of the shorter text's sentences, with at least
//             min_sentences_for_rewrite of them; similarity = that coverage.
// A pair gets the strongest relation that holds: exact > near > partial > rewrite. A pair whose
// relation is not in DedupOptions::copy_relations is no copy (it joins nothing).
//
// Verified pairs are joined into groups (union-find), strongest first, except that
//   - a text much longer than its partner (a round-up, an aggregator page) joins a second group
//     through a `partial` pair only when the text it contains there is a copy of the one
//     through which it joined the first;
//   - two groups of several members each join only when each end of the pair is a copy of the
//     text through which the other end joined its group, or the groups' would-be originals are
//     copies; through a `rewrite` only when it aligns >= 90% of the shorter text's sentences.
//     One borderline pair must not put every copy of one text with every copy of another.
// Each group's original is the earliest published member; a member with a time precedes members without one; ties (or no times) go to
// the longer text (Document::TextBytes), then to the lower index. Each other member is linked to
// the original with the relation of their pair, verified directly when the member joined through
// another one; when even that fails, the link keeps the member's strongest verified pair (the
// one through which it joined), so a copy of a copy may be reported with a relation that holds
// against its neighbour, not the original.
//
// Cost: linear in the number of documents for the signatures, plus the candidate pairs, which
// LSH bounds (oversized buckets are chained, see DedupOptions::max_bucket_size). Memory: see
// DuplicateFinder, which FindDuplicates runs in memory and `storyline dedup` with its data on
// disk (docs/DEDUP.md, "Batch memory").
#ifndef STORYLINE_DEDUP_H_
#define STORYLINE_DEDUP_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"
#include "storyline/status.h"

namespace storyline {

// MinHash signature of a set of 64-bit features: `permutations` minima (at least one), one per
// hash of a fixed seeded family. Repeated features and their order do not matter; an empty set
// gives all 0xffffffff. The share of equal positions of two signatures estimates the Jaccard
// similarity of the sets (standard error sqrt(J(1-J)/permutations)).
std::vector<uint32_t> MinHashSignature(std::span<const uint64_t> features, int permutations);

// The XXH3 hashes of the word n-grams (n = `shingle_words`, of Token::word) of a token sequence,
// in text order, repeats included; a text shorter than n words gives one shingle of all its
// words, an empty one none.
std::vector<uint64_t> WordShingles(std::span<const Token> tokens, int shingle_words);

// The bit of `r` in DedupOptions::copy_relations.
constexpr unsigned RelationBit(CopyRelation r) { return 1u << static_cast<unsigned>(r); }

// A verified relation between two documents, as found before grouping.
struct CopyPair {
  uint32_t a = 0;
  uint32_t b = 0;
  CopyRelation relation = CopyRelation::kNear;
  double similarity = 0;
};

// Finds the duplicate groups among documents given a batch at a time, for corpora larger than
// memory: per document it keeps ~80 bytes in memory and writes the rest (verification
// features, content stems and LSH band keys, ~9 KB for a 500-word text) to temporary files in
// `spill_dir`, read back one LSH band or one bounded chunk of candidates at a time by Finish.
// With an empty `spill_dir` the same data stays in memory. The result is the same either way,
// and the same as FindDuplicates on all the documents at once.
//
// Not thread-safe: one thread calls Add (which sketches the batch in parallel on the calling
// thread's TBB arena), then Finish once.
class DuplicateFinder {
 public:
  // `expected_tokens`: the corpus's body tokens, to size the stem-frequency sketch (0: unknown,
  // the largest, 32 MiB). Fails when the spill files cannot be created.
  static Status Create(const DedupOptions& options, const std::string& spill_dir,
                       size_t expected_tokens, std::unique_ptr<DuplicateFinder>* finder);
  ~DuplicateFinder();
  DuplicateFinder(const DuplicateFinder&) = delete;
  DuplicateFinder& operator=(const DuplicateFinder&) = delete;

  // Adds documents numbered on from size(); groups refer to documents by that number. Only the
  // text features, publication time and text length are read; `docs` may be dropped after.
  // Returns the first I/O error of the spill files so far (a full disk), so that a caller can
  // stop early; Finish reports it too.
  Status Add(std::span<const Document> docs);
  size_t size() const;

  // The groups among all added documents, as FindDuplicates orders them. Fails on an I/O error
  // of the spill files (a full disk) or beyond 2^32 - 1 documents. Call once.
  Status Finish(std::vector<DuplicateGroup>* groups);

  // Bytes of process memory held now (excluding Finish's temporary work), and bytes written
  // to the spill stores (in memory, with no `spill_dir`).
  size_t MemoryBytes() const;
  uint64_t StoredBytes() const;

 private:
  class Impl;
  explicit DuplicateFinder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Finds the duplicate groups among `docs`, ordered by original; copies by index. Deterministic.
// Uses the calling thread's TBB arena for parallelism; safe to call from several threads.
std::vector<DuplicateGroup> FindDuplicates(std::span<const Document> docs,
                                           const DedupOptions& options);

// Verifies one pair directly (no LSH): the strongest relation that holds, if any, with a = 0
// standing for `a` and b = 1 for `b`. Ignores DedupOptions::copy_relations.
std::optional<CopyPair> VerifyPair(const Document& a, const Document& b,
                                   const DedupOptions& options);

}  // namespace storyline

#endif  // STORYLINE_DEDUP_H_
