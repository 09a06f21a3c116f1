#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <unordered_map>

#include "storyline/eval.h"

namespace storyline {
namespace {

using LabelMap = std::unordered_map<std::string, std::string>;

// Writes `content` to a fresh file in the test's temporary directory and returns its path.
std::string WriteFile(const std::string& name, const std::string& content) {
  const std::string path = ::testing::TempDir() + "/storyline_eval_" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  return path;
}

TEST(ReadGoldLabelsTest, JsonLinesWithNamedField) {
  const std::string path = WriteFile(
      "gold.jsonl",
      "{\"doc\": \"1_1ecb.xml\", \"topic\": 1, \"subtopic_event_cluster\": \"1_ecb\"}\n"
      "\n"
      "{\"doc\": \"1_2ecb.xml\", \"topic\": 1, \"subtopic_event_cluster\": \"1_ecbplus\"}\n"
      "{\"id\": 17, \"topic\": 2, \"subtopic_event_cluster\": \"2_ecb\"}\n");
  LabelMap labels;
  ASSERT_TRUE(ReadGoldLabels(path, "subtopic_event_cluster", &labels).ok());
  EXPECT_EQ(labels,
            (LabelMap{{"1_1ecb.xml", "1_ecb"}, {"1_2ecb.xml", "1_ecbplus"}, {"17", "2_ecb"}}));
  // A numeric field is read as text.
  LabelMap topics;
  ASSERT_TRUE(ReadGoldLabels(path, "topic", &topics).ok());
  EXPECT_EQ(topics["1_1ecb.xml"], "1");
  EXPECT_EQ(topics["17"], "2");
}

TEST(ReadGoldLabelsTest, JsonLinesDefaultsToLabel) {
  const std::string path = WriteFile("label.jsonl", "{\"doc\": \"a\", \"label\": \"x\"}\n");
  LabelMap labels;
  ASSERT_TRUE(ReadGoldLabels(path, "", &labels).ok());
  EXPECT_EQ(labels, (LabelMap{{"a", "x"}}));
}

TEST(ReadGoldLabelsTest, MalformedJsonLineNamesFileAndLine) {
  const std::string path = WriteFile("bad.jsonl",
                                     "{\"doc\": \"a\", \"label\": \"x\"}\n"
                                     "{\"doc\": \"b\", \"label\": \n"
                                     "{\"doc\": \"c\", \"label\": \"y\"}\n");
  LabelMap labels;
  Status s = ReadGoldLabels(path, "", &labels);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(path + ":2"), std::string::npos) << s.ToString();

  const std::string missing = WriteFile("missing.jsonl", "{\"doc\": \"a\", \"other\": 1}\n");
  s = ReadGoldLabels(missing, "", &labels);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(missing + ":1"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("label"), std::string::npos) << s.ToString();
}

TEST(ReadGoldLabelsTest, CsvWithQuotedCommasAndStoryColumn) {
  const std::string path = WriteFile(
      "gold.csv",
      "ID,TITLE,URL,PUBLISHER,CATEGORY,STORY,HOSTNAME,TIMESTAMP\n"
      "1,\"Fed official says weak data caused by weather, should not slow taper\","
      "http://a.example/x,LA Times,b,ddUy,a.example,1394470370698\n"
      "2,Fed's Plosser sees high bar,http://b.example/y,Livemint,b,ddUy,b.example,1394470371207\n"
      "3,\"A \"\"quoted\"\" title, with a comma\",http://c.example/z,IFA,t,eF9x,c.example,1\n"
      "4,\"A title\nthat spans lines\",http://d.example/,D,t,eF9x,d.example,2\n");
  LabelMap labels;
  Status s = ReadGoldLabels(path, "", &labels);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(labels, (LabelMap{{"1", "ddUy"}, {"2", "ddUy"}, {"3", "eF9x"}, {"4", "eF9x"}}));
  // A named field.
  LabelMap categories;
  ASSERT_TRUE(ReadGoldLabels(path, "CATEGORY", &categories).ok());
  EXPECT_EQ(categories["3"], "t");
}

TEST(ReadGoldLabelsTest, MalformedCsvRowNamesFileAndLine) {
  const std::string path = WriteFile("bad.csv",
                                     "id,label\n"
                                     "a,x\n"
                                     "b,y\n"
                                     "c\n");
  LabelMap labels;
  Status s = ReadGoldLabels(path, "", &labels);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(path + ":4"), std::string::npos) << s.ToString();

  const std::string no_column = WriteFile("nocol.csv", "id,title\na,x\n");
  s = ReadGoldLabels(no_column, "", &labels);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(no_column + ":1"), std::string::npos) << s.ToString();

  const std::string open_quote = WriteFile("quote.csv", "id,label\na,x\nb,\"unterminated\n");
  s = ReadGoldLabels(open_quote, "", &labels);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(open_quote + ":3"), std::string::npos) << s.ToString();
}

TEST(ReadGoldLabelsTest, CsvLastRecordCutOffIsIgnored) {
  const std::string path = WriteFile("cut.csv", "id,label\na,x\nb,y\nc");
  LabelMap labels;
  Status s = ReadGoldLabels(path, "", &labels);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(labels, (LabelMap{{"a", "x"}, {"b", "y"}}));
  // A complete (newline-terminated) short record is an error.
  const std::string complete = WriteFile("short.csv", "id,label\na,x\nb,y\nc\n");
  EXPECT_FALSE(ReadGoldLabels(complete, "", &labels).ok());
}

TEST(ReadGoldLabelsTest, MissingFileIsAnError) {
  LabelMap labels;
  EXPECT_FALSE(ReadGoldLabels(::testing::TempDir() + "/no/such/file.jsonl", "", &labels).ok());
}

TEST(ReadPredictedLabelsTest, StoriesJsonWithCopies) {
  const std::string path = WriteFile("stories.json", R"({
  "stories": [
    {"id": "s1", "headline": "Quake", "members": [
      {"doc": "a.html", "title": "Quake hits", "copies": [
        {"doc": "a-copy.html", "relation": "near", "similarity": 0.9},
        {"doc": "a-spun.html", "relation": "rewrite", "similarity": 0.6}]},
      {"doc": "b.html", "copies": []}]},
    {"id": "s2", "members": [{"doc": "c.html"}]}
  ],
  "rejected": [{"doc": "empty.html", "reason": "empty: no main text"}],
  "stats": {"documents": 6, "stories": 2}
})");
  LabelMap labels;
  Status s = ReadPredictedLabels(path, &labels);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(labels, (LabelMap{{"a.html", "s1"},
                              {"a-copy.html", "s1"},
                              {"a-spun.html", "s1"},
                              {"b.html", "s1"},
                              {"c.html", "s2"}}));
}

TEST(ReadPredictedLabelsTest, JsonLinesOutput) {
  const std::string path =
      WriteFile("stories.jsonl",
                "{\"type\":\"story\",\"id\":\"s1\",\"members\":[{\"doc\":\"a\",\"copies\":[{"
                "\"doc\":\"a2\"}]}]}\n"
                "{\"type\":\"story\",\"id\":\"s2\",\"members\":[{\"doc\":\"b\"},{\"doc\":\"c\"}]}\n"
                "{\"type\":\"rejected\",\"doc\":\"d\",\"reason\":\"empty\"}\n"
                "{\"type\":\"stats\",\"documents\":5}\n");
  LabelMap labels;
  Status s = ReadPredictedLabels(path, &labels);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(labels, (LabelMap{{"a", "s1"}, {"a2", "s1"}, {"b", "s2"}, {"c", "s2"}}));
}

TEST(ReadPredictedLabelsTest, HeadlinesByStoryId) {
  // A story without a headline (s2) or without an id (the third, "#3") is still read.
  const std::string json = WriteFile("headlines.json", R"({"stories": [
    {"id": "s1", "headline": "Quake hits", "members": [{"doc": "a"}]},
    {"id": "s2", "members": [{"doc": "b"}]},
    {"headline": "No id", "members": [{"doc": "c"}]}]})");
  LabelMap labels, headlines;
  Status s = ReadPredictedLabels(json, &labels, &headlines);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(labels, (LabelMap{{"a", "s1"}, {"b", "s2"}, {"c", "#3"}}));
  EXPECT_EQ(headlines, (LabelMap{{"s1", "Quake hits"}, {"#3", "No id"}}));

  const std::string jsonl =
      WriteFile("headlines.jsonl",
                "{\"type\":\"story\",\"id\":\"s1\",\"headline\":\"Vote\",\"members\":[{"
                "\"doc\":\"a\"}]}\n");
  headlines.clear();
  ASSERT_TRUE(ReadPredictedLabels(jsonl, &labels, &headlines).ok());
  EXPECT_EQ(headlines, (LabelMap{{"s1", "Vote"}}));
}

TEST(ReadPredictedLabelsTest, MalformedInputIsAnError) {
  LabelMap labels;
  const std::string garbage = WriteFile("garbage.jsonl",
                                        "{\"type\":\"story\",\"id\":\"s1\",\"members\":[]}\n"
                                        "not json\n");
  Status s = ReadPredictedLabels(garbage, &labels);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(garbage + ":2"), std::string::npos) << s.ToString();

  const std::string no_members = WriteFile("nomembers.json", R"({"stories": [{"id": "s1"}]})");
  EXPECT_FALSE(ReadPredictedLabels(no_members, &labels).ok());
}

TEST(ReadGoldLabelsTest, SharedEvaluationSets) {
  const std::string dir = std::string(STORYLINE_SHARED_DATA_DIR) + "/clustering/";
  if (!std::ifstream(dir + "ecbplus_docs.jsonl") ||
      !std::ifstream(dir + "uci-news-headlines.csv")) {
    GTEST_SKIP() << "evaluation data not found under " << dir;
  }
  LabelMap ecb;
  Status s = ReadGoldLabels(dir + "ecbplus_docs.jsonl", "subtopic_event_cluster", &ecb);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(ecb.size(), 982u);
  std::set<std::string> events;
  for (const auto& [doc, label] : ecb) events.insert(label);
  EXPECT_EQ(events.size(), 86u);

  LabelMap uci;
  s = ReadGoldLabels(dir + "uci-news-headlines.csv", "", &uci);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(uci.size(), 6366u);
  std::set<std::string> stories;
  for (const auto& [doc, label] : uci) stories.insert(label);
  EXPECT_EQ(stories.size(), 87u);
}

}  // namespace
}  // namespace storyline
