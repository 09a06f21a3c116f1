// Text transformations that turn a news article into the kinds of copies storyline's dedup
// stage must find: exact and near-verbatim copies, truncations, dropped and reordered
// paragraphs, OCR-like noise, synonym spinning and partial embedding in a longer page (the HTML
// wrapping lives in page.h). The duplicate-detection harness (dedup_harness.cc) applies them to
// real articles and scores storyline against the labels it writes.
//
// An Article is a title and paragraphs of plain text; a paragraph holds sentences separated by
// single spaces. Every transformation takes the generator it draws from, so a copy is a pure
// function of the source, the parameters and the seed (DocumentRng gives each document its own
// generator). Results are identical across runs and machines with the same C++ standard
// library; the distributions of <random> are implementation-defined, so another library may
// draw other copies.
//
// Words: whitespace-separated tokens; a token's "core" is what is left after stripping leading
// and trailing punctuation. Transformations edit cores and keep the punctuation around them.
#ifndef STORYLINE_BENCH_DEDUP_TRANSFORM_H_
#define STORYLINE_BENCH_DEDUP_TRANSFORM_H_

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storyline/status.h"

namespace storyline::dedup_bench {

struct Article {
  std::string id;
  std::string title;
  std::vector<std::string> paragraphs;  // non-empty, whitespace-trimmed
};

// The kinds of document in a harness corpus, as written in labels.tsv.
enum class Transform {
  kOriginal,    // the source article itself
  kExact,       // same title and text
  kWrapped,     // same text inside an HTML page with boilerplate and comments (page.h)
  kNear,        // new title, 1-3% of words changed, dateline changed, last sentence dropped
  kTruncation,  // a prefix: the first 50-80% of the words, cut at a sentence end
  kReorder,     // ~20% of paragraphs dropped, a few adjacent ones swapped
  kTypos,       // character-level noise on a share of the words
  kSpin,        // content words replaced by thesaurus synonyms, some clauses swapped
  kPartial,     // 50-80% of the article inside a longer page of unrelated text
};

std::string_view TransformName(Transform t);
// Parses a TransformName; false when `name` is none.
bool ParseTransform(std::string_view name, Transform* t);

// A generator for one document: seeded from the run's seed and the document id, so that adding
// or removing documents does not change the others.
std::mt19937_64 DocumentRng(uint64_t seed, std::string_view doc_id);

// ---- Text helpers ----

// The sentences of a paragraph: split after . ! ? (and closing quotes or brackets) followed by
// a space and an upper-case letter, digit or opening quote; common abbreviations ("Mr.",
// "Sen.", "Jan.", initials, "U.S.") do not end a sentence.
std::vector<std::string> SplitSentences(std::string_view paragraph);

// Groups sentences into paragraphs of news length: a paragraph ends after 3 sentences or once
// it has 45 words.
std::vector<std::string> GroupIntoParagraphs(const std::vector<std::string>& sentences);

// The paragraphs joined with blank lines, as a plain-text article is written.
std::string JoinParagraphs(const std::vector<std::string>& paragraphs);

// Whitespace-separated tokens that contain a letter or digit.
size_t CountWords(std::string_view text);
size_t CountWords(const Article& article);  // title not included

// True for the English function words a spinner leaves alone (lower-case input).
bool IsStopWord(std::string_view word);

// ---- Thesaurus ----

// Single-word synonyms by part of speech, from a MyThes thesaurus (the OpenOffice/LibreOffice
// format of Debian's mythes-en-us, /usr/share/mythes/th_en_US_v2.dat): an encoding line, then
// per entry a line `word|count` and `count` lines `(pos)|syn1|syn2|...`. Kept: entries whose
// word is lower-case letters; synonyms that are one lower-case word of letters, differ from
// the entry and carry no "(generic term)", "(related term)", "(antonym)" or "(similar term)"
// mark. A sense left without synonyms is dropped, and so is an entry left without senses.
class Thesaurus {
 public:
  enum class Pos { kNoun, kVerb, kAdjective, kAdverb, kOther };
  struct Sense {
    Pos pos = Pos::kOther;
    std::vector<std::string> synonyms;
  };

  static Status Load(const std::string& path, Thesaurus* thesaurus);

  // The senses of `word` in the file's order (most common first); null when it has none.
  const std::vector<Sense>* Find(std::string_view word) const;

  // A synonym for an English word form, or "" when none is known. Tries the word itself, then
  // undoes regular inflection (-s, -es, -ies, -ed, -ing) and inflects the synonym the same way
  // (regularly, as a spinner does: "walked" -> "strolled", "ran" is not found). Draws among
  // the synonyms of the first two senses that have any (verb senses only for -ed and -ing).
  std::string Synonym(std::string_view word, std::mt19937_64& rng) const;

  size_t size() const { return entries_.size(); }

 private:
  std::unordered_map<std::string, std::vector<Sense>> entries_;
};

// ---- Transformations ----

// Near-verbatim copy: a different title (an agency tag, a trailing outlet name or a title taken
// from the lead), `word_share` (drawn in [0.01, 0.03]) of the words replaced by a synonym or
// dropped, a dateline ("CITY (Reuters) - ") added when the text has none and dropped when it
// has one, and the last sentence dropped.
Article NearCopy(const Article& source, const Thesaurus& thesaurus, std::mt19937_64& rng);

// The first `share` (drawn in [min_share, max_share]) of the words, cut at the sentence end
// nearest to it; at least one sentence. The text of the result is a prefix of the source's.
Article Truncate(const Article& source, std::mt19937_64& rng, double min_share = 0.5,
                 double max_share = 0.8);

// Drops round(20%) of the paragraphs (at least one when there are 4 or more; never the first)
// and swaps 1-3 pairs of adjacent remaining paragraphs, each pair at most once, so the order
// always changes. An article of fewer than 3 paragraphs is treated as one sentence per
// paragraph.
Article DropAndReorderParagraphs(const Article& source, std::mt19937_64& rng);

// OCR-like noise on round(rate * words) distinct words of the body: a character substituted by
// a look-alike (rn/m, l/1, e/c, ...), deleted, or swapped with its neighbour, or the word merged
// with the next one or split in two. Title untouched.
Article AddTypos(const Article& source, double rate, std::mt19937_64& rng);

// What Spin did, for tests and for the generator's report.
struct SpinStats {
  size_t content_words = 0;  // eligible words: lower-case letters only, 3+ letters, no stop word
  size_t replaced = 0;
  size_t clauses_swapped = 0;
};

struct SpinOptions {
  double rate = 0.3;  // share of the content words (title and body) to replace
  // Share of sentences of the form "A, B." (one comma, both sides 4+ words, no quotes) rewritten
  // as "B, a."; negative: rate / 2 when rate >= 0.3, else none.
  double clause_swap_share = -1;
};

// Synonym spinning: round(rate * content_words) content words, chosen at random among those
// with a synonym (all of them when fewer have one), replaced by Thesaurus::Synonym. Words with
// an upper-case letter (names, sentence starts), digits or other characters are never touched.
Article Spin(const Article& source, const SpinOptions& options, const Thesaurus& thesaurus,
             std::mt19937_64& rng, SpinStats* stats = nullptr);

// Swaps the two clauses of up to `share` of the eligible sentences (see SpinOptions); returns
// how many were swapped.
size_t SwapClauses(Article* article, double share, std::mt19937_64& rng);

// Partial embedding: a contiguous run of the source's paragraphs holding `share` (drawn in
// [min_share, max_share]) of its words, set inside a page whose other paragraphs come from
// `filler_paragraphs` (text unrelated to the source), so that filler words outnumber copied
// words by a factor drawn in [min_ratio, max_ratio]: the copy is most of the source but a
// minority of the page. Filler paragraphs are consumed in order from the front of the span, a
// random number of them before the copied run and the rest after it; the result says how many,
// so that a caller can give every page fresh filler text.
struct PartialOptions {
  double min_share = 0.5;
  double max_share = 0.8;
  double min_ratio = 1.2;
  double max_ratio = 2.0;
};
struct PartialResult {
  Article page;             // title: `host_title`
  size_t copied_words = 0;  // words of the source copied into the page
  size_t first_copied = 0;  // the copied run is source paragraphs [first, first + count)
  size_t copied_paragraphs = 0;
  size_t filler_paragraphs_used = 0;
};
// When the span runs out before the ratio is reached, the page has all of it (a smaller ratio).
PartialResult EmbedPartially(const Article& source, std::span<const std::string> filler_paragraphs,
                             std::string_view host_title, const PartialOptions& options,
                             std::mt19937_64& rng);

}  // namespace storyline::dedup_bench

#endif  // STORYLINE_BENCH_DEDUP_TRANSFORM_H_
