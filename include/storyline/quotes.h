// Quotes: direct quotations, who said them, and how each document of a story words them.
//
// A quotation is text between double quotation marks: straight ("), curly (“ ”), low-high
// („ “) or guillemets (« »), possibly over several paragraphs (an opening mark repeated at each
// new paragraph, the closing mark only at the end). Single quotes inside are part of its text;
// a mark that never closes is dropped without hiding the quotations after it. Its speaker comes
// from the attribution around it: "...," X said / said X, the ... / X said: "..." / X said he
// would "..." / according to X, with the usual speech verbs (said, told, added, urged, warned,
// wrote, ...). "he", "she", "they" and descriptions such as "the Russian president" resolve to
// the person the text last spoke of when that is one person; a quotation with no attribution
// that continues the previous one (same paragraph, or a paragraph opening with it) keeps its
// speaker. Names lose their titles, and a surname becomes the full name the document gives
// it ("Mr Kirby" -> "John Kirby"). Attribution word lists exist for English and Spanish (by
// the document's language); other languages are read with the English lists.
//
// Across documents, quotations of the same words are matched by aligning their normalised
// words (case, punctuation, hyphens and contractions ignored), so that a spun copy that
// replaced some words, or a shorter extract of a longer quote, still matches. A document whose
// words differ from the earliest wording is listed with the words it removed and added.
//
// Both functions accept any input (empty paragraphs, stray marks, ill-formed UTF-8, which
// comes back as U+FFFD). Extraction is linear in the text of a document.
#ifndef STORYLINE_QUOTES_H_
#define STORYLINE_QUOTES_H_

#include <cstdint>
#include <span>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"

namespace storyline {

// The quotations of `docs[doc]` with at least options.min_words words, in reading order of
// their opening marks; empty when `doc` is out of range. The speaker is empty when unknown.
std::vector<Quotation> ExtractQuotations(std::span<const Document> docs, uint32_t doc,
                                         const QuoteOptions& options);

// Extracts and matches the quotations of the documents `story_docs` (indices into `docs`: the
// story's originals and their copies, earliest published first — the first document carrying a
// quote gives its reference wording; indices out of range are skipped).
//  - A StoryQuote lists each document carrying it once; a document that repeats a statement
//    gives a second StoryQuote.
//  - `altered` lists the documents whose words differ from the reference inside the aligned
//    part; quoting more or fewer words of the same statement is not a change. `removed` and
//    `added` are normalised (lower-case) words, in order.
//  - The speaker is that of the earliest document naming one, turned into the full name some
//    document of the story gives it.
//  - Quotes carried by more documents come first, then in order of first appearance; at most
//    options.max_per_story of them.
// The work is bounded per quotation, whatever the number of documents (see quotes.cc).
std::vector<StoryQuote> CompareQuotes(std::span<const Document> docs,
                                      std::span<const uint32_t> story_docs,
                                      const QuoteOptions& options);

}  // namespace storyline

#endif  // STORYLINE_QUOTES_H_
