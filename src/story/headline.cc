#include "story/headline.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

namespace storyline::story {
namespace {

constexpr double kQuestionFactor = 0.6;
constexpr double kExclamationFactor = 0.6;
constexpr double kQuotationFactor = 0.6;
constexpr double kShortFactor = 0.5;
constexpr double kAllCapsFactor = 0.7;
constexpr double kClickbaitFactor = 0.7;
constexpr double kLongFactor = 0.8;
constexpr double kCopyFactor = 0.8;

constexpr size_t kMinWords = 4;            // fewer is "very short"
constexpr size_t kMaxWords = 25;           // more is "very long"
constexpr size_t kMaxSiteNameWords = 4;    // a longer tail after " - " is part of the headline
constexpr size_t kMaxSpeakerTagWords = 3;  // '"...," Obama says'
constexpr size_t kMinAllCapsLetters = 4;   // "US GDP UP" is shouting; "NATO" alone is a name

// One code point of UTF-8 `s` at byte `i` (i < s.size()); an ill-formed sequence reads as
// U+FFFD of length 1, so every byte is consumed exactly once.
char32_t DecodeAt(std::string_view s, size_t i, size_t* length) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  *length = 1;
  if (b < 0x80) return b;
  size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
  if (n == 0 || b > 0xF4 || i + n > s.size()) return 0xFFFD;
  char32_t c = b & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0xFFFD;
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  *length = n;
  return c;
}

bool IsSpace(char32_t c) { return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0; }

bool IsQuote(char32_t c) {
  return std::u32string_view(U"\"'“”„‘’‚«»‹›").find(c) != std::u32string_view::npos;
}

// True when `close` may end a quotation opened by `open` (English, German, Swedish and French
// pairings; straight quotes mix with curly ones because feeds mix them).
bool Closes(char32_t open, char32_t close) {
  switch (open) {
    case '"':
    case U'“':
      return close == '"' || close == U'”' || close == U'“';
    case U'”':
      return close == U'”' || close == '"';
    case U'„':
      return close == U'“' || close == U'”';
    case '\'':
    case U'‘':
    case U'’':
      return close == '\'' || close == U'’';
    case U'‚':
      return close == U'‘' || close == U'’';
    case U'«':
      return close == U'»';
    case U'»':
      return close == U'«' || close == U'»';
    case U'‹':
      return close == U'›';
    case U'›':
      return close == U'‹' || close == U'›';
    default:
      return false;
  }
}

enum class CharClass { kOther, kDigit, kLower, kUpper, kCaseless };

// Letters by case for ASCII, Latin-1, Latin Extended-A/B (even/odd pairs, approximately),
// Greek and Cyrillic; other letters (CJK, Arabic, ...) are kCaseless. Punctuation, general
// symbols (U+2000..U+2BFF: dashes, curly quotes, ellipsis), CJK punctuation, full-width
// punctuation and emoji are kOther.
CharClass Classify(char32_t c) {
  if (c < 0x80) {
    if (c >= '0' && c <= '9') return CharClass::kDigit;
    if (c >= 'A' && c <= 'Z') return CharClass::kUpper;
    if (c >= 'a' && c <= 'z') return CharClass::kLower;
    return CharClass::kOther;
  }
  if (c < 0xC0) return CharClass::kOther;  // NBSP, ¡ ¿ « » and other Latin-1 signs
  if (c <= 0xFF) {
    if (c == 0xD7 || c == 0xF7) return CharClass::kOther;  // × ÷
    return c <= 0xDE ? CharClass::kUpper : CharClass::kLower;
  }
  const auto pair = [](bool upper) { return upper ? CharClass::kUpper : CharClass::kLower; };
  if (c <= 0x17F) {  // Latin Extended-A
    if (c == 0x138 || c == 0x149 || c == 0x17F) return CharClass::kLower;
    if (c == 0x178) return CharClass::kUpper;
    const bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    return pair((c % 2 == 1) == odd_upper);
  }
  if (c >= 0x200 && c <= 0x24F) return pair(c % 2 == 0);  // Latin Extended-B: Ș ș, Ț ț, ...
  if (c == 0x387) return CharClass::kOther;               // Greek ano teleia
  if (c >= 0x386 && c <= 0x3AB) return c == 0x390 ? CharClass::kLower : CharClass::kUpper;
  if (c >= 0x3AC && c <= 0x3CE) return CharClass::kLower;
  if (c >= 0x400 && c <= 0x42F) return CharClass::kUpper;
  if (c >= 0x430 && c <= 0x45F) return CharClass::kLower;
  if (c >= 0x460 && c <= 0x4FF) return pair(c % 2 == 0);
  if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
      (c >= 0xFF00 && c <= 0xFF20) || c >= 0x1F000) {
    return CharClass::kOther;
  }
  return CharClass::kCaseless;
}

bool HasWordChar(std::string_view s) {
  for (size_t i = 0, n; i < s.size(); i += n) {
    if (Classify(DecodeAt(s, i, &n)) != CharClass::kOther) return true;
  }
  return false;
}

bool HasQuote(std::string_view s) {
  for (size_t i = 0, n; i < s.size(); i += n) {
    if (IsQuote(DecodeAt(s, i, &n))) return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  size_t n;
  while (!s.empty() && IsSpace(DecodeAt(s, 0, &n))) s.remove_prefix(n);
  while (!s.empty()) {
    const auto last = static_cast<unsigned char>(s.back());
    if (last < 0x80 && IsSpace(last)) {  // 0xA0 alone ends "à" (C3 A0): not a space
      s.remove_suffix(1);
    } else if (s.ends_with("\u00A0")) {
      s.remove_suffix(2);
    } else {
      break;
    }
  }
  return s;
}

// White-space separated tokens of `s` that hold a letter or digit.
std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> words;
  size_t start = 0;
  for (size_t i = 0, n; i <= s.size(); i += n) {
    n = 1;
    if (i < s.size() && !IsSpace(DecodeAt(s, i, &n))) continue;
    const std::string_view token = s.substr(start, i - start);
    if (HasWordChar(token)) words.push_back(token);
    start = i + n;
  }
  return words;
}

bool ContainsAny(std::string_view s, std::initializer_list<std::string_view> needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](std::string_view needle) { return s.find(needle) != s.npos; });
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// `s` lower-cased (ASCII only) without leading and trailing ASCII punctuation.
std::string BareLower(std::string_view s) {
  while (!s.empty() && !IsAsciiAlnum(s.front()) && static_cast<unsigned char>(s.front()) < 0x80) {
    s.remove_prefix(1);
  }
  while (!s.empty() && !IsAsciiAlnum(s.back()) && static_cast<unsigned char>(s.back()) < 0x80) {
    s.remove_suffix(1);
  }
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

// "... | CNN", "... - BBC News" -> "...": see the header for when a tail is a site name.
std::string_view StripSiteName(std::string_view title) {
  size_t best = std::string_view::npos, separator_size = 0;
  bool pipe = false;
  for (std::string_view separator : {" | ", " - ", " \u2013 ", " \u2014 "}) {
    const size_t at = title.rfind(separator);
    if (at != std::string_view::npos && (best == std::string_view::npos || at > best)) {
      best = at;
      separator_size = separator.size();
      pipe = separator == " | ";
    }
  }
  if (best == std::string_view::npos || best == 0) return title;
  const std::string_view site = title.substr(best + separator_size);
  const std::vector<std::string_view> words = Words(site);
  if (words.empty() || words.size() > kMaxSiteNameWords || HasQuote(site) ||
      ContainsAny(site, {"?", "!"})) {
    return title;
  }
  if (!pipe) {
    for (std::string_view word : words) {
      if (word.front() >= 'a' && word.front() <= 'z') return title;
    }
  }
  return Trim(title.substr(0, best));
}

// Byte offset just past the quote that closes `open`, searching `s` from `from`; npos if none.
// Sets `*close_at` to where that quote starts.
size_t FindCloseQuote(std::string_view s, size_t from, char32_t open, size_t* close_at) {
  for (size_t i = from, n; i < s.size(); i += n) {
    const char32_t c = DecodeAt(s, i, &n);
    if (!Closes(open, c)) continue;
    const bool single = c == '\'' || c == U'’';
    if (single && i + n < s.size() && IsAsciiAlnum(s[i + n])) continue;  // Obama's, I’m
    *close_at = i;
    return i + n;
  }
  return std::string_view::npos;
}

bool EndsWithPunctuation(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return false;
  return std::string_view(",.!?:;").find(s.back()) != std::string_view::npos ||
         s.ends_with("\u2026");
}

// A quotation alone or with a short speaker tag: see the header.
bool IsQuotationOnly(std::string_view body) {
  size_t n;
  char32_t open = DecodeAt(body, 0, &n);
  size_t close_at;
  if (IsQuote(open)) {
    const size_t end = FindCloseQuote(body, n, open, &close_at);
    if (end == std::string_view::npos) return false;
    const std::string_view after = body.substr(end);
    const size_t tag_words = Words(after).size();
    if (tag_words == 0) return true;
    if (tag_words > kMaxSpeakerTagWords) return false;
    return EndsWithPunctuation(body.substr(n, close_at - n)) ||
           (!after.empty() && (after.front() == ',' || after.front() == ':'));
  }
  const size_t colon = body.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view tag = body.substr(0, colon);
  const size_t tag_words = Words(tag).size();
  if (tag_words == 0 || tag_words > kMaxSpeakerTagWords || HasQuote(tag)) return false;
  const std::string_view quotation = Trim(body.substr(colon + 1));
  if (quotation.empty()) return false;
  open = DecodeAt(quotation, 0, &n);
  if (!IsQuote(open)) return false;
  const size_t end = FindCloseQuote(quotation, n, open, &close_at);
  return end != std::string_view::npos && Words(quotation.substr(end)).empty();
}

// At least kMinAllCapsLetters capitals, and no lower-case or caseless letter.
bool IsAllCaps(std::string_view body) {
  size_t upper = 0;
  for (size_t i = 0, n; i < body.size(); i += n) {
    switch (Classify(DecodeAt(body, i, &n))) {
      case CharClass::kUpper:
        ++upper;
        break;
      case CharClass::kLower:
      case CharClass::kCaseless:
        return false;
      default:
        break;
    }
  }
  return upper >= kMinAllCapsLetters;
}

// `body` opens with `phrase` (lower case; ASCII matched in any case) as whole words.
bool OpensWith(std::string_view body, std::string_view phrase) {
  if (body.size() < phrase.size()) return false;
  for (size_t i = 0; i < phrase.size(); ++i) {
    if (AsciiLower(body[i]) != phrase[i]) return false;
  }
  return phrase.back() == ':' || body.size() == phrase.size() || !IsAsciiAlnum(body[phrase.size()]);
}

bool IsListNumber(std::string_view word) {
  const std::string bare = BareLower(word);
  if (!bare.empty() && bare.size() <= 3 &&
      std::all_of(bare.begin(), bare.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return true;  // "10"; four digits are a year
  }
  for (std::string_view number : {"two", "three", "four", "five", "six", "seven", "eight", "nine",
                                  "ten", "eleven", "twelve", "twenty"}) {
    if (bare == number) return true;
  }
  return false;
}

bool IsListNoun(std::string_view word) {
  const std::string bare = BareLower(word);
  for (std::string_view noun :
       {"things", "reasons", "ways", "tips", "facts", "signs", "secrets", "photos", "pictures",
        "tricks", "lessons", "questions", "mistakes", "moments", "takeaways", "charts", "myths"}) {
    if (bare == noun) return true;
  }
  return false;
}

bool IsClickbait(std::string_view body, const std::vector<std::string_view>& words) {
  for (std::string_view phrase : {"watch:", "video:", "photos:", "photo:", "pictures:", "gallery:",
                                  "quiz:", "here's", "here\u2019s", "this is why", "this is what",
                                  "you won't believe", "you won\u2019t believe"}) {
    if (OpensWith(body, phrase)) return true;
  }
  for (std::string_view shout : {"WATCH", "VIDEO", "PHOTOS", "LISTEN"}) {
    if (body.starts_with(shout) &&
        (body.size() == shout.size() || !IsAsciiAlnum(body[shout.size()]))) {
      return true;
    }
  }
  return words.size() >= 2 && IsListNumber(words[0]) &&
         (IsListNoun(words[1]) || (words.size() >= 3 && IsListNoun(words[2])));
}

}  // namespace

double HeadlineShapeScore(std::string_view title) {
  const std::string_view body = StripSiteName(Trim(title));
  const std::vector<std::string_view> words = Words(body);
  double score = 1;
  if (ContainsAny(body, {"?", "\uFF1F", "\u00BF"})) score *= kQuestionFactor;
  if (ContainsAny(body, {"!", "\uFF01", "\u00A1"})) score *= kExclamationFactor;
  if (!body.empty() && IsQuotationOnly(body)) score *= kQuotationFactor;
  if (words.size() < kMinWords) score *= kShortFactor;
  if (IsAllCaps(body)) score *= kAllCapsFactor;
  if (IsClickbait(body, words)) score *= kClickbaitFactor;
  if (words.size() > kMaxWords) score *= kLongFactor;
  return score;
}

size_t ChooseHeadline(std::span<const HeadlineCandidate> candidates) {
  size_t best = kNoHeadline;
  double best_score = -1;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const HeadlineCandidate& candidate = candidates[i];
    if (Trim(candidate.title).empty()) continue;
    const double relevance = candidate.relevance > 0 ? candidate.relevance : 0;  // NaN -> 0
    const double score =
        relevance * HeadlineShapeScore(candidate.title) * (candidate.is_copy ? kCopyFactor : 1.0);
    if (score > best_score) {
      best = i;
      best_score = score;
    }
  }
  return best;
}

}  // namespace storyline::story
