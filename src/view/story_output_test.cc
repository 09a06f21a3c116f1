#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "storyline/output.h"

namespace storyline {
namespace {

using Json = nlohmann::json;

constexpr UnixSeconds kMarch20 = 1679300700;  // 2023-03-20T08:25:00Z

Document MakeDoc(std::string id, std::string site, std::string title,
                 std::optional<UnixSeconds> published, std::string lead) {
  Document d;
  d.id = std::move(id);
  d.origin = "pages/" + d.id;
  d.site = std::move(site);
  d.url = "https://" + d.site + "/" + d.id;
  d.title = std::move(title);
  d.published = published;
  d.paragraphs = {std::move(lead), "A second paragraph that no summary shows."};
  d.text.language = "en";
  return d;
}

// Two stories: s1 = {a1 (copied by a1-copy), a2 (no time)}, s2 = {b1 (German)}; one rejection.
PipelineResult SampleResult() {
  PipelineResult r;
  r.documents.push_back(MakeDoc("a1", "alpha.example",
                                "Storm \"Zeta\" hits Zürich — 5 dead, \\ roads closed", kMarch20,
                                "Storm Zeta reached Zürich on Monday morning."));
  r.documents.push_back(MakeDoc("a2", "beta.example", "Zürich clears up after the storm",
                                std::nullopt, "Crews cleared fallen trees."));
  r.documents.push_back(MakeDoc("b1", "gamma.example", "Wahl in Köln: Ergebnisse", kMarch20 + 86400,
                                "Die Stimmen sind ausgezählt.\nEin Satz."));
  r.documents.back().text.language = "de";
  r.documents.push_back(MakeDoc("a1-copy", "mirror.example", "Storm hits Zurich", kMarch20 + 3600,
                                "Storm Zeta reached Zürich on Monday morning."));
  r.rejected.push_back({"junk/empty.txt", "empty file"});
  r.duplicates.push_back({/*original=*/0, {{/*doc=*/3, CopyRelation::kNear, 0.87349}}});
  Story s1;
  s1.members = {0, 1};
  s1.headline_doc = 0;
  s1.importance = 2.5;
  s1.summary = {{0, 0, "Storm Zeta reached Zürich on Monday morning."},
                {1, 0, "Crews cleared fallen trees."}};
  s1.quotes = {{"Anna Keller",
                "We closed every road into the city",
                {0, 3},
                {{3, "We closed most roads into the city", {"every", "road"}, {"most", "roads"}}}}};
  Story s2;
  s2.members = {2};
  s2.headline_doc = 2;
  s2.importance = 1.0;
  s2.summary = {{2, 0, "Die Stimmen sind ausgezählt."}};
  r.stories = {s1, s2};
  r.seconds = 0.01234;
  return r;
}

Json StoriesJson(const PipelineResult& r) {
  std::ostringstream out;
  WriteStoriesJson(r, out);
  return Json::parse(out.str());  // throws, failing the test, when not valid JSON
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool IsRfc3339Utc(const std::string& s) {
  static const std::regex re(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)");
  return std::regex_match(s, re);
}

// The timeline lists the sources by first publication, undated ones last, each with its copies.
TEST(StoryOutputJsonTest, TimelineOrdersSourcesByPublication) {
  PipelineResult r = SampleResult();
  r.stories[0].members = {1, 0};  // a2 is the most representative, but undated
  Json timeline = StoriesJson(r)["stories"][0]["timeline"];
  ASSERT_EQ(timeline.size(), 2u);
  EXPECT_EQ(timeline[0]["doc"], "a1");
  EXPECT_EQ(timeline[0]["published"], "2023-03-20T08:25:00Z");
  EXPECT_EQ(timeline[0]["title"], "Storm \"Zeta\" hits Zürich — 5 dead, \\ roads closed");
  ASSERT_EQ(timeline[0]["copies"].size(), 1u);
  EXPECT_EQ(timeline[0]["copies"][0]["doc"], "a1-copy");
  EXPECT_EQ(timeline[0]["copies"][0]["relation"], "near");
  EXPECT_EQ(timeline[0]["copies"][0]["published"], "2023-03-20T09:25:00Z");
  EXPECT_EQ(timeline[1]["doc"], "a2");
  EXPECT_TRUE(timeline[1]["published"].is_null());
  EXPECT_TRUE(timeline[1]["copies"].empty());

  r.documents[1].published = kMarch20 - 600;  // a2 now came first
  timeline = StoriesJson(r)["stories"][0]["timeline"];
  EXPECT_EQ(timeline[0]["doc"], "a2");
  EXPECT_EQ(timeline[1]["doc"], "a1");
}

TEST(StoryOutputJsonTest, HasTheReadmeShape) {
  Json j = StoriesJson(SampleResult());
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.size(), 3u);
  ASSERT_TRUE(j["stories"].is_array());
  ASSERT_TRUE(j["rejected"].is_array());
  ASSERT_TRUE(j["stats"].is_object());
  ASSERT_EQ(j["stories"].size(), 2u);

  const Json& s1 = j["stories"][0];
  EXPECT_EQ(s1["id"], "s1");
  EXPECT_EQ(s1["headline"], "Storm \"Zeta\" hits Zürich — 5 dead, \\ roads closed");
  EXPECT_DOUBLE_EQ(s1["importance"].get<double>(), 2.5);
  EXPECT_EQ(s1["first_published"], "2023-03-20T08:25:00Z");
  EXPECT_EQ(s1["languages"], Json::array({"en"}));
  EXPECT_EQ(s1["sources"], 2);
  EXPECT_EQ(s1["copies"], 1);
  ASSERT_EQ(s1["summary"].size(), 2u);
  EXPECT_EQ(s1["summary"][0]["text"], "Storm Zeta reached Zürich on Monday morning.");
  EXPECT_EQ(s1["summary"][0]["doc"], "a1");
  EXPECT_EQ(s1["summary"][1]["text"], "Crews cleared fallen trees.");
  EXPECT_EQ(s1["summary"][1]["doc"], "a2");

  ASSERT_EQ(s1["quotes"].size(), 1u);
  const Json& quote = s1["quotes"][0];
  EXPECT_EQ(quote["speaker"], "Anna Keller");
  EXPECT_EQ(quote["text"], "We closed every road into the city");
  EXPECT_EQ(quote["docs"], Json::array({"a1", "a1-copy"}));
  EXPECT_EQ(quote["altered_in"], Json::array({"a1-copy"}));
  ASSERT_EQ(quote["variants"].size(), 1u);
  EXPECT_EQ(quote["variants"][0]["doc"], "a1-copy");
  EXPECT_EQ(quote["variants"][0]["text"], "We closed most roads into the city");
  EXPECT_EQ(quote["variants"][0]["removed"], Json::array({"every", "road"}));
  EXPECT_EQ(quote["variants"][0]["added"], Json::array({"most", "roads"}));

  ASSERT_EQ(s1["members"].size(), 2u);
  const Json& a1 = s1["members"][0];
  EXPECT_EQ(a1["doc"], "a1");
  EXPECT_EQ(a1["site"], "alpha.example");
  EXPECT_EQ(a1["title"], "Storm \"Zeta\" hits Zürich — 5 dead, \\ roads closed");
  EXPECT_EQ(a1["published"], "2023-03-20T08:25:00Z");
  EXPECT_EQ(a1["url"], "https://alpha.example/a1");
  EXPECT_EQ(a1["language"], "en");
  ASSERT_EQ(a1["copies"].size(), 1u);
  const Json& copy = a1["copies"][0];
  EXPECT_EQ(copy["doc"], "a1-copy");
  EXPECT_EQ(copy["relation"], "near");
  EXPECT_DOUBLE_EQ(copy["similarity"].get<double>(), 0.873);
  EXPECT_EQ(copy["site"], "mirror.example");
  EXPECT_EQ(copy["published"], "2023-03-20T09:25:00Z");

  const Json& a2 = s1["members"][1];
  EXPECT_EQ(a2["doc"], "a2");
  EXPECT_TRUE(a2["published"].is_null());
  EXPECT_TRUE(a2["copies"].is_array());
  EXPECT_TRUE(a2["copies"].empty());

  const Json& s2 = j["stories"][1];
  EXPECT_EQ(s2["id"], "s2");
  EXPECT_EQ(s2["headline"], "Wahl in Köln: Ergebnisse");
  EXPECT_EQ(s2["languages"], Json::array({"de"}));
  EXPECT_EQ(s2["copies"], 0);
  EXPECT_EQ(s2["summary"][0]["text"], "Die Stimmen sind ausgezählt.");
  EXPECT_EQ(s2["summary"][0]["doc"], "b1");
  EXPECT_TRUE(s2["quotes"].is_array());
  EXPECT_TRUE(s2["quotes"].empty());

  ASSERT_EQ(j["rejected"].size(), 1u);
  EXPECT_EQ(j["rejected"][0], Json({{"doc", "junk/empty.txt"}, {"reason", "empty file"}}));

  const Json& stats = j["stats"];
  EXPECT_EQ(stats["documents"], 5);
  EXPECT_EQ(stats["accepted"], 4);
  EXPECT_EQ(stats["rejected"], 1);
  EXPECT_EQ(stats["stories"], 2);
  EXPECT_EQ(stats["copies"], 1);
  EXPECT_DOUBLE_EQ(stats["seconds"].get<double>(), 0.012);
}

TEST(StoryOutputJsonTest, EveryTimeIsRfc3339OrNull) {
  Json j = StoriesJson(SampleResult());
  int times = 0, nulls = 0;
  auto check = [&](const Json& t) {
    if (t.is_null()) {
      ++nulls;
    } else {
      ASSERT_TRUE(t.is_string());
      EXPECT_TRUE(IsRfc3339Utc(t.get<std::string>())) << t;
      ++times;
    }
  };
  for (const Json& s : j["stories"]) {
    check(s["first_published"]);
    for (const Json& m : s["members"]) {
      check(m["published"]);
      for (const Json& c : m["copies"]) check(c["published"]);
    }
  }
  EXPECT_EQ(times, 5);  // 2 first_published, a1, b1, a1-copy
  EXPECT_EQ(nulls, 1);  // a2
}

TEST(StoryOutputJsonTest, StoryWithoutAnyTimeHasNullFirstPublished) {
  PipelineResult r = SampleResult();
  r.documents[2].published.reset();
  Json j = StoriesJson(r);
  EXPECT_TRUE(j["stories"][1]["first_published"].is_null());
  EXPECT_TRUE(j["stories"][1]["members"][0]["published"].is_null());
}

TEST(StoryOutputJsonTest, FirstPublishedCountsCopies) {
  PipelineResult r = SampleResult();
  r.documents[3].published = kMarch20 - 60;  // the copy appeared first
  Json j = StoriesJson(r);
  EXPECT_EQ(j["stories"][0]["first_published"], "2023-03-20T08:24:00Z");
}

TEST(StoryOutputJsonTest, EveryInputDocumentAppearsExactlyOnce) {
  PipelineResult r = SampleResult();
  Json j = StoriesJson(r);
  std::map<std::string, int> seen;
  for (const Json& s : j["stories"]) {
    for (const Json& m : s["members"]) {
      ++seen[m["doc"].get<std::string>()];
      for (const Json& c : m["copies"]) ++seen[c["doc"].get<std::string>()];
    }
  }
  for (const Json& rej : j["rejected"]) ++seen[rej["doc"].get<std::string>()];

  std::map<std::string, int> expected;
  for (const Document& d : r.documents) expected[d.id] = 1;
  for (const Rejection& rej : r.rejected) expected[rej.doc] = 1;
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(j["stats"]["documents"].get<size_t>(), expected.size());
}

TEST(StoryOutputJsonTest, InvalidUtf8InATitleStillGivesValidJson) {
  PipelineResult r = SampleResult();
  r.documents[1].title = "Caf\xe9 closed";  // Latin-1, not UTF-8
  std::ostringstream out;
  ASSERT_NO_THROW(WriteStoriesJson(r, out));
  Json j = Json::parse(out.str());
  EXPECT_EQ(j["stories"][0]["members"][1]["title"], "Caf\xef\xbf\xbd closed");  // U+FFFD
}

TEST(StoryOutputJsonTest, EmptyResult) {
  Json j = StoriesJson(PipelineResult{});
  EXPECT_TRUE(j["stories"].is_array());
  EXPECT_TRUE(j["stories"].empty());
  EXPECT_TRUE(j["rejected"].is_array());
  EXPECT_TRUE(j["rejected"].empty());
  EXPECT_EQ(j["stats"]["documents"], 0);
  EXPECT_EQ(j["stats"]["stories"], 0);
}

TEST(StoryOutputJsonlTest, StoriesThenRejectionsThenStatsOneObjectPerLine) {
  PipelineResult r = SampleResult();
  r.rejected.push_back({"feed.jsonl:3", "malformed JSON: TAPE_ERROR"});
  std::ostringstream out;
  WriteStoriesJsonl(r, out);
  std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 2u + 2u + 1u);

  std::vector<Json> objects;
  for (const std::string& line : lines) {
    Json j = Json::parse(line);  // each line on its own is valid JSON
    ASSERT_TRUE(j.is_object()) << line;
    ASSERT_TRUE(j.contains("type")) << line;
    objects.push_back(std::move(j));
  }
  EXPECT_EQ(objects[0]["type"], "story");
  EXPECT_EQ(objects[1]["type"], "story");
  EXPECT_EQ(objects[2]["type"], "rejected");
  EXPECT_EQ(objects[3]["type"], "rejected");
  EXPECT_EQ(objects[4]["type"], "stats");

  // Story lines carry exactly the stories.json story objects, plus `type`.
  Json full = StoriesJson(r);
  for (size_t i = 0; i < 2; ++i) {
    Json story = objects[i];
    story.erase("type");
    EXPECT_EQ(story, full["stories"][i]) << "story line " << i;
  }
  EXPECT_EQ(objects[2]["doc"], "junk/empty.txt");
  EXPECT_EQ(objects[2]["reason"], "empty file");
  EXPECT_EQ(objects[3]["doc"], "feed.jsonl:3");
  Json stats = objects[4];
  stats.erase("type");
  EXPECT_EQ(stats, full["stats"]);
  EXPECT_EQ(stats["documents"], 6);
}

TEST(StoryOutputJsonlTest, EmptyResultIsOneStatsLine) {
  std::ostringstream out;
  WriteStoriesJsonl(PipelineResult{}, out);
  std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(Json::parse(lines[0])["type"], "stats");
}

TEST(StoryOutputSummaryTest, NamesHeadlinesSourcesAndCopies) {
  std::ostringstream out;
  WriteTerminalSummary(SampleResult(), out, 0);
  const std::string s = out.str();
  EXPECT_NE(s.find("5 documents -> 2 stories, 1 copy found, 1 rejected"), std::string::npos) << s;
  size_t first = s.find("1. Storm \"Zeta\" hits Zürich — 5 dead, \\ roads closed");
  size_t second = s.find("2. Wahl in Köln: Ergebnisse");
  ASSERT_NE(first, std::string::npos) << s;
  ASSERT_NE(second, std::string::npos) << s;
  EXPECT_LT(first, second);
  EXPECT_NE(s.find("2 sources, 1 copy: a1-copy (near of a1)"), std::string::npos) << s;
  EXPECT_NE(s.find("1 source\n"), std::string::npos) << s;
  EXPECT_EQ(s.find("more stories"), std::string::npos) << s;
}

TEST(StoryOutputSummaryTest, NamesAtMostThreeCopiesPerStory) {
  PipelineResult r = SampleResult();
  // Three more copies of a1 and two of a2: six copies in story 1, across two members.
  r.duplicates.clear();
  r.duplicates.push_back({/*original=*/0, {{3, CopyRelation::kNear, 0.9}}});
  r.duplicates.push_back({/*original=*/1, {}});
  for (int i = 0; i < 5; ++i) {
    r.documents.push_back(
        MakeDoc("copy" + std::to_string(i), "m.example", "Copy", kMarch20 + 7200, "Copy text."));
    r.duplicates[i < 3 ? 0 : 1].copies.push_back(
        {static_cast<uint32_t>(r.documents.size() - 1), CopyRelation::kExact, 1.0});
  }
  std::ostringstream out;
  WriteTerminalSummary(r, out, 0);
  const std::string s = out.str();
  EXPECT_NE(s.find("2 sources, 6 copies: a1-copy (near of a1) copy0 (exact of a1) copy1 (exact "
                   "of a1) and 3 more\n"),
            std::string::npos)
      << s;
  EXPECT_EQ(s.find("copy2"), std::string::npos) << s;
  EXPECT_EQ(s.find("copy3"), std::string::npos) << s;
}

TEST(StoryOutputSummaryTest, MaxStoriesBoundsTheListing) {
  PipelineResult r = SampleResult();
  std::ostringstream out;
  WriteTerminalSummary(r, out, 1);
  const std::string s = out.str();
  EXPECT_NE(s.find("1. Storm \"Zeta\""), std::string::npos) << s;
  EXPECT_EQ(s.find("Wahl in Köln"), std::string::npos) << s;
  EXPECT_EQ(s.find("2. "), std::string::npos) << s;
  EXPECT_NE(s.find("... and 1 more story\n"), std::string::npos) << s;

  // A bound at or above the number of stories lists them all.
  std::ostringstream all;
  WriteTerminalSummary(r, all, 2);
  EXPECT_NE(all.str().find("Wahl in Köln"), std::string::npos);
  EXPECT_EQ(all.str().find("more stories"), std::string::npos);
}

TEST(StoryOutputSummaryTest, UntitledHeadlineShowsTheDocumentId) {
  PipelineResult r = SampleResult();
  r.documents[2].title.clear();
  std::ostringstream out;
  WriteTerminalSummary(r, out, 0);
  EXPECT_NE(out.str().find("2. (untitled) b1"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace storyline

namespace storyline {
namespace {

// report.html taken apart: its JSON script elements (the index, then the pages of stories in
// order) and the rest of the page.
struct ReportParts {
  Json index;
  Json stories = Json::array();  // the pages' stories, concatenated
  size_t pages = 0;
  std::vector<size_t> page_offsets;  // where each page's element starts
  size_t app_script = std::string::npos;  // where the page's own script starts
  std::string without_data;               // the page with the JSON elements' contents removed
  size_t script_closes = 0;               // "</script>" in the whole file
};

ReportParts ParseReport(const std::string& html) {
  ReportParts r;
  const std::string index_open = R"(<script type="application/json" id="storyline-index">)";
  const std::string page_open = R"(<script type="application/json" class="storyline-page">)";
  size_t pos = 0;
  while (true) {
    size_t at = html.find("<script", pos);
    if (at == std::string::npos) break;
    size_t close = html.find("</script>", at);
    if (close == std::string::npos) break;
    ++r.script_closes;
    if (html.compare(at, index_open.size(), index_open) == 0) {
      r.index = Json::parse(html.substr(at + index_open.size(), close - at - index_open.size()));
      r.without_data += html.substr(pos, at - pos) + index_open;
    } else if (html.compare(at, page_open.size(), page_open) == 0) {
      r.page_offsets.push_back(at);
      ++r.pages;
      for (Json& story : Json::parse(html.substr(at + page_open.size(),
                                                 close - at - page_open.size()))) {
        r.stories.push_back(std::move(story));
      }
      r.without_data += html.substr(pos, at - pos) + page_open;
    } else {
      if (r.app_script == std::string::npos) r.app_script = at;
      r.without_data += html.substr(pos, close - pos);
    }
    pos = close;
  }
  r.without_data += html.substr(pos);
  return r;
}

std::string Report(const PipelineResult& r) {
  std::ostringstream out;
  WriteReportHtml(r, out);
  return out.str();
}

// The report carries stories.json: the stories (their members are the timeline's documents),
// the stats and the rejected documents.
TEST(ReportHtmlTest, CarriesStoriesJson) {
  PipelineResult r = SampleResult();
  std::string html = Report(r);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(html.find("<!--STORYLINE_"), std::string::npos);
  ReportParts parts = ParseReport(html);
  Json expected = StoriesJson(r);
  EXPECT_EQ(parts.index["stats"], expected["stats"]);
  EXPECT_EQ(parts.index["rejected"], expected["rejected"]);
  ASSERT_EQ(parts.index["search"].size(), 2u);
  EXPECT_EQ(parts.index["search"][0],
            "Storm \"Zeta\" hits Zürich — 5 dead, \\ roads closed alpha.example beta.example");
  for (Json& story : expected["stories"]) story.erase("members");
  EXPECT_EQ(parts.stories, expected["stories"]);
}

// Stories come in pages of 40: the first before the page's script, so that it draws them
// before reading the rest of the file, the others after it.
TEST(ReportHtmlTest, PagesOfFortyTheFirstBeforeTheScript) {
  PipelineResult r = SampleResult();
  for (int i = 0; i < 83; ++i) r.stories.push_back(r.stories[i % 2]);  // 85 stories
  ReportParts parts = ParseReport(Report(r));
  ASSERT_EQ(parts.pages, 3u);
  ASSERT_EQ(parts.stories.size(), 85u);
  EXPECT_EQ(parts.index["search"].size(), 85u);
  EXPECT_EQ(parts.stories[84]["id"], "s85");
  EXPECT_LT(parts.page_offsets[0], parts.app_script);
  EXPECT_GT(parts.page_offsets[1], parts.app_script);
  EXPECT_GT(parts.page_offsets[2], parts.page_offsets[1]);
}

// A story of 150 sources shows the first 100 in the report, plus any its summary cites, and
// says how many it leaves out; stories.json keeps them all.
TEST(ReportHtmlTest, VeryLargeStoriesAreTrimmedWithACount) {
  PipelineResult r;
  Story story;
  for (uint32_t i = 0; i < 150; ++i) {
    r.documents.push_back(MakeDoc("d" + std::to_string(i), "site" + std::to_string(i) + ".example",
                                  "Title " + std::to_string(i), kMarch20 + i, "Lead."));
    story.members.push_back(i);
  }
  story.summary = {{0, 0, "Lead."}, {149, 0, "Lead."}};
  r.stories = {story};
  EXPECT_EQ(StoriesJson(r)["stories"][0]["timeline"].size(), 150u);
  ReportParts parts = ParseReport(Report(r));
  const Json& shown = parts.stories[0];
  ASSERT_EQ(shown["timeline"].size(), 101u);
  EXPECT_EQ(shown["timeline"][99]["doc"], "d99");
  EXPECT_EQ(shown["timeline"][100]["doc"], "d149");  // cited by the summary
  EXPECT_EQ(shown["timeline_omitted"], 49);
  EXPECT_EQ(shown["sources"], 150);
}

// Crawled titles are hostile: none may end a data element or run as script.
TEST(ReportHtmlTest, TitlesCannotBreakOutOfTheData) {
  PipelineResult r = SampleResult();
  r.documents[0].title = "</script><script>alert(1)</script><!-- <script>";
  r.documents[1].title = "A & B <b>bold</b>";
  std::string html = Report(r);
  EXPECT_EQ(html.find("alert(1)</script>"), std::string::npos);
  ReportParts parts = ParseReport(html);
  EXPECT_EQ(parts.script_closes, 3u);  // the index, one page, the page's own script
  EXPECT_EQ(parts.stories[0]["headline"], r.documents[0].title);
  EXPECT_EQ(parts.stories[0]["timeline"][1]["title"], "A & B <b>bold</b>");
}

// No network request: the page names no address outside the embedded data.
TEST(ReportHtmlTest, IsSelfContained) {
  ReportParts parts = ParseReport(Report(SampleResult()));
  const std::string& page = parts.without_data;
  EXPECT_EQ(page.find("://"), std::string::npos);
  EXPECT_EQ(page.find(" src="), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  EXPECT_NE(page.find("Content-Security-Policy"), std::string::npos);
}

TEST(ReportHtmlTest, EmptyResultIsAValidPage) {
  PipelineResult r;
  std::string html = Report(r);
  ReportParts parts = ParseReport(html);
  EXPECT_EQ(parts.pages, 0u);
  EXPECT_TRUE(parts.index["search"].empty());
  EXPECT_NE(parts.app_script, std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

}  // namespace
}  // namespace storyline
