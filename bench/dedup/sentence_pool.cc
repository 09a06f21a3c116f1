// The sentence pool and its rewrite (see sentence_pool.h).
#include "sentence_pool.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace storyline::dedup_bench {
namespace {

constexpr size_t kShingleWords = 5;

// Word classes of the rewrite: a replacement has the class of the word it replaces, so that the
// sentence keeps its grammar ("killed" gives way to "arrested", "villages" to "budgets"). -ed,
// -ing and -ly words are classed by their ending alone, -s words by whether their stem can be a
// noun (plurals) or not (verbs), the others by the part of speech of their first thesaurus sense
// (most common first), or as unknown.
bool HasNounSense(const Thesaurus& thesaurus, const std::string& word) {
  const std::vector<Thesaurus::Sense>* senses = thesaurus.Find(word);
  return senses != nullptr &&
         std::any_of(senses->begin(), senses->end(),
                     [](const Thesaurus::Sense& s) { return s.pos == Thesaurus::Pos::kNoun; });
}

uint32_t WordClass(const std::string& w, const Thesaurus& thesaurus) {
  if (w.size() >= 6 && w.ends_with("ing")) return kIng * kPosCount;
  if (w.size() >= 5 && w.ends_with("ed")) return kEd * kPosCount;
  if (w.size() >= 5 && w.ends_with("ly")) return kLy * kPosCount;
  if (w.size() >= 4 && w.ends_with("s") && !w.ends_with("ss") && !w.ends_with("us") &&
      !w.ends_with("is")) {
    std::string stem = w.substr(0, w.size() - 1);
    bool noun = HasNounSense(thesaurus, stem) || thesaurus.Find(stem) == nullptr ||
                (w.ends_with("es") && HasNounSense(thesaurus, w.substr(0, w.size() - 2))) ||
                (w.ends_with("ies") && HasNounSense(thesaurus, w.substr(0, w.size() - 3) + "y"));
    return (noun ? kPluralS : kVerbS) * kPosCount;
  }
  const std::vector<Thesaurus::Sense>* senses = thesaurus.Find(w);
  auto pos = senses == nullptr ? Thesaurus::Pos::kOther : senses->front().pos;
  return kNoEnding * kPosCount + static_cast<uint32_t>(pos);
}

bool IsLowerLetter(char c) { return c >= 'a' && c <= 'z'; }

// A word the rewrite may replace: the words Spin may (lower-case letters only, 3 or more, not a
// function word), so that numbers and the grammar stay.
bool IsReplaceable(std::string_view core) {
  return core.size() >= 3 && std::all_of(core.begin(), core.end(), IsLowerLetter) &&
         !IsStopWord(core);
}

// A name the rewrite may replace where it replaces names: "Tennant", "Woodburn" (a capital and
// lower-case letters), not the sentence's first word.
bool IsReplaceableName(std::string_view core) {
  return core.size() >= 2 && core[0] >= 'A' && core[0] <= 'Z' &&
         std::all_of(core.begin() + 1, core.end(), IsLowerLetter);
}

int64_t RandomInt(std::mt19937_64& rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

// "a" or "an" at the end of `text` (before a space) made to fit `next_word`.
void MatchIndefiniteArticle(std::string_view next_word, std::string* text) {
  bool vowel = std::string_view("aeiouAEIOU").find(next_word.front()) != std::string_view::npos;
  auto ends_with_word = [&](std::string_view w) {
    return text->ends_with(w) &&
           (text->size() == w.size() || (*text)[text->size() - w.size() - 1] == ' ');
  };
  if (vowel && (ends_with_word("a ") || ends_with_word("A "))) {  // "a " -> "an "
    text->back() = 'n';
    text->push_back(' ');
  } else if (!vowel && (ends_with_word("an ") || ends_with_word("An "))) {  // "an " -> "a "
    text->pop_back();
    text->back() = ' ';
  }
}

}  // namespace

size_t RandomIndex(std::mt19937_64& rng, size_t n) {
  return static_cast<size_t>(RandomInt(rng, 0, static_cast<int64_t>(n) - 1));
}

SentencePool::Sentence CutSentence(std::string text, const Thesaurus& thesaurus) {
  SentencePool::Sentence sentence;
  auto is_alnum = [](char c) {
    return static_cast<unsigned char>(c) < 0x80 && std::isalnum(static_cast<unsigned char>(c));
  };
  auto sticks = [](char c) { return c == '\'' || static_cast<unsigned char>(c) >= 0x80; };
  auto possessive_at = [&](size_t e) {  // "'s" or "’s" ending a word at e
    for (std::string_view mark : {std::string_view("'s"), std::string_view("\xE2\x80\x99s")}) {
      size_t after = e + mark.size();
      if (std::string_view(text).substr(e).starts_with(mark) &&
          (after == text.size() || !is_alnum(text[after]))) {
        return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i < text.size();) {
    if (!is_alnum(text[i])) {
      ++i;
      continue;
    }
    size_t b = i;
    while (i < text.size() && is_alnum(text[i])) ++i;
    std::string word = text.substr(b, i - b);
    bool stuck =
        (b > 0 && sticks(text[b - 1])) || (i < text.size() && sticks(text[i]) && !possessive_at(i));
    bool name = sentence.words > 0 && !stuck && IsReplaceableName(word);
    if (std::count_if(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }) >= 2) {
      sentence.slots.push_back(
          {sentence.words, static_cast<uint32_t>(b), static_cast<uint32_t>(i), kNumber});
    } else if (name || (!stuck && IsReplaceable(word))) {
      sentence.slots.push_back({sentence.words, static_cast<uint32_t>(b), static_cast<uint32_t>(i),
                                name ? kNameClass : WordClass(word, thesaurus)});
    }
    ++sentence.words;
  }
  sentence.text = std::move(text);
  return sentence;
}

SentencePool BuildSentencePool(const std::vector<SourceArticle>& articles,
                               const Thesaurus& thesaurus) {
  SentencePool pool;
  pool.class_words.resize(kWordClasses);
  std::unordered_map<std::string, uint32_t> word_ids;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (const SourceArticle& a : articles) {
    auto [it, added] = index.try_emplace({a.dataset, a.story}, pool.stories.size());
    if (added) pool.stories.push_back({a.story, a.dataset, {}});
    std::vector<uint32_t> article;
    for (const std::string& p : a.article.paragraphs) {
      for (std::string& s : SplitSentences(p)) {
        if (CountWords(s) < 5) continue;
        auto k = static_cast<uint32_t>(pool.sentences.size());
        pool.stories[it->second].sentences.push_back(k);
        article.push_back(k);
        pool.sentences.push_back(CutSentence(std::move(s), thesaurus));
        // The slots' words join the vocabulary: a word is drawn as often as the pool uses it;
        // a name, like a story's names, is rare.
        const SentencePool::Sentence& sentence = pool.sentences.back();
        for (const SentencePool::Slot& slot : sentence.slots) {
          if (slot.word_class == kNumber) continue;
          std::string word = sentence.text.substr(slot.begin, slot.end - slot.begin);
          auto [id, new_word] =
              word_ids.try_emplace(std::move(word), static_cast<uint32_t>(pool.vocabulary.size()));
          if (new_word) pool.vocabulary.push_back(id->first);
          if (new_word || slot.word_class != kNameClass) {
            pool.class_words[slot.word_class].push_back(id->second);
          }
        }
      }
    }
    if (!article.empty()) pool.articles.push_back(std::move(article));
  }
  std::erase_if(pool.stories, [](const SentencePool::Story& s) { return s.sentences.size() < 3; });
  return pool;
}

std::string RewriteSentence(const SentencePool& pool, const SentencePool::Sentence& sentence,
                            bool keep_names, std::mt19937_64& rng) {
  const std::vector<SentencePool::Slot>& slots = sentence.slots;
  auto usable = [&](const SentencePool::Slot& s) {
    return !keep_names || s.word_class != kNameClass;
  };
  std::vector<size_t> chosen;  // indices into `slots`, increasing
  std::vector<size_t> numbers, words, names;
  size_t next = 0;  // the first usable slot at or after `start`
  for (size_t start = 0; start + kShingleWords <= sentence.words;) {
    while (next < slots.size() && (slots[next].word < start || !usable(slots[next]))) ++next;
    if (next == slots.size()) break;
    if (slots[next].word >= start + kShingleWords) {  // the runs before it have nothing to replace
      start = slots[next].word + 1 - kShingleWords;
      continue;
    }
    numbers.clear();
    words.clear();
    names.clear();
    for (size_t i = next; i < slots.size() && slots[i].word < start + kShingleWords; ++i) {
      if (!usable(slots[i])) continue;
      uint32_t c = slots[i].word_class;
      (c == kNumber ? numbers : c == kNameClass ? names : words).push_back(i);
    }
    size_t pick = !numbers.empty() ? numbers.back() : !words.empty() ? words.back() : names.back();
    if (slots[pick].word_class != kNumber) chosen.push_back(pick);
    start = slots[pick].word + 1;
    next = pick + 1;
  }
  std::string out;
  size_t copied = 0;
  for (size_t c : chosen) {
    const SentencePool::Slot& slot = slots[c];
    const std::vector<uint32_t>& words = pool.class_words[slot.word_class];
    out.append(sentence.text, copied, slot.begin - copied);
    std::string_view replaced(sentence.text.data() + slot.begin, slot.end - slot.begin);
    const std::string* word = &pool.vocabulary[words[RandomIndex(rng, words.size())]];
    for (int tries = 0; tries < 8 && *word == replaced; ++tries) {
      word = &pool.vocabulary[words[RandomIndex(rng, words.size())]];
    }
    MatchIndefiniteArticle(*word, &out);
    out += *word;
    copied = slot.end;
  }
  out.append(sentence.text, copied);
  for (char& c : out) {
    if (c >= '0' && c <= '9') c = static_cast<char>('0' + RandomInt(rng, 0, 9));
  }
  return out;
}

}  // namespace storyline::dedup_bench
