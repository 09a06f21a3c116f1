// SimHash signatures and their candidate pairs: a cheaper alternative to MinHash for
// near-verbatim copies.
//
// SimHash (Charikar, "Similarity estimation techniques from rounding algorithms", STOC 2002)
// maps a multiset of features to 64 bits: bit i is set when more than half of the features
// have bit i set. Two texts whose feature multisets are close get hashes at a small Hamming
// distance; for random-hyperplane hashing of the features' count vectors, each bit differs with
// probability theta / pi (theta the angle between the vectors), so unrelated texts differ in ~32
// bits. Eight bytes per document, but only near-verbatim copies come out close: a text
// contained in a longer one, or one that shares half its shingles with another, does not.
//
// Candidates within Hamming distance d are found with the table method of Manku, Jain and Das
// Sarma ("Detecting near-duplicates for web crawling", WWW 2007): the 64 bits are cut into d + 1
// blocks, and two hashes within distance d agree on at least one block (pigeonhole), so sorting
// the documents once per block and comparing within runs of equal blocks finds every such pair.
#ifndef STORYLINE_DEDUP_SIMHASH_H_
#define STORYLINE_DEDUP_SIMHASH_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace storyline::dedup {

// The 64-bit SimHash of a multiset of 64-bit features (already well-mixed hashes, such as
// WordShingles): bit i is set when more than half of the features have bit i set, so repeated
// features count with their multiplicity and their order does not matter. An empty multiset
// gives 0.
uint64_t SimHash(std::span<const uint64_t> features);

// Same result as SimHash, one bit at a time without SIMD: the reference for tests and benchmarks.
uint64_t SimHashScalar(std::span<const uint64_t> features);

// Appends every pair of documents whose hashes differ in at most `max_distance` bits, as
// (a << 32 | b) with a < b, possibly repeated (callers sort and unique), like LshCandidates.
// `active[d]` false leaves document d out.
//
// Each of the max_distance + 1 blocks sorts the documents by their hash rotated so that the
// block leads, and compares the documents of each run of equal blocks by popcount. A run longer
// than `bucket_cap` (boilerplate, or a short block shared by chance in a large collection) is
// compared only between neighbours in that order (each member with the next two): hashes that
// are equal stay chained together and the work stays linear, but other close pairs in such a
// run may be missed. With n documents and b = 64 / (max_distance + 1) bits per block, runs hold
// ~n / 2^b random documents, so the comparisons grow like n^2 / 2^b per block until the cap
// applies: max_distance up to 3 (16-bit blocks) suits collections of millions.
//
// REQUIRES: active.size() == hashes.size() <= 2^32; 0 <= max_distance <= 63 (a negative value
// gives no pairs, a larger one is taken as 63).
void SimHashCandidates(std::span<const uint64_t> hashes, std::span<const uint8_t> active,
                       int max_distance, size_t bucket_cap, std::vector<uint64_t>* pairs);

}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_SIMHASH_H_
