// Small UTF-8 text helpers shared by the HTML and plain-text extractors: whitespace collapsing,
// per-line statistics (words, letters, stop words, sentence punctuation) and line "shapes".
//
// All functions are pure. Invalid UTF-8 bytes are treated as symbols, never read past the end.
#ifndef STORYLINE_EXTRACT_TEXT_UTIL_H_
#define STORYLINE_EXTRACT_TEXT_UTIL_H_

#include <absl/functional/function_ref.h>
#include <absl/strings/string_view.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace storyline::extract_internal {

// `s` as absl::string_view, which this abseil keeps apart from std::string_view. Abseil's hash
// containers hash their own view with their fast string hash, std::string_view by std::hash.
inline absl::string_view AbslView(std::string_view s) { return {s.data(), s.size()}; }

// Appends `text` to `out`, turning every run of whitespace (ASCII, NBSP, Unicode spaces) into
// one space. `*pending_space` carries a trailing run over to the next call; no space is
// written at the start of an empty `out`.
void AppendCollapsed(std::string_view text, std::string* out, bool* pending_space);

// `text` with whitespace runs collapsed to one space and trimmed.
std::string CollapseWhitespace(std::string_view text);

// True when `text` is empty or all whitespace, i.e. CollapseWhitespace(text) is empty.
bool IsBlank(std::string_view text);

// Counts used by the line classifier. Words are maximal runs of non-space characters.
struct LineStats {
  int words = 0;
  int letters = 0;        // code points that are letters
  int digits = 0;         // code points that are digits
  int symbols = 0;        // other non-space code points (punctuation, symbols)
  int stopwords = 0;      // words that are function words in a major language
  bool terminal = false;  // ends like a sentence (. ! ? …), closing quotes/brackets skipped
  bool wide_gap = false;  // two or more consecutive spaces (NBSP included) inside the line

  double LetterShare() const {
    int n = letters + digits + symbols;
    return n == 0 ? 0 : static_cast<double>(letters) / n;
  }
  double StopwordShare() const { return words == 0 ? 0 : static_cast<double>(stopwords) / words; }
};

// `line` may be raw (uncollapsed): `wide_gap` is only meaningful then.
LineStats ComputeLineStats(std::string_view line);

// True when the text ends like a sentence.
bool EndsLikeSentence(std::string_view text);

// The line's shape: letters become 'a', digits '0', runs collapsed, other characters kept,
// whitespace runs one space. "24 January 2026 06:01" -> "0 a 0 0:0".
std::string LineShape(std::string_view line);

// Lower-cased words made of letters and digits (punctuation stripped); empty words dropped.
void LowerWords(std::string_view text, std::vector<std::string>* words);

// Calls `fn` with each word LowerWords would give, in order, without allocating per word. The
// view is valid only during the call.
void ForEachLowerWord(std::string_view text, absl::FunctionRef<void(std::string_view)> fn);

// True for a lower-cased function word of English or another major European language.
bool IsStopword(std::string_view lower_word);

// At most `max_bytes` of `text`, cut at a UTF-8 boundary, with "…" when shortened.
std::string Shorten(std::string_view text, size_t max_bytes);

}  // namespace storyline::extract_internal

#endif  // STORYLINE_EXTRACT_TEXT_UTIL_H_
