// LiveIndex: the stories of a changing set of documents, kept up to date one document at a
// time and durable on disk — what `storyline serve` and `storyline tgnews server` run on.
//
// Every accepted document is written to an SQLite database (WAL, synchronous=FULL) before Put
// returns, so an acknowledged document survives kill -9 and power loss. The indexes are derived
// from the database and updated incrementally on each change (never rebuilt from scratch):
//   - extraction and analysis run once per document, on the caller's thread, in parallel (at
//     most LiveOptions::analysis_slots at once);
//   - DedupIndex (dedup_index.h) places it among the copies; StoryStream (story_stream.h)
//     places it in a story. Copies are added to the story stream too (a group's original can
//     change as documents come and go); in the story list and view a copy follows its
//     original's story and counts at half weight, as in the batch pipeline.
//   - one writer thread applies changes in order: a batch of waiting changes is committed in
//     one transaction (one fsync), then added to the indexes under one exclusive lock; Put
//     returns after both.
// Readers never wait for a write to finish: the story list is an immutable snapshot rebuilt in
// the background after changes (at most every `refresh_interval`, and never using more than
// about a tenth of a core), and a document's own placement is read under a shared lock.
//
// Restart: the indexes are saved next to the database (`<db>.snapshot.*`) every
// `snapshot_every` changes and on Close(); Open() loads the last snapshot and replays the
// changes written after it, or, without a usable snapshot, re-analyses every stored document
// (extraction is not repeated: the extracted text is stored). While restoring, ready() is false
// (the server answers 503 with Retry-After). The writer thread writes the snapshot, and changes
// wait for it (about 2 s at 100,000 documents); a restart after kill -9 replays the changes
// since the last one (about 0.5 ms each on 2 cores), so `snapshot_every` trades the one against
// the other; a snapshot is also taken when writes pause (`idle_snapshot_after`). (A snapshot
// written by a forked child while writes go on was measured and not kept: the copy-on-write
// faults of the writer's random writes into the indexes cost more than the pause; see
// docs/BENCHMARKS.md.)
//
// TTL: a document may carry a time to live. With Clock::kWall it expires at received + ttl by
// the wall clock; with Clock::kNewestPublished (the Telegram contest's rule) at its publication
// time + ttl, measured against the newest publication time indexed. Expired documents are
// deleted (store and indexes) within a second.
#ifndef STORYLINE_LIVE_INDEX_H_
#define STORYLINE_LIVE_INDEX_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"
#include "storyline/pipeline.h"
#include "storyline/status.h"

namespace storyline {

struct LiveOptions {
  PipelineOptions pipeline;
  enum class Clock { kWall, kNewestPublished };
  Clock clock = Clock::kWall;
  // Minimum time between two rebuilds of the story list while changes keep coming.
  std::chrono::milliseconds refresh_interval{250};
  // Changes between two snapshots of the indexes (0: only on Close, and when idle as below).
  size_t snapshot_every = 50000;
  // A snapshot is also taken once no change has come for `idle_snapshot_after` (0: never) and
  // at least `idle_snapshot_changes` wait for one: few writes wait for it then, and a restart
  // after a crash later replays little.
  std::chrono::seconds idle_snapshot_after{10};
  size_t idle_snapshot_changes = 1000;
  // Most changes committed in one transaction.
  size_t max_batch = 256;
  // Save a snapshot on Close() (off: a restart replays every change since the last periodic
  // snapshot, as after kill -9; tests use it to stand for a crash).
  bool snapshot_on_close = true;
  // Pages extracted and analysed at once (0: one per core). A PUT waits for one of these slots
  // (each with its own text analyser, whose caches stay warm), so that however many
  // connections send pages, the writer thread competes with only this many others for the CPU.
  size_t analysis_slots = 0;
  // Called on the writer thread before restoring starts (tests hold the restore with it).
  std::function<void()> before_restore;
};

// One document as the index holds it (immutable; a new version replaces it).
struct LiveDocument {
  std::string id;
  std::string title;
  std::string url;
  std::string site;
  std::string language;
  std::optional<UnixSeconds> published;
  UnixSeconds received = 0;
  std::optional<UnixSeconds> expires;
  int64_t seq = 0;  // the store's change number of this version
};

// A document with where it stands now.
struct LiveDocumentInfo {
  LiveDocument doc;
  std::string author;
  std::vector<std::string> paragraphs;
  std::string original;                  // its duplicate group's original (itself when one)
  std::optional<CopyRelation> relation;  // to the original; nullopt when it is the original
  double similarity = 1;
  size_t group_size = 1;
  uint64_t story = 0;  // 0 while the story list has not caught up with a new document
};

// One story of the story list.
struct LiveStory {
  uint64_t id = 0;
  std::string headline;
  std::string headline_doc;
  double importance = 0;
  size_t sources = 0;  // originals
  size_t copies = 0;
  std::string language;  // the most common language of its documents
  std::optional<UnixSeconds> first_published;
  std::optional<UnixSeconds> last_published;
  // Its documents: originals most relevant first, each followed by its copies.
  struct Entry {
    uint32_t doc = 0;       // index into LiveStoryList::documents
    int32_t copy_of = -1;   // a copy: index into `entries` of its original; -1: an original
    CopyRelation relation = CopyRelation::kNear;  // of a copy
    float similarity = 1;   // of a copy
    float relevance = 0;    // cosine to the story centroid
  };
  std::vector<Entry> entries;
};

// An immutable snapshot of every live story, most important first.
struct LiveStoryList {
  uint64_t version = 0;  // changes applied when it was built
  UnixSeconds built_at = 0;
  std::optional<UnixSeconds> newest_published;
  std::vector<LiveStory> stories;
  std::vector<std::shared_ptr<const LiveDocument>> documents;
  // (story id, index into `stories`), sorted by id.
  std::vector<std::pair<uint64_t, uint32_t>> by_id;
  // The story with this id, or nullptr.
  const LiveStory* Find(uint64_t story_id) const;
};

// A story's full view: the story (members, copies, summary, quotes) over its documents, as
// the batch pipeline builds it, ready for the stories.json writer.
struct LiveStoryView {
  uint64_t id = 0;
  PipelineResult result;  // documents of the story only; stories has one entry
};

struct LiveStats {
  bool ready = false;
  size_t documents = 0;
  size_t stories = 0;
  uint64_t changes = 0;         // changes applied since start
  uint64_t puts = 0, deletes = 0, expired = 0, rejected = 0;
  size_t restored = 0;          // documents restored at start
  size_t restore_total = 0;     // documents to restore (progress)
  double restore_seconds = 0;
  bool restored_from_snapshot = false;
  size_t replayed = 0;          // documents re-indexed at start (those the snapshot lacked)
  // Periodic snapshots written since start, those that failed, the time the last one took
  // (changes waited for it), and the changes a restart after a crash would replay.
  uint64_t snapshots = 0, snapshot_failures = 0;
  double snapshot_seconds = 0;
  size_t changes_since_snapshot = 0;
  size_t dedup_bytes = 0, story_bytes = 0;
  uint64_t list_version = 0;
  double list_build_ms = 0;
  size_t batches = 0;           // transactions committed
};

class LiveIndex {
 public:
  // Opens the database at `db_path` (creating it) and starts restoring in the background.
  static Status Open(const std::string& db_path, const LiveOptions& options,
                     std::unique_ptr<LiveIndex>* index);
  // Close()s.
  ~LiveIndex();
  LiveIndex(const LiveIndex&) = delete;
  LiveIndex& operator=(const LiveIndex&) = delete;

  bool ready() const;
  // Blocks until restoring is over; its status.
  Status WaitReady();

  enum class PutOutcome { kCreated, kReplaced, kRejected };
  struct PutResult {
    PutOutcome outcome = PutOutcome::kRejected;
    std::string reason;  // why it was rejected
    std::shared_ptr<const LiveDocument> doc;
  };
  // Extracts and analyses `raw` (raw.id is the document id), stores it and indexes it;
  // returns once it is durable and indexed. `ttl_seconds` > 0 sets its time to live.
  // Thread-safe; many callers run their extraction in parallel. Fails (Status) only when the
  // store cannot be written or the index is not ready; a rejected document is a result.
  Status Put(RawDocument raw, std::optional<int64_t> ttl_seconds, PutResult* result);
  // Deletes a document; *found tells whether it existed.
  Status Delete(const std::string& id, bool* found);

  // The document with its text and placement; nullopt when unknown.
  std::optional<LiveDocumentInfo> Get(const std::string& id) const;
  // The latest story list snapshot (never null once ready).
  std::shared_ptr<const LiveStoryList> Stories() const;
  // Rebuilds the story list now if anything changed since the last one (tests and tools that
  // need to read their own writes).
  void RefreshNow();
  // The full view of one story of the latest snapshot; nullopt when the id is unknown.
  std::optional<LiveStoryView> StoryView(uint64_t story_id) const;

  LiveStats Stats() const;
  // The current time by the index's clock (wall clock, or the newest publication time).
  UnixSeconds Now() const;

  // Stops the background threads, finishes the writes under way and saves a snapshot.
  Status Close();

 private:
  LiveIndex();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storyline

#endif  // STORYLINE_LIVE_INDEX_H_
