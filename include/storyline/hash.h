// Hashing used across stages (xxHash's XXH3, 64 bit): token hashes, exact-text hashes, shingles.
#ifndef STORYLINE_HASH_H_
#define STORYLINE_HASH_H_

#include <cstdint>
#include <string_view>

namespace storyline {

// XXH3-64 of the bytes of `s`. Token hashes are HashBytes(normalised word).
uint64_t HashBytes(std::string_view s, uint64_t seed = 0);

// Combines two hashes into one (order matters), for n-gram shingles.
inline uint64_t HashCombine(uint64_t h, uint64_t v) {
  // 64-bit mix from MurmurHash3's finaliser over the rotated pair.
  uint64_t x = h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace storyline

#endif  // STORYLINE_HASH_H_
