#include "extract/text_util.h"

#include <absl/container/flat_hash_set.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

namespace storyline::extract_internal {
namespace {

bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsSpaceCodePoint(UChar32 c) {
  return c == 0xFEFF || c == 0x200B || (c >= 0 && u_isUWhiteSpace(c));
}

// What the line statistics, shapes and words tell apart. Spaces are never letters or digits.
enum class CharClass : uint8_t { kSpace, kLetter, kDigit, kOther };

// The classes of the ASCII characters, as IsSpaceCodePoint, u_isalpha and u_isdigit give them
// (text_util_test checks all 128): ASCII text, most input, skips ICU's property lookups.
constexpr std::array<CharClass, 128> kAsciiClasses = [] {
  std::array<CharClass, 128> classes{};
  for (int c = 0; c < 128; ++c) {
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      classes[c] = CharClass::kSpace;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      classes[c] = CharClass::kLetter;
    } else if (c >= '0' && c <= '9') {
      classes[c] = CharClass::kDigit;
    } else {
      classes[c] = CharClass::kOther;
    }
  }
  return classes;
}();

CharClass ClassOf(UChar32 c) {
  if (c >= 0 && c < 0x80) return kAsciiClasses[c];
  if (IsSpaceCodePoint(c)) return CharClass::kSpace;
  if (u_isalpha(c)) return CharClass::kLetter;
  if (u_isdigit(c)) return CharClass::kDigit;
  return CharClass::kOther;
}

// Appends the lower case of `c` (u_tolower) as UTF-8.
void AppendLower(UChar32 c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
    return;
  }
  const UChar32 lower = u_tolower(c);
  char buf[4];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, lower, error);
  if (!error) out->append(buf, len);
}

// Decodes the code point at `*i` and advances; invalid bytes come back as U+FFFD.
UChar32 NextCodePoint(std::string_view s, size_t* i) {
  unsigned char b = s[*i];
  if (b < 0x80) {
    ++*i;
    return b;
  }
  int32_t pos = static_cast<int32_t>(*i);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), pos, static_cast<int32_t>(s.size()), c);
  *i = static_cast<size_t>(pos);
  return c < 0 ? 0xFFFD : c;
}

// Closing quotes and brackets that may follow the sentence-final punctuation.
bool IsClosingMark(UChar32 c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 ||
         c == 0x00BB || c == 0x201C || c == 0x2018 || c == 0x203A || c == '*';
}

bool IsTerminalMark(UChar32 c) {
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xFF01 ||
         c == 0xFF1F || c == 0x061F || c == 0x0964;
}

// Words of up to this many bytes are looked up as one integer (PackShortWord).
constexpr size_t kMaxPackedBytes = 7;

// The bytes of a word of at most kMaxPackedBytes, and its length in the top byte: equal keys
// mean equal words, and a lookup hashes a single integer instead of a string.
uint64_t PackShortWord(std::string_view word) {
  uint64_t key = uint64_t{word.size()} << 56;
  for (size_t i = 0; i < word.size(); ++i) {
    key |= uint64_t{static_cast<unsigned char>(word[i])} << (8 * i);
  }
  return key;
}

// The stop words, short ones packed; words longer than the longest skip the lookup.
struct StopwordSet {
  absl::flat_hash_set<uint64_t> short_words;
  absl::flat_hash_set<absl::string_view> long_words;
  size_t max_bytes = 0;
};

const StopwordSet& Stopwords() {
  // Function words (articles, pronouns, prepositions, auxiliaries, conjunctions) of English,
  // German, French, Spanish, Italian, Portuguese, Dutch and Russian.
  static constexpr std::string_view kWords[] = {
      // English
      "a",
      "about",
      "above",
      "after",
      "again",
      "against",
      "all",
      "am",
      "an",
      "and",
      "any",
      "are",
      "as",
      "at",
      "be",
      "because",
      "been",
      "before",
      "being",
      "below",
      "between",
      "both",
      "but",
      "by",
      "can",
      "could",
      "did",
      "do",
      "does",
      "doing",
      "down",
      "during",
      "each",
      "few",
      "for",
      "from",
      "further",
      "had",
      "has",
      "have",
      "having",
      "he",
      "her",
      "here",
      "hers",
      "herself",
      "him",
      "himself",
      "his",
      "how",
      "i",
      "if",
      "in",
      "into",
      "is",
      "it",
      "its",
      "itself",
      "just",
      "me",
      "might",
      "more",
      "most",
      "must",
      "my",
      "myself",
      "no",
      "nor",
      "not",
      "now",
      "of",
      "off",
      "on",
      "once",
      "only",
      "or",
      "other",
      "our",
      "ours",
      "out",
      "over",
      "own",
      "said",
      "same",
      "says",
      "she",
      "should",
      "so",
      "some",
      "such",
      "than",
      "that",
      "the",
      "their",
      "them",
      "themselves",
      "then",
      "there",
      "these",
      "they",
      "this",
      "those",
      "through",
      "to",
      "too",
      "under",
      "until",
      "up",
      "us",
      "very",
      "was",
      "we",
      "were",
      "what",
      "when",
      "where",
      "which",
      "while",
      "who",
      "whom",
      "why",
      "will",
      "with",
      "would",
      "you",
      "your",
      "yours",
      "also",
      "its",
      "it's",
      "i'm",
      "don't",
      "been",
      "may",
      "shall",
      "upon",
      // German
      "der",
      "die",
      "das",
      "den",
      "dem",
      "des",
      "ein",
      "eine",
      "einen",
      "einem",
      "einer",
      "und",
      "oder",
      "aber",
      "ist",
      "sind",
      "war",
      "wurde",
      "werden",
      "hat",
      "haben",
      "nicht",
      "mit",
      "von",
      "zu",
      "auf",
      "für",
      "im",
      "sich",
      "auch",
      "es",
      "er",
      "sie",
      "wir",
      "ich",
      "dass",
      "als",
      "bei",
      "nach",
      "aus",
      "wie",
      "noch",
      "um",
      "wenn",
      // French
      "le",
      "la",
      "les",
      "un",
      "une",
      "des",
      "du",
      "et",
      "ou",
      "est",
      "sont",
      "dans",
      "pour",
      "par",
      "sur",
      "avec",
      "que",
      "qui",
      "ce",
      "cette",
      "il",
      "elle",
      "ils",
      "nous",
      "vous",
      "pas",
      "ne",
      "au",
      "aux",
      "se",
      "son",
      "sa",
      "ses",
      "été",
      "être",
      "mais",
      // Spanish, Italian, Portuguese
      "el",
      "los",
      "las",
      "y",
      "o",
      "es",
      "en",
      "por",
      "para",
      "con",
      "del",
      "al",
      "lo",
      "una",
      "uno",
      "su",
      "sus",
      "se",
      "que",
      "como",
      "pero",
      "más",
      "fue",
      "ha",
      "il",
      "di",
      "da",
      "che",
      "non",
      "per",
      "della",
      "delle",
      "nel",
      "gli",
      "sono",
      "è",
      "e",
      "os",
      "as",
      "em",
      "um",
      "uma",
      "não",
      "do",
      "da",
      "dos",
      "das",
      "no",
      "na",
      "com",
      // Dutch
      "het",
      "een",
      "en",
      "van",
      "ik",
      "te",
      "dat",
      "zijn",
      "op",
      "niet",
      "met",
      "voor",
      "maar",
      "ook",
      "aan",
      "bij",
      "worden",
      "wordt",
      // Russian
      "и",
      "в",
      "во",
      "не",
      "что",
      "он",
      "на",
      "я",
      "с",
      "со",
      "как",
      "а",
      "то",
      "все",
      "она",
      "так",
      "его",
      "но",
      "да",
      "ты",
      "к",
      "у",
      "же",
      "вы",
      "за",
      "бы",
      "по",
      "только",
      "ее",
      "мне",
      "было",
      "вот",
      "от",
      "меня",
      "еще",
      "нет",
      "о",
      "из",
      "ему",
      "это",
      "был",
      "для",
      "при",
      "они",
      "мы",
      "их",
      "если",
      "уже",
      "или",
      "ни",
      "быть",
      "была",
      "том",
      "этого",
  };
  static const StopwordSet* const kSet = [] {
    auto* set = new StopwordSet;
    for (std::string_view w : kWords) {
      if (w.size() <= kMaxPackedBytes) {
        set->short_words.insert(PackShortWord(w));
      } else {
        set->long_words.insert(AbslView(w));
      }
      set->max_bytes = std::max(set->max_bytes, w.size());
    }
    return set;
  }();
  return *kSet;
}

}  // namespace

void AppendCollapsed(std::string_view text, std::string* out, bool* pending_space) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    unsigned char b = text[i];
    if (b < 0x80) {
      if (IsAsciiSpace(b)) {
        *pending_space = true;
        ++i;
        continue;
      }
      // Copy a run of non-space ASCII at once.
      size_t j = i + 1;
      while (j < n && static_cast<unsigned char>(text[j]) < 0x80 &&
             !IsAsciiSpace(static_cast<unsigned char>(text[j]))) {
        ++j;
      }
      if (*pending_space && !out->empty()) out->push_back(' ');
      *pending_space = false;
      out->append(text.data() + i, j - i);
      i = j;
      continue;
    }
    size_t start = i;
    UChar32 c = NextCodePoint(text, &i);
    if (IsSpaceCodePoint(c)) {
      *pending_space = true;
      continue;
    }
    if (*pending_space && !out->empty()) out->push_back(' ');
    *pending_space = false;
    out->append(text.data() + start, i - start);
  }
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending = false;
  AppendCollapsed(text, &out, &pending);
  return out;
}

bool IsBlank(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (!IsSpaceCodePoint(NextCodePoint(text, &i))) return false;
  }
  return true;
}

bool EndsLikeSentence(std::string_view text) {
  // Walk back over closing marks and spaces, then look at the last code point.
  size_t end = text.size();
  int steps = 0;
  while (end > 0 && steps < 8) {
    size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    size_t i = start;
    UChar32 c = NextCodePoint(text, &i);
    if (IsTerminalMark(c)) return true;
    if (!IsClosingMark(c) && !IsSpaceCodePoint(c)) return false;
    end = start;
    ++steps;
  }
  return false;
}

LineStats ComputeLineStats(std::string_view line) {
  LineStats st;
  std::string word;
  int space_run = 0;
  auto finish_word = [&] {
    if (word.empty()) return;
    ++st.words;
    if (IsStopword(word)) ++st.stopwords;
    word.clear();
  };
  size_t i = 0;
  while (i < line.size()) {
    const UChar32 c = NextCodePoint(line, &i);
    const CharClass cls = ClassOf(c);
    if (cls == CharClass::kSpace) {
      ++space_run;
      finish_word();
      continue;
    }
    // A gap counts only between words, not as leading or trailing space.
    if (space_run >= 2 && st.words > 0) st.wide_gap = true;
    space_run = 0;
    if (cls == CharClass::kLetter) {
      ++st.letters;
      AppendLower(c, &word);
    } else if (cls == CharClass::kDigit) {
      ++st.digits;
      word.push_back('0');
    } else {
      ++st.symbols;
      // Punctuation-only runs are not words; an apostrophe inside a word is kept.
      if ((c == '\'' || c == 0x2019) && !word.empty()) word.push_back('\'');
    }
  }
  finish_word();
  st.terminal = EndsLikeSentence(line);
  return st;
}

std::string LineShape(std::string_view line) {
  std::string shape;
  char last = 0;
  size_t i = 0;
  while (i < line.size()) {
    const UChar32 c = NextCodePoint(line, &i);
    char cls;
    switch (ClassOf(c)) {
      case CharClass::kSpace:
        cls = ' ';
        break;
      case CharClass::kLetter:
        cls = 'a';
        break;
      case CharClass::kDigit:
        cls = '0';
        break;
      default:
        cls = c < 0x80 ? static_cast<char>(c) : '~';
        break;
    }
    if (cls == last && (cls == 'a' || cls == '0' || cls == ' ')) continue;
    if (cls == ' ' && shape.empty()) continue;
    shape.push_back(cls);
    last = cls;
  }
  while (!shape.empty() && shape.back() == ' ') shape.pop_back();
  return shape;
}

void ForEachLowerWord(std::string_view text, absl::FunctionRef<void(std::string_view)> fn) {
  std::string word;
  size_t i = 0;
  auto flush = [&] {
    if (!word.empty()) fn(word);
    word.clear();
  };
  while (i < text.size()) {
    const UChar32 c = NextCodePoint(text, &i);
    const CharClass cls = ClassOf(c);
    if (cls == CharClass::kLetter || cls == CharClass::kDigit) {
      AppendLower(c, &word);
    } else if ((c == '\'' || c == 0x2019) && !word.empty()) {
      word.push_back('\'');
    } else {
      flush();
    }
  }
  flush();
}

void LowerWords(std::string_view text, std::vector<std::string>* words) {
  ForEachLowerWord(text, [words](std::string_view word) { words->emplace_back(word); });
}

bool IsStopword(std::string_view lower_word) {
  if (!lower_word.empty() && lower_word.back() == '\'') lower_word.remove_suffix(1);
  const StopwordSet& stopwords = Stopwords();
  if (lower_word.size() <= kMaxPackedBytes) {
    return stopwords.short_words.contains(PackShortWord(lower_word));
  }
  return lower_word.size() <= stopwords.max_bytes &&
         stopwords.long_words.contains(AbslView(lower_word));
}

std::string Shorten(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string out(text.substr(0, cut));
  out += "…";
  return out;
}

}  // namespace storyline::extract_internal
