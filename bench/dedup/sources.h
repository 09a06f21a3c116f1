// The real news articles the dedup harness builds its corpus from, and the verbatim overlaps
// already among them.
//
// DUC 2004 (Task 2): DIR/<topic>/D<n>.txt, one AP or NYT article per file as line-wrapped plain
// text without title or paragraph breaks; ``PTB quotes'' and " _ " dashes. The text is joined,
// split into sentences and regrouped into news-length paragraphs; the title is made from the
// lead. Story = the topic folder.
//
// ECB+: JSON Lines {doc, topic, subtopic_event_cluster, text}, one tokenised sentence per line
// (spaces around punctuation; the *ecbplus* documents also split hyphens, colons and initials,
// and start with a URL line, a title and a date line). Lines are detokenised; the URL and date
// lines go, a short first line without final punctuation becomes the title (else the title is
// made from the lead). Story = subtopic_event_cluster.
//
// Verbatim overlap: news collections hold real copies of each other (a wire story and its
// update, one article on two sites). FindVerbatimOverlaps measures, for every pair of articles,
// the share of the shorter one's word 5-grams found in the other, so that the harness neither
// uses such text as filler nor counts a real copy as a false positive without saying so.
#ifndef STORYLINE_BENCH_DEDUP_SOURCES_H_
#define STORYLINE_BENCH_DEDUP_SOURCES_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/status.h"
#include "transform.h"

namespace storyline::dedup_bench {

struct SourceArticle {
  Article article;      // id: "duc/<topic>/D<n>" or "ecb/<doc without .xml>"
  std::string story;    // DUC topic folder or ECB+ subtopic_event_cluster
  std::string dataset;  // "duc" or "ecb"
};

// Appends the articles of DIR/<topic>/D*.txt, topics and files in natural order.
Status ReadDucArticles(const std::string& dir, std::vector<SourceArticle>* articles);

// Appends the articles of an ECB+ JSON Lines file, in file order.
Status ReadEcbArticles(const std::string& path, std::vector<SourceArticle>* articles);

// One DUC file's text as an article (exposed for tests).
Article ArticleFromDucText(std::string id, std::string_view text);

// One ECB+ record's text as an article; `split_compounds`: the tokeniser also split "90 - day",
// "12 : 49" and "U . S ." (the ecbplus half of the corpus).
Article ArticleFromEcbText(std::string id, std::string_view text, bool split_compounds);

// A tokenised line as plain text: no space before , . ; : ! ? % ) and clitics ('s n't),
// none after ( $ and opening quotes; `` and '' become ". With `split_compounds`, "90 - day",
// "12 : 49", "U . S ." are joined back.
std::string Detokenize(std::string_view line, bool split_compounds);

// A headline from a lead sentence: a leading dateline dropped, then the words up to the first
// comma that follows at least 4 words, at most 12, without final punctuation.
std::string HeadlineFromLead(std::string_view sentence);

struct VerbatimOverlap {
  size_t a = 0;  // indices into the articles, a < b
  size_t b = 0;
  double containment = 0;  // shared 5-grams / 5-grams of the shorter text
  double jaccard = 0;      // shared 5-grams / 5-grams of either
};

// Every pair of articles (any stories) whose containment is at least `min_containment`, found
// through an index of their lower-cased word 5-grams (5-grams in more than 100 articles are
// boilerplate and not indexed). Sorted by (a, b).
std::vector<VerbatimOverlap> FindVerbatimOverlaps(const std::vector<SourceArticle>& articles,
                                                  double min_containment);

// How much text pairs of articles share, as lower-cased word 5-grams (the measure above, with no
// 5-gram left out): the check that synthetic articles of unrelated stories share about as little
// as real ones do (`dedup_harness overlap`, corpus.h).
struct ShingleSharing {
  size_t pairs = 0;
  size_t sharing = 0;          // pairs with at least one 5-gram in common
  size_t sharing_8 = 0;        // pairs with 8 or more: a sentence's worth of common text
  size_t contained = 0;        // pairs with containment >= 0.2
  double containment_sum = 0;  // containment: shared 5-grams / 5-grams of the shorter text

  double SharingShare() const;     // sharing / pairs (0 without pairs)
  double MeanContainment() const;  // containment_sum / pairs
};
struct ShingleSharingByStory {
  ShingleSharing same_story;
  ShingleSharing other_stories;
};

// Every pair of `articles`, split by whether `stories` gives both the same story. Memory grows
// with the pairs that share a 5-gram: meant for a few thousand articles.
// REQUIRES: stories.size() == articles.size().
ShingleSharingByStory MeasureShingleSharing(std::span<const Article> articles,
                                            std::span<const std::string> stories);

}  // namespace storyline::dedup_bench

#endif  // STORYLINE_BENCH_DEDUP_SOURCES_H_
