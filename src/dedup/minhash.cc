#include "dedup/minhash.h"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>
#include <xxhash.h>

#include <algorithm>
#include <utility>

#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Permutations are processed in blocks of this many lanes, one block's minima updated for every
// feature in turn (one AVX-512 register, two AVX2 ones, four SSE ones).
constexpr int kBlock = 16;

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define STORYLINE_MINHASH_CLONES \
  __attribute__((target_clones("avx512f", "avx2", "sse4.1", "default")))
#else
#define STORYLINE_MINHASH_CLONES
#endif

// The permutation with coefficients (a, b, c) of one feature, split into its two halves.
inline uint32_t Permute(uint32_t a, uint32_t b, uint32_t c, uint32_t lo, uint32_t hi) {
  uint32_t x = a * lo + b * hi + c;
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  return x;
}

// One block of kBlock permutations over all features. Fixed trip count so GCC unrolls the
// lane loop into vector instructions; cloned per instruction set and dispatched at load time.
// SSE2 has no 32-bit multiply, so the default clone is ~3x slower than the SSE4.1 one.
STORYLINE_MINHASH_CLONES void SignBlock(const uint64_t* features, size_t n,
                                        const uint32_t* __restrict a, const uint32_t* __restrict b,
                                        const uint32_t* __restrict c, uint32_t* __restrict out) {
  uint32_t m[kBlock];
  for (int i = 0; i < kBlock; ++i) m[i] = 0xffffffffu;
  for (size_t j = 0; j < n; ++j) {
    const uint32_t lo = static_cast<uint32_t>(features[j]);
    const uint32_t hi = static_cast<uint32_t>(features[j] >> 32);
    for (int i = 0; i < kBlock; ++i) {
      const uint32_t x = Permute(a[i], b[i], c[i], lo, hi);
      m[i] = m[i] < x ? m[i] : x;
    }
  }
  for (int i = 0; i < kBlock; ++i) out[i] = m[i];
}

}  // namespace

MinHasher::MinHasher(int permutations, uint64_t seed) {
  const int k = std::max(permutations, 1);
  // Padded to whole blocks; the padding lanes are computed and dropped.
  const int padded = (k + kBlock - 1) / kBlock * kBlock;
  a_.resize(padded);
  b_.resize(padded);
  c_.resize(padded);
  uint64_t state = seed;
  for (int i = 0; i < padded; ++i) {
    a_[i] = static_cast<uint32_t>(SplitMix64(&state)) | 1u;
    b_[i] = static_cast<uint32_t>(SplitMix64(&state)) | 1u;
    c_[i] = static_cast<uint32_t>(SplitMix64(&state));
  }
  permutations_ = k;
}

void MinHasher::Sign(std::span<const uint64_t> features, uint32_t* out) const {
  uint32_t block[kBlock];
  for (int start = 0; start < permutations_; start += kBlock) {
    SignBlock(features.data(), features.size(), a_.data() + start, b_.data() + start,
              c_.data() + start, block);
    const int take = std::min(kBlock, permutations_ - start);
    std::copy(block, block + take, out + start);
  }
}

void MinHasher::SignScalar(std::span<const uint64_t> features, uint32_t* out) const {
  for (int i = 0; i < permutations_; ++i) {
    uint32_t m = 0xffffffffu;
    for (const uint64_t f : features) {
      uint32_t x =
          Permute(a_[i], b_[i], c_[i], static_cast<uint32_t>(f), static_cast<uint32_t>(f >> 32));
#if defined(__GNUC__)
      asm("" : "+r"(x));  // keeps the value in a general register: no SIMD
#endif
      m = std::min(m, x);
    }
    out[i] = m;
  }
}

double EstimateJaccard(std::span<const uint32_t> x, std::span<const uint32_t> y) {
  const size_t n = std::min(x.size(), y.size());
  if (n == 0) return 0;
  size_t equal = 0;
  for (size_t i = 0; i < n; ++i) equal += x[i] == y[i];
  return static_cast<double>(equal) / static_cast<double>(n);
}

uint64_t BandKey(const uint32_t* rows, int row_count, int band) {
  return XXH3_64bits_withSeed(rows, static_cast<size_t>(row_count) * sizeof(uint32_t),
                              static_cast<uint64_t>(band));
}

void BucketPairs(std::vector<std::pair<uint64_t, uint32_t>>* entries, size_t bucket_cap,
                 std::vector<uint64_t>* pairs) {
  bucket_cap = std::max<size_t>(bucket_cap, 2);
  tbb::parallel_sort(entries->begin(), entries->end());
  const auto& e = *entries;
  for (size_t lo = 0; lo < e.size();) {
    size_t hi = lo + 1;
    while (hi < e.size() && e[hi].first == e[lo].first) ++hi;
    const size_t window = hi - lo <= bucket_cap ? hi - lo : 3;
    for (size_t i = lo; i < hi; ++i) {
      for (size_t j = i + 1; j < hi && j < i + window; ++j) {
        if (e[i].second != e[j].second) {
          pairs->push_back(static_cast<uint64_t>(e[i].second) << 32 | e[j].second);
        }
      }
    }
    lo = hi;
  }
}

void LshCandidates(std::span<const uint32_t> signatures, size_t count, int permutations, int bands,
                   std::span<const uint8_t> active, size_t bucket_cap,
                   std::vector<uint64_t>* pairs) {
  if (permutations <= 0 || bands <= 0) return;
  bands = std::min(bands, permutations);
  const int rows = permutations / bands;
  std::vector<uint32_t> docs;
  for (size_t d = 0; d < count; ++d) {
    if (active[d]) docs.push_back(static_cast<uint32_t>(d));
  }
  if (docs.size() < 2) return;

  // One band at a time keeps the extra memory at 16 bytes per document.
  std::vector<std::pair<uint64_t, uint32_t>> entries(docs.size());
  for (int band = 0; band < bands; ++band) {
    entries.resize(docs.size());
    tbb::parallel_for(size_t{0}, docs.size(), [&](size_t i) {
      const uint32_t* rowp =
          signatures.data() + static_cast<size_t>(docs[i]) * permutations + band * rows;
      entries[i] = {BandKey(rowp, rows, band), docs[i]};
    });
    BucketPairs(&entries, bucket_cap, pairs);
  }
}

}  // namespace storyline::dedup

namespace storyline {

std::vector<uint32_t> MinHashSignature(std::span<const uint64_t> features, int permutations) {
  const dedup::MinHasher hasher(permutations, /*seed=*/0x5d0b1e5eed5ULL);
  std::vector<uint32_t> sig(hasher.permutations());
  hasher.Sign(features, sig.data());
  return sig;
}

std::vector<uint64_t> WordShingles(std::span<const Token> tokens, int shingle_words) {
  std::vector<uint64_t> words(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) words[i] = tokens[i].word;
  std::vector<uint64_t> shingles;
  if (words.empty()) return shingles;
  const size_t n = std::clamp<size_t>(shingle_words, 1, words.size());
  shingles.reserve(words.size() - n + 1);
  for (size_t i = 0; i + n <= words.size(); ++i) {
    shingles.push_back(XXH3_64bits(words.data() + i, n * sizeof(uint64_t)));
  }
  return shingles;
}

}  // namespace storyline
