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
// Cost per document: a candidate lookup of O(query_terms * max_postings), independent of the
// number of documents. Memory: about 0.9 KB per live document (its 100 heaviest terms) plus
// about 1 KB per live story (centroid and postings); MemoryBytes() counts it.
#ifndef STORYLINE_STORY_STREAM_H_
#define STORYLINE_STORY_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"

namespace storyline {

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
  // its handle.
  StreamDocHandle Add(const Document& doc);
  // Removes a document; false when the handle is unknown or already removed.
  bool Remove(StreamDocHandle handle);

  // The id of the document's story, 0 when the handle is unknown.
  uint64_t StoryOf(StreamDocHandle handle) const;

  // Runs the local merge round now (Add runs it every reorganize_every documents).
  void Reorganize();

  // The live stories, in no particular order.
  std::vector<StreamStory> Stories() const;

  size_t documents() const;
  size_t stories() const;
  // Bytes held by the index: documents, stories, postings and the vocabulary.
  size_t MemoryBytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storyline

#endif  // STORYLINE_STORY_STREAM_H_
