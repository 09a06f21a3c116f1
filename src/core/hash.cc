#include "storyline/hash.h"

#include <xxhash.h>

namespace storyline {

uint64_t HashBytes(std::string_view s, uint64_t seed) {
  return XXH3_64bits_withSeed(s.data(), s.size(), seed);
}

}  // namespace storyline
