// Summary: an extractive multi-document summary of one story.
//
// Sentences of the story's independent sources (originals; copies are left out by the caller so
// that they do not vote twice) are scored for how central they are across the sources, chosen
// without redundancy up to a length limit, and returned in reading order, each attributed to
// the document it was taken from. The position of a sentence in its article (lead bias) is one
// signal among others, not the method.
#ifndef STORYLINE_SUMMARY_H_
#define STORYLINE_SUMMARY_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"

namespace storyline {

class TextAnalyzer;

// The sentences of one paragraph, as views into it, trimmed of surrounding white space; empty
// pieces are dropped. ICU sentence boundaries for `language` (ISO 639-1), without breaks after
// common abbreviations ("Mr.", "U.S.", "Jan.").
std::vector<std::string_view> SplitSentences(std::string_view paragraph, std::string_view language);

// Summarises the documents `sources` (indices into `docs`, most representative first).
// `analyzer` must belong to the calling thread.
std::vector<SummarySentence> Summarize(std::span<const Document> docs,
                                       std::span<const uint32_t> sources,
                                       const SummaryOptions& options, TextAnalyzer& analyzer);

}  // namespace storyline

#endif  // STORYLINE_SUMMARY_H_
