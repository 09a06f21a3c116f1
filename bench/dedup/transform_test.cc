#include "transform.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "core/scratch_dir_test_util.h"
#include "page.h"
#include "test_util.h"

namespace storyline::dedup_bench {
namespace {

using storyline::testing::ScratchDirTest;
using testing::FillerParagraphs;
using testing::kTestThesaurus;
using testing::TestArticle;

std::vector<std::string> Words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::vector<std::string> Words(const Article& a, bool with_title) {
  std::vector<std::string> words = with_title ? Words(a.title) : std::vector<std::string>();
  for (const std::string& p : a.paragraphs) {
    std::vector<std::string> w = Words(p);
    words.insert(words.end(), w.begin(), w.end());
  }
  return words;
}

std::string Joined(const Article& a) {
  std::string text;
  for (const std::string& p : a.paragraphs) text += (text.empty() ? "" : "\n\n") + p;
  return text;
}

// The core of a token: without the punctuation around it.
std::string Core(const std::string& token) {
  size_t b = 0, e = token.size();
  while (b < e && !std::isalnum(static_cast<unsigned char>(token[b]))) ++b;
  while (e > b && !std::isalnum(static_cast<unsigned char>(token[e - 1]))) --e;
  return token.substr(b, e - b);
}

bool IsContent(const std::string& core) {
  return core.size() >= 3 &&
         std::all_of(core.begin(), core.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
         !IsStopWord(core);
}

class TransformTest : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    ASSERT_TRUE(Thesaurus::Load(Write("th.dat", std::string(kTestThesaurus)), &thesaurus_).ok());
  }
  Thesaurus thesaurus_;
};

TEST_F(TransformTest, ThesaurusKeepsSingleUnmarkedWords) {
  const auto* storm = thesaurus_.Find("storm");
  ASSERT_NE(storm, nullptr);
  ASSERT_EQ(storm->size(), 2u);
  EXPECT_EQ((*storm)[0].pos, Thesaurus::Pos::kNoun);
  EXPECT_EQ((*storm)[0].synonyms, (std::vector<std::string>{"tempest", "gale"}));
  EXPECT_EQ((*storm)[1].synonyms, (std::vector<std::string>{"rage"}));  // antonym skipped
  EXPECT_EQ(thesaurus_.Find("flood"), nullptr);  // only marked and multi-word synonyms
  EXPECT_EQ(thesaurus_.Find("reach")->front().synonyms, (std::vector<std::string>{"attain"}));
}

TEST_F(TransformTest, SynonymInflectsLikeTheWord) {
  std::mt19937_64 rng(1);
  std::set<std::string> plurals, pasts;
  for (int i = 0; i < 50; ++i) {
    plurals.insert(thesaurus_.Synonym("storms", rng));
    pasts.insert(thesaurus_.Synonym("blocked", rng));
  }
  EXPECT_EQ(plurals, (std::set<std::string>{"tempests", "gales", "rages"}));
  EXPECT_EQ(pasts, (std::set<std::string>{"obstructed", "barricaded"}));
  EXPECT_EQ(thesaurus_.Synonym("reached", rng), "attained");
  EXPECT_EQ(thesaurus_.Synonym("unknownword", rng), "");
  EXPECT_EQ(thesaurus_.Synonym("flood", rng), "");
}

TEST_F(TransformTest, ThesaurusErrors) {
  Thesaurus t;
  EXPECT_EQ(Thesaurus::Load((dir_ / "missing.dat").string(), &t).code(), Status::Code::kNotFound);
  EXPECT_FALSE(Thesaurus::Load(Write("bad.dat", "UTF-8\nstorm|3\n(noun)|gale\n"), &t).ok());
}

TEST(SentencesTest, SplitsAtSentenceEndsNotAbbreviations) {
  EXPECT_EQ(
      SplitSentences("Mr. Smith went to Washington. He met U.S. officials on Jan. 5. "
                     "\"It went well.\" Then Sen. J. Doe left at 5 p.m. Friday."),
      (std::vector<std::string>{"Mr. Smith went to Washington.", "He met U.S. officials on Jan. 5.",
                                "\"It went well.\"", "Then Sen. J. Doe left at 5 p.m. Friday."}));
  EXPECT_EQ(SplitSentences("Is it? Yes! 3 left."),
            (std::vector<std::string>{"Is it?", "Yes!", "3 left."}));
  EXPECT_EQ(CountWords("A 12-year-old - said: \"yes\" ."), 4u);
}

TEST_F(TransformTest, SpinReplacesTheRequestedShareOfContentWordsOnly) {
  for (double rate : {0.1, 0.2, 0.3, 0.5}) {
    Article source = TestArticle(7);
    std::mt19937_64 rng(42);
    SpinStats stats;
    Article spun = Spin(source, {rate, 0}, thesaurus_, rng, &stats);
    // Without clause swaps the tokens align one to one.
    std::vector<std::string> before = Words(source, true), after = Words(spun, true);
    ASSERT_EQ(before.size(), after.size());
    size_t content = 0, changed = 0;
    for (size_t i = 0; i < before.size(); ++i) {
      std::string core = Core(before[i]);
      if (IsContent(core)) ++content;
      if (before[i] == after[i]) continue;
      ++changed;
      EXPECT_TRUE(IsContent(core)) << "changed a non-content word: " << before[i];
      std::string replaced = Core(after[i]);
      EXPECT_TRUE(std::all_of(replaced.begin(), replaced.end(), ::islower)) << after[i];
      EXPECT_EQ(after[i].find(' '), std::string::npos);
      // Marked synonyms (generic, related, similar terms, antonyms) are never used.
      for (const char* banned : {"weather", "price", "deluge", "light", "young", "loud", "open",
                                 "thoroughfare", "watercourse"}) {
        EXPECT_FALSE(replaced.starts_with(banned)) << before[i] << " -> " << after[i];
      }
    }
    EXPECT_EQ(content, stats.content_words);
    EXPECT_EQ(changed, stats.replaced);
    // Every content word of the test vocabulary has a synonym, so the share is exact.
    EXPECT_EQ(changed, static_cast<size_t>(std::lround(rate * static_cast<double>(content))))
        << "rate " << rate;
  }
}

TEST_F(TransformTest, SpinLeavesNamesAndNumbersAlone) {
  Article source = TestArticle(3);
  std::mt19937_64 rng(5);
  Article spun = Spin(source, {1.0, 0}, thesaurus_, rng);
  std::vector<std::string> before = Words(source, false), after = Words(spun, false);
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) {
    bool protected_word = std::isupper(static_cast<unsigned char>(before[i][0])) ||
                          std::isdigit(static_cast<unsigned char>(before[i][0])) ||
                          IsStopWord(Core(before[i]));
    if (protected_word) {
      EXPECT_EQ(before[i], after[i]);
    }
  }
}

TEST_F(TransformTest, SpinAtHighRatesSwapsClauses) {
  Article source;
  source.title = "Storm";
  source.paragraphs = {
      "After the heavy storm reached the village, the farmer closed the old school. Tom Berg "
      "said 12 roads were blocked."};
  std::mt19937_64 rng(1);
  EXPECT_EQ(SwapClauses(&source, 1.0, rng), 1u);
  EXPECT_EQ(source.paragraphs[0],
            "The farmer closed the old school, after the heavy storm reached the village. Tom "
            "Berg said 12 roads were blocked.");
  SpinStats stats;
  Article many = TestArticle(11);
  for (std::string& p : many.paragraphs) {
    p = "When the quiet river reached the old market, the small farmer closed the road. " + p;
  }
  std::mt19937_64 rng2(2);
  Spin(many, {0.5, -1}, thesaurus_, rng2, &stats);
  EXPECT_EQ(stats.clauses_swapped, 3u);  // 25% of the 10 eligible sentences, rounded
  std::mt19937_64 rng3(2);
  Spin(many, {0.2, -1}, thesaurus_, rng3, &stats);
  EXPECT_EQ(stats.clauses_swapped, 0u);
}

TEST_F(TransformTest, TransformationsAreDeterministicUnderASeed) {
  Article source = TestArticle(9);
  auto run = [&](uint64_t seed) {
    std::mt19937_64 rng = DocumentRng(seed, "doc~near");
    Article near = NearCopy(source, thesaurus_, rng);
    Article spun = Spin(source, {0.3, -1}, thesaurus_, rng);
    Article typos = AddTypos(source, 0.05, rng);
    return Joined(near) + near.title + Joined(spun) + Joined(typos);
  };
  EXPECT_EQ(run(1), run(1));
  EXPECT_NE(run(1), run(2));
  std::mt19937_64 a = DocumentRng(1, "x"), b = DocumentRng(1, "y");
  EXPECT_NE(a(), b());
}

TEST(TruncateTest, KeepsAPrefixOfHalfToFourFifths) {
  for (uint64_t seed = 0; seed < 30; ++seed) {
    Article source = TestArticle(seed, 12, 3);
    std::mt19937_64 rng(seed);
    Article cut = Truncate(source, rng);
    std::string text = Joined(cut), full = Joined(source);
    EXPECT_TRUE(full.starts_with(text)) << "seed " << seed;
    EXPECT_TRUE(text.ends_with("."));
    EXPECT_EQ(cut.title, source.title);
    double share = static_cast<double>(CountWords(cut)) / static_cast<double>(CountWords(source));
    // Sentences are ~14 of ~500 words: the cut lands within 1.5% of the range.
    EXPECT_GE(share, 0.485);
    EXPECT_LE(share, 0.815);
  }
}

TEST(ReorderTest, DropsAFifthAndChangesTheOrder) {
  for (uint64_t seed = 0; seed < 30; ++seed) {
    Article source = TestArticle(seed, 10, 2);
    std::mt19937_64 rng(seed);
    Article copy = DropAndReorderParagraphs(source, rng);
    EXPECT_EQ(copy.paragraphs.size(), 8u);
    std::vector<size_t> positions;
    for (const std::string& p : copy.paragraphs) {
      auto it = std::find(source.paragraphs.begin(), source.paragraphs.end(), p);
      ASSERT_NE(it, source.paragraphs.end());
      positions.push_back(static_cast<size_t>(it - source.paragraphs.begin()));
    }
    EXPECT_FALSE(std::is_sorted(positions.begin(), positions.end())) << "seed " << seed;
    EXPECT_NE(std::find(positions.begin(), positions.end(), 0u), positions.end());
  }
  // Two paragraphs are reordered by sentence.
  Article small = TestArticle(1, 2, 3);
  std::mt19937_64 rng(1);
  Article copy = DropAndReorderParagraphs(small, rng);
  EXPECT_EQ(copy.paragraphs.size(), 5u);  // 6 sentences, one dropped
  EXPECT_NE(Joined(copy), Joined(small));
}

TEST(TyposTest, NoiseHitsTheRequestedShareOfWords) {
  // Distinct random words, so that a damaged word cannot turn into another one of the text.
  std::vector<std::string> words = FillerParagraphs(3, 40, 25);
  Article source;
  source.title = "Title stays";
  source.paragraphs = words;
  size_t total = Words(source, false).size();
  for (double rate : {0.02, 0.05}) {
    std::mt19937_64 rng(8);
    Article noisy = AddTypos(source, rate, rng);
    std::vector<std::string> after = Words(noisy, false);
    std::multiset<std::string> left(after.begin(), after.end());
    size_t lost = 0;
    for (const std::string& w : Words(source, false)) {
      auto it = left.find(w);
      if (it == left.end()) {
        ++lost;
      } else {
        left.erase(it);
      }
    }
    size_t edits = static_cast<size_t>(std::lround(rate * static_cast<double>(total)));
    // Each edit damages one word, a merge two.
    EXPECT_GE(lost, edits) << rate;
    EXPECT_LE(lost, 2 * edits) << rate;
    EXPECT_EQ(noisy.title, source.title);
  }
}

TEST_F(TransformTest, NearCopyChangesTitleDatelineAndAFewWords) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    Article source = TestArticle(seed, 10, 3);
    std::mt19937_64 rng(seed);
    Article near = NearCopy(source, thesaurus_, rng);
    EXPECT_NE(near.title, source.title);
    // The last sentence is gone.
    std::vector<std::string> last = SplitSentences(source.paragraphs.back());
    EXPECT_EQ(Joined(near).find(last.back()), std::string::npos);
    // A dateline or a byline was added (the source has none).
    bool dateline = near.paragraphs.front().find(") - ") != std::string::npos;
    bool byline = near.paragraphs.front().starts_with("By ");
    EXPECT_TRUE(dateline || byline) << near.paragraphs.front();
    // 1-3% of the words differ, besides the dateline and the last sentence.
    std::multiset<std::string> left;
    for (const std::string& w : Words(near, false)) left.insert(w);
    size_t lost = 0, total = 0;
    Article kept = source;
    kept.paragraphs.back() =
        source.paragraphs.back().substr(0, source.paragraphs.back().size() - last.back().size());
    for (const std::string& w : Words(kept, false)) {
      ++total;
      auto it = left.find(w);
      if (it == left.end()) {
        ++lost;
      } else {
        left.erase(it);
      }
    }
    EXPECT_GE(lost, 1u);
    EXPECT_LE(static_cast<double>(lost), 0.03 * static_cast<double>(total) + 1) << seed;
  }
  // A dateline present is dropped.
  Article wire = TestArticle(1);
  wire.paragraphs.front() = "WASHINGTON (AP) - " + wire.paragraphs.front();
  std::mt19937_64 rng(3);
  EXPECT_FALSE(NearCopy(wire, thesaurus_, rng).paragraphs.front().starts_with("WASHINGTON"));
}

TEST(PartialTest, CopiesMostOfTheSourceIntoAMinorityOfThePage) {
  std::vector<std::string> filler = FillerParagraphs(1, 200, 40);
  for (uint64_t seed = 0; seed < 30; ++seed) {
    Article source = TestArticle(seed, 8 + seed % 5, 3);
    std::mt19937_64 rng(seed);
    PartialResult r = EmbedPartially(source, filler, "Host page", {}, rng);
    size_t source_words = CountWords(source);
    double share = static_cast<double>(r.copied_words) / static_cast<double>(source_words);
    EXPECT_GE(share, 0.5) << seed;
    EXPECT_LE(share, 0.8) << seed;
    EXPECT_LT(2 * r.copied_words, CountWords(r.page)) << "the copy must be a minority";
    EXPECT_EQ(r.page.title, "Host page");
    // The copied paragraphs are contiguous in the page and in the source; the filler used is
    // the front of the span, in order.
    std::vector<std::string> copied, used;
    size_t first = r.page.paragraphs.size(), last = 0;
    for (size_t i = 0; i < r.page.paragraphs.size(); ++i) {
      const std::string& p = r.page.paragraphs[i];
      if (std::find(filler.begin(), filler.end(), p) != filler.end()) {
        used.push_back(p);
        continue;
      }
      copied.push_back(p);
      first = std::min(first, i);
      last = i;
    }
    EXPECT_EQ(last - first + 1, copied.size());
    EXPECT_EQ(used,
              std::vector<std::string>(
                  filler.begin(), filler.begin() + static_cast<long>(r.filler_paragraphs_used)));
    Article run;
    run.paragraphs = copied;
    EXPECT_NE(Joined(source).find(Joined(run)), std::string::npos) << seed;
    EXPECT_EQ(CountWords(run), r.copied_words);
  }
}

TEST(PageTest, WrapsTheWholeArticleWithCommentsAndBoilerplate) {
  Article article = TestArticle(4);
  article.title = "Storm hits \"Oslo\" & Bergen";
  article.paragraphs[1] = "Prices rose <5%> & fell.";
  std::vector<std::string> headlines = {"Other story one", "Other story two", "A third one"};
  std::set<std::string> sites;
  bool spam = false;
  for (uint64_t seed = 0; seed < 40; ++seed) {
    std::mt19937_64 rng(seed);
    WrappedPage page = WrapInPage(article, headlines, "2024-03-05T10:00:00Z", rng);
    sites.insert(page.site);
    EXPECT_NE(page.html.find("Storm hits &quot;Oslo&quot; &amp; Bergen"), std::string::npos);
    size_t at = 0;
    for (const std::string& p : article.paragraphs) {  // all of it, in order
      at = page.html.find(EscapeHtml(p), at);
      ASSERT_NE(at, std::string::npos) << p;
    }
    EXPECT_NE(page.html.find("Prices rose &lt;5%&gt; &amp; fell."), std::string::npos);
    EXPECT_GE(page.comments.size(), 3u);
    EXPECT_LE(page.comments.size(), 10u);
    size_t comments_at = page.html.find(EscapeHtml(page.comments.front()));
    EXPECT_GT(comments_at, at) << "comments come after the article";
    for (const std::string& c : page.comments) {
      EXPECT_NE(page.html.find(EscapeHtml(c)), std::string::npos);
      spam = spam || c.find("dot example") != std::string::npos ||
             c.find("www.") != std::string::npos || c.find("CLICK") != std::string::npos;
    }
    for (const char* part : {"Politics</a>", "cookies", "Share:", "Privacy policy", "&copy;"}) {
      EXPECT_NE(page.html.find(part), std::string::npos) << part;
    }
    EXPECT_TRUE(std::any_of(headlines.begin(), headlines.end(), [&](const std::string& h) {
      return page.html.find(h) != std::string::npos;
    }));
  }
  EXPECT_GE(sites.size(), 4u);
  EXPECT_TRUE(spam);
}

}  // namespace
}  // namespace storyline::dedup_bench
