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
  // A page file whose main text has fewer words than this is rejected as empty. JSON Lines and
  // CSV records are exempt: they are rejected only when neither title nor text has a word
  // (a record with only a title, as in headline feeds, is a headline document).
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
  // rows per band = permutations / bands; a pair with shingle Jaccard J becomes a candidate
  // with probability 1 - (1 - J^rows)^bands: 32 x 4 gives 0.5 -> 0.87, 0.7 -> 1.0, 0.2 -> 0.05.
  int bands = 32;
  // The whole-text candidate index: MinHash bands (above), or 64-bit SimHash within
  // simhash_max_distance bits — 8 bytes per document, but it finds near-verbatim copies only
  // (at distance 3, half of the pairs at Jaccard ~0.97; docs/DEDUP.md). Windows and rewrites
  // always use MinHash; DedupIndex always uses MinHash.
  enum class Signature { kMinHash, kSimHash };
  Signature near_signature = Signature::kMinHash;
  int simhash_max_distance = 3;
  // Verification thresholds (a candidate is reported only when its measured score passes).
  double near_jaccard = 0.7;         // word-shingle Jaccard for `near`
  double partial_containment = 0.5;  // share of the shorter text's shingles inside the longer
  // Relations that count as copies, one bit each (RelationBit in dedup.h: exact 1, near 2,
  // partial 4, rewrite 8). A pair still gets the strongest relation that holds; when that one is
  // not in the set, the pair is no copy. Default: all four.
  unsigned copy_relations = 0xf;
  // Rewrite candidates: MinHash LSH over the set of distinctive content-word stems: stems of
  // non-stop words that occur in at most max(rewrite_common_stem_min_docs,
  // rewrite_common_stem_share * documents) documents (common words make unrelated texts look
  // alike; names, numbers and rare words are what a spinner keeps).
  // 96 values in 32 bands of 3 rows: Jaccard 0.4 -> 0.88, 0.5 -> 0.985, 0.65 -> 1.0 (the seeds'
  // spun copy has 0.65 on all content stems), 0.22 -> 0.29 (independent reports of the same
  // event, rejected by the alignment), 0.02 -> 0.0003 (unrelated texts).
  int rewrite_permutations = 96;
  int rewrite_bands = 32;
  size_t rewrite_common_stem_min_docs = 50;
  double rewrite_common_stem_share = 0.01;
  // Rewrite detection: sentence alignment on content-word stems, in order. The sentence Dice
  // weighs stems by inverse sentence frequency over the pair, so that a story's recurring names
  // do not align sentences. Seeds: the spun copy aligns 96% of its sentences, independent
  // reports of the same event <= 5%. A rewrite needs min_sentences_for_rewrite aligned, in
  // order, covering rewrite_aligned_share of the shorter text's sentences.
  double rewrite_sentence_similarity = 0.45;  // weighted stem Dice for two sentences to align
  double rewrite_aligned_share = 0.6;  // aligned (in order) share of the shorter text's sentences
  // And either: aligned sentences per sentence of the chain's span (first to last aligned
  // sentence, in the document where it is longer) >= rewrite_chain_density — a copy follows its
  // source sentence by sentence, independent reports of one event align scattered sentences
  // (quotes, the key facts) — or aligned sentences >= rewrite_both_share of the longer text's
  // sentences (a heavily spun copy of the whole text, where some sentences no longer align).
  // Measured on the bench/dedup harness (docs/BENCHMARKS.md).
  double rewrite_chain_density = 0.7;
  double rewrite_both_share = 0.65;
  int min_sentences_for_rewrite = 4;
  // An LSH bucket with more documents than this (boilerplate shared by many pages) pairs each
  // member only with its next two, keeping candidates linear in the bucket size.
  size_t max_bucket_size = 64;
};

struct StoryOptions {
  // Defaults measured on ECB+ (982 articles, 86 events, two of the same kind per topic, no
  // times) and UCI News (6,366 headlines, 87 broad stories): B-cubed F1 0.864 / 0.691. Higher
  // thresholds favour ECB+ (0.30/0.50: 0.876 / 0.573), lower ones UCI (0.20/0.30: 0.828 /
  // 0.721); these sit where the mean of the two is flat (see src/story/README.md).
  // Cosine similarity between a document and a story centroid to join the story.
  double join_similarity = 0.25;
  // Cosine similarity between two story centroids to merge them in the merge pass.
  double merge_similarity = 0.35;
  // Two documents more than this apart in publication time never share a story. Documents
  // without a time are clustered on content alone.
  int64_t time_window_seconds = 3 * 24 * 3600;
  // Weights of term occurrences by field.
  double title_weight = 3.0;
  double lead_weight = 1.5;  // first paragraph
  // Capitalised words not at sentence start (except in Title Case headlines), and numbers.
  double entity_weight = 2.0;
  // Terms of a document vector and of a centroid kept (the highest weights); bounds memory and
  // candidate lists, and keeps a centroid on the terms its members share.
  size_t centroid_terms = 100;
  // A lookup reads at most this many entries of a posting list (the most recent stories);
  // stops common words from making candidate generation quadratic. 500 and 2000 give the same
  // F1 on ECB+, UCI and DUC 2004.
  size_t max_postings = 500;
  // A document's highest-weighted terms looked up in the inverted index to find candidate
  // stories; the stories reached are ranked by the summed weight of the shared terms and the
  // best `max_candidates` are scored by exact cosine. 10 and 8 instead of 30 and 64: the same
  // F1 on ECB+ and DUC 2004, +0.026 on UCI (fewer weakly related candidates), and a third of
  // the streaming cost per document (src/story/README.md).
  size_t query_terms = 10;
  size_t max_candidates = 8;
  // Optional cap against over-broad stories: a story of this many documents takes no more, and
  // two stories merge only when together they have at most this many (0 = no cap).
  size_t max_story_size = 0;
  // Streaming (StoryStream): a local merge round after every this many added documents.
  size_t reorganize_every = 256;
  // ClusterStories (storyline run --streaming) feeds a StoryStream one document at a time in
  // publication order instead of clustering the batch, to measure streaming on the same data.
  bool streaming = false;
};

struct SummaryOptions {
  // Length limit of a story summary: whole sentences are added while the summary stays within
  // both limits (0 = no limit of that kind). A first sentence longer than the limit is cut.
  // Words are white-space separated tokens (as ROUGE's -l counts them); bytes are those of the
  // sentences joined by one space.
  size_t max_words = 100;
  size_t max_bytes = 0;
  // Work bound per story: the first max_documents sources (most representative first) and the
  // first max_sentences_per_document sentences of each are read; the rest are not candidates.
  size_t max_documents = 20;
  size_t max_sentences_per_document = 40;
  // Sentences with fewer words are not chosen (unless no sentence of the story has this many):
  // short sentences are mostly headlines, datelines and fragments.
  size_t min_sentence_words = 10;
  // A concept (stemmed word bigram, not only stop words) counts when at least
  // min(this, max(2, a third of the sources read, rounded up)) sources mention it; its weight is
  // that number of sources. Stories of one or two sources count sentences instead of sources (a
  // concept must occur in two sentences).
  size_t min_concept_documents = 3;
  // Lead bias, one signal among the others: a concept in a source's first sentence weighs this
  // much more per such source, and a source's first sentence scores lead_bonus times the mean
  // concept weight of a sentence on top of the concepts it covers (0 and 0: position ignored).
  // Chosen on DUC 2004 (src/summary/README.md).
  double lead_concept_weight = 1.0;
  double lead_bonus = 0.5;
};

struct QuoteOptions {
  // Quotations shorter than this many words are not reported (scare quotes, titles).
  size_t min_words = 4;
  // A story reports at most this many quotes, the most widely carried first (0 = all): a
  // story of thousands of documents would otherwise list thousands.
  size_t max_per_story = 50;
};

struct PipelineOptions {
  IngestOptions ingest;
  ExtractOptions extract;
  TextOptions text;
  DedupOptions dedup;
  StoryOptions story;
  SummaryOptions summary;
  QuoteOptions quotes;
  // Worker threads; 0 = all cores.
  int threads = 0;
};

}  // namespace storyline

#endif  // STORYLINE_OPTIONS_H_
