// DedupIndex: entries in slots (reused after removal), one table of LSH key -> slots for all
// candidate indexes, and the verified pairs as adjacency lists; groups are found by walking
// the pairs, so a removal that splits a group needs no bookkeeping.
//
// LSH keys are 32 bits: the hash of one band's rows, seeded by the index kind and band number,
// so that the kinds share one table without meeting. Two unrelated bands collide with
// probability 2^-32; a collision costs one extra verification, never a false report.
//
// The saved file: a header (magic, format version, payload size, XXH3 of the payload), then the
// payload as one zstd frame. The payload holds the signature options, the counters, every live
// entry with its slot, keys, features and pairs, and the stem-frequency cells.
#include "storyline/dedup_index.h"

#include <absl/container/flat_hash_map.h>
#include <tbb/parallel_for.h>
#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

#include "dedup/minhash.h"
#include "dedup/sketch.h"
#include "dedup/verify.h"
#include "storyline/dedup.h"

namespace storyline {
namespace {

using dedup::OriginalKey;
using dedup::VerifyFeatures;

constexpr char kMagic[8] = {'S', 'L', 'D', 'E', 'D', 'U', 'P', '\n'};
constexpr uint32_t kFormatVersion = 1;
// Cells of the stem-frequency sketch: 2^20 per row, two rows, 4 bytes each = 8 MiB.
constexpr size_t kStemCells = size_t{1} << 20;

enum KeyKind : uint64_t { kExactKey = 1, kNearKey = 2, kWindowKey = 3, kStemKey = 4 };

uint32_t BandKey(KeyKind kind, int band, const uint32_t* rows, int count) {
  return static_cast<uint32_t>(
      XXH3_64bits_withSeed(rows, static_cast<size_t>(count) * sizeof(uint32_t),
                           kind << 32 | static_cast<uint64_t>(band)));
}

struct Edge {
  uint32_t other = 0;
  CopyRelation relation = CopyRelation::kNear;
  double similarity = 0;
};

struct Entry {
  bool live = false;
  std::string id;
  uint64_t order = 0;  // insertion counter: the last tie-break for the original
  std::optional<UnixSeconds> published;
  uint64_t text_bytes = 0;
  std::vector<uint32_t> keys;  // unique
  VerifyFeatures features;
  std::vector<Edge> edges;

  OriginalKey Key() const { return {published, text_bytes, order}; }
};

// Little-endian binary writer and bounds-checked reader for the saved file.
class Writer {
 public:
  template <typename T>
  void Pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const char* p = reinterpret_cast<const char*>(&v);
    out_.append(p, sizeof(T));
  }
  template <typename T>
  void Vec(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Pod<uint64_t>(v.size());
    out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void Str(std::string_view s) {
    Pod<uint64_t>(s.size());
    out_.append(s);
  }
  std::string& data() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  bool Pod(T* v) {
    if (in_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  template <typename T>
  bool Vec(std::vector<T>* v) {
    static_assert(std::is_trivially_copyable_v<T>);
    uint64_t n = 0;
    if (!Pod(&n) || n > (in_.size() - pos_) / sizeof(T)) return false;
    v->resize(n);
    std::memcpy(v->data(), in_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return true;
  }
  bool Str(std::string* s) {
    uint64_t n = 0;
    if (!Pod(&n) || n > in_.size() - pos_) return false;
    s->assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

// LSH key -> the slots that hold it. Most keys are held by one document: the hash map's value
// is then that slot itself; a key held by several points (high bit set) to a list of nodes
// (slot, next), newest first. Nodes are recycled.
class KeyTable {
 public:
  static constexpr uint32_t kMaxSlot = 0x7fffffffu;

  void Insert(uint32_t key, uint32_t slot) {
    auto [it, inserted] = head_.try_emplace(key, slot);
    if (inserted) return;
    if (!(it->second & kList)) it->second = NewNode(it->second, kNone) | kList;
    it->second = NewNode(slot, it->second & ~kList) | kList;
  }

  void Erase(uint32_t key, uint32_t slot) {
    auto it = head_.find(key);
    if (it == head_.end()) return;
    if (!(it->second & kList)) {
      if (it->second == slot) head_.erase(it);
      return;
    }
    uint32_t previous = kNone, node = it->second & ~kList;
    while (node != kNone && nodes_[node].slot != slot) {
      previous = node;
      node = nodes_[node].next;
    }
    if (node == kNone) return;
    if (previous != kNone) {
      nodes_[previous].next = nodes_[node].next;
    } else {
      it->second = nodes_[node].next | kList;
    }
    free_.push_back(node);
    const uint32_t first = it->second & ~kList;
    if (nodes_[first].next == kNone) {  // one holder left: back to a direct slot
      it->second = nodes_[first].slot;
      free_.push_back(first);
    }
  }

  // Makes room for `keys` distinct keys at once (a load knows how many are coming), instead of
  // growing the table by rehashing as they arrive.
  void Reserve(size_t keys) { head_.reserve(keys); }

  // Calls f(slot) for the `cap` most recently inserted slots holding `key`.
  template <typename F>
  void ForEach(uint32_t key, size_t cap, F f) const {
    auto it = head_.find(key);
    if (it == head_.end() || cap == 0) return;
    if (!(it->second & kList)) {
      f(it->second);
      return;
    }
    for (uint32_t node = it->second & ~kList; node != kNone && cap > 0;
         node = nodes_[node].next, --cap) {
      f(nodes_[node].slot);
    }
  }

  size_t MemoryBytes() const {
    return head_.capacity() * (sizeof(std::pair<uint32_t, uint32_t>) + 1) +
           nodes_.capacity() * sizeof(Node) + free_.capacity() * sizeof(uint32_t);
  }

 private:
  static constexpr uint32_t kList = 0x80000000u;
  static constexpr uint32_t kNone = 0x7fffffffu;
  struct Node {
    uint32_t slot;
    uint32_t next;
  };

  uint32_t NewNode(uint32_t slot, uint32_t next) {
    if (!free_.empty()) {
      const uint32_t node = free_.back();
      free_.pop_back();
      nodes_[node] = {slot, next};
      return node;
    }
    nodes_.push_back({slot, next});
    return static_cast<uint32_t>(nodes_.size() - 1);
  }

  absl::flat_hash_map<uint32_t, uint32_t> head_;
  std::vector<Node> nodes_;
  std::vector<uint32_t> free_;
};

// The options that shape signatures and keys, as saved.
struct SignatureOptions {
  int32_t shingle_words, permutations, bands, rewrite_permutations, rewrite_bands;
  uint64_t common_min_docs;
  double common_share;

  explicit SignatureOptions(const DedupOptions& o)
      : shingle_words(o.shingle_words),
        permutations(o.permutations),
        bands(o.bands),
        rewrite_permutations(o.rewrite_permutations),
        rewrite_bands(o.rewrite_bands),
        common_min_docs(o.rewrite_common_stem_min_docs),
        common_share(o.rewrite_common_stem_share) {}
  bool operator==(const SignatureOptions&) const = default;
};

}  // namespace

struct DedupIndex::Prepared::Data {
  std::string id;
  std::optional<UnixSeconds> published;
  uint64_t text_bytes = 0;
  VerifyFeatures features;
  std::vector<uint32_t> keys;   // all but the stem keys
  std::vector<uint64_t> stems;  // distinct content stems, sorted
};

struct DedupIndex::Impl {
  explicit Impl(const DedupOptions& o) : options(o), sketcher(o), stem_frequency(kStemCells) {}

  DedupOptions options;
  dedup::Sketcher sketcher;
  dedup::StemFrequency stem_frequency;
  uint64_t added_total = 0;  // documents ever added: the N of the common-stem rule
  uint64_t next_order = 0;
  std::vector<Entry> entries;
  std::vector<uint32_t> free_slots;
  std::unordered_map<std::string, uint32_t> by_id;
  KeyTable table;

  bool Counts(CopyRelation r) const { return (options.copy_relations & RelationBit(r)) != 0; }
  void AddStemKeys(std::vector<uint64_t> stems, std::vector<uint32_t>* keys);
  std::vector<uint32_t> Component(uint32_t slot) const;
  uint32_t OriginalOf(const std::vector<uint32_t>& component) const;
  std::optional<Edge> LinkTo(uint32_t original, uint32_t member) const;
};

DedupIndex::Prepared::Prepared() = default;
DedupIndex::Prepared::~Prepared() = default;
DedupIndex::Prepared::Prepared(Prepared&&) noexcept = default;
DedupIndex::Prepared& DedupIndex::Prepared::operator=(Prepared&&) noexcept = default;

DedupIndex::Prepared DedupIndex::Prepare(const Document& doc) const {
  const Impl& im = *impl_;
  Prepared prepared;
  prepared.data_ = std::make_unique<Prepared::Data>();
  Prepared::Data& p = *prepared.data_;
  p.id = doc.id;
  p.published = doc.published;
  p.text_bytes = doc.TextBytes();
  p.features = dedup::BuildVerifyFeatures(doc.text, im.options);
  if (doc.text.body.empty()) return prepared;
  const uint64_t exact[2] = {doc.text.exact_hash, doc.text.body.size()};
  p.keys.push_back(BandKey(kExactKey, 0, reinterpret_cast<const uint32_t*>(exact), 4));
  const int k = im.sketcher.permutations();
  std::vector<uint32_t> whole(k), windows;
  if (im.sketcher.SignText(doc.text, whole.data(), &windows)) {
    const int bands = std::clamp(im.options.bands, 1, k);
    const int rows = k / bands;
    for (int b = 0; b < bands; ++b) p.keys.push_back(BandKey(kNearKey, b, &whole[b * rows], rows));
    const int kw = im.sketcher.window_values(), wr = im.sketcher.window_rows();
    for (size_t w = 0; w * kw < windows.size(); ++w) {
      for (int b = 0; b < im.sketcher.window_bands(); ++b) {
        p.keys.push_back(BandKey(kWindowKey, b, &windows[w * kw + b * wr], wr));
      }
    }
  }
  p.stems = dedup::ContentStems(doc.text);
  return prepared;
}

// The stem keys need the frequencies of the documents added so far: added under the caller's
// serialisation, in insertion order, so the index is deterministic.
void DedupIndex::Impl::AddStemKeys(std::vector<uint64_t> stems, std::vector<uint32_t>* keys) {
  const double common = std::max(static_cast<double>(options.rewrite_common_stem_min_docs),
                                 options.rewrite_common_stem_share * (added_total + 1.0));
  for (uint64_t s : stems) stem_frequency.Add(s);
  std::erase_if(stems, [&](uint64_t s) { return stem_frequency.Get(s) > common; });
  if (!stems.empty()) {
    const int ks = sketcher.stem_permutations();
    std::vector<uint32_t> sig(ks);
    sketcher.SignStems(stems, sig.data());
    const int bands = std::clamp(options.rewrite_bands, 1, ks);
    const int rows = ks / bands;
    for (int b = 0; b < bands; ++b) keys->push_back(BandKey(kStemKey, b, &sig[b * rows], rows));
  }
  std::sort(keys->begin(), keys->end());
  keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
}

std::vector<uint32_t> DedupIndex::Impl::Component(uint32_t slot) const {
  std::vector<uint32_t> members = {slot};
  std::unordered_set<uint32_t> seen = {slot};
  for (size_t i = 0; i < members.size(); ++i) {
    for (const Edge& e : entries[members[i]].edges) {
      if (seen.insert(e.other).second) members.push_back(e.other);
    }
  }
  return members;
}

uint32_t DedupIndex::Impl::OriginalOf(const std::vector<uint32_t>& component) const {
  uint32_t best = component[0];
  for (uint32_t m : component) {
    if (dedup::BetterOriginal(entries[m].Key(), entries[best].Key())) best = m;
  }
  return best;
}

// The member's link to the original: their verified pair; else measured now; else the
// member's strongest pair, through which it joined (as FindDuplicates does).
std::optional<Edge> DedupIndex::Impl::LinkTo(uint32_t original, uint32_t member) const {
  const Entry& m = entries[member];
  const Edge* strongest = nullptr;
  for (const Edge& e : m.edges) {
    if (e.other == original) return e;
    if (!strongest || dedup::Stronger(CopyPair{0, 0, e.relation, e.similarity},
                                      CopyPair{0, 0, strongest->relation, strongest->similarity})) {
      strongest = &e;
    }
  }
  if (auto r = dedup::Verify(original, member, entries[original].features, m.features, options);
      r && Counts(r->relation)) {
    return Edge{original, r->relation, r->similarity};
  }
  if (strongest) return *strongest;
  return std::nullopt;
}

DedupIndex::DedupIndex(const DedupOptions& options) : impl_(std::make_unique<Impl>(options)) {}
DedupIndex::~DedupIndex() = default;

Status DedupIndex::Add(const Document& doc) { return Add(Prepare(doc)); }

Status DedupIndex::Add(Prepared prepared) {
  Impl& im = *impl_;
  if (!prepared.data_) return Status::InvalidArgument("document not prepared by this index");
  Prepared::Data& p = *prepared.data_;
  if (p.id.empty()) return Status::InvalidArgument("document without id");
  if (im.by_id.contains(p.id)) return Status::InvalidArgument("duplicate id: " + p.id);
  uint32_t slot;
  if (!im.free_slots.empty()) {
    slot = im.free_slots.back();
    im.free_slots.pop_back();
  } else {
    if (im.entries.size() >= KeyTable::kMaxSlot) return Status::InvalidArgument("index is full");
    slot = static_cast<uint32_t>(im.entries.size());
    im.entries.emplace_back();
  }
  Entry e;
  e.live = true;
  e.id = std::move(p.id);
  e.order = im.next_order++;
  e.published = p.published;
  e.text_bytes = p.text_bytes;
  e.features = std::move(p.features);
  e.keys = std::move(p.keys);
  im.AddStemKeys(std::move(p.stems), &e.keys);
  ++im.added_total;

  // Candidates: the first max_bucket_size members of each bucket the document falls in.
  std::vector<uint32_t> candidates;
  const size_t cap = std::max<size_t>(im.options.max_bucket_size, 2);
  for (uint32_t key : e.keys) {
    im.table.ForEach(key, cap, [&](uint32_t slot) { candidates.push_back(slot); });
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<std::optional<CopyPair>> results(candidates.size());
  auto verify = [&](size_t i) {
    results[i] = dedup::Verify(candidates[i], slot, im.entries[candidates[i]].features,
                               e.features, im.options);
  };
  if (candidates.size() >= 8) {
    tbb::parallel_for(size_t{0}, candidates.size(), verify);
  } else {
    for (size_t i = 0; i < candidates.size(); ++i) verify(i);
  }
  for (size_t i = 0; i < candidates.size(); ++i) {
    const std::optional<CopyPair>& r = results[i];
    if (!r || !im.Counts(r->relation)) continue;
    im.entries[candidates[i]].edges.push_back(Edge{slot, r->relation, r->similarity});
    e.edges.push_back(Edge{candidates[i], r->relation, r->similarity});
  }
  for (uint32_t key : e.keys) im.table.Insert(key, slot);
  im.by_id.emplace(e.id, slot);
  im.entries[slot] = std::move(e);
  return Status::Ok();
}

bool DedupIndex::Remove(std::string_view id) {
  Impl& im = *impl_;
  auto it = im.by_id.find(std::string(id));
  if (it == im.by_id.end()) return false;
  const uint32_t slot = it->second;
  im.by_id.erase(it);
  Entry& e = im.entries[slot];
  for (uint32_t key : e.keys) im.table.Erase(key, slot);
  for (const Edge& edge : e.edges) {
    std::erase_if(im.entries[edge.other].edges, [&](const Edge& x) { return x.other == slot; });
  }
  e = Entry();  // frees its memory; the stem frequencies keep counting it (see header)
  im.free_slots.push_back(slot);
  return true;
}

bool DedupIndex::Contains(std::string_view id) const {
  return impl_->by_id.contains(std::string(id));
}

size_t DedupIndex::size() const { return impl_->by_id.size(); }

std::optional<IndexPlacement> DedupIndex::Placement(std::string_view id) const {
  const Impl& im = *impl_;
  auto it = im.by_id.find(std::string(id));
  if (it == im.by_id.end()) return std::nullopt;
  const std::vector<uint32_t> component = im.Component(it->second);
  const uint32_t original = im.OriginalOf(component);
  IndexPlacement p;
  p.original = im.entries[original].id;
  p.group_size = component.size();
  if (original != it->second) {
    if (const std::optional<Edge> link = im.LinkTo(original, it->second)) {
      p.relation = link->relation;
      p.similarity = link->similarity;
    }
  }
  return p;
}

std::vector<IndexGroup> DedupIndex::Groups() const {
  const Impl& im = *impl_;
  std::vector<uint32_t> slots;
  for (uint32_t s = 0; s < im.entries.size(); ++s) {
    if (im.entries[s].live && !im.entries[s].edges.empty()) slots.push_back(s);
  }
  std::sort(slots.begin(), slots.end(),
            [&](uint32_t a, uint32_t b) { return im.entries[a].order < im.entries[b].order; });
  std::unordered_set<uint32_t> done;
  std::vector<IndexGroup> groups;
  for (uint32_t s : slots) {
    if (done.contains(s)) continue;
    std::vector<uint32_t> component = im.Component(s);
    done.insert(component.begin(), component.end());
    std::sort(component.begin(), component.end(), [&](uint32_t a, uint32_t b) {
      return im.entries[a].order < im.entries[b].order;
    });
    const uint32_t original = im.OriginalOf(component);
    IndexGroup g;
    g.original = im.entries[original].id;
    for (uint32_t m : component) {
      if (m == original) continue;
      const std::optional<Edge> link = im.LinkTo(original, m);
      g.copies.push_back({im.entries[m].id, link ? link->relation : CopyRelation::kRewrite,
                          link ? link->similarity : 0.0});
    }
    groups.push_back(std::move(g));
  }
  return groups;
}

size_t DedupIndex::MemoryBytes() const {
  const Impl& im = *impl_;
  size_t bytes = im.table.MemoryBytes() + im.stem_frequency.cells() * sizeof(uint32_t) +
                 im.entries.capacity() * sizeof(Entry) + im.free_slots.capacity() * 4;
  for (const Entry& e : im.entries) {
    if (!e.live) continue;
    bytes += e.id.capacity() + e.keys.capacity() * 4 + e.features.HeapBytes() +
             e.edges.capacity() * sizeof(Edge);
    bytes += e.id.size() + 48;  // the by_id node: key copy, slot, hash-node overhead
  }
  return bytes;
}

Status DedupIndex::Save(const std::string& path) const {
  const Impl& im = *impl_;
  Writer w;
  w.Pod(SignatureOptions(im.options));
  w.Pod(im.added_total);
  w.Pod(im.next_order);
  w.Pod<uint64_t>(im.entries.size());
  w.Pod<uint64_t>(im.by_id.size());
  for (uint32_t s = 0; s < im.entries.size(); ++s) {
    const Entry& e = im.entries[s];
    if (!e.live) continue;
    w.Pod(s);
    w.Str(e.id);
    w.Pod(e.order);
    w.Pod<uint8_t>(e.published.has_value());
    w.Pod<int64_t>(e.published.value_or(0));
    w.Pod(e.text_bytes);
    w.Vec(e.keys);
    w.Pod(e.features.exact_hash);
    w.Pod(e.features.body_tokens);
    w.Vec(e.features.shingles);
    w.Vec(e.features.sentences.offsets);
    w.Vec(e.features.sentences.stems);
    w.Vec(e.edges);
  }
  w.Vec(im.stem_frequency.Cells());
  const std::string& payload = w.data();

  std::string compressed(ZSTD_compressBound(payload.size()), '\0');
  const size_t n = ZSTD_compress(compressed.data(), compressed.size(), payload.data(),
                                 payload.size(), /*compressionLevel=*/3);
  if (ZSTD_isError(n)) return Status::IoError(std::string("zstd: ") + ZSTD_getErrorName(n));
  compressed.resize(n);

  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError("cannot write " + tmp);
    Writer header;
    header.Pod(kMagic);
    header.Pod(kFormatVersion);
    header.Pod<uint64_t>(payload.size());
    header.Pod<uint64_t>(XXH3_64bits(payload.data(), payload.size()));
    out.write(header.data().data(), static_cast<std::streamsize>(header.data().size()));
    out.write(compressed.data(), static_cast<std::streamsize>(compressed.size()));
    out.flush();
    if (!out) return Status::IoError("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IoError("cannot rename " + tmp + " to " + path + ": " + ec.message());
  return Status::Ok();
}

Status DedupIndex::Load(const std::string& path, const DedupOptions& options,
                        std::unique_ptr<DedupIndex>* index) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Reader header(file);
  char magic[8];
  uint32_t version = 0;
  uint64_t payload_size = 0, checksum = 0;
  if (!header.Pod(&magic) || std::memcmp(magic, kMagic, sizeof(kMagic)) != 0) {
    return Status::Corruption(path + ": not a storyline dedup index");
  }
  if (!header.Pod(&version) || version != kFormatVersion) {
    return Status::Unsupported(path + ": index format version " + std::to_string(version) +
                               ", this build reads version " + std::to_string(kFormatVersion));
  }
  if (!header.Pod(&payload_size) || !header.Pod(&checksum)) {
    return Status::Corruption(path + ": truncated header");
  }
  constexpr size_t kHeaderBytes = sizeof(kMagic) + 4 + 8 + 8;
  const size_t frame_size = ZSTD_findFrameCompressedSize(file.data() + kHeaderBytes,
                                                         file.size() - kHeaderBytes);
  const unsigned long long content =
      ZSTD_getFrameContentSize(file.data() + kHeaderBytes, file.size() - kHeaderBytes);
  if (ZSTD_isError(frame_size) || content != payload_size ||
      kHeaderBytes + frame_size != file.size()) {
    return Status::Corruption(path + ": damaged or truncated data");
  }
  std::string payload(payload_size, '\0');
  const size_t n = ZSTD_decompress(payload.data(), payload.size(), file.data() + kHeaderBytes,
                                   frame_size);
  if (ZSTD_isError(n) || n != payload_size ||
      XXH3_64bits(payload.data(), payload.size()) != checksum) {
    return Status::Corruption(path + ": checksum mismatch");
  }

  auto result = std::make_unique<DedupIndex>(options);
  Impl& im = *result->impl_;
  Reader r(payload);
  SignatureOptions saved(options);
  if (!r.Pod(&saved)) return Status::Corruption(path + ": truncated");
  if (!(saved == SignatureOptions(options))) {
    return Status::InvalidArgument(
        path + ": the index was built with other signature options (shingle words, "
               "permutations, bands or rewrite settings) than this run's");
  }
  uint64_t slots = 0, live = 0;
  if (!r.Pod(&im.added_total) || !r.Pod(&im.next_order) || !r.Pod(&slots) || !r.Pod(&live) ||
      slots > KeyTable::kMaxSlot || live > slots) {
    return Status::Corruption(path + ": truncated");
  }
  im.entries.resize(slots);
  for (uint64_t i = 0; i < live; ++i) {
    uint32_t s = 0;
    uint8_t has_time = 0;
    int64_t time = 0;
    Entry e;
    e.live = true;
    bool ok = r.Pod(&s) && s < slots && !im.entries[s].live && r.Str(&e.id) && r.Pod(&e.order) &&
              r.Pod(&has_time) && r.Pod(&time) && r.Pod(&e.text_bytes) && r.Vec(&e.keys) &&
              r.Pod(&e.features.exact_hash) && r.Pod(&e.features.body_tokens) &&
              r.Vec(&e.features.shingles) && r.Vec(&e.features.sentences.offsets) &&
              r.Vec(&e.features.sentences.stems) && r.Vec(&e.edges);
    if (!ok || e.features.sentences.offsets.empty() ||
        e.features.sentences.offsets.back() != e.features.sentences.stems.size()) {
      return Status::Corruption(path + ": bad entry " + std::to_string(i));
    }
    for (size_t j = 1; j < e.features.sentences.offsets.size(); ++j) {
      if (e.features.sentences.offsets[j] < e.features.sentences.offsets[j - 1]) {
        return Status::Corruption(path + ": bad entry " + std::to_string(i));
      }
    }
    dedup::CountStemSentences(&e.features.sentences);
    if (has_time) e.published = time;
    for (const Edge& edge : e.edges) {
      if (edge.other >= slots || edge.other == s ||
          static_cast<unsigned>(edge.relation) > static_cast<unsigned>(CopyRelation::kRewrite) ||
          !(edge.similarity >= 0 && edge.similarity <= 1)) {
        return Status::Corruption(path + ": bad pair");
      }
    }
    if (e.features.shingles.size() > e.features.body_tokens ||
        !std::is_sorted(e.features.shingles.begin(), e.features.shingles.end())) {
      return Status::Corruption(path + ": bad entry " + std::to_string(i));
    }
    if (!im.by_id.emplace(e.id, s).second) return Status::Corruption(path + ": repeated id");
    im.entries[s] = std::move(e);
  }
  std::vector<uint32_t> cells;
  if (!r.Vec(&cells) || cells.size() != im.stem_frequency.cells() || !r.done()) {
    return Status::Corruption(path + ": truncated");
  }
  im.stem_frequency.SetCells(cells);
  // Keys go back in insertion order, so oversized buckets list the same members as before.
  std::vector<uint32_t> by_order;
  for (uint32_t s = 0; s < slots; ++s) {
    if (im.entries[s].live) by_order.push_back(s);
  }
  std::sort(by_order.begin(), by_order.end(), [&](uint32_t a, uint32_t b) {
    return im.entries[a].order < im.entries[b].order;
  });
  size_t keys = 0;
  for (uint32_t s : by_order) keys += im.entries[s].keys.size();
  im.table.Reserve(keys);
  for (uint32_t s : by_order) {
    for (uint32_t key : im.entries[s].keys) im.table.Insert(key, s);
  }
  for (uint32_t s = 0; s < slots; ++s) {
    if (!im.entries[s].live) {
      im.free_slots.push_back(s);
      continue;
    }
    for (const Edge& edge : im.entries[s].edges) {
      const Entry& other = im.entries[edge.other];
      if (!other.live || std::none_of(other.edges.begin(), other.edges.end(),
                                      [&](const Edge& back) { return back.other == s; })) {
        return Status::Corruption(path + ": bad pair");
      }
    }
  }
  std::reverse(im.free_slots.begin(), im.free_slots.end());
  *index = std::move(result);
  return Status::Ok();
}

}  // namespace storyline
