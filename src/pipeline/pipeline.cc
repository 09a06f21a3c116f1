#include "storyline/pipeline.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "storyline/dedup.h"
#include "storyline/extract.h"
#include "storyline/ingest.h"
#include "storyline/quotes.h"
#include "storyline/story.h"
#include "storyline/summary.h"
#include "storyline/text.h"

namespace storyline {
namespace {

// A leading line that is only a URL (crawl dumps often start with one) is not the title; ECB+
// writes it tokenised ("http : / / www . x . com / ...").
bool IsUrlLine(std::string_view line) {
  size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) return false;
  line.remove_prefix(start);
  if (!(line.starts_with("http:") || line.starts_with("https:") || line.starts_with("http :") ||
        line.starts_with("https :") || line.starts_with("www."))) {
    return false;
  }
  // No run of two ordinary words: "http://x.com/a-b" yes, "https: the site said" no.
  // A space-separated token made only of letters is a word; tokenised URLs never have two in
  // a row ("www . x . com / news"). A token of more than 12 letters is not a URL part either.
  int letters_run = 0, token_length = 0;
  bool previous_is_word = false;
  auto end_token = [&] {
    bool is_word = token_length > 0 && letters_run == token_length;
    bool two_words = is_word && previous_is_word;
    if (token_length > 0) previous_is_word = is_word;
    letters_run = token_length = 0;
    return !two_words;
  };
  for (char c : line) {
    if (c == ' ') {
      if (letters_run > 12 || !end_token()) return false;
    } else {
      ++token_length;
      if (std::isalpha(static_cast<unsigned char>(c))) ++letters_run;
    }
  }
  return end_token();
}

// Removes leading URL-only lines; returns the first one (spaces removed) for the url field.
std::string StripLeadingUrlLines(std::string* text) {
  std::string url;
  size_t pos = 0;
  for (;;) {
    size_t end = text->find('\n', pos);
    std::string_view line = std::string_view(*text).substr(
        pos, end == std::string::npos ? std::string::npos : end - pos);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos && end != std::string::npos) {
      pos = end + 1;
      continue;
    }
    if (!IsUrlLine(line)) break;
    if (url.empty()) {
      for (char c : line) {
        if (c != ' ' && c != '\t' && c != '\r') url.push_back(c);
      }
    }
    if (end == std::string::npos) {
      pos = text->size();
      break;
    }
    pos = end + 1;
  }
  text->erase(0, pos);
  return url;
}

std::string HostOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  size_t end = url.find_first_of("/:?#");
  std::string host(url.substr(0, end));
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

}  // namespace

bool ProcessDocument(RawDocument raw, const PipelineOptions& options, TextAnalyzer& analyzer,
                     Document* doc, Rejection* rejection) {
  Article article;
  if (!raw.body.empty()) {
    if (raw.format == RawDocument::Format::kHtml) {
      article = ExtractHtml(raw.body, options.extract);
    } else {
      std::string url = StripLeadingUrlLines(&raw.body);
      if (raw.url.empty()) raw.url = url;
      // A record's own title comes first, so the extractor treats it as the title line (and
      // drops repetitions of it) instead of taking the body's first line.
      if (!raw.title.empty()) raw.body = raw.title + "\n\n" + raw.body;
      article = ExtractPlainText(raw.body, options.extract);
    }
  }
  doc->id = std::move(raw.id);
  doc->origin = std::move(raw.origin);
  doc->title = !raw.title.empty() ? std::move(raw.title) : std::move(article.title);
  doc->url = !raw.url.empty() ? std::move(raw.url) : std::move(article.canonical_url);
  doc->site = !raw.site.empty() ? std::move(raw.site) : std::move(article.site_name);
  if (doc->site.empty()) doc->site = HostOf(doc->url);
  doc->author = std::move(article.author);
  doc->published = raw.published ? raw.published : article.published;
  doc->paragraphs = std::move(article.paragraphs);
  doc->text = analyzer.Analyze(doc->title, doc->paragraphs, raw.language);

  if (raw.from_record) {
    if (doc->text.title.empty() && doc->text.body.empty()) {
      *rejection = {doc->id, "no words in the record's title or text"};
      return false;
    }
    return true;
  }
  if (doc->text.body.size() < options.extract.min_body_words) {
    *rejection = {doc->id, "no article text after extraction (" +
                               std::to_string(doc->text.body.size()) + " words, need " +
                               std::to_string(options.extract.min_body_words) + ")"};
    return false;
  }
  return true;
}

Status ForEachAnalyzed(const std::vector<std::string>& inputs, const PipelineOptions& options,
                       const std::function<void(Document&&)>& on_document,
                       const std::function<void(Rejection&&)>& on_rejection,
                       const ProgressCallback& progress) {
  std::unique_ptr<DocumentReader> reader;
  STORYLINE_RETURN_IF_ERROR(OpenDocumentReader(inputs, options.ingest, &reader));

  int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  tbb::enumerable_thread_specific<std::unique_ptr<TextAnalyzer>> analyzers(
      [&] { return std::make_unique<TextAnalyzer>(options.text); });

  // Read serially, extract and analyse in parallel, collect in input order.
  struct Item {
    std::optional<IngestItem> input;
    Document doc;
    Rejection rejection;
    bool accepted = false;
  };
  uint64_t done = 0;
  auto last_report = std::chrono::steady_clock::now();
  auto report = [&](PipelineProgress::Stage stage) {
    if (progress) progress({stage, reader->BytesRead(), reader->BytesTotal(), done});
  };
  tbb::parallel_pipeline(
      static_cast<size_t>(threads) * 4,
      tbb::make_filter<void, std::shared_ptr<Item>>(
          tbb::filter_mode::serial_in_order,
          [&](tbb::flow_control& fc) -> std::shared_ptr<Item> {
            auto item = std::make_shared<Item>();
            item->input = reader->Next();
            if (!item->input) {
              fc.stop();
              return nullptr;
            }
            return item;
          }) &
          tbb::make_filter<std::shared_ptr<Item>, std::shared_ptr<Item>>(
              tbb::filter_mode::parallel,
              [&](std::shared_ptr<Item> item) {
                if (auto* raw = std::get_if<RawDocument>(&*item->input)) {
                  item->accepted = ProcessDocument(std::move(*raw), options, *analyzers.local(),
                                                   &item->doc, &item->rejection);
                } else {
                  item->rejection = std::get<Rejection>(std::move(*item->input));
                }
                item->input.reset();
                return item;
              }) &
          tbb::make_filter<std::shared_ptr<Item>, void>(
              tbb::filter_mode::serial_in_order, [&](std::shared_ptr<Item> item) {
                if (item->accepted) {
                  on_document(std::move(item->doc));
                } else {
                  on_rejection(std::move(item->rejection));
                }
                ++done;
                if (progress) {
                  auto now = std::chrono::steady_clock::now();
                  if (now - last_report > std::chrono::milliseconds(100)) {
                    last_report = now;
                    report(PipelineProgress::Stage::kReading);
                  }
                }
              }));
  report(PipelineProgress::Stage::kReading);
  return Status::Ok();
}

Status ReadAndAnalyze(const std::vector<std::string>& inputs, const PipelineOptions& options,
                      PipelineResult* result, const ProgressCallback& progress) {
  return ForEachAnalyzed(
      inputs, options, [&](Document&& d) { result->documents.push_back(std::move(d)); },
      [&](Rejection&& r) { result->rejected.push_back(std::move(r)); }, progress);
}

Status RunDedup(const std::vector<std::string>& inputs, const PipelineOptions& options,
                PipelineResult* result, const ProgressCallback& progress) {
  auto start = std::chrono::steady_clock::now();
  int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  // Later stages report the reading totals with their own stage.
  PipelineProgress last;
  ProgressCallback reading;
  if (progress) {
    reading = [&](const PipelineProgress& p) {
      last = p;
      progress(p);
    };
  }
  STORYLINE_RETURN_IF_ERROR(ReadAndAnalyze(inputs, options, result, reading));
  if (progress) {
    last.stage = PipelineProgress::Stage::kFindingCopies;
    progress(last);
  }
  result->duplicates = FindDuplicates(result->documents, options.dedup);
  result->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Status::Ok();
}

Status RunPipeline(const std::vector<std::string>& inputs, const PipelineOptions& options,
                   PipelineResult* result, const ProgressCallback& progress) {
  auto start = std::chrono::steady_clock::now();
  int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  PipelineProgress last;
  ProgressCallback earlier_stages;
  if (progress) {
    earlier_stages = [&](const PipelineProgress& p) {
      last = p;
      progress(p);
    };
  }
  STORYLINE_RETURN_IF_ERROR(RunDedup(inputs, options, result, earlier_stages));
  if (progress) {
    last.stage = PipelineProgress::Stage::kGroupingStories;
    progress(last);
  }
  GroupStories(result, options.story);
  if (progress) {
    last.stage = PipelineProgress::Stage::kBuildingViews;
    progress(last);
  }
  BuildStoryViews(result, options);
  result->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Status::Ok();
}

void GroupStories(PipelineResult* result, const StoryOptions& options) {
  std::vector<bool> is_copy(result->documents.size(), false);
  for (const DuplicateGroup& group : result->duplicates) {
    for (const CopyLink& copy : group.copies) is_copy[copy.doc] = true;
  }
  std::vector<uint32_t> originals;
  for (uint32_t i = 0; i < result->documents.size(); ++i) {
    if (!is_copy[i]) originals.push_back(i);
  }
  result->stories = ClusterStories(result->documents, originals, options);
  RankStories(result);
}

void BuildStoryViews(PipelineResult* result, const PipelineOptions& options) {
  std::vector<const DuplicateGroup*> group_of(result->documents.size(), nullptr);
  for (const DuplicateGroup& g : result->duplicates) group_of[g.original] = &g;
  const std::vector<Document>& docs = result->documents;
  tbb::enumerable_thread_specific<std::unique_ptr<TextAnalyzer>> analyzers(
      [&] { return std::make_unique<TextAnalyzer>(options.text); });
  tbb::parallel_for(size_t{0}, result->stories.size(), [&](size_t i) {
    Story& story = result->stories[i];
    story.summary = Summarize(docs, story.members, options.summary, *analyzers.local());
    // Quotes are compared over copies too: a copy that changes what someone said is the case
    // a reader most needs to see.
    std::vector<uint32_t> carried(story.members.begin(), story.members.end());
    for (uint32_t m : story.members) {
      if (group_of[m]) {
        for (const CopyLink& c : group_of[m]->copies) carried.push_back(c.doc);
      }
    }
    std::stable_sort(carried.begin(), carried.end(),
                     [&](uint32_t a, uint32_t b) { return PublishedBefore(docs[a], docs[b]); });
    story.quotes = CompareQuotes(docs, carried, options.quotes);
  });
}

double StoryImportance(size_t sources, size_t copies, std::optional<UnixSeconds> newest_in_story,
                       std::optional<UnixSeconds> newest) {
  static constexpr double kHalfLifeSeconds = 3 * 24 * 3600;
  double score = static_cast<double>(sources) + 0.5 * static_cast<double>(copies);
  if (newest_in_story && newest) {
    score *= std::exp2(-static_cast<double>(*newest - *newest_in_story) / kHalfLifeSeconds);
  }
  return score;
}

void RankStories(PipelineResult* result) {
  std::vector<size_t> copies_of(result->documents.size(), 0);
  for (const DuplicateGroup& g : result->duplicates) copies_of[g.original] = g.copies.size();
  std::optional<UnixSeconds> newest;
  for (const Document& d : result->documents) {
    if (d.published && (!newest || *d.published > *newest)) newest = d.published;
  }
  for (Story& story : result->stories) {
    std::set<std::string_view> sites;
    size_t unnamed = 0, copies = 0;
    std::optional<UnixSeconds> newest_in_story;
    for (uint32_t m : story.members) {
      const Document& d = result->documents[m];
      if (d.site.empty()) {
        ++unnamed;
      } else {
        sites.insert(d.site);
      }
      if (d.published && (!newest_in_story || *d.published > *newest_in_story)) {
        newest_in_story = d.published;
      }
      copies += copies_of[m];
    }
    story.importance = StoryImportance(sites.size() + unnamed, copies, newest_in_story, newest);
  }
  std::stable_sort(result->stories.begin(), result->stories.end(),
                   [](const Story& a, const Story& b) { return a.importance > b.importance; });
}

}  // namespace storyline
