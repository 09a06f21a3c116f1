// TextAnalyzer: CLD2 for the language, ICU for normalisation and segmentation, Snowball for
// stems.
//
// Every text is first made valid UTF-8 (ill-formed sequences become U+FFFD), so ICU and CLD2
// never see broken input. Words and sentences are segmented on the original text, because
// ICU's sentence rules need letter case ("... in Moscow. the" does not end a sentence); each
// word is then normalised on its own. Normalising a word equals normalising the text it came
// from and cutting it there, except for the rare compatibility characters that expand to
// spaces (U+00A8 and similar), which this design accepts.
//
// Speed (Analyze, one thread, ECB+ articles: about 18 MB/s, 9,000 documents/s):
//  - ASCII text, the common case, skips ICU normalisation (NFKC with case folding is ASCII
//    lower-casing there); buffers live in the analyzer and are reused.
//  - The body is segmented in one ICU pass (paragraphs joined by '\n'), not one per paragraph,
//    over a UTF-16 copy: ICU's UTF-8 UText would convert it in small chunks for each iterator.
//  - CLD2 reads the title and the first 1 KB of the body. Each call still costs ~16 us fixed:
//    CLD2 allocates and frees >128 KB, which glibc's default trim threshold returns to the
//    kernel every time; a program that raises M_TRIM_THRESHOLD makes it ~2 us.
//  - Stems and stop-word flags are cached per language in a direct-mapped table by word hash.
#include "storyline/text.h"

// clang-format off
#include <cstdio>  // CLD2's header uses FILE without including <cstdio>.
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
// clang-format on
#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "storyline/hash.h"
#include "text/stopwords.h"

namespace storyline {
namespace {

// CLD2 reads the title and at most this much of the body: the lead decides the language (CLD2
// is confident on a few hundred bytes), and CLD2's cost stays bounded.
constexpr size_t kMaxDetectBytes = 1024;
// ICU and CLD2 index text with int32_t; longer texts are cut (no real article comes close).
constexpr size_t kMaxTextBytes = 1u << 30;
// Slots of the direct-mapped word cache of one language (a power of two; 24 bytes each). A
// slot keeps the last word that hashed to it: frequent words stay, rare ones are recomputed.
constexpr size_t kWordCacheSlots = 1u << 15;

// Confidence mapping: a reliable CLD2 answer gets percent3[0] / (percent3[0] + percent3[1] +
// percent3[2]), the top language's share of the text CLD2 could attribute to a language (bytes
// it could not attribute, such as numbers and URLs, do not lower it); an unreliable answer is
// scaled by this factor, so it never reaches 0.5.
constexpr double kUnreliableFactor = 0.4;

constexpr char kReplacementChar[] = "\xEF\xBF\xBD";

bool IsAscii(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ULL) return false;
  }
  for (; i < n; ++i) {
    if (p[i] & 0x80) return false;
  }
  return true;
}

bool IsAsciiSpace(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// `text` when it is valid UTF-8 (and not too long), else a copy in *scratch with every
// ill-formed sequence replaced by U+FFFD.
std::string_view ValidUtf8(std::string_view text, std::string* scratch) {
  if (text.size() > kMaxTextBytes) text = text.substr(0, kMaxTextBytes);
  if (IsAscii(text)) return text;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  int32_t bad = -1;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {
      bad = start;
      break;
    }
  }
  if (bad < 0) return text;
  scratch->assign(text.data(), bad);
  i = bad;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {
      scratch->append(kReplacementChar);
    } else {
      scratch->append(text.data() + start, i - start);
    }
  }
  return *scratch;
}

// The ASCII replacement of a quote, apostrophe, prime or dash, or 0 to keep `c`.
char UnifiedPunctuation(UChar32 c) {
  switch (c) {
    case 0x2018:  // ‘ ’ ‚ ‛
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2039:  // ‹ ›
    case 0x203A:
    case 0x2032:  // ′ ‵ (primes)
    case 0x2035:
    case 0x02BC:  // ʼ modifier letter apostrophe
      return '\'';
    case 0x201C:  // “ ” „ ‟
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:  // « »
    case 0x00BB:
    case 0x2033:  // ″ ‶
    case 0x2036:
    case 0x301D:  // 〝 〞 〟
    case 0x301E:
    case 0x301F:
      return '"';
    case 0x2212:  // − minus sign
      return '-';
    default:
      break;
  }
  if (c >= 0x80 && u_charType(c) == U_DASH_PUNCTUATION) return '-';
  return 0;
}

// Two-letter code of a CLD2 language; "un" for unknown and script-only pseudo-languages.
std::string IsoCode(CLD2::Language language) {
  if (language == CLD2::UNKNOWN_LANGUAGE) return "un";
  const char* full = CLD2::LanguageCode(language);
  if (full == nullptr) return "un";
  std::string_view code(full);
  code = code.substr(0, code.find('-'));  // "zh-Hant" -> "zh"
  if (code.empty() || code == "un" || code == "xx") return "un";
  // CLD2 still uses the withdrawn ISO 639-1 codes of a few languages.
  if (code == "iw") return "he";
  if (code == "jw") return "jv";
  if (code == "in") return "id";
  if (code == "ji") return "yi";
  if (code == "mo") return "ro";
  return std::string(code);
}

// CLD2 language of a hint such as "en", "EN-us", "pt_BR" or "he"; UNKNOWN_LANGUAGE if none.
CLD2::Language HintLanguage(std::string_view hint) {
  std::string primary(hint.substr(0, hint.find_first_of("-_")));
  if (primary.empty() || primary.size() > 8) return CLD2::UNKNOWN_LANGUAGE;
  for (char& c : primary) c = AsciiLower(c);
  if (primary == "he") primary = "iw";
  if (primary == "jv") primary = "jw";
  if (primary == "yi") primary = "ji";
  if (primary == "nb") primary = "no";
  return CLD2::GetLanguageFromName(primary.c_str());
}

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

}  // namespace

struct TextAnalyzer::Impl {
  // What Analyze needs to know about a normalised word of a language.
  struct WordInfo {
    uint64_t word = 0;  // hash of the word; 0 marks an empty cache slot
    uint64_t stem = 0;  // hash of the stem
    bool stopword = false;
  };

  // What one language needs, made on first use.
  struct Language {
    std::string code;
    std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer;  // null when Snowball has none
    std::unordered_set<uint64_t> stopwords;               // HashBytes of normalised words
    std::vector<WordInfo> word_cache;                     // direct-mapped by word hash
    std::unique_ptr<icu::BreakIterator> sentences;        // see Sentences()
    bool sentences_tried = false;
  };

  const icu::Normalizer2* nfkc_casefold = nullptr;
  std::unique_ptr<icu::BreakIterator> words;
  std::unordered_map<std::string, std::unique_ptr<Language>> languages;

  // Buffers reused across calls.
  std::string valid_scratch;
  std::string normalize_scratch;
  std::string word;
  std::string normalized_body;
  std::string detect_text;
  std::string joined;
  std::vector<int32_t> paragraph_offsets;
  std::vector<int32_t> sentence_bounds;
  std::u16string utf16;                // the text ForEachWord segments, as UTF-16
  std::vector<int32_t> utf16_to_byte;  // byte offset of each UTF-16 unit and of the end

  Impl() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) nfkc_casefold = nullptr;
    status = U_ZERO_ERROR;
    words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) words.reset();
  }

  Language& GetLanguage(std::string_view code);
  // The sentence iterator of `language`, made on first use; null if ICU cannot make one.
  icu::BreakIterator* Sentences(Language& language);
  void AppendNormalized(std::string_view valid, std::string* out);
  void NormalizeWord(std::string_view valid, std::string* out);
  LanguageGuess Detect(std::string_view valid, std::string_view hint, double min_confidence);
  const WordInfo& LookUp(Language& language, uint64_t word_hash, std::string_view word);

  // Calls fn(begin, end, is_number_segment, sentence_start) for each word of `valid` (byte
  // offsets); fn returns false to skip the word. Sentences start at the breaks of `sentences`
  // (may be null) and at `forced_starts` (sorted offsets); the first word always starts one.
  // REQUIRES: `valid` is valid UTF-8.
  template <typename Fn>
  void ForEachWord(std::string_view valid, icu::BreakIterator* sentences,
                   const std::vector<int32_t>& forced_starts, Fn&& fn);
};

TextAnalyzer::Impl::Language& TextAnalyzer::Impl::GetLanguage(std::string_view code) {
  // Anything but two or three lower-case letters is no language code: "un".
  const bool well_formed =
      (code.size() == 2 || code.size() == 3) &&
      std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  const std::string key = well_formed ? std::string(code) : "un";
  auto it = languages.find(key);
  if (it != languages.end()) return *it->second;
  auto language = std::make_unique<Language>();
  language->code = key;
  const std::string stemmer_name = (key == "nb" || key == "nn") ? "no" : key;
  // libstemmer accepts ISO 639 codes as algorithm names; "un" and unknown codes give null.
  if (key != "un") language->stemmer.reset(sb_stemmer_new(stemmer_name.c_str(), "UTF_8"));
  for (std::string_view stopword : StopwordList(key)) {
    NormalizeWord(stopword, &word);
    language->stopwords.insert(HashBytes(word));
  }
  Language& result = *language;
  languages.emplace(key, std::move(language));
  return result;
}

icu::BreakIterator* TextAnalyzer::Impl::Sentences(Language& language) {
  if (!language.sentences_tried) {
    language.sentences_tried = true;
    UErrorCode status = U_ZERO_ERROR;
    // "@ss=standard" adds the locale's abbreviation list, so "Mr. Xi" stays one sentence.
    const icu::Locale locale = language.code == "un"
                                   ? icu::Locale::getRoot()
                                   : icu::Locale((language.code + "@ss=standard").c_str());
    language.sentences.reset(icu::BreakIterator::createSentenceInstance(locale, status));
    if (U_FAILURE(status)) language.sentences.reset();
  }
  return language.sentences.get();
}

void TextAnalyzer::Impl::AppendNormalized(std::string_view valid, std::string* out) {
  std::string_view src = valid;
  if (!IsAscii(valid) && nfkc_casefold != nullptr) {
    normalize_scratch.clear();
    icu::StringByteSink<std::string> sink(&normalize_scratch);
    UErrorCode status = U_ZERO_ERROR;
    nfkc_casefold->normalizeUTF8(0, icu::StringPiece(valid.data(), valid.size()), sink, nullptr,
                                 status);
    if (U_SUCCESS(status)) src = normalize_scratch;
  }
  // One pass: lower-case ASCII, unify quotes and dashes, collapse and trim white space. The
  // result is never longer than `src` (replacements are shorter than what they replace).
  const size_t begin = out->size();
  out->resize(begin + src.size());
  char* const first = out->data() + begin;
  char* w = first;
  bool space = false;
  const auto* s = reinterpret_cast<const uint8_t*>(src.data());
  const auto n = static_cast<int32_t>(src.size());
  int32_t i = 0;
  while (i < n) {
    const uint8_t b = s[i];
    if (b < 0x80) {
      ++i;
      if (IsAsciiSpace(b)) {
        space = true;
        continue;
      }
      if (space && w != first) *w++ = ' ';
      space = false;
      *w++ = AsciiLower(static_cast<char>(b));
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || u_isUWhiteSpace(c)) {  // c < 0 cannot happen: `src` is valid UTF-8
      space = true;
      continue;
    }
    if (space && w != first) *w++ = ' ';
    space = false;
    if (char ascii = UnifiedPunctuation(c)) {
      *w++ = ascii;
    } else {
      std::memcpy(w, src.data() + start, i - start);
      w += i - start;
    }
  }
  out->resize(w - out->data());
}

void TextAnalyzer::Impl::NormalizeWord(std::string_view valid, std::string* out) {
  // An ASCII word, the common case, is only lower-cased: in the same pass that checks it.
  out->resize(valid.size());
  char* const lower = out->data();
  unsigned char bits = 0;
  for (size_t i = 0; i < valid.size(); ++i) {
    bits |= static_cast<unsigned char>(valid[i]);
    lower[i] = AsciiLower(valid[i]);
  }
  if (bits < 0x80) return;
  out->clear();
  AppendNormalized(valid, out);
}

LanguageGuess TextAnalyzer::Impl::Detect(std::string_view valid, std::string_view hint,
                                         double min_confidence) {
  const CLD2::Language hint_language = HintLanguage(hint);
  const std::string hint_code = IsoCode(hint_language);
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  if (hint_language != CLD2::UNKNOWN_LANGUAGE) {
    hints.content_language_hint = CLD2::LanguageCode(hint_language);
    hints.language_hint = hint_language;
  }
  CLD2::Language language3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE,
                                 CLD2::UNKNOWN_LANGUAGE};
  int percent3[3] = {0, 0, 0};
  double normalized_score3[3] = {0, 0, 0};
  int text_bytes = 0;
  bool is_reliable = false;
  int valid_prefix_bytes = 0;
  CLD2::ExtDetectLanguageSummaryCheckUTF8(
      valid.data(), static_cast<int>(valid.size()), /*is_plain_text=*/true, &hints, /*flags=*/0,
      language3, percent3, normalized_score3, /*resultchunkvector=*/nullptr, &text_bytes,
      &is_reliable, &valid_prefix_bytes);

  // The language with the most text, not CLD2's return value: for web pages CLD2 prefers a
  // second language over English (taken for boilerplate), but this text is the article itself.
  LanguageGuess guess;
  guess.code = IsoCode(language3[0]);
  const int classified = percent3[0] + percent3[1] + percent3[2];
  if (guess.code != "un" && classified > 0) {
    guess.confidence =
        static_cast<double>(percent3[0]) / classified * (is_reliable ? 1.0 : kUnreliableFactor);
  }
  if (guess.code != "un" && guess.confidence >= min_confidence) return guess;
  // CLD2 is unsure: trust the record's declared language, at the acceptance threshold.
  if (hint_code != "un") {
    const double agreeing = guess.code == hint_code ? guess.confidence : 0;
    return LanguageGuess{hint_code, std::max(min_confidence, agreeing)};
  }
  return LanguageGuess{};
}

const TextAnalyzer::Impl::WordInfo& TextAnalyzer::Impl::LookUp(Language& language,
                                                               uint64_t word_hash,
                                                               std::string_view word) {
  if (language.word_cache.empty()) language.word_cache.resize(kWordCacheSlots);
  WordInfo& info = language.word_cache[word_hash & (kWordCacheSlots - 1)];
  if (info.word == word_hash && word_hash != 0) return info;
  info.word = word_hash;
  info.stem = word_hash;
  info.stopword = language.stopwords.contains(word_hash);
  if (language.stemmer != nullptr) {
    const sb_symbol* stem =
        sb_stemmer_stem(language.stemmer.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                        static_cast<int>(word.size()));
    if (stem != nullptr) {
      info.stem = HashBytes(std::string_view(reinterpret_cast<const char*>(stem),
                                             sb_stemmer_length(language.stemmer.get())));
    }
  }
  return info;
}

template <typename Fn>
void TextAnalyzer::Impl::ForEachWord(std::string_view valid, icu::BreakIterator* sentences,
                                     const std::vector<int32_t>& forced_starts, Fn&& fn) {
  if (words == nullptr || valid.empty()) return;
  // ICU segments UTF-16 text held in one chunk much faster than UTF-8 text, which its UText
  // converts 32 code units at a time (for each of the two iterators): convert once, and map
  // the boundaries back to byte offsets. ASCII text has the same offsets in both.
  const bool ascii = IsAscii(valid);
  // Never more UTF-16 units than UTF-8 bytes; buffers only grow, so nothing is zero-filled again.
  if (utf16.size() < valid.size()) utf16.resize(valid.size());
  int32_t units = 0;
  if (ascii) {
    std::copy(valid.begin(), valid.end(), utf16.begin());
    units = static_cast<int32_t>(valid.size());
  } else {
    if (utf16_to_byte.size() <= valid.size()) utf16_to_byte.resize(valid.size() + 1);
    const auto* s = reinterpret_cast<const uint8_t*>(valid.data());
    const auto n = static_cast<int32_t>(valid.size());
    for (int32_t i = 0; i < n;) {
      const int32_t start = i;
      if (s[i] < 0x80) {
        utf16[units] = s[i++];
        utf16_to_byte[units++] = start;
        continue;
      }
      UChar32 c;
      U8_NEXT(s, i, n, c);  // c >= 0: `valid` is valid UTF-8
      const int32_t first_unit = units;
      U16_APPEND_UNSAFE(utf16.data(), units, c);
      for (int32_t u = first_unit; u < units; ++u) utf16_to_byte[u] = start;
    }
    utf16_to_byte[units] = n;
  }
  auto to_byte = [&](int32_t unit) { return ascii ? unit : utf16_to_byte[unit]; };

  UErrorCode status = U_ZERO_ERROR;
  UText text = UTEXT_INITIALIZER;
  utext_openUChars(&text, utf16.data(), units, &status);
  if (U_FAILURE(status)) return;

  // The iterators keep a shallow clone of `text` but read it only until the next setText().
  sentence_bounds.assign(forced_starts.begin(), forced_starts.end());
  if (sentences != nullptr) {
    sentences->setText(&text, status);
    if (U_SUCCESS(status)) {
      for (int32_t b = sentences->first(); b != icu::BreakIterator::DONE; b = sentences->next()) {
        sentence_bounds.push_back(to_byte(b));
      }
      std::inplace_merge(sentence_bounds.begin(), sentence_bounds.begin() + forced_starts.size(),
                         sentence_bounds.end());
    }
    status = U_ZERO_ERROR;
  }
  words->setText(&text, status);
  if (U_SUCCESS(status)) {
    size_t next_bound = 0;
    bool sentence_start = true;  // a text always starts a sentence
    int32_t begin = words->first();
    for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
         begin = end, end = words->next()) {
      const int32_t rule = words->getRuleStatus();
      if (rule < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation, symbols
      const int32_t byte_begin = to_byte(begin);
      while (next_bound < sentence_bounds.size() && sentence_bounds[next_bound] <= byte_begin) {
        if (sentence_bounds[next_bound] > 0) sentence_start = true;
        ++next_bound;
      }
      const bool is_number = rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT;
      if (fn(byte_begin, to_byte(end), is_number, sentence_start)) sentence_start = false;
    }
  }
  utext_close(&text);
}

TextAnalyzer::TextAnalyzer(const TextOptions& options)
    : impl_(std::make_unique<Impl>()), options_(options) {}

TextAnalyzer::~TextAnalyzer() = default;

LanguageGuess TextAnalyzer::DetectLanguage(std::string_view text, std::string_view hint) const {
  std::string scratch;
  return impl_->Detect(ValidUtf8(text, &scratch), hint, options_.min_language_confidence);
}

std::string TextAnalyzer::Normalize(std::string_view text) const {
  std::string scratch;
  std::string out;
  impl_->AppendNormalized(ValidUtf8(text, &scratch), &out);
  return out;
}

std::vector<std::string> TextAnalyzer::Words(std::string_view text) const {
  std::string scratch;
  std::string_view valid = ValidUtf8(text, &scratch);
  std::vector<std::string> result;
  impl_->ForEachWord(valid, nullptr, {}, [&](int32_t begin, int32_t end, bool, bool) {
    impl_->NormalizeWord(valid.substr(begin, end - begin), &impl_->word);
    if (impl_->word.empty()) return false;
    result.push_back(impl_->word);
    return true;
  });
  return result;
}

std::string TextAnalyzer::Stem(std::string_view language, std::string_view word) {
  Impl::Language& lang = impl_->GetLanguage(language);
  if (lang.stemmer == nullptr || word.empty()) return std::string(word);
  const sb_symbol* stem =
      sb_stemmer_stem(lang.stemmer.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                      static_cast<int>(word.size()));
  if (stem == nullptr) return std::string(word);
  return std::string(reinterpret_cast<const char*>(stem), sb_stemmer_length(lang.stemmer.get()));
}

bool TextAnalyzer::IsStopword(std::string_view language, std::string_view word) const {
  return impl_->GetLanguage(language).stopwords.contains(HashBytes(word));
}

TextFeatures TextAnalyzer::Analyze(std::string_view title,
                                   const std::vector<std::string>& paragraphs,
                                   std::string_view language_hint) {
  Impl& impl = *impl_;
  TextFeatures features;

  // The body as valid UTF-8, paragraphs joined by '\n': segmented in one pass below. ICU breaks
  // words and sentences after a line feed, so this equals segmenting each paragraph alone.
  std::string& joined = impl.joined;
  std::vector<int32_t>& offsets = impl.paragraph_offsets;  // where each paragraph begins
  joined.clear();
  offsets.clear();
  for (const std::string& paragraph : paragraphs) {
    if (joined.size() >= kMaxTextBytes) break;
    offsets.push_back(static_cast<int32_t>(joined.size()));
    joined.append(ValidUtf8(paragraph, &impl.valid_scratch));
    joined.push_back('\n');
  }

  // Normalised body: the exact hash, and (with the title) the text CLD2 reads. Paragraphs that
  // normalise to nothing are left out, so blank paragraphs do not change the hash.
  std::string& body = impl.normalized_body;
  body.clear();
  for (size_t i = 0; i < offsets.size(); ++i) {
    const size_t end = i + 1 < offsets.size() ? offsets[i + 1] : joined.size();
    const std::string_view paragraph(joined.data() + offsets[i], end - offsets[i] - 1);
    const size_t before = body.size();
    if (before > 0) body.push_back('\n');
    impl.AppendNormalized(paragraph, &body);
    if (body.size() == before + 1 && before > 0) body.resize(before);
  }
  features.exact_hash = HashBytes(body);

  const std::string_view valid_title = ValidUtf8(title, &impl.valid_scratch);
  std::string& detect = impl.detect_text;
  detect.clear();
  impl.AppendNormalized(valid_title, &detect);
  detect.push_back('\n');
  size_t body_bytes = std::min(body.size(), kMaxDetectBytes);
  while (body_bytes < body.size() && U8_IS_TRAIL(static_cast<uint8_t>(body[body_bytes]))) {
    --body_bytes;  // cut at a character boundary
  }
  detect.append(body, 0, body_bytes);
  LanguageGuess guess = impl.Detect(detect, language_hint, options_.min_language_confidence);
  features.language = guess.code;
  features.language_confidence = guess.confidence;

  Impl::Language& language = impl.GetLanguage(features.language);
  // Tokens of `text`; `paragraph_offsets` are the byte offsets where paragraphs begin.
  auto tokenize = [&](std::string_view text, const std::vector<int32_t>& paragraph_offsets,
                      std::vector<Token>* tokens, std::vector<uint32_t>* sentence_starts,
                      std::vector<uint32_t>* paragraph_starts) {
    size_t next_paragraph = 0;
    impl.ForEachWord(
        text, impl.Sentences(language), paragraph_offsets,
        [&](int32_t begin, int32_t end, bool is_number, bool sentence_start) {
          std::string_view original = text.substr(begin, end - begin);
          impl.NormalizeWord(original, &impl.word);
          const std::string& word = impl.word;
          if (word.empty()) return false;
          Token token;
          token.word = HashBytes(word);
          UChar32 first = static_cast<uint8_t>(original[0]);
          if (first < 0x80) {
            if (first >= 'A' && first <= 'Z') token.flags |= Token::kCapitalized;
          } else {
            int32_t offset = 0;
            U8_NEXT(reinterpret_cast<const uint8_t*>(original.data()), offset,
                    static_cast<int32_t>(original.size()), first);
            if (first >= 0 && (u_isupper(first) || u_istitle(first))) {
              token.flags |= Token::kCapitalized;
            }
          }
          if (!is_number) {
            is_number =
                std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
          }
          if (is_number) {
            token.flags |= Token::kNumber;
            token.stem = token.word;
          } else {
            const Impl::WordInfo& info = impl.LookUp(language, token.word, word);
            token.stem = info.stem;
            if (info.stopword) token.flags |= Token::kStopword;
          }
          const auto index = static_cast<uint32_t>(tokens->size());
          if (sentence_start) {
            token.flags |= Token::kSentenceStart;
            if (sentence_starts != nullptr) sentence_starts->push_back(index);
          }
          if (paragraph_starts != nullptr && next_paragraph < paragraph_offsets.size() &&
              paragraph_offsets[next_paragraph] <= begin) {
            // A paragraph without words gets no entry: every start indexes an existing token.
            while (next_paragraph < paragraph_offsets.size() &&
                   paragraph_offsets[next_paragraph] <= begin) {
              ++next_paragraph;
            }
            paragraph_starts->push_back(index);
          }
          tokens->push_back(token);
          return true;
        });
  };

  tokenize(valid_title, {}, &features.title, nullptr, nullptr);
  features.body.reserve(joined.size() / 5);  // about one word per 6 bytes in news text
  tokenize(joined, offsets, &features.body, &features.sentence_starts, &features.paragraph_starts);
  return features;
}

}  // namespace storyline
