// End-to-end tests of the storyline CLI: the binary is run in a shell, as a user would, and its
// exit code, stdout, stderr and output files are checked.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "e2e_util.h"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using storyline::e2e::DomText;
using storyline::e2e::FindChromium;
using storyline::e2e::ReadFile;

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("storyline_e2e_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void ExpectExampleStories(const std::string& extra);

  // Runs `storyline <args>` through the shell; `stdin_text` is piped in when not empty.
  // `binary` may name the `tgnews` link to the same executable instead.
  CliResult Run(const std::string& args, const std::string& stdin_text = "",
                const std::string& binary = STORYLINE_BINARY) {
    fs::path out = dir_ / "stdout", err = dir_ / "stderr", in = dir_ / "stdin";
    std::ofstream(in, std::ios::binary) << stdin_text;
    std::string cmd =
        binary + " " + args + " < " + in.string() + " > " + out.string() + " 2> " + err.string();
    int status = std::system(cmd.c_str());
    CliResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadFile(out);
    r.err = ReadFile(err);
    return r;
  }

  std::string Write(const std::string& rel, const std::string& content) {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  fs::path dir_;
};

// doc -> story id, counting every appearance (members and copies) to check "exactly once".
struct Placement {
  std::map<std::string, std::string> story_of;
  std::map<std::string, int> appearances;
  std::map<std::string, std::pair<std::string, std::string>> copy_of;  // copy -> (original, rel)
  std::set<std::string> rejected;
};

Placement PlacementOf(const Json& root) {
  Placement p;
  for (const Json& story : root["stories"]) {
    std::string sid = story["id"];
    for (const Json& m : story["members"]) {
      p.story_of[m["doc"]] = sid;
      ++p.appearances[m["doc"]];
      for (const Json& c : m["copies"]) {
        p.story_of[c["doc"]] = sid;
        ++p.appearances[c["doc"]];
        p.copy_of[c["doc"]] = {m["doc"], c["relation"]};
      }
    }
  }
  for (const Json& r : root["rejected"]) {
    p.rejected.insert(r["doc"].get<std::string>());
    ++p.appearances[r["doc"]];
  }
  return p;
}

TEST_F(CliTest, HelpAndUsageErrors) {
  CliResult help = Run("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("run"), std::string::npos);
  EXPECT_EQ(Run("run --help").exit_code, 0);
  EXPECT_EQ(Run("").exit_code, 2);
  EXPECT_EQ(Run("run").exit_code, 2);
  EXPECT_EQ(Run("run --no-such-flag x").exit_code, 2);
  EXPECT_EQ(Run("run --format xml " + dir_.string()).exit_code, 2);
  CliResult unsupported = Run("run " + Write("paper.pdf", "%PDF"));
  EXPECT_EQ(unsupported.exit_code, 2);
  EXPECT_NE(unsupported.err.find("unsupported input"), std::string::npos);
  CliResult missing = Run("run " + (dir_ / "does-not-exist").string());
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("does-not-exist"), std::string::npos);
}

TEST_F(CliTest, NothingReadableExitsOne) {
  Write("in/empty.txt", "");
  CliResult r = Run("run " + (dir_ / "in").string() + " -o " + (dir_ / "out").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("rejected empty.txt: empty file"), std::string::npos);
  Json root = Json::parse(ReadFile(dir_ / "out" / "stories.json"));
  EXPECT_EQ(root["rejected"].size(), 1u);
  EXPECT_EQ(root["stories"].size(), 0u);
}

TEST_F(CliTest, JsonLinesOnStdinWithMalformedLinesAndJsonlOutput) {
  std::string body =
      "Rescue teams in the northern valley worked through the night after heavy rain caused the "
      "river to burst its banks, flooding hundreds of homes and cutting off two villages.";
  std::string input = "{\"id\": \"a\", \"title\": \"Floods cut off villages\", \"text\": \"" +
                      body +
                      "\", \"published\": \"2026-03-02T10:00:00Z\"}\n"
                      "{\"id\": \"b\", \"text\": \n"
                      "{\"id\": \"c\", \"title\": \"no body\"}\n";
  CliResult r = Run("run - --format jsonl", input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("rejected <stdin>:2: malformed JSON"), std::string::npos) << r.err;
  std::vector<Json> lines;
  std::istringstream ss(r.out);
  for (std::string line; std::getline(ss, line);) lines.push_back(Json::parse(line));
  ASSERT_EQ(lines.size(), 4u);  // 1 story, 2 rejections, stats
  EXPECT_EQ(lines[0]["type"], "story");
  EXPECT_EQ(lines[0]["headline"], "Floods cut off villages");
  EXPECT_EQ(lines[0]["first_published"], "2026-03-02T10:00:00Z");
  EXPECT_EQ(lines[1]["type"], "rejected");
  EXPECT_EQ(lines[2]["doc"], "c");
  EXPECT_EQ(lines[3]["type"], "stats");
  EXPECT_EQ(lines[3]["documents"], 3);
}

// `storyline run examples/ -o DIR` plus `extra` gives the stories, copies and rejections of
// examples/expected.json.
void CliTest::ExpectExampleStories(const std::string& extra) {
  fs::path examples = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  ASSERT_TRUE(fs::exists(examples / "expected.json"));
  fs::path out = dir_ / "out";
  CliResult r = Run("run " + examples.string() + " -o " + out.string() + extra);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("stories"), std::string::npos);  // the terminal summary
  Json root = Json::parse(ReadFile(out / "stories.json"));
  Json expected = Json::parse(ReadFile(examples / "expected.json"));
  Placement p = PlacementOf(root);

  // Nothing lost: every page under examples/ appears exactly once.
  size_t pages = 0;
  for (const auto& e : fs::recursive_directory_iterator(examples)) {
    std::string ext = e.path().extension().string();
    if (ext != ".html" && ext != ".htm" && ext != ".txt") continue;
    ++pages;
    std::string id = fs::relative(e.path(), examples).generic_string();
    EXPECT_EQ(p.appearances[id], 1) << id;
  }
  EXPECT_EQ(root["stats"]["documents"], pages);

  // Each expected story is one predicted story, and different expected stories stay apart.
  std::set<std::string> used;
  for (const Json& story : expected["stories"]) {
    std::string name = story["name"];
    std::string first = story["docs"][0];
    ASSERT_TRUE(p.story_of.count(first)) << first << " of " << name;
    std::string sid = p.story_of[first];
    for (const Json& doc : story["docs"]) {
      EXPECT_EQ(p.story_of[doc], sid) << doc << " should be with " << first << " (" << name << ")";
    }
    EXPECT_TRUE(used.insert(sid).second) << name << " merged with another expected story";
  }
  for (const Json& copy : expected["copies"]) {
    std::string doc = copy["doc"];
    ASSERT_TRUE(p.copy_of.count(doc)) << doc << " not reported as a copy";
    EXPECT_EQ(p.copy_of[doc].first, copy["original"]) << doc;
    EXPECT_EQ(p.copy_of[doc].second, copy["relation"]) << doc;
  }
  // No copy relation that the corpus does not have.
  EXPECT_EQ(p.copy_of.size(), expected["copies"].size());
  for (const Json& doc : expected["rejected"]) {
    EXPECT_TRUE(p.rejected.count(doc.get<std::string>())) << doc << " should be rejected";
  }
  EXPECT_EQ(p.rejected.size(), expected["rejected"].size());
}

TEST_F(CliTest, ExamplesGiveTheExpectedStoriesAndCopies) { ExpectExampleStories(""); }

// The server's way of grouping (one document at a time, StoryStream) finds the same stories.
TEST_F(CliTest, ExamplesGiveTheExpectedStoriesWhenStreaming) {
  ExpectExampleStories(" --streaming");
}

TEST_F(CliTest, MaxStorySizeCapsEveryStoryAndLosesNothing) {
  fs::path examples = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  fs::path out = dir_ / "out";
  CliResult r = Run("run " + examples.string() + " -q -o " + out.string() + " --max-story-size 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json root = Json::parse(ReadFile(out / "stories.json"));
  size_t members = 0, largest = 0;
  for (const Json& story : root["stories"]) {
    members += story["members"].size();
    largest = std::max<size_t>(largest, story["members"].size());
  }
  EXPECT_EQ(largest, 2u);  // the examples' stories have 3-4 sources each
  EXPECT_GT(root["stories"].size(), 9u);
  // Every original is still in exactly one story.
  Placement p = PlacementOf(root);
  for (const auto& [doc, count] : p.appearances) EXPECT_EQ(count, 1) << doc;
  EXPECT_GE(members, 20u);
  EXPECT_EQ(Run("run " + examples.string() + " -q --max-story-size -1").exit_code, 2);
}

// Every story of the examples has a view: a summary of at most 100 words taken from its own
// sources (never from a copy), a timeline of its sources, and quotes carried by its documents.
TEST_F(CliTest, ExamplesHaveStoryViews) {
  fs::path examples = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  fs::path out = dir_ / "out";
  CliResult r = Run("run " + examples.string() + " -q -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json root = Json::parse(ReadFile(out / "stories.json"));
  size_t quotes = 0;
  for (const Json& story : root["stories"]) {
    std::set<std::string> members, all;
    for (const Json& m : story["members"]) {
      members.insert(m["doc"]);
      all.insert(m["doc"]);
      for (const Json& c : m["copies"]) all.insert(c["doc"]);
    }
    ASSERT_FALSE(story["summary"].empty()) << story["headline"];
    size_t words = 0;
    for (const Json& s : story["summary"]) {
      EXPECT_TRUE(members.count(s["doc"])) << s["doc"] << " is not a source of " << story["id"];
      std::istringstream in(s["text"].get<std::string>());
      for (std::string w; in >> w;) ++words;
    }
    EXPECT_LE(words, 100u) << story["headline"];
    ASSERT_EQ(story["timeline"].size(), story["members"].size());
    std::string previous;
    for (const Json& t : story["timeline"]) {
      EXPECT_TRUE(members.count(t["doc"]));
      if (t["published"].is_null()) continue;
      EXPECT_LE(previous, t["published"].get<std::string>()) << "timeline out of order";
      previous = t["published"];
    }
    for (const Json& q : story["quotes"]) {
      ++quotes;
      EXPECT_FALSE(q["text"].get<std::string>().empty());
      for (const Json& d : q["docs"]) EXPECT_TRUE(all.count(d)) << d;
    }
  }
  EXPECT_GE(quotes, 5u);  // the examples quote officials in most stories
}

TEST_F(CliTest, ReportOpensInChromium) {
  std::string chromium = FindChromium();
  ASSERT_FALSE(chromium.empty()) << "Chromium not found: run scripts/install-deps (Debian package "
                                    "chromium) or set STORYLINE_CHROMIUM";
  fs::path examples = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  fs::path out = dir_ / "out";
  CliResult r = Run("run " + examples.string() + " -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("report.html"), std::string::npos) << r.err;
  fs::path report = out / "report.html";
  ASSERT_TRUE(fs::exists(report));
  Json root = Json::parse(ReadFile(out / "stories.json"));

  std::string browser = chromium + " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
                        "--user-data-dir=" + (dir_ / "profile").string() + " ";
  std::string url = "file://" + fs::absolute(report).string();
  fs::path dom_file = dir_ / "dom.html";
  ASSERT_EQ(std::system((browser + "--dump-dom " + url + " > " + dom_file.string() + " 2> /dev/null").c_str()), 0);
  std::string dom = ReadFile(dom_file);
  ASSERT_NE(dom.find("data-render-ms=\""), std::string::npos) << "the page's script did not run";

  size_t cards = 0;
  for (size_t at = dom.find("<article class=\"story\""); at != std::string::npos;
       at = dom.find("<article class=\"story\"", at + 1)) {
    ++cards;
  }
  EXPECT_EQ(cards, root["stories"].size());  // fewer than one page of 40
  size_t quoted_stories = 0;
  for (size_t rank = 0; rank < root["stories"].size(); ++rank) {
    const Json& story = root["stories"][rank];
    EXPECT_NE(dom.find(DomText(story["headline"].get<std::string>())), std::string::npos)
        << story["headline"];
    const Json& first = story["summary"][0];
    EXPECT_NE(dom.find(DomText(first["text"].get<std::string>())), std::string::npos) << first;
    if (!story["quotes"].empty()) ++quoted_stories;
    if (rank >= 3) continue;  // the boxes of later stories are filled when opened
    for (const Json& t : story["timeline"]) {
      std::string site = t["site"].get<std::string>();
      if (site.empty()) site = t["doc"].get<std::string>();
      EXPECT_NE(dom.find(DomText(site) + "</span>"), std::string::npos) << site;
      EXPECT_NE(dom.find(DomText(t["title"].get<std::string>()) + "</"), std::string::npos)
          << t["title"];
    }
    for (const Json& q : story["quotes"]) {
      EXPECT_NE(dom.find(DomText(q["text"].get<std::string>())), std::string::npos) << q["text"];
    }
  }
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t at = dom.find(what); at != std::string::npos; at = dom.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<summary>Sources and copies ("), root["stories"].size());
  EXPECT_EQ(count(" compared across sources</summary>"), quoted_stories);
  EXPECT_NE(dom.find("class=\"rel near\""), std::string::npos);  // story 1's copy
  EXPECT_NE(dom.find("rejected documents"), std::string::npos);  // the 2 rejected pages

  fs::path shots = fs::path(STORYLINE_ARTIFACT_DIR);
  fs::create_directories(shots);
  for (const auto& [name, size] : {std::pair{"report-desktop.png", "1280,2000"},
                                   std::pair{"report-phone.png", "390,844"}}) {
    fs::path png = shots / name;
    fs::remove(png);
    std::string cmd = browser + "--hide-scrollbars --window-size=" + size + " --screenshot=" +
                      png.string() + " " + url + " > /dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::string bytes = ReadFile(png);
    EXPECT_TRUE(bytes.starts_with("\x89PNG")) << png;
    EXPECT_GT(bytes.size(), 10000u) << png << " looks blank";
    std::cout << "screenshot: " << png.string() << "\n";
  }
}

// ROUGE of given summaries, worked out by hand (ROUGE-1.5.5 -n 2 -m -l 100, -f A: hits and
// counts summed over a topic's references, then the mean over topics).
TEST_F(CliTest, EvalSummaryScoresPeerSummaries) {
  // Topic 7: ref1 has 6 words / 5 bigrams, 3 / 2 of them in the peer; ref2 3 / 2, 2 / 1.
  Write("refs/Task7_reference1.txt", "the cat sat on the mat\n");
  Write("refs/Task7_reference2.txt", "a cat sat\n");
  Write("peers/7.txt", "the cat sat\n");
  // Topic 8: stems dog bark loudli against cat bark: one unigram, no bigram.
  Write("refs/Task8_reference1.txt", "Dogs bark loudly.\n");
  Write("peers/8.txt", "Cats bark.\n");
  std::string refs = (dir_ / "refs").string(), peers = (dir_ / "peers").string();
  for (const char* wordnet : {"", " --no-wordnet"}) {
    CliResult r = Run("eval summary --json --refs " + refs + " --peers " + peers + wordnet);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Json j = Json::parse(r.out);
    EXPECT_EQ(j["topics"], 2);
    EXPECT_NEAR(j["rouge1"]["recall"].get<double>(), (5.0 / 9 + 1.0 / 3) / 2, 1e-4);
    EXPECT_NEAR(j["rouge2"]["recall"].get<double>(), (3.0 / 7 + 0) / 2, 1e-4);
  }
  EXPECT_EQ(Run("eval summary --refs " + refs).exit_code, 2);  // neither --docs nor --peers
  EXPECT_EQ(Run("eval summary --refs " + refs + " --peers " + peers + " --docs " + peers).exit_code,
            2);
  EXPECT_EQ(Run("eval summary --refs " + refs + " --peers " + peers + " --no-wordnet --wordnet " +
                refs)
                .exit_code,
            2);
}

TEST_F(CliTest, SeedsAreOneStoryWithOneRewrite) {
  fs::path seeds = fs::path(STORYLINE_SHARED_DATA_DIR) / "seeds";
  if (!fs::exists(seeds)) GTEST_SKIP() << "../shared/data/seeds is absent; seeds test skipped";
  CliResult r = Run("run " + seeds.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json root = Json::parse(r.out);
  ASSERT_EQ(root["stories"].size(), 1u) << r.out;
  Placement p = PlacementOf(root);
  EXPECT_EQ(p.story_of.size(), 5u);
  ASSERT_EQ(p.copy_of.size(), 1u) << r.out;
  auto [original, relation] = p.copy_of["000_97def209d6d96db5.txt"];
  EXPECT_EQ(original, "001_e300b483217944fc.txt");
  EXPECT_EQ(relation, "rewrite");
  EXPECT_TRUE(root["rejected"].empty());
}

std::vector<Json> JsonLines(const std::string& text) {
  std::vector<Json> lines;
  std::istringstream ss(text);
  for (std::string line; std::getline(ss, line);) lines.push_back(Json::parse(line));
  return lines;
}

// `storyline dedup`'s report, one line per document: accepted (doc -> line) and rejected.
struct DedupReport {
  std::vector<std::string> order;  // accepted documents, in output order
  std::map<std::string, Json> line_of;
  std::map<std::string, std::string> rejected;
};

DedupReport ParseDedupReport(const std::string& out) {
  DedupReport r;
  for (const Json& line : JsonLines(out)) {
    std::string doc = line["doc"];
    if (line.contains("rejected")) {
      r.rejected[doc] = line["rejected"];
    } else {
      r.order.push_back(doc);
      EXPECT_TRUE(r.line_of.emplace(doc, line).second) << doc << " reported twice";
    }
  }
  return r;
}

TEST_F(CliTest, DedupReportsEveryExampleCopyAndNothingElse) {
  fs::path examples = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  Json expected = Json::parse(ReadFile(examples / "expected.json"));
  fs::path out = dir_ / "dedup.jsonl";
  CliResult r = Run("dedup " + examples.string() + " -o " + out.string() + " --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("35 documents -> 6 groups, 6 copies (1 exact, 3 near, 1 partial, 1 "
                       "rewrite), 21 unique, 2 rejected"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("rejected pages/junk/empty.txt: empty file"), std::string::npos);
  DedupReport report = ParseDedupReport(ReadFile(out));
  ASSERT_EQ(report.order.size(), 33u);
  EXPECT_TRUE(std::is_sorted(report.order.begin(), report.order.end()));  // input order

  std::map<std::string, std::string> original_of;  // copy -> original
  for (const Json& copy : expected["copies"]) {
    const std::string doc = copy["doc"], original = copy["original"];
    original_of[doc] = original;
    ASSERT_TRUE(report.line_of.count(doc)) << doc;
    const Json& line = report.line_of[doc];
    EXPECT_EQ(line["relation"], copy["relation"]) << doc;
    EXPECT_EQ(line["original"], original) << doc;
    EXPECT_GT(line["similarity"].get<double>(), 0.5) << doc;
    EXPECT_LE(line["similarity"].get<double>(), 1.0) << doc;
    const Json& original_line = report.line_of[original];
    EXPECT_EQ(original_line["relation"], "original") << original;
    EXPECT_EQ(original_line["original"], original);
    EXPECT_EQ(original_line["similarity"], 1.0);
    EXPECT_EQ(original_line["group"], line["group"]) << doc;
  }
  // Groups are numbered g1, g2, ... in the order in which their originals come.
  std::vector<std::string> groups;
  for (const std::string& doc : report.order) {
    const Json& line = report.line_of[doc];
    if (line["relation"] == "original") groups.push_back(line["group"]);
  }
  EXPECT_EQ(groups, (std::vector<std::string>{"g1", "g2", "g3", "g4", "g5", "g6"}));
  // Every other accepted page is unique.
  size_t unique = 0;
  for (const auto& [doc, line] : report.line_of) {
    if (original_of.count(doc) || line["relation"] == "original") continue;
    EXPECT_EQ(line["relation"], "unique") << doc;
    EXPECT_TRUE(line["group"].is_null() && line["original"].is_null() &&
                line["similarity"].is_null())
        << doc;
    ++unique;
  }
  EXPECT_EQ(unique, 33u - 6 - 6);
  std::set<std::string> rejected;
  for (const auto& [doc, reason] : report.rejected) {
    rejected.insert(doc);
    EXPECT_FALSE(reason.empty()) << doc;
  }
  EXPECT_EQ(rejected, expected["rejected"].get<std::set<std::string>>());
  EXPECT_EQ(report.rejected["pages/junk/empty.txt"], "empty file");
}

// The examples in two batches, originals first: the second batch, deduplicated against the
// index saved by the first, finds every copy with its original from the first batch.
TEST_F(CliTest, DedupIndexFindsCopiesOfAnEarlierBatch) {
  fs::path examples = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  Json expected = Json::parse(ReadFile(examples / "expected.json"));
  std::set<std::string> copies;
  for (const Json& copy : expected["copies"]) copies.insert(copy["doc"].get<std::string>());
  for (const auto& entry : fs::recursive_directory_iterator(examples / "pages")) {
    if (!entry.is_regular_file()) continue;
    const std::string rel = fs::relative(entry.path(), examples).string();
    const fs::path to = dir_ / (copies.count(rel) ? "second" : "first") / rel;
    fs::create_directories(to.parent_path());
    fs::copy_file(entry.path(), to);
  }
  const std::string index = (dir_ / "copies.index").string();
  CliResult first = Run("dedup " + (dir_ / "first").string() + " --index " + index);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("0 documents before, 27 now"), std::string::npos) << first.err;
  DedupReport one = ParseDedupReport(first.out);
  for (const auto& [doc, line] : one.line_of) EXPECT_EQ(line["relation"], "unique") << doc;

  for (int run = 0; run < 2; ++run) {  // the second run replaces the batch: same answer
    CliResult second = Run("dedup " + (dir_ / "second").string() + " --index " + index);
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.err.find(run == 0 ? "27 documents before, 33 now (0 replaced)"
                                       : "33 documents before, 33 now (6 replaced)"),
              std::string::npos)
        << second.err;
    DedupReport two = ParseDedupReport(second.out);
    ASSERT_EQ(two.order.size(), 6u);
    for (const Json& copy : expected["copies"]) {
      const Json& line = two.line_of[copy["doc"].get<std::string>()];
      EXPECT_EQ(line["relation"], copy["relation"]) << copy["doc"];
      EXPECT_EQ(line["original"], copy["original"]) << copy["doc"];
      EXPECT_EQ(line["group"], copy["original"]) << copy["doc"];
    }
  }

  // A damaged index is refused with its reason, and left as it was.
  Write("bad.index", "SLDEDUP\nnot really");
  CliResult bad = Run("dedup " + (dir_ / "second").string() + " --index " +
                      (dir_ / "bad.index").string());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.index"), std::string::npos) << bad.err;
  EXPECT_EQ(ReadFile(dir_ / "bad.index"), "SLDEDUP\nnot really");
}

TEST_F(CliTest, DedupRelationsExactLeavesOnlyTheExactCopy) {
  fs::path examples = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  CliResult r = Run("dedup " + examples.string() + " --relations exact");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  DedupReport report = ParseDedupReport(r.out);
  ASSERT_EQ(report.order.size(), 33u);
  const std::string copy = "pages/newshub/ecuador-quake-9-dead.html";
  const std::string original = "pages/meridianpress/2026-03-03-ecuador-earthquake-kills-nine.html";
  for (const auto& [doc, line] : report.line_of) {
    if (doc == copy) {
      EXPECT_EQ(line["relation"], "exact");
      EXPECT_EQ(line["original"], original);
      EXPECT_EQ(line["group"], "g1");
    } else if (doc == original) {
      EXPECT_EQ(line["relation"], "original");
      EXPECT_EQ(line["group"], "g1");
    } else {
      EXPECT_EQ(line["relation"], "unique") << doc;
    }
  }
  EXPECT_EQ(Run("dedup " + examples.string() + " --relations exact,copy").exit_code, 2);
}

TEST_F(CliTest, DedupKeepOriginalsOnlyWritesTheDeduplicatedCorpus) {
  fs::path examples = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  Json expected = Json::parse(ReadFile(examples / "expected.json"));
  CliResult r = Run("dedup " + examples.string() + " --keep-originals-only");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<Json> records = JsonLines(r.out);
  ASSERT_EQ(records.size(), 33u - 6);
  std::set<std::string> copies;
  for (const Json& copy : expected["copies"]) copies.insert(copy["doc"]);
  for (const Json& rec : records) {
    for (const char* key : {"id", "url", "title", "text", "published", "site", "lang"}) {
      EXPECT_TRUE(rec.contains(key)) << key << " missing in " << rec.dump();
    }
    EXPECT_FALSE(copies.count(rec["id"])) << rec["id"] << " is a copy";
    EXPECT_FALSE(rec["text"].get<std::string>().empty());
    EXPECT_TRUE(rec["published"].is_null() || rec["published"].get<std::string>().ends_with("Z"));
  }
  const Json& first = records[0];
  EXPECT_NE(first["text"].get<std::string>().find("\n\n"), std::string::npos);
}

TEST_F(CliTest, DedupSpillDirectoryIsUsedAndLeftEmptyAndAMissingOneIsAnError) {
  fs::path examples = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  fs::create_directories(dir_ / "spill");
  CliResult in_memory = Run("dedup " + examples.string() + " --spill-dir ''");
  CliResult spilled = Run("dedup " + examples.string() + " --spill-dir " + (dir_ / "spill").string());
  ASSERT_EQ(spilled.exit_code, 0) << spilled.err;
  EXPECT_EQ(spilled.out, in_memory.out);
  EXPECT_TRUE(fs::is_empty(dir_ / "spill"));
  CliResult originals = Run("dedup " + examples.string() + " --keep-originals-only --spill-dir " +
                            (dir_ / "spill").string());
  EXPECT_EQ(originals.out,
            Run("dedup " + examples.string() + " --keep-originals-only --spill-dir ''").out);

  CliResult missing = Run("dedup " + examples.string() + " --spill-dir " + (dir_ / "nope").string());
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot create a temporary file in"), std::string::npos) << missing.err;
  EXPECT_TRUE(missing.out.empty());
}

TEST_F(CliTest, DedupUsageErrors) {
  EXPECT_EQ(Run("dedup --help").exit_code, 0);
  EXPECT_NE(Run("dedup --help").out.find("--keep-originals-only"), std::string::npos);
  EXPECT_EQ(Run("dedup").exit_code, 2);
  EXPECT_EQ(Run("dedup --threshold 1.5 " + dir_.string()).exit_code, 2);
  EXPECT_EQ(Run("dedup --relations copies " + dir_.string()).exit_code, 2);
  EXPECT_EQ(Run("dedup --signature md5 " + dir_.string()).exit_code, 2);
  EXPECT_EQ(Run("dedup --rewrite-share 1.5 " + dir_.string()).exit_code, 2);
  EXPECT_EQ(Run("dedup --partial-containment -0.1 " + dir_.string()).exit_code, 2);
  Write("in/empty.txt", "");
  CliResult nothing = Run("dedup " + (dir_ / "in").string());
  EXPECT_EQ(nothing.exit_code, 1);
  EXPECT_EQ(JsonLines(nothing.out).size(), 1u);  // the rejected line
}

// SimHash as the whole-text index finds the same copies on the examples: its near-verbatim
// copies directly, the rest through the window and stem indexes.
TEST_F(CliTest, DedupWithSimHashFindsTheSameExampleCopies) {
  fs::path examples = fs::path(STORYLINE_SOURCE_DIR) / "examples";
  CliResult minhash = Run("dedup " + examples.string() + " -q");
  CliResult simhash = Run("dedup " + examples.string() + " -q --signature simhash");
  ASSERT_EQ(simhash.exit_code, 0) << simhash.err;
  DedupReport a = ParseDedupReport(minhash.out), b = ParseDedupReport(simhash.out);
  ASSERT_EQ(a.order, b.order);
  for (const std::string& doc : a.order) {
    EXPECT_EQ(a.line_of[doc]["relation"], b.line_of[doc]["relation"]) << doc;
    EXPECT_EQ(a.line_of[doc]["original"], b.line_of[doc]["original"]) << doc;
  }
}

TEST_F(CliTest, DedupSeedsHaveOneRewrite) {
  fs::path seeds = fs::path(STORYLINE_SHARED_DATA_DIR) / "seeds";
  if (!fs::exists(seeds)) GTEST_SKIP() << "../shared/data/seeds is absent; seeds test skipped";
  CliResult r = Run("dedup " + seeds.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  DedupReport report = ParseDedupReport(r.out);
  ASSERT_EQ(report.order.size(), 5u) << r.out;
  EXPECT_TRUE(report.rejected.empty());
  const Json& copy = report.line_of["000_97def209d6d96db5.txt"];
  EXPECT_EQ(copy["relation"], "rewrite");
  EXPECT_EQ(copy["original"], "001_e300b483217944fc.txt");
  EXPECT_EQ(report.line_of["001_e300b483217944fc.txt"]["relation"], "original");
  for (const char* doc :
       {"002_fede7b758629faba.txt", "003_b1c3151730a4f2fa.txt", "004_ad08c0046caf7124.txt"}) {
    EXPECT_EQ(report.line_of[doc]["relation"], "unique") << doc;
  }
}

TEST_F(CliTest, ExtractSeedKeepsArticleDropsComments) {
  fs::path page = fs::path(STORYLINE_SHARED_DATA_DIR) / "seeds" / "001_e300b483217944fc.txt";
  if (!fs::exists(page)) GTEST_SKIP() << "../shared/data/seeds is absent; seeds test skipped";
  CliResult r = Run("extract " + page.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::parse(r.out);
  EXPECT_EQ(j["title"], "US urges Xi to press Putin over 'war crimes' in Ukraine");
  EXPECT_EQ(j["language"], "en");
  std::string text;
  for (const Json& para : j["paragraphs"]) text += para.get<std::string>() + "\n";
  EXPECT_NE(text.find("The US has urged Chinese President Xi Jinping"), std::string::npos);
  EXPECT_NE(text.find("reluctant to condemn Mr Putin."), std::string::npos);
  EXPECT_EQ(text.find("Comments"), std::string::npos);
  EXPECT_EQ(text.find("References:"), std::string::npos);
  EXPECT_EQ(text.find("blacksprut"), std::string::npos);
}

TEST_F(CliTest, EvalParaphraseCrossValidatesTheMatcher) {
  // Ten reworded pairs and ten pairs about different things: the matcher separates them.
  std::string tsv = "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n";
  for (int i = 0; i < 10; ++i) {
    const std::string n = std::to_string(i);
    tsv += "1\t" + n + "\t" + n + "\tThe harbour bridge number " + n +
           " reopened on Tuesday after repairs, the council said.\tAfter repairs, harbour bridge "
           "number " +
           n + " reopened on Tuesday, said the council.\n";
    tsv += "0\t" + n + "\t" + n + "\tThe orchestra played symphony number " + n +
           " to a full hall last night.\tFarmers harvested wheat field number " + n +
           " before the storm arrived.\n";
  }
  const std::string file = Write("msr.txt", tsv);
  CliResult r = Run("eval paraphrase " + file + " --folds 5 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::parse(r.out);
  EXPECT_EQ(j["pairs"], 20);
  EXPECT_DOUBLE_EQ(j["accuracy"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j["majority_accuracy"].get<double>(), 0.5);
  EXPECT_EQ(Run("eval paraphrase " + Write("bad.txt", "1\tonly\n")).exit_code, 1);
  EXPECT_EQ(Run("eval paraphrase " + file + " --folds 1").exit_code, 2);
}

TEST_F(CliTest, EvalClusterScoresAPrediction) {
  Json stories = {{"stories",
                   {{{"id", "s1"},
                     {"members",
                      {{{"doc", "a"}, {"copies", {{{"doc", "b"}, {"relation", "exact"}}}}},
                       {{"doc", "c"}, {"copies", Json::array()}}}}},
                    {{"id", "s2"}, {"members", {{{"doc", "d"}, {"copies", Json::array()}}}}}}},
                  {"rejected", Json::array()}};
  std::string pred = Write("stories.json", stories.dump());
  std::string gold =
      Write("gold.jsonl",
            "{\"doc\": \"a\", \"label\": \"x\"}\n{\"doc\": \"b\", \"label\": \"x\"}\n"
            "{\"doc\": \"c\", \"label\": \"x\"}\n{\"doc\": \"d\", \"label\": \"y\"}\n");
  CliResult r = Run("eval cluster --gold " + gold + " --pred " + pred + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json scores = Json::parse(r.out);
  EXPECT_DOUBLE_EQ(scores["bcubed_f1"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(scores["ari"].get<double>(), 1.0);
  EXPECT_EQ(scores["documents"], 4);
  EXPECT_EQ(Run("eval cluster --gold " + gold).exit_code, 2);  // neither --pred nor inputs
}

// Gold: quake {a1..a3}, vote {b1, b2}, summit {c1..c4, d1}. The prediction merges b1 into the
// quake story (s1), mixes c4 and b2 (s3), and lacks d1 (scored as the singleton missing:d1).
TEST_F(CliTest, EvalClusterShowsOverMergedAndSplitStories) {
  auto member = [](const char* doc) { return Json{{"doc", doc}, {"copies", Json::array()}}; };
  Json stories = {
      {"stories",
       {{{"id", "s1"},
         {"headline", "Quake and vote"},
         {"members", {member("a1"), member("a2"), member("a3"), member("b1")}}},
        {{"id", "s2"},
         {"headline", "Summit opens"},
         {"members",
          {{{"doc", "c1"}, {"copies", {{{"doc", "c3"}, {"relation", "near"}}}}}, member("c2")}}},
        {{"id", "s3"}, {"headline", "Summit ends"}, {"members", {member("c4"), member("b2")}}}}},
      {"rejected", Json::array()}};
  const std::string pred = Write("stories.json", stories.dump());
  std::string gold_lines;
  for (const char* doc : {"a1", "a2", "a3"}) {
    gold_lines += "{\"doc\": \"" + std::string(doc) + "\", \"label\": \"quake\"}\n";
  }
  for (const char* doc : {"b1", "b2"}) {
    gold_lines += "{\"doc\": \"" + std::string(doc) + "\", \"label\": \"vote\"}\n";
  }
  for (const char* doc : {"c1", "c2", "c3", "c4", "d1"}) {
    gold_lines += "{\"doc\": \"" + std::string(doc) + "\", \"label\": \"summit\"}\n";
  }
  const std::string gold = Write("gold.jsonl", gold_lines);

  CliResult r = Run("eval cluster --gold " + gold + " --pred " + pred);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("clusters       4 predicted, 3 gold\n"), std::string::npos) << r.out;
  const std::string analysis =
      "most over-merged stories (items outside the majority gold story)\n"
      "  s1  4 items, 1 outside, 2 gold stories  \"Quake and vote\"\n"
      "      quake: 3, vote: 1\n"
      "  s3  2 items, 1 outside, 2 gold stories  \"Summit ends\"\n"
      "      summit: 1, vote: 1\n"
      "most split gold stories (items outside the largest predicted piece)\n"
      "  summit  5 items, 2 outside, 3 predicted stories\n"
      "      s2: 3, missing:d1: 1, s3: 1\n"
      "  vote  2 items, 1 outside, 2 predicted stories\n"
      "      s1: 1, s3: 1\n";
  EXPECT_NE(r.out.find(analysis), std::string::npos) << r.out;

  r = Run("eval cluster --gold " + gold + " --pred " + pred + " --top 1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::parse(r.out);
  ASSERT_EQ(j["over_merged"].size(), 1u) << r.out;
  const Json& merged = j["over_merged"][0];
  EXPECT_EQ(merged["story"], "s1");
  EXPECT_EQ(merged["headline"], "Quake and vote");
  EXPECT_EQ(merged["size"], 4);
  EXPECT_EQ(merged["outside_majority"], 1);
  EXPECT_EQ(merged["gold_stories"], 2);
  EXPECT_EQ(merged["gold"],
            (Json{{{"label", "quake"}, {"items", 3}}, {{"label", "vote"}, {"items", 1}}}));
  ASSERT_EQ(j["split"].size(), 1u) << r.out;
  const Json& split = j["split"][0];
  EXPECT_EQ(split["gold"], "summit");
  EXPECT_EQ(split["size"], 5);
  EXPECT_EQ(split["outside_largest"], 2);
  EXPECT_EQ(split["predicted_stories"], 3);
  ASSERT_EQ(split["pieces"].size(), 3u);
  EXPECT_EQ(split["pieces"][0]["story"], "s2");
  EXPECT_EQ(split["pieces"][0]["items"], 3);
  EXPECT_EQ(split["pieces"][0]["headline"], "Summit opens");
  EXPECT_EQ(split["pieces"][1]["story"], "missing:d1");
  EXPECT_TRUE(split["pieces"][1]["headline"].is_null());

  // --top 0 leaves the analysis out: no text section, empty arrays.
  r = Run("eval cluster --gold " + gold + " --pred " + pred + " --top 0");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("over-merged"), std::string::npos) << r.out;
  r = Run("eval cluster --gold " + gold + " --pred " + pred + " --top 0 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = Json::parse(r.out);
  EXPECT_TRUE(j["over_merged"].empty());
  EXPECT_TRUE(j["split"].empty());

  // A perfect prediction has neither.
  Json perfect = {
      {"stories",
       {{{"id", "q"}, {"members", {member("a1"), member("a2"), member("a3")}}},
        {{"id", "v"}, {"members", {member("b1"), member("b2")}}},
        {{"id", "s"},
         {"members", {member("c1"), member("c2"), member("c3"), member("c4"), member("d1")}}}}}};
  r = Run("eval cluster --gold " + gold + " --pred " + Write("perfect.json", perfect.dump()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(
      r.out.find("most over-merged stories (items outside the majority gold story): none\n"
                 "most split gold stories (items outside the largest predicted piece): none\n"),
      std::string::npos)
      << r.out;
}

TEST_F(CliTest, EvalExtractScoresABenchmark) {
  const std::string body =
      "<p>The harbour authority said on Monday that the new breakwater would be finished before "
      "the winter storms, two years later than planned and at twice the cost.</p>"
      "<p>Engineers blamed the delay on the soft seabed, which forced them to redesign the "
      "foundations of the eastern arm.</p>";
  const std::string page =
      "<html><head><title>Breakwater finished at last</title></head><body>"
      "<ul><li><a href=\"/\">Home</a></li><li><a href=\"/n\">News</a></li></ul>"
      "<article><h1>Breakwater finished at last</h1>" +
      body + "</article></body></html>\n";
  Write("ce/input/1.html",
        "<text id=\"http://a.example/\" title=\"x\" encoding=\"unset\">\n" + page + "</text>\n");
  Write("ce/GoldStandard/1.txt",
        "URL: http://a.example/\n<h>Breakwater finished at last\n"
        "<p>The harbour authority said on Monday that the new breakwater would be finished "
        "before the winter storms, two years later than planned and at twice the cost.\n"
        "<p>Engineers blamed the delay on the soft seabed, which forced them to redesign the "
        "foundations of the eastern arm.\n");
  CliResult r = Run("eval extract --dataset cleaneval " + (dir_ / "ce").string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json scores = Json::parse(r.out);
  EXPECT_EQ(scores["pages"], 1);
  EXPECT_DOUBLE_EQ(scores["f1"].get<double>(), 1.0) << r.out;
  EXPECT_EQ(scores["page_scores"][0]["id"], "1");

  r = Run("eval extract --dataset cleaneval " + (dir_ / "ce").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("F1          1.0000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("worst pages by F1"), std::string::npos) << r.out;

  // A page without its gold file is reported, the others still scored, and the exit code says
  // the dataset was not read in full.
  Write("ce/input/2.html", "<p>x</p>");
  r = Run("eval extract --dataset cleaneval " + (dir_ / "ce").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("GoldStandard/2.txt"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("1 pages scored"), std::string::npos) << r.out;

  EXPECT_EQ(Run("eval extract --dataset zyte " + (dir_ / "nowhere").string()).exit_code, 1);
  EXPECT_EQ(Run("eval extract --dataset boilerpipe " + (dir_ / "ce").string()).exit_code, 2);
  EXPECT_EQ(Run("eval extract " + (dir_ / "ce").string()).exit_code, 2);
}

TEST_F(CliTest, EvalExtractScoresAnotherToolsPredictions) {
  Write("ce/input/1.html", "<p>The ferry to the island runs again from Monday morning.</p>");
  Write("ce/GoldStandard/1.txt",
        "URL: http://a.example/\n<p>The ferry to the island runs again from Monday morning.\n");
  Write("ce/input/2.html", "<p>Snow closed the mountain pass for a second day.</p>");
  Write("ce/GoldStandard/2.txt",
        "URL: http://b.example/\n<p>Snow closed the mountain pass for a second day.\n");
  // Page 1 exactly right; page 2 missing; page 9 is not in the dataset.
  const std::string predictions = Write(
      "pred.json",
      R"({"1": "The ferry to the island runs again from Monday morning.", "9": "Other text."})");
  CliResult r = Run("eval extract --dataset cleaneval " + (dir_ / "ce").string() +
                    " --predictions " + predictions + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json scores = Json::parse(r.out);
  EXPECT_EQ(scores["pages"], 2);
  EXPECT_DOUBLE_EQ(scores["precision"].get<double>(), 1.0) << r.out;  // page 2 has no precision
  EXPECT_DOUBLE_EQ(scores["recall"].get<double>(), 0.5) << r.out;
  EXPECT_EQ(scores["missing_predictions"], Json::array({"2"}));
  EXPECT_EQ(scores["predictions"], predictions);
  EXPECT_FALSE(scores.contains("mb_per_second"));  // nothing of ours was timed
  EXPECT_NE(r.err.find("no prediction for page 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 predictions name no page"), std::string::npos) << r.err;

  r = Run("eval extract --dataset cleaneval " + (dir_ / "ce").string() + " --predictions " +
          predictions);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 pages missing, scored as empty"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("speed"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("slowest"), std::string::npos) << r.out;

  // A malformed predictions file is an error naming it; a missing one a usage error.
  const std::string bad = Write("bad.json", R"({"1": 5})");
  r = Run("eval extract --dataset cleaneval " + (dir_ / "ce").string() + " --predictions " + bad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.json"), std::string::npos) << r.err;
  EXPECT_EQ(Run("eval extract --dataset cleaneval " + (dir_ / "ce").string() + " --predictions " +
                (dir_ / "none.json").string())
                .exit_code,
            2);
}

TEST_F(CliTest, EvalExtractL3sTextScoresLines) {
  // A text page: headline, menu, two paragraphs, a comment. ExtractPlainText should keep the
  // headline and the paragraphs.
  Write("l3s/annotated/p1.html",
        "<html><body><ul><li>Home</li><li>World news</li><li>Sport</li><li>Weather</li></ul>"
        "<h1><span class=\"x-nc-sel1\">Harbour breakwater finished two years late</span></h1>"
        "<p><span class=\"x-nc-sel2\">The harbour authority said on Monday that the new "
        "breakwater was finished, two years later than planned and at twice the cost of the "
        "original estimate.</span></p>"
        "<p><span class=\"x-nc-sel2\">Engineers blamed the delay on the soft seabed, which forced "
        "them to redesign the foundations of the eastern arm of the harbour.</span></p>"
        "<div><span class=\"x-nc-sel5\">Posted by Sam</span></div>"
        "</body></html>");
  CliResult r = Run("eval extract --dataset l3s-text " + (dir_ / "l3s").string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json scores = Json::parse(r.out);
  EXPECT_EQ(scores["pages"], 1);
  EXPECT_EQ(scores["lines"]["lines"], 8);
  EXPECT_EQ(scores["lines"]["content_lines"], 3);
  EXPECT_DOUBLE_EQ(scores["lines"]["recall"].get<double>(), 1.0) << r.out;
  EXPECT_DOUBLE_EQ(scores["lines"]["precision"].get<double>(), 1.0) << r.out;
  EXPECT_DOUBLE_EQ(scores["f1"].get<double>(), 1.0) << r.out;
  EXPECT_EQ(scores["page_scores"][0]["lines"]["tn"], 5);

  r = Run("eval extract --dataset l3s-text " + (dir_ / "l3s").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("lines       P 1.0000  R 1.0000  F1 1.0000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("of ExtractPlainText"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("worst pages by line F1"), std::string::npos) << r.out;

  // Another tool's output is scored line by line too: it kept the menu and the headline only.
  const std::string predictions = Write(
      "pred.json",
      R"({"p1": "Home\nWorld news\nSport\nWeather\nHarbour breakwater finished two years late"})");
  r = Run("eval extract --dataset l3s-text " + (dir_ / "l3s").string() + " --predictions " +
          predictions + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  scores = Json::parse(r.out);
  EXPECT_DOUBLE_EQ(scores["lines"]["precision"].get<double>(), 0.2) << r.out;
  EXPECT_DOUBLE_EQ(scores["lines"]["recall"].get<double>(), 1.0 / 3) << r.out;
}

TEST_F(CliTest, EvalExtractZyteBenchmark) {
  const fs::path zyte = fs::path(STORYLINE_SHARED_DATA_DIR) / "extraction" / "zyte";
  if (!fs::exists(zyte)) GTEST_SKIP() << "../shared/data/extraction/zyte is absent";
  CliResult r = Run("eval extract --dataset zyte " + zyte.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json scores = Json::parse(r.out);
  EXPECT_EQ(scores["pages"], 181);
  EXPECT_EQ(scores["page_scores"].size(), 181u);
  // 0.966 when this test was written (trafilatura scores about 0.95 on it).
  EXPECT_GT(scores["f1"].get<double>(), 0.9);
}

// A page as the Telegram Data Clustering Contest ships them: OpenGraph meta, the publication
// time, and the text in <article>.
std::string ContestPage(const std::string& url, const std::string& site,
                        const std::string& published, const std::string& title,
                        const std::string& lang, const std::vector<std::string>& paragraphs) {
  auto meta = [](const std::string& property, const std::string& content) {
    return "    <meta property=\"" + property + "\" content=\"" + content + "\"/>\n";
  };
  std::string page =
      "<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"utf-8\"/>\n" + meta("og:url", url) +
      meta("og:site_name", site) + meta("article:published_time", published) +
      meta("og:title", title) + meta("og:description", paragraphs[0]) + "  </head>\n  <body>\n" +
      "    <article lang=\"" + lang + "\">\n      <h1>" + title + "</h1>\n" +
      "      <address><time datetime=\"" + published + "\">" + published + "</time></address>\n";
  for (const std::string& p : paragraphs) page += "      <p>" + p + "</p>\n";
  return page + "    </article>\n  </body>\n</html>\n";
}

// Two reports of one landslide from different sites, a copy of the first, a Spanish page,
// an unrelated page, a page without article text and one of numbers only (no language); in
// subdirectories, as the contest's are.
class TgnewsTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    const std::vector<std::string> valley_post = {
        "A landslide buried part of the mountain village of Brenvik on Tuesday night after a "
        "week of heavy rain, and rescuers were searching for four missing residents.",
        "The slope above the Brenvik school gave way shortly before midnight, sweeping mud and "
        "rocks across the main road and into six houses, the regional fire service said.",
        "More than two hundred people were evacuated to the sports hall in Aldstad, and the "
        "road through the Brenvik valley will stay closed for several days.",
        "Geologists had warned last spring that the slope was moving, mayor Ingrid Solheim "
        "told reporters at the scene on Wednesday morning."};
    Write("pages/20200501/valleypost-brenvik.html",
          ContestPage("https://valleypost.example/brenvik-landslide", "Valley Post",
                      "2020-05-06T07:10:00+00:00",
                      "Landslide buries homes in Brenvik, four missing", "en", valley_post));
    Write("pages/20200501/nordicwire-slide.html",
          ContestPage("https://nordicwire.example/news/slide", "Nordic Wire",
                      "2020-05-06T09:45:00+00:00",
                      "Four missing after mudslide hits Brenvik village", "en",
                      {"Four people were missing in Brenvik on Wednesday after a landslide "
                       "crashed into houses in the mountain village following days of rain.",
                       "Rescue teams with dogs searched the mud and rocks through the morning, "
                       "and six houses near the Brenvik school were destroyed, officials said.",
                       "Mayor Ingrid Solheim said geologists had warned that the slope was "
                       "unstable, and evacuated residents were sheltering in Aldstad.",
                       "Roads into the Brenvik valley were closed and forecasters expect more "
                       "rain on Thursday."}));
    Write("pages/20200502/mirror-brenvik-copy.html",
          ContestPage("https://newsmirror.example/2020/05/06/brenvik", "News Mirror",
                      "2020-05-06T12:00:00+00:00",
                      "Landslide buries homes in Brenvik, four missing", "en", valley_post));
    Write("pages/20200502/diario-huelga.html",
          ContestPage("https://diario.example/huelga-metro", "El Diario Ejemplo",
                      "2020-05-06T08:00:00+00:00",
                      "Los conductores del metro de Valverde irán a la huelga el jueves", "es",
                      {"Los conductores del metro de Valverde irán a la huelga este jueves para "
                       "protestar por la falta de personal y los turnos de noche, según anunció "
                       "el sindicato.",
                       "La empresa ha previsto servicios mínimos del cincuenta por ciento en las "
                       "horas punta y recomienda a los viajeros que utilicen el autobús.",
                       "Las negociaciones entre el sindicato y la dirección se rompieron el "
                       "lunes sin ningún acuerdo sobre las nuevas contrataciones."}));
    Write("pages/20200502/other/gazette-library.html",
          ContestPage("https://gazette.example/library", "Harbour Gazette",
                      "2020-05-05T15:00:00+00:00",
                      "New harbour library opens with rooftop reading garden", "en",
                      {"The new public library on the old harbour front opened its doors on "
                       "Monday, with a rooftop reading garden and a children's floor.",
                       "The building, designed by a local architecture studio, replaces the "
                       "cramped library on Market Street that closed in 2018.",
                       "Librarians said more than three thousand visitors came on the first "
                       "day, many of them to borrow books from the new comics collection."}));
    Write("pages/20200502/empty-page.html",
          "<html><head><meta property=\"og:title\" content=\"Nothing here\"/></head>"
          "<body><article><p>Subscribe.</p></article></body></html>");
    std::string numbers;
    for (int i = 0; i < 40; ++i) numbers += std::to_string(1000 + 37 * i) + " ";
    Write("pages/20200502/scores.html",
          ContestPage("https://scores.example/table", "Scores", "2020-05-06T08:00:00+00:00",
                      "2020 05 06", "", {numbers}));
    pages_ = (dir_ / "pages").string();
  }

  // Every article of a threads array, with how often it appears.
  static std::map<std::string, int> Appearances(const Json& threads) {
    std::map<std::string, int> seen;
    for (const Json& t : threads) {
      for (const Json& a : t["articles"]) ++seen[a.get<std::string>()];
    }
    return seen;
  }

  static const Json* ThreadWith(const Json& threads, const std::string& article) {
    for (const Json& t : threads) {
      for (const Json& a : t["articles"]) {
        if (a == article) return &t;
      }
    }
    return nullptr;
  }

  const std::set<std::string> accepted_ = {"valleypost-brenvik.html", "nordicwire-slide.html",
                                           "mirror-brenvik-copy.html", "diario-huelga.html",
                                           "gazette-library.html"};
  std::string pages_;
};

TEST_F(TgnewsTest, LanguagesGroupsBareFileNamesByLanguage) {
  CliResult r = Run("tgnews languages " + pages_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::parse(r.out);
  EXPECT_EQ(j, Json::parse(R"([
    {"lang_code": "en", "articles": ["nordicwire-slide.html", "valleypost-brenvik.html",
                                     "mirror-brenvik-copy.html", "gazette-library.html"]},
    {"lang_code": "es", "articles": ["diario-huelga.html"]}])"))
      << r.out;
  // The page without article text and the one without a language are in no output, and
  // stderr says why.
  EXPECT_NE(r.err.find("rejected 20200502/empty-page.html: no article text"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("rejected 20200502/scores.html: language not detected"), std::string::npos)
      << r.err;
}

TEST_F(TgnewsTest, ThreadsHoldEveryArticleOnceAndTheSameEventTogether) {
  CliResult r = Run("tgnews threads " + pages_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json threads = Json::parse(r.out);
  ASSERT_TRUE(threads.is_array());
  std::map<std::string, int> seen = Appearances(threads);
  EXPECT_EQ(seen.size(), accepted_.size()) << r.out;
  for (const std::string& a : accepted_) EXPECT_EQ(seen[a], 1) << a << "\n" << r.out;
  ASSERT_EQ(threads.size(), 3u) << r.out;
  // The landslide: both reports, then the copy; titled with one of its titles.
  const Json* slide = ThreadWith(threads, "valleypost-brenvik.html");
  ASSERT_NE(slide, nullptr);
  EXPECT_EQ(slide, ThreadWith(threads, "nordicwire-slide.html")) << r.out;
  EXPECT_EQ((*slide)["articles"].back(), "mirror-brenvik-copy.html") << r.out;
  const std::set<std::string> titles = {"Landslide buries homes in Brenvik, four missing",
                                        "Four missing after mudslide hits Brenvik village"};
  EXPECT_TRUE(titles.contains((*slide)["title"].get<std::string>())) << r.out;
  const Json* strike = ThreadWith(threads, "diario-huelga.html");
  ASSERT_NE(strike, nullptr);
  EXPECT_EQ((*strike)["title"], "Los conductores del metro de Valverde irán a la huelga el jueves");
  EXPECT_EQ((*strike)["articles"].size(), 1u);
  EXPECT_NE(r.err.find("rejected 20200502/empty-page.html"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rejected 20200502/scores.html"), std::string::npos) << r.err;
}

TEST_F(TgnewsTest, TopIsOneAnyEntryWithThreadsByImportance) {
  CliResult threads = Run("tgnews threads " + pages_);
  ASSERT_EQ(threads.exit_code, 0) << threads.err;
  CliResult r = Run("tgnews top " + pages_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json top = Json::parse(r.out);
  ASSERT_EQ(top.size(), 1u) << r.out;
  EXPECT_EQ(top[0]["category"], "any");
  EXPECT_EQ(top[0]["threads"], Json::parse(threads.out));
  // Two sites and a copy outrank the single-source threads.
  ASSERT_EQ(top[0]["threads"].size(), 3u);
  EXPECT_EQ(top[0]["threads"][0]["articles"].size(), 3u) << r.out;
  EXPECT_FALSE(top[0]["threads"][0].contains("category"));
}

TEST_F(TgnewsTest, TgnewsLinkRunsTheSameModes) {
  ASSERT_TRUE(fs::is_symlink(TGNEWS_BINARY)) << TGNEWS_BINARY;
  for (const char* mode : {"languages", "threads", "top"}) {
    CliResult via_storyline = Run(std::string("tgnews ") + mode + " " + pages_);
    CliResult via_link = Run(std::string(mode) + " " + pages_, "", TGNEWS_BINARY);
    EXPECT_EQ(via_link.exit_code, 0) << mode << ": " << via_link.err;
    EXPECT_EQ(via_link.out, via_storyline.out) << mode;
  }
  CliResult help = Run("--help", "", TGNEWS_BINARY);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("threads"), std::string::npos) << help.out;
}

TEST_F(TgnewsTest, MissingDirectoryFailsAndUnknownModesAreUsageErrors) {
  const std::string missing = (dir_ / "does-not-exist").string();
  CliResult r = Run("tgnews threads " + missing);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot open '" + missing + "': no such file or directory"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(Run("languages " + missing, "", TGNEWS_BINARY).exit_code, 1);
  // A file is not a source directory.
  EXPECT_EQ(Run("tgnews top " + Write("one.html", "<p>x</p>")).exit_code, 2);
  // news and categories need classifiers storyline does not have yet.
  CliResult news = Run("news " + pages_, "", TGNEWS_BINARY);
  EXPECT_EQ(news.exit_code, 2);
  EXPECT_NE(news.err.find("unknown mode 'news'"), std::string::npos) << news.err;
  EXPECT_TRUE(news.out.empty()) << news.out;
  EXPECT_EQ(Run("tgnews categories " + pages_).exit_code, 2);
  CliResult no_mode = Run("tgnews");
  EXPECT_EQ(no_mode.exit_code, 2);
  EXPECT_NE(no_mode.err.find("a mode is required"), std::string::npos) << no_mode.err;
  EXPECT_EQ(Run("tgnews threads").exit_code, 2);
  EXPECT_EQ(Run("tgnews threads " + pages_ + " extra").exit_code, 2);
}

TEST_F(TgnewsTest, DirectoryWithoutArticlesPrintsEmptyJsonAndExitsOne) {
  Write("none/junk.html", "<html><body><p>Menu</p></body></html>");
  CliResult r = Run("tgnews threads " + (dir_ / "none").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Json::parse(r.out), Json::array());
  EXPECT_NE(r.err.find("rejected junk.html"), std::string::npos) << r.err;
}

}  // namespace
