// Streaming story clustering: documents arrive one at a time (in publication order, as a live
// server receives them) and leave one at a time.
//
// Each arriving document is weighed with the document frequencies of the documents seen so far
// (TF-IDF; the batch stage, ClusterStories, uses those of the whole corpus), joins the most
// similar story centroid within the time window or starts a story, as in the batch stage. Every
// `StoryOptions::reorganize_every` additions, the stories changed since the last
// reorganisation are compared with their candidate stories and close ones merge (a local merge
// round; the batch stage runs rounds over all stories). Removing a document takes it out of its
// story; that story's centroid is rebuilt at the next reorganisation.
//
// Cost per document: a candidate lookup of at most query_terms * max_postings posting entries,
// independent of the number of documents; posting lists longer than 64 drop stories that can no
// longer take a document (first document more than the time window before the newest one), and
// a sweep removes stories that are gone. Memory: each live document keeps its 100 heaviest
// terms (about 0.8 KB) and each live story its centroid and postings (about 1.2 KB); on the
// bench stream (5.9 documents per story) that is 1.2 KB per live document (MemoryBytes();
// docs/BENCHMARKS.md). Every 65,536 additions, terms that no live document has (every document
// added since the oldest live one lacks them) are forgotten and their ids reused, so that with
// removals the vocabulary follows the live documents, not the whole stream.
//
// Save writes the whole state and Load restores it: a loaded stream is indistinguishable from
// the saved one (same handles, next handle, story ids, next story id, StoryOf, Stories(),
// vocabulary and document frequencies, counters, posting lists), so the same Add, Remove and
// Reorganize calls on both give the same results. Not thread-safe: callers serialise Add,
// Remove, Reorganize and Save (the const queries may run together, Save among them).
#ifndef STORYLINE_STORY_STREAM_H_
#define STORYLINE_STORY_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"
#include "storyline/status.h"

namespace storyline {

// A stem (Token::stem) and its field-weighted term frequency in one document.
struct StoryStem {
  uint64_t stem = 0;
  float tf = 0;
};

// What StoryStream::Add needs of a document, computed by StoryStream::Prepare.
struct StoryTerms {
  std::vector<StoryStem> stems;  // first-seen order
  std::optional<UnixSeconds> published;
};

// Identifies a document in a StoryStream; a removed document's handle is never valid again.
using StreamDocHandle = uint64_t;

struct StreamStory {
  uint64_t id = 0;  // stable while the story lives (merging keeps the larger story's id)
  // Members with their cosine to the story centroid, most relevant first.
  std::vector<std::pair<StreamDocHandle, double>> members;
};

class StoryStream {
 public:
  explicit StoryStream(const StoryOptions& options = StoryOptions());
  ~StoryStream();
  StoryStream(const StoryStream&) = delete;
  StoryStream& operator=(const StoryStream&) = delete;

  // Adds an analysed document (its text features and publication time are used) and returns
  // its handle. The same as Add(Prepare(doc, options)).
  StreamDocHandle Add(const Document& doc);
  // Counts a document's stems, weighted by field, without touching any stream: callers that
  // analyse documents on several threads prepare them there and Add them in order on one.
  static StoryTerms Prepare(const Document& doc, const StoryOptions& options);
  StreamDocHandle Add(const StoryTerms& terms);
  // Removes a document; false when the handle is unknown or already removed.
  bool Remove(StreamDocHandle handle);

  // The id of the document's story, 0 when the handle is unknown.
  uint64_t StoryOf(StreamDocHandle handle) const;

  // Runs the local merge round now (Add runs it every reorganize_every documents).
  void Reorganize();

  // The live stories, in no particular order. Each member's relevance is its cosine to the
  // centroid rebuilt from the members, so this costs O(live documents * terms): a snapshot,
  // not a per-request call for a large index.
  std::vector<StreamStory> Stories() const;

  size_t documents() const;
  size_t stories() const;
  // Bytes held by the index: documents, stories, postings and the vocabulary.
  size_t MemoryBytes() const;

  // Writes the stream to `path` atomically (a temporary file renamed over it, removed again on
  // failure), zstd-compressed with an XXH3 checksum and a format version; not fsynced (a caller
  // that needs the file on disk syncs it, as live/snapshot.cc does). Streams the state through
  // buffers of a few hundred KB: no second copy of it in memory. 100,000 live documents of the
  // bench/stories stream: a 45.5 MB file (455 bytes per document), Save 0.47 s, Load 0.53 s in a
  // fresh process (story_stream_test, DISABLED_SavesAndLoadsAHundredThousandLiveDocuments).
  Status Save(const std::string& path) const;
  // Restores a stream written by Save into `*stream` (untouched on failure). The options that
  // shaped the saved state must equal `options`, else kInvalidArgument naming the option:
  // time_window_seconds (story spans, expired postings already dropped), title_weight,
  // lead_weight and entity_weight (the stored term frequencies) and centroid_terms (document
  // and centroid vectors). The others only steer later decisions and may differ: join and merge
  // similarity, query_terms, max_candidates, max_postings (lists are trimmed to it as they
  // grow), reorganize_every (a count already past it reorganises at the next Add) and
  // max_story_size (a story already above a lowered cap takes no more documents and merges no
  // more). kNotFound when the file cannot be opened; kUnsupported for another format version;
  // kCorruption for anything else wrong with the file (truncated, checksum, inconsistent).
  static Status Load(const std::string& path, const StoryOptions& options,
                     std::unique_ptr<StoryStream>* stream);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storyline

#endif  // STORYLINE_STORY_STREAM_H_
