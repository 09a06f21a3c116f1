// Sparse TF-IDF term vectors over stems, as the story stage compares documents and centroids.
//
// Term ids are dense (0..vocabulary size) so that the inverted index is a plain array. A
// SparseVector is sorted by term id, which makes dot products a linear merge.
#ifndef STORYLINE_STORY_TERM_VECTORS_H_
#define STORYLINE_STORY_TERM_VECTORS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "storyline/document.h"
#include "storyline/options.h"
#include "storyline/story_stream.h"

namespace storyline::story {

using TermId = uint32_t;

struct TermWeight {
  TermId term = 0;
  float weight = 0;
};

// Sorted by term, no duplicates, no zero weights.
using SparseVector = std::vector<TermWeight>;

double Dot(const SparseVector& a, const SparseVector& b);
double Norm(const SparseVector& v);

// a + b (both sorted by term).
SparseVector Add(const SparseVector& a, const SparseVector& b);

// a - b (both sorted by term), without the terms whose weight falls to zero or below.
SparseVector Subtract(const SparseVector& a, const SparseVector& b);

// Keeps the `k` highest weights (ties: lower term id), still sorted by term.
void KeepTopTerms(size_t k, SparseVector* v);

// Scales `v` to unit length (an empty or zero vector stays as it is).
void Normalize(SparseVector* v);

// The `k` highest-weighted terms of `v`, best first.
std::vector<TermWeight> TopTerms(const SparseVector& v, size_t k);

// Term ids of stems and document frequencies over the documents counted so far. The batch
// stage counts every document before weighting any; the streaming stage counts each one as it
// arrives (and uncounts it when it leaves).
struct SnapshotAccess;

class TermStats {
 public:
  // The id of `stem`, a new one (document frequency 0) the first time.
  TermId Intern(uint64_t stem);
  // Counts one document with the distinct terms of `v` / takes it back.
  void AddDocument(const SparseVector& v);
  void RemoveDocument(const SparseVector& v);
  // ln((N + 1) / (df + 1)) + 1, N the documents counted.
  double Idf(TermId term) const;
  // Idf of every term id (vocabulary_size() values): for weighing many vectors at once, one
  // logarithm per term instead of one per term occurrence.
  std::vector<double> IdfTable() const;
  // Ids handed out so far (live and forgotten); arrays indexed by term have this size.
  size_t vocabulary_size() const { return document_frequency_.size(); }
  size_t documents() const { return documents_; }
  // Documents counted by AddDocument so far (never decreases): the sequence number the next
  // document gets.
  uint64_t sequence() const { return sequence_; }
  // Forgets every term whose last document (by AddDocument sequence) came before
  // `first_live_sequence`: no document counted since has it. Its id is free for a new stem and
  // is returned, so that the caller can drop what it keeps under it.
  std::vector<TermId> Forget(uint64_t first_live_sequence);
  size_t MemoryBytes() const;

 private:
  friend struct SnapshotAccess;  // StoryStream::Save and Load (story_stream.cc)
  absl::flat_hash_map<uint64_t, TermId> ids_;
  std::vector<uint32_t> document_frequency_;
  std::vector<uint64_t> stem_;       // per id
  std::vector<uint64_t> last_seen_;  // per id: sequence of the last document with the term
  std::vector<TermId> free_ids_;
  size_t documents_ = 0;
  uint64_t sequence_ = 0;
};

// A stem's field-weighted term frequency in one document (see RawTermVector), in first-seen
// order (StoryStream::Prepare hands these out as StoryTerms).
using StemCount = StoryStem;
using StemCounts = std::vector<StemCount>;

// The first half of RawTermVector, which touches no shared state (any thread may run it).
StemCounts CountStems(const TextFeatures& text, const StoryOptions& options);
// The second half: interns the stems in `stats` (in order) and sorts by term.
SparseVector InternTerms(const StemCounts& counts, TermStats* stats);

// A document's field-weighted term frequencies, before IDF, sorted by term, its terms interned
// in `stats` (not counted). A term's tf is m * (1 + ln c): c its occurrences (stop words
// skipped), m the highest weight among them (title_weight or lead_weight for the field, times
// entity_weight for names and numbers).
SparseVector RawTermVector(const TextFeatures& text, const StoryOptions& options,
                           TermStats* stats);

// tf * idf of `raw` under `stats`, its `keep` highest weights kept, scaled to unit length.
SparseVector WeightTerms(const SparseVector& raw, const TermStats& stats, size_t keep);
// The same with the idf of each term from `idf` (TermStats::IdfTable): the same floats.
SparseVector WeightTerms(const SparseVector& raw, std::span<const double> idf, size_t keep);

// The entries of `raw` whose terms are in `kept` (both sorted by term).
SparseVector RestrictTo(const SparseVector& raw, const SparseVector& kept);

// One L2-normalised TF-IDF vector per document of `originals` (same order), all documents
// counted in `stats` first; each vector keeps its `centroid_terms` highest weights. With
// `raw_kept`, also each document's raw vector restricted to those terms.
std::vector<SparseVector> BuildTermVectors(std::span<const Document> docs,
                                           std::span<const uint32_t> originals,
                                           const StoryOptions& options, TermStats* stats,
                                           std::vector<SparseVector>* raw_kept = nullptr);

}  // namespace storyline::story

#endif  // STORYLINE_STORY_TERM_VECTORS_H_
