// Story clustering, batch: every original is weighed with the document frequencies of all of
// them, then the documents join stories one at a time in publication order (untimed ones after,
// in input order) as in the streaming stage (story/clusterer.h), then merge rounds join close
// stories. With StoryOptions::streaming, a StoryStream is fed the documents in the same order
// instead (document frequencies as they arrive, local merge rounds), to measure that mode on
// the same data.
//
// Cost per document: O(query_terms * max_postings) for the candidate lookup, never O(n).
// Each story's members are ordered by cosine to the final centroid (relevance); the headline is
// the member title with the best relevance times shape score (story/headline.h: questions,
// exclamations, quotation-only, very short titles score lower). Copies are not members, so an
// original's title is always preferred to its copies'.
#include "storyline/story.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "story/clusterer.h"
#include "story/headline.h"
#include "story/term_vectors.h"
#include "storyline/story_stream.h"

namespace storyline {

namespace {

// Visiting order of both modes: publication order, untimed documents after the timed ones, in
// input order.
std::vector<uint32_t> PublicationOrder(std::span<const Document> docs,
                                       std::span<const uint32_t> originals) {
  auto published = [&](uint32_t position) -> std::optional<UnixSeconds> {
    const uint32_t index = originals[position];
    return index < docs.size() ? docs[index].published : std::nullopt;
  };
  std::vector<uint32_t> order(originals.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const auto ta = published(a), tb = published(b);
    if (ta.has_value() != tb.has_value()) return ta.has_value();
    return ta && *ta < *tb;
  });
  return order;
}

// Batch: document frequencies of all documents, merge rounds over all stories at the end.
std::vector<story::StorySnapshot> ClusterBatch(std::span<const Document> docs,
                                               std::span<const uint32_t> originals,
                                               const StoryOptions& options) {
  story::TermStats stats;
  std::vector<story::SparseVector> raw;
  std::vector<story::SparseVector> vectors =
      story::BuildTermVectors(docs, originals, options, &stats, &raw);
  story::Clusterer clusterer(options, &stats);
  for (uint32_t position : PublicationOrder(docs, originals)) {
    const uint32_t index = originals[position];
    clusterer.Add(position, std::move(raw[position]), vectors[position],
                  index < docs.size() ? docs[index].published : std::nullopt);
    vectors[position] = story::SparseVector();
  }
  clusterer.Reorganize(/*all=*/true);
  return clusterer.Snapshot();
}

// Streaming: a StoryStream fed in the same order, read after one more local reorganisation.
std::vector<story::StorySnapshot> ClusterStreaming(std::span<const Document> docs,
                                                   std::span<const uint32_t> originals,
                                                   const StoryOptions& options) {
  StoryStream stream(options);
  std::unordered_map<StreamDocHandle, uint32_t> position_of;
  const Document empty;
  for (uint32_t position : PublicationOrder(docs, originals)) {
    const uint32_t index = originals[position];
    position_of[stream.Add(index < docs.size() ? docs[index] : empty)] = position;
  }
  stream.Reorganize();
  std::vector<story::StorySnapshot> out;
  for (const StreamStory& s : stream.Stories()) {
    story::StorySnapshot snapshot;
    snapshot.id = s.id;
    for (const auto& [handle, relevance] : s.members) {
      snapshot.members.emplace_back(position_of.at(handle), relevance);
    }
    out.push_back(std::move(snapshot));
  }
  return out;
}

}  // namespace

std::vector<Story> ClusterStories(std::span<const Document> docs,
                                  std::span<const uint32_t> originals,
                                  const StoryOptions& options) {
  const std::vector<story::StorySnapshot> snapshots =
      options.streaming ? ClusterStreaming(docs, originals, options)
                        : ClusterBatch(docs, originals, options);
  std::vector<Story> result;
  for (const story::StorySnapshot& snapshot : snapshots) {
    Story out;
    out.members.reserve(snapshot.members.size());
    for (const auto& [position, relevance] : snapshot.members) {
      out.members.push_back(originals[position]);
    }
    std::vector<story::HeadlineCandidate> candidates;
    candidates.reserve(snapshot.members.size());
    for (const auto& [position, relevance] : snapshot.members) {
      const uint32_t doc = originals[position];
      candidates.push_back({doc < docs.size() ? std::string_view(docs[doc].title) : "",
                            relevance, false});
    }
    const size_t headline = story::ChooseHeadline(candidates);
    out.headline_doc = out.members[headline == story::kNoHeadline ? 0 : headline];
    result.push_back(std::move(out));
  }
  // Largest first; equal sizes by their first document in input order.
  std::vector<std::pair<size_t, uint32_t>> keys;  // (size, smallest member), per story
  for (const Story& st : result) {
    keys.emplace_back(st.members.size(), *std::min_element(st.members.begin(), st.members.end()));
  }
  std::vector<uint32_t> rank(result.size());
  std::iota(rank.begin(), rank.end(), 0);
  std::sort(rank.begin(), rank.end(), [&](uint32_t a, uint32_t b) {
    if (keys[a].first != keys[b].first) return keys[a].first > keys[b].first;
    return keys[a].second < keys[b].second;
  });
  std::vector<Story> sorted;
  sorted.reserve(result.size());
  for (uint32_t i : rank) sorted.push_back(std::move(result[i]));
  return sorted;
}

}  // namespace storyline
