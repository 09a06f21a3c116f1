// Summary: concept coverage (Gillick & Favre, "A Scalable Global Model for Summarization",
// NAACL-HLT ILP workshop 2009; ICSISumm at TAC 2008/2009).
//
// A story's facts are approximated by concepts: stemmed word bigrams that are not made only of
// stop words. A concept's weight is the number of sources that mention it, so what several
// independent outlets report outweighs what one of them adds; concepts of too few sources are
// dropped. The summary is the set of sentences that covers the largest total concept weight
// within the length limit. Redundancy needs no separate step: a concept counts once however many
// chosen sentences contain it, so a second sentence saying the same thing adds nothing.
//
// Gillick & Favre solve the coverage problem exactly with an ILP; here it is solved by greedy
// selection (gain per word, and gain per square root of words, the better of the two), then
// improved by swapping one chosen sentence for another while the total grows. On DUC 2004 it
// scores ROUGE-1/2 38.6 / 10.2 with ROUGE's WordNet lookup, 38.2 / 10.2 without (ICSISumm's
// exact ILP: 38.44 / 9.81; src/summary/README.md) at a cost linear in the sentences.
//
// Position is one signal added to coverage, never the method: concepts of first sentences weigh
// more and a first sentence gets a bonus (SummaryOptions::lead_concept_weight, lead_bonus).
#include "storyline/summary.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "storyline/hash.h"
#include "storyline/text.h"

namespace storyline {
namespace {

// ---- Sentences ----

// English abbreviations after which a capitalised word does not start a sentence, beyond ICU's
// own "ss=standard" list (which has "Mr." and "Sept." but not "Dr.", "Gov." or "Sen."). Words
// that also end sentences often ("Inc.", "Jr.", state names) are left out.
constexpr std::array<std::string_view, 42> kEnglishAbbreviations = {
    "Adm",  "Ave", "Capt",   "Cmdr", "Col", "Dr",   "Ft",   "Gen", "Gens", "Gov",  "Hon",
    "Lt",   "Maj", "Messrs", "Mr",   "Mrs", "Ms",   "Mt",   "No",  "Pres", "Prof", "Rep",
    "Reps", "Rev", "Sen",    "Sens", "Sgt", "St",   "Supt", "vs",  "Jan",  "Feb",  "Mar",
    "Apr",  "Jun", "Jul",    "Aug",  "Sep", "Sept", "Oct",  "Nov", "Dec"};

bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiAlpha(char c) { return IsAsciiUpper(c) || (c >= 'a' && c <= 'z'); }

// True when `piece` ends with an abbreviation after which ICU's break is wrong: an initial
// ("John F."), upper-case dotted letters ("U.S.", "D.C."; "in the U.S. He said" is then one
// sentence, the price of keeping "U.S. officials" whole), or, in English, a title or month.
bool EndsWithAbbreviation(std::string_view piece, std::string_view language) {
  if (piece.empty() || piece.back() != '.') return false;
  size_t begin = piece.size() - 1;
  while (begin > 0 && piece[begin - 1] != ' ' && piece[begin - 1] != '\t' &&
         piece[begin - 1] != '\n' && piece[begin - 1] != '(' && piece[begin - 1] != '"' &&
         piece[begin - 1] != '`' && piece[begin - 1] != '\'') {
    --begin;
  }
  const std::string_view word = piece.substr(begin, piece.size() - 1 - begin);  // without '.'
  if (word.empty()) return false;
  // Initials and dotted capitals: "F", "U.S", "D.C" (the last '.' is already cut).
  bool dotted = true;
  for (size_t i = 0; i < word.size(); ++i) {
    const bool letter_place = i % 2 == 0;
    if (letter_place ? !IsAsciiUpper(word[i]) : word[i] != '.') {
      dotted = false;
      break;
    }
  }
  if (dotted) return true;
  if (language != "en") return false;
  if (!std::all_of(word.begin(), word.end(), IsAsciiAlpha)) return false;
  return std::find(kEnglishAbbreviations.begin(), kEnglishAbbreviations.end(), word) !=
         kEnglishAbbreviations.end();
}

// One sentence iterator per language and thread, made on first use (creating one costs far
// more than splitting a paragraph). A cache only: results never depend on it.
icu::BreakIterator* SentenceIterator(std::string_view language) {
  thread_local std::unordered_map<std::string, std::unique_ptr<icu::BreakIterator>> iterators;
  const bool well_formed =
      (language.size() == 2 || language.size() == 3) &&
      std::all_of(language.begin(), language.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  const std::string key = well_formed && language != "un" ? std::string(language) : "";
  auto it = iterators.find(key);
  if (it != iterators.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  // "@ss=standard" suppresses breaks after the locale's list of abbreviations.
  const icu::Locale locale =
      key.empty() ? icu::Locale::getRoot() : icu::Locale((key + "@ss=standard").c_str());
  std::unique_ptr<icu::BreakIterator> iterator(
      icu::BreakIterator::createSentenceInstance(locale, status));
  if (U_FAILURE(status)) iterator.reset();
  return iterators.emplace(key, std::move(iterator)).first->second.get();
}

// `text` without leading and trailing white space (Unicode White_Space).
std::string_view TrimSpace(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t begin = 0;
  int32_t end = static_cast<int32_t>(text.size());
  while (begin < end) {
    int32_t next = begin;
    UChar32 c;
    U8_NEXT(s, next, end, c);
    if (c < 0 || !u_isUWhiteSpace(c)) break;
    begin = next;
  }
  while (end > begin) {
    int32_t prev = end;
    UChar32 c;
    U8_PREV(s, begin, prev, c);
    if (c < 0 || !u_isUWhiteSpace(c)) break;
    end = prev;
  }
  return text.substr(begin, end - begin);
}

// ---- Word and concept tables ----

// What concepts need of a normalised word: its stem hash and whether it is a stop word.
struct WordInfo {
  uint64_t stem = 0;
  bool stopword = false;
};

// WordInfo of the words of each language, kept per thread across calls: consecutive stories
// share most of their words, and stemming a word costs far more than looking it up. A cache
// only: an entry is HashBytes(TextAnalyzer::Stem(language, word)) and
// TextAnalyzer::IsStopword(language, word), functions of the language and the word alone
// (the analyzer's options do not change them), so results never depend on it. Open addressing
// keyed by the word's bytes (compared in full), emptied when it grows past kMaxWords.
class WordInfoCache {
 public:
  class Table {
   public:
    WordInfo Get(TextAnalyzer& analyzer, const std::string& language, std::string_view word) {
      const uint64_t hash = HashBytes(word);
      const auto tag = static_cast<uint32_t>(hash >> 32);
      size_t i = hash & mask_;
      for (; slots_[i].length != 0; i = (i + 1) & mask_) {
        const Slot& slot = slots_[i];
        if (slot.tag == tag && slot.length == word.size() && Key(slot) == word) {
          return {slot.stem, slot.stopword};
        }
      }
      WordInfo info;
      info.stem = HashBytes(analyzer.Stem(language, word));
      info.stopword = analyzer.IsStopword(language, word);
      if (word.empty() || word.size() > kMaxLength) return info;  // not kept
      if (size_ >= kMaxWords || keys_.size() + word.size() > kMaxKeyBytes) {
        Reset();
        i = hash & mask_;
      } else if (2 * (size_ + 1) > slots_.size()) {
        Grow();
        i = hash & mask_;
      }
      while (slots_[i].length != 0) i = (i + 1) & mask_;
      Slot& slot = slots_[i];
      slot.stem = info.stem;
      slot.tag = tag;
      slot.length = static_cast<uint8_t>(word.size());
      slot.stopword = info.stopword;
      if (word.size() <= kInline) {
        std::memcpy(slot.key, word.data(), word.size());
      } else {
        const auto offset = static_cast<uint32_t>(keys_.size());
        std::memcpy(slot.key, &offset, sizeof(offset));
        keys_.append(word);
      }
      ++size_;
      return info;
    }

   private:
    static constexpr size_t kInitialSlots = 1 << 12;
    static constexpr size_t kMaxWords = 1 << 20;
    static constexpr size_t kMaxKeyBytes = 64u << 20;
    static constexpr size_t kInline = 18;     // longer words are kept in keys_
    static constexpr size_t kMaxLength = 255;  // longer words are not kept at all

    // 32 bytes, so that a probe reads one cache line: the word itself sits in the slot unless
    // it is longer than kInline bytes.
    struct Slot {
      uint64_t stem = 0;
      uint32_t tag = 0;     // high half of the word's hash
      uint8_t length = 0;   // of the word; 0 marks an empty slot
      bool stopword = false;
      char key[kInline];    // the word, or the offset of it in keys_
    };
    static_assert(sizeof(Slot) == 32);

    std::string_view Key(const Slot& slot) const {
      if (slot.length <= kInline) return std::string_view(slot.key, slot.length);
      uint32_t offset;
      std::memcpy(&offset, slot.key, sizeof(offset));
      return std::string_view(keys_).substr(offset, slot.length);
    }

    void Reset() {
      slots_.assign(kInitialSlots, Slot());
      mask_ = kInitialSlots - 1;
      keys_.clear();
      size_ = 0;
    }

    void Grow() {
      std::vector<Slot> old(slots_.size() * 2);
      old.swap(slots_);
      mask_ = slots_.size() - 1;
      for (const Slot& slot : old) {
        if (slot.length == 0) continue;
        size_t i = HashBytes(Key(slot)) & mask_;
        while (slots_[i].length != 0) i = (i + 1) & mask_;
        slots_[i] = slot;
      }
    }

    std::vector<Slot> slots_ = std::vector<Slot>(kInitialSlots);
    size_t mask_ = kInitialSlots - 1;
    std::string keys_;  // words longer than kInline
    size_t size_ = 0;
  };

  // The table of `language` (any string: the key is compared as given).
  Table& ForLanguage(const std::string& language) {
    for (auto& [code, table] : tables_) {
      if (code == language) return *table;
    }
    return *tables_.emplace_back(language, std::make_unique<Table>()).second;
  }

 private:
  std::vector<std::pair<std::string, std::unique_ptr<Table>>> tables_;
};

WordInfoCache& ThreadWordInfoCache() {
  thread_local WordInfoCache cache;
  return cache;
}

// Concept ids by bigram hash, in order of first appearance, for one call; the table is kept per
// thread and emptied slot by slot, so a small story does not pay for clearing a large table.
class ConceptIds {
 public:
  void Clear() {
    for (size_t i : filled_) slots_[i].id = kEmpty;
    filled_.clear();
  }

  // The id of `key`, or `next` (recorded as its id) when the key is new.
  uint32_t Find(uint64_t key, uint32_t next) {
    if (2 * (filled_.size() + 1) > slots_.size()) Grow();
    size_t i = Index(key);
    for (; slots_[i].id != kEmpty; i = (i + 1) & mask_) {
      if (slots_[i].key == key) return slots_[i].id;
    }
    slots_[i] = {key, next};
    filled_.push_back(i);
    return next;
  }

 private:
  static constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  struct Slot {
    uint64_t key = 0;
    uint32_t id = kEmpty;
  };

  size_t Index(uint64_t key) const { return (key * 0x9e3779b97f4a7c15ULL) >> shift_; }

  void Grow() {
    std::vector<Slot> old(std::max<size_t>(slots_.size() * 2, 1 << 10));
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    shift_ = 64 - std::countr_zero(slots_.size());
    filled_.clear();
    for (const Slot& slot : old) {
      if (slot.id == kEmpty) continue;
      size_t i = Index(slot.key);
      while (slots_[i].id != kEmpty) i = (i + 1) & mask_;
      slots_[i] = slot;
      filled_.push_back(i);
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  int shift_ = 64;
  std::vector<size_t> filled_;  // indices of the used slots
};

ConceptIds& ThreadConceptIds() {
  thread_local ConceptIds ids;
  return ids;
}

// ---- Summary ----

// True when `sentence` opens with a quotation mark (straight, curly, guillemet, or the `` of
// LaTeX-style news wires).
bool OpensWithQuotation(std::string_view sentence) {
  for (std::string_view mark : {"\"", "``", "\u201c", "\u201e", "\u00ab"}) {
    if (sentence.starts_with(mark)) return true;
  }
  return false;
}

// Number of white-space separated tokens of `text`.
size_t CountWords(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

struct Candidate {
  uint32_t doc = 0;
  uint32_t paragraph = 0;
  uint32_t rank = 0;      // index of the document in `sources`
  uint32_t position = 0;  // sentence index within the document
  std::string_view text;
  size_t words = 0;
  size_t bytes = 0;
  std::vector<uint32_t> concepts;  // distinct concept ids
  double bonus = 0;                // lead bias, added to the value of a summary holding it
  uint64_t stems_hash = 0;         // of the sentence's stems in order, to find repeats
};

// The summary under construction: chosen candidates, their length, and how many of them cover
// each concept.
class Selection {
 public:
  Selection(const std::vector<Candidate>& candidates, const std::vector<double>& weights,
            const SummaryOptions& options)
      : candidates_(&candidates),
        weights_(&weights),
        options_(&options),
        cover_(weights.size(), 0),
        chosen_(candidates.size(), false) {}

  const std::vector<uint32_t>& members() const { return members_; }
  double value() const { return value_; }
  bool chosen(uint32_t i) const { return chosen_[i]; }

  // True when candidate `add` fits once `removed` (or nothing, for kNone) is taken out.
  bool Fits(uint32_t add, uint32_t removed = kNone) const {
    size_t words = words_ + (*candidates_)[add].words;
    size_t bytes = bytes_ + (*candidates_)[add].bytes + (members_.empty() ? 0 : 1);
    if (removed != kNone) {
      words -= (*candidates_)[removed].words;
      bytes -= (*candidates_)[removed].bytes + 1;
    }
    return (options_->max_words == 0 || words <= options_->max_words) &&
           (options_->max_bytes == 0 || bytes <= options_->max_bytes);
  }

  // The value candidate `i` would add: its bonus and the weights of concepts not yet covered.
  double Gain(uint32_t i) const {
    double gain = (*candidates_)[i].bonus;
    for (uint32_t c : (*candidates_)[i].concepts) {
      if (cover_[c] == 0) gain += (*weights_)[c];
    }
    return gain;
  }

  // The value lost by taking candidate `i` out.
  double Loss(uint32_t i) const {
    double loss = (*candidates_)[i].bonus;
    for (uint32_t c : (*candidates_)[i].concepts) {
      if (cover_[c] == 1) loss += (*weights_)[c];
    }
    return loss;
  }

  void Add(uint32_t i) {
    value_ += Gain(i);
    for (uint32_t c : (*candidates_)[i].concepts) ++cover_[c];
    bytes_ += (*candidates_)[i].bytes + (members_.empty() ? 0 : 1);
    words_ += (*candidates_)[i].words;
    members_.push_back(i);
    chosen_[i] = true;
  }

  void Remove(uint32_t i) {
    value_ -= Loss(i);
    for (uint32_t c : (*candidates_)[i].concepts) --cover_[c];
    words_ -= (*candidates_)[i].words;
    bytes_ -= (*candidates_)[i].bytes + (members_.size() > 1 ? 1 : 0);
    members_.erase(std::find(members_.begin(), members_.end(), i));
    chosen_[i] = false;
  }

  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

 private:
  const std::vector<Candidate>* candidates_;
  const std::vector<double>* weights_;
  const SummaryOptions* options_;
  std::vector<uint32_t> cover_;
  std::vector<bool> chosen_;
  std::vector<uint32_t> members_;
  double value_ = 0;
  size_t words_ = 0;
  size_t bytes_ = 0;
};

// Greedy: repeatedly adds the fitting candidate with the largest gain / words^exponent
// (candidates of equal score in their given order).
void GreedyFill(const std::vector<Candidate>& candidates, const std::vector<bool>& eligible,
                double exponent, Selection* selection) {
  for (;;) {
    uint32_t best = Selection::kNone;
    double best_score = 0;
    for (uint32_t i = 0; i < candidates.size(); ++i) {
      if (!eligible[i] || selection->chosen(i) || !selection->Fits(i)) continue;
      const double gain = selection->Gain(i);
      if (gain <= 0) continue;
      const double score =
          gain / std::pow(static_cast<double>(std::max<size_t>(candidates[i].words, 1)), exponent);
      if (score > best_score) {
        best_score = score;
        best = i;
      }
    }
    if (best == Selection::kNone) return;
    selection->Add(best);
  }
}

// Swaps one chosen candidate for an unchosen one while that raises the value (then fills what
// room is left greedily); a bounded number of rounds.
void ImproveBySwaps(const std::vector<Candidate>& candidates, const std::vector<bool>& eligible,
                    Selection* selection) {
  constexpr int kMaxRounds = 8;
  for (int round = 0; round < kMaxRounds; ++round) {
    double best_delta = 1e-9;
    uint32_t best_out = Selection::kNone, best_in = Selection::kNone;
    const std::vector<uint32_t> members = selection->members();
    for (uint32_t out : members) {
      const double loss = selection->Loss(out);
      selection->Remove(out);
      for (uint32_t in = 0; in < candidates.size(); ++in) {
        if (!eligible[in] || in == out || selection->chosen(in) || !selection->Fits(in)) continue;
        const double delta = selection->Gain(in) - loss;
        if (delta > best_delta) {
          best_delta = delta;
          best_out = out;
          best_in = in;
        }
      }
      selection->Add(out);
    }
    if (best_out == Selection::kNone) return;
    selection->Remove(best_out);
    selection->Add(best_in);
    GreedyFill(candidates, eligible, 1.0, selection);
  }
}

// `text` cut to at most `max_words` words and `max_bytes` bytes (0 = no limit), on a UTF-8
// character boundary, trimmed.
std::string CutToLimits(std::string_view text, size_t max_words, size_t max_bytes) {
  size_t end = text.size();
  if (max_words > 0) {
    size_t words = 0;
    bool in_word = false;
    for (size_t i = 0; i < text.size(); ++i) {
      const bool space = text[i] == ' ' || text[i] == '\t' || text[i] == '\n';
      if (!space && !in_word && ++words > max_words) {
        end = i;
        break;
      }
      in_word = !space;
    }
  }
  if (max_bytes > 0 && end > max_bytes) {
    end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  }
  return std::string(TrimSpace(text.substr(0, end)));
}

}  // namespace

std::vector<std::string_view> SplitSentences(std::string_view paragraph,
                                             std::string_view language) {
  std::vector<std::string_view> sentences;
  if (paragraph.empty()) return sentences;
  // ICU indexes with int32_t; no paragraph comes close.
  if (paragraph.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    paragraph = paragraph.substr(0, std::numeric_limits<int32_t>::max());
  }
  std::vector<size_t> bounds = {0};
  if (icu::BreakIterator* iterator = SentenceIterator(language); iterator != nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    // Over UTF-8 the iterator's offsets are byte offsets; ill-formed bytes read as U+FFFD.
    UText text = UTEXT_INITIALIZER;
    utext_openUTF8(&text, paragraph.data(), static_cast<int64_t>(paragraph.size()), &status);
    if (U_SUCCESS(status)) {
      iterator->setText(&text, status);
      if (U_SUCCESS(status)) {
        for (int32_t b = iterator->next(); b != icu::BreakIterator::DONE; b = iterator->next()) {
          if (static_cast<size_t>(b) < paragraph.size() &&
              EndsWithAbbreviation(TrimSpace(paragraph.substr(bounds.back(), b - bounds.back())),
                                   language)) {
            continue;
          }
          bounds.push_back(b);
        }
      }
    }
    utext_close(&text);
  }
  if (bounds.back() != paragraph.size()) bounds.push_back(paragraph.size());
  for (size_t i = 0; i + 1 < bounds.size(); ++i) {
    const std::string_view sentence =
        TrimSpace(paragraph.substr(bounds[i], bounds[i + 1] - bounds[i]));
    if (!sentence.empty()) sentences.push_back(sentence);
  }
  return sentences;
}

std::vector<SummarySentence> Summarize(std::span<const Document> docs,
                                       std::span<const uint32_t> sources,
                                       const SummaryOptions& options, TextAnalyzer& analyzer) {
  const size_t source_count = std::min(sources.size(), options.max_documents);

  // Candidates, with their concepts as ids; df counts the sources mentioning each concept, sf
  // the sentences, lead_df the sources whose first sentence mentions it.
  WordInfoCache& words = ThreadWordInfoCache();
  ConceptIds& concept_ids = ThreadConceptIds();
  concept_ids.Clear();
  std::vector<uint32_t> df, sf, lead_df, last_source;
  std::vector<Candidate> candidates;

  for (uint32_t rank = 0; rank < source_count; ++rank) {
    const uint32_t d = sources[rank];
    const Document& doc = docs[d];
    const std::string& language = doc.text.language;
    WordInfoCache::Table& table = words.ForLanguage(language);
    uint32_t position = 0;
    for (uint32_t p = 0; p < doc.paragraphs.size(); ++p) {
      if (position >= options.max_sentences_per_document) break;
      for (std::string_view text : SplitSentences(doc.paragraphs[p], language)) {
        if (position >= options.max_sentences_per_document) break;
        Candidate c;
        c.doc = d;
        c.paragraph = p;
        c.rank = rank;
        c.position = position++;
        c.text = text;
        c.words = CountWords(text);
        c.bytes = text.size();
        uint64_t previous = 0;
        bool previous_stop = true;
        bool first = true;
        for (const std::string& word : analyzer.Words(text)) {
          const WordInfo info = table.Get(analyzer, language, word);
          if (!first && !(previous_stop && info.stopword)) {
            const uint64_t bigram = HashCombine(previous, info.stem);
            const uint32_t id = concept_ids.Find(bigram, static_cast<uint32_t>(df.size()));
            if (id == df.size()) {
              df.push_back(0);
              sf.push_back(0);
              lead_df.push_back(0);
              last_source.push_back(std::numeric_limits<uint32_t>::max());
            }
            c.concepts.push_back(id);
          }
          c.stems_hash = HashCombine(c.stems_hash, info.stem);
          previous = info.stem;
          previous_stop = info.stopword;
          first = false;
        }
        std::sort(c.concepts.begin(), c.concepts.end());
        c.concepts.erase(std::unique(c.concepts.begin(), c.concepts.end()), c.concepts.end());
        for (uint32_t id : c.concepts) {
          ++sf[id];
          if (last_source[id] != rank) {
            last_source[id] = rank;
            ++df[id];
            if (c.position == 0) ++lead_df[id];
          }
        }
        candidates.push_back(std::move(c));
      }
    }
  }
  if (candidates.empty()) return {};

  // Concept weights: sources mentioning the concept; with fewer than three sources, sentences.
  std::vector<double> weights(df.size(), 0);
  const bool by_sources = source_count >= 3;
  const size_t min_count =
      by_sources ? std::clamp<size_t>((source_count + 2) / 3, 2,
                                      std::max<size_t>(options.min_concept_documents, 2))
                 : 2;
  for (size_t id = 0; id < df.size(); ++id) {
    const uint32_t count = by_sources ? df[id] : sf[id];
    if (count >= min_count) weights[id] = count + options.lead_concept_weight * lead_df[id];
  }

  // Sentences too short to carry a fact are not chosen, unless the story has nothing longer;
  // nor are those that open with a quotation (a reaction, rarely the news itself).
  std::vector<bool> eligible(candidates.size());
  bool any_long = false;
  for (const Candidate& c : candidates) any_long |= c.words >= options.min_sentence_words;
  // A sentence repeated word for word (wire copy inside an original) is a candidate once.
  std::unordered_set<uint64_t> seen;
  for (size_t i = 0; i < candidates.size(); ++i) {
    eligible[i] = (!any_long || candidates[i].words >= options.min_sentence_words) &&
                  !OpensWithQuotation(candidates[i].text) &&
                  seen.insert(candidates[i].stems_hash).second;
  }

  // Lead bias: a source's first sentence gains lead_bonus times the mean concept weight that an
  // eligible sentence holds.
  if (options.lead_bonus > 0) {
    double total = 0;
    size_t counted = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (!eligible[i]) continue;
      for (uint32_t id : candidates[i].concepts) total += weights[id];
      ++counted;
    }
    const double mean = counted > 0 ? total / counted : 0;
    for (Candidate& c : candidates) {
      if (c.position == 0) c.bonus = options.lead_bonus * mean;
    }
  }

  // Greedy by gain per word and by gain per square root of words (the first favours short dense
  // sentences, the second long ones), each improved by swaps; the better coverage wins.
  Selection best(candidates, weights, options);
  for (const double exponent : {1.0, 0.5}) {
    Selection selection(candidates, weights, options);
    GreedyFill(candidates, eligible, exponent, &selection);
    ImproveBySwaps(candidates, eligible, &selection);
    if (selection.value() > best.value()) best = selection;
  }

  std::vector<SummarySentence> summary;
  if (best.members().empty()) {
    // Nothing covers a repeated concept (or no sentence fits): the lead sentences of the most
    // representative source, the first one cut to the limits when it is too long.
    Selection lead(candidates, weights, options);
    for (uint32_t i = 0; i < candidates.size() && candidates[i].rank == 0; ++i) {
      if (!eligible[i]) continue;
      if (!lead.Fits(i)) break;
      lead.Add(i);
    }
    if (lead.members().empty()) {
      const Candidate& first = candidates.front();
      std::string text = CutToLimits(first.text, options.max_words, options.max_bytes);
      if (!text.empty()) summary.push_back({first.doc, first.paragraph, std::move(text)});
      return summary;
    }
    best = lead;
  }

  // Reading order: by publication time (documents without one after those with one), then
  // source order, then position.
  std::vector<uint32_t> order = best.members();
  auto reading_key = [&](uint32_t i) {
    const Candidate& c = candidates[i];
    const std::optional<UnixSeconds>& published = docs[c.doc].published;
    return std::make_tuple(!published.has_value(), published.value_or(0), c.rank, c.position);
  };
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return reading_key(a) < reading_key(b); });
  for (uint32_t i : order) {
    const Candidate& c = candidates[i];
    summary.push_back({c.doc, c.paragraph, std::string(c.text)});
  }
  return summary;
}

}  // namespace storyline
