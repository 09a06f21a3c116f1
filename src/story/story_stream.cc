// The saved file: a header (magic, format version, payload size, XXH3 of the payload), then the
// payload as one zstd frame. The payload is flat arrays (a count, then the elements), never a
// record per document: the options that shape the state, the counters, the vocabulary (per term
// id: document frequency, stem, last sequence; the free ids), the document slots (generation,
// flags, sequence, story, time; the free slots; the raw vectors), the story slots (id, norm,
// flags, span, prune key; centroids, members; the free and changed slots) and the posting
// lists. A list of vectors is their lengths, then per vector its term ids as deltas (sorted, so
// small and compressible) and its weights. Every order that later calls depend on (free lists,
// changed list, members, postings) is kept, so Save(Load(f)) writes f again.
//
// Save and Load stream the payload through zstd and XXH3 in chunks of a few hundred KB, so
// neither holds a second copy of the state: on the VM these figures were measured on, touching
// fresh memory costs ~4 ms per MB, as much as decompressing it.
#include "storyline/story_stream.h"

#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <string_view>
#include <vector>

#include "core/framed_file.h"
#include "story/clusterer.h"
#include "story/term_vectors.h"

namespace storyline {

namespace {

constexpr size_t kForgetEvery = 65536;  // additions between two vocabulary clean-ups

constexpr FramedFileKind kFileKind = {{'S', 'L', 'S', 'T', 'O', 'R', 'Y', '\n'}, 1, "story stream"};
// A zstd block of at least 4 bytes holds at most 128 KiB, so a payload more than this many times
// the size of the file is a damaged header.
constexpr uint64_t kMaxExpansion = (128 << 10) / 4;
static_assert(std::endian::native == std::endian::little, "the file is little-endian");

}  // namespace

// The private state of Clusterer and TermStats that a snapshot saves and restores (both name
// SnapshotAccess their friend).
namespace story {
struct SnapshotAccess {
  static auto& TermIds(TermStats& o) { return o.ids_; }
  static const auto& TermIds(const TermStats& o) { return o.ids_; }
  static auto& TermFrequency(TermStats& o) { return o.document_frequency_; }
  static const auto& TermFrequency(const TermStats& o) { return o.document_frequency_; }
  static auto& TermStem(TermStats& o) { return o.stem_; }
  static const auto& TermStem(const TermStats& o) { return o.stem_; }
  static auto& TermLastSeen(TermStats& o) { return o.last_seen_; }
  static const auto& TermLastSeen(const TermStats& o) { return o.last_seen_; }
  static auto& TermFreeIds(TermStats& o) { return o.free_ids_; }
  static const auto& TermFreeIds(const TermStats& o) { return o.free_ids_; }
  static auto& TermDocuments(TermStats& o) { return o.documents_; }
  static const auto& TermDocuments(const TermStats& o) { return o.documents_; }
  static auto& TermSequence(TermStats& o) { return o.sequence_; }
  static const auto& TermSequence(const TermStats& o) { return o.sequence_; }
  static auto& DocSlots(Clusterer& o) { return o.docs_; }
  static const auto& DocSlots(const Clusterer& o) { return o.docs_; }
  static auto& StorySlots(Clusterer& o) { return o.stories_; }
  static const auto& StorySlots(const Clusterer& o) { return o.stories_; }
  static auto& FreeStories(Clusterer& o) { return o.free_stories_; }
  static const auto& FreeStories(const Clusterer& o) { return o.free_stories_; }
  static auto& Changed(Clusterer& o) { return o.changed_; }
  static const auto& Changed(const Clusterer& o) { return o.changed_; }
  static auto& Postings(Clusterer& o) { return o.postings_; }
  static const auto& Postings(const Clusterer& o) { return o.postings_; }
  static auto& PruneKey(Clusterer& o) { return o.prune_key_; }
  static const auto& PruneKey(const Clusterer& o) { return o.prune_key_; }
  static auto& Scores(Clusterer& o) { return o.scores_; }
  static const auto& Scores(const Clusterer& o) { return o.scores_; }
  static auto& SweepNext(Clusterer& o) { return o.sweep_next_; }
  static const auto& SweepNext(const Clusterer& o) { return o.sweep_next_; }
  static auto& ChangesSinceSweep(Clusterer& o) { return o.changes_since_sweep_; }
  static const auto& ChangesSinceSweep(const Clusterer& o) { return o.changes_since_sweep_; }
  static auto& Latest(Clusterer& o) { return o.latest_; }
  static const auto& Latest(const Clusterer& o) { return o.latest_; }
  static auto& NextStoryId(Clusterer& o) { return o.next_story_id_; }
  static const auto& NextStoryId(const Clusterer& o) { return o.next_story_id_; }
  static auto& LiveStories(Clusterer& o) { return o.live_stories_; }
  static const auto& LiveStories(const Clusterer& o) { return o.live_stories_; }
  static auto& LiveDocuments(Clusterer& o) { return o.live_documents_; }
  static const auto& LiveDocuments(const Clusterer& o) { return o.live_documents_; }
};
}  // namespace story

namespace {

// The options that shape the saved state (see Load in the header); all 8 bytes wide, so the
// struct has no padding and is written as it is.
struct ShapeOptions {
  int64_t time_window_seconds;
  double title_weight;
  double lead_weight;
  double entity_weight;
  uint64_t centroid_terms;

  explicit ShapeOptions(const StoryOptions& o)
      : time_window_seconds(o.time_window_seconds),
        title_weight(o.title_weight),
        lead_weight(o.lead_weight),
        entity_weight(o.entity_weight),
        centroid_terms(o.centroid_terms) {}
};

struct Counters {
  uint64_t added_since_reorganize;
  uint64_t added_since_forget;
  uint64_t term_documents;
  uint64_t term_sequence;
  uint64_t next_story_id;
  uint64_t live_stories;
  uint64_t live_documents;
  uint64_t sweep_next;
  uint64_t changes_since_sweep;
  uint64_t has_latest;
  int64_t latest;
};

// Per document slot.
enum SlotFlags : uint8_t { kSlotLive = 1, kSlotTimed = 2 };
// Per story slot.
enum StoryFlags : uint8_t {
  kStoryLive = 1,
  kStoryChanged = 2,
  kStoryStale = 4,
  kStoryHasFirst = 8,
  kStoryHasLast = 16,
};

constexpr size_t kChunk = 256 << 10;  // payload bytes per zstd call

// Writes the payload to `file` as one zstd frame, hashing it as it goes.
class Writer {
 public:
  explicit Writer(std::ostream* file)
      : file_(file),
        chunk_(std::make_unique_for_overwrite<char[]>(kChunk)),
        compressed_size_(ZSTD_CStreamOutSize()),
        compressed_(std::make_unique_for_overwrite<char[]>(compressed_size_)),
        zstd_(ZSTD_createCCtx()),
        hash_(XXH3_createState()) {
    ZSTD_CCtx_setParameter(zstd_, ZSTD_c_compressionLevel, 1);
    XXH3_64bits_reset(hash_);
  }
  ~Writer() {
    ZSTD_freeCCtx(zstd_);
    XXH3_freeState(hash_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  template <typename T>
  void Pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (kChunk - used_ < sizeof(T)) Flush(ZSTD_e_continue);
    std::memcpy(chunk_.get() + used_, &v, sizeof(T));
    used_ += sizeof(T);
  }
  void Bytes(const void* data, size_t n) {
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
      if (used_ == kChunk) Flush(ZSTD_e_continue);
      const size_t k = std::min(n, kChunk - used_);
      std::memcpy(chunk_.get() + used_, p, k);
      used_ += k;
      p += k;
      n -= k;
    }
  }
  template <typename T>
  void Vec(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Pod<uint64_t>(v.size());
    Bytes(v.data(), v.size() * sizeof(T));
  }
  // `n` lists of u32 (the reader knows `n`): their lengths, then their elements.
  template <typename GetList>
  void Lists(size_t n, GetList list) {
    for (size_t i = 0; i < n; ++i) Pod(static_cast<uint32_t>(list(i).size()));
    for (size_t i = 0; i < n; ++i) Bytes(list(i).data(), list(i).size() * sizeof(uint32_t));
  }
  // `n` sparse vectors (the reader knows `n`): their lengths, then per vector its term deltas
  // and its weights.
  template <typename GetVector>
  void Vectors(size_t n, GetVector vector) {
    for (size_t i = 0; i < n; ++i) Pod(static_cast<uint32_t>(vector(i).size()));
    for (size_t i = 0; i < n; ++i) {
      story::TermId previous = 0;
      for (const story::TermWeight& t : vector(i)) {
        Pod<uint32_t>(t.term - previous);
        previous = t.term;
      }
      for (const story::TermWeight& t : vector(i)) Pod<float>(t.weight);
    }
  }

  // Ends the frame. Fails when zstd does; the caller checks the file.
  Status Finish(uint64_t* payload_size, uint64_t* checksum) {
    Flush(ZSTD_e_end);
    *payload_size = size_;
    *checksum = XXH3_64bits_digest(hash_);
    return error_;
  }

 private:
  void Flush(ZSTD_EndDirective mode) {
    XXH3_64bits_update(hash_, chunk_.get(), used_);
    size_ += used_;
    ZSTD_inBuffer in{chunk_.get(), used_, 0};
    for (bool done = false; !done && error_.ok();) {
      ZSTD_outBuffer out{compressed_.get(), compressed_size_, 0};
      const size_t left = ZSTD_compressStream2(zstd_, &out, &in, mode);
      if (ZSTD_isError(left)) {
        error_ = Status::IoError(std::string("zstd: ") + ZSTD_getErrorName(left));
      }
      file_->write(compressed_.get(), static_cast<std::streamsize>(out.pos));
      done = mode == ZSTD_e_end ? left == 0 : in.pos == in.size;
    }
    used_ = 0;
  }

  std::ostream* file_;
  std::unique_ptr<char[]> chunk_;
  size_t used_ = 0;
  size_t compressed_size_;
  std::unique_ptr<char[]> compressed_;
  ZSTD_CCtx* zstd_;
  XXH3_state_t* hash_;
  uint64_t size_ = 0;
  Status error_;
};

// Reads the payload from a zstd frame in `file`, bounds-checked against the payload size of the
// header: false when the payload ends first or the frame is damaged. Counts are checked against
// the bytes left before anything is allocated; the checksum, at the end (Verify).
class Reader {
 public:
  Reader(std::istream* file, uint64_t payload_size)
      : file_(file),
        payload_size_(payload_size),
        input_size_(ZSTD_DStreamInSize()),
        input_storage_(std::make_unique_for_overwrite<char[]>(input_size_)),
        output_size_(ZSTD_DStreamOutSize()),
        output_(std::make_unique_for_overwrite<char[]>(output_size_)),
        zstd_(ZSTD_createDCtx()),
        hash_(XXH3_createState()) {
    XXH3_64bits_reset(hash_);
  }
  ~Reader() {
    ZSTD_freeDCtx(zstd_);
    XXH3_freeState(hash_);
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  template <typename T>
  bool Pod(T* v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (end_ - pos_ < sizeof(T)) return Bytes(v, sizeof(T));
    std::memcpy(v, output_.get() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool Bytes(void* data, size_t n) {
    char* p = static_cast<char*>(data);
    while (n > 0) {
      if (pos_ == end_ && !Refill()) return false;
      const size_t k = std::min(n, end_ - pos_);
      std::memcpy(p, output_.get() + pos_, k);
      pos_ += k;
      p += k;
      n -= k;
    }
    return true;
  }
  // A count of elements of `bytes` bytes each that fit in what is left of the payload.
  bool Count(size_t bytes, size_t* n) {
    uint64_t count = 0;
    if (!Pod(&count) || count > left() / bytes) return false;
    *n = count;
    return true;
  }
  template <typename T>
  bool Vec(std::vector<T>* v) {
    size_t n = 0;
    if (!Count(sizeof(T), &n)) return false;
    v->resize(n);
    return Bytes(v->data(), n * sizeof(T));
  }
  // `n` lists written by Writer::Lists, each element below `bound`.
  template <typename GetList>
  bool Lists(size_t n, uint32_t bound, GetList list) {
    if (!Sizes(n, sizeof(uint32_t))) return false;
    for (size_t i = 0; i < n; ++i) {
      std::vector<uint32_t>& l = list(i);
      l.resize(sizes_[i]);
      if (!Bytes(l.data(), l.size() * sizeof(uint32_t))) return false;
      for (uint32_t e : l) {
        if (e >= bound) return false;
      }
    }
    return true;
  }
  // `n` vectors written by Writer::Vectors: terms strictly increasing and below `vocabulary`,
  // weights finite (a NaN would break the orderings that sort and select terms by weight).
  template <typename GetVector>
  bool Vectors(size_t n, size_t vocabulary, GetVector vector) {
    if (!Sizes(n, sizeof(uint32_t) + sizeof(float))) return false;
    std::vector<uint32_t> deltas;
    std::vector<float> weights;
    for (size_t i = 0; i < n; ++i) {
      const uint32_t size = sizes_[i];
      deltas.resize(size);
      weights.resize(size);
      if (!Bytes(deltas.data(), size * sizeof(uint32_t)) ||
          !Bytes(weights.data(), size * sizeof(float))) {
        return false;
      }
      story::SparseVector& v = vector(i);
      v.resize(size);
      uint64_t term = 0;
      for (uint32_t j = 0; j < size; ++j) {
        if (j > 0 && deltas[j] == 0) return false;
        term += deltas[j];
        if (term >= vocabulary || !std::isfinite(weights[j])) return false;
        v[j] = {static_cast<story::TermId>(term), weights[j]};
      }
    }
    return true;
  }
  uint64_t left() const { return payload_size_ - consumed_ - pos_; }

  // Reads the rest of the frame. True when the payload had the header's size, the frame ended
  // at the end of the file and the payload's XXH3 is `checksum`.
  bool Verify(uint64_t checksum) {
    while (Refill()) {
    }
    return !failed_ && frame_done_ && produced_ == payload_size_ && input_.pos == input_.size &&
           file_->peek() == std::char_traits<char>::eof() && XXH3_64bits_digest(hash_) == checksum;
  }

 private:
  // Reads `n` u32 lengths whose elements (`bytes` each) fit in what is left.
  bool Sizes(size_t n, size_t bytes) {
    sizes_.resize(n);
    if (!Bytes(sizes_.data(), n * sizeof(uint32_t))) return false;
    uint64_t total = 0;
    for (uint32_t size : sizes_) total += size;
    return total <= left() / bytes;
  }
  // Decompresses the next piece of the payload; false at the end of the frame or on damage.
  bool Refill() {
    consumed_ += pos_;
    pos_ = end_ = 0;
    while (!failed_ && !frame_done_ && end_ == 0) {
      if (input_.pos == input_.size) {
        file_->read(input_storage_.get(), static_cast<std::streamsize>(input_size_));
        input_ = {input_storage_.get(), static_cast<size_t>(file_->gcount()), 0};
        if (input_.size == 0) {
          failed_ = true;  // the file ends inside the frame
          break;
        }
      }
      ZSTD_outBuffer out{output_.get(), output_size_, 0};
      const size_t r = ZSTD_decompressStream(zstd_, &out, &input_);
      if (ZSTD_isError(r) || out.pos > payload_size_ - produced_) {
        failed_ = true;
        break;
      }
      produced_ += out.pos;
      XXH3_64bits_update(hash_, output_.get(), out.pos);
      end_ = out.pos;
      frame_done_ = r == 0;
    }
    return end_ > 0;
  }

  std::istream* file_;
  uint64_t payload_size_;
  size_t input_size_;
  std::unique_ptr<char[]> input_storage_;
  ZSTD_inBuffer input_{nullptr, 0, 0};  // what is left of the last read
  size_t output_size_;
  std::unique_ptr<char[]> output_;
  size_t pos_ = 0, end_ = 0;  // of the output buffer: [pos_, end_) is unread
  uint64_t consumed_ = 0;     // payload bytes before the output buffer
  uint64_t produced_ = 0;     // payload bytes decompressed
  bool failed_ = false, frame_done_ = false;
  ZSTD_DCtx* zstd_;
  XXH3_state_t* hash_;
  std::vector<uint32_t> sizes_;
};

Status CheckShapeOptions(const ShapeOptions& saved, const ShapeOptions& given,
                         const std::string& path) {
  std::string differ;
  auto compare = [&](const char* name, auto a, auto b) {
    if (a == b) return;
    differ += std::string(differ.empty() ? "" : ", ") + name + " " + std::to_string(a) +
              " (these options: " + std::to_string(b) + ")";
  };
  compare("time_window_seconds", saved.time_window_seconds, given.time_window_seconds);
  compare("title_weight", saved.title_weight, given.title_weight);
  compare("lead_weight", saved.lead_weight, given.lead_weight);
  compare("entity_weight", saved.entity_weight, given.entity_weight);
  compare("centroid_terms", saved.centroid_terms, given.centroid_terms);
  if (differ.empty()) return Status::Ok();
  return Status::InvalidArgument(path +
                                 ": the story stream was saved with other options that "
                                 "shape its state: " +
                                 differ);
}

}  // namespace

// Documents are dense slots of the clusterer, reused after removal; a handle is the slot in its
// low 32 bits and the slot's generation in its high 32 bits, so a stale handle never matches.
struct StoryStream::Impl {
  explicit Impl(const StoryOptions& o) : options(o), clusterer(o, &stats, /*prune_expired=*/true) {}

  bool Valid(StreamDocHandle handle) const {
    const uint64_t slot = handle & 0xffffffffu;
    return slot < generation.size() && generation[slot] == (handle >> 32) && live[slot];
  }
  StreamDocHandle HandleOf(uint32_t slot) const {
    return (static_cast<uint64_t>(generation[slot]) << 32) | slot;
  }

  StoryOptions options;
  story::TermStats stats;
  story::Clusterer clusterer;
  std::vector<uint32_t> generation;
  std::vector<bool> live;
  std::vector<uint32_t> free_slots;
  std::vector<uint64_t> sequence;  // per slot: TermStats::sequence() when its document came
  size_t added_since_reorganize = 0;
  size_t added_since_forget = 0;

  // Writes the payload of the saved file (see the top of this file) / reads it into this fresh
  // stream; `path` is for messages.
  void Encode(Writer* w) const;
  Status Decode(Reader* r, const std::string& path);
};

StoryStream::StoryStream(const StoryOptions& options) : impl_(std::make_unique<Impl>(options)) {}

StoryStream::~StoryStream() = default;

StoryTerms StoryStream::Prepare(const Document& doc, const StoryOptions& options) {
  return {story::CountStems(doc.text, options), doc.published};
}

StreamDocHandle StoryStream::Add(const Document& doc) { return Add(Prepare(doc, impl_->options)); }

StreamDocHandle StoryStream::Add(const StoryTerms& terms) {
  Impl& m = *impl_;
  uint32_t slot;
  if (!m.free_slots.empty()) {
    slot = m.free_slots.back();
    m.free_slots.pop_back();
  } else {
    slot = static_cast<uint32_t>(m.generation.size());
    m.generation.push_back(0);
    m.live.push_back(false);
    m.sequence.push_back(0);
  }
  m.sequence[slot] = m.stats.sequence();
  m.live[slot] = true;
  story::SparseVector raw = story::InternTerms(terms.stems, &m.stats);
  m.stats.AddDocument(raw);
  const story::SparseVector unit = story::WeightTerms(raw, m.stats, m.options.centroid_terms);
  m.clusterer.Add(slot, story::RestrictTo(raw, unit), unit, terms.published);
  if (++m.added_since_reorganize >= std::max<size_t>(m.options.reorganize_every, 1)) Reorganize();
  if (++m.added_since_forget >= kForgetEvery) {
    // Terms no live document has (all documents that had one are gone) are forgotten, so that
    // the vocabulary follows the live documents, not the whole stream.
    m.added_since_forget = 0;
    uint64_t first_live = m.stats.sequence();
    for (uint32_t s = 0; s < m.live.size(); ++s) {
      if (m.live[s]) first_live = std::min(first_live, m.sequence[s]);
    }
    m.clusterer.ForgetTerms(m.stats.Forget(first_live));
  }
  return m.HandleOf(slot);
}

bool StoryStream::Remove(StreamDocHandle handle) {
  Impl& m = *impl_;
  if (!m.Valid(handle)) return false;
  const uint32_t slot = static_cast<uint32_t>(handle & 0xffffffffu);
  story::SparseVector raw;
  m.clusterer.Remove(slot, &raw);
  // Only the document's kept terms are uncounted: its lightest terms stay in the document
  // frequencies, which slightly lowers their IDF after many removals.
  m.stats.RemoveDocument(raw);
  m.live[slot] = false;
  ++m.generation[slot];
  m.free_slots.push_back(slot);
  return true;
}

uint64_t StoryStream::StoryOf(StreamDocHandle handle) const {
  const Impl& m = *impl_;
  if (!m.Valid(handle)) return 0;
  const uint32_t story = m.clusterer.StoryOf(static_cast<uint32_t>(handle & 0xffffffffu));
  return story == story::kNoStory ? 0 : m.clusterer.StoryId(story);
}

void StoryStream::Reorganize() {
  // Rounds until nothing merges (at most 4): after the first, only the stories just merged are
  // looked at again.
  for (int round = 0; round < 4 && impl_->clusterer.Reorganize(/*all=*/false); ++round) {
  }
  impl_->added_since_reorganize = 0;
}

std::vector<StreamStory> StoryStream::Stories() const {
  std::vector<StreamStory> out;
  for (story::StorySnapshot& snapshot : impl_->clusterer.Snapshot()) {
    StreamStory s;
    s.id = snapshot.id;
    s.members.reserve(snapshot.members.size());
    for (const auto& [slot, relevance] : snapshot.members) {
      s.members.emplace_back(impl_->HandleOf(slot), relevance);
    }
    out.push_back(std::move(s));
  }
  return out;
}

size_t StoryStream::documents() const { return impl_->clusterer.live_documents(); }

size_t StoryStream::stories() const { return impl_->clusterer.live_stories(); }

size_t StoryStream::MemoryBytes() const {
  const Impl& m = *impl_;
  return sizeof(Impl) + m.stats.MemoryBytes() + m.clusterer.MemoryBytes() +
         m.generation.capacity() * sizeof(uint32_t) + m.live.capacity() / 8 +
         m.sequence.capacity() * sizeof(uint64_t) + m.free_slots.capacity() * sizeof(uint32_t);
}

void StoryStream::Impl::Encode(Writer* w) const {
  const auto& docs = story::SnapshotAccess::DocSlots(clusterer);
  const auto& stories = story::SnapshotAccess::StorySlots(clusterer);
  const auto& postings = story::SnapshotAccess::Postings(clusterer);
  const size_t slots = generation.size();

  w->Pod(ShapeOptions(options));
  const std::optional<UnixSeconds>& latest = story::SnapshotAccess::Latest(clusterer);
  w->Pod(Counters{.added_since_reorganize = added_since_reorganize,
                  .added_since_forget = added_since_forget,
                  .term_documents = story::SnapshotAccess::TermDocuments(stats),
                  .term_sequence = story::SnapshotAccess::TermSequence(stats),
                  .next_story_id = story::SnapshotAccess::NextStoryId(clusterer),
                  .live_stories = story::SnapshotAccess::LiveStories(clusterer),
                  .live_documents = story::SnapshotAccess::LiveDocuments(clusterer),
                  .sweep_next = story::SnapshotAccess::SweepNext(clusterer),
                  .changes_since_sweep = story::SnapshotAccess::ChangesSinceSweep(clusterer),
                  .has_latest = latest.has_value(),
                  .latest = latest.value_or(0)});

  w->Vec(story::SnapshotAccess::TermFrequency(stats));
  w->Vec(story::SnapshotAccess::TermStem(stats));
  w->Vec(story::SnapshotAccess::TermLastSeen(stats));
  w->Vec(story::SnapshotAccess::TermFreeIds(stats));

  // Documents: the clusterer's entries parallel the stream's slots (an entry past the end of
  // its array is an empty one).
  w->Vec(generation);
  w->Pod<uint64_t>(slots);
  for (size_t i = 0; i < slots; ++i) {
    const bool timed = i < docs.size() && docs[i].published.has_value();
    w->Pod<uint8_t>((live[i] ? kSlotLive : 0) | (timed ? kSlotTimed : 0));
  }
  w->Vec(sequence);
  w->Vec(free_slots);
  w->Pod<uint64_t>(slots);
  for (size_t i = 0; i < slots; ++i) w->Pod(i < docs.size() ? docs[i].story : story::kNoStory);
  w->Pod<uint64_t>(slots);
  for (size_t i = 0; i < slots; ++i) {
    w->Pod<int64_t>(i < docs.size() ? docs[i].published.value_or(0) : 0);
  }
  static const story::SparseVector kEmpty;
  w->Vectors(slots, [&](size_t i) -> const story::SparseVector& {
    return i < docs.size() ? docs[i].raw : kEmpty;
  });

  const size_t story_slots = stories.size();
  w->Pod<uint64_t>(story_slots);
  for (const auto& st : stories) {
    w->Pod(st.id);
    w->Pod(st.norm);
    w->Pod<uint8_t>((st.live ? kStoryLive : 0) | (st.changed ? kStoryChanged : 0) |
                    (st.stale ? kStoryStale : 0) | (st.span.first ? kStoryHasFirst : 0) |
                    (st.span.last ? kStoryHasLast : 0));
    w->Pod<int64_t>(st.span.first.value_or(0));
    w->Pod<int64_t>(st.span.last.value_or(0));
  }
  w->Vec(story::SnapshotAccess::PruneKey(clusterer));
  w->Vectors(story_slots,
             [&](size_t i) -> const story::SparseVector& { return stories[i].centroid; });
  w->Lists(story_slots,
           [&](size_t i) -> const std::vector<uint32_t>& { return stories[i].members; });
  w->Vec(story::SnapshotAccess::FreeStories(clusterer));
  w->Vec(story::SnapshotAccess::Changed(clusterer));
  w->Pod<uint64_t>(postings.size());
  w->Lists(postings.size(), [&](size_t i) -> const std::vector<uint32_t>& { return postings[i]; });
}

Status StoryStream::Impl::Decode(Reader* r, const std::string& path) {
  auto corrupt = [&](const char* what) { return Status::Corruption(path + ": " + what); };
  ShapeOptions saved(options);
  if (!r->Pod(&saved)) return corrupt("truncated options");
  STORYLINE_RETURN_IF_ERROR(CheckShapeOptions(saved, ShapeOptions(options), path));
  Counters counters;
  if (!r->Pod(&counters)) return corrupt("truncated counters");

  // Vocabulary: the stem -> id map holds every id that is not free.
  auto& frequency = story::SnapshotAccess::TermFrequency(stats);
  auto& stems = story::SnapshotAccess::TermStem(stats);
  auto& last_seen = story::SnapshotAccess::TermLastSeen(stats);
  auto& free_ids = story::SnapshotAccess::TermFreeIds(stats);
  if (!r->Vec(&frequency) || !r->Vec(&stems) || !r->Vec(&last_seen) || !r->Vec(&free_ids) ||
      stems.size() != frequency.size() || last_seen.size() != frequency.size() ||
      frequency.size() > UINT32_MAX) {
    return corrupt("bad vocabulary");
  }
  const size_t vocabulary = frequency.size();
  {
    std::vector<bool> is_free(vocabulary);
    for (uint32_t id : free_ids) {
      if (id >= vocabulary || is_free[id]) return corrupt("bad free term ids");
      is_free[id] = true;
    }
    auto& ids = story::SnapshotAccess::TermIds(stats);
    ids.reserve(vocabulary - free_ids.size());
    for (uint32_t id = 0; id < vocabulary; ++id) {
      if (!is_free[id] && !ids.try_emplace(stems[id], id).second) return corrupt("repeated stem");
    }
  }
  story::SnapshotAccess::TermDocuments(stats) = counters.term_documents;
  story::SnapshotAccess::TermSequence(stats) = counters.term_sequence;

  // Document slots.
  auto& docs = story::SnapshotAccess::DocSlots(clusterer);
  if (!r->Vec(&generation) || generation.size() >= story::kNoStory) {
    return corrupt("bad documents");
  }
  const size_t slots = generation.size();
  size_t count = 0;
  if (!r->Count(1, &count) || count != slots) return corrupt("bad documents");
  docs.resize(slots);
  live.assign(slots, false);
  std::vector<bool> timed(slots);
  for (size_t i = 0; i < slots; ++i) {
    uint8_t f = 0;
    if (!r->Pod(&f)) return corrupt("truncated documents");
    live[i] = f & kSlotLive;
    timed[i] = f & kSlotTimed;
  }
  if (!r->Vec(&sequence) || sequence.size() != slots || !r->Vec(&free_slots) ||
      !r->Count(sizeof(uint32_t), &count) || count != slots) {
    return corrupt("bad documents");
  }
  for (size_t i = 0; i < slots; ++i) {
    if (!r->Pod(&docs[i].story)) return corrupt("truncated documents");
  }
  if (!r->Count(sizeof(int64_t), &count) || count != slots) return corrupt("bad documents");
  for (size_t i = 0; i < slots; ++i) {
    int64_t t = 0;
    if (!r->Pod(&t)) return corrupt("truncated documents");
    if (timed[i]) docs[i].published = t;
  }
  if (!r->Vectors(slots, vocabulary,
                  [&](size_t i) -> story::SparseVector& { return docs[i].raw; })) {
    return corrupt("bad document vectors");
  }

  // Story slots.
  auto& stories = story::SnapshotAccess::StorySlots(clusterer);
  size_t story_slots = 0;
  if (!r->Count(8 + 8 + 1 + 8 + 8, &story_slots) || story_slots >= story::kNoStory) {
    return corrupt("bad stories");
  }
  stories.resize(story_slots);
  for (auto& st : stories) {
    uint8_t f = 0;
    int64_t first = 0, last = 0;
    if (!r->Pod(&st.id) || !r->Pod(&st.norm) || !r->Pod(&f) || !r->Pod(&first) || !r->Pod(&last)) {
      return corrupt("truncated stories");
    }
    if (!std::isfinite(st.norm)) return corrupt("bad story norm");
    st.live = f & kStoryLive;
    st.changed = f & kStoryChanged;
    st.stale = f & kStoryStale;
    if (f & kStoryHasFirst) st.span.first = first;
    if (f & kStoryHasLast) st.span.last = last;
  }
  auto& prune_key = story::SnapshotAccess::PruneKey(clusterer);
  if (!r->Vec(&prune_key) || prune_key.size() != story_slots ||
      !r->Vectors(story_slots, vocabulary,
                  [&](size_t i) -> story::SparseVector& { return stories[i].centroid; }) ||
      !r->Lists(story_slots, static_cast<uint32_t>(slots),
                [&](size_t i) -> std::vector<uint32_t>& { return stories[i].members; })) {
    return corrupt("bad stories");
  }
  auto& free_stories = story::SnapshotAccess::FreeStories(clusterer);
  auto& changed = story::SnapshotAccess::Changed(clusterer);
  auto& postings = story::SnapshotAccess::Postings(clusterer);
  if (!r->Vec(&free_stories) || !r->Vec(&changed)) return corrupt("truncated story lists");
  // The posting lists: at most one per term id.
  size_t lists = 0;
  if (!r->Count(sizeof(uint32_t), &lists) || lists > vocabulary) {
    return corrupt("bad posting lists");
  }
  postings.resize(lists);
  if (!r->Lists(lists, static_cast<uint32_t>(story_slots),
                [&](size_t i) -> std::vector<uint32_t>& { return postings[i]; }) ||
      r->left() != 0) {
    return corrupt("bad posting lists");
  }

  // Cross-checks, so that no later call indexes out of range: each live document is a member
  // of its live story exactly once, and the free lists hold exactly the other slots.
  size_t live_documents = 0, live_stories = 0;
  std::vector<bool> seen(slots);
  for (size_t s = 0; s < story_slots; ++s) {
    const auto& st = stories[s];
    if (!st.live) {
      if (!st.members.empty() || !st.centroid.empty()) return corrupt("members of a free story");
      continue;
    }
    ++live_stories;
    if (st.members.empty()) return corrupt("a story without members");
    for (uint32_t m : st.members) {
      if (seen[m] || !live[m] || docs[m].story != s) return corrupt("bad story members");
      seen[m] = true;
      ++live_documents;
    }
  }
  for (size_t i = 0; i < slots; ++i) {
    if (live[i] != seen[i] || (!live[i] && docs[i].story != story::kNoStory)) {
      return corrupt("bad document slots");
    }
  }
  if (live_documents != counters.live_documents || live_stories != counters.live_stories ||
      free_slots.size() != slots - live_documents ||
      free_stories.size() != story_slots - live_stories) {
    return corrupt("bad counts");
  }
  for (uint32_t slot : free_slots) {
    if (slot >= slots || seen[slot]) return corrupt("bad free slots");
    seen[slot] = true;
  }
  std::vector<bool> free_story(story_slots);
  for (uint32_t s : free_stories) {
    if (s >= story_slots || stories[s].live || free_story[s]) return corrupt("bad free stories");
    free_story[s] = true;
  }
  for (uint32_t s : changed) {
    if (s >= story_slots) return corrupt("bad changed stories");
  }

  story::SnapshotAccess::Scores(clusterer).assign(story_slots, 0);  // scratch: all zero between calls
  story::SnapshotAccess::SweepNext(clusterer) = counters.sweep_next;
  story::SnapshotAccess::ChangesSinceSweep(clusterer) = counters.changes_since_sweep;
  story::SnapshotAccess::NextStoryId(clusterer) = counters.next_story_id;
  story::SnapshotAccess::LiveStories(clusterer) = counters.live_stories;
  story::SnapshotAccess::LiveDocuments(clusterer) = counters.live_documents;
  if (counters.has_latest) story::SnapshotAccess::Latest(clusterer) = counters.latest;
  added_since_reorganize = counters.added_since_reorganize;
  added_since_forget = counters.added_since_forget;
  return Status::Ok();
}

Status StoryStream::Save(const std::string& path) const {
  return WriteFramedFile(path, kFileKind, [&](std::ostream* out, uint64_t* payload_size,
                                               uint64_t* checksum) {
    Writer w(out);
    impl_->Encode(&w);
    return w.Finish(payload_size, checksum);
  });
}

Status StoryStream::Load(const std::string& path, const StoryOptions& options,
                         std::unique_ptr<StoryStream>* stream) {
  std::ifstream in;
  FramedHeader header;
  STORYLINE_RETURN_IF_ERROR(OpenFramedFile(path, kFileKind, &in, &header));
  const uint64_t payload_size = header.payload_size, checksum = header.checksum;
  if (payload_size / kMaxExpansion > header.stored_bytes) {
    return Status::Corruption(path + ": damaged header");
  }

  auto result = std::make_unique<StoryStream>(options);
  Reader reader(&in, payload_size);
  Status decoded = result->impl_->Decode(&reader, path);
  // The checksum decides first: a damaged file is reported as damaged, whatever its content
  // looked like to Decode.
  if (!reader.Verify(checksum)) {
    return Status::Corruption(path + ": damaged or truncated (zstd frame or checksum)");
  }
  STORYLINE_RETURN_IF_ERROR(decoded);
  *stream = std::move(result);
  return Status::Ok();
}

}  // namespace storyline
