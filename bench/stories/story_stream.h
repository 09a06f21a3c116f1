// A large synthetic news stream for speed and memory runs of the story clustering stage: millions
// of documents in publication order, grouped into synthetic stories, built from the sentences of
// the real articles that the dedup harness reads (bench/dedup/sources.h). Quality is measured on
// the real labelled sets only (src/story/README.md); this stream is for time and memory.
//
// Stories. New stories start at a steady rate (a Poisson process of `stories_per_day`). Each gets
//   - a size, heavy-tailed: P(size >= s) = s^-1.1 up to `max_story_documents` (93% of stories
//     have 1-10 documents, 0.6% 100 or more, 0.16% 300 or more; mean ~6);
//   - a lifetime, log-normal around 12 hours (sigma 1), times 1 + ln(size) / 2, within
//     [1 hour, 7 days]: most stories last hours, large ones days. Its documents are published
//     from its start on, front-loaded (at start + lifetime * u^2 for sorted uniform u);
//   - a core: 4-6 sentences of one real article, rewritten as the dedup speed corpus rewrites
//     (sentence_pool.h), whose names are replaced by the story's 2-4 names (invented, or drawn
//     from the names of the real articles) and one of whose numbers becomes the story's number.
//     The "anchor" sentences of the core (1-3: the number's sentence and as many as it takes to
//     hold every name) go into every document, so that all documents of a story mention all its
//     names and its number.
// Documents. Each has 5-20 sentences, aimed at a length drawn in [300, 700] words: 2-5 of its
// story's core sentences (the anchors, then others) and filler sentences drawn from all the real
// articles, each sentence rewritten again for the document (names and number kept), so that the
// documents of a story share names and key words but no whole sentence (two rewrites of a
// sentence share a word 5-gram only where they drew the same replacements). The title is the
// headline of the document's lead, a core sentence drawn for it (HeadlineFromLead).
//
// Output, written as generated: JSON Lines {"id": "stream/<n>", "title", "text" (paragraphs
// separated by blank lines), "published" (RFC 3339 UTC)}, times nondecreasing, the stream
// starting on 2024-01-01; optional labels TSV `id<TAB>story` with a header row, the story as
// "story/<k>" (k: start order). Stories still running when the stream reaches `documents` end
// there. Memory holds the sentence pool and the running stories only (a min-heap on each one's
// next publication time), not the documents written: it does not grow with `documents`.
//
// Results are identical for the same articles, thesaurus, options and C++ standard library.
#ifndef STORYLINE_BENCH_STORIES_STORY_STREAM_H_
#define STORYLINE_BENCH_STORIES_STORY_STREAM_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <vector>

#include "sources.h"
#include "storyline/document.h"
#include "storyline/status.h"
#include "transform.h"

namespace storyline::story_bench {

struct StreamOptions {
  uint64_t seed = 1;
  size_t documents = 1000000;
  double stories_per_day = 2000;  // ~12,000 documents a day: 1M documents span ~84 days
  double size_exponent = 1.1;     // P(size >= s) = s^-size_exponent
  size_t max_story_documents = 3000;
  double median_lifetime_hours = 12;
  double lifetime_sigma = 1.0;  // of ln(lifetime)
  double min_lifetime_hours = 1;
  double max_lifetime_hours = 7 * 24;
  size_t min_words = 300;  // a document's target length is drawn in [min_words, max_words]
  size_t max_words = 700;
  size_t progress_every = 100000;  // documents between calls of the progress callback
};

struct StreamStats {
  size_t core_articles = 0;  // real articles a story core can come from
  size_t documents = 0;
  size_t words = 0;               // body words (CountWords), titles not included
  size_t stories = 0;             // stories with a document in the stream
  size_t stories_cut = 0;         // of them, still running when the stream ended
  size_t max_active_stories = 0;  // most stories running at once: the generator's state
  size_t largest_story = 0;       // drawn size of the largest story started
  UnixSeconds first_published = 0;
  UnixSeconds last_published = 0;
};

// Streams `options.documents` documents to `stream` and, when not null, their labels to
// `labels`; `progress` (may be empty) is called with the documents written, every
// `options.progress_every` and at the end. Fails when the articles give fewer than 100 sentences
// or no article usable as a story core (3+ sentences, a number, 2+ names), or when writing fails.
Status GenerateStoryStream(const std::vector<dedup_bench::SourceArticle>& articles,
                           const dedup_bench::Thesaurus& thesaurus, const StreamOptions& options,
                           std::ostream& stream, std::ostream* labels,
                           const std::function<void(size_t)>& progress, StreamStats* stats);

}  // namespace storyline::story_bench

#endif  // STORYLINE_BENCH_STORIES_STORY_STREAM_H_
