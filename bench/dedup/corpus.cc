// Corpus generation (see corpus.h).
#include "corpus.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <unordered_map>

#include "page.h"
#include "sentence_pool.h"
#include "transform.h"
#include "storyline/timestamp.h"

namespace storyline::dedup_bench {
namespace {

using Json = nlohmann::ordered_json;

constexpr UnixSeconds kEpoch = 1704067200;  // 2024-01-01T00:00:00Z
constexpr UnixSeconds kHour = 3600;
constexpr UnixSeconds kDay = 24 * kHour;

constexpr std::array<CopyVariant, 12> kVariants = {{
    {Transform::kExact, 0},
    {Transform::kWrapped, 0},
    {Transform::kNear, 0},
    {Transform::kTruncation, 0},
    {Transform::kReorder, 0},
    {Transform::kTypos, 0.02},
    {Transform::kTypos, 0.05},
    {Transform::kSpin, 0.1},
    {Transform::kSpin, 0.2},
    {Transform::kSpin, 0.3},
    {Transform::kSpin, 0.5},
    {Transform::kPartial, 0},
}};

int64_t RandomInt(std::mt19937_64& rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

// One corpus line: the article as title and text, or the HTML page.
std::string RecordLine(const std::string& id, const Article& article, const std::string& html,
                       UnixSeconds published) {
  Json record;
  record["id"] = id;
  if (html.empty()) {
    record["title"] = article.title;
    record["text"] = JoinParagraphs(article.paragraphs);
  } else {
    record["html"] = html;
  }
  record["published"] = FormatTimestamp(published);
  return record.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

// A document of the evaluation corpus before it is written in time order.
struct PendingDocument {
  UnixSeconds published;
  std::string line;
  LabelRow label;
};

}  // namespace

std::string CopyVariant::Name() const {
  std::string name(TransformName(transform));
  if (rate > 0) name += std::to_string(static_cast<int>(std::lround(rate * 100)));
  return name;
}

std::span<const CopyVariant> CopyVariants() { return kVariants; }

CopyOutput MakeCopy(const Article& source, const CopyVariant& variant, const std::string& copy_id,
                    uint64_t seed, const CopyInputs& inputs) {
  std::mt19937_64 rng = DocumentRng(seed, copy_id);
  CopyOutput out;
  switch (variant.transform) {
    case Transform::kOriginal:
    case Transform::kExact:
      out.article = source;
      break;
    case Transform::kWrapped:
      out.html = WrapInPage(source, inputs.headlines, inputs.published, rng).html;
      break;
    case Transform::kNear:
      out.article = NearCopy(source, *inputs.thesaurus, rng);
      break;
    case Transform::kTruncation:
      out.article = Truncate(source, rng);
      break;
    case Transform::kReorder:
      out.article = DropAndReorderParagraphs(source, rng);
      break;
    case Transform::kTypos:
      out.article = AddTypos(source, variant.rate, rng);
      break;
    case Transform::kSpin:
      out.article = Spin(source, {variant.rate, -1}, *inputs.thesaurus, rng, &out.spin);
      break;
    case Transform::kPartial: {
      PartialResult r = EmbedPartially(source, inputs.filler, inputs.filler_title, {}, rng);
      out.article = std::move(r.page);
      out.filler_used = r.filler_paragraphs_used;
      break;
    }
  }
  out.article.id = copy_id;
  return out;
}

Status GenerateCorpus(const std::vector<SourceArticle>& articles, const Thesaurus& thesaurus,
                      const CorpusOptions& options, std::ostream& corpus, std::ostream& labels,
                      std::ostream* overlaps_out, CorpusStats* stats) {
  *stats = CorpusStats();
  stats->articles = articles.size();
  std::vector<SourceArticle> usable;
  for (const SourceArticle& a : articles) {
    if (CountWords(a.article) < options.min_source_words || a.article.title.empty()) {
      ++stats->too_short;
    } else {
      usable.push_back(a);
    }
  }
  if (usable.size() < 10) return Status::InvalidArgument("fewer than 10 usable articles");

  // Fillers: a share of the articles that overlap no other one.
  std::vector<VerbatimOverlap> overlaps = FindVerbatimOverlaps(usable, 0.2);
  std::vector<bool> entangled(usable.size(), false);
  for (const VerbatimOverlap& o : overlaps) entangled[o.a] = entangled[o.b] = true;
  std::vector<size_t> order(usable.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 pick = DocumentRng(options.seed, "fillers");
  std::shuffle(order.begin(), order.end(), pick);
  size_t filler_wanted =
      static_cast<size_t>(std::lround(options.filler_share * static_cast<double>(usable.size())));
  std::vector<bool> is_filler(usable.size(), false);
  std::vector<size_t> fillers;
  for (size_t i : order) {
    if (fillers.size() == filler_wanted) break;
    if (!entangled[i]) {
      is_filler[i] = true;
      fillers.push_back(i);
    }
  }
  std::vector<size_t> sources;
  for (size_t i = 0; i < usable.size(); ++i) {
    if (!is_filler[i]) sources.push_back(i);
  }
  stats->fillers = fillers.size();
  stats->sources = sources.size();

  // The filler stream: the fillers' paragraphs, article after article, in random order.
  std::vector<std::string> filler_paragraphs;
  std::vector<size_t> filler_owner;  // usable index of each filler paragraph
  for (size_t f : fillers) {
    for (const std::string& p : usable[f].article.paragraphs) {
      filler_paragraphs.push_back(p);
      filler_owner.push_back(f);
    }
  }
  size_t filler_next = 0;

  // Times: a day per story, originals within 36 hours of it.
  std::set<std::pair<std::string, std::string>> story_set;
  for (size_t i : sources) story_set.insert({usable[i].dataset, usable[i].story});
  std::vector<std::pair<std::string, std::string>> stories(story_set.begin(), story_set.end());
  std::mt19937_64 story_rng = DocumentRng(options.seed, "stories");
  std::shuffle(stories.begin(), stories.end(), story_rng);
  std::map<std::pair<std::string, std::string>, UnixSeconds> story_day;
  for (size_t k = 0; k < stories.size(); ++k) {
    story_day[stories[k]] = kEpoch + static_cast<UnixSeconds>(k) * 2 * kDay;
  }

  std::vector<PendingDocument> documents;
  std::unordered_map<size_t, UnixSeconds> published;
  std::vector<std::string> headlines;
  for (size_t i : sources) {
    const SourceArticle& s = usable[i];
    std::mt19937_64 rng = DocumentRng(options.seed, "time:" + s.article.id);
    UnixSeconds t = story_day[{s.dataset, s.story}] + RandomInt(rng, 0, 36 * 60) * 60;
    published[i] = t;
    headlines.push_back(s.article.title);
    documents.push_back(
        {t,
         RecordLine(s.article.id, s.article, "", t),
         {s.article.id, s.article.id, Transform::kOriginal, 0, s.story, s.dataset}});
  }

  // Copies: per variant, `copies_per_variant` sources drawn at random.
  for (const CopyVariant& variant : kVariants) {
    std::mt19937_64 rng = DocumentRng(options.seed, "pick:" + variant.Name());
    std::vector<size_t> chosen = sources;
    std::shuffle(chosen.begin(), chosen.end(), rng);
    chosen.resize(std::min(chosen.size(), options.copies_per_variant));
    std::sort(chosen.begin(), chosen.end());
    for (size_t i : chosen) {
      const SourceArticle& s = usable[i];
      std::string id = s.article.id + "~" + variant.Name();
      std::mt19937_64 time_rng = DocumentRng(options.seed, "time:" + id);
      UnixSeconds t = published[i] + RandomInt(time_rng, 20, 72 * 60) * 60;

      CopyInputs inputs;
      inputs.thesaurus = &thesaurus;
      inputs.published = FormatTimestamp(t);
      std::vector<std::string> sidebar;
      if (variant.transform == Transform::kWrapped) {
        for (int k = 0; k < 8; ++k) sidebar.push_back(headlines[time_rng() % headlines.size()]);
        inputs.headlines = sidebar;
      }
      if (variant.transform == Transform::kPartial) {
        // Enough filler for the largest ratio; start again (and say so) when it runs out.
        size_t needed_words = 2 * CountWords(s.article) + 1, words = 0, end = filler_next;
        while (end < filler_paragraphs.size() && words < needed_words) {
          words += CountWords(filler_paragraphs[end++]);
        }
        if (words < needed_words) {
          filler_next = 0;
          ++stats->filler_reused;
        }
        if (filler_paragraphs.empty()) return Status::InvalidArgument("no filler articles");
        inputs.filler = std::span<const std::string>(filler_paragraphs).subspan(filler_next);
        inputs.filler_title = usable[filler_owner[filler_next]].article.title;
      }
      CopyOutput copy = MakeCopy(s.article, variant, id, options.seed, inputs);
      filler_next += copy.filler_used;
      if (variant.transform == Transform::kSpin) {
        auto& [replaced, content] = stats->spin_words[variant.Name()];
        replaced += copy.spin.replaced;
        content += copy.spin.content_words;
      }
      documents.push_back(
          {t,
           RecordLine(id, copy.article, copy.html, t),
           {id, s.article.id, variant.transform, variant.rate, s.story, s.dataset}});
      ++stats->copies_by_variant[variant.Name()];
      ++stats->copies;
    }
  }

  std::sort(documents.begin(), documents.end(),
            [](const PendingDocument& a, const PendingDocument& b) {
              return std::tie(a.published, a.label.id) < std::tie(b.published, b.label.id);
            });
  labels << LabelsHeader();
  for (const PendingDocument& d : documents) {
    corpus << d.line;
    labels << FormatLabelRow(d.label);
  }
  if (overlaps_out != nullptr) {
    *overlaps_out << "a\tb\tcontainment\tjaccard\n";
    for (const VerbatimOverlap& o : overlaps) {
      if (is_filler[o.a] || is_filler[o.b]) continue;  // cannot happen: fillers overlap nothing
      char values[64];
      std::snprintf(values, sizeof values, "%.3f\t%.3f", o.containment, o.jaccard);
      *overlaps_out << usable[o.a].article.id << "\t" << usable[o.b].article.id << "\t" << values
                    << "\n";
      ++stats->overlaps;
    }
  }
  if (!corpus || !labels || (overlaps_out != nullptr && !*overlaps_out)) {
    return Status::IoError("writing the corpus failed");
  }
  return Status::Ok();
}

namespace {

// A synthetic news article (see corpus.h): a lead of 3 sentences of `story`, then 9-27 drawn
// from all stories, each rewritten. Few sentences of one story, so that two synthetic articles
// of a story share too little text to be copies of each other (storyline's partial and rewrite
// checks need half of the shorter text), however many of them a large corpus holds.
Article SyntheticArticle(const SentencePool& pool, size_t story, std::string id,
                         std::mt19937_64& rng) {
  const std::vector<uint32_t>& own = pool.stories[story].sentences;
  size_t n = static_cast<size_t>(RandomInt(rng, 12, 30));
  std::vector<uint32_t> picked;
  while (picked.size() < std::min<size_t>(3, own.size())) {
    uint32_t k = own[RandomIndex(rng, own.size())];
    if (std::find(picked.begin(), picked.end(), k) == picked.end()) picked.push_back(k);
  }
  while (picked.size() < n) {
    auto k = static_cast<uint32_t>(RandomIndex(rng, pool.sentences.size()));
    if (std::find(picked.begin(), picked.end(), k) == picked.end()) picked.push_back(k);
  }
  // The lead keeps its names: articles of a story name the same people and places.
  std::vector<std::string> sentences;
  for (uint32_t k : picked) {
    sentences.push_back(RewriteSentence(pool, pool.sentences[k], sentences.size() < 3, rng));
  }
  Article article;
  article.id = std::move(id);
  article.title = HeadlineFromLead(sentences.front());
  article.paragraphs = GroupIntoParagraphs(sentences);
  return article;
}

}  // namespace

Status GenerateScaleCorpus(const std::vector<SourceArticle>& articles, const Thesaurus& thesaurus,
                           const ScaleOptions& options, std::ostream& corpus, std::ostream& labels,
                           const std::function<void(size_t)>& progress) {
  SentencePool pool = BuildSentencePool(articles, thesaurus);
  if (pool.stories.size() < 2 || pool.sentences.size() < 100) {
    return Status::InvalidArgument("too few stories or sentences to synthesise from");
  }
  struct Recent {
    Article article;
    size_t story;
  };
  std::vector<Recent> window;  // a ring of the last originals
  size_t window_next = 0;
  std::mt19937_64 rng = DocumentRng(options.seed, "scale");
  labels << LabelsHeader();
  for (size_t n = 0; n < options.documents; ++n) {
    UnixSeconds t = kEpoch + static_cast<UnixSeconds>(n) * 3;
    std::string id = "synth/" + std::to_string(n);
    bool copy =
        !window.empty() && std::uniform_real_distribution<double>(0, 1)(rng) < options.copy_share;
    if (!copy) {
      size_t story = RandomIndex(rng, pool.stories.size());
      std::mt19937_64 doc_rng = DocumentRng(options.seed, id);
      Article article = SyntheticArticle(pool, story, id, doc_rng);
      corpus << RecordLine(id, article, "", t);
      labels << FormatLabelRow(
          {id, id, Transform::kOriginal, 0, pool.stories[story].name, pool.stories[story].dataset});
      Recent recent{std::move(article), story};
      if (window.size() < options.window) {
        window.push_back(std::move(recent));
      } else {
        window[window_next] = std::move(recent);
        window_next = (window_next + 1) % options.window;
      }
    } else {
      const Recent& source = window[RandomIndex(rng, window.size())];
      const CopyVariant& variant = kVariants[RandomIndex(rng, kVariants.size())];
      std::string copy_id = id + "~" + variant.Name();
      CopyInputs inputs;
      inputs.thesaurus = &thesaurus;
      inputs.published = FormatTimestamp(t);
      std::vector<std::string> sidebar, filler;
      if (variant.transform == Transform::kWrapped) {
        for (int k = 0; k < 8; ++k) {
          sidebar.push_back(window[RandomIndex(rng, window.size())].article.title);
        }
        inputs.headlines = sidebar;
      }
      if (variant.transform == Transform::kPartial) {
        // Fresh filler: synthetic articles of other stories, never written themselves.
        while (CountWords(JoinParagraphs(filler)) < 2 * CountWords(source.article) + 1) {
          size_t other = RandomIndex(rng, pool.stories.size());
          if (other == source.story) continue;
          std::mt19937_64 filler_rng =
              DocumentRng(options.seed, copy_id + "/filler" + std::to_string(filler.size()));
          Article f = SyntheticArticle(pool, other, "", filler_rng);
          if (inputs.filler_title.empty()) inputs.filler_title = f.title;
          filler.insert(filler.end(), f.paragraphs.begin(), f.paragraphs.end());
        }
        inputs.filler = filler;
      }
      CopyOutput out = MakeCopy(source.article, variant, copy_id, options.seed, inputs);
      corpus << RecordLine(copy_id, out.article, out.html, t);
      labels << FormatLabelRow({copy_id, source.article.id, variant.transform, variant.rate,
                                pool.stories[source.story].name,
                                pool.stories[source.story].dataset});
    }
    if ((n + 1) % 10000 == 0 || n + 1 == options.documents) {
      if (!corpus || !labels) return Status::IoError("writing the corpus failed");
      if (progress) progress(n + 1);
    }
  }
  return Status::Ok();
}

}  // namespace storyline::dedup_bench
