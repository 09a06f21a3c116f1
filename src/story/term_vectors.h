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

#include "storyline/document.h"
#include "storyline/options.h"

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

// Keeps the `k` highest weights (ties: lower term id), still sorted by term.
void KeepTopTerms(size_t k, SparseVector* v);

// Scales `v` to unit length (an empty or zero vector stays as it is).
void Normalize(SparseVector* v);

// The `k` highest-weighted terms of `v`, best first.
std::vector<TermWeight> TopTerms(const SparseVector& v, size_t k);

// One L2-normalised TF-IDF vector per document of `originals` (same order), and the number of
// distinct terms. IDF = ln((N + 1) / (df + 1)) + 1 over those documents. A term's tf is
// m * (1 + ln c): c its occurrences (stop words skipped), m the highest weight among them
// (title_weight or lead_weight for the field, times entity_weight for names and numbers).
// Each vector keeps its `centroid_terms` highest weights.
std::vector<SparseVector> BuildTermVectors(std::span<const Document> docs,
                                           std::span<const uint32_t> originals,
                                           const StoryOptions& options, size_t* vocabulary_size);

}  // namespace storyline::story

#endif  // STORYLINE_STORY_TERM_VECTORS_H_
