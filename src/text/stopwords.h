// Stop words (function words: articles, pronouns, prepositions, conjunctions, auxiliaries and
// the commonest adverbs) for the languages the pipeline sees most, compiled into the binary.
// The lists are written in ordinary spelling; callers normalise them (NFKC + case folding)
// before comparing with normalised words.
#ifndef STORYLINE_TEXT_STOPWORDS_H_
#define STORYLINE_TEXT_STOPWORDS_H_

#include <span>
#include <string_view>

namespace storyline {

// The stop words of `language` (ISO 639-1); empty when there is no list for it.
std::span<const std::string_view> StopwordList(std::string_view language);

}  // namespace storyline

#endif  // STORYLINE_TEXT_STOPWORDS_H_
