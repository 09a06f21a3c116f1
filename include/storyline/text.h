// Text: language identification (CLD2), normalisation (ICU NFKC + case folding, unified quotes
// and dashes), word breaking (ICU), stop words and stemming (Snowball, when the language has a
// stemmer). Token hashes are HashBytes (storyline/hash.h) of the normalised word and stem.
// Produces the TextFeatures every later stage works on.
//
// A TextAnalyzer holds ICU break iterators and Snowball stemmers, which are not thread-safe:
// use one TextAnalyzer per thread. Creating one is cheap (stemmers are made on first use).
#ifndef STORYLINE_TEXT_H_
#define STORYLINE_TEXT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"

namespace storyline {

struct LanguageGuess {
  std::string code = "un";  // ISO 639-1, "un" when unknown
  double confidence = 0;    // 0..1
};

class TextAnalyzer {
 public:
  explicit TextAnalyzer(const TextOptions& options);
  ~TextAnalyzer();
  TextAnalyzer(const TextAnalyzer&) = delete;
  TextAnalyzer& operator=(const TextAnalyzer&) = delete;

  // CLD2 on UTF-8 text (ill-formed bytes count as U+FFFD). The code is the language with the
  // most text; the confidence is its share of the text CLD2 attributed to some language, times
  // 0.4 when CLD2 calls the answer unreliable (short or ambiguous text). Below
  // TextOptions::min_language_confidence the answer is `hint` (ISO 639-1 or a tag such as
  // "pt-BR"; empty for none) at that confidence when given, else "un" with confidence 0.
  LanguageGuess DetectLanguage(std::string_view text, std::string_view hint = {}) const;

  // NFKC, full case folding, curly quotes/guillemets -> '"' or '\'', dashes -> '-',
  // whitespace runs -> one space.
  std::string Normalize(std::string_view text) const;

  // The words of `text` (ICU word boundaries; punctuation and spaces dropped), normalised.
  std::vector<std::string> Words(std::string_view text) const;

  // Stem of a normalised word in `language` (Snowball, by ISO 639 code); the word itself when
  // Snowball has no stemmer for it or the language is "un".
  std::string Stem(std::string_view language, std::string_view word);

  // True when `word` (normalised) is a stop word of `language`.
  bool IsStopword(std::string_view language, std::string_view word) const;

  // Language, exact hash, tokens, sentence and paragraph boundaries of a title and its body.
  // `language_hint` comes from the input record when it had one.
  //  - language: DetectLanguage on the normalised title and the first 1 KB of the normalised
  //    body (the lead decides; it also bounds CLD2's cost). Stems and stop words follow it.
  //  - exact_hash: HashBytes of the normalised paragraphs joined by '\n', paragraphs that
  //    normalise to nothing left out; the title is not part of it.
  //  - sentence_starts / paragraph_starts: strictly increasing indices into `body`. A paragraph
  //    always starts a sentence; a paragraph without words has no entry in either.
  //  - Title tokens are flagged like body tokens; the first starts a sentence.
  TextFeatures Analyze(std::string_view title, const std::vector<std::string>& paragraphs,
                       std::string_view language_hint = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  TextOptions options_;
};

}  // namespace storyline

#endif  // STORYLINE_TEXT_H_
