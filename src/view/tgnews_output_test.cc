#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "storyline/output.h"

namespace storyline {
namespace {

using Json = nlohmann::json;

Document MakeDoc(std::string id, std::string title, std::string language) {
  Document d;
  d.id = std::move(id);
  d.title = std::move(title);
  d.text.language = std::move(language);
  return d;
}

// s1 = {a/x/1.html (copied by z/4.html at 0.8 and z/5.html at 0.95), b/2.html}, s2 = {3.html}.
PipelineResult SampleResult() {
  PipelineResult r;
  r.documents = {MakeDoc("a/x/1.html", "Storm hits \"Zürich\"", "en"),
                 MakeDoc("b/2.html", "Zürich clears up", "en"),
                 MakeDoc("3.html", "Elecciones en Madrid", "es"),
                 MakeDoc("z/4.html", "Storm hits Zurich", "en"),
                 MakeDoc("z/5.html", "Storm hits Zurich!", "en"),
                 MakeDoc("6.html", "???", "un")};
  r.duplicates = {{0, {{3, CopyRelation::kNear, 0.8}, {4, CopyRelation::kExact, 0.95}}}};
  Story s1;
  s1.members = {1, 0};
  s1.headline_doc = 0;
  Story s2;
  s2.members = {2, 5};
  s2.headline_doc = 2;
  r.stories = {s1, s2};
  return r;
}

template <typename Write>
Json Written(const PipelineResult& r, Write write) {
  std::ostringstream out;
  write(r, out);
  return Json::parse(out.str());  // throws, failing the test, when not valid JSON
}

TEST(TgnewsOutputTest, LanguagesMostArticlesFirstWithBareNamesAndNoUnknown) {
  Json j = Written(SampleResult(), WriteTgnewsLanguages);
  EXPECT_EQ(j, Json::parse(R"([
    {"lang_code": "en", "articles": ["1.html", "2.html", "4.html", "5.html"]},
    {"lang_code": "es", "articles": ["3.html"]}])"));
}

TEST(TgnewsOutputTest, ThreadsListMembersThenCopiesMostSimilarFirst) {
  Json j = Written(SampleResult(), WriteTgnewsThreads);
  EXPECT_EQ(j, Json::parse(R"([
    {"title": "Storm hits \"Zürich\"", "articles": ["2.html", "1.html", "5.html", "4.html"]},
    {"title": "Elecciones en Madrid", "articles": ["3.html", "6.html"]}])"));
}

TEST(TgnewsOutputTest, TopHasOneAnyEntryWithTheThreadsInOrder) {
  PipelineResult r = SampleResult();
  Json top = Written(r, WriteTgnewsTop);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0]["category"], "any");
  EXPECT_EQ(top[0]["threads"], Written(r, WriteTgnewsThreads));
}

TEST(TgnewsOutputTest, EmptyResultsAreEmptyArrays) {
  PipelineResult empty;
  EXPECT_EQ(Written(empty, WriteTgnewsLanguages), Json::array());
  EXPECT_EQ(Written(empty, WriteTgnewsThreads), Json::array());
  EXPECT_EQ(Written(empty, WriteTgnewsTop), Json::parse(R"([{"category": "any", "threads": []}])"));
}

// A title that is not valid UTF-8 (a page with a wrong charset) still gives valid JSON.
TEST(TgnewsOutputTest, InvalidUtf8TitleIsReplaced) {
  PipelineResult r;
  r.documents = {MakeDoc("1.html", "bad \xff byte", "en")};
  Story s;
  s.members = {0};
  r.stories = {s};
  Json j = Written(r, WriteTgnewsThreads);
  EXPECT_EQ(j[0]["title"], "bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace storyline
