// The story clustering state shared by the batch stage (ClusterStories) and the streaming stage
// (StoryStream): documents as term vectors, stories as centroids, and an inverted index from
// centroid terms to stories.
//
// A document joins the most similar story centroid within the time window, or starts a story;
// candidate stories come from the inverted index, never from all stories. A centroid is the sum
// of its members' unit vectors cut back to its `centroid_terms` heaviest terms after every
// update: summing (instead of averaging with a decay) weighs every member equally, so an early
// member is not drowned out by later ones, and the cut keeps the terms most members share, so
// the centroid does not drift towards a long tail of rare words. Reorganize merges stories whose
// centroids are close (all stories, or only those changed since the last call).
#ifndef STORYLINE_STORY_CLUSTERER_H_
#define STORYLINE_STORY_CLUSTERER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"
#include "story/term_vectors.h"

namespace storyline::story {

inline constexpr uint32_t kNoStory = UINT32_MAX;

struct TimeSpan {
  std::optional<UnixSeconds> first, last;

  void Add(std::optional<UnixSeconds> t);
  void Add(const TimeSpan& other);
  // True when the union of both spans is no longer than `window` (or either has no time).
  bool FitsWith(const TimeSpan& other, int64_t window) const;
};

// A story's members with their cosine to its centroid, most relevant first.
struct StorySnapshot {
  uint64_t id = 0;
  std::vector<std::pair<uint32_t, double>> members;  // (document, relevance)
};

struct SnapshotAccess;

class Clusterer {
 public:
  // `stats` weighs the stored raw vectors whenever a centroid is rebuilt; it must outlive this.
  // `prune_expired` (streaming): stories whose first document is more than the time window
  // older than the newest document seen leave the inverted index, so a document that arrives
  // that late (out of order) does not find them.
  Clusterer(const StoryOptions& options, const TermStats* stats, bool prune_expired = false);

  // Adds document `doc` (a dense id of the caller's; free again after Remove) with its raw
  // vector (restricted to its kept terms, see RestrictTo) and unit vector. Returns its story.
  uint32_t Add(uint32_t doc, SparseVector raw, const SparseVector& unit,
               std::optional<UnixSeconds> published);
  // Takes `doc` out of its story (false when it is not in one). A story of up to 32 members is
  // rebuilt from them at the next Reorganize; a larger one has the document's vector subtracted
  // from its centroid now. Returns the document's raw vector through `raw` when given.
  bool Remove(uint32_t doc, SparseVector* raw = nullptr);

  // Merge rounds: stories with centroid cosine >= merge_similarity are joined, most similar
  // first, when the union's time span stays within the window. `all`: every story, with the
  // index rebuilt, until nothing merges; otherwise one round over the stories changed since the
  // last call, whose centroids are rebuilt first (the roots that merge count as changed for
  // the next call). Returns true when anything merged.
  bool Reorganize(bool all);

  // Drops terms that TermStats::Forget has freed: their posting lists, and their weight in the
  // centroids of the stories posted under them.
  void ForgetTerms(const std::vector<TermId>& terms);

  uint32_t StoryOf(uint32_t doc) const {
    return doc < docs_.size() ? docs_[doc].story : kNoStory;
  }
  uint64_t StoryId(uint32_t story) const { return stories_[story].id; }
  size_t live_stories() const { return live_stories_; }
  size_t live_documents() const { return live_documents_; }

  // Live stories; members ordered by cosine to the centroid rebuilt from them.
  std::vector<StorySnapshot> Snapshot() const;

  // Bytes held: documents, stories, postings (not the TermStats).
  size_t MemoryBytes() const;

 private:
  friend struct SnapshotAccess;  // StoryStream::Save and Load (story_stream.cc)
  struct DocEntry {
    SparseVector raw;  // field-weighted tf of the kept terms
    std::optional<UnixSeconds> published;
    uint32_t story = kNoStory;
  };
  struct StoryState {
    SparseVector centroid;  // sum of member unit vectors, top terms only
    double norm = 0;
    TimeSpan span;
    std::vector<uint32_t> members;  // documents
    uint64_t id = 0;                // stable while the story lives
    bool live = false;
    bool changed = false;  // since the last Reorganize
    bool stale = false;    // lost a member: the centroid is rebuilt at the next Reorganize
  };

  uint32_t NewStory();
  void FreeStory(uint32_t story);
  void UpdatePruneKey(uint32_t story);
  // Posts `story` under its centroid terms that are not in `previous` (its centroid before the
  // change; nullptr: all). A term that left the centroid and came back is posted twice, which
  // only counts it twice in candidate ranking.
  void Post(uint32_t story, const SparseVector* previous);
  void RebuildIndex();
  // Removes freed stories, and from lists longer than 64 stories whose centroid no longer has
  // the term, from the next posting lists (round robin) until `budget` entries and lists have
  // been looked at.
  void SweepPostings(size_t budget);
  // Candidate stories for the heaviest terms of `unit` (best first), at most max_candidates,
  // `exclude` left out, only those that can take `incoming` more documents spanning `span`
  // (time window, max_story_size).
  std::vector<uint32_t> Candidates(const SparseVector& unit, const TimeSpan& span,
                                   uint32_t exclude, size_t incoming);
  SparseVector UnitVector(uint32_t doc) const;
  void RebuildCentroid(uint32_t story);
  void MarkChanged(uint32_t story);
  // Joins `child` into `root`.
  void Merge(uint32_t root, uint32_t child);
  // One merge round over `stories`; returns true when anything merged.
  bool MergeRound(const std::vector<uint32_t>& stories);

  StoryOptions options_;
  const TermStats* stats_;
  std::vector<DocEntry> docs_;
  std::vector<StoryState> stories_;
  std::vector<uint32_t> free_stories_;
  std::vector<uint32_t> changed_;
  std::vector<std::vector<uint32_t>> postings_;  // term -> stories, newest last
  // Per story, in slot order, what pruning reads (a dense array, so that reading a long posting
  // list does not touch every StoryState): the first publication time; INT64_MIN when freed,
  // INT64_MAX when untimed.
  std::vector<int64_t> prune_key_;
  std::vector<float> scores_;                    // scratch of Candidates, all zero between
  std::vector<uint32_t> touched_;
  std::vector<float> dense_;  // scratch of DenseQuery, all zero between calls
  size_t sweep_next_ = 0;     // the posting list SweepPostings looks at next
  size_t changes_since_sweep_ = 0;  // documents added or removed since
  bool prune_expired_;
  std::optional<UnixSeconds> latest_;  // newest publication time added
  uint64_t next_story_id_ = 1;
  size_t live_stories_ = 0;
  size_t live_documents_ = 0;
};

}  // namespace storyline::story

#endif  // STORYLINE_STORY_CLUSTERER_H_
