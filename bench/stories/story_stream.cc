// The synthetic story stream (see story_stream.h).
#include "story_stream.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "sentence_pool.h"
#include "transform.h"
#include "storyline/timestamp.h"

namespace storyline::story_bench {
namespace {

using dedup_bench::JoinParagraphs;
using dedup_bench::kNameClass;
using dedup_bench::kNumber;
using dedup_bench::kWordClasses;
using dedup_bench::RandomIndex;
using dedup_bench::SentencePool;
using Json = nlohmann::ordered_json;

constexpr UnixSeconds kEpoch = 1704067200;  // 2024-01-01T00:00:00Z
constexpr double kHourSeconds = 3600;
constexpr double kDaySeconds = 24 * kHourSeconds;
constexpr size_t kMaxAnchors = 3;
constexpr size_t kMinCoreSentences = 4;
constexpr size_t kMaxCoreSentences = 6;
constexpr size_t kMinDocumentCore = 2;
constexpr size_t kMaxDocumentCore = 5;
constexpr size_t kMinDocumentSentences = 5;
constexpr size_t kMaxDocumentSentences = 20;

size_t CountSlots(const SentencePool::Sentence& s, uint32_t word_class) {
  return static_cast<size_t>(std::count_if(s.slots.begin(), s.slots.end(), [&](const auto& slot) {
    return slot.word_class == word_class;
  }));
}

double Uniform(std::mt19937_64& rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}

size_t UniformSize(std::mt19937_64& rng, size_t lo, size_t hi) {
  return lo + RandomIndex(rng, hi - lo + 1);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The number of runs of digits that start before `pos` in `text`.
size_t DigitRunsBefore(std::string_view text, size_t pos) {
  size_t runs = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (IsDigit(text[i]) && (i == 0 || !IsDigit(text[i - 1]))) ++runs;
  }
  return runs;
}

// Replaces the `ordinal`-th run of digits of `text` (from 0) by `number`. A rewrite redraws
// digits but keeps their runs (replacement words are letters), so the run of a number before the
// rewrite is the run of its redrawn digits after it.
void ReplaceDigitRun(size_t ordinal, std::string_view number, std::string* text) {
  size_t runs = 0;
  for (size_t i = 0; i < text->size(); ++i) {
    if (!IsDigit((*text)[i]) || (i > 0 && IsDigit((*text)[i - 1]))) continue;
    if (runs++ < ordinal) continue;
    size_t end = i;
    while (end < text->size() && IsDigit((*text)[end])) ++end;
    text->replace(i, end - i, number);
    return;
  }
}

// "Varnel", "Odrikasi": 2-3 syllables, a capital and lower-case letters, so that the rewrite sees
// a name.
std::string InventName(std::mt19937_64& rng) {
  static constexpr std::string_view kOnsets[] = {"b",  "d",  "f",  "g",  "h",  "k",  "l",  "m",
                                                 "n",  "p",  "r",  "s",  "t",  "v",  "z",  "br",
                                                 "dr", "gr", "kr", "st", "th", "sh", "ch", ""};
  static constexpr std::string_view kVowels[] = {"a", "e", "i", "o", "u", "ai", "ei", "ou"};
  static constexpr std::string_view kCodas[] = {"", "", "", "n", "r", "l", "s", "k", "m"};
  std::string name;
  size_t syllables = UniformSize(rng, 2, 3);
  for (size_t i = 0; i < syllables; ++i) {
    name += kOnsets[RandomIndex(rng, std::size(kOnsets))];
    name += kVowels[RandomIndex(rng, std::size(kVowels))];
    name += kCodas[RandomIndex(rng, std::size(kCodas))];
  }
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

// A running story: what its remaining documents are made of, and when the next one is due.
struct ActiveStory {
  size_t number = 0;  // start order: the label is "story/<number>"
  UnixSeconds start = 0;
  double lifetime_seconds = 0;
  size_t size = 0;      // documents it is meant to have
  size_t written = 0;   // documents written so far
  double position = 0;  // u of the last document: its time is start + lifetime * u^2
  UnixSeconds next_time = 0;
  // The core, rewritten once for the story. The first `anchors` sentences go into every
  // document; the first of them carries `story_number` as its `number_run`-th run of digits.
  std::vector<SentencePool::Sentence> core;
  size_t anchors = 0;
  size_t number_run = 0;
  std::string story_number;
};

// The order of a min-heap on the next publication time, the start order breaking ties.
bool PublishesLater(const std::unique_ptr<ActiveStory>& a, const std::unique_ptr<ActiveStory>& b) {
  return std::tie(a->next_time, a->number) > std::tie(b->next_time, b->number);
}

// Makes the stories and their documents from the sentence pool.
class StoryMaker {
 public:
  StoryMaker(const SentencePool& pool, const dedup_bench::Thesaurus& thesaurus,
             const StreamOptions& options)
      : pool_(pool), thesaurus_(thesaurus), options_(options) {
    for (uint32_t a = 0; a < pool_.articles.size(); ++a) {
      const std::vector<uint32_t>& sentences = pool_.articles[a];
      size_t names = 0, numbers = 0;
      for (uint32_t s : sentences) {
        names += CountSlots(pool_.sentences[s], kNameClass);
        numbers += CountSlots(pool_.sentences[s], kNumber);
      }
      if (sentences.size() >= 3 && names >= 2 && numbers >= 1) core_articles_.push_back(a);
    }
  }

  size_t CoreArticles() const { return core_articles_.size(); }

  // A new story: size, lifetime and core (story_stream.h); its first document is due at `start`.
  std::unique_ptr<ActiveStory> StartStory(size_t number, UnixSeconds start) const;

  // The next document of `story` as a corpus line, its body's words in `*words`; advances the
  // story to its next document (when it has one).
  std::string WriteDocument(size_t n, ActiveStory* story, size_t* words) const;

 private:
  std::string DrawName(std::mt19937_64& rng) const {
    const std::vector<uint32_t>& names = pool_.class_words[kNameClass];
    if (names.empty() || rng() % 2 == 0) return InventName(rng);
    return pool_.vocabulary[names[RandomIndex(rng, names.size())]];
  }

  // A pool sentence with its k-th name replaced by names[(first_name + k) % names.size()] and,
  // when `number` is not empty, its first number by `number`; rewritten once (names kept) and
  // cut again. Sets *number_run to the number's run of digits.
  SentencePool::Sentence CoreSentence(const SentencePool::Sentence& source,
                                      const std::vector<std::string>& names, size_t first_name,
                                      const std::string& number, size_t* number_run,
                                      std::mt19937_64& rng) const;

  SentencePool::Sentence Cut(std::string text) const {
    SentencePool::Sentence cut = dedup_bench::CutSentence(std::move(text), thesaurus_);
    // A word of a class the pool never uses has nothing to be replaced by.
    std::erase_if(cut.slots, [&](const SentencePool::Slot& slot) {
      return slot.word_class < kWordClasses && pool_.class_words[slot.word_class].empty();
    });
    return cut;
  }

  const SentencePool& pool_;
  const dedup_bench::Thesaurus& thesaurus_;
  const StreamOptions& options_;
  std::vector<uint32_t> core_articles_;  // articles with 3+ sentences, a number and 2+ names
};

SentencePool::Sentence StoryMaker::CoreSentence(const SentencePool::Sentence& source,
                                                const std::vector<std::string>& names,
                                                size_t first_name, const std::string& number,
                                                size_t* number_run, std::mt19937_64& rng) const {
  std::string text;
  size_t copied = 0, name_count = 0, number_at = std::string::npos;
  for (const SentencePool::Slot& slot : source.slots) {
    bool is_name = slot.word_class == kNameClass;
    bool is_number =
        slot.word_class == kNumber && !number.empty() && number_at == std::string::npos;
    if (!is_name && !is_number) continue;
    text.append(source.text, copied, slot.begin - copied);
    if (is_number) number_at = text.size();
    text += is_name ? names[(first_name + name_count++) % names.size()] : number;
    copied = slot.end;
  }
  text.append(source.text, copied);
  // The slot was a whole run of letters and digits, so the number starts a run of its own.
  if (number_at != std::string::npos) *number_run = DigitRunsBefore(text, number_at);
  std::string rewritten = dedup_bench::RewriteSentence(pool_, Cut(std::move(text)), true, rng);
  if (number_at != std::string::npos) ReplaceDigitRun(*number_run, number, &rewritten);
  return Cut(std::move(rewritten));
}

std::unique_ptr<ActiveStory> StoryMaker::StartStory(size_t number, UnixSeconds start) const {
  std::mt19937_64 rng = dedup_bench::DocumentRng(options_.seed, "story/" + std::to_string(number));
  auto story = std::make_unique<ActiveStory>();
  story->number = number;
  story->start = start;
  story->next_time = start;
  // P(size >= s) = s^-exponent: the floor of a Pareto draw.
  double pareto = std::pow(1.0 - Uniform(rng, 0, 1), -1.0 / options_.size_exponent);
  story->size = static_cast<size_t>(
      std::min(std::floor(pareto), static_cast<double>(options_.max_story_documents)));
  story->size = std::max<size_t>(story->size, 1);
  double hours = options_.median_lifetime_hours *
                 std::exp(std::normal_distribution<double>(0, options_.lifetime_sigma)(rng)) *
                 (1 + 0.5 * std::log(static_cast<double>(story->size)));
  hours = std::clamp(hours, options_.min_lifetime_hours, options_.max_lifetime_hours);
  story->lifetime_seconds = hours * kHourSeconds;

  // The core: a sentence with a number, sentences with names until every name has a place
  // (at most kMaxAnchors anchors in all), then other sentences of the article.
  const std::vector<uint32_t>& article =
      pool_.articles[core_articles_[RandomIndex(rng, core_articles_.size())]];
  std::vector<uint32_t> with_number;
  for (uint32_t s : article) {
    if (CountSlots(pool_.sentences[s], kNumber) > 0) with_number.push_back(s);
  }
  std::vector<uint32_t> anchors = {with_number[RandomIndex(rng, with_number.size())]};
  std::vector<uint32_t> others;
  for (uint32_t s : article) {
    if (s != anchors[0]) others.push_back(s);
  }
  std::shuffle(others.begin(), others.end(), rng);
  size_t wanted_names = UniformSize(rng, 2, 4);
  size_t name_slots = CountSlots(pool_.sentences[anchors[0]], kNameClass);
  for (auto it = others.begin(); it != others.end();) {
    if (name_slots >= wanted_names || anchors.size() == kMaxAnchors) break;
    size_t slots = CountSlots(pool_.sentences[*it], kNameClass);
    if (slots == 0) {
      ++it;
      continue;
    }
    anchors.push_back(*it);
    name_slots += slots;
    it = others.erase(it);
  }
  // Core articles have 2+ names, and up to 2 sentences with names join the number's sentence.
  std::vector<std::string> names;
  while (names.size() < std::min(wanted_names, name_slots)) {
    std::string name = DrawName(rng);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  story->story_number = std::to_string(static_cast<int>(std::pow(10.0, Uniform(rng, 1, 4))));
  story->anchors = anchors.size();

  size_t core_size =
      std::max(anchors.size(), UniformSize(rng, kMinCoreSentences, kMaxCoreSentences));
  size_t first_name = 0;
  for (uint32_t s : anchors) {
    const std::string& number = story->core.empty() ? story->story_number : std::string();
    story->core.push_back(
        CoreSentence(pool_.sentences[s], names, first_name, number, &story->number_run, rng));
    first_name += CountSlots(pool_.sentences[s], kNameClass);
  }
  for (size_t i = 0; i < others.size() && story->core.size() < core_size; ++i) {
    size_t ignored = 0;
    story->core.push_back(CoreSentence(pool_.sentences[others[i]], names,
                                       RandomIndex(rng, names.size()), "", &ignored, rng));
  }
  return story;
}

std::string StoryMaker::WriteDocument(size_t n, ActiveStory* story, size_t* words) const {
  std::string id = "stream/" + std::to_string(n);
  std::mt19937_64 rng = dedup_bench::DocumentRng(options_.seed, id);
  UnixSeconds published = story->next_time;

  // Core sentences: the anchors and others drawn, one of them the lead.
  size_t core_count = std::clamp(UniformSize(rng, kMinDocumentCore, kMaxDocumentCore),
                                 story->anchors, story->core.size());
  std::vector<size_t> chosen(story->core.size());
  for (size_t i = 0; i < chosen.size(); ++i) chosen[i] = i;
  std::shuffle(chosen.begin() + static_cast<ptrdiff_t>(story->anchors), chosen.end(), rng);
  chosen.resize(core_count);
  std::swap(chosen[0], chosen[RandomIndex(rng, chosen.size())]);

  std::vector<std::string> sentences;
  size_t target = UniformSize(rng, options_.min_words, options_.max_words);
  *words = 0;
  for (size_t c : chosen) {
    std::string s = dedup_bench::RewriteSentence(pool_, story->core[c], true, rng);
    if (c == 0) ReplaceDigitRun(story->number_run, story->story_number, &s);
    *words += dedup_bench::CountWords(s);
    sentences.push_back(std::move(s));
  }
  while (sentences.size() < kMaxDocumentSentences &&
         (sentences.size() < kMinDocumentSentences || *words < target)) {
    const SentencePool::Sentence& filler =
        pool_.sentences[RandomIndex(rng, pool_.sentences.size())];
    std::string s = dedup_bench::RewriteSentence(pool_, filler, false, rng);
    *words += dedup_bench::CountWords(s);
    sentences.push_back(std::move(s));
  }
  std::shuffle(sentences.begin() + 1, sentences.end(), rng);

  Json record;
  record["id"] = id;
  record["title"] = dedup_bench::HeadlineFromLead(sentences.front());
  record["text"] = JoinParagraphs(dedup_bench::GroupIntoParagraphs(sentences));
  record["published"] = FormatTimestamp(published);

  // The next document: sorted uniform positions drawn one at a time, u^2 front-loads them.
  ++story->written;
  if (story->written < story->size) {
    double remaining = static_cast<double>(story->size - story->written);
    story->position = 1 - (1 - story->position) * std::pow(1 - Uniform(rng, 0, 1), 1 / remaining);
    story->next_time = story->start + static_cast<UnixSeconds>(story->lifetime_seconds *
                                                               story->position * story->position);
  }
  return record.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

Status GenerateStoryStream(const std::vector<dedup_bench::SourceArticle>& articles,
                           const dedup_bench::Thesaurus& thesaurus, const StreamOptions& options,
                           std::ostream& stream, std::ostream* labels,
                           const std::function<void(size_t)>& progress, StreamStats* stats) {
  *stats = StreamStats();
  if (options.stories_per_day <= 0 || options.size_exponent <= 0 ||
      options.min_words > options.max_words || options.max_story_documents == 0 ||
      options.progress_every == 0) {
    return Status::InvalidArgument("story stream: invalid options");
  }
  SentencePool pool = dedup_bench::BuildSentencePool(articles, thesaurus);
  if (pool.sentences.size() < 100) {
    return Status::InvalidArgument("too few sentences to synthesise from");
  }
  StoryMaker maker(pool, thesaurus, options);
  stats->core_articles = maker.CoreArticles();
  if (stats->core_articles == 0) {
    return Status::InvalidArgument("no article with 3+ sentences, a number and 2+ names");
  }

  std::mt19937_64 arrivals = dedup_bench::DocumentRng(options.seed, "arrivals");
  std::exponential_distribution<double> gap(options.stories_per_day / kDaySeconds);
  double next_start = 0;  // seconds after kEpoch
  size_t stories_started = 0;
  std::vector<std::unique_ptr<ActiveStory>> running;  // a min-heap (PublishesLater)
  if (labels != nullptr) *labels << "id\tstory\n";
  for (size_t n = 0; n < options.documents; ++n) {
    // Stories that start before the next document is due start now: times never go back.
    while (running.empty() ||
           kEpoch + static_cast<UnixSeconds>(next_start) <= running.front()->next_time) {
      running.push_back(
          maker.StartStory(stories_started++, kEpoch + static_cast<UnixSeconds>(next_start)));
      stats->largest_story = std::max(stats->largest_story, running.back()->size);
      std::push_heap(running.begin(), running.end(), PublishesLater);
      next_start += gap(arrivals);
    }
    stats->max_active_stories = std::max(stats->max_active_stories, running.size());
    std::pop_heap(running.begin(), running.end(), PublishesLater);
    ActiveStory* story = running.back().get();
    if (story->written == 0) ++stats->stories;
    if (n == 0) stats->first_published = story->next_time;
    stats->last_published = story->next_time;
    size_t words = 0;
    stream << maker.WriteDocument(n, story, &words);
    stats->words += words;
    if (labels != nullptr) *labels << "stream/" << n << "\tstory/" << story->number << "\n";
    if (story->written < story->size) {
      std::push_heap(running.begin(), running.end(), PublishesLater);
    } else {
      running.pop_back();
    }
    stats->documents = n + 1;
    if (stats->documents % options.progress_every == 0 || stats->documents == options.documents) {
      if (!stream || (labels != nullptr && !*labels)) {
        return Status::IoError("writing the story stream failed");
      }
      if (progress) progress(stats->documents);
    }
  }
  for (const std::unique_ptr<ActiveStory>& story : running) {
    if (story->written > 0) ++stats->stories_cut;
  }
  return Status::Ok();
}

}  // namespace storyline::story_bench
