// FindDuplicates: candidates from three LSH indexes (sketch.h) plus exact-hash runs, every
// candidate verified (verify.h), verified pairs unioned into groups.
//
//   exact    — documents sorted by text.exact_hash; each run chained (a, a+1). Only the first
//              of a run (its representative) enters the three indexes: m exact copies of a text
//              cost one set of LSH candidates, not m (nor m^2 verifications).
//   near     — whole-text MinHash (options.permutations over word shingles), options.bands.
//   partial  — window sketches, kWindowBands x kWindowRows.
//   rewrite  — MinHash of the distinctive content stems, options.rewrite_bands; document
//              frequencies (over representatives) come from a count-min sketch.
//
// Memory per document while FindDuplicates runs: 4 * (permutations + rewrite_permutations)
// bytes of signatures (896 with the defaults) plus 4 * kWindowRows * kWindowBands = 192 bytes
// per window of 25 shingles (~8 bytes per body token); and, for documents in some candidate
// pair only, the sorted shingles (4 bytes per token) and sentence stem sets (<= 12 per token).
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
#include "dedup/simhash.h"
#include "dedup/sketch.h"
#include "dedup/verify.h"

namespace storyline {
namespace {

// See step 3 of FindDuplicates.
constexpr double kWindowRewriteStemJaccard = 0.12;
// A partial pair whose shorter text has at most this share of the longer one's shingles is a
// container and a contained text (see step 2 of FindDuplicates).
constexpr double kContainerRatio = 0.8;

using dedup::BetterOriginal;
using dedup::BuildVerifyFeatures;
using dedup::ContentStems;
using dedup::OriginalKey;
using dedup::Sketcher;
using dedup::StemFrequency;
using dedup::Stronger;
using dedup::Verify;
using dedup::VerifyFeatures;

uint32_t Find(std::vector<uint32_t>& parent, uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

void SortUnique(std::vector<uint64_t>* v) {
  tbb::parallel_sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

uint64_t PairKey(uint32_t a, uint32_t b) {
  if (a > b) std::swap(a, b);
  return static_cast<uint64_t>(a) << 32 | b;
}

}  // namespace

std::optional<CopyPair> VerifyPair(const Document& a, const Document& b,
                                   const DedupOptions& options) {
  return Verify(0, 1, BuildVerifyFeatures(a.text, options), BuildVerifyFeatures(b.text, options),
                options);
}

std::vector<DuplicateGroup> FindDuplicates(std::span<const Document> docs,
                                           const DedupOptions& options) {
  const size_t n = docs.size();
  if (n < 2 || n > UINT32_MAX) return {};

  // 1. Signatures of whole texts and windows, stem frequencies: one parallel pass.
  const Sketcher sketcher(options);
  const size_t k = sketcher.permutations();
  const size_t k_stem = sketcher.stem_permutations();
  const size_t k_window = sketcher.window_values();

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
    const size_t windows =
        is_representative(d)
            ? dedup::WindowCount(dedup::ShingleCount(docs[d].text.body.size(), options.shingle_words))
            : 0;
    window_begin[d + 1] = window_begin[d] + windows;
  }
  const size_t windows = window_begin[n];
  std::vector<uint32_t> doc_sigs(n * k), stem_sigs(n * k_stem), window_sigs(windows * k_window);
  std::vector<uint32_t> window_owner(windows);
  size_t total_tokens = 0;
  for (const Document& d : docs) total_tokens += d.text.body.size();
  StemFrequency stem_frequency(total_tokens / 2);

  tbb::parallel_for(size_t{0}, n, [&](size_t d) {
    if (!is_representative(d)) return;  // inactive in every index
    std::vector<uint32_t> doc_windows;
    active[d] = sketcher.SignText(docs[d].text, doc_sigs.data() + d * k, &doc_windows);
    std::copy(doc_windows.begin(), doc_windows.end(),
              window_sigs.data() + window_begin[d] * k_window);
    std::fill(window_owner.begin() + window_begin[d], window_owner.begin() + window_begin[d + 1],
              static_cast<uint32_t>(d));
    for (uint64_t stem : ContentStems(docs[d].text)) stem_frequency.Add(stem);
  });

  // 2. Direct candidates: exact runs and the whole-text index, mostly true copies and cheap to
  // verify. Verified, they form the first groups.
  std::vector<uint64_t> direct = std::move(exact_pairs);
  if (options.near_signature == DedupOptions::Signature::kSimHash) {
    std::vector<uint64_t> simhashes(n, 0);
    tbb::parallel_for(size_t{0}, n, [&](size_t d) {
      if (active[d]) simhashes[d] = dedup::SimHash(WordShingles(docs[d].text.body, options.shingle_words));
    });
    dedup::SimHashCandidates(simhashes, active, options.simhash_max_distance,
                             options.max_bucket_size, &direct);
  } else {
    dedup::LshCandidates(doc_sigs, n, static_cast<int>(k), options.bands, active,
                         options.max_bucket_size, &direct);
  }
  SortUnique(&direct);

  std::vector<VerifyFeatures> features(n);
  std::vector<uint8_t> has_features(n, 0);
  auto build_features = [&](const std::vector<uint64_t>& pairs) {
    std::vector<uint8_t> wanted(n, 0);
    for (uint64_t p : pairs) wanted[p >> 32] = wanted[p & 0xffffffffu] = 1;
    tbb::parallel_for(size_t{0}, n, [&](size_t d) {
      if (wanted[d] && !has_features[d]) {
        features[d] = BuildVerifyFeatures(docs[d].text, options);
        has_features[d] = 1;
      }
    });
  };
  auto verify = [&](uint64_t pair, bool rewrite) {
    const uint32_t a = static_cast<uint32_t>(pair >> 32);
    const uint32_t b = static_cast<uint32_t>(pair & 0xffffffffu);
    std::optional<CopyPair> r = Verify(a, b, features[a], features[b], options, rewrite);
    if (r && !counts(r->relation)) r.reset();
    return r;
  };
  build_features(direct);
  std::vector<std::optional<CopyPair>> results(direct.size());
  tbb::parallel_for(size_t{0}, direct.size(), [&](size_t i) { results[i] = verify(direct[i], true); });

  std::vector<uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  std::unordered_map<uint64_t, CopyPair> verified;
  std::vector<int64_t> best_incident(n, -1);  // index into `kept`: the member's strongest pair
  std::vector<CopyPair> kept;
  auto keep = [&](const CopyPair& r) {
    kept.push_back(r);
    verified.emplace(PairKey(r.a, r.b), r);
    for (uint32_t m : {r.a, r.b}) {
      const int64_t& cur = best_incident[m];
      if (cur < 0 || Stronger(r, kept[cur])) best_incident[m] = static_cast<int64_t>(kept.size() - 1);
    }
    parent[Find(parent, r.a)] = Find(parent, r.b);
  };
  // A page that contains copies of two different texts (a round-up of wire stories, an
  // aggregator page) is a partial copy of each, but must not join the two. So when a document
  // that is much longer than its partner (kContainerRatio) joins a second group as the
  // containing side of a `partial` pair, the text it contains there must be a copy of the text
  // through which it joined the first (several truncations of one story pass, two stories
  // do not).
  std::vector<uint32_t> first_contained(n, UINT32_MAX);
  auto keep_all = [&](std::vector<std::optional<CopyPair>>& found) {
    std::vector<CopyPair> partial;
    for (const std::optional<CopyPair>& r : found) {
      if (!r) continue;
      if (r->relation == CopyRelation::kPartial) {
        partial.push_back(*r);
      } else {
        keep(*r);
      }
    }
    std::stable_sort(partial.begin(), partial.end(), [](const CopyPair& x, const CopyPair& y) {
      return x.similarity > y.similarity;
    });
    for (const CopyPair& r : partial) {
      const size_t sa = features[r.a].shingles.size(), sb = features[r.b].shingles.size();
      const uint32_t container = sa >= sb ? r.a : r.b;
      const uint32_t contained = sa >= sb ? r.b : r.a;
      if (static_cast<double>(std::min(sa, sb)) <= kContainerRatio * std::max(sa, sb) &&
          Find(parent, container) != Find(parent, contained)) {
        const uint32_t earlier = first_contained[container];
        if (earlier == UINT32_MAX) {
          first_contained[container] = contained;
        } else {
          const std::optional<CopyPair> same = verify(PairKey(earlier, contained), true);
          if (!same) continue;
          keep(*same);
        }
      }
      keep(r);
    }
  };
  keep_all(results);
  results = {};

  // 3. At most two members per group so far stand for it in the window and stem indexes, which
  // find partial copies and rewrites: the one that would be its original (the cleanest text,
  // usually) and the longest text. A text copied m times, or with m near copies, then costs
  // one set of those candidates, not m (and not m * m' verified pairs with a group of m' copies
  // of a related text): without this, 500 texts copied 20 times each made 38 million window
  // candidates.
  std::vector<uint32_t> longest(n, UINT32_MAX), first(n, UINT32_MAX);
  std::vector<OriginalKey> keys(n);
  for (uint32_t d = 0; d < n; ++d) {
    if (!is_representative(d)) continue;
    keys[d] = {docs[d].published, docs[d].TextBytes(), d};
    const uint32_t root = Find(parent, d);
    if (longest[root] == UINT32_MAX ||
        docs[d].text.body.size() > docs[longest[root]].text.body.size()) {
      longest[root] = d;
    }
    if (first[root] == UINT32_MAX || BetterOriginal(keys[d], keys[first[root]])) first[root] = d;
  }
  std::vector<uint8_t> rep_flags(n, 0);
  for (uint32_t d = 0; d < n; ++d) {
    const uint32_t root = Find(parent, d);
    rep_flags[d] = longest[root] == d || first[root] == d;
  }
  std::vector<uint8_t> window_active(windows, 0);
  for (size_t w = 0; w < windows; ++w) window_active[w] = rep_flags[window_owner[w]];

  const double common_docs = std::max(static_cast<double>(options.rewrite_common_stem_min_docs),
                                      options.rewrite_common_stem_share * static_cast<double>(n));
  tbb::parallel_for(size_t{0}, n, [&](size_t d) {
    if (!rep_flags[d]) return;
    std::vector<uint64_t> stems = ContentStems(docs[d].text);
    std::erase_if(stems, [&](uint64_t s) { return stem_frequency.Get(s) > common_docs; });
    stem_active[d] = !stems.empty();
    sketcher.SignStems(stems, stem_sigs.data() + d * k_stem);
  });

  // Stem candidates may be rewrites. Window candidates are checked for rewrites only when their
  // stem signatures agree on >= kWindowRewriteStemJaccard of their values (a 50%-spun copy has
  // ~0.33, and is a stem candidate with probability ~0.7 only): sentence alignment is the
  // costly check, and windows bring many pairs that merely share a sentence or two.
  std::vector<uint64_t> stem_pairs, window_pairs;
  dedup::LshCandidates(stem_sigs, n, static_cast<int>(k_stem), options.rewrite_bands, stem_active,
                       options.max_bucket_size, &stem_pairs);
  SortUnique(&stem_pairs);
  {
    std::vector<uint64_t> pairs;
    dedup::LshCandidates(window_sigs, windows, static_cast<int>(k_window), sketcher.window_bands(),
                         window_active, options.max_bucket_size, &pairs);
    for (uint64_t p : pairs) {
      const uint32_t a = window_owner[p >> 32];
      const uint32_t b = window_owner[p & 0xffffffffu];
      if (a != b) window_pairs.push_back(PairKey(a, b));
    }
    SortUnique(&window_pairs);
    pairs.clear();
    std::set_difference(window_pairs.begin(), window_pairs.end(), stem_pairs.begin(),
                        stem_pairs.end(), std::back_inserter(pairs));
    window_pairs = std::move(pairs);
  }
  build_features(stem_pairs);
  build_features(window_pairs);
  std::vector<std::optional<CopyPair>> joins(stem_pairs.size() + window_pairs.size());
  tbb::parallel_for(size_t{0}, joins.size(), [&](size_t i) {
    if (i < stem_pairs.size()) {
      joins[i] = verify(stem_pairs[i], true);
      return;
    }
    const uint64_t p = window_pairs[i - stem_pairs.size()];
    const uint32_t a = static_cast<uint32_t>(p >> 32);
    const uint32_t b = static_cast<uint32_t>(p & 0xffffffffu);
    const bool rewrite =
        stem_active[a] && stem_active[b] &&
        dedup::EstimateJaccard(std::span<const uint32_t>(stem_sigs).subspan(a * k_stem, k_stem),
                               std::span<const uint32_t>(stem_sigs).subspan(b * k_stem, k_stem)) >=
            kWindowRewriteStemJaccard;
    joins[i] = verify(p, rewrite);
  });
  keep_all(joins);
  if (kept.empty()) return {};

  // 4. Groups: the original, then each member's link to it.
  std::unordered_map<uint32_t, std::vector<uint32_t>> members;
  for (size_t d = 0; d < n; ++d) {
    if (best_incident[d] < 0) continue;
    keys[d] = {docs[d].published, docs[d].TextBytes(), d};
    members[Find(parent, static_cast<uint32_t>(d))].push_back(static_cast<uint32_t>(d));
  }

  std::vector<DuplicateGroup> groups;
  groups.reserve(members.size());
  for (auto& [root, list] : members) {
    std::sort(list.begin(), list.end());
    uint32_t orig = list[0];
    for (uint32_t m : list) {
      if (BetterOriginal(keys[m], keys[orig])) orig = m;
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
        link = Verify(orig, m, features[orig], features[m], options);
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
