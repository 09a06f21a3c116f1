// DedupIndex: entries in slots (reused after removal), one table of LSH key -> slots for all
// candidate indexes, and the verified pairs as adjacency lists; groups are found by walking
// the pairs, so a removal that splits a group needs no bookkeeping.
//
// LSH keys are 32 bits: the hash of one band's rows, seeded by the index kind and band number,
// so that the kinds share one table without meeting. Two unrelated bands collide with
// probability 2^-32; a collision costs one extra verification, never a false report.
//
// The saved file: a header (magic, format version, payload size, XXH3 of the payload), then the
// payload, uncompressed but for the stem-frequency cells: it is mostly hashes, which zstd shrank
// by 7% at the cost of seconds per save and load. The payload holds the signature options, the
// counters, the free slots, the key table's shape, every live entry with its slot, keys,
// features (with the stems' sentence counts, which a load would otherwise sort every
// document's stems to recount) and pairs, the stem-frequency cells (one zstd frame), and the
// key table as it is, so that a load reads it back in one pass instead of inserting every key
// again.
#include "storyline/dedup_index.h"

#include <tbb/parallel_for.h>
#include <tbb/task_group.h>
#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

#include "core/framed_file.h"
#include "dedup/minhash.h"
#include "dedup/sketch.h"
#include "dedup/verify.h"
#include "storyline/dedup.h"

namespace storyline {
namespace {

using dedup::OriginalKey;
using dedup::VerifyFeatures;

// Version 2: the payload mostly uncompressed, and the key table saved as it is (version 1, one
// zstd frame, rebuilt it).
constexpr FramedFileKind kFileKind = {{'S', 'L', 'D', 'E', 'D', 'U', 'P', '\n'}, 2, "dedup index"};
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

constexpr size_t kChunk = size_t{1} << 20;  // bytes per buffered file read or write

// Writes the payload to `file` through a buffer, hashing it as it goes; an array of a buffer
// or more goes to the file straight from memory.
class Writer {
 public:
  explicit Writer(std::ostream* file)
      : file_(file),
        chunk_(std::make_unique_for_overwrite<char[]>(kChunk)),
        hash_(XXH3_createState()) {
    XXH3_64bits_reset(hash_);
  }
  ~Writer() { XXH3_freeState(hash_); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  template <typename T>
  void Pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Bytes(&v, sizeof(T));
  }
  void Bytes(const void* data, size_t n) {
    if (n == 0) return;  // `data` may be null (an empty vector's)
    if (kChunk - used_ < n) Flush();
    if (n >= kChunk) {
      Write(static_cast<const char*>(data), n);
      return;
    }
    std::memcpy(chunk_.get() + used_, data, n);
    used_ += n;
  }
  template <typename T>
  void Vec(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Pod<uint64_t>(v.size());
    Bytes(v.data(), v.size() * sizeof(T));
  }
  void Str(std::string_view s) {
    Pod<uint64_t>(s.size());
    Bytes(s.data(), s.size());
  }
  // std::pair is not trivially copyable (it assigns member by member), but its bytes are its
  // two members.
  void Pairs(const std::vector<std::pair<uint32_t, uint32_t>>& v) {
    static_assert(sizeof(v[0]) == 2 * sizeof(uint32_t));
    Pod<uint64_t>(v.size());
    Bytes(v.data(), v.size() * sizeof(v[0]));
  }

  // An array of u32 as its size in bytes and one zstd frame: for the stem-frequency cells, 8 MiB
  // of small counts that are mostly zero in a small index.
  void Frame(const std::vector<uint32_t>& v) {
    std::string frame(ZSTD_compressBound(v.size() * sizeof(uint32_t)), '\0');
    const size_t n = ZSTD_compress(frame.data(), frame.size(), v.data(),
                                   v.size() * sizeof(uint32_t), /*compressionLevel=*/1);
    if (ZSTD_isError(n)) {
      error_ = Status::IoError(std::string("zstd: ") + ZSTD_getErrorName(n));
      return;
    }
    Pod<uint64_t>(n);
    Bytes(frame.data(), n);
  }

  // Writes what is buffered; the payload's size and checksum. Fails when zstd did; the caller
  // checks the file.
  Status Finish(uint64_t* payload_size, uint64_t* checksum) {
    Flush();
    *payload_size = size_;
    *checksum = XXH3_64bits_digest(hash_);
    return error_;
  }

 private:
  void Flush() {
    Write(chunk_.get(), used_);
    used_ = 0;
  }
  void Write(const char* data, size_t n) {
    XXH3_64bits_update(hash_, data, n);
    file_->write(data, static_cast<std::streamsize>(n));
    size_ += n;
  }

  std::ostream* file_;
  std::unique_ptr<char[]> chunk_;
  size_t used_ = 0;
  XXH3_state_t* hash_;
  uint64_t size_ = 0;
  Status error_;
};

// Reads the payload from `file`, bounds-checked against the payload size of the header: false
// when the payload ends first. An array is read into its destination directly, and counts are
// checked against the bytes left before anything is allocated; the checksum, at the end
// (Verify).
class Reader {
 public:
  Reader(std::istream* file, uint64_t payload_size)
      : file_(file),
        unread_(payload_size),
        chunk_(std::make_unique_for_overwrite<char[]>(kChunk)),
        hash_(XXH3_createState()) {
    XXH3_64bits_reset(hash_);
  }
  ~Reader() { XXH3_freeState(hash_); }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  template <typename T>
  bool Pod(T* v) {
    static_assert(std::is_trivially_copyable_v<T>);
    return Bytes(v, sizeof(T));
  }
  bool Bytes(void* data, size_t n) {
    if (n == 0) return true;  // `data` may be null (an empty vector's)
    if (n > left()) return false;
    char* out = static_cast<char*>(data);
    const size_t buffered = std::min(n, end_ - pos_);
    std::memcpy(out, chunk_.get() + pos_, buffered);
    pos_ += buffered;
    if (n == buffered) return true;
    out += buffered;
    n -= buffered;
    if (n >= kChunk) return Fetch(out, n);
    if (!Refill()) return false;
    std::memcpy(out, chunk_.get(), n);
    pos_ = n;
    return true;
  }
  template <typename T>
  bool Vec(std::vector<T>* v) {
    static_assert(std::is_trivially_copyable_v<T>);
    uint64_t n = 0;
    if (!Pod(&n) || n > left() / sizeof(T)) return false;
    v->resize(n);
    return Bytes(v->data(), n * sizeof(T));
  }
  bool Str(std::string* s) {
    uint64_t n = 0;
    if (!Pod(&n) || n > left()) return false;
    s->resize(n);
    return Bytes(s->data(), n);
  }
  bool Pairs(std::vector<std::pair<uint32_t, uint32_t>>* v) {
    uint64_t n = 0;
    if (!Pod(&n) || n > left() / sizeof((*v)[0])) return false;
    v->resize(n);
    return Bytes(v->data(), n * sizeof((*v)[0]));
  }

  // Reads what Writer::Frame wrote into `v`, which has the size it had.
  bool Frame(std::vector<uint32_t>* v) {
    uint64_t n = 0;
    if (!Pod(&n) || n > left()) return false;
    std::string frame(n, '\0');
    const size_t bytes = v->size() * sizeof(uint32_t);
    return Bytes(frame.data(), n) && ZSTD_getFrameContentSize(frame.data(), n) == bytes &&
           ZSTD_decompress(v->data(), bytes, frame.data(), n) == bytes;
  }

  // Payload bytes not read yet.
  uint64_t left() const { return unread_ + (end_ - pos_); }

  // Reads the rest of the payload; true when all of it could be read and its checksum is
  // `checksum`.
  bool Verify(uint64_t checksum) {
    while (left() > 0) {
      pos_ = end_;
      if (!Refill()) return false;
      pos_ = end_;
    }
    return XXH3_64bits_digest(hash_) == checksum;
  }

 private:
  // Reads the next buffer of the file. REQUIRES: the buffer is used up.
  bool Refill() {
    const size_t n = std::min<uint64_t>(kChunk, unread_);
    pos_ = end_ = 0;
    if (!Fetch(chunk_.get(), n)) return false;
    end_ = n;
    return true;
  }
  // Reads `n` bytes of the file to `out`, hashing them; on a short read, the payload ends.
  bool Fetch(char* out, uint64_t n) {
    file_->read(out, static_cast<std::streamsize>(n));
    if (static_cast<uint64_t>(file_->gcount()) != n) {
      unread_ = 0;
      return false;
    }
    XXH3_64bits_update(hash_, out, n);
    unread_ -= n;
    return true;
  }

  std::istream* file_;
  uint64_t unread_;  // payload bytes still in the file
  std::unique_ptr<char[]> chunk_;
  size_t pos_ = 0, end_ = 0;  // the buffered bytes: chunk_[pos_, end_)
  XXH3_state_t* hash_;
};

// LSH key -> the slots that hold it. Most keys are held by one document: the key's bucket then
// holds that slot itself; a key held by several points (high bit set) to a list of nodes
// (slot, next), newest first. Nodes are recycled.
//
// The buckets are one open-addressing array (linear probing, at most 4/5 full; a removal
// shifts the rest of its cluster back, so there are no tombstones). A key's home bucket is the
// top bits of its multiplicative hash: the buckets in order are nearly sorted by that hash, so
// growing the array or loading a saved table places the buckets, taken in their old order, in
// one nearly sequential pass instead of a cache miss per key (inserting the keys one by one
// was most of a restart). It replaces absl::flat_hash_map, whose layout cannot be saved and
// loaded as it is: rebuilding that map key by key took 6.5 of a 100,000-document restart's 18 s.
// How many keys ahead KeyTable lookups in a row prefetch (about the misses a core keeps in
// flight).
constexpr size_t kPrefetchAhead = 8;

class KeyTable {
 public:
  static constexpr uint32_t kMaxSlot = 0x7fffffffu;

  void Insert(uint32_t key, uint32_t slot) {
    if (const size_t b = Find(key); b != kMissing) {
      uint32_t& head = buckets_[b].value;
      if (!(head & kList)) head = NewNode(head, kNone) | kList;
      head = NewNode(slot, head & ~kList) | kList;
      return;
    }
    if ((size_ + 1) * 5 > buckets_.size() * 4) Grow();
    Place({key, slot});
    ++size_;
  }

  void Erase(uint32_t key, uint32_t slot) {
    const size_t b = Find(key);
    if (b == kMissing) return;
    uint32_t& head = buckets_[b].value;
    if (!(head & kList)) {
      if (head == slot) Vacate(b);
      return;
    }
    uint32_t previous = kNone, node = head & ~kList;
    while (node != kNone && nodes_[node].slot != slot) {
      previous = node;
      node = nodes_[node].next;
    }
    if (node == kNone) return;
    if (previous != kNone) {
      nodes_[previous].next = nodes_[node].next;
    } else {
      head = nodes_[node].next | kList;
    }
    free_.push_back(node);
    const uint32_t first = head & ~kList;
    if (nodes_[first].next == kNone) {  // one holder left: back to a direct slot
      head = nodes_[first].slot;
      free_.push_back(first);
    }
  }

  // Starts loading `key`'s home bucket into the cache. A lookup in a table of a gigabyte is a
  // cache miss; a document's few hundred keys are looked up in a row, so prefetching a few keys
  // ahead overlaps those misses instead of waiting for each in turn.
  void Prefetch(uint32_t key) const {
    if (!buckets_.empty()) __builtin_prefetch(&buckets_[Home(key)]);
  }

  // Calls f(slot) for the `cap` most recently inserted slots holding `key`.
  template <typename F>
  void ForEach(uint32_t key, size_t cap, F f) const {
    const size_t b = Find(key);
    if (b == kMissing || cap == 0) return;
    const uint32_t head = buckets_[b].value;
    if (!(head & kList)) {
      f(head);
      return;
    }
    for (uint32_t node = head & ~kList; node != kNone && cap > 0;
         node = nodes_[node].next, --cap) {
      f(nodes_[node].slot);
    }
  }

  size_t MemoryBytes() const {
    return buckets_.capacity() * sizeof(Bucket) + nodes_.capacity() * sizeof(Node) +
           free_.capacity() * sizeof(uint32_t);
  }

  // The number of buckets and of keys: saved before the entries, so that a load allocates the
  // buckets while it reads them.
  struct Shape {
    uint64_t buckets = 0;
    uint64_t keys = 0;
  };
  Shape shape() const { return {buckets_.size(), size_}; }

  // Allocates the empty buckets of a saved table of `shape` (as many as saved, unless that is
  // far more than its keys need: the table does not shrink when documents are removed), which
  // `bytes` bytes of the file are left to hold. False when these cannot be right.
  bool Allocate(Shape shape, uint64_t bytes) {
    if (shape.keys > bytes / sizeof(Bucket) ||
        !std::has_single_bit(std::max<uint64_t>(shape.buckets, 1))) {
      return false;
    }
    const uint64_t needed = std::max(kMinBuckets, std::bit_ceil((shape.keys * 5 + 3) / 4));
    AllocateBuckets(std::clamp(shape.buckets, needed, 4 * needed));
    size_ = shape.keys;
    return true;
  }

  // The table as it is, but for its shape: the nodes, the free list, then the occupied buckets
  // in order from an empty one on, wrapping around, so that each cluster starts with its first
  // bucket: placed back in that order into as many buckets, every bucket lands where it was.
  void Save(Writer* w) const {
    w->Vec(nodes_);
    w->Vec(free_);
    size_t start = 0;
    while (start < buckets_.size() && buckets_[start].value != kEmpty) ++start;
    auto write_runs = [&](size_t begin, size_t end) {
      for (size_t b = begin; b < end;) {
        size_t e = b;
        while (e < end && buckets_[e].value != kEmpty) ++e;
        if (e > b) w->Bytes(buckets_.data() + b, (e - b) * sizeof(Bucket));
        b = e + 1;
      }
    };
    write_runs(start, buckets_.size());
    write_runs(0, start);
  }

  // Reads what Save wrote into a table that Allocate prepared, for the documents whose slots
  // are true in `live` and that hold `pairs` (key, slot) pairs in all. False when it is
  // malformed: a slot not live, a node out of range, free and listed, or listed twice (so no
  // list can loop or meet another), a list of fewer than two, a repeated key, or another
  // number of pairs. Whether each pair is one of its document's keys is left to the checksum.
  bool Load(Reader* r, const std::vector<bool>& live, size_t pairs) {
    if (!r->Vec(&nodes_) || !r->Vec(&free_) || nodes_.size() >= kNone) return false;
    auto is_live = [&](uint32_t slot) { return slot < live.size() && live[slot]; };
    std::vector<bool> is_free(nodes_.size()), referenced(nodes_.size());
    for (uint32_t node : free_) {
      if (node >= nodes_.size() || is_free[node]) return false;
      is_free[node] = true;
    }
    auto reference = [&](uint32_t node) {
      if (node >= nodes_.size() || is_free[node] || referenced[node]) return false;
      referenced[node] = true;
      return true;
    };
    for (size_t n = 0; n < nodes_.size(); ++n) {
      if (is_free[n]) continue;
      if (!is_live(nodes_[n].slot) || (nodes_[n].next != kNone && !reference(nodes_[n].next))) {
        return false;
      }
    }
    size_t direct = 0;
    std::vector<Bucket> batch;
    for (uint64_t done = 0; done < size_; done += batch.size()) {
      batch.resize(std::min<uint64_t>(size_ - done, kChunk / sizeof(Bucket)));
      if (!r->Bytes(batch.data(), batch.size() * sizeof(Bucket))) return false;
      for (const Bucket& b : batch) {
        if (b.value & kList) {
          const uint32_t first = b.value & ~kList;
          if (!reference(first) || nodes_[first].next == kNone) return false;
        } else if (is_live(b.value)) {
          ++direct;
        } else {
          return false;
        }
        if (!PlaceNew(b)) return false;
      }
    }
    return direct + nodes_.size() - free_.size() == pairs;
  }

 private:
  static constexpr uint32_t kList = 0x80000000u;
  static constexpr uint32_t kNone = 0x7fffffffu;
  static constexpr uint32_t kEmpty = 0xffffffffu;  // the value of a free bucket
  static constexpr uint64_t kMinBuckets = 1024;
  static constexpr size_t kMissing = ~size_t{0};
  struct Bucket {
    uint32_t key;
    uint32_t value;  // a slot, kList | the first node, or kEmpty
  };
  struct Node {
    uint32_t slot;
    uint32_t next;
  };

  size_t Home(uint32_t key) const { return (key * 0x9e3779b9u) >> shift_; }

  size_t Find(uint32_t key) const {
    if (buckets_.empty()) return kMissing;
    for (size_t b = Home(key);; b = (b + 1) & mask_) {
      if (buckets_[b].value == kEmpty) return kMissing;
      if (buckets_[b].key == key) return b;
    }
  }

  // Puts a bucket in the first free place from its home. REQUIRES: its key is not in the table,
  // and a bucket is free.
  void Place(Bucket bucket) {
    size_t b = Home(bucket.key);
    while (buckets_[b].value != kEmpty) b = (b + 1) & mask_;
    buckets_[b] = bucket;
  }
  // Place, or false when its key is in the table already.
  bool PlaceNew(Bucket bucket) {
    size_t b = Home(bucket.key);
    for (; buckets_[b].value != kEmpty; b = (b + 1) & mask_) {
      if (buckets_[b].key == bucket.key) return false;
    }
    buckets_[b] = bucket;
    return true;
  }

  // Empties bucket `b` and moves back the buckets after it that may take its place: each one
  // whose home is not in (b, its place].
  void Vacate(size_t b) {
    for (size_t next = (b + 1) & mask_; buckets_[next].value != kEmpty;
         next = (next + 1) & mask_) {
      if (((next - Home(buckets_[next].key)) & mask_) >= ((next - b) & mask_)) {
        buckets_[b] = buckets_[next];
        b = next;
      }
    }
    buckets_[b] = {0, kEmpty};
    --size_;
  }

  void AllocateBuckets(uint64_t buckets) {
    buckets_.assign(buckets, Bucket{0, kEmpty});
    mask_ = buckets - 1;
    shift_ = 32 - std::countr_zero(buckets);
  }

  void Grow() {
    std::vector<Bucket> old = std::move(buckets_);
    AllocateBuckets(old.empty() ? kMinBuckets : 2 * old.size());
    for (const Bucket& b : old) {
      if (b.value != kEmpty) Place(b);
    }
  }

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

  std::vector<Bucket> buckets_;  // a power of two of them, or none
  size_t mask_ = 0;
  int shift_ = 32;
  size_t size_ = 0;  // occupied buckets: distinct keys
  std::vector<Node> nodes_;
  std::vector<uint32_t> free_;
};

// The options that shape signatures and keys, as saved.
// Saved as its bytes, so it has no padding: `unused` fills the four bytes before
// common_min_docs, which held whatever the stack held before it was named (files then differed
// from save to save). It is written as 0 and not compared, so files of earlier builds still load.
struct SignatureOptions {
  int32_t shingle_words, permutations, bands, rewrite_permutations, rewrite_bands;
  int32_t unused = 0;
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
  bool operator==(const SignatureOptions& x) const {
    return shingle_words == x.shingle_words && permutations == x.permutations &&
           bands == x.bands && rewrite_permutations == x.rewrite_permutations &&
           rewrite_bands == x.rewrite_bands && common_min_docs == x.common_min_docs &&
           common_share == x.common_share;
  }
};
static_assert(sizeof(SignatureOptions) == 6 * 4 + 8 + 8, "SignatureOptions is saved as its bytes");

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
  std::string Decode(Reader* r);
  std::string DecodeEntries(Reader* r, uint64_t slots, uint64_t live, size_t* keys,
                            tbb::task_group* checks, std::atomic<bool>* checked);
  bool CheckEntry(uint32_t slot) const;
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
  for (size_t i = 0; i < e.keys.size(); ++i) {
    if (i + kPrefetchAhead < e.keys.size()) im.table.Prefetch(e.keys[i + kPrefetchAhead]);
    im.table.ForEach(e.keys[i], cap, [&](uint32_t slot) { candidates.push_back(slot); });
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
  for (size_t i = 0; i < e.keys.size(); ++i) {
    if (i + kPrefetchAhead < e.keys.size()) im.table.Prefetch(e.keys[i + kPrefetchAhead]);
    im.table.Insert(e.keys[i], slot);
  }
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
  for (size_t i = 0; i < e.keys.size(); ++i) {
    if (i + kPrefetchAhead < e.keys.size()) im.table.Prefetch(e.keys[i + kPrefetchAhead]);
    im.table.Erase(e.keys[i], slot);
  }
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
  return WriteFramedFile(path, kFileKind, [&](std::ostream* out, uint64_t* payload_size,
                                               uint64_t* checksum) {
    Writer w(out);
    w.Pod(SignatureOptions(im.options));
    w.Pod(im.added_total);
    w.Pod(im.next_order);
    w.Pod<uint64_t>(im.by_id.size());
    w.Vec(im.free_slots);
    w.Pod(im.table.shape());
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
      w.Pairs(e.features.sentences.stem_sentences);
      w.Vec(e.edges);
    }
    w.Frame(im.stem_frequency.Cells());
    im.table.Save(&w);
    return w.Finish(payload_size, checksum);
  });
}

// Reads the payload after the signature options: a message for what is malformed, or an
// empty string.
std::string DedupIndex::Impl::Decode(Reader* r) {
  // Every slot is an entry of the file or a number in its free list: this bounds what is
  // allocated by the file's size before the checksum, at the end, can tell.
  constexpr uint64_t kMinEntryBytes = 64;
  uint64_t live = 0;
  KeyTable::Shape shape;
  if (!r->Pod(&added_total) || !r->Pod(&next_order) || !r->Pod(&live) || !r->Vec(&free_slots) ||
      !r->Pod(&shape) || live > r->left() / kMinEntryBytes ||
      live + free_slots.size() > KeyTable::kMaxSlot) {
    return "truncated";
  }
  const uint64_t slots = live + free_slots.size();
  // Fresh memory is slow to touch on a virtual machine, and checking an entry costs about as
  // much as reading it: while this core reads the entries, another allocates the key table's
  // buckets (a third of the index) and checks the entries read so far.
  tbb::task_group allocation, checks;
  bool allocated = false;
  std::atomic<bool> checked = true;
  allocation.run([&, bytes = r->left()] { allocated = table.Allocate(shape, bytes); });
  size_t keys = 0;
  std::string error = DecodeEntries(r, slots, live, &keys, &checks, &checked);
  allocation.wait();
  std::vector<uint32_t> cells(stem_frequency.cells());
  if (error.empty() && !r->Frame(&cells)) error = "bad stem frequencies";
  std::vector<bool> is_live(slots);
  for (uint32_t s = 0; s < slots; ++s) is_live[s] = entries[s].live;
  if (error.empty() && !(allocated && table.Load(r, is_live, keys))) error = "bad key table";
  checks.wait();
  if (!error.empty()) return error;
  if (!checked) return "bad entry";
  if (r->left() != 0) return "data after the key table";
  stem_frequency.SetCells(cells);
  // The free slots are the slots without an entry, each listed once (marked as they come).
  for (uint32_t s : free_slots) {
    if (s >= slots || is_live[s]) return "bad free slot";
    is_live[s] = true;
  }
  for (uint32_t s = 0; s < slots; ++s) {
    for (const Edge& edge : entries[s].edges) {  // pairs are mutual
      const std::vector<Edge>& back = entries[edge.other].edges;
      if (!entries[edge.other].live ||
          std::none_of(back.begin(), back.end(), [&](const Edge& b) { return b.other == s; })) {
        return "bad pair";
      }
    }
  }
  return "";
}

// Reads the `live` entries of an index of `slots` slots, adding up their keys in `*keys`, and
// has `checks` run CheckEntry on them a batch at a time (false in `*checked` when one fails).
// The caller waits for `checks` whatever this returns.
std::string DedupIndex::Impl::DecodeEntries(Reader* r, uint64_t slots, uint64_t live,
                                            size_t* keys, tbb::task_group* checks,
                                            std::atomic<bool>* checked) {
  constexpr size_t kBatch = 1024;
  entries.resize(slots);
  by_id.reserve(live);
  std::vector<uint32_t> batch;
  auto check = [&] {
    checks->run([this, checked, batch = std::move(batch)] {
      for (uint32_t s : batch) {
        if (!CheckEntry(s)) *checked = false;
      }
    });
    batch.clear();
  };
  for (uint64_t i = 0; i < live; ++i) {
    uint32_t s = 0;
    uint8_t has_time = 0;
    int64_t time = 0;
    Entry e;
    e.live = true;
    const bool ok = r->Pod(&s) && s < slots && !entries[s].live && r->Str(&e.id) &&
                    r->Pod(&e.order) && r->Pod(&has_time) && r->Pod(&time) &&
                    r->Pod(&e.text_bytes) && r->Vec(&e.keys) && r->Pod(&e.features.exact_hash) &&
                    r->Pod(&e.features.body_tokens) && r->Vec(&e.features.shingles) &&
                    r->Vec(&e.features.sentences.offsets) && r->Vec(&e.features.sentences.stems) &&
                    r->Pairs(&e.features.sentences.stem_sentences) && r->Vec(&e.edges);
    if (!ok) return "bad entry " + std::to_string(i);
    if (has_time) e.published = time;
    *keys += e.keys.size();
    if (!by_id.emplace(e.id, s).second) return "repeated id";
    entries[s] = std::move(e);
    batch.push_back(s);
    if (batch.size() == kBatch) check();
  }
  check();
  return "";
}

// Checks what a loaded entry holds by itself; whether its pairs are mutual is checked once all
// are read.
bool DedupIndex::Impl::CheckEntry(uint32_t s) const {
  const Entry& e = entries[s];
  const dedup::SentenceSets& sentences = e.features.sentences;
  if (sentences.offsets.empty() || sentences.offsets.back() != sentences.stems.size() ||
      !std::is_sorted(sentences.offsets.begin(), sentences.offsets.end()) ||
      e.features.shingles.size() > e.features.body_tokens ||
      !std::is_sorted(e.features.shingles.begin(), e.features.shingles.end())) {
    return false;
  }
  for (const Edge& edge : e.edges) {
    if (edge.other >= entries.size() || edge.other == s ||
        static_cast<unsigned>(edge.relation) > static_cast<unsigned>(CopyRelation::kRewrite) ||
        !(edge.similarity >= 0 && edge.similarity <= 1)) {
      return false;
    }
  }
  uint64_t counted = 0;
  for (size_t i = 0; i < sentences.stem_sentences.size(); ++i) {
    const auto& [stem, count] = sentences.stem_sentences[i];
    if (count == 0 || (i > 0 && stem <= sentences.stem_sentences[i - 1].first)) return false;
    counted += count;
  }
  return counted == sentences.stems.size();
}

Status DedupIndex::Load(const std::string& path, const DedupOptions& options,
                        std::unique_ptr<DedupIndex>* index) {
  std::ifstream in;
  FramedHeader header;
  STORYLINE_RETURN_IF_ERROR(OpenFramedFile(path, kFileKind, &in, &header));
  const uint64_t payload_size = header.payload_size, checksum = header.checksum;
  if (payload_size != header.stored_bytes) {
    return Status::Corruption(path + ": damaged or truncated data");
  }

  auto result = std::make_unique<DedupIndex>(options);
  Reader reader(&in, payload_size);
  SignatureOptions saved(options);
  const bool read_options = reader.Pod(&saved);
  const bool same_options = read_options && saved == SignatureOptions(options);
  const std::string error = same_options ? result->impl_->Decode(&reader) : "truncated";
  // The checksum decides first: a damaged file is reported as damaged, whatever its content
  // looked like to Decode.
  if (!reader.Verify(checksum)) return Status::Corruption(path + ": checksum mismatch");
  if (read_options && !same_options) {
    return Status::InvalidArgument(
        path + ": the index was built with other signature options (shingle words, "
               "permutations, bands or rewrite settings) than this run's");
  }
  if (!error.empty()) return Status::Corruption(path + ": " + error);
  *index = std::move(result);
  return Status::Ok();
}

}  // namespace storyline
