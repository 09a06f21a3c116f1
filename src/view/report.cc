// report.html: the compiled-in template filled with stories.json, cut into an index and pages
// (see the comment at the top of report_template.html).
#include <set>
#include <string>
#include <string_view>

#include "storyline/output.h"
#include "view/stories_json.h"

namespace storyline {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kTemplate =
#include "report_template.inc"
    ;
constexpr std::string_view kIndexMarker = "<!--STORYLINE_INDEX-->";
constexpr std::string_view kFirstPageMarker = "<!--STORYLINE_FIRST_PAGE-->";
constexpr std::string_view kMorePagesMarker = "<!--STORYLINE_MORE_PAGES-->";
constexpr size_t kPageSize = 40;       // stories drawn at a time, and stories per JSON page
constexpr size_t kSitesSearched = 20;  // distinct sites of a story the filter looks at
// A story of thousands of documents would make its page, and the page, slow to read: the
// report shows the first sources of each (those its summary cites always), copies and quote
// carriers, and says how many more stories.json has.
constexpr size_t kSourcesShown = 100;
constexpr size_t kCopiesShown = 20;
constexpr size_t kCarriersShown = 20;

// JSON to put inside <script>: "</script" or "<!--" in a title would end or derail the
// element. '<' can only occur inside JSON strings, where \u003c means the same character.
std::string ScriptJson(const Json& j) {
  std::string json = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string escaped;
  escaped.reserve(json.size() + json.size() / 64);
  for (char c : json) {
    if (c == '<') {
      escaped += "\\u003c";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

// What the filter matches: the headline and the first distinct site names.
std::string SearchText(const Json& story) {
  std::string text = story["headline"].get<std::string>();
  std::set<std::string> sites;
  for (const Json& source : story["timeline"]) {
    if (sites.size() == kSitesSearched) break;
    const std::string& site = source["site"].get_ref<const std::string&>();
    if (!site.empty() && sites.insert(site).second) text += " " + site;
  }
  return text;
}

// Keeps the first `keep` elements of `list` (and those `also` wants); returns how many it drops.
template <typename Also>
size_t Trim(Json& list, size_t keep, Also also) {
  if (list.size() <= keep) return 0;
  Json kept = Json::array();
  for (size_t i = 0; i < list.size(); ++i) {
    if (i < keep || also(list[i])) kept.push_back(std::move(list[i]));
  }
  size_t dropped = list.size() - kept.size();
  list = std::move(kept);
  return dropped;
}

void TrimForReport(Json& story) {
  std::set<std::string> cited;
  for (const Json& s : story["summary"]) cited.insert(s["doc"].get<std::string>());
  Json& timeline = story["timeline"];
  size_t dropped = Trim(timeline, kSourcesShown,
                        [&](const Json& source) { return cited.count(source["doc"]) > 0; });
  if (dropped > 0) story["timeline_omitted"] = dropped;
  for (Json& source : timeline) {
    if (size_t n = Trim(source["copies"], kCopiesShown, [](const Json&) { return false; })) {
      source["copies_omitted"] = n;
    }
  }
  for (Json& quote : story["quotes"]) {
    if (size_t n = Trim(quote["docs"], kCarriersShown, [](const Json&) { return false; })) {
      quote["docs_omitted"] = n;
    }
    Trim(quote["variants"], kCarriersShown, [](const Json&) { return false; });
  }
}

}  // namespace

void WriteReportHtml(const PipelineResult& result, std::ostream& out) {
  Json root = StoriesJsonRoot(result);
  Json& stories = root["stories"];
  Json index = {{"stats", root["stats"]},
                {"rejected", root["rejected"]},
                {"page_size", kPageSize},
                {"search", Json::array()}};
  for (Json& story : stories) {
    index["search"].push_back(SearchText(story));
    story.erase("members");  // the timeline lists the same documents, in the order shown
    TrimForReport(story);
  }

  const size_t index_at = kTemplate.find(kIndexMarker);
  const size_t first_at = kTemplate.find(kFirstPageMarker);
  const size_t more_at = kTemplate.find(kMorePagesMarker);
  auto page = [&](size_t k) {
    Json stories_of_page = Json::array();
    for (size_t i = k * kPageSize; i < stories.size() && i < (k + 1) * kPageSize; ++i) {
      stories_of_page.push_back(std::move(stories[i]));
    }
    out << "<script type=\"application/json\" class=\"storyline-page\">"
        << ScriptJson(stories_of_page) << "</script>\n";
  };
  const size_t pages = (stories.size() + kPageSize - 1) / kPageSize;

  out << kTemplate.substr(0, index_at) << ScriptJson(index);
  out << kTemplate.substr(index_at + kIndexMarker.size(), first_at - index_at - kIndexMarker.size());
  if (pages > 0) page(0);
  out << kTemplate.substr(first_at + kFirstPageMarker.size(),
                          more_at - first_at - kFirstPageMarker.size());
  for (size_t k = 1; k < pages; ++k) page(k);
  out << kTemplate.substr(more_at + kMorePagesMarker.size());
}

}  // namespace storyline
