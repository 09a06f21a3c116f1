// FindDuplicates: candidates from three LSH indexes plus exact-hash runs, every candidate
// verified, verified pairs unioned into groups.
//
//   exact    — documents sorted by text.exact_hash; each run chained (a, a+1). Only the first
//              of a run (its representative) enters the three indexes below: m exact copies of
//              a text cost one set of LSH candidates, not m (nor m^2 verifications).
//   near     — whole-text MinHash (options.permutations over word shingles), options.bands.
//   partial  — a short text inside a long one has a low whole-text Jaccard, so long texts are
//              also sketched per window: shingles are cut into blocks of kBlockShingles, a window
//              is two adjacent blocks (stride one block), and its sketch is the elementwise min of
//              the blocks' signatures (the whole-text signature is the min over all blocks, so
//              every shingle is hashed once). Any stretch of >= 2 blocks of one text shares >= 3/4
//              of some window of the other, Jaccard >= 0.6, caught with probability 0.98 by
//              kWindowBands x kWindowRows; windows of unrelated texts share ~nothing.
//   rewrite  — MinHash over the set of distinctive content-word stems (options.rewrite_*): stems
//              of non-stop words found in at most max(rewrite_common_stem_min_docs,
//              rewrite_common_stem_share * N) documents. Common words make unrelated texts look
//              alike (a candidate rate that grows with N^2); names, numbers and rare words are
//              what a spinner keeps. Document frequencies (over representatives) come from a
//              count-min sketch.
//
// Memory per document while FindDuplicates runs: 4 * (permutations + rewrite_permutations)
// bytes of signatures (896 with the defaults) plus 4 * kWindowRows * kWindowBands = 192 bytes
// per window of 25 shingles (~8 bytes per body token); and, for documents in some candidate
// pair only, the sorted shingles (8 bytes per token) and sentence stem sets (<= 16 per token).
// Shared: the stem-frequency sketch, 8 bytes per cell, at most 2^22 cells (32 MiB).
#include "storyline/dedup.h"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "dedup/minhash.h"
#include "dedup/sentence_align.h"

namespace storyline {
namespace {

using dedup::Alignment;
using dedup::AlignSentences;
using dedup::BuildSentenceSets;
using dedup::MinHasher;
using dedup::SentenceSets;

constexpr uint64_t kShingleSeed = 0x5d0b1e5eed5ULL;  // same family as MinHashSignature()
constexpr uint64_t kStemSeed = 0x57e3a11c0ffeeULL;
constexpr size_t kBlockShingles = 25;
constexpr int kWindowBands = 16;
constexpr int kWindowRows = 3;
// A `partial` needs at least this many shingles in the shorter text: a line or two that many
// pages share (a slogan, a standard disclaimer) is not a copied article.
constexpr size_t kMinPartialShingles = 8;

// Approximate number of documents containing each stem: a count-min sketch of two rows. It
// never underestimates; a rare stem is overcounted only if both its cells hold common stems.
class StemFrequency {
 public:
  explicit StemFrequency(size_t expected_distinct) {
    size_t width = 1024;
    while (width < expected_distinct && width < (size_t{1} << 22)) width <<= 1;
    mask_ = width - 1;
    cells_ = std::vector<std::atomic<uint32_t>>(2 * width);
  }
  // Thread-safe.
  void Add(uint64_t stem) {
    cells_[stem & mask_].fetch_add(1, std::memory_order_relaxed);
    cells_[mask_ + 1 + ((stem >> 32) & mask_)].fetch_add(1, std::memory_order_relaxed);
  }
  uint32_t Get(uint64_t stem) const {
    return std::min(cells_[stem & mask_].load(std::memory_order_relaxed),
                    cells_[mask_ + 1 + ((stem >> 32) & mask_)].load(std::memory_order_relaxed));
  }

 private:
  size_t mask_ = 0;
  std::vector<std::atomic<uint32_t>> cells_;
};

// The distinct stems of a text's content words (not stop words), sorted.
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

// Features for verification, built only for documents that are in some candidate pair.
struct VerifyFeatures {
  std::vector<uint64_t> shingles;  // sorted, unique
  SentenceSets sentences;
};

VerifyFeatures BuildVerifyFeatures(const Document& d, const DedupOptions& options) {
  VerifyFeatures f;
  f.shingles = WordShingles(d.text.body, options.shingle_words);
  std::sort(f.shingles.begin(), f.shingles.end());
  f.shingles.erase(std::unique(f.shingles.begin(), f.shingles.end()), f.shingles.end());
  f.sentences = BuildSentenceSets(d.text);
  return f;
}

size_t IntersectionSize(const std::vector<uint64_t>& x, const std::vector<uint64_t>& y) {
  size_t i = 0, j = 0, n = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] < y[j]) {
      ++i;
    } else if (y[j] < x[i]) {
      ++j;
    } else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

// The strongest relation that holds between two documents, by measurement.
std::optional<CopyPair> Verify(uint32_t ia, uint32_t ib, const Document& a, const Document& b,
                               const VerifyFeatures& fa, const VerifyFeatures& fb,
                               const DedupOptions& options) {
  if (a.text.body.empty() || b.text.body.empty()) return std::nullopt;
  // The token count guards against a hash left unset by a caller.
  if (a.text.exact_hash == b.text.exact_hash && a.text.body.size() == b.text.body.size()) {
    return CopyPair{ia, ib, CopyRelation::kExact, 1.0};
  }
  const size_t common = IntersectionSize(fa.shingles, fb.shingles);
  const size_t smaller = std::min(fa.shingles.size(), fb.shingles.size());
  if (common > 0) {
    const double jaccard = static_cast<double>(common) /
                           static_cast<double>(fa.shingles.size() + fb.shingles.size() - common);
    if (jaccard >= options.near_jaccard) return CopyPair{ia, ib, CopyRelation::kNear, jaccard};
    const double containment = static_cast<double>(common) / static_cast<double>(smaller);
    if (smaller >= kMinPartialShingles && containment >= options.partial_containment) {
      return CopyPair{ia, ib, CopyRelation::kPartial, containment};
    }
  }
  const Alignment al =
      AlignSentences(fa.sentences, fb.sentences, options.rewrite_sentence_similarity);
  if (al.aligned >= static_cast<size_t>(std::max(options.min_sentences_for_rewrite, 1)) &&
      al.coverage >= options.rewrite_aligned_share) {
    return CopyPair{ia, ib, CopyRelation::kRewrite, al.coverage};
  }
  return std::nullopt;
}

// True when `x` is the stronger of two verified relations (exact > near > partial > rewrite).
bool Stronger(const CopyPair& x, const CopyPair& y) {
  if (x.relation != y.relation) return x.relation < y.relation;
  return x.similarity > y.similarity;
}

// Order in which group members compete to be the original: a known publication time first
// (earliest wins; a member with a time beats one without), then the longer text, then the
// lower index.
bool BetterOriginal(const Document& x, uint32_t ix, size_t x_bytes, const Document& y, uint32_t iy,
                    size_t y_bytes) {
  if (x.published.has_value() != y.published.has_value()) return x.published.has_value();
  if (x.published && *x.published != *y.published) return *x.published < *y.published;
  if (x_bytes != y_bytes) return x_bytes > y_bytes;
  return ix < iy;
}

uint32_t Find(std::vector<uint32_t>& parent, uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

uint64_t PairKey(uint32_t a, uint32_t b) {
  if (a > b) std::swap(a, b);
  return static_cast<uint64_t>(a) << 32 | b;
}

size_t ShingleCount(const Document& d, int shingle_words) {
  const size_t n = d.text.body.size();
  const size_t w = static_cast<size_t>(std::max(shingle_words, 1));
  return n == 0 ? 0 : (n < w ? 1 : n - w + 1);
}

}  // namespace

std::optional<CopyPair> VerifyPair(const Document& a, const Document& b,
                                   const DedupOptions& options) {
  return Verify(0, 1, a, b, BuildVerifyFeatures(a, options), BuildVerifyFeatures(b, options),
                options);
}

std::vector<DuplicateGroup> FindDuplicates(std::span<const Document> docs,
                                           const DedupOptions& options) {
  const size_t n = docs.size();
  if (n < 2 || n > UINT32_MAX) return {};

  // 1. Signatures: whole text, windows, content stems. One parallel pass over documents.
  const MinHasher shingle_hasher(options.permutations, kShingleSeed);
  const MinHasher stem_hasher(options.rewrite_permutations, kStemSeed);
  const size_t k = shingle_hasher.permutations();
  const size_t k_stem = stem_hasher.permutations();
  const int window_rows = std::min<int>(kWindowRows, static_cast<int>(k));
  const int window_bands = std::min<int>(kWindowBands, static_cast<int>(k) / window_rows);
  const size_t k_window = static_cast<size_t>(window_rows) * window_bands;

  // Exact copies are found by hash alone; only the first of each run of identical texts (its
  // representative) is sketched and enters the LSH indexes, so that a text copied m times
  // costs one set of candidates instead of m (and m^2 verified pairs with each neighbour).
  // When exact copies do not count, each text is sketched: an exact copy may still be a near,
  // partial or rewrite copy of a third document.
  auto counts = [&](CopyRelation r) { return (options.copy_relations & RelationBit(r)) != 0; };
  std::vector<uint32_t> representative(n);
  std::vector<uint64_t> exact_pairs;
  std::iota(representative.begin(), representative.end(), 0u);
  if (counts(CopyRelation::kExact)) {
    std::vector<std::tuple<uint64_t, size_t, uint32_t>> by_hash;
    for (size_t d = 0; d < n; ++d) {
      if (!docs[d].text.body.empty()) {
        by_hash.emplace_back(docs[d].text.exact_hash, docs[d].text.body.size(), d);
      }
    }
    tbb::parallel_sort(by_hash.begin(), by_hash.end());
    for (size_t i = 1; i < by_hash.size(); ++i) {
      const auto& [hash, size, d] = by_hash[i];
      const auto& [prev_hash, prev_size, prev] = by_hash[i - 1];
      if (hash == prev_hash && size == prev_size) {
        representative[d] = representative[prev];
        exact_pairs.push_back(PairKey(prev, d));
      }
    }
  }
  auto is_representative = [&](size_t d) { return representative[d] == d; };

  std::vector<uint8_t> active(n), stem_active(n);
  std::vector<size_t> window_begin(n + 1, 0);
  for (size_t d = 0; d < n; ++d) {
    const size_t blocks =
        is_representative(d)
            ? (ShingleCount(docs[d], options.shingle_words) + kBlockShingles - 1) / kBlockShingles
            : 0;
    // Texts of <= 2 blocks are one window (their whole signature) and only meet longer ones.
    window_begin[d + 1] = window_begin[d] + (blocks <= 2 ? (blocks > 0) : blocks - 1);
  }
  const size_t windows = window_begin[n];
  std::vector<uint32_t> doc_sigs(n * k), stem_sigs(n * k_stem), window_sigs(windows * k_window);
  std::vector<uint32_t> window_owner(windows);
  size_t total_tokens = 0;
  for (const Document& d : docs) total_tokens += d.text.body.size();
  StemFrequency stem_frequency(total_tokens / 2);

  tbb::parallel_for(size_t{0}, n, [&](size_t d) {
    if (!is_representative(d)) return;  // inactive in every index
    const TextFeatures& text = docs[d].text;
    const std::vector<uint64_t> shingles = WordShingles(text.body, options.shingle_words);
    active[d] = !shingles.empty();
    uint32_t* sig = doc_sigs.data() + d * k;
    std::fill(sig, sig + k, 0xffffffffu);
    const size_t blocks = (shingles.size() + kBlockShingles - 1) / kBlockShingles;
    std::vector<uint32_t> block_sigs(blocks * k);
    for (size_t b = 0; b < blocks; ++b) {
      const size_t lo = b * kBlockShingles;
      const size_t len = std::min(kBlockShingles, shingles.size() - lo);
      uint32_t* bs = block_sigs.data() + b * k;
      shingle_hasher.Sign(std::span<const uint64_t>(shingles).subspan(lo, len), bs);
      for (size_t i = 0; i < k; ++i) sig[i] = std::min(sig[i], bs[i]);
    }
    size_t w = window_begin[d];
    if (blocks > 0 && blocks <= 2) {
      std::copy(sig, sig + k_window, window_sigs.data() + w * k_window);
      window_owner[w] = static_cast<uint32_t>(d);
    }
    for (size_t b = 0; blocks > 2 && b + 1 < blocks; ++b, ++w) {
      uint32_t* ws = window_sigs.data() + w * k_window;
      const uint32_t* x = block_sigs.data() + b * k;
      const uint32_t* y = x + k;
      for (size_t i = 0; i < k_window; ++i) ws[i] = std::min(x[i], y[i]);
      window_owner[w] = static_cast<uint32_t>(d);
    }
    for (uint64_t stem : ContentStems(text)) stem_frequency.Add(stem);
  });
  const double common_docs = std::max(static_cast<double>(options.rewrite_common_stem_min_docs),
                                      options.rewrite_common_stem_share * static_cast<double>(n));
  tbb::parallel_for(size_t{0}, n, [&](size_t d) {
    if (!is_representative(d)) return;
    std::vector<uint64_t> stems = ContentStems(docs[d].text);
    std::erase_if(stems, [&](uint64_t s) { return stem_frequency.Get(s) > common_docs; });
    stem_active[d] = !stems.empty();
    stem_hasher.Sign(stems, stem_sigs.data() + d * k_stem);
  });

  // 2. Candidate pairs, as (a << 32 | b) with a < b.
  std::vector<uint64_t> pairs = std::move(exact_pairs);
  dedup::LshCandidates(doc_sigs, n, static_cast<int>(k), options.bands, active,
                       options.max_bucket_size, &pairs);
  dedup::LshCandidates(stem_sigs, n, static_cast<int>(k_stem), options.rewrite_bands, stem_active,
                       options.max_bucket_size, &pairs);
  {
    std::vector<uint8_t> window_active(windows, 1);
    std::vector<uint64_t> window_pairs;
    dedup::LshCandidates(window_sigs, windows, static_cast<int>(k_window), window_bands,
                         window_active, options.max_bucket_size, &window_pairs);
    for (uint64_t p : window_pairs) {
      const uint32_t a = window_owner[p >> 32];
      const uint32_t b = window_owner[p & 0xffffffffu];
      if (a != b) pairs.push_back(PairKey(a, b));
    }
  }
  tbb::parallel_sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  if (pairs.empty()) return {};

  // 3. Verification features for the documents in some pair, then every pair verified.
  std::vector<uint8_t> involved(n, 0);
  for (uint64_t p : pairs) involved[p >> 32] = involved[p & 0xffffffffu] = 1;
  std::vector<VerifyFeatures> features(n);
  tbb::parallel_for(size_t{0}, n, [&](size_t d) {
    if (involved[d]) features[d] = BuildVerifyFeatures(docs[d], options);
  });
  std::vector<std::optional<CopyPair>> results(pairs.size());
  tbb::parallel_for(size_t{0}, pairs.size(), [&](size_t i) {
    const uint32_t a = static_cast<uint32_t>(pairs[i] >> 32);
    const uint32_t b = static_cast<uint32_t>(pairs[i] & 0xffffffffu);
    results[i] = Verify(a, b, docs[a], docs[b], features[a], features[b], options);
    if (results[i] && !counts(results[i]->relation)) results[i].reset();
  });

  // 4. Groups: union of verified pairs; the original, then each member's link to it.
  std::vector<uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  std::unordered_map<uint64_t, CopyPair> verified;
  std::vector<int64_t> best_incident(n, -1);  // index into `kept`: the member's strongest pair
  std::vector<CopyPair> kept;
  for (const std::optional<CopyPair>& r : results) {
    if (!r) continue;
    kept.push_back(*r);
    verified.emplace(PairKey(r->a, r->b), *r);
    for (uint32_t m : {r->a, r->b}) {
      const int64_t& cur = best_incident[m];
      if (cur < 0 || Stronger(*r, kept[cur]))
        best_incident[m] = static_cast<int64_t>(kept.size() - 1);
    }
    parent[Find(parent, r->a)] = Find(parent, r->b);
  }

  std::vector<size_t> bytes(n, 0);
  std::unordered_map<uint32_t, std::vector<uint32_t>> members;
  for (size_t d = 0; d < n; ++d) {
    if (best_incident[d] < 0) continue;
    bytes[d] = docs[d].TextBytes();
    members[Find(parent, static_cast<uint32_t>(d))].push_back(static_cast<uint32_t>(d));
  }

  std::vector<DuplicateGroup> groups;
  groups.reserve(members.size());
  for (auto& [root, list] : members) {
    std::sort(list.begin(), list.end());
    uint32_t orig = list[0];
    for (uint32_t m : list) {
      if (BetterOriginal(docs[m], m, bytes[m], docs[orig], orig, bytes[orig])) orig = m;
    }
    DuplicateGroup g;
    g.original = orig;
    for (uint32_t m : list) {
      if (m == orig) continue;
      // The relation with the original when it was verified (directly or now); otherwise the
      // member's strongest verified pair, through which it joined the group.
      std::optional<CopyPair> link;
      if (auto it = verified.find(PairKey(orig, m)); it != verified.end()) {
        link = it->second;
      } else {
        link = Verify(orig, m, docs[orig], docs[m], features[orig], features[m], options);
        if (link && !counts(link->relation)) link.reset();
      }
      if (!link) link = kept[best_incident[m]];
      g.copies.push_back(CopyLink{m, link->relation, link->similarity});
    }
    groups.push_back(std::move(g));
  }
  std::sort(groups.begin(), groups.end(), [](const DuplicateGroup& x, const DuplicateGroup& y) {
    return x.original < y.original;
  });
  return groups;
}

}  // namespace storyline
