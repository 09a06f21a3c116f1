// MinHash signatures and LSH banding, the candidate generators of the duplicates stage.
//
// A signature holds one 32-bit minimum per permutation. Each feature (a 64-bit hash, already
// well mixed) is split into two 32-bit halves and sent through a seeded family
//   g_i(x) = Finalize(a_i * lo(x) + b_i * hi(x) + c_i)   (mod 2^32, a_i and b_i odd)
// where Finalize is a fixed 32-bit bijective mixer (xorshift-multiply). All permutations run
// in one loop over contiguous uint32 arrays with 32-bit multiplies only, which GCC vectorises
// (clones for AVX-512F, AVX2 and SSE4.1 beside the SSE2 default, one picked at load time by the
// CPU; SignScalar is the portable reference, and a test checks the clone this CPU runs).
//
// A MinHasher is immutable after construction and safe to share between threads.
#ifndef STORYLINE_DEDUP_MINHASH_H_
#define STORYLINE_DEDUP_MINHASH_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace storyline::dedup {

class MinHasher {
 public:
  // REQUIRES: permutations >= 1. Different seeds give independent families.
  MinHasher(int permutations, uint64_t seed);

  int permutations() const { return permutations_; }

  // Writes permutations() minima to `out`. An empty feature set gives all 0xffffffff.
  void Sign(std::span<const uint64_t> features, uint32_t* out) const;

  // Same result as Sign, bit for bit, one permutation at a time without SIMD: the portable
  // reference that tests and benchmarks compare the vectorised path with.
  void SignScalar(std::span<const uint64_t> features, uint32_t* out) const;

 private:
  int permutations_ = 0;
  std::vector<uint32_t> a_, b_, c_;  // padded to whole blocks of lanes
};

// Share of equal positions of two signatures of the same length: an unbiased estimate of the
// Jaccard similarity of the two feature sets.
double EstimateJaccard(std::span<const uint32_t> x, std::span<const uint32_t> y);

// The LSH key of one band: the XXH3 hash of its `row_count` values, seeded by the band number.
uint64_t BandKey(const uint32_t* rows, int row_count, int band);

// The candidate pairs of one band's buckets. `entries` holds (band key, item) and is sorted
// here; items sharing a key form a bucket. A bucket of up to `bucket_cap` entries gives all its
// pairs, a larger one only each entry with the next two (see LshCandidates). Pairs of an item
// with itself (two windows of one document) are left out. Appends (a << 32 | b), a < b.
void BucketPairs(std::vector<std::pair<uint64_t, uint32_t>>* entries, size_t bucket_cap,
                 std::vector<uint64_t>* pairs);

// Candidate pairs from LSH banding. `signatures` holds `count` signatures of `permutations`
// values each, back to back; `active[d]` false leaves document d out (empty text). Each of the
// `bands` bands hashes rows = permutations / bands values; two documents are a candidate when
// they agree on every row of some band, i.e. with probability 1 - (1 - J^rows)^bands.
//
// Buckets of up to `bucket_cap` members give all their pairs. A larger bucket (boilerplate
// shared by many pages) gives only each member paired with the next two members in document
// order: true copies in it still end up joined through the chain once the links are verified,
// and the pairs stay linear in the bucket size.
//
// Appends pairs as (a << 32 | b) with a < b; may contain repeats (callers sort and unique).
void LshCandidates(std::span<const uint32_t> signatures, size_t count, int permutations, int bands,
                   std::span<const uint8_t> active, size_t bucket_cap,
                   std::vector<uint64_t>* pairs);

}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_MINHASH_H_
