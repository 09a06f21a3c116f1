// Test-only: a trivial analyser that turns English sentences into TextFeatures, so the dedup
// tests exercise the algorithms without the text stage. Words are lower-cased ASCII letter
// and digit runs, sentences end at . ! ?, paragraphs at new lines, stems strip a few suffixes.
#ifndef STORYLINE_DEDUP_TEST_TEXT_H_
#define STORYLINE_DEDUP_TEST_TEXT_H_

#include <cctype>
#include <cmath>
#include <random>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/document.h"
#include "storyline/hash.h"

namespace storyline::dedup::testing {

inline bool IsTestStopword(const std::string& w) {
  static const std::set<std::string> kStop = {
      "a",      "an",    "the",  "and",   "or",    "but",  "of",    "to",    "in",    "on",
      "at",     "for",   "with", "by",    "from",  "as",   "is",    "are",   "was",   "were",
      "be",     "been",  "has",  "have",  "had",   "it",   "its",   "this",  "that",  "these",
      "they",   "their", "them", "he",    "she",   "his",  "her",   "we",    "our",   "you",
      "i",      "not",   "no",   "so",    "than",  "then", "there", "who",   "which", "what",
      "when",   "where", "will", "would", "could", "may",  "might", "said",  "says",  "after",
      "before", "about", "into", "over",  "under", "more", "most",  "all",   "any",   "each",
      "also",   "if",    "up",   "out",   "do",    "did",  "can",   "until", "while", "told"};
  return kStop.count(w) > 0;
}

inline std::string_view TestStem(std::string_view w) {
  for (std::string_view suffix : {"ing", "ed", "es", "s"}) {
    if (w.size() > suffix.size() + 3 && w.ends_with(suffix)) {
      return w.substr(0, w.size() - suffix.size());
    }
  }
  return w;
}

inline TextFeatures AnalyzeForTest(std::string_view text) {
  TextFeatures f;
  f.language = "en";
  std::string normalized;
  bool sentence_break = true, paragraph_break = true;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (!std::isalnum(c)) {
      if (c == '.' || c == '!' || c == '?') sentence_break = true;
      if (c == '\n') paragraph_break = sentence_break = true;
      ++i;
      continue;
    }
    std::string word;
    bool capitalized = std::isupper(c) != 0, number = false;
    while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) {
      const unsigned char d = static_cast<unsigned char>(text[i]);
      number |= std::isdigit(d) != 0;
      word.push_back(static_cast<char>(std::tolower(d)));
      ++i;
    }
    Token t;
    t.word = HashBytes(word);
    t.stem = HashBytes(TestStem(word));
    if (IsTestStopword(word)) t.flags |= Token::kStopword;
    if (capitalized) t.flags |= Token::kCapitalized;
    if (number) t.flags |= Token::kNumber;
    const uint32_t index = static_cast<uint32_t>(f.body.size());
    if (paragraph_break) f.paragraph_starts.push_back(index);
    if (sentence_break) {
      f.sentence_starts.push_back(index);
      t.flags |= Token::kSentenceStart;
    }
    sentence_break = paragraph_break = false;
    f.body.push_back(t);
    if (!normalized.empty()) normalized.push_back(' ');
    normalized += word;
  }
  f.exact_hash = HashBytes(normalized);
  return f;
}

inline Document MakeDoc(std::string id, std::string_view text,
                        std::optional<UnixSeconds> published = std::nullopt) {
  Document d;
  d.id = std::move(id);
  d.published = published;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) d.paragraphs.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  d.text = AnalyzeForTest(text);
  return d;
}

// Random text with stop words and content words of Zipf-distributed ranks (log-uniform over
// ranks 30..30000, so the most common content word is ~0.5% of them, as in news text).
inline std::string RandomText(std::mt19937_64& rng, int sentences) {
  static const char* kStop[] = {"the", "of", "and", "to", "in", "a", "for", "on", "with", "was"};
  std::string s;
  for (int i = 0; i < sentences; ++i) {
    const int words = 8 + static_cast<int>(rng() % 14);
    for (int w = 0; w < words; ++w) {
      if (rng() % 10 < 4) {
        s += kStop[rng() % 10];
      } else {
        const double r = std::uniform_real_distribution<double>(std::log(30), std::log(30000))(rng);
        s += 'w';
        s += std::to_string(static_cast<int>(std::exp(r)));
      }
      s += w + 1 < words ? " " : ".\n";
    }
  }
  return s;
}

}  // namespace storyline::dedup::testing

#endif  // STORYLINE_DEDUP_TEST_TEXT_H_
