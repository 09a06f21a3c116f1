// Configuration of every stage, with the documented defaults in one place.
//
// Each stage takes its own struct; PipelineOptions bundles them for `storyline run`. Nothing is
// read from globals or the environment: what is not passed in is the default written here.
#ifndef STORYLINE_OPTIONS_H_
#define STORYLINE_OPTIONS_H_

#include <cstddef>
#include <cstdint>

namespace storyline {

struct IngestOptions {
  // Files larger than this are rejected ("too large") instead of read.
  size_t max_document_bytes = 16u << 20;
};

struct ExtractOptions {
  // A page whose main text has fewer words than this is rejected as empty. Records that carry
  // only a title (headline feeds, CSV) are exempt: they are accepted as headline documents.
  size_t min_body_words = 15;
};

struct TextOptions {
  // Below this CLD2 confidence (0..1) the language is "un" and no stemmer is used.
  double min_language_confidence = 0.5;
};

struct DedupOptions {
  // MinHash over word shingles, for exact, near and partial copies.
  int shingle_words = 5;
  int permutations = 128;
  int bands = 32;  // rows per band = permutations / bands; threshold ~ (1/bands)^(1/rows)
  // Verification thresholds (a candidate is reported only when its measured score passes).
  double near_jaccard = 0.7;        // word-shingle Jaccard for `near`
  double partial_containment = 0.5;  // share of the shorter text's shingles inside the longer
  // Rewrite detection: sentence alignment on content-word stems, in order.
  double rewrite_sentence_similarity = 0.45;  // stem Dice for two sentences to align
  double rewrite_aligned_share = 0.5;  // aligned (in order) share of the shorter text's sentences
  int min_sentences_for_rewrite = 4;
};

struct StoryOptions {
  // Cosine similarity between a document and a story centroid to join the story.
  double join_similarity = 0.30;
  // Cosine similarity between two story centroids to merge them in the merge pass.
  double merge_similarity = 0.45;
  // Two documents more than this apart in publication time never share a story. Documents
  // without a time are clustered on content alone.
  int64_t time_window_seconds = 3 * 24 * 3600;
  // Weights of term occurrences by field.
  double title_weight = 3.0;
  double lead_weight = 1.5;   // first paragraph
  double entity_weight = 2.0;  // capitalised words not at sentence start, and numbers
  // Terms of a centroid kept (the highest weights); bounds memory and candidate lists.
  size_t centroid_terms = 200;
  // Posting lists of the inverted index are capped at this length (most recent stories kept);
  // stops common words from making candidate generation quadratic.
  size_t max_postings = 2000;
};

struct PipelineOptions {
  IngestOptions ingest;
  ExtractOptions extract;
  TextOptions text;
  DedupOptions dedup;
  StoryOptions story;
  // Worker threads; 0 = all cores.
  int threads = 0;
};

}  // namespace storyline

#endif  // STORYLINE_OPTIONS_H_
