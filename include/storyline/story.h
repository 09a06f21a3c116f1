// Story: clusters documents about the same event.
//
// Each document becomes a weighted term vector over stems (TF-IDF; title, lead and named-
// entity-like tokens weigh more). Documents are visited in publication order (those without a
// time keep input order, after the timed ones) and each joins the most similar story centroid
// within the time window, or starts a new story; candidate stories come from an inverted index
// over centroid terms, never from all pairs. A merge pass then joins stories whose centroids are
// close. Members are ordered by cosine to the centroid; the headline is the member title with
// the best cosine times shape score (questions, exclamations, quotation-only and very short
// titles score lower). The streaming form of the same model is StoryStream (story_stream.h).
#ifndef STORYLINE_STORY_H_
#define STORYLINE_STORY_H_

#include <cstdint>
#include <span>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"

namespace storyline {

// Clusters the documents whose indices are in `originals` (copies are left out by the caller
// and follow their original). Returns stories ordered by size, largest first; every index in
// `originals` is in exactly one story.
std::vector<Story> ClusterStories(std::span<const Document> docs,
                                  std::span<const uint32_t> originals, const StoryOptions& options);

}  // namespace storyline

#endif  // STORYLINE_STORY_H_
