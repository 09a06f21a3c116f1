// The text transformations of transform.h. Each one works on whitespace tokens so that the
// punctuation around an edited word survives, and draws every choice from the generator it is
// given, in a fixed order, so that a copy depends only on the source and the seed.
#include "transform.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <numeric>
#include <unordered_set>

namespace storyline::dedup_bench {
namespace {

// ---- Random draws ----

size_t RandomIndex(std::mt19937_64& rng, size_t n) {
  return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
}

double RandomReal(std::mt19937_64& rng, double lo, double hi) {
  return lo == hi ? lo : std::uniform_real_distribution<double>(lo, hi)(rng);
}

bool Chance(std::mt19937_64& rng, double p) { return RandomReal(rng, 0, 1) < p; }

// `k` distinct indices of [0, n) in increasing order (k is capped at n).
std::vector<size_t> SampleIndices(std::mt19937_64& rng, size_t n, size_t k) {
  std::vector<size_t> all(n);
  std::iota(all.begin(), all.end(), 0);
  k = std::min(k, n);
  for (size_t i = 0; i < k; ++i) std::swap(all[i], all[i + RandomIndex(rng, n - i)]);
  all.resize(k);
  std::sort(all.begin(), all.end());
  return all;
}

// ---- Tokens ----

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// A whitespace token split into its punctuation and its core (see transform.h).
struct Token {
  std::string lead, core, trail;

  std::string Text() const { return lead + core + trail; }
};

Token SplitToken(std::string_view text) {
  size_t b = 0, e = text.size();
  while (b < e && !IsAlnum(text[b]) && static_cast<unsigned char>(text[b]) < 0x80) ++b;
  while (e > b && !IsAlnum(text[e - 1]) && static_cast<unsigned char>(text[e - 1]) < 0x80) --e;
  return {std::string(text.substr(0, b)), std::string(text.substr(b, e - b)),
          std::string(text.substr(e))};
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) tokens.push_back(SplitToken(text.substr(start, i - start)));
  }
  return tokens;
}

std::string Join(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    std::string s = t.Text();
    if (s.empty()) continue;
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

std::string JoinStrings(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(' ');
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(' ');
  return std::string(s.substr(b, e - b + 1));
}

bool AllLowerLetters(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsLower);
}

// A word a spinner may replace: lower-case letters only, 3 or more, not a function word.
bool IsContentWord(std::string_view core) {
  return core.size() >= 3 && AllLowerLetters(core) && !IsStopWord(core);
}

// ---- Sentences ----

bool IsAbbreviation(std::string_view before_dot) {
  static const std::unordered_set<std::string_view> kAbbreviations = {
      "Mr",    "Mrs",  "Ms",   "Dr",   "Prof", "Sen",  "Rep",  "Gov",  "Gen",  "Lt",    "Col",
      "Capt",  "Sgt",  "Maj",  "Adm",  "Cmdr", "St",   "Jr",   "Sr",   "Rev",  "Mt",    "Ft",
      "No",    "Nos",  "Inc",  "Co",   "Corp", "Ltd",  "Jan",  "Feb",  "Mar",  "Apr",   "Jun",
      "Jul",   "Aug",  "Sep",  "Sept", "Oct",  "Nov",  "Dec",  "vs",   "etc",  "Ave",   "Blvd",
      "Calif", "Ariz", "Fla",  "Ga",   "Ill",  "Mass", "Mich", "Minn", "Pa",   "Tex",   "Va",
      "Wash",  "Wis",  "Conn", "Ky",   "La",   "Md",   "Mo",   "Ore",  "Tenn", "Colo",  "Okla",
      "Ala",   "Ark",  "Del",  "Neb",  "Nev",  "Kan",  "Gens", "Reps", "Sens", "Messrs"};
  size_t space = before_dot.find_last_of(' ');
  std::string_view word =
      space == std::string_view::npos ? before_dot : before_dot.substr(space + 1);
  while (!word.empty() && !IsAlnum(word.front())) word.remove_prefix(1);
  if (word.size() == 1 && std::isalpha(static_cast<unsigned char>(word[0]))) return true;
  if (word.find('.') != std::string_view::npos) return true;  // U.S., a.m.
  return kAbbreviations.contains(word);
}

bool IsClosing(char c) { return c == '"' || c == '\'' || c == ')' || c == ']'; }

}  // namespace

// ---- Names ----

std::string_view TransformName(Transform t) {
  switch (t) {
    case Transform::kOriginal:
      return "original";
    case Transform::kExact:
      return "exact";
    case Transform::kWrapped:
      return "wrapped";
    case Transform::kNear:
      return "near";
    case Transform::kTruncation:
      return "truncation";
    case Transform::kReorder:
      return "reorder";
    case Transform::kTypos:
      return "typos";
    case Transform::kSpin:
      return "spin";
    case Transform::kPartial:
      return "partial";
  }
  return "?";
}

bool ParseTransform(std::string_view name, Transform* t) {
  for (Transform candidate : {Transform::kOriginal, Transform::kExact, Transform::kWrapped,
                              Transform::kNear, Transform::kTruncation, Transform::kReorder,
                              Transform::kTypos, Transform::kSpin, Transform::kPartial}) {
    if (TransformName(candidate) == name) {
      *t = candidate;
      return true;
    }
  }
  return false;
}

std::mt19937_64 DocumentRng(uint64_t seed, std::string_view doc_id) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, stable across platforms
  for (unsigned char c : doc_id) h = (h ^ c) * 0x100000001b3ULL;
  uint64_t z = h ^ (seed + 0x9e3779b97f4a7c15ULL);  // splitmix64 finaliser
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return std::mt19937_64(z ^ (z >> 31));
}

// ---- Text helpers ----

std::vector<std::string> SplitSentences(std::string_view p) {
  std::vector<std::string> sentences;
  size_t start = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c != '.' && c != '!' && c != '?') continue;
    size_t j = i + 1;
    while (j < p.size() && IsClosing(p[j])) ++j;
    if (j >= p.size() || p[j] != ' ') continue;
    size_t k = j;
    while (k < p.size() && p[k] == ' ') ++k;
    if (k >= p.size()) continue;
    unsigned char next = static_cast<unsigned char>(p[k]);
    bool starts_sentence = std::isupper(next) || std::isdigit(next) || next == '"' ||
                           next == '\'' || next == '(' || next >= 0x80;
    if (!starts_sentence) continue;
    if (c == '.' && IsAbbreviation(p.substr(start, i - start))) continue;
    std::string s = Trim(p.substr(start, j - start));
    if (!s.empty()) sentences.push_back(std::move(s));
    start = k;
    i = k - 1;
  }
  std::string tail = Trim(p.substr(start));
  if (!tail.empty()) sentences.push_back(std::move(tail));
  return sentences;
}

std::string JoinParagraphs(const std::vector<std::string>& paragraphs) {
  std::string text;
  for (const std::string& p : paragraphs) {
    if (!text.empty()) text += "\n\n";
    text += p;
  }
  return text;
}

std::vector<std::string> GroupIntoParagraphs(const std::vector<std::string>& sentences) {
  std::vector<std::string> paragraphs;
  std::string current;
  size_t count = 0, words = 0;
  for (const std::string& s : sentences) {
    if (!current.empty()) current += ' ';
    current += s;
    ++count;
    words += CountWords(s);
    if (count >= 3 || words >= 45) {
      paragraphs.push_back(std::move(current));
      current.clear();
      count = words = 0;
    }
  }
  if (!current.empty()) paragraphs.push_back(std::move(current));
  return paragraphs;
}

size_t CountWords(std::string_view text) {
  size_t words = 0;
  bool in_token = false, has_alnum = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t') {
      if (in_token && has_alnum) ++words;
      in_token = has_alnum = false;
    } else {
      in_token = true;
      has_alnum = has_alnum || IsAlnum(c);
    }
  }
  if (in_token && has_alnum) ++words;
  return words;
}

size_t CountWords(const Article& article) {
  size_t words = 0;
  for (const std::string& p : article.paragraphs) words += CountWords(p);
  return words;
}

bool IsStopWord(std::string_view word) {
  static const std::unordered_set<std::string_view> kStopWords = {
      "a",         "about",    "above",     "after",      "again",    "against",    "all",
      "also",      "although", "am",        "an",         "and",      "any",        "are",
      "as",        "at",       "be",        "because",    "been",     "before",     "being",
      "below",     "between",  "both",      "but",        "by",       "can",        "could",
      "did",       "do",       "does",      "doing",      "down",     "during",     "each",
      "either",    "even",     "ever",      "every",      "few",      "for",        "from",
      "further",   "had",      "has",       "have",       "having",   "he",         "her",
      "here",      "hers",     "herself",   "him",        "himself",  "his",        "how",
      "however",   "i",        "if",        "in",         "into",     "is",         "it",
      "its",       "itself",   "just",      "last",       "least",    "less",       "like",
      "many",      "may",      "me",        "might",      "more",     "most",       "much",
      "must",      "my",       "myself",    "near",       "neither",  "never",      "new",
      "no",        "nor",      "not",       "now",        "of",       "off",        "often",
      "on",        "once",     "one",       "only",       "or",       "other",      "others",
      "our",       "ours",     "ourselves", "out",        "over",     "own",        "per",
      "perhaps",   "rather",   "said",      "same",       "say",      "says",       "she",
      "should",    "since",    "so",        "some",       "still",    "such",       "than",
      "that",      "the",      "their",     "theirs",     "them",     "themselves", "then",
      "there",     "these",    "they",      "this",       "those",    "though",     "through",
      "thus",      "to",       "too",       "toward",     "towards",  "two",        "under",
      "until",     "up",       "upon",      "us",         "very",     "via",        "was",
      "we",        "well",     "were",      "what",       "whatever", "when",       "where",
      "whether",   "which",    "while",     "who",        "whom",     "whose",      "why",
      "will",      "with",     "within",    "without",    "would",    "yet",        "you",
      "your",      "yours",    "yourself",  "yourselves", "three",    "first",      "second",
      "another",   "ago",      "already",   "always",     "among",    "around",     "away",
      "back",      "became",   "become",    "becomes",    "behind",   "beside",     "besides",
      "beyond",    "else",     "enough",    "instead",    "later",    "let",        "lets",
      "made",      "make",     "makes",     "next",       "nothing",  "onto",       "quite",
      "really",    "seem",     "seemed",    "seems",      "several",  "shall",      "something",
      "sometimes", "soon",     "take",      "taken",      "thing",    "things",     "told",
      "unless",    "whereas",  "whole",     "yes",        "get",      "gets",       "got",
      "go",        "goes",     "going",     "gone",       "went",     "put"};
  return kStopWords.contains(word);
}

// ---- Thesaurus ----

namespace {

Thesaurus::Pos ParsePos(std::string_view field) {
  if (field == "(noun)") return Thesaurus::Pos::kNoun;
  if (field == "(verb)") return Thesaurus::Pos::kVerb;
  if (field == "(adj)") return Thesaurus::Pos::kAdjective;
  if (field == "(adv)") return Thesaurus::Pos::kAdverb;
  return Thesaurus::Pos::kOther;
}

std::vector<std::string_view> SplitBars(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t bar = line.find('|', start);
    fields.push_back(line.substr(start, bar == std::string_view::npos ? bar : bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return fields;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

std::string Plural(const std::string& w) {
  if (w.ends_with("s") || w.ends_with("x") || w.ends_with("z") || w.ends_with("ch") ||
      w.ends_with("sh")) {
    return w + "es";
  }
  if (w.size() > 1 && w.back() == 'y' && !IsVowel(w[w.size() - 2])) {
    return w.substr(0, w.size() - 1) + "ies";
  }
  return w + "s";
}

std::string Past(const std::string& w) {
  if (w.back() == 'e') return w + "d";
  if (w.size() > 1 && w.back() == 'y' && !IsVowel(w[w.size() - 2])) {
    return w.substr(0, w.size() - 1) + "ied";
  }
  return w + "ed";
}

std::string Gerund(const std::string& w) {
  if (w.ends_with("ie")) return w.substr(0, w.size() - 2) + "ying";
  if (w.back() == 'e' && !w.ends_with("ee") && w.size() > 2)
    return w.substr(0, w.size() - 1) + "ing";
  return w + "ing";
}

// "stopp" -> "stop": the base of a verb whose final consonant doubled before -ed/-ing.
std::string Undouble(std::string_view stem) {
  if (stem.size() >= 3 && stem.back() == stem[stem.size() - 2] && !IsVowel(stem.back())) {
    return std::string(stem.substr(0, stem.size() - 1));
  }
  return "";
}

}  // namespace

Status Thesaurus::Load(const std::string& path, Thesaurus* thesaurus) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open thesaurus " + path);
  thesaurus->entries_.clear();
  std::string line;
  size_t line_no = 0;
  auto corrupt = [&](std::string_view what) {
    return Status::Corruption(path + ":" + std::to_string(line_no) + ": " + std::string(what));
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t bar = line.rfind('|');
    if (bar == std::string::npos) {
      if (line_no == 1) continue;  // the encoding line
      return corrupt("expected `word|count`");
    }
    std::string word = line.substr(0, bar);
    int count = 0;
    try {
      count = std::stoi(line.substr(bar + 1));
    } catch (const std::exception&) {
      return corrupt("bad sense count");
    }
    std::vector<Sense> senses;
    for (int i = 0; i < count; ++i) {
      if (!std::getline(in, line)) return corrupt("file ends inside an entry");
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::vector<std::string_view> fields = SplitBars(line);
      Sense sense;
      sense.pos = ParsePos(fields[0]);
      for (size_t f = 1; f < fields.size(); ++f) {
        std::string_view syn = fields[f];
        // Marked terms ("city (generic term)") and multi-word ones contain a space.
        if (!AllLowerLetters(syn) || syn == word) continue;
        if (std::find(sense.synonyms.begin(), sense.synonyms.end(), syn) == sense.synonyms.end()) {
          sense.synonyms.emplace_back(syn);
        }
      }
      if (!sense.synonyms.empty()) senses.push_back(std::move(sense));
    }
    if (AllLowerLetters(word) && !senses.empty()) {
      std::vector<Sense>& entry = thesaurus->entries_[word];
      entry.insert(entry.end(), std::make_move_iterator(senses.begin()),
                   std::make_move_iterator(senses.end()));
    }
  }
  if (thesaurus->entries_.empty()) return Status::Corruption("no usable entry in " + path);
  return Status::Ok();
}

const std::vector<Thesaurus::Sense>* Thesaurus::Find(std::string_view word) const {
  auto it = entries_.find(std::string(word));
  return it == entries_.end() ? nullptr : &it->second;
}

std::string Thesaurus::Synonym(std::string_view word, std::mt19937_64& rng) const {
  enum class Inflection { kNone, kPlural, kPast, kGerund };
  // Draws a synonym of `base` among its first two senses that pass the filter, inflected.
  auto draw = [&](const std::string& base, Inflection inflection) -> std::string {
    const std::vector<Sense>* senses = Find(base);
    if (senses == nullptr) return "";
    std::vector<const Sense*> usable;
    for (const Sense& s : *senses) {
      bool ok = inflection == Inflection::kNone ||
                (inflection == Inflection::kPlural ? s.pos == Pos::kNoun || s.pos == Pos::kVerb
                                                   : s.pos == Pos::kVerb);
      if (ok) usable.push_back(&s);
      if (usable.size() == 2) break;
    }
    if (usable.empty()) return "";
    const Sense& sense = *usable[RandomIndex(rng, usable.size())];
    const std::string& syn = sense.synonyms[RandomIndex(rng, sense.synonyms.size())];
    switch (inflection) {
      case Inflection::kNone:
        return syn;
      case Inflection::kPlural:
        return Plural(syn);
      case Inflection::kPast:
        return Past(syn);
      case Inflection::kGerund:
        return Gerund(syn);
    }
    return "";
  };

  std::string w(word);
  if (Find(w) != nullptr) return draw(w, Inflection::kNone);
  std::vector<std::pair<std::string, Inflection>> bases;
  auto stem = [&](size_t suffix) { return w.substr(0, w.size() - suffix); };
  if (w.size() > 4 && w.ends_with("ies")) bases.push_back({stem(3) + "y", Inflection::kPlural});
  if (w.size() > 4 && w.ends_with("es")) bases.push_back({stem(2), Inflection::kPlural});
  if (w.size() > 3 && w.ends_with("s") && !w.ends_with("ss")) {
    bases.push_back({stem(1), Inflection::kPlural});
  }
  if (w.size() > 4 && w.ends_with("ied")) bases.push_back({stem(3) + "y", Inflection::kPast});
  if (w.size() > 4 && w.ends_with("ed")) {
    bases.push_back({stem(1), Inflection::kPast});  // used -> use
    bases.push_back({stem(2), Inflection::kPast});  // walked -> walk
    if (std::string u = Undouble(stem(2)); !u.empty()) bases.push_back({u, Inflection::kPast});
  }
  if (w.size() > 5 && w.ends_with("ing")) {
    bases.push_back({stem(3), Inflection::kGerund});        // walking -> walk
    bases.push_back({stem(3) + "e", Inflection::kGerund});  // making -> make
    if (std::string u = Undouble(stem(3)); !u.empty()) bases.push_back({u, Inflection::kGerund});
  }
  for (const auto& [base, inflection] : bases) {
    if (Find(base) == nullptr) continue;
    std::string syn = draw(base, inflection);
    if (!syn.empty()) return syn;
  }
  return "";
}

// ---- Transformations ----

namespace {

constexpr std::array<std::string_view, 14> kCities = {
    "WASHINGTON", "NEW YORK", "LONDON",  "PARIS",   "BRUSSELS", "TOKYO",   "BEIJING",
    "MOSCOW",     "BERLIN",   "CHICAGO", "NAIROBI", "SYDNEY",   "TORONTO", "JERUSALEM"};
constexpr std::array<std::string_view, 5> kAgencies = {"Reuters", "AP", "AFP", "UPI", "dpa"};
constexpr std::array<std::string_view, 8> kReporters = {
    "Maria Lindqvist", "James Okafor",  "Priya Raman", "Tom Whitfield",
    "Elena Sousa",     "David Brenner", "Aiko Tanaka", "Samuel Mensah"};

// The length of a dateline at the start of `p` ("WASHINGTON (AP) _ ", "PARIS, May 3 (AFP) - "),
// separator included; 0 when there is none.
size_t DatelineLength(std::string_view p) {
  for (std::string_view sep : {" -- ", " - ", " _ ", " \xE2\x80\x94 "}) {
    size_t at = p.find(sep);
    if (at == std::string_view::npos || at > 60 || at == 0) continue;
    std::string_view head = p.substr(0, at);
    bool agency = head.find('(') != std::string_view::npos && head.back() == ')';
    size_t caps = 0;
    while (caps < head.size() && (IsUpper(head[caps]) || head[caps] == ' ')) ++caps;
    if (agency || caps >= 4) return at + sep.size();
  }
  return 0;
}

// A function-word substitution that keeps a sentence readable; "" when none.
std::string_view SwapFunctionWord(std::string_view w) {
  static const std::unordered_map<std::string_view, std::string_view> kSwaps = {
      {"said", "says"},    {"says", "said"},  {"the", "a"},           {"a", "the"},
      {"that", "which"},   {"which", "that"}, {"about", "around"},    {"around", "about"},
      {"on", "upon"},      {"but", "yet"},    {"also", "too"},        {"while", "whereas"},
      {"told", "said to"}, {"more", "over"},  {"after", "following"}, {"before", "ahead of"}};
  auto it = kSwaps.find(w);
  return it == kSwaps.end() ? std::string_view() : it->second;
}

// A new title: an agency tag, the outlet's name, a headline cut from the lead, or a few words
// spun.
std::string NewTitle(const Article& source, const Thesaurus& thesaurus, std::mt19937_64& rng) {
  static constexpr std::array<std::string_view, 5> kTags = {"UPDATE 1-", "UPDATE 2-",
                                                            "BREAKING: ", "WRAPUP 1-", "RPT-"};
  static constexpr std::array<std::string_view, 5> kOutlets = {
      " | World News Today", " - Daily Bulletin", " | Metro Wire", " - The Courier", " :: NewsNow"};
  std::string title;
  switch (RandomIndex(rng, 4)) {
    case 0:
      title = std::string(kTags[RandomIndex(rng, kTags.size())]) + source.title;
      break;
    case 1:
      title = source.title + std::string(kOutlets[RandomIndex(rng, kOutlets.size())]);
      break;
    case 2: {
      // The lead's first clause, at most 12 words.
      std::vector<std::string> lead = SplitSentences(source.paragraphs.front());
      std::vector<Token> words = Tokenize(lead.empty() ? source.paragraphs.front() : lead[0]);
      std::vector<Token> kept;
      for (const Token& t : words) {
        kept.push_back(t);
        if (kept.size() >= 12 || t.trail.find(',') != std::string::npos) break;
      }
      if (!kept.empty()) kept.back().trail.clear();
      title = Join(kept);
      break;
    }
    default: {
      std::vector<Token> words = Tokenize(source.title);
      size_t changed = 0;
      for (Token& t : words) {
        if (changed < 2 && IsContentWord(t.core)) {
          if (std::string syn = thesaurus.Synonym(t.core, rng); !syn.empty()) {
            t.core = syn;
            ++changed;
          }
        }
      }
      title = Join(words);
    }
  }
  if (title.empty() || title == source.title) title = "UPDATE 1-" + source.title;
  return title;
}

}  // namespace

Article NearCopy(const Article& source, const Thesaurus& thesaurus, std::mt19937_64& rng) {
  Article copy = source;
  copy.title = NewTitle(source, thesaurus, rng);

  // 1-3% of the words: a synonym, a function-word swap, or the word dropped.
  std::vector<std::vector<Token>> paragraphs;
  std::vector<std::pair<size_t, size_t>> words;  // (paragraph, token)
  for (const std::string& p : source.paragraphs) {
    paragraphs.push_back(Tokenize(p));
    for (size_t t = 0; t < paragraphs.back().size(); ++t) {
      if (!paragraphs.back()[t].core.empty()) words.push_back({paragraphs.size() - 1, t});
    }
  }
  size_t wanted = std::max<size_t>(
      1, static_cast<size_t>(std::lround(RandomReal(rng, 0.01, 0.03) * words.size())));
  std::vector<size_t> order(words.size());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  size_t changed = 0;
  for (size_t i : order) {
    if (changed == wanted) break;
    Token& t = paragraphs[words[i].first][words[i].second];
    if (IsContentWord(t.core)) {
      if (std::string syn = thesaurus.Synonym(t.core, rng); !syn.empty()) {
        t.core = syn;
        ++changed;
        continue;
      }
    }
    if (std::string_view swap = SwapFunctionWord(t.core); !swap.empty()) {
      t.core = std::string(swap);
      ++changed;
    } else if (t.lead.empty() && t.trail.empty() && AllLowerLetters(t.core)) {
      t.core.clear();  // dropped
      ++changed;
    }
  }
  for (size_t p = 0; p < paragraphs.size(); ++p) copy.paragraphs[p] = Join(paragraphs[p]);

  // The last sentence goes (with its paragraph when it was the only one there).
  std::vector<std::string> last = SplitSentences(copy.paragraphs.back());
  if (last.size() > 1) {
    last.pop_back();
    copy.paragraphs.back() = JoinStrings(last, " ");
  } else if (copy.paragraphs.size() > 1) {
    copy.paragraphs.pop_back();
  }

  // The dateline or byline: dropped when present, added when absent.
  std::string& lead = copy.paragraphs.front();
  if (size_t n = DatelineLength(lead); n > 0) {
    lead.erase(0, n);
  } else if (lead.starts_with("By ") && CountWords(lead) <= 8 && copy.paragraphs.size() > 1) {
    copy.paragraphs.erase(copy.paragraphs.begin());
  } else if (Chance(rng, 0.75)) {
    std::string agency(kAgencies[RandomIndex(rng, kAgencies.size())]);
    lead = std::string(kCities[RandomIndex(rng, kCities.size())]) + " (" + agency + ") - " + lead;
  } else {
    copy.paragraphs.insert(copy.paragraphs.begin(),
                           "By " + std::string(kReporters[RandomIndex(rng, kReporters.size())]) +
                               ", " + std::string(kAgencies[RandomIndex(rng, kAgencies.size())]));
  }
  return copy;
}

Article Truncate(const Article& source, std::mt19937_64& rng, double min_share, double max_share) {
  std::vector<std::vector<std::string>> sentences;
  size_t total = 0;
  for (const std::string& p : source.paragraphs) {
    sentences.push_back(SplitSentences(p));
    total += CountWords(p);
  }
  double target = RandomReal(rng, min_share, max_share) * static_cast<double>(total);
  // The sentence end closest to the target.
  size_t best_p = 0, best_s = 0, cumulative = 0;
  double best_gap = -1;
  for (size_t p = 0; p < sentences.size(); ++p) {
    for (size_t s = 0; s < sentences[p].size(); ++s) {
      cumulative += CountWords(sentences[p][s]);
      double gap = std::abs(static_cast<double>(cumulative) - target);
      if (best_gap < 0 || gap < best_gap) {
        best_gap = gap;
        best_p = p;
        best_s = s;
      }
    }
  }
  Article copy = source;
  copy.paragraphs.resize(best_p + 1);
  std::vector<std::string> kept(sentences[best_p].begin(),
                                sentences[best_p].begin() + static_cast<long>(best_s) + 1);
  copy.paragraphs.back() = JoinStrings(kept, " ");
  return copy;
}

Article DropAndReorderParagraphs(const Article& source, std::mt19937_64& rng) {
  Article copy = source;
  if (copy.paragraphs.size() < 3) {  // too few paragraphs to reorder: use the sentences
    std::vector<std::string> sentences;
    for (const std::string& p : source.paragraphs) {
      for (std::string& s : SplitSentences(p)) sentences.push_back(std::move(s));
    }
    copy.paragraphs = std::move(sentences);
  }
  size_t n = copy.paragraphs.size();
  size_t drop = static_cast<size_t>(std::lround(0.2 * static_cast<double>(n)));
  if (n >= 4) drop = std::max<size_t>(drop, 1);
  if (n < 3) drop = 0;
  // Never the lead: indices 1..n-1.
  std::vector<size_t> dropped = n > 0 ? SampleIndices(rng, n - 1, drop) : std::vector<size_t>();
  for (auto it = dropped.rbegin(); it != dropped.rend(); ++it) {
    copy.paragraphs.erase(copy.paragraphs.begin() + static_cast<long>(*it) + 1);
  }
  // Swaps at distinct positions: each adjacent transposition at most once, so the order
  // always changes.
  size_t m = copy.paragraphs.size();
  if (m >= 2) {
    std::vector<size_t> at = SampleIndices(rng, m - 1, 1 + RandomIndex(rng, 3));
    std::shuffle(at.begin(), at.end(), rng);
    for (size_t i : at) std::swap(copy.paragraphs[i], copy.paragraphs[i + 1]);
  }
  return copy;
}

namespace {

// An OCR-like confusion inside `word`; false when none applies.
bool SubstituteLookAlike(std::string* word, std::mt19937_64& rng) {
  static const std::array<std::pair<std::string_view, std::string_view>, 18> kLookAlikes = {{
      {"rn", "m"},
      {"m", "rn"},
      {"l", "1"},
      {"i", "l"},
      {"e", "c"},
      {"c", "e"},
      {"o", "0"},
      {"h", "b"},
      {"u", "v"},
      {"n", "u"},
      {"a", "o"},
      {"cl", "d"},
      {"d", "cl"},
      {"w", "vv"},
      {"I", "l"},
      {"O", "0"},
      {"S", "5"},
      {"t", "f"},
  }};
  std::vector<std::pair<size_t, size_t>> options;  // (position, look-alike)
  for (size_t k = 0; k < kLookAlikes.size(); ++k) {
    for (size_t at = word->find(kLookAlikes[k].first); at != std::string::npos;
         at = word->find(kLookAlikes[k].first, at + 1)) {
      options.push_back({at, k});
    }
  }
  if (options.empty()) return false;
  auto [at, k] = options[RandomIndex(rng, options.size())];
  word->replace(at, kLookAlikes[k].first.size(), kLookAlikes[k].second);
  return true;
}

bool IsTypoCandidate(const Token& t) {
  return t.core.size() >= 2 && std::all_of(t.core.begin(), t.core.end(), [](char c) {
           return std::isalpha(static_cast<unsigned char>(c)) || c == '\'';
         });
}

}  // namespace

Article AddTypos(const Article& source, double rate, std::mt19937_64& rng) {
  std::vector<std::vector<Token>> paragraphs;
  std::vector<std::pair<size_t, size_t>> candidates;
  for (const std::string& p : source.paragraphs) {
    paragraphs.push_back(Tokenize(p));
    for (size_t t = 0; t < paragraphs.back().size(); ++t) {
      if (IsTypoCandidate(paragraphs.back()[t])) candidates.push_back({paragraphs.size() - 1, t});
    }
  }
  size_t wanted = static_cast<size_t>(std::lround(rate * static_cast<double>(candidates.size())));
  std::vector<size_t> chosen = SampleIndices(rng, candidates.size(), wanted);
  std::unordered_set<size_t> chosen_set(chosen.begin(), chosen.end());
  for (size_t c : chosen) {
    auto [p, t] = candidates[c];
    std::vector<Token>& tokens = paragraphs[p];
    std::string& w = tokens[t].core;
    if (w.empty()) continue;  // merged into its predecessor
    double roll = RandomReal(rng, 0, 1);
    bool next_free = t + 1 < tokens.size() && !tokens[t + 1].core.empty() &&
                     !(c + 1 < candidates.size() && candidates[c + 1] == std::pair{p, t + 1} &&
                       chosen_set.contains(c + 1));
    if (roll < 0.2 && w.size() >= 3) {  // deletion
      w.erase(RandomIndex(rng, w.size()), 1);
    } else if (roll < 0.4 && w.size() >= 2) {  // transposition of two different neighbours
      std::vector<size_t> spots;
      for (size_t i = 0; i + 1 < w.size(); ++i) {
        if (w[i] != w[i + 1]) spots.push_back(i);
      }
      if (spots.empty()) {
        w.erase(0, 1);
      } else {
        size_t i = spots[RandomIndex(rng, spots.size())];
        std::swap(w[i], w[i + 1]);
      }
    } else if (roll < 0.525 && next_free && tokens[t].trail.empty()) {  // merged with the next
      Token& next = tokens[t + 1];
      w += next.lead + next.core;
      tokens[t].trail = next.trail;
      next = Token{};
    } else if (roll < 0.65 && w.size() >= 4) {  // split in two
      w.insert(1 + RandomIndex(rng, w.size() - 2), " ");
    } else if (!SubstituteLookAlike(&w, rng)) {
      size_t at = RandomIndex(rng, w.size());
      char replacement = static_cast<char>('a' + RandomIndex(rng, 26));
      w[at] = replacement == w[at] ? (replacement == 'z' ? 'a' : replacement + 1) : replacement;
    }
  }
  Article copy = source;
  for (size_t p = 0; p < paragraphs.size(); ++p) copy.paragraphs[p] = Join(paragraphs[p]);
  return copy;
}

namespace {

// "When the storm hit, thousands fled." -> "Thousands fled, when the storm hit."; "" when the
// sentence has not exactly that shape.
std::string SwappedClauses(const std::string& sentence) {
  if (sentence.size() < 2 || sentence.back() != '.') return "";
  if (sentence.find_first_of("\"();:") != std::string::npos) return "";
  if (sentence.find("''") != std::string::npos || sentence.find("``") != std::string::npos) {
    return "";
  }
  size_t comma = sentence.find(", ");
  if (comma == std::string::npos || sentence.find(',', comma + 1) != std::string::npos) {
    return "";
  }
  std::string first = sentence.substr(0, comma);
  std::string second = sentence.substr(comma + 2, sentence.size() - comma - 3);
  if (CountWords(first) < 4 || CountWords(second) < 4 || !IsLower(second[0])) return "";
  second[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(second[0])));
  // The old first word loses its capital only when it is a function word, not a name.
  size_t space = first.find(' ');
  std::string head = first.substr(0, space);
  std::string lowered = head;
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (IsStopWord(lowered)) first.replace(0, head.size(), lowered);
  return second + ", " + first + ".";
}

}  // namespace

size_t SwapClauses(Article* article, double share, std::mt19937_64& rng) {
  if (share <= 0) return 0;
  std::vector<std::vector<std::string>> sentences;
  std::vector<std::pair<size_t, size_t>> eligible;
  for (const std::string& p : article->paragraphs) {
    sentences.push_back(SplitSentences(p));
    for (size_t s = 0; s < sentences.back().size(); ++s) {
      if (!SwappedClauses(sentences.back()[s]).empty()) {
        eligible.push_back({sentences.size() - 1, s});
      }
    }
  }
  size_t wanted = static_cast<size_t>(std::lround(share * static_cast<double>(eligible.size())));
  std::vector<size_t> chosen = SampleIndices(rng, eligible.size(), wanted);
  for (size_t c : chosen) {
    auto [p, s] = eligible[c];
    sentences[p][s] = SwappedClauses(sentences[p][s]);
  }
  if (!chosen.empty()) {
    for (size_t p = 0; p < sentences.size(); ++p) {
      article->paragraphs[p] = JoinStrings(sentences[p], " ");
    }
  }
  return chosen.size();
}

Article Spin(const Article& source, const SpinOptions& options, const Thesaurus& thesaurus,
             std::mt19937_64& rng, SpinStats* stats) {
  // Paragraph 0 of `texts` is the title.
  std::vector<std::vector<Token>> texts;
  texts.push_back(Tokenize(source.title));
  for (const std::string& p : source.paragraphs) texts.push_back(Tokenize(p));
  struct Candidate {
    size_t text, token;
    std::string synonym;
  };
  std::vector<Candidate> spinnable;
  size_t content_words = 0;
  for (size_t x = 0; x < texts.size(); ++x) {
    for (size_t t = 0; t < texts[x].size(); ++t) {
      const std::string& core = texts[x][t].core;
      if (!IsContentWord(core)) continue;
      ++content_words;
      if (std::string syn = thesaurus.Synonym(core, rng); !syn.empty()) {
        spinnable.push_back({x, t, std::move(syn)});
      }
    }
  }
  size_t wanted =
      static_cast<size_t>(std::lround(options.rate * static_cast<double>(content_words)));
  std::vector<size_t> chosen = SampleIndices(rng, spinnable.size(), wanted);
  for (size_t c : chosen) texts[spinnable[c].text][spinnable[c].token].core = spinnable[c].synonym;

  Article copy = source;
  copy.title = Join(texts[0]);
  for (size_t p = 0; p < source.paragraphs.size(); ++p) copy.paragraphs[p] = Join(texts[p + 1]);
  double swap_share = options.clause_swap_share >= 0 ? options.clause_swap_share
                      : options.rate >= 0.3          ? options.rate / 2
                                                     : 0.0;
  size_t swapped = SwapClauses(&copy, swap_share, rng);
  if (stats != nullptr) *stats = {content_words, chosen.size(), swapped};
  return copy;
}

PartialResult EmbedPartially(const Article& source, std::span<const std::string> filler_paragraphs,
                             std::string_view host_title, const PartialOptions& options,
                             std::mt19937_64& rng) {
  // The copied run: sentences [first, last) of the whole text whose word share is closest to
  // the target within [min_share, max_share]; whole paragraphs are preferred when one fits.
  struct Sentence {
    size_t paragraph;
    std::string text;
    size_t words;
  };
  std::vector<Sentence> sentences;
  size_t total = 0;
  for (size_t p = 0; p < source.paragraphs.size(); ++p) {
    for (std::string& s : SplitSentences(source.paragraphs[p])) {
      size_t w = CountWords(s);
      total += w;
      sentences.push_back({p, std::move(s), w});
    }
  }
  double target = RandomReal(rng, options.min_share, options.max_share);
  auto share_of = [&](size_t words) {
    return total == 0 ? 0.0 : static_cast<double>(words) / static_cast<double>(total);
  };
  size_t best_first = 0, best_last = sentences.size();
  double best_gap = 2;
  bool best_whole = false;
  for (size_t first = 0; first < sentences.size(); ++first) {
    size_t words = 0;
    for (size_t last = first + 1; last <= sentences.size(); ++last) {
      words += sentences[last - 1].words;
      double share = share_of(words);
      if (share < options.min_share || share > options.max_share) continue;
      bool whole =
          (first == 0 || sentences[first - 1].paragraph != sentences[first].paragraph) &&
          (last == sentences.size() || sentences[last].paragraph != sentences[last - 1].paragraph);
      double gap = std::abs(share - target);
      // A whole-paragraph run beats any sentence-cut run; among equals, the closest wins.
      if ((whole && !best_whole) || (whole == best_whole && gap < best_gap)) {
        best_first = first;
        best_last = last;
        best_gap = gap;
        best_whole = whole;
      }
    }
  }
  PartialResult result;
  std::vector<std::string> copied;
  for (size_t s = best_first; s < best_last; ++s) {
    if (s == best_first || sentences[s].paragraph != sentences[s - 1].paragraph) {
      copied.emplace_back();
    }
    if (!copied.back().empty()) copied.back() += ' ';
    copied.back() += sentences[s].text;
    result.copied_words += sentences[s].words;
  }
  if (best_first < best_last) {
    result.first_copied = sentences[best_first].paragraph;
    result.copied_paragraphs = sentences[best_last - 1].paragraph - result.first_copied + 1;
  }

  // Filler: enough words for the drawn ratio, split at random before and after the copy.
  double ratio = RandomReal(rng, options.min_ratio, options.max_ratio);
  size_t filler_words_wanted =
      static_cast<size_t>(std::ceil(ratio * static_cast<double>(result.copied_words)));
  size_t used = 0, filler_words = 0;
  while (used < filler_paragraphs.size() && filler_words < filler_words_wanted) {
    filler_words += CountWords(filler_paragraphs[used]);
    ++used;
  }
  size_t before = used == 0 ? 0 : RandomIndex(rng, used + 1);
  result.page.title = std::string(host_title);
  result.page.paragraphs.assign(filler_paragraphs.begin(),
                                filler_paragraphs.begin() + static_cast<long>(before));
  result.page.paragraphs.insert(result.page.paragraphs.end(), copied.begin(), copied.end());
  result.page.paragraphs.insert(result.page.paragraphs.end(),
                                filler_paragraphs.begin() + static_cast<long>(before),
                                filler_paragraphs.begin() + static_cast<long>(used));
  result.filler_paragraphs_used = used;
  return result;
}

}  // namespace storyline::dedup_bench
