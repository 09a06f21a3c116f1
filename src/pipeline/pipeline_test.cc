#include "storyline/pipeline.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/scratch_dir_test_util.h"
#include "storyline/dedup.h"
#include "storyline/text.h"
#include "storyline/timestamp.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

// Two invented events, each reported independently by several outlets: a footbridge collapse in
// a river town (event A) and a weather satellite launch (event B).
const char kBridgeHeraldBody[] =
    "<h1>Footbridge collapses into the Tessel river in Harrowgate</h1>\n"
    "<p>The old Millbrook footbridge in Harrowgate collapsed into the Tessel river early on "
    "Thursday morning, injuring two cyclists who were crossing it at the time.</p>\n"
    "<p>Fire crews pulled both cyclists from the cold water within minutes, and they were taken "
    "to Harrowgate General Hospital with broken bones, a spokeswoman for the brigade said.</p>\n"
    "<p>Engineers had warned the town council last year that the steel cables of the bridge, "
    "built in 1931, were badly corroded and needed to be replaced.</p>\n"
    "<p>Mayor Edith Fairweather said the council would open an inquiry into why the repairs "
    "had been delayed for so long.</p>\n";

std::string HtmlPage(const std::string& title, const std::string& site,
                     const std::string& published, const std::string& body) {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>" + title +
         "</title>\n<meta property=\"og:site_name\" content=\"" + site +
         "\">\n<meta property=\"article:published_time\" content=\"" + published +
         "\">\n</head><body>\n<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\n"
         "<article>\n" +
         body + "</article>\n<footer>Copyright the publisher.</footer>\n</body></html>\n";
}

class PipelineTest : public testing::ScratchDirTest {
 protected:
  // Writes the corpus; returns the inputs {pages directory, JSON Lines file}.
  std::vector<std::string> WriteCorpus() {
    const std::string bridge_title = "Footbridge collapses into the Tessel river in Harrowgate";
    Write("pages/news/bridge-herald.html",
          HtmlPage(bridge_title, "Harrowgate Herald", "2024-05-02T09:00:00Z", kBridgeHeraldBody));
    // The same article republished later by another site; sorts before the original.
    Write("pages/mirror/bridge-herald-copy.html",
          HtmlPage(bridge_title, "Mirror Daily", "2024-05-02T15:00:00Z", kBridgeHeraldBody));
    Write("pages/news/bridge-courier.txt",
          "https://www.tessel-courier.example/news/millbrook-bridge\n"
          "Two cyclists hurt as Millbrook bridge gives way\n"
          "2 May 2024 11:40\n\n"
          "Two cyclists were hurt on Thursday when the Millbrook footbridge over the Tessel gave "
          "way beneath them in the centre of Harrowgate.\n\n"
          "Witnesses said the corroded cables of the 1931 footbridge snapped with a loud bang "
          "before the deck fell into the river.\n\n"
          "The two injured cyclists, a man and a woman in their thirties, are being treated at "
          "Harrowgate General Hospital for fractures.\n\n"
          "Residents said they had complained to the council about the state of the Millbrook "
          "footbridge for years, and Mayor Fairweather promised an inquiry.\n");
    Write("pages/news/bridge-gazette.html",
          HtmlPage("Harrowgate council faces questions over Millbrook footbridge collapse",
                   "Tessel Valley Gazette", "2024-05-03T07:15:00Z",
                   "<h1>Harrowgate council faces questions over Millbrook footbridge "
                   "collapse</h1>\n"
                   "<p>Harrowgate council is under pressure after the Millbrook footbridge "
                   "collapsed into the Tessel river, a day after cyclists were injured.</p>\n"
                   "<p>Documents seen by the Gazette show that the council postponed the "
                   "replacement of the corroded bridge cables three times since 2021.</p>\n"
                   "<p>Mayor Edith Fairweather has promised an independent inquiry, and the two "
                   "cyclists remain in Harrowgate General Hospital.</p>\n"));
    Write("pages/space/kestrel-observer.html",
          HtmlPage("Kestrel-3 weather satellite launched from Varnholm", "The Observer Online",
                   "2024-05-03T10:00:00Z",
                   "<h1>Kestrel-3 weather satellite launched from Varnholm</h1>\n"
                   "<p>A Boreal rocket carrying the Kestrel-3 weather satellite lifted off from "
                   "the Varnholm spaceport on Friday, after two days of delays caused by high "
                   "winds.</p>\n"
                   "<p>The satellite will watch Arctic storms and sea ice from a polar orbit, "
                   "the Nordic Meteorological Agency said in a statement.</p>\n"
                   "<p>Kestrel-3 replaces Kestrel-2, which has been sending images of the polar "
                   "weather for eleven years.</p>\n"));
    Write("pages/space/kestrel-wire.txt",
          "Boreal rocket puts Kestrel-3 into polar orbit\n"
          "3 May 2024 10:20\n\n"
          "The Kestrel-3 weather satellite reached its polar orbit on Friday, about an hour "
          "after its Boreal rocket launched from Varnholm.\n\n"
          "The Nordic Meteorological Agency said the satellite had unfolded its solar panels and "
          "sent its first signals to the ground station.\n\n"
          "Kestrel-3 will improve forecasts of Arctic storms, taking over from the ageing "
          "Kestrel-2 satellite that was launched eleven years ago.\n");
    Write("pages/junk/empty.txt", "");
    Write("pages/junk/latin1.txt",
          "Caf\xe9 owners in Harrowgate say the closure of the footbridge will cost them "
          "customers for months, and they want the council to help them.\n");
    Write("pages/junk/short.txt", "Short note\n\nToo few words here.\n");
    std::string feed = Write(
        "feed.jsonl",
        "{\"id\": \"feed-1\", \"title\": \"Kestrel-3 satellite reaches polar orbit\", "
        "\"text\": \"The Kestrel-3 weather satellite launched from Varnholm on a Boreal rocket "
        "is in its polar orbit, the Nordic Meteorological Agency said. Kestrel-3 will watch "
        "Arctic storms and replace Kestrel-2.\", \"published\": \"2024-05-03T12:30:00Z\", "
        "\"site\": \"Orbit Feed\"}\n"
        "{\"id\": \"feed-2\", \"title\": \"broken\n"
        "{\"id\": \"feed-1\", \"text\": \"A second record that reuses the id of the first "
        "one.\"}\n");
    return {(dir_ / "pages").string(), feed};
  }

  static PipelineResult Run(const std::vector<std::string>& inputs, int threads) {
    PipelineOptions options;
    options.threads = threads;
    PipelineResult result;
    Status s = RunPipeline(inputs, options, &result);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return result;
  }
};

constexpr size_t kInputs = 9 + 3;  // page files + JSON Lines lines

const Document* FindDoc(const PipelineResult& r, const std::string& id) {
  for (const Document& d : r.documents) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

uint32_t IndexOf(const PipelineResult& r, const std::string& id) {
  for (uint32_t i = 0; i < r.documents.size(); ++i) {
    if (r.documents[i].id == id) return i;
  }
  ADD_FAILURE() << "no accepted document " << id;
  return UINT32_MAX;
}

std::set<std::string> MemberIds(const PipelineResult& r, const Story& s) {
  std::set<std::string> ids;
  for (uint32_t m : s.members) ids.insert(r.documents[m].id);
  return ids;
}

TEST_F(PipelineTest, TwoEventsBecomeTwoStories) {
  PipelineResult r = Run(WriteCorpus(), 2);
  ASSERT_EQ(r.stories.size(), 2u);
  std::set<std::set<std::string>> stories;
  for (const Story& s : r.stories) stories.insert(MemberIds(r, s));
  const std::set<std::set<std::string>> expected = {
      {"news/bridge-herald.html", "news/bridge-courier.txt", "news/bridge-gazette.html"},
      {"space/kestrel-observer.html", "space/kestrel-wire.txt", "feed-1"}};
  EXPECT_EQ(stories, expected);
  // Every headline is the title of one of the story's own members.
  for (const Story& s : r.stories) {
    EXPECT_NE(std::find(s.members.begin(), s.members.end(), s.headline_doc), s.members.end());
    EXPECT_GT(s.importance, 0);
  }
  EXPECT_GE(r.stories[0].importance, r.stories[1].importance);
}

TEST_F(PipelineTest, ExactCopyPointsToTheEarlierPublishedPage) {
  PipelineResult r = Run(WriteCorpus(), 2);
  const uint32_t original = IndexOf(r, "news/bridge-herald.html");
  const uint32_t copy = IndexOf(r, "mirror/bridge-herald-copy.html");
  ASSERT_LT(copy, original);  // input order alone would pick the copy as the original
  ASSERT_EQ(r.duplicates.size(), 1u);
  EXPECT_EQ(r.duplicates[0].original, original);
  ASSERT_EQ(r.duplicates[0].copies.size(), 1u);
  EXPECT_EQ(r.duplicates[0].copies[0].doc, copy);
  EXPECT_EQ(r.duplicates[0].copies[0].relation, CopyRelation::kExact);
  EXPECT_DOUBLE_EQ(r.duplicates[0].copies[0].similarity, 1.0);
  // The copy follows its original: it is no story member.
  for (const Story& s : r.stories) {
    EXPECT_EQ(std::count(s.members.begin(), s.members.end(), copy), 0);
  }
  EXPECT_EQ(r.documents[original].site, "Harrowgate Herald");
  EXPECT_EQ(r.documents[copy].site, "Mirror Daily");
}

TEST_F(PipelineTest, EveryRejectedInputHasAReason) {
  std::vector<std::string> inputs = WriteCorpus();
  const std::string& feed = inputs[1];
  PipelineResult r = Run(inputs, 2);
  std::map<std::string, std::string> reasons;
  for (const Rejection& rej : r.rejected) {
    EXPECT_FALSE(rej.reason.empty()) << rej.doc;
    EXPECT_TRUE(reasons.emplace(rej.doc, rej.reason).second) << "rejected twice: " << rej.doc;
  }
  ASSERT_EQ(reasons.size(), 5u);
  EXPECT_EQ(reasons["junk/empty.txt"], "empty file");
  EXPECT_EQ(reasons["junk/latin1.txt"], "invalid UTF-8");
  EXPECT_TRUE(reasons["junk/short.txt"].starts_with("no article text after extraction"))
      << reasons["junk/short.txt"];
  ASSERT_TRUE(reasons.contains(feed + ":2"));
  EXPECT_TRUE(reasons[feed + ":2"].starts_with("malformed JSON")) << reasons[feed + ":2"];
  ASSERT_TRUE(reasons.contains("feed-1"));
  EXPECT_TRUE(reasons["feed-1"].starts_with("duplicate id")) << reasons["feed-1"];
  // The first record with the id is kept, with its own text.
  const Document* kept = FindDoc(r, "feed-1");
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->title, "Kestrel-3 satellite reaches polar orbit");
  EXPECT_EQ(kept->site, "Orbit Feed");
}

TEST_F(PipelineTest, NothingIsLost) {
  PipelineResult r = Run(WriteCorpus(), 2);
  EXPECT_EQ(r.documents.size() + r.rejected.size(), kInputs);
  EXPECT_EQ(r.documents.size(), 7u);
  // Each accepted document is in exactly one story, as a member or as a copy of a member.
  std::vector<int> placed(r.documents.size(), 0);
  for (const Story& s : r.stories) {
    for (uint32_t m : s.members) {
      ASSERT_LT(m, r.documents.size());
      ++placed[m];
    }
  }
  for (const DuplicateGroup& g : r.duplicates) {
    EXPECT_EQ(placed[g.original], 1) << r.documents[g.original].id;
    for (const CopyLink& c : g.copies) ++placed[c.doc];
  }
  for (size_t i = 0; i < r.documents.size(); ++i) {
    EXPECT_EQ(placed[i], 1) << r.documents[i].id;
  }
}

TEST_F(PipelineTest, PlainTextPageMetadata) {
  PipelineResult r = Run(WriteCorpus(), 1);
  const Document* d = FindDoc(r, "news/bridge-courier.txt");
  ASSERT_NE(d, nullptr);
  // The leading URL line is the url (and gives the site), not the title.
  EXPECT_EQ(d->url, "https://www.tessel-courier.example/news/millbrook-bridge");
  EXPECT_EQ(d->site, "tessel-courier.example");
  EXPECT_EQ(d->title, "Two cyclists hurt as Millbrook bridge gives way");
  ASSERT_TRUE(d->published.has_value());
  EXPECT_EQ(FormatTimestamp(*d->published), "2024-05-02T11:40:00Z");
  EXPECT_EQ(d->text.language, "en");
  EXPECT_GE(d->text.body.size(), 15u);
}

// A comparable digest of everything a run decides.
std::vector<std::string> Digest(const PipelineResult& r) {
  std::vector<std::string> out;
  for (const Document& d : r.documents) {
    out.push_back("doc " + d.id + " | " + d.title + " | " + d.site + " | " +
                  (d.published ? FormatTimestamp(*d.published) : "-") + " | " +
                  std::to_string(d.text.exact_hash) + " | " + std::to_string(d.text.body.size()));
  }
  for (const Rejection& rej : r.rejected) out.push_back("rejected " + rej.doc + " | " + rej.reason);
  for (const DuplicateGroup& g : r.duplicates) {
    for (const CopyLink& c : g.copies) {
      out.push_back("copy " + std::to_string(g.original) + " <- " + std::to_string(c.doc) + " " +
                    CopyRelationName(c.relation) + " " + std::to_string(c.similarity));
    }
  }
  for (const Story& s : r.stories) {
    std::string line =
        "story " + std::to_string(s.headline_doc) + " " + std::to_string(s.importance) + " :";
    for (uint32_t m : s.members) line += " " + std::to_string(m);
    out.push_back(line);
  }
  return out;
}

TEST_F(PipelineTest, SameResultWithOneAndTwoThreads) {
  std::vector<std::string> inputs = WriteCorpus();
  PipelineResult one = Run(inputs, 1);
  PipelineResult two = Run(inputs, 2);
  ASSERT_FALSE(one.documents.empty());
  EXPECT_EQ(Digest(one), Digest(two));
  // Accepted documents and rejections keep input order, whatever the threads.
  std::vector<std::string> ids;
  for (const Document& d : two.documents) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"mirror/bridge-herald-copy.html",
                                           "news/bridge-courier.txt", "news/bridge-gazette.html",
                                           "news/bridge-herald.html", "space/kestrel-observer.html",
                                           "space/kestrel-wire.txt", "feed-1"}));
  std::vector<std::string> rejected;
  for (const Rejection& rej : two.rejected) rejected.push_back(rej.doc);
  EXPECT_EQ(rejected, (std::vector<std::string>{"junk/empty.txt", "junk/latin1.txt",
                                                "junk/short.txt", inputs[1] + ":2", "feed-1"}));
}

TEST_F(PipelineTest, ProgressReportsEveryDocumentAtTheEnd) {
  std::vector<std::string> inputs = WriteCorpus();
  PipelineOptions options;
  options.threads = 2;
  PipelineResult result;
  uint64_t last_done = 0, last_read = 0, total = 0;
  int calls = 0;
  std::vector<PipelineProgress::Stage> stages;
  Status s = RunPipeline(inputs, options, &result, [&](const PipelineProgress& p) {
    ++calls;
    last_read = p.bytes_read;
    total = p.bytes_total;
    last_done = p.documents;
    if (stages.empty() || stages.back() != p.stage) stages.push_back(p.stage);
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_GE(calls, 3);
  // The stages come in pipeline order, each once.
  EXPECT_EQ(stages, (std::vector<PipelineProgress::Stage>{
                        PipelineProgress::Stage::kReading, PipelineProgress::Stage::kFindingCopies,
                        PipelineProgress::Stage::kGroupingStories,
                        PipelineProgress::Stage::kBuildingViews}));
  EXPECT_EQ(last_done, kInputs);
  EXPECT_GT(total, 0u);
  EXPECT_EQ(last_read, total);
}

TEST_F(PipelineTest, MissingInputFails) {
  PipelineResult result;
  Status s = RunPipeline({(dir_ / "no-such-dir").string()}, PipelineOptions{}, &result);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_TRUE(result.documents.empty());
}

TEST_F(PipelineTest, ReadAndAnalyzeIsTheReadingHalfOfRunPipeline) {
  std::vector<std::string> inputs = WriteCorpus();
  PipelineResult full = Run(inputs, 2);
  PipelineOptions options;
  options.threads = 2;
  PipelineResult read;
  std::vector<PipelineProgress::Stage> stages;
  Status s = ReadAndAnalyze(inputs, options, &read,
                            [&](const PipelineProgress& p) { stages.push_back(p.stage); });
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(read.documents.size(), full.documents.size());
  for (size_t i = 0; i < read.documents.size(); ++i) {
    EXPECT_EQ(read.documents[i].id, full.documents[i].id);
    EXPECT_EQ(read.documents[i].text.exact_hash, full.documents[i].text.exact_hash);
  }
  ASSERT_EQ(read.rejected.size(), full.rejected.size());
  for (size_t i = 0; i < read.rejected.size(); ++i) {
    EXPECT_EQ(read.rejected[i].doc, full.rejected[i].doc);
    EXPECT_EQ(read.rejected[i].reason, full.rejected[i].reason);
  }
  EXPECT_TRUE(read.duplicates.empty());
  EXPECT_TRUE(read.stories.empty());
  ASSERT_FALSE(stages.empty());
  for (PipelineProgress::Stage stage : stages) EXPECT_EQ(stage, PipelineProgress::Stage::kReading);
  EXPECT_FALSE(ReadAndAnalyze({(dir_ / "no-such-dir").string()}, options, &read).ok());
}

TEST_F(PipelineTest, RunDedupFindsTheCopiesOfRunPipelineWithoutStories) {
  std::vector<std::string> inputs = WriteCorpus();
  PipelineResult full = Run(inputs, 2);
  PipelineOptions options;
  options.threads = 2;
  PipelineResult dedup;
  std::vector<PipelineProgress::Stage> stages;
  Status s = RunDedup(inputs, options, &dedup, [&](const PipelineProgress& p) {
    if (stages.empty() || stages.back() != p.stage) stages.push_back(p.stage);
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(stages,
            (std::vector<PipelineProgress::Stage>{PipelineProgress::Stage::kReading,
                                                  PipelineProgress::Stage::kFindingCopies}));
  EXPECT_EQ(dedup.documents.size(), full.documents.size());
  EXPECT_EQ(dedup.rejected.size(), full.rejected.size());
  EXPECT_TRUE(dedup.stories.empty());
  EXPECT_GT(dedup.seconds, 0);
  ASSERT_EQ(dedup.duplicates.size(), full.duplicates.size());
  for (size_t i = 0; i < dedup.duplicates.size(); ++i) {
    EXPECT_EQ(dedup.duplicates[i].original, full.duplicates[i].original);
    ASSERT_EQ(dedup.duplicates[i].copies.size(), full.duplicates[i].copies.size());
    for (size_t j = 0; j < dedup.duplicates[i].copies.size(); ++j) {
      EXPECT_EQ(dedup.duplicates[i].copies[j].doc, full.duplicates[i].copies[j].doc);
      EXPECT_EQ(dedup.duplicates[i].copies[j].relation, full.duplicates[i].copies[j].relation);
    }
  }
  // options.dedup reaches the duplicate stage: without exact copies the mirror is no copy.
  options.dedup.copy_relations = RelationBit(CopyRelation::kNear);
  PipelineResult no_exact;
  ASSERT_TRUE(RunDedup(inputs, options, &no_exact).ok());
  EXPECT_TRUE(no_exact.duplicates.empty());
}

// `storyline tgnews` runs RunDedup then GroupStories: the stories of RunPipeline, in its order,
// without the views.
TEST_F(PipelineTest, GroupStoriesIsRunPipelineWithoutViews) {
  std::vector<std::string> inputs = WriteCorpus();
  PipelineResult full = Run(inputs, 2);
  PipelineOptions options;
  options.threads = 2;
  PipelineResult grouped;
  ASSERT_TRUE(RunDedup(inputs, options, &grouped).ok());
  GroupStories(&grouped, options.story);
  ASSERT_EQ(grouped.stories.size(), full.stories.size());
  for (size_t i = 0; i < grouped.stories.size(); ++i) {
    EXPECT_EQ(grouped.stories[i].members, full.stories[i].members);
    EXPECT_EQ(grouped.stories[i].headline_doc, full.stories[i].headline_doc);
    EXPECT_DOUBLE_EQ(grouped.stories[i].importance, full.stories[i].importance);
    EXPECT_TRUE(grouped.stories[i].summary.empty());
    EXPECT_TRUE(grouped.stories[i].quotes.empty());
    EXPECT_FALSE(full.stories[i].summary.empty());
  }
}

TEST(PipelineProcessDocumentTest, RecordWithOnlyATitleIsKeptAPageIsNot) {
  PipelineOptions options;
  TextAnalyzer analyzer(options.text);
  RawDocument record;
  record.id = "headline-1";
  record.from_record = true;
  record.title = "Kestrel-3 satellite launched from Varnholm";
  Document doc;
  Rejection rejection;
  EXPECT_TRUE(ProcessDocument(record, options, analyzer, &doc, &rejection));
  EXPECT_EQ(doc.id, "headline-1");
  EXPECT_EQ(doc.title, "Kestrel-3 satellite launched from Varnholm");

  RawDocument empty_record;
  empty_record.id = "blank";
  empty_record.from_record = true;
  Document blank;
  EXPECT_FALSE(ProcessDocument(empty_record, options, analyzer, &blank, &rejection));
  EXPECT_EQ(rejection.doc, "blank");
  EXPECT_FALSE(rejection.reason.empty());

  RawDocument page = record;
  page.id = "page.txt";
  page.from_record = false;
  page.body = "Kestrel-3 satellite launched from Varnholm\n\nIt flew.\n";
  Document short_page;
  EXPECT_FALSE(ProcessDocument(page, options, analyzer, &short_page, &rejection));
  EXPECT_EQ(rejection.doc, "page.txt");
  EXPECT_TRUE(rejection.reason.starts_with("no article text after extraction")) << rejection.reason;
}

// A plain-text page's leading URL lines are the url, not the title; a first line that only
// starts like a URL but goes on as prose was once dropped and glued into a bogus url.
TEST(PipelineProcessDocumentTest, ProseStartingWithAUrlSchemeIsNotALeadingUrlLine) {
  PipelineOptions options;
  TextAnalyzer analyzer(options.text);
  const std::string body =
      "The old footbridge in Harrowgate collapsed into the river early on Thursday morning, "
      "injuring two cyclists who were crossing it at the time.\n";
  auto process = [&](const std::string& first_line) {
    RawDocument raw;
    raw.id = "page.txt";
    raw.body = first_line + "\nFootbridge falls into the Tessel\n\n" + body;
    Document doc;
    Rejection rejection;
    EXPECT_TRUE(ProcessDocument(raw, options, analyzer, &doc, &rejection)) << rejection.reason;
    return doc;
  };

  Document prose = process("https: the site said the bridge fell");
  EXPECT_EQ(prose.title, "https: the site said the bridge fell");
  EXPECT_EQ(prose.url, "");

  Document plain = process("https://www.tessel-courier.example/news/2024/05/02/millbrook-bridge");
  EXPECT_EQ(plain.title, "Footbridge falls into the Tessel");
  EXPECT_EQ(plain.url, "https://www.tessel-courier.example/news/2024/05/02/millbrook-bridge");
  EXPECT_EQ(plain.site, "tessel-courier.example");

  // ECB+ writes URLs tokenised.
  Document tokenised = process("http : / / www . tessel . example / news / bridge . html");
  EXPECT_EQ(tokenised.title, "Footbridge falls into the Tessel");
  EXPECT_EQ(tokenised.url, "http://www.tessel.example/news/bridge.html");
  EXPECT_EQ(tokenised.site, "tessel.example");
}

// importance = distinct sites (+1 per member without a site) + 0.5 per copy, halved for every
// 3 days the story's newest member is older than the newest document of the run.
TEST(PipelineRankStoriesTest, ImportanceFormulaAndStableOrder) {
  constexpr UnixSeconds kNewest = 1714730000;
  constexpr UnixSeconds kDay = 24 * 3600;
  PipelineResult r;
  auto add = [&](std::string site, std::optional<UnixSeconds> t) {
    Document d;
    d.id = "d" + std::to_string(r.documents.size());
    d.site = std::move(site);
    d.published = t;
    r.documents.push_back(std::move(d));
  };
  add("b.example", kNewest - 6 * kDay);  // 0: story X, 6 days old
  add("a.example", kNewest);             // 1: story Y
  add("a.example", kNewest - kDay);      // 2: story Y, same site again
  add("", std::nullopt);                 // 3: story Y, no site
  add("c.example", kNewest);             // 4: copy of 1
  add("c.example", kNewest - 3 * kDay);  // 5: story Z, 3 days old
  add("d.example", std::nullopt);        // 6: story W, no time: no decay
  add("e.example", std::nullopt);        // 7: story V, ties with W
  r.duplicates = {{1, {{4, CopyRelation::kExact, 1.0}}}};
  auto story = [](std::vector<uint32_t> members) {
    Story s;
    s.members = std::move(members);
    s.headline_doc = s.members[0];
    return s;
  };
  r.stories = {story({0}), story({6}), story({1, 2, 3}), story({5}), story({7})};

  RankStories(&r);
  ASSERT_EQ(r.stories.size(), 5u);
  std::vector<uint32_t> order;
  for (const Story& s : r.stories) order.push_back(s.headline_doc);
  EXPECT_EQ(order, (std::vector<uint32_t>{1, 6, 7, 5, 0}));
  EXPECT_DOUBLE_EQ(r.stories[0].importance, 2 + 0.5);  // a.example + no-site member + a copy
  EXPECT_DOUBLE_EQ(r.stories[1].importance, 1.0);
  EXPECT_DOUBLE_EQ(r.stories[2].importance, 1.0);
  EXPECT_DOUBLE_EQ(r.stories[3].importance, 0.5);
  EXPECT_DOUBLE_EQ(r.stories[4].importance, 0.25);
}

// Many stories with equal importance (more than a small-array sort would leave in place) keep
// their input order.
TEST(PipelineRankStoriesTest, TiesKeepTheirOrder) {
  PipelineResult r;
  for (uint32_t i = 0; i < 100; ++i) {
    r.documents.emplace_back();  // no site, no time: one source each
    Story s;
    s.members = {i};
    s.headline_doc = i;
    r.stories.push_back(s);
  }
  // Every third story gets a second member (one more source), so it ranks higher.
  for (uint32_t i = 0; i < 100; i += 3) {
    r.documents.emplace_back();
    r.stories[i].members.push_back(static_cast<uint32_t>(r.documents.size() - 1));
  }
  RankStories(&r);
  std::vector<uint32_t> expected;
  for (uint32_t i = 0; i < 100; i += 3) expected.push_back(i);
  for (uint32_t i = 0; i < 100; ++i) {
    if (i % 3 != 0) expected.push_back(i);
  }
  std::vector<uint32_t> order;
  for (const Story& s : r.stories) order.push_back(s.headline_doc);
  EXPECT_EQ(order, expected);
}

}  // namespace
}  // namespace storyline
