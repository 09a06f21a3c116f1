// The plain data types the pipeline stages pass to each other.
//
//   ingest  -> RawDocument (bytes as read, plus whatever metadata the input carried)
//   extract -> Article     (title, paragraphs, metadata; boilerplate removed)
//   text    -> TextFeatures (language, tokens as hashes, sentence and paragraph boundaries)
//   dedup   -> DuplicateGroup (an original and its copies)
//   story   -> Story       (originals about one event; copies follow their original)
//
// A Document bundles what survives extraction and analysis for one input document; stages
// after `text` only read Documents. Every input document ends up exactly once either as a
// Document or as a Rejection.
#ifndef STORYLINE_DOCUMENT_H_
#define STORYLINE_DOCUMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace storyline {

// Seconds since the Unix epoch, UTC.
using UnixSeconds = int64_t;

// One input document exactly as ingest read it.
struct RawDocument {
  enum class Format { kHtml, kText };

  std::string id;      // stable id: relative file name, record `id`, or `<file>:<line>`
  std::string origin;  // where it came from, for messages: a path, or "path:line"
  Format format = Format::kText;
  std::string body;  // the HTML or the plain text, bytes as read
  // True for a JSON Lines or CSV record, false for a page file. A record's text is taken as
  // given, however short; a page must yield enough main text (ExtractOptions::min_body_words).
  bool from_record = false;

  // Metadata given by the input record (JSON Lines, CSV); empty when absent. These take
  // precedence over what extraction finds in the page.
  std::string url;
  std::string title;
  std::string site;
  std::string language;
  std::optional<UnixSeconds> published;
};

// A document the pipeline could not use, with the reason. Shown in stories.json `rejected`.
struct Rejection {
  std::string doc;     // the document id, or the origin when no id could be read
  std::string reason;  // human-readable, starts with a short kind: "malformed JSON: ..."
};

// The article extracted from one page.
struct Article {
  std::string title;
  std::vector<std::string> paragraphs;  // main text, in reading order, whitespace-trimmed
  std::optional<UnixSeconds> published;
  std::string site_name;
  std::string canonical_url;
  std::string author;
};

// One word of analysed text. Words are kept as 64-bit hashes: stages compare words, they never
// need the letters back (titles and paragraphs keep the original text for display).
struct Token {
  enum Flags : uint8_t {
    kCapitalized = 1,    // first letter upper case in the original text
    kStopword = 2,       // a stop word of the document's language
    kNumber = 4,         // contains a digit
    kSentenceStart = 8,  // first word of a sentence
  };

  uint64_t word = 0;  // hash of the normalised (NFKC, case-folded) word
  uint64_t stem = 0;  // hash of its stem; equals `word` when the language has no stemmer
  uint8_t flags = 0;

  bool Has(Flags f) const { return (flags & f) != 0; }
};

// What the text stage computes for one document.
struct TextFeatures {
  std::string language = "un";  // ISO 639-1, or "un" when unknown
  double language_confidence = 0;

  uint64_t exact_hash = 0;              // hash of the normalised body text (paragraphs joined)
  std::vector<Token> title;             // tokens of the title
  std::vector<Token> body;              // tokens of all paragraphs, in order
  std::vector<uint32_t> sentence_starts;   // index into `body` of each sentence's first token
  std::vector<uint32_t> paragraph_starts;  // index into `body` of each paragraph's first token
};

// One accepted document, after extraction and analysis.
struct Document {
  std::string id;
  std::string origin;
  std::string url;
  std::string site;
  std::string title;
  std::string author;
  std::optional<UnixSeconds> published;
  std::vector<std::string> paragraphs;
  TextFeatures text;

  // Number of bytes of main text (paragraphs, without separators).
  size_t TextBytes() const;
};

// Publication order, for stable sorts: a dated document before a later one, any dated one
// before an undated one; undated ones are not ordered among themselves.
inline bool PublishedBefore(const Document& a, const Document& b) {
  if (a.published.has_value() != b.published.has_value()) return a.published.has_value();
  return a.published && *a.published < *b.published;
}

// How a copy relates to its original.
enum class CopyRelation {
  kExact,    // same normalised text
  kNear,     // near-verbatim copy (high word-shingle Jaccard)
  kPartial,  // most of one is contained in the other
  kRewrite,  // spun or paraphrased copy: same sentences in the same order, other words
};

const char* CopyRelationName(CopyRelation r);

// One copy inside a duplicate group. Indices refer to the document array given to dedup.
struct CopyLink {
  uint32_t doc = 0;
  CopyRelation relation = CopyRelation::kNear;
  double similarity = 0;  // in [0, 1], of the verification that decided the relation
};

// An original and the documents that copy it. The original is the earliest published member;
// ties (or no times) go to the longer text.
struct DuplicateGroup {
  uint32_t original = 0;
  std::vector<CopyLink> copies;  // never empty
};

// One sentence of a story's summary, attributed to the document it was taken from.
struct SummarySentence {
  uint32_t doc = 0;        // index into the document array
  uint32_t paragraph = 0;  // paragraph of that document the sentence is in
  std::string text;        // the sentence as written there
};

// One direct quotation as one document prints it.
struct Quotation {
  uint32_t doc = 0;        // index into the document array
  uint32_t paragraph = 0;  // paragraph where the quotation opens
  std::string text;        // the words inside the quotation marks; paragraphs joined by a space
  std::string speaker;     // who said it, as the text names them; empty when unknown
};

// One document's wording of a quote that differs from the first published wording.
struct QuoteVariant {
  uint32_t doc = 0;
  std::string text;
  std::vector<std::string> removed;  // words of the first wording missing here, in order
  std::vector<std::string> added;    // words here that the first wording does not have, in order
};

// One quote compared across the documents of a story (originals and their copies).
struct StoryQuote {
  std::string speaker;        // empty when no document names the speaker
  std::string text;           // the wording of the earliest document that has it
  std::vector<uint32_t> docs;  // every document carrying it, verbatim or altered; earliest first
  std::vector<QuoteVariant> altered;  // the documents whose wording differs from `text`
};

// One event. Indices refer to the document array given to the story stage.
struct Story {
  std::vector<uint32_t> members;  // originals (not copies), most representative first
  uint32_t headline_doc = 0;      // the member whose title is the headline
  double importance = 0;          // set by the pipeline (RankStories)
  // Set by the view stage (BuildStoryViews): the extractive summary, in reading order, and
  // the quotes found in the story's documents, most widely carried first.
  std::vector<SummarySentence> summary;
  std::vector<StoryQuote> quotes;
};

}  // namespace storyline

#endif  // STORYLINE_DOCUMENT_H_
