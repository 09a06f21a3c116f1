#include "dedup/sketch.h"

#include <algorithm>

#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

constexpr uint64_t kShingleSeed = 0x5d0b1e5eed5ULL;  // same family as MinHashSignature()
constexpr uint64_t kStemSeed = 0x57e3a11c0ffeeULL;

}  // namespace

size_t WindowCount(size_t shingles) {
  const size_t blocks = (shingles + kBlockShingles - 1) / kBlockShingles;
  return blocks <= 2 ? (blocks > 0) : blocks - 1;
}

size_t ShingleCount(size_t tokens, int shingle_words) {
  const size_t w = static_cast<size_t>(std::max(shingle_words, 1));
  return tokens == 0 ? 0 : (tokens < w ? 1 : tokens - w + 1);
}

std::vector<uint64_t> ContentStems(const TextFeatures& text) {
  std::vector<uint64_t> stems;
  stems.reserve(text.body.size());
  for (const Token& t : text.body) {
    if (!t.Has(Token::kStopword)) stems.push_back(t.stem);
  }
  std::sort(stems.begin(), stems.end());
  stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
  return stems;
}

Sketcher::Sketcher(const DedupOptions& options)
    : shingle_words_(options.shingle_words),
      shingle_hasher_(options.permutations, kShingleSeed),
      stem_hasher_(options.rewrite_permutations, kStemSeed) {
  const int k = shingle_hasher_.permutations();
  window_rows_ = std::min(kWindowRows, k);
  window_bands_ = std::min(kWindowBands, k / window_rows_);
}

bool Sketcher::SignText(const TextFeatures& text, uint32_t* whole,
                        std::vector<uint32_t>* windows) const {
  const size_t k = static_cast<size_t>(permutations());
  const size_t kw = static_cast<size_t>(window_values());
  std::fill(whole, whole + k, 0xffffffffu);
  const std::vector<uint64_t> shingles = WordShingles(text.body, shingle_words_);
  if (shingles.empty()) return false;
  const size_t blocks = (shingles.size() + kBlockShingles - 1) / kBlockShingles;
  std::vector<uint32_t> block_sigs(blocks * k);
  for (size_t b = 0; b < blocks; ++b) {
    const size_t lo = b * kBlockShingles;
    const size_t len = std::min(kBlockShingles, shingles.size() - lo);
    uint32_t* bs = block_sigs.data() + b * k;
    shingle_hasher_.Sign(std::span<const uint64_t>(shingles).subspan(lo, len), bs);
    for (size_t i = 0; i < k; ++i) whole[i] = std::min(whole[i], bs[i]);
  }
  if (blocks <= 2) {
    windows->insert(windows->end(), whole, whole + kw);
    return true;
  }
  for (size_t b = 0; b + 1 < blocks; ++b) {
    const uint32_t* x = block_sigs.data() + b * k;
    const uint32_t* y = x + k;
    for (size_t i = 0; i < kw; ++i) windows->push_back(std::min(x[i], y[i]));
  }
  return true;
}

void Sketcher::SignStems(std::span<const uint64_t> stems, uint32_t* out) const {
  stem_hasher_.Sign(stems, out);
}

StemFrequency::StemFrequency(size_t expected_distinct) {
  size_t width = 1024;
  while (width < expected_distinct && width < (size_t{1} << 22)) width <<= 1;
  mask_ = width - 1;
  cells_ = std::vector<std::atomic<uint32_t>>(2 * width);
}

void StemFrequency::Add(uint64_t stem) {
  cells_[stem & mask_].fetch_add(1, std::memory_order_relaxed);
  cells_[mask_ + 1 + ((stem >> 32) & mask_)].fetch_add(1, std::memory_order_relaxed);
}

void StemFrequency::Remove(uint64_t stem) {
  cells_[stem & mask_].fetch_sub(1, std::memory_order_relaxed);
  cells_[mask_ + 1 + ((stem >> 32) & mask_)].fetch_sub(1, std::memory_order_relaxed);
}

uint32_t StemFrequency::Get(uint64_t stem) const {
  return std::min(cells_[stem & mask_].load(std::memory_order_relaxed),
                  cells_[mask_ + 1 + ((stem >> 32) & mask_)].load(std::memory_order_relaxed));
}

std::vector<uint32_t> StemFrequency::Cells() const {
  std::vector<uint32_t> out(cells_.size());
  for (size_t i = 0; i < cells_.size(); ++i) out[i] = cells_[i].load(std::memory_order_relaxed);
  return out;
}

void StemFrequency::SetCells(const std::vector<uint32_t>& cells) {
  for (size_t i = 0; i < cells_.size() && i < cells.size(); ++i) {
    cells_[i].store(cells[i], std::memory_order_relaxed);
  }
}

}  // namespace storyline::dedup
