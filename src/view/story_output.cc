// stories.json, its JSON Lines variant, the terminal summary, and `storyline extract`'s JSON.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "storyline/output.h"
#include "storyline/timestamp.h"
#include "view/stories_json.h"

namespace storyline {
namespace {

using Json = nlohmann::ordered_json;

double Round(double x, int digits) {
  double scale = std::pow(10.0, digits);
  return std::round(x * scale) / scale;
}

Json TimeOrNull(const std::optional<UnixSeconds>& t) {
  return t ? Json(FormatTimestamp(*t)) : Json(nullptr);
}

// Copies of each original, indexed by the original's document index.
std::vector<const DuplicateGroup*> GroupsByOriginal(const PipelineResult& result) {
  std::vector<const DuplicateGroup*> by_original(result.documents.size(), nullptr);
  for (const DuplicateGroup& g : result.duplicates) by_original[g.original] = &g;
  return by_original;
}

// The story's independent sources in order of first publication (undated ones last, in
// member order), each with its copies in order of publication: who reported it first, and who
// copied whom.
Json TimelineToJson(const PipelineResult& result, const Story& story,
                    const std::vector<const DuplicateGroup*>& groups) {
  const auto& docs = result.documents;
  auto earlier = [&](uint32_t a, uint32_t b) { return PublishedBefore(docs[a], docs[b]); };
  std::vector<uint32_t> order(story.members.begin(), story.members.end());
  std::stable_sort(order.begin(), order.end(), earlier);
  Json timeline = Json::array();
  for (uint32_t m : order) {
    const Document& d = docs[m];
    Json copies = Json::array();
    if (const DuplicateGroup* g = groups[m]) {
      std::vector<const CopyLink*> links;
      for (const CopyLink& c : g->copies) links.push_back(&c);
      std::stable_sort(links.begin(), links.end(),
                       [&](const CopyLink* a, const CopyLink* b) { return earlier(a->doc, b->doc); });
      for (const CopyLink* c : links) {
        const Document& cd = docs[c->doc];
        copies.push_back({{"doc", cd.id},
                          {"site", cd.site},
                          {"title", cd.title},
                          {"url", cd.url},
                          {"published", TimeOrNull(cd.published)},
                          {"relation", CopyRelationName(c->relation)},
                          {"similarity", Round(c->similarity, 3)}});
      }
    }
    timeline.push_back({{"doc", d.id},
                        {"site", d.site},
                        {"title", d.title},
                        {"url", d.url},
                        {"published", TimeOrNull(d.published)},
                        {"copies", std::move(copies)}});
  }
  return timeline;
}

// {"speaker", "text", "docs", "altered_in", "variants": [{"doc", "text", "removed", "added"}]}
Json QuotesToJson(const PipelineResult& result, const Story& story) {
  const auto& docs = result.documents;
  Json quotes = Json::array();
  for (const StoryQuote& q : story.quotes) {
    Json ids = Json::array(), altered = Json::array(), variants = Json::array();
    for (uint32_t d : q.docs) ids.push_back(docs[d].id);
    for (const QuoteVariant& v : q.altered) {
      altered.push_back(docs[v.doc].id);
      variants.push_back(
          {{"doc", docs[v.doc].id}, {"text", v.text}, {"removed", v.removed}, {"added", v.added}});
    }
    quotes.push_back({{"speaker", q.speaker},
                      {"text", q.text},
                      {"docs", std::move(ids)},
                      {"altered_in", std::move(altered)},
                      {"variants", std::move(variants)}});
  }
  return quotes;
}

Json StoryToJson(const PipelineResult& result, const Story& story, size_t rank,
                 const std::vector<const DuplicateGroup*>& groups) {
  const auto& docs = result.documents;
  Json j;
  // Appended, not `"s" + to_string(...)`, which trips GCC 12's false -Wrestrict (PR 105329).
  std::string id = "s";
  id += std::to_string(rank + 1);
  j["id"] = id;
  j["headline"] = docs[story.headline_doc].title;
  j["importance"] = Round(story.importance, 3);

  std::optional<UnixSeconds> first;
  std::set<std::string> languages;
  auto note = [&](const Document& d) {
    if (d.published && (!first || *d.published < *first)) first = d.published;
    languages.insert(d.text.language);
  };
  Json members = Json::array();
  size_t copies = 0;
  for (uint32_t m : story.members) {
    const Document& d = docs[m];
    note(d);
    Json member;
    member["doc"] = d.id;
    member["site"] = d.site;
    member["title"] = d.title;
    member["published"] = TimeOrNull(d.published);
    member["url"] = d.url;
    member["language"] = d.text.language;
    Json copy_list = Json::array();
    if (const DuplicateGroup* g = groups[m]) {
      for (const CopyLink& c : g->copies) {
        const Document& cd = docs[c.doc];
        note(cd);
        copy_list.push_back({{"doc", cd.id},
                             {"relation", CopyRelationName(c.relation)},
                             {"similarity", Round(c.similarity, 3)},
                             {"site", cd.site},
                             {"published", TimeOrNull(cd.published)}});
        ++copies;
      }
    }
    member["copies"] = std::move(copy_list);
    members.push_back(std::move(member));
  }
  j["first_published"] = TimeOrNull(first);
  j["languages"] = Json(std::vector<std::string>(languages.begin(), languages.end()));
  Json summary = Json::array();
  for (const SummarySentence& s : story.summary) {
    summary.push_back({{"text", s.text}, {"doc", docs[s.doc].id}});
  }
  j["summary"] = std::move(summary);
  j["sources"] = story.members.size();
  j["copies"] = copies;
  j["timeline"] = TimelineToJson(result, story, groups);
  j["members"] = std::move(members);
  j["quotes"] = QuotesToJson(result, story);
  return j;
}

Json RejectionToJson(const Rejection& r) { return {{"doc", r.doc}, {"reason", r.reason}}; }

size_t CountCopies(const PipelineResult& result) {
  size_t n = 0;
  for (const DuplicateGroup& g : result.duplicates) n += g.copies.size();
  return n;
}

Json StatsToJson(const PipelineResult& result) {
  return {{"documents", result.documents.size() + result.rejected.size()},
          {"accepted", result.documents.size()},
          {"rejected", result.rejected.size()},
          {"stories", result.stories.size()},
          {"copies", CountCopies(result)},
          {"seconds", Round(result.seconds, 3)}};
}

}  // namespace

Json StoryJson(const PipelineResult& result, size_t story) {
  return StoryToJson(result, result.stories[story], story, GroupsByOriginal(result));
}

Json StoriesJsonRoot(const PipelineResult& result) {
  auto groups = GroupsByOriginal(result);
  Json root;
  Json stories = Json::array();
  for (size_t i = 0; i < result.stories.size(); ++i) {
    stories.push_back(StoryToJson(result, result.stories[i], i, groups));
  }
  root["stories"] = std::move(stories);
  Json rejected = Json::array();
  for (const Rejection& r : result.rejected) rejected.push_back(RejectionToJson(r));
  root["rejected"] = std::move(rejected);
  root["stats"] = StatsToJson(result);
  return root;
}

void WriteStoriesJson(const PipelineResult& result, std::ostream& out) {
  out << StoriesJsonRoot(result).dump(1, ' ', false, Json::error_handler_t::replace) << '\n';
}

void WriteStoriesJsonl(const PipelineResult& result, std::ostream& out) {
  auto groups = GroupsByOriginal(result);
  auto dump = [&](const Json& j) {
    out << j.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  };
  for (size_t i = 0; i < result.stories.size(); ++i) {
    Json line = {{"type", "story"}};
    line.update(StoryToJson(result, result.stories[i], i, groups));
    dump(line);
  }
  for (const Rejection& r : result.rejected) {
    Json line = {{"type", "rejected"}};
    line.update(RejectionToJson(r));
    dump(line);
  }
  Json line = {{"type", "stats"}};
  line.update(StatsToJson(result));
  dump(line);
}

void WriteTerminalSummary(const PipelineResult& result, std::ostream& out, size_t max_stories) {
  size_t copies = CountCopies(result);
  out << "storyline: " << result.documents.size() + result.rejected.size() << " documents -> "
      << result.stories.size() << (result.stories.size() == 1 ? " story, " : " stories, ") << copies
      << (copies == 1 ? " copy" : " copies") << " found, " << result.rejected.size()
      << " rejected (" << Round(result.seconds, 2) << " s)\n";
  auto groups = GroupsByOriginal(result);
  size_t shown =
      max_stories == 0 ? result.stories.size() : std::min(max_stories, result.stories.size());
  for (size_t i = 0; i < shown; ++i) {
    const Story& s = result.stories[i];
    size_t story_copies = 0;
    for (uint32_t m : s.members) story_copies += groups[m] ? groups[m]->copies.size() : 0;
    std::string headline = result.documents[s.headline_doc].title;
    if (headline.empty()) headline = "(untitled) " + result.documents[s.headline_doc].id;
    out << "  " << (i + 1) << ". " << headline << "\n     " << s.members.size()
        << (s.members.size() == 1 ? " source" : " sources");
    if (story_copies > 0) {
      // A wire story copied hundreds of times would flood the terminal: name the first few.
      constexpr size_t kCopiesNamed = 3;
      out << ", " << story_copies << (story_copies == 1 ? " copy" : " copies") << ":";
      size_t named = 0;
      for (uint32_t m : s.members) {
        if (!groups[m]) continue;
        for (const CopyLink& c : groups[m]->copies) {
          if (named == kCopiesNamed) break;
          ++named;
          out << " " << result.documents[c.doc].id << " (" << CopyRelationName(c.relation) << " of "
              << result.documents[m].id << ")";
        }
      }
      if (story_copies > kCopiesNamed) out << " and " << story_copies - kCopiesNamed << " more";
    }
    out << "\n";
  }
  if (shown < result.stories.size()) {
    const size_t hidden = result.stories.size() - shown;
    out << "  ... and " << hidden << (hidden == 1 ? " more story\n" : " more stories\n");
  }
}

}  // namespace storyline
