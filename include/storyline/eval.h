// Eval: scoring storyline's output against gold labels.
//
// Clustering: B-cubed precision/recall/F1 (Bagga & Baldwin 1998), the Adjusted Rand Index
// (Hubert & Arabie 1985) and Normalised Mutual Information (arithmetic-mean normalisation, as
// scikit-learn's default), all computed from the contingency table in O(n); from the same table,
// the most over-merged predicted clusters and the most split gold clusters, for error analysis.
//
// Extraction: the article-body metric of the Zyte (Scrapinghub) article-extraction-benchmark's
// evaluate.py, applied to its own data, to L3S-GN1 and to CleanEval. Per page, the predicted and
// the true text become multisets of 4-token shingles; TP/FP/FN are counted per shingle and
// normalised by their sum, so that long pages weigh no more than short ones. Precision and
// recall are means over pages, F1 is computed from the two means. Plain-text pages made from
// L3S-GN1 are also scored line by line: precision and recall of the lines an extractor kept.
#ifndef STORYLINE_EVAL_H_
#define STORYLINE_EVAL_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storyline/document.h"
#include "storyline/status.h"
#include "storyline/text.h"

namespace storyline {

struct ClusterScores {
  // B-cubed precision and recall are averaged over items; F1 is their harmonic mean.
  double bcubed_precision = 0;
  double bcubed_recall = 0;
  double bcubed_f1 = 0;
  double ari = 0;
  double nmi = 0;
  size_t documents = 0;  // documents scored (in both gold and prediction)
  size_t predicted_clusters = 0;
  size_t gold_clusters = 0;
  size_t gold_missing = 0;  // ScoreLabelMaps only: gold documents absent from the prediction
};

// Scores two labelings of the same items: predicted[i] and gold[i] label item i.
// Degenerate cases follow scikit-learn: two labelings that are both one cluster, or both all
// singletons, have ARI = NMI = 1. No items: all scores 0.
// REQUIRES: predicted.size() == gold.size().
ClusterScores ScoreClustering(const std::vector<std::string>& predicted,
                              const std::vector<std::string>& gold);

// One part of a mixed cluster: a cluster of the other labeling and how many of the mixed
// cluster's items it holds.
struct ClusterPart {
  std::string label;
  size_t items = 0;
};

// A cluster of one labeling whose items the other labeling spreads over several clusters: a
// predicted cluster mixing gold clusters (over-merged), or a gold cluster split over predicted
// clusters.
struct MixedCluster {
  std::string label;
  size_t items = 0;
  size_t outside_largest = 0;      // items outside its largest part: the errors it is ranked by
  size_t part_count = 0;           // clusters of the other labeling it spans, always >= 2
  std::vector<ClusterPart> parts;  // the largest parts, most items first, ties by label
};

// Error analysis of a clustering against gold, for `storyline eval cluster`.
struct ClusterErrors {
  std::vector<MixedCluster> over_merged;  // predicted clusters; parts are gold labels
  std::vector<MixedCluster> split;        // gold clusters; parts are predicted labels
};

// The `top` most over-merged predicted clusters, ranked by items outside their majority gold
// cluster, and the `top` most split gold clusters, ranked by items outside their largest
// predicted piece; ties go to the larger cluster, then to the smaller label (byte order).
// Clusters with no such item are not listed. Each keeps its `max_parts` largest parts.
// O(n) from the contingency table, plus sorting what is shown.
// REQUIRES: predicted.size() == gold.size().
ClusterErrors FindClusterErrors(const std::vector<std::string>& predicted,
                                const std::vector<std::string>& gold, size_t top, size_t max_parts);

// Scores the documents present in both maps (doc -> label); `gold_missing` counts gold
// documents the prediction lacks. Documents only in the prediction are ignored.
ClusterScores ScoreLabelMaps(const std::unordered_map<std::string, std::string>& predicted,
                             const std::unordered_map<std::string, std::string>& gold);

// Reads gold labels doc -> label from
//   - JSON Lines with `doc` (or `id`) and `label`, or with `field` when given (e.g. ECB+'s
//     `subtopic_event_cluster`); numbers are accepted as ids and labels;
//   - CSV with a header (e.g. UCI's ID ... STORY), chosen by a `.csv` extension: `id`/`doc`
//     column (any case) and `field` (default `label`, or `STORY` when the file has it). A
//     last record cut off mid-line (too few fields and no final newline) is ignored.
// Errors name the file and line.
Status ReadGoldLabels(const std::string& path, const std::string& field,
                      std::unordered_map<std::string, std::string>* labels);

// Reads a stories.json (or the JSON Lines output) into doc -> story id; copies get their
// original's story; rejected documents are not listed. `headlines`, when not null, receives
// story id -> headline for the stories that have one.
Status ReadPredictedLabels(const std::string& path,
                           std::unordered_map<std::string, std::string>* labels,
                           std::unordered_map<std::string, std::string>* headlines = nullptr);

// ---- Extraction ----

// The words of `text` as the benchmark's tokenizer sees them: maximal runs of characters that
// Python's regex \w matches (general category L*, any character with a Unicode numeric type,
// and '_'), case kept. "Zürich" and "東京" are one token each, "don't" is "don" and "t".
// Bytes that are not valid UTF-8 separate tokens.
std::vector<std::string> WordTokens(std::string_view text);

// The benchmark's shingles: the tokens i..i+3 joined by a space, for i in
// range(max(1, tokens - 3)); a text of 1 to 3 tokens has one shingle, an empty text none.
std::vector<std::string> WordShingles(const std::vector<std::string>& tokens);

// One page's comparison. tp + fp + fn is 1, or all three are 0 when neither text has a word.
struct ExtractionPageScore {
  double tp = 0;
  double fp = 0;
  double fn = 0;
  bool exact = false;  // the two token sequences are identical

  // A page with no predicted shingle has no precision, one with no true shingle no recall.
  bool has_precision() const { return tp + fp > 0; }
  bool has_recall() const { return tp + fn > 0; }
  double precision() const { return has_precision() ? tp / (tp + fp) : 0; }
  double recall() const { return has_recall() ? tp / (tp + fn) : 0; }
  // For ranking pages: the harmonic mean of the two; 0 when only one of them exists (it is
  // then 0), 1 when neither does (both texts are empty).
  double f1() const;
};

// Compares the predicted and the true text of one page.
ExtractionPageScore ScoreExtractedText(std::string_view predicted, std::string_view truth);

struct ExtractionScores {
  double precision = 0;  // mean over the pages that have a precision; 0 when none has
  double recall = 0;     // mean over the pages that have a recall; 0 when none has
  double f1 = 0;         // 2PR / (P + R) of the two means
  double accuracy = 0;   // share of pages whose token sequences are identical
  size_t pages = 0;
  size_t precision_pages = 0;  // pages with predicted text (in the precision mean)
  size_t recall_pages = 0;     // pages with true text (in the recall mean)
  size_t exact_pages = 0;
};

ExtractionScores SummarizeExtractionScores(const std::vector<ExtractionPageScore>& pages);

// The extraction benchmarks `storyline eval extract` reads.
//   kZyte:      DIR/ground-truth.json ({id: {"articleBody": ..., "url": ...}}) and
//               DIR/html/<id>.html.gz; the truth is the article body only.
//   kL3s:       L3S-GN1: DIR/original/<uuid>.html is scored; the truth is the text of the
//               headline (x-nc-sel1) and full-text (x-nc-sel2) spans of DIR/annotated/<uuid>.html,
//               in document order, one line per span.
//   kL3sText:   L3S-GN1 as plain text: each DIR/annotated/<uuid>.html becomes a text page, one
//               line per text block of its <body> (see ExtractionPage::lines); the truth is its
//               headline and full-text lines.
//   kCleanEval: DIR/input/<n>.html without its `<text id=URL ...>` wrapper; the truth is
//               DIR/GoldStandard/<n>.txt without its `URL:` line and its <p>, <h>, <l> markers.
enum class ExtractionDataset { kZyte, kL3s, kL3sText, kCleanEval };

// "zyte", "l3s", "l3s-text", "cleaneval"; false for anything else.
bool ParseExtractionDataset(std::string_view name, ExtractionDataset* dataset);

// What the extractor's output is scored as: for Zyte the paragraphs joined by "\n" (its truth
// is the article body alone); for L3S-GN1 (both forms) and CleanEval the title, then the
// paragraphs, one a line (their truth includes the headline).
std::string PredictedArticleText(const Article& article, ExtractionDataset dataset);

// A line of a plain-text benchmark page and whether the annotators marked it as article
// content.
struct LabelledLine {
  std::string text;  // white space collapsed, never empty
  bool content = false;
};

// One page of a benchmark: its id (the ground-truth key or the file stem), the extractor's input
// and the true text (UTF-8 when the benchmark's file is).
//
// For kL3sText, `input` is the page's lines as a browser shows them (runs of ASCII white space
// as one space, no-break spaces kept, so that "label<NBSP><NBSP>headline" reads as it would)
// joined by "\n"; ExtractPlainText skips blank lines, so one newline or two read the same.
// `lines` holds the same lines with all white space collapsed. A line is a text block as a text
// dump shows it: the text between two block-level boundaries (any element but inline ones such as
// <a>, <span>, <b>), cut again where the label changes between content and boilerplate. A piece of
// text takes the label of its innermost annotation span: content for headline (x-nc-sel1) and full
// text (x-nc-sel2); boilerplate for x-nc-sel0, supplemental (3), related (4), comments (5) and text
// outside any span. Invisible (x-nc-invisible), <script> and <style> text is left out. The first
// headline line is moved to the top, as a crawler's text dump starts with the title.
struct ExtractionPage {
  std::string id;
  // The page bytes as stored (any charset; CleanEval's without the wrapper); for kL3sText the
  // UTF-8 text page.
  std::string input;
  std::string truth;
  std::vector<LabelledLine> lines;  // kL3sText only
};

// Reads every page of a benchmark in `dir`, sorted by id. A page whose files cannot be read (a
// missing counterpart, an unreadable or corrupt file) is not in `pages`; its error, naming the
// file, is appended to `page_errors`. The returned Status is an error, naming the file or
// directory, only when the dataset itself cannot be read (no such directory, a malformed
// ground-truth.json, no page at all).
Status LoadExtractionPages(ExtractionDataset dataset, const std::string& dir,
                           std::vector<ExtractionPage>* pages, std::vector<Status>* page_errors);

// Reads another tool's output for a benchmark: a JSON object {"<page id>": "<predicted text>"};
// a null value reads as empty text. Errors name the file (and the offending id).
Status ReadExtractionPredictions(const std::string& path,
                                 std::unordered_map<std::string, std::string>* predictions);

// ---- Line-level extraction (plain-text pages) ----

// Which lines of one plain-text page an extractor kept, against the annotators' labels.
struct LineKeepScore {
  size_t tp = 0;           // content lines kept
  size_t fp = 0;           // boilerplate lines kept, and predicted lines that are not on the page
  size_t fn = 0;           // content lines dropped
  size_t tn = 0;           // boilerplate lines dropped
  size_t not_on_page = 0;  // predicted lines that match no page line (counted in fp)

  bool has_precision() const { return tp + fp > 0; }
  bool has_recall() const { return tp + fn > 0; }
  double precision() const { return has_precision() ? static_cast<double>(tp) / (tp + fp) : 0; }
  double recall() const { return has_recall() ? static_cast<double>(tp) / (tp + fn) : 0; }
  // As ExtractionPageScore::f1: 1 when the page has no content and nothing was kept.
  double f1() const;
};

// Scores the lines of `predicted` (the extractor's title and paragraphs, one a line; white space
// is collapsed and blank lines skipped) against the page's `lines`. Each predicted line is
// matched to the first unmatched page line with the same text after the previous match, else
// to the first unmatched one anywhere, so repeated lines are told apart by their order; a
// predicted line that matches none is a false positive. `kept`, when not null, receives one
// flag per page line.
LineKeepScore ScoreKeptLines(const std::vector<LabelledLine>& lines, std::string_view predicted,
                             std::vector<bool>* kept);

struct LineScores {
  // Micro-averaged: every line of every page counts once.
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  // Macro-averaged, as ExtractionScores: means over the pages that have a precision (a recall),
  // F1 of the two means.
  double page_precision = 0;
  double page_recall = 0;
  double page_f1 = 0;
  size_t pages = 0;
  size_t lines = 0;
  size_t content_lines = 0;
  size_t kept_lines = 0;   // page lines kept
  size_t not_on_page = 0;  // predicted lines that match no page line (false positives)
};

LineScores SummarizeLineScores(const std::vector<LineKeepScore>& pages);

// ---- Sentence paraphrase (the rewrite detector's sentence matcher) ----

// One labelled pair of the Microsoft Research Paraphrase Corpus.
struct ParaphrasePair {
  bool paraphrase = false;
  std::string first, second;
};

// Reads the MSRP TSV (`Quality, #1 ID, #2 ID, #1 String, #2 String`, a header line, an optional
// byte-order mark). Errors name the file and line.
Status ReadParaphrasePairs(const std::string& path, std::vector<ParaphrasePair>* pairs);

// The similarity the rewrite detector gives two sentences: the weighted content-stem Dice of
// dedup's sentence alignment (src/dedup/sentence_align.h), each text taken as one sentence.
// `analyzer` must belong to the calling thread.
double SentenceMatcherSimilarity(TextAnalyzer& analyzer, std::string_view first,
                                 std::string_view second);

struct ParaphraseScores {
  size_t pairs = 0;
  int folds = 0;
  // Pooled over the held-out folds, each classified with the threshold that maximised accuracy
  // on the other folds.
  double accuracy = 0, precision = 0, recall = 0, f1 = 0;
  double median_threshold = 0;  // of the thresholds chosen per fold
  // The same pairs at a fixed threshold (the detector's rewrite_sentence_similarity).
  double fixed_threshold = 0, fixed_accuracy = 0, fixed_f1 = 0;
  double majority_accuracy = 0;  // always answering the larger class
};

// k-fold cross-validation (fold = index mod k) of a similarity threshold: similarity >= t means
// paraphrase. REQUIRES: similarity.size() == labels.size(), folds >= 2.
ParaphraseScores CrossValidateThreshold(const std::vector<double>& similarity,
                                        const std::vector<bool>& labels, int folds,
                                        double fixed_threshold);

// ---- Summaries: ROUGE ----

// ROUGE-N as ROUGE-1.5.5 computes it with `-n 2 -m -l 100` (Porter stemmer, stop words kept,
// peer and reference summaries cut to their first 100 words, references combined with the
// default formula -f A). src/eval/rouge.cc lists the details of the Perl script it follows.
struct RougeOptions {
  // -l: each summary is cut to its first max_words words (white-space tokens of the raw lines)
  // before tokenisation; 0 = no cut.
  size_t max_words = 100;
  // -m: words longer than 3 characters are stemmed (Porter).
  bool stem = true;
  // ROUGE-1.5.5 looks each word to stem up in WordNet 2.0's irregular forms first
  // (WordNet-2.0.exc.db: "women" -> "woman"). Null: no lookup (see ReadWordNetExceptions).
  const std::unordered_map<std::string, std::string>* exceptions = nullptr;
};

// A summary as ROUGE-1.5.5 reads one file in its SPL format: one sentence a line (lines are
// kept as given, empty ones dropped).
using SummaryLines = std::vector<std::string>;

// The tokens ROUGE-1.5.5 counts n-grams over: the lines lower-cased (A-Z), cut to max_words,
// joined; '-' and every byte that is not an ASCII letter or digit separate tokens; words longer
// than 3 characters stemmed.
std::vector<std::string> RougeTokens(const SummaryLines& summary, const RougeOptions& options);

// ROUGE-N of one peer summary against one topic's references (-f A: the clipped n-gram hits and
// the n-gram counts are summed over the references, the peer's count once per reference).
// recall = hits / reference n-grams, precision = hits / peer n-grams, f = their harmonic mean;
// each rounded to 5 decimals as the script does before averaging over topics.
struct RougeScore {
  double recall = 0;
  double precision = 0;
  double f = 0;
  size_t hits = 0;
  size_t reference_ngrams = 0;
  size_t peer_ngrams = 0;
};

RougeScore ScoreRouge(int n, const SummaryLines& peer, const std::vector<SummaryLines>& references,
                      const RougeOptions& options);

// Reads one summary file: its lines, without the line feed (a trailing '\r' is kept, as the Perl
// script keeps it: it reads as white space).
Status ReadSummaryLines(const std::string& path, SummaryLines* lines);

// The reference summaries of a DUC-style directory: DIR/Task<topic>_reference<k>.txt (other
// files are ignored), as topic -> paths sorted by file name. Fails when DIR cannot be listed or
// holds no reference.
Status ListReferenceSummaries(const std::string& dir,
                              std::vector<std::pair<std::string, std::vector<std::string>>>* topics);

// WordNet's exception lists (DIR/*.exc: "inflected base ..." a line, e.g. Debian's wordnet-base
// /usr/share/wordnet), read as ROUGE's buildExceptionDB.pl builds WordNet-2.0.exc.db: the first
// base of each line, files in name order, a later line replacing an earlier one.
Status ReadWordNetExceptions(const std::string& dir,
                             std::unordered_map<std::string, std::string>* exceptions);

}  // namespace storyline

#endif  // STORYLINE_EVAL_H_
