// The LSH sketches of one document, shared by FindDuplicates (batch) and DedupIndex (streaming):
//   whole   — MinHash of the word shingles (DedupOptions::permutations values);
//   windows — for partial copies: shingles are cut into blocks of kBlockShingles, a window is
//             two adjacent blocks (stride one block), and its sketch is the first
//             window_values() positions of the elementwise min of its blocks' signatures (the
//             whole-text signature is the min over all blocks, so every shingle is hashed once).
//             Any stretch of >= 2 blocks of one text shares >= 3/4 of some window of the other,
//             Jaccard >= 0.6, caught with probability 0.98 by 16 bands of 3 rows; windows of
//             unrelated texts share ~nothing. A text of <= 2 blocks is one window (its whole
//             signature).
//   stems   — MinHash of the distinctive content-word stems, for rewrites (options.rewrite_*):
//             stems of non-stop words found in at most max(rewrite_common_stem_min_docs,
//             rewrite_common_stem_share * N) documents; common words make unrelated texts look
//             alike, while names, numbers and rare words are what a spinner keeps.
#ifndef STORYLINE_DEDUP_SKETCH_H_
#define STORYLINE_DEDUP_SKETCH_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "dedup/minhash.h"
#include "storyline/document.h"
#include "storyline/options.h"

namespace storyline::dedup {

inline constexpr size_t kBlockShingles = 25;
inline constexpr int kWindowBands = 16;
inline constexpr int kWindowRows = 3;

// Number of window sketches of a text with `shingles` shingles.
size_t WindowCount(size_t shingles);

// Number of word shingles of a body of `tokens` tokens.
size_t ShingleCount(size_t tokens, int shingle_words);

// The distinct stems of a text's content words (not stop words), sorted.
std::vector<uint64_t> ContentStems(const TextFeatures& text);

class Sketcher {
 public:
  explicit Sketcher(const DedupOptions& options);

  int permutations() const { return static_cast<int>(shingle_hasher_.permutations()); }
  int stem_permutations() const { return static_cast<int>(stem_hasher_.permutations()); }
  int window_rows() const { return window_rows_; }
  int window_bands() const { return window_bands_; }
  int window_values() const { return window_rows_ * window_bands_; }

  // Writes the whole-text signature (permutations() values) to `whole` and appends
  // WindowCount() window sketches of window_values() values each to `windows`. Returns false
  // (and writes all 0xffffffff) when the text has no shingle.
  bool SignText(const TextFeatures& text, uint32_t* whole, std::vector<uint32_t>* windows) const;

  // Writes the stem signature (stem_permutations() values) of a sorted stem set.
  void SignStems(std::span<const uint64_t> stems, uint32_t* out) const;

 private:
  int shingle_words_;
  MinHasher shingle_hasher_;
  MinHasher stem_hasher_;
  int window_rows_ = 0;
  int window_bands_ = 0;
};

// Approximate number of documents containing each stem: a count-min sketch of two rows. It
// never underestimates; a rare stem is overcounted only if both its cells hold common stems.
// Add and Remove are thread-safe.
class StemFrequency {
 public:
  explicit StemFrequency(size_t expected_distinct);
  void Add(uint64_t stem);
  void Remove(uint64_t stem);  // REQUIRES: `stem` was added and not removed since
  uint32_t Get(uint64_t stem) const;

  size_t cells() const { return cells_.size(); }
  // Raw cell values, for saving and loading.
  std::vector<uint32_t> Cells() const;
  void SetCells(const std::vector<uint32_t>& cells);  // REQUIRES: cells.size() == cells()

 private:
  size_t mask_ = 0;
  std::vector<std::atomic<uint32_t>> cells_;
};

}  // namespace storyline::dedup

#endif  // STORYLINE_DEDUP_SKETCH_H_
