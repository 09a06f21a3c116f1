// DuplicateFinder (and FindDuplicates on top of it): candidates from three LSH indexes
// (sketch.h) plus exact-hash runs, every candidate verified (verify.h), verified pairs unioned
// into groups.
//
//   exact    — documents with the same text.exact_hash and length; each run chained (a, a+1).
//              Only the first of a run (its representative) is sketched and enters the three
//              indexes: m exact copies of a text cost one set of LSH candidates, not m (nor m^2
//              verifications). The others share its verification features.
//   near     — whole-text MinHash (options.permutations over word shingles), options.bands.
//   partial  — window sketches, kWindowBands x kWindowRows.
//   rewrite  — MinHash of the distinctive content stems, options.rewrite_bands; document
//              frequencies (over representatives) come from a count-min sketch.
//
// Add keeps, per document, ~80 bytes in memory (DocInfo) and writes the rest to SpillStores:
// its verification features (~4 bytes per token of shingles, ~3 per token of sentence stems),
// its content stems (8 bytes per distinct stem) and its LSH band keys (12 bytes per key: 32
// whole-text keys, 16 per window of 25 shingles, 32 stem keys; ~4 KB for a 500-word text).
// Finish reads them back one band, or one bounded chunk of candidate pairs, at a time: its
// extra memory is one band's entries (16 bytes per document, or per window) and the features
// of at most kChunkDocs documents, besides the candidate pairs themselves.
#include "storyline/dedup.h"

#include <absl/container/flat_hash_map.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "core/spill_store.h"
#include "dedup/minhash.h"
#include "dedup/simhash.h"
#include "dedup/sketch.h"
#include "dedup/verify.h"

namespace storyline {
namespace {

// See step 3 of Finish.
constexpr double kRewriteStemJaccard = 0.12;
// Two groups of several members each join through a rewrite only when it aligns at least this
// share of the shorter text's sentences (step 2 of Finish): two outlets' own rewrites of one
// press release or wire story, each copied elsewhere, align 60-86% of their sentences.
constexpr double kGroupRewriteCoverage = 0.9;
// A partial pair whose shorter text has at most this share of the longer one's shingles is a
// container and a contained text (see step 2 of Finish).
constexpr double kContainerRatio = 0.8;
// Verification loads the features of at most this many documents at once (~5 KB each for
// news-length texts).
constexpr size_t kChunkDocs = 16384;

using dedup::BetterOriginal;
using dedup::BuildVerifyFeatures;
using dedup::ContentStems;
using dedup::OriginalKey;
using dedup::Sketcher;
using dedup::StemFrequency;
using dedup::Stronger;
using dedup::Verify;
using dedup::VerifyFeatures;

using BandEntries = std::vector<std::pair<uint64_t, uint32_t>>;

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

// VerifyFeatures as uint32 words: counts of shingles, sentence offsets and sentence stems, then
// the three arrays. stem_sentences is recomputed on loading (CountStemSentences).
void SerializeFeatures(const VerifyFeatures& f, std::vector<uint32_t>* out) {
  const auto& s = f.sentences;
  out->clear();
  out->reserve(3 + f.shingles.size() + s.offsets.size() + s.stems.size());
  out->push_back(static_cast<uint32_t>(f.shingles.size()));
  out->push_back(static_cast<uint32_t>(s.offsets.size()));
  out->push_back(static_cast<uint32_t>(s.stems.size()));
  out->insert(out->end(), f.shingles.begin(), f.shingles.end());
  out->insert(out->end(), s.offsets.begin(), s.offsets.end());
  out->insert(out->end(), s.stems.begin(), s.stems.end());
}

// Appends band keys as 12-byte (key, item) records.
void AppendBandKey(SpillStore& store, uint64_t key, uint32_t item) {
  const uint32_t record[3] = {static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32), item};
  store.AppendValues(std::span<const uint32_t>(record));
}

// The records of one band whose key occurs more than once among those whose item passes
// `keep`, plus the few whose key shares a bit of the filter with another (~1 in 8): most keys
// are unique (windows of unrelated texts), and sorting only the rest is what keeps reading the
// bands cheap at scale. Two passes over the store, a chunk at a time: the first marks each key's
// bit in `seen`, or in `repeated` when it is already in `seen`; the second keeps the records
// whose bit is in `repeated`. Order-independent, so deterministic despite the parallel marking.
template <typename Keep>
BandEntries ReadBandCollisions(const SpillStore& store, const Keep& keep) {
  constexpr size_t kRecords = 1 << 16;
  const size_t records = store.size() / (3 * sizeof(uint32_t));
  size_t bits = size_t{1} << 16;
  while (bits < 8 * records && bits < (size_t{1} << 32)) bits <<= 1;
  std::vector<std::atomic<uint64_t>> seen(bits / 64), repeated(bits / 64);
  auto bit_of = [&](const uint32_t* r) { return (static_cast<uint64_t>(r[1]) << 32 | r[0]) & (bits - 1); };
  std::vector<uint32_t> raw;
  auto for_each_chunk = [&](const auto& visit) {
    for (size_t lo = 0; lo < records; lo += kRecords) {
      const size_t count = std::min(kRecords, records - lo);
      raw.resize(3 * count);
      store.Read(lo * 3 * sizeof(uint32_t), raw.size() * sizeof(uint32_t), raw.data());
      visit(count);
    }
  };
  for_each_chunk([&](size_t count) {
    tbb::parallel_for(size_t{0}, count, [&](size_t i) {
      const uint32_t* r = raw.data() + 3 * i;
      if (!keep(r[2])) return;
      const uint64_t bit = bit_of(r);
      const uint64_t mask = uint64_t{1} << (bit & 63);
      if (seen[bit >> 6].fetch_or(mask, std::memory_order_relaxed) & mask) {
        repeated[bit >> 6].fetch_or(mask, std::memory_order_relaxed);
      }
    });
  });
  std::vector<std::atomic<uint64_t>>().swap(seen);
  BandEntries entries;
  for_each_chunk([&](size_t count) {
    for (size_t i = 0; i < count; ++i) {
      const uint32_t* r = raw.data() + 3 * i;
      const uint64_t bit = bit_of(r);
      if (!(repeated[bit >> 6].load(std::memory_order_relaxed) >> (bit & 63) & 1) || !keep(r[2])) {
        continue;
      }
      entries.emplace_back(static_cast<uint64_t>(r[1]) << 32 | r[0], r[2]);
    }
  });
  return entries;
}

// What Finish needs of a document in memory; everything else is in the spill stores.
struct DocInfo {
  uint64_t exact_hash = 0;
  uint64_t features_offset = 0;  // byte offset in the features store, features_words words
  uint64_t stems_offset = 0;     // byte offset in the stems store, stems_count stems
  std::optional<UnixSeconds> published;
  uint64_t text_bytes = 0;
  uint32_t features_words = 0;
  uint32_t stems_count = 0;
  uint32_t body_tokens = 0;
  uint32_t shingles = 0;        // distinct word shingles
  uint32_t representative = 0;  // the first document with the same text; itself if none
  bool active = false;          // sketched (a representative with shingles): in the LSH indexes
};

}  // namespace

class DuplicateFinder::Impl {
 public:
  explicit Impl(const DedupOptions& options) : options_(options), sketcher_(options) {}

  Status Open(const std::string& spill_dir, size_t expected_tokens);
  void Add(std::span<const Document> docs);
  Status Finish(std::vector<DuplicateGroup>* groups);
  size_t size() const { return info_.size(); }
  size_t MemoryBytes() const;
  uint64_t StoredBytes() const;
  Status SpillStatus() const;

 private:
  VerifyFeatures LoadFeatures(uint32_t d) const;
  // Verifies `pairs` (rewrites too where `rewrite` is empty or rewrite[i] set), loading the
  // features of at most kChunkDocs documents at a time; relations not counted give nullopt.
  std::vector<std::optional<CopyPair>> VerifyPairs(const std::vector<uint64_t>& pairs,
                                                   const std::vector<uint8_t>& rewrite) const;

  const DedupOptions options_;
  const Sketcher sketcher_;
  std::string spill_dir_;
  std::unique_ptr<StemFrequency> stem_frequency_;
  std::unique_ptr<SpillStore> features_, stems_;
  std::vector<std::unique_ptr<SpillStore>> whole_bands_, window_bands_;
  int whole_rows_ = 0;
  std::vector<DocInfo> info_;
  std::vector<uint64_t> simhashes_;  // SimHash signature only
  std::vector<uint64_t> exact_pairs_;
  // (exact_hash, body tokens) -> (first, last) document with that text.
  absl::flat_hash_map<std::pair<uint64_t, uint64_t>, std::pair<uint32_t, uint32_t>> exact_runs_;
  bool too_many_ = false;
};

DuplicateFinder::DuplicateFinder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DuplicateFinder::~DuplicateFinder() = default;

Status DuplicateFinder::Create(const DedupOptions& options, const std::string& spill_dir,
                               size_t expected_tokens, std::unique_ptr<DuplicateFinder>* finder) {
  auto impl = std::make_unique<Impl>(options);
  STORYLINE_RETURN_IF_ERROR(impl->Open(spill_dir, expected_tokens));
  finder->reset(new DuplicateFinder(std::move(impl)));
  return Status::Ok();
}

Status DuplicateFinder::Add(std::span<const Document> docs) {
  impl_->Add(docs);
  return impl_->SpillStatus();
}
Status DuplicateFinder::Finish(std::vector<DuplicateGroup>* groups) {
  return impl_->Finish(groups);
}
size_t DuplicateFinder::size() const { return impl_->size(); }
size_t DuplicateFinder::MemoryBytes() const { return impl_->MemoryBytes(); }
uint64_t DuplicateFinder::StoredBytes() const { return impl_->StoredBytes(); }

Status DuplicateFinder::Impl::Open(const std::string& spill_dir, size_t expected_tokens) {
  spill_dir_ = spill_dir;
  stem_frequency_ =
      std::make_unique<StemFrequency>(expected_tokens == 0 ? SIZE_MAX : expected_tokens / 2);
  STORYLINE_RETURN_IF_ERROR(SpillStore::Open(spill_dir, &features_));
  STORYLINE_RETURN_IF_ERROR(SpillStore::Open(spill_dir, &stems_));
  const int whole_bands = options_.near_signature == DedupOptions::Signature::kMinHash
                              ? std::min(options_.bands, sketcher_.permutations())
                              : 0;
  whole_rows_ = whole_bands > 0 ? sketcher_.permutations() / whole_bands : 0;
  whole_bands_.resize(static_cast<size_t>(std::max(whole_bands, 0)));
  for (auto& s : whole_bands_) STORYLINE_RETURN_IF_ERROR(SpillStore::Open(spill_dir, &s));
  window_bands_.resize(static_cast<size_t>(sketcher_.window_bands()));
  for (auto& s : window_bands_) STORYLINE_RETURN_IF_ERROR(SpillStore::Open(spill_dir, &s));
  return Status::Ok();
}

void DuplicateFinder::Impl::Add(std::span<const Document> docs) {
  const size_t base = info_.size();
  if (base + docs.size() > UINT32_MAX) {
    too_many_ = true;
    return;
  }
  info_.resize(base + docs.size());
  const bool simhash = options_.near_signature == DedupOptions::Signature::kSimHash;
  if (simhash) simhashes_.resize(base + docs.size(), 0);

  // Exact copies, in order of addition: the first of a run represents it.
  auto counts = [&](CopyRelation r) { return (options_.copy_relations & RelationBit(r)) != 0; };
  for (size_t i = 0; i < docs.size(); ++i) {
    const uint32_t d = static_cast<uint32_t>(base + i);
    const TextFeatures& text = docs[i].text;
    DocInfo& di = info_[d];
    di.exact_hash = text.exact_hash;
    di.published = docs[i].published;
    di.text_bytes = docs[i].TextBytes();
    di.body_tokens = static_cast<uint32_t>(std::min<size_t>(text.body.size(), UINT32_MAX));
    di.representative = d;
    if (counts(CopyRelation::kExact) && !text.body.empty()) {
      auto [it, inserted] = exact_runs_.try_emplace(
          std::pair<uint64_t, uint64_t>(text.exact_hash, text.body.size()), d, d);
      if (!inserted) {
        di.representative = it->second.first;
        exact_pairs_.push_back(PairKey(it->second.second, d));
        it->second.second = d;
      }
    }
  }

  // Sketches of the representatives, in parallel.
  struct Sketched {
    std::vector<uint32_t> features;
    std::vector<uint64_t> stems;
    std::vector<uint64_t> whole_keys;
    std::vector<uint64_t> window_keys;  // window_bands() per window
    uint32_t shingles = 0;
    bool active = false;
  };
  std::vector<Sketched> sketched(docs.size());
  const size_t k = static_cast<size_t>(sketcher_.permutations());
  const int window_rows = sketcher_.window_rows();
  const size_t window_values = static_cast<size_t>(sketcher_.window_values());
  tbb::parallel_for(size_t{0}, docs.size(), [&](size_t i) {
    const uint32_t d = static_cast<uint32_t>(base + i);
    if (info_[d].representative != d) return;
    const TextFeatures& text = docs[i].text;
    Sketched& s = sketched[i];
    std::vector<uint32_t> whole(k), windows;
    s.active = sketcher_.SignText(text, whole.data(), &windows);
    if (s.active) {
      for (size_t b = 0; b < whole_bands_.size(); ++b) {
        s.whole_keys.push_back(dedup::BandKey(whole.data() + b * whole_rows_, whole_rows_,
                                              static_cast<int>(b)));
      }
      for (size_t w = 0; w < windows.size() / window_values; ++w) {
        for (size_t b = 0; b < window_bands_.size(); ++b) {
          s.window_keys.push_back(dedup::BandKey(windows.data() + w * window_values +
                                                     b * window_rows,
                                                 window_rows, static_cast<int>(b)));
        }
      }
      if (simhash) simhashes_[d] = dedup::SimHash(WordShingles(text.body, options_.shingle_words));
    }
    s.stems = ContentStems(text);
    for (uint64_t stem : s.stems) stem_frequency_->Add(stem);
    const VerifyFeatures f = BuildVerifyFeatures(text, options_);
    s.shingles = static_cast<uint32_t>(f.shingles.size());
    SerializeFeatures(f, &s.features);
  });

  // Written in order of addition, so that the stores (and Finish) do not depend on timing.
  for (size_t i = 0; i < docs.size(); ++i) {
    const uint32_t d = static_cast<uint32_t>(base + i);
    DocInfo& di = info_[d];
    if (di.representative != d) {
      const DocInfo& rep = info_[di.representative];
      di.features_offset = rep.features_offset;
      di.features_words = rep.features_words;
      di.stems_offset = rep.stems_offset;
      di.stems_count = rep.stems_count;
      di.shingles = rep.shingles;
      continue;
    }
    Sketched& s = sketched[i];
    di.active = s.active;
    di.shingles = s.shingles;
    di.features_offset = features_->AppendValues(std::span<const uint32_t>(s.features));
    di.features_words = static_cast<uint32_t>(s.features.size());
    di.stems_offset = stems_->AppendValues(std::span<const uint64_t>(s.stems));
    di.stems_count = static_cast<uint32_t>(s.stems.size());
    for (size_t b = 0; b < s.whole_keys.size(); ++b) {
      AppendBandKey(*whole_bands_[b], s.whole_keys[b], d);
    }
    for (size_t j = 0; j < s.window_keys.size(); ++j) {
      AppendBandKey(*window_bands_[j % window_bands_.size()], s.window_keys[j], d);
    }
  }
}

VerifyFeatures DuplicateFinder::Impl::LoadFeatures(uint32_t d) const {
  const DocInfo& di = info_[d];
  std::vector<uint32_t> words(di.features_words);
  features_->Read(di.features_offset, words.size() * sizeof(uint32_t),
                  words.data());
  VerifyFeatures f;
  f.exact_hash = di.exact_hash;
  f.body_tokens = di.body_tokens;
  if (words.size() < 3) return f;
  const size_t n_shingles = words[0], n_offsets = words[1], n_stems = words[2];
  if (3 + n_shingles + n_offsets + n_stems != words.size()) return f;  // cannot happen
  auto at = words.begin() + 3;
  f.shingles.assign(at, at + static_cast<ptrdiff_t>(n_shingles));
  at += static_cast<ptrdiff_t>(n_shingles);
  f.sentences.offsets.assign(at, at + static_cast<ptrdiff_t>(n_offsets));
  at += static_cast<ptrdiff_t>(n_offsets);
  f.sentences.stems.assign(at, at + static_cast<ptrdiff_t>(n_stems));
  dedup::CountStemSentences(&f.sentences);
  return f;
}

std::vector<std::optional<CopyPair>> DuplicateFinder::Impl::VerifyPairs(
    const std::vector<uint64_t>& pairs, const std::vector<uint8_t>& rewrite) const {
  auto counts = [&](CopyRelation r) { return (options_.copy_relations & RelationBit(r)) != 0; };
  std::vector<std::optional<CopyPair>> results(pairs.size());
  std::vector<int32_t> slot(info_.size(), -1);
  std::vector<uint32_t> docs;
  std::vector<VerifyFeatures> loaded;
  for (size_t lo = 0; lo < pairs.size();) {
    // A chunk of pairs whose documents number at most kChunkDocs.
    size_t hi = lo;
    docs.clear();
    while (hi < pairs.size() && docs.size() + 2 <= kChunkDocs) {
      for (uint32_t d : {static_cast<uint32_t>(pairs[hi] >> 32),
                         static_cast<uint32_t>(pairs[hi] & 0xffffffffu)}) {
        if (slot[d] < 0) {
          slot[d] = static_cast<int32_t>(docs.size());
          docs.push_back(d);
        }
      }
      ++hi;
    }
    loaded.assign(docs.size(), VerifyFeatures());
    tbb::parallel_for(size_t{0}, docs.size(), [&](size_t i) { loaded[i] = LoadFeatures(docs[i]); });
    tbb::parallel_for(lo, hi, [&](size_t i) {
      const uint32_t a = static_cast<uint32_t>(pairs[i] >> 32);
      const uint32_t b = static_cast<uint32_t>(pairs[i] & 0xffffffffu);
      std::optional<CopyPair> r =
          Verify(a, b, loaded[slot[a]], loaded[slot[b]], options_, rewrite.empty() || rewrite[i]);
      if (r && !counts(r->relation)) r.reset();
      results[i] = r;
    });
    for (uint32_t d : docs) slot[d] = -1;
    lo = hi;
  }
  return results;
}

Status DuplicateFinder::Impl::Finish(std::vector<DuplicateGroup>* groups) {
  groups->clear();
  if (too_many_) return Status::InvalidArgument("more than 2^32 - 1 documents for one dedup run");
  const size_t n = info_.size();
  features_->Flush();
  stems_->Flush();
  for (auto* bands : {&whole_bands_, &window_bands_}) {
    for (auto& s : *bands) s->Flush();
  }
  STORYLINE_RETURN_IF_ERROR(SpillStatus());
  if (n < 2) return Status::Ok();
  auto counts = [&](CopyRelation r) { return (options_.copy_relations & RelationBit(r)) != 0; };

  // 2. Direct candidates: exact runs and the whole-text index, mostly true copies and cheap to
  // verify. Verified, they form the first groups.
  std::vector<uint64_t> direct = std::move(exact_pairs_);
  exact_pairs_ = {};
  exact_runs_ = {};
  if (options_.near_signature == DedupOptions::Signature::kSimHash) {
    std::vector<uint8_t> active(n);
    for (size_t d = 0; d < n; ++d) active[d] = info_[d].active;
    dedup::SimHashCandidates(simhashes_, active, options_.simhash_max_distance,
                             options_.max_bucket_size, &direct);
  } else {
    for (auto& store : whole_bands_) {
      BandEntries entries = ReadBandCollisions(*store, [](uint32_t) { return true; });
      store.reset();
      dedup::BucketPairs(&entries, options_.max_bucket_size, &direct);
    }
  }
  SortUnique(&direct);
  std::vector<std::optional<CopyPair>> results = VerifyPairs(direct, {});
  STORYLINE_RETURN_IF_ERROR(SpillStatus());

  auto key_of = [&](uint32_t d) {
    return OriginalKey{info_[d].published, info_[d].text_bytes, d};
  };
  std::vector<uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  // Per root: the group's size and its would-be original.
  std::vector<uint32_t> group_size(n, 1);
  std::vector<uint32_t> group_original(n);
  std::iota(group_original.begin(), group_original.end(), 0u);
  absl::flat_hash_map<uint64_t, CopyPair> verified;
  std::vector<int64_t> best_incident(n, -1);  // index into `kept`: the member's strongest pair
  std::vector<CopyPair> kept;
  auto verify_one = [&](uint32_t a, uint32_t b) {
    std::optional<CopyPair> r =
        Verify(std::min(a, b), std::max(a, b), LoadFeatures(std::min(a, b)),
               LoadFeatures(std::max(a, b)), options_, true);
    if (r && !counts(r->relation)) r.reset();
    return r;
  };
  auto record = [&](const CopyPair& r) {
    kept.push_back(r);
    verified.emplace(PairKey(r.a, r.b), r);
    for (uint32_t m : {r.a, r.b}) {
      const int64_t& cur = best_incident[m];
      if (cur < 0 || Stronger(r, kept[cur])) best_incident[m] = static_cast<int64_t>(kept.size() - 1);
    }
  };
  // The partner of a member's strongest kept pair: the text through which it joined.
  auto anchor = [&](uint32_t m) {
    const CopyPair& p = kept[best_incident[m]];
    return p.a == m ? p.b : p.a;
  };
  // Whether a and b are copies: the pair `r` being kept, a pair kept already, or verified now
  // (and remembered).
  absl::flat_hash_map<uint64_t, bool> checked;
  auto holds = [&](const CopyPair& r, uint32_t a, uint32_t b) {
    if (a == b || PairKey(a, b) == PairKey(r.a, r.b) || verified.contains(PairKey(a, b))) {
      return true;
    }
    auto [it, fresh] = checked.try_emplace(PairKey(a, b), false);
    if (fresh) it->second = verify_one(a, b).has_value();
    return it->second;
  };
  // Keeps a verified pair and joins its two groups. A text joining a group alone needs only
  // its own verified pair; two groups of several members each join only when each end of the
  // pair is a copy of the text through which the other end joined its group (its anchor), or
  // when the groups' would-be originals are copies, and through a rewrite only when it is
  // nearly complete (kGroupRewriteCoverage). Otherwise one borderline pair — a truncation of
  // one text sharing half its words with another outlet's report of the same event, or two
  // outlets' rewrites of one press release — would put every copy of one text into the other's
  // group. Returns whether the pair was kept.
  auto keep = [&](const CopyPair& r) {
    const uint32_t ra = Find(parent, r.a), rb = Find(parent, r.b);
    if (ra == rb) {
      record(r);
      return true;
    }
    const uint32_t oa = group_original[ra], ob = group_original[rb];
    if (group_size[ra] > 1 && group_size[rb] > 1) {
      // Each end is a copy of the text through which the other end joined its group, or the
      // two originals are copies.
      if (!(holds(r, anchor(r.a), r.b) && holds(r, anchor(r.b), r.a)) && !holds(r, oa, ob)) {
        return false;
      }
      if (r.relation == CopyRelation::kRewrite && r.similarity < kGroupRewriteCoverage) {
        return false;
      }
    }
    record(r);
    parent[ra] = rb;
    group_size[rb] += group_size[ra];
    if (BetterOriginal(key_of(oa), key_of(ob))) group_original[rb] = oa;
    return true;
  };
  // A page that contains copies of two different texts (a round-up of wire stories, an
  // aggregator page) is a partial copy of each, but must not join the two. So when a document
  // that is much longer than its partner (kContainerRatio) joins a second group as the
  // containing side of a `partial` pair, the text it contains there must be a copy of the text
  // through which it joined the first (several truncations of one story pass, two stories
  // do not).
  std::vector<uint32_t> first_contained(n, UINT32_MAX);
  // Pairs are kept strongest first (exact, near, partial, rewrite; then by similarity), so a
  // text joins the group of the text it copies most closely before a weaker pair can tie it
  // elsewhere.
  auto keep_all = [&](std::vector<std::optional<CopyPair>>& found) {
    std::vector<CopyPair> pairs;
    for (const std::optional<CopyPair>& r : found) {
      if (r) pairs.push_back(*r);
    }
    std::stable_sort(pairs.begin(), pairs.end(), Stronger);
    for (const CopyPair& r : pairs) {
      if (r.relation != CopyRelation::kPartial) {
        keep(r);
        continue;
      }
      const size_t sa = info_[r.a].shingles, sb = info_[r.b].shingles;
      const uint32_t container = sa >= sb ? r.a : r.b;
      const uint32_t contained = sa >= sb ? r.b : r.a;
      if (static_cast<double>(std::min(sa, sb)) <= kContainerRatio * std::max(sa, sb) &&
          Find(parent, container) != Find(parent, contained)) {
        const uint32_t earlier = first_contained[container];
        if (earlier != UINT32_MAX) {
          const std::optional<CopyPair> same = verify_one(earlier, contained);
          if (!same || !keep(*same)) continue;
        }
        if (keep(r) && earlier == UINT32_MAX) first_contained[container] = contained;
        continue;
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
  std::vector<uint8_t> rep_flags(n, 0);
  {
    std::vector<uint32_t> longest(n, UINT32_MAX), first(n, UINT32_MAX);
    for (uint32_t d = 0; d < n; ++d) {
      if (info_[d].representative != d) continue;
      const uint32_t root = Find(parent, d);
      if (longest[root] == UINT32_MAX || info_[d].body_tokens > info_[longest[root]].body_tokens) {
        longest[root] = d;
      }
      if (first[root] == UINT32_MAX || BetterOriginal(key_of(d), key_of(first[root]))) {
        first[root] = d;
      }
    }
    for (uint32_t d = 0; d < n; ++d) {
      const uint32_t root = Find(parent, d);
      rep_flags[d] = longest[root] == d || first[root] == d;
    }
  }

  // Stem signatures of those members, with the frequencies of all documents now known.
  const size_t k_stem = static_cast<size_t>(sketcher_.stem_permutations());
  const int stem_bands = std::min(options_.rewrite_bands, static_cast<int>(k_stem));
  const int stem_rows = stem_bands > 0 ? static_cast<int>(k_stem) / stem_bands : 0;
  std::unique_ptr<SpillStore> stem_sigs;
  STORYLINE_RETURN_IF_ERROR(SpillStore::Open(spill_dir_, &stem_sigs));
  std::vector<std::unique_ptr<SpillStore>> stem_band_stores(static_cast<size_t>(std::max(stem_bands, 0)));
  for (auto& s : stem_band_stores) STORYLINE_RETURN_IF_ERROR(SpillStore::Open(spill_dir_, &s));
  std::vector<uint32_t> sig_slot(n, UINT32_MAX);  // record number in stem_sigs
  std::vector<uint8_t> stem_active(n, 0);
  const double common_docs = std::max(static_cast<double>(options_.rewrite_common_stem_min_docs),
                                      options_.rewrite_common_stem_share * static_cast<double>(n));
  {
    std::vector<uint32_t> members;
    for (uint32_t d = 0; d < n; ++d) {
      if (rep_flags[d]) members.push_back(d);
    }
    std::vector<uint32_t> sigs;
    for (size_t lo = 0; lo < members.size(); lo += kChunkDocs) {
      const size_t hi = std::min(members.size(), lo + kChunkDocs);
      sigs.assign((hi - lo) * k_stem, 0);
      tbb::parallel_for(lo, hi, [&](size_t i) {
        const DocInfo& di = info_[members[i]];
        std::vector<uint64_t> stems(di.stems_count);
        stems_->Read(di.stems_offset, stems.size() * sizeof(uint64_t),
                     stems.data());
        std::erase_if(stems, [&](uint64_t s) { return stem_frequency_->Get(s) > common_docs; });
        stem_active[members[i]] = !stems.empty();
        sketcher_.SignStems(stems, sigs.data() + (i - lo) * k_stem);
      });
      for (size_t i = lo; i < hi; ++i) {
        const uint32_t d = members[i];
        const uint32_t* sig = sigs.data() + (i - lo) * k_stem;
        sig_slot[d] = static_cast<uint32_t>(i);
        stem_sigs->AppendValues(std::span<const uint32_t>(sig, k_stem));
        if (!stem_active[d]) continue;
        for (int b = 0; b < stem_bands; ++b) {
          AppendBandKey(*stem_band_stores[b], dedup::BandKey(sig + b * stem_rows, stem_rows, b), d);
        }
      }
    }
    stem_sigs->Flush();
    for (auto& s : stem_band_stores) s->Flush();
  }
  STORYLINE_RETURN_IF_ERROR(SpillStatus());
  STORYLINE_RETURN_IF_ERROR(stem_sigs->status());

  // Candidates are checked for rewrites only when their stem signatures agree on >=
  // kRewriteStemJaccard of their values (a 50%-spun copy has ~0.33, and is a stem candidate with
  // probability ~0.7 only): sentence alignment is the costly check. Stem candidates below that
  // are dropped: one band of three values agreeing by chance, which grows with the square of the
  // corpus (100,000 synthetic articles: 66,000 stem candidates, ~6,000 above it). Window
  // candidates below it are still measured for partial copies, which share a passage verbatim.
  std::vector<uint64_t> stem_pairs, window_pairs;
  for (auto& store : stem_band_stores) {
    BandEntries entries = ReadBandCollisions(*store, [](uint32_t) { return true; });
    store.reset();
    dedup::BucketPairs(&entries, options_.max_bucket_size, &stem_pairs);
  }
  SortUnique(&stem_pairs);
  for (auto& store : window_bands_) {
    BandEntries entries = ReadBandCollisions(*store, [&](uint32_t d) { return rep_flags[d] != 0; });
    store.reset();
    dedup::BucketPairs(&entries, options_.max_bucket_size, &window_pairs);
  }
  SortUnique(&window_pairs);
  {
    std::vector<uint64_t> pairs;
    std::set_difference(window_pairs.begin(), window_pairs.end(), stem_pairs.begin(),
                        stem_pairs.end(), std::back_inserter(pairs));
    window_pairs = std::move(pairs);
  }
  std::vector<uint64_t> join_pairs = std::move(stem_pairs);
  const size_t first_window = join_pairs.size();
  join_pairs.insert(join_pairs.end(), window_pairs.begin(), window_pairs.end());
  window_pairs = {};
  std::vector<uint8_t> rewrite(join_pairs.size(), 0);
  tbb::parallel_for(size_t{0}, join_pairs.size(), [&](size_t i) {
    const uint32_t a = static_cast<uint32_t>(join_pairs[i] >> 32);
    const uint32_t b = static_cast<uint32_t>(join_pairs[i] & 0xffffffffu);
    if (!stem_active[a] || !stem_active[b]) return;
    std::vector<uint32_t> x(k_stem), y(k_stem);
    stem_sigs->Read(uint64_t{sig_slot[a]} * k_stem * sizeof(uint32_t), k_stem * sizeof(uint32_t),
                    x.data());
    stem_sigs->Read(uint64_t{sig_slot[b]} * k_stem * sizeof(uint32_t), k_stem * sizeof(uint32_t),
                    y.data());
    rewrite[i] = dedup::EstimateJaccard(x, y) >= kRewriteStemJaccard;
  });
  {
    size_t out = 0;
    for (size_t i = 0; i < join_pairs.size(); ++i) {
      if (i < first_window && !rewrite[i]) continue;
      join_pairs[out] = join_pairs[i];
      rewrite[out++] = rewrite[i];
    }
    join_pairs.resize(out);
    rewrite.resize(out);
  }
  stem_sigs.reset();
  std::vector<std::optional<CopyPair>> joins = VerifyPairs(join_pairs, rewrite);
  STORYLINE_RETURN_IF_ERROR(SpillStatus());
  join_pairs = {};
  rewrite = {};
  keep_all(joins);
  joins = {};
  if (kept.empty()) return Status::Ok();

  // 4. Groups: the original, then each member's link to it.
  std::unordered_map<uint32_t, std::vector<uint32_t>> members;
  for (size_t d = 0; d < n; ++d) {
    if (best_incident[d] < 0) continue;
    members[Find(parent, static_cast<uint32_t>(d))].push_back(static_cast<uint32_t>(d));
  }
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> by_original;
  by_original.reserve(members.size());
  std::vector<uint64_t> unverified;  // (original, member) pairs to verify now
  for (auto& [root, list] : members) {
    std::sort(list.begin(), list.end());
    uint32_t orig = list[0];
    for (uint32_t m : list) {
      if (BetterOriginal(key_of(m), key_of(orig))) orig = m;
    }
    for (uint32_t m : list) {
      if (m != orig && !verified.contains(PairKey(orig, m))) unverified.push_back(PairKey(orig, m));
    }
    by_original.emplace_back(orig, std::move(list));
  }
  members = {};
  SortUnique(&unverified);
  const std::vector<std::optional<CopyPair>> direct_links = VerifyPairs(unverified, {});
  STORYLINE_RETURN_IF_ERROR(SpillStatus());

  groups->reserve(by_original.size());
  for (const auto& [orig, list] : by_original) {
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
        const auto at = std::lower_bound(unverified.begin(), unverified.end(), PairKey(orig, m));
        link = direct_links[static_cast<size_t>(at - unverified.begin())];
      }
      if (!link) link = kept[best_incident[m]];
      g.copies.push_back(CopyLink{m, link->relation, link->similarity});
    }
    groups->push_back(std::move(g));
  }
  std::sort(groups->begin(), groups->end(), [](const DuplicateGroup& x, const DuplicateGroup& y) {
    return x.original < y.original;
  });
  return Status::Ok();
}

Status DuplicateFinder::Impl::SpillStatus() const {
  for (const SpillStore* s : {features_.get(), stems_.get()}) {
    if (s) STORYLINE_RETURN_IF_ERROR(s->status());
  }
  for (const auto* bands : {&whole_bands_, &window_bands_}) {
    for (const auto& s : *bands) {
      if (s) STORYLINE_RETURN_IF_ERROR(s->status());
    }
  }
  return Status::Ok();
}

size_t DuplicateFinder::Impl::MemoryBytes() const {
  size_t bytes = info_.capacity() * sizeof(DocInfo) + simhashes_.capacity() * sizeof(uint64_t) +
                 exact_pairs_.capacity() * sizeof(uint64_t) +
                 exact_runs_.capacity() * (sizeof(std::pair<uint64_t, uint64_t>) + 8 + 1) +
                 stem_frequency_->cells() * sizeof(uint32_t);
  for (const SpillStore* s : {features_.get(), stems_.get()}) bytes += s ? s->MemoryBytes() : 0;
  for (const auto* bands : {&whole_bands_, &window_bands_}) {
    for (const auto& s : *bands) bytes += s ? s->MemoryBytes() : 0;
  }
  return bytes;
}

uint64_t DuplicateFinder::Impl::StoredBytes() const {
  uint64_t bytes = 0;
  for (const SpillStore* s : {features_.get(), stems_.get()}) bytes += s ? s->size() : 0;
  for (const auto* bands : {&whole_bands_, &window_bands_}) {
    for (const auto& s : *bands) bytes += s ? s->size() : 0;
  }
  return bytes;
}

std::optional<CopyPair> VerifyPair(const Document& a, const Document& b,
                                   const DedupOptions& options) {
  return Verify(0, 1, BuildVerifyFeatures(a.text, options), BuildVerifyFeatures(b.text, options),
                options);
}

std::vector<DuplicateGroup> FindDuplicates(std::span<const Document> docs,
                                           const DedupOptions& options) {
  if (docs.size() < 2 || docs.size() > UINT32_MAX) return {};
  size_t total_tokens = 0;
  for (const Document& d : docs) total_tokens += d.text.body.size();
  std::unique_ptr<DuplicateFinder> finder;
  std::vector<DuplicateGroup> groups;
  // In memory, nothing can fail.
  if (!DuplicateFinder::Create(options, "", std::max<size_t>(total_tokens, 2), &finder).ok()) {
    return {};
  }
  if (!finder->Add(docs).ok() || !finder->Finish(&groups).ok()) return {};
  return groups;
}

}  // namespace storyline
