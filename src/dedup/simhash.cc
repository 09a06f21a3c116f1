#include "dedup/simhash.h"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <bit>
#include <utility>

namespace storyline::dedup {
namespace {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define STORYLINE_SIMHASH_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define STORYLINE_SIMHASH_CLONES
#endif

// Features per round of 16-bit counters; a round never overflows them.
constexpr size_t kRound = 65535;

// Number of features with each bit set, bit i in ones[i]. Per round, 64 16-bit counters (four
// AVX2 registers, eight SSE2 ones) take one shift-and-add per bit and feature with no branch,
// which GCC vectorises; 16-bit lanes halve the work of 32-bit ones. Cloned for AVX2.
STORYLINE_SIMHASH_CLONES void CountBits(const uint64_t* features, size_t n, uint64_t* ones) {
  for (int i = 0; i < 64; ++i) ones[i] = 0;
  for (size_t start = 0; start < n; start += kRound) {
    const size_t end = std::min(n, start + kRound);
    uint16_t count[64] = {};
    for (size_t j = start; j < end; ++j) {
      const uint64_t f = features[j];
      const uint16_t w0 = static_cast<uint16_t>(f), w1 = static_cast<uint16_t>(f >> 16);
      const uint16_t w2 = static_cast<uint16_t>(f >> 32), w3 = static_cast<uint16_t>(f >> 48);
      for (int i = 0; i < 16; ++i) count[i] += (w0 >> i) & 1;
      for (int i = 0; i < 16; ++i) count[16 + i] += (w1 >> i) & 1;
      for (int i = 0; i < 16; ++i) count[32 + i] += (w2 >> i) & 1;
      for (int i = 0; i < 16; ++i) count[48 + i] += (w3 >> i) & 1;
    }
    for (int i = 0; i < 64; ++i) ones[i] += count[i];
  }
}

uint64_t Majority(const uint64_t* ones, size_t n) {
  uint64_t hash = 0;
  for (int i = 0; i < 64; ++i) hash |= static_cast<uint64_t>(2 * ones[i] > n) << i;
  return hash;
}

}  // namespace

uint64_t SimHash(std::span<const uint64_t> features) {
  uint64_t ones[64];
  CountBits(features.data(), features.size(), ones);
  return Majority(ones, features.size());
}

uint64_t SimHashScalar(std::span<const uint64_t> features) {
  uint64_t ones[64] = {};
  for (const uint64_t f : features) {
    for (int i = 0; i < 64; ++i) {
      uint64_t bit = (f >> i) & 1;
#if defined(__GNUC__)
      asm("" : "+r"(bit));  // keeps the value in a general register: no SIMD
#endif
      ones[i] += bit;
    }
  }
  return Majority(ones, features.size());
}

void SimHashCandidates(std::span<const uint64_t> hashes, std::span<const uint8_t> active,
                       int max_distance, size_t bucket_cap, std::vector<uint64_t>* pairs) {
  if (max_distance < 0) return;
  const int distance = std::min(max_distance, 63);
  const int blocks = distance + 1;
  std::vector<uint32_t> docs;
  for (size_t d = 0; d < hashes.size(); ++d) {
    if (active[d]) docs.push_back(static_cast<uint32_t>(d));
  }
  if (docs.size() < 2) return;
  bucket_cap = std::max<size_t>(bucket_cap, 2);

  // One block at a time keeps the extra memory at 16 bytes per document. Rotating the hash so
  // that the block leads makes one sort order the runs and, inside a run, brings hashes that
  // agree on the following bits together (which is what the chain of a capped run links).
  std::vector<std::pair<uint64_t, uint32_t>> entries(docs.size());
  int start = 0;  // first bit of the block
  for (int block = 0; block < blocks; ++block) {
    const int bits = 64 / blocks + (block < 64 % blocks ? 1 : 0);
    const int rotate = 64 - start - bits;  // bit start + bits - 1 goes to bit 63
    const int key_shift = 64 - bits;
    start += bits;
    tbb::parallel_for(size_t{0}, docs.size(), [&](size_t i) {
      entries[i] = {std::rotl(hashes[docs[i]], rotate), docs[i]};
    });
    tbb::parallel_sort(entries.begin(), entries.end());
    for (size_t lo = 0; lo < entries.size();) {
      const uint64_t key = entries[lo].first >> key_shift;
      size_t hi = lo + 1;
      while (hi < entries.size() && entries[hi].first >> key_shift == key) ++hi;
      const size_t window = hi - lo <= bucket_cap ? hi - lo : 3;
      for (size_t i = lo; i < hi; ++i) {
        for (size_t j = i + 1; j < hi && j < i + window; ++j) {
          if (std::popcount(entries[i].first ^ entries[j].first) > distance) continue;
          const uint32_t a = std::min(entries[i].second, entries[j].second);
          const uint32_t b = std::max(entries[i].second, entries[j].second);
          pairs->push_back(static_cast<uint64_t>(a) << 32 | b);
        }
      }
      lo = hi;
    }
  }
}

}  // namespace storyline::dedup
