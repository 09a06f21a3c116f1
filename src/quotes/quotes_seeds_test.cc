// The quotes measurement of issue 6 on ../shared/data/seeds (skipped when the data is absent):
// five pages about Xi Jinping's visit to Moscow, read as `storyline run` reads them. Every
// direct quotation of John Kirby, Vladimir Putin and Xi Jinping must be found with its speaker,
// matched across the pages that carry it, and flagged when a page changed its words (000 is a
// machine-spun rewrite of the BBC article 001). src/quotes/README.md has the full table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "storyline/pipeline.h"
#include "storyline/quotes.h"

namespace storyline {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::IsSupersetOf;

const std::string kSeeds = std::string(STORYLINE_SHARED_DATA_DIR) + "/seeds";

class QuotesSeedsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kSeeds)) {
      GTEST_SKIP() << "seed pages not found under " << kSeeds;
    }
    ASSERT_TRUE(ReadAndAnalyze({kSeeds}, PipelineOptions(), &result_).ok());
    ASSERT_EQ(result_.documents.size(), 5u);
    // Earliest published first; pages without a time follow, in input order.
    for (uint32_t i = 0; i < result_.documents.size(); ++i) order_.push_back(i);
    std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
      return PublishedBefore(result_.documents[a], result_.documents[b]);
    });
    for (uint32_t i = 0; i < result_.documents.size(); ++i) {
      page_[result_.documents[i].id.substr(0, 3)] = i;
    }
    quotes_ = CompareQuotes(result_.documents, order_, QuoteOptions());
  }

  // The story quote whose reference wording starts with `prefix`.
  const StoryQuote* Find(const std::string& prefix) const {
    for (const StoryQuote& q : quotes_) {
      if (q.text.rfind(prefix, 0) == 0) return &q;
    }
    return nullptr;
  }

  // The pages carrying `q`, by their three-digit prefix.
  std::vector<std::string> Pages(const StoryQuote& q) const {
    std::vector<std::string> pages;
    for (uint32_t d : q.docs) pages.push_back(result_.documents[d].id.substr(0, 3));
    return pages;
  }

  const QuoteVariant* VariantOf(const StoryQuote& q, const std::string& page) const {
    for (const QuoteVariant& v : q.altered) {
      if (v.doc == page_.at(page)) return &v;
    }
    return nullptr;
  }

  PipelineResult result_;
  std::vector<uint32_t> order_;
  std::map<std::string, uint32_t> page_;
  std::vector<StoryQuote> quotes_;
};

// Every Kirby, Putin and Xi quotation of each page, found by reading the pages (README table).
struct Expected {
  const char* page;
  const char* speaker;
  const char* opening;  // the first words of the quotation
};

constexpr Expected kExpected[] = {
    {"001", "John Kirby", "We hope that President Xi"},
    {"001", "John Kirby", "But we are concerned"},
    {"001", "Vladimir Putin", "settle the acute crisis"},
    {"001", "Vladimir Putin", "We're always open"},
    {"001", "Vladimir Putin", "observing the principles"},
    {"001", "Vladimir Putin", "undivided security"},
    {"001", "Vladimir Putin", "a tremendous leap"},
    {"001", "Vladimir Putin", "We even feel"},
    {"001", "Xi Jinping", "Under your strong leadership"},
    {"001", "John Kirby", "to play a constructive role"},
    {"000", "John Kirby", "We hope President Xi"},
    {"000", "John Kirby", "But we are concerned"},
    {"000", "Vladimir Putin", "resolve the serious crisis"},
    {"000", "Vladimir Putin", "We are always ready"},
    {"000", "Vladimir Putin", "adhering to the principles"},
    {"000", "Vladimir Putin", "undivided security"},
    {"000", "Vladimir Putin", "We\xe2\x80\x99re a bit envious"},
    {"000", "Xi Jinping", "Under your strong leadership"},
    {"000", "John Kirby", "play a constructive role"},
    {"002", "Vladimir Putin", "Obviously, security issues"},
    {"002", "Vladimir Putin", "We will do whatever"},
    {"002", "John Kirby", "A truce is now"},
    {"002", "John Kirby", "indeed recognize"},
    {"002", "John Kirby", "so it can resume"},
    {"002", "Vladimir Putin", "demonstrate the strength"},
    {"002", "Vladimir Putin", "become the most important"},
    {"004", "Vladimir Putin", "peaceful settlement in Ukraine"},
    {"004", "Vladimir Putin", "can be taken as a basis"},
    {"004", "Vladimir Putin", "All of our talks"},
    {"004", "Xi Jinping", "I have developed"},
    {"004", "Xi Jinping", "We agreed that"},
    {"004", "Vladimir Putin", "China is the leading importer"},
    {"004", "Vladimir Putin", "the implementation of the initiative"},
    {"004", "Vladimir Putin", "Russia-China relations"},
};

TEST_F(QuotesSeedsTest, EveryKirbyPutinXiQuotationFoundWithItsSpeaker) {
  std::map<std::string, int> expected_per_page;
  for (const Expected& e : kExpected) {
    ++expected_per_page[e.page];
    const std::vector<Quotation> found =
        ExtractQuotations(result_.documents, page_.at(e.page), QuoteOptions());
    const auto it = std::find_if(found.begin(), found.end(), [&](const Quotation& q) {
      return q.text.rfind(e.opening, 0) == 0;
    });
    ASSERT_NE(it, found.end()) << e.page << ": " << e.opening;
    EXPECT_EQ(it->speaker, e.speaker) << e.page << ": " << e.opening;
  }
  // And no other quotation is given to them (003 quotes none of the three directly).
  for (const auto& [page, index] : page_) {
    int theirs = 0;
    for (const Quotation& q : ExtractQuotations(result_.documents, index, QuoteOptions())) {
      theirs +=
          q.speaker == "John Kirby" || q.speaker == "Vladimir Putin" || q.speaker == "Xi Jinping";
    }
    EXPECT_EQ(theirs, expected_per_page[page]) << page;
  }
}

TEST_F(QuotesSeedsTest, SpunCopyChangedWhatKirbySaid) {
  const StoryQuote* q = Find("We hope that President Xi will press President Putin");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->speaker, "John Kirby");
  EXPECT_THAT(Pages(*q), ElementsAre("001", "000"));  // 001 is the only page with a time
  const QuoteVariant* v = VariantOf(*q, "000");
  ASSERT_NE(v, nullptr);
  EXPECT_THAT(v->removed, IsSupersetOf({"press", "cease", "halt", "troops"}));
  EXPECT_THAT(v->added, IsSupersetOf({"pressure", "stop", "forces"}));

  q = Find("But we are concerned");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->speaker, "John Kirby");
  EXPECT_THAT(Pages(*q), ElementsAre("001", "000"));
  v = VariantOf(*q, "000");
  ASSERT_NE(v, nullptr);
  EXPECT_THAT(v->removed, IsSupersetOf({"removal", "ratify", "conquests"}));
  EXPECT_THAT(v->added, IsSupersetOf({"withdrawal", "confirm", "gains"}));

  // The copy moved "to" outside the quotation marks: the same words, not altered.
  q = Find("to play a constructive role");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->speaker, "John Kirby");
  EXPECT_THAT(Pages(*q), ElementsAre("001", "000"));
  EXPECT_THAT(q->altered, IsEmpty());
}

TEST_F(QuotesSeedsTest, SpunCopyChangedWhatPutinAndXiSaid) {
  struct Change {
    const char* opening;
    const char* speaker;
    std::vector<std::string> removed;
    std::vector<std::string> added;
  };
  const Change changes[] = {
      {"settle the acute crisis", "Vladimir Putin", {"settle", "acute"}, {"resolve", "serious"}},
      {"We're always open", "Vladimir Putin", {"open", "a"}, {"ready", "the"}},
      {"observing the principles", "Vladimir Putin", {"observing"}, {"adhering", "to"}},
      {"We even feel a bit envious", "Vladimir Putin", {"even", "feel"}, {"are"}},
      {"Under your strong leadership", "Xi Jinping", {"strides", "their"}, {"progress"}},
  };
  for (const Change& c : changes) {
    const StoryQuote* q = Find(c.opening);
    ASSERT_NE(q, nullptr) << c.opening;
    EXPECT_EQ(q->speaker, c.speaker) << c.opening;
    EXPECT_THAT(Pages(*q), ElementsAre("001", "000")) << c.opening;
    const QuoteVariant* v = VariantOf(*q, "000");
    ASSERT_NE(v, nullptr) << c.opening;
    EXPECT_EQ(v->removed, c.removed) << c.opening;
    EXPECT_EQ(v->added, c.added) << c.opening;
  }
  const StoryQuote* q = Find("undivided security for every country");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->speaker, "Vladimir Putin");
  EXPECT_THAT(Pages(*q), ElementsAre("001", "000"));
  EXPECT_THAT(q->altered, IsEmpty());
  // The copy paraphrased this one without quotation marks.
  q = Find("a tremendous leap forward");
  ASSERT_NE(q, nullptr);
  EXPECT_THAT(Pages(*q), ElementsAre("001"));
}

TEST_F(QuotesSeedsTest, IndependentReportsQuoteDifferentStatements) {
  // AP, Reuters and CNN quote other statements than the BBC: each stays on its own page.
  for (const char* opening :
       {"A truce is now", "Obviously, security issues", "I have developed", "All of our talks"}) {
    const StoryQuote* q = Find(opening);
    ASSERT_NE(q, nullptr) << opening;
    EXPECT_EQ(q->docs.size(), 1u) << opening;
  }
  for (size_t i = 1; i < quotes_.size(); ++i) {
    EXPECT_GE(quotes_[i - 1].docs.size(), quotes_[i].docs.size());
  }
}

}  // namespace
}  // namespace storyline
