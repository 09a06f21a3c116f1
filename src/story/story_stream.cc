#include "storyline/story_stream.h"

#include <algorithm>
#include <vector>

#include "story/clusterer.h"
#include "story/term_vectors.h"

namespace storyline {

namespace {
constexpr size_t kForgetEvery = 65536;  // additions between two vocabulary clean-ups
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
         m.sequence.capacity() * sizeof(uint64_t) +
         m.free_slots.capacity() * sizeof(uint32_t);
}

}  // namespace storyline
