#include "storyline/summary.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "storyline/text.h"

namespace storyline {
namespace {

using Strings = std::vector<std::string>;

Strings Split(std::string_view paragraph, std::string_view language = "en") {
  Strings out;
  for (std::string_view s : SplitSentences(paragraph, language)) out.emplace_back(s);
  return out;
}

TEST(SplitSentencesTest, BreaksAtSentenceEndsAndTrims) {
  EXPECT_EQ(Split("  The talks failed. Both sides left!  Will they return?  "),
            (Strings{"The talks failed.", "Both sides left!", "Will they return?"}));
  EXPECT_EQ(Split("No final stop"), (Strings{"No final stop"}));
}

TEST(SplitSentencesTest, DropsEmptyPieces) {
  EXPECT_TRUE(Split("").empty());
  EXPECT_TRUE(Split("   \n ").empty());
}

TEST(SplitSentencesTest, NoBreakAfterCommonAbbreviations) {
  EXPECT_EQ(
      Split("Mr. Smith met Dr. Lee and Gov. Brown on Jan. 5 in Washington. They spoke."),
      (Strings{"Mr. Smith met Dr. Lee and Gov. Brown on Jan. 5 in Washington.", "They spoke."}));
  EXPECT_EQ(
      Split("The U.S. Army and Sen. John F. Kerry agreed. Talks resume in Sept. Next."),
      (Strings{"The U.S. Army and Sen. John F. Kerry agreed.", "Talks resume in Sept. Next."}));
}

TEST(SplitSentencesTest, ViewsPointIntoTheParagraph) {
  const std::string paragraph = "First one. Second one.";
  const auto pieces = SplitSentences(paragraph, "en");
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[1].data(), paragraph.data() + 11);
}

TEST(SplitSentencesTest, OtherLanguagesAndUnknown) {
  EXPECT_EQ(Split("Der Gipfel begann am Montag. Die Gespräche dauern an.", "de"),
            (Strings{"Der Gipfel begann am Montag.", "Die Gespräche dauern an."}));
  EXPECT_EQ(Split("Первая фраза. Вторая фраза.", "un"),
            (Strings{"Первая фраза.", "Вторая фраза."}));
  // Ill-formed UTF-8 neither crashes nor loses the text around it.
  EXPECT_EQ(Split("Bad \xff byte. Next."), (Strings{"Bad \xff byte.", "Next."}));
}

class SummarizeTest : public ::testing::Test {
 protected:
  Document Make(const std::string& id, const Strings& paragraphs,
                std::optional<UnixSeconds> published = std::nullopt) {
    Document d;
    d.id = id;
    d.paragraphs = paragraphs;
    d.published = published;
    d.text = analyzer_.Analyze("", paragraphs);
    return d;
  }

  std::vector<SummarySentence> Run(const std::vector<Document>& docs,
                                   const std::vector<uint32_t>& sources,
                                   const SummaryOptions& options = SummaryOptions()) {
    return Summarize(docs, sources, options, analyzer_);
  }

  static size_t Words(const std::vector<SummarySentence>& summary) {
    size_t words = 0;
    for (const SummarySentence& s : summary) {
      bool in_word = false;
      for (char c : s.text) {
        const bool space = c == ' ';
        if (!space && !in_word) ++words;
        in_word = !space;
      }
    }
    return words;
  }

  // Three short reports of one flood.
  std::vector<Document> FloodReports() {
    return {
        Make("a", {"The old dam near Riverton failed early on Tuesday after days of heavy rain, "
                   "officials said. Thousands of residents were evacuated from low-lying "
                   "neighbourhoods as the water rose through the night."}),
        Make("b", {"Thousands of residents were evacuated on Tuesday when the old dam near "
                   "Riverton failed. The governor declared a state of emergency and asked the "
                   "army for boats and helicopters."}),
        Make("c", {"Emergency crews worked through the night after the old dam near Riverton "
                   "failed. The governor declared a state of emergency across the whole region "
                   "on Tuesday evening."}),
    };
  }

  TextAnalyzer analyzer_{TextOptions{}};
};

// What all three sources say (the dam failed near Riverton, thousands were evacuated) is chosen
// over what only one says (a football match was postponed).
TEST_F(SummarizeTest, PrefersWhatSeveralSourcesReport) {
  std::vector<Document> docs = {
      Make("a", {"Heavy rain fell across the northern valley on Monday, forecasters said. "
                 "The old dam near Riverton failed early on Tuesday after days of heavy rain, "
                 "officials said. Thousands of residents were evacuated from low-lying "
                 "neighbourhoods as water rose. A local football match was postponed until next "
                 "month because the stadium car park was needed for rescue vehicles."}),
      Make("b", {"Thousands of residents were evacuated on Tuesday when the old dam near "
                 "Riverton failed, sending water into the town. The governor declared a state of "
                 "emergency and asked the army for boats and helicopters to reach stranded "
                 "families."}),
      Make("c", {"Emergency crews worked through the night after the old dam near Riverton "
                 "failed. Thousands of residents were evacuated and the governor declared a "
                 "state of emergency across the region. Engineers had warned last year that the "
                 "dam needed urgent repairs to its spillway and walls."}),
  };
  const auto summary = Run(docs, {0, 1, 2});
  ASSERT_FALSE(summary.empty());
  EXPECT_LE(Words(summary), 100u);
  std::string all;
  for (const auto& s : summary) all += s.text + " ";
  EXPECT_NE(all.find("dam near Riverton"), std::string::npos) << all;
  EXPECT_NE(all.find("evacuated"), std::string::npos) << all;
  EXPECT_EQ(all.find("football"), std::string::npos) << all;
  // Attribution: each sentence is in the document and paragraph it names.
  for (const auto& s : summary) {
    EXPECT_NE(docs[s.doc].paragraphs[s.paragraph].find(s.text), std::string::npos) << s.text;
  }
}

TEST_F(SummarizeTest, RemovesRedundancy) {
  // Sources 0 and 1 carry the same sentence; it is worth choosing once, never twice.
  const std::string shared =
      "The central bank raised its main interest rate by half a point to fight inflation on "
      "Thursday.";
  std::vector<Document> docs = {
      Make("a", {shared + " Markets fell sharply after the central bank decision on Thursday."}),
      Make("b", {shared + " Markets fell after the decision, and the currency rose against the "
                          "dollar on Thursday."}),
      Make("c", {"Analysts said the central bank raised its main interest rate because "
                 "inflation stayed high. The currency rose against the dollar and markets fell "
                 "after the decision."}),
  };
  const auto summary = Run(docs, {0, 1, 2});
  size_t copies = 0;
  for (const auto& s : summary) copies += s.text == shared;
  EXPECT_LE(copies, 1u);
}

TEST_F(SummarizeTest, RespectsWordAndByteLimits) {
  std::vector<Document> docs = FloodReports();
  SummaryOptions options;
  options.max_words = 40;
  auto summary = Run(docs, {0, 1, 2}, options);
  ASSERT_FALSE(summary.empty());
  EXPECT_LE(Words(summary), 40u);

  options.max_words = 0;
  options.max_bytes = 200;
  summary = Run(docs, {0, 1, 2}, options);
  ASSERT_FALSE(summary.empty());
  size_t bytes = 0;
  for (const auto& s : summary) bytes += s.text.size();
  EXPECT_LE(bytes + summary.size() - 1, 200u);
}

TEST_F(SummarizeTest, CutsAFirstSentenceLongerThanTheLimit) {
  std::vector<Document> docs = {Make(
      "a", {"The committee approved the budget for schools, hospitals, roads and bridges after a "
            "long debate that lasted well into the night on Wednesday."})};
  SummaryOptions options;
  options.max_words = 5;
  const auto summary = Run(docs, {0}, options);
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0].text, "The committee approved the budget");
}

TEST_F(SummarizeTest, ReadingOrderIsChronologicalThenSourceThenPosition) {
  std::vector<Document> docs = FloodReports();
  docs[0].published = 3000;  // the latest
  docs[1].published = 1000;
  docs[2].published = 2000;
  const auto summary = Run(docs, {0, 1, 2});
  ASSERT_GE(summary.size(), 2u);
  auto key = [&](const SummarySentence& s) {
    const std::string& paragraph = docs[s.doc].paragraphs[s.paragraph];
    return std::make_tuple(*docs[s.doc].published, s.paragraph, paragraph.find(s.text));
  };
  for (size_t i = 1; i < summary.size(); ++i) EXPECT_LT(key(summary[i - 1]), key(summary[i]));
}

TEST_F(SummarizeTest, OneDocumentEmptyDocumentsAndNoSources) {
  std::vector<Document> docs = {
      Make("empty", {}),
      Make("one", {"The city council voted to close the old bridge to traffic on Monday.",
                   "The old bridge will be repaired over the summer, the council said, and the "
                   "old bridge should reopen in the autumn.",
                   "Drivers were told to use the ring road instead of the old bridge."}),
  };
  EXPECT_TRUE(Run(docs, {}).empty());
  EXPECT_TRUE(Run(docs, {0}).empty());
  const auto summary = Run(docs, {0, 1});
  ASSERT_FALSE(summary.empty());
  for (const auto& s : summary) {
    EXPECT_EQ(s.doc, 1u);
    EXPECT_NE(docs[1].paragraphs[s.paragraph].find(s.text), std::string::npos);
  }
}

TEST_F(SummarizeTest, NonEnglishStories) {
  std::vector<Document> docs = {
      Make("a", {"Der Bundestag hat am Donnerstag das neue Heizungsgesetz beschlossen. Die "
                 "Opposition kritisierte das neue Heizungsgesetz als zu teuer für Mieter und "
                 "Eigentümer."}),
      Make("b", {"Nach langer Debatte hat der Bundestag das neue Heizungsgesetz beschlossen, "
                 "das ab dem kommenden Jahr gelten soll. Mieter sollen entlastet werden."}),
      Make("c", {"Das neue Heizungsgesetz wurde vom Bundestag beschlossen. Die Regierung "
                 "spricht von einem wichtigen Schritt für den Klimaschutz in Deutschland."}),
  };
  ASSERT_EQ(docs[0].text.language, "de");
  const auto summary = Run(docs, {0, 1, 2});
  ASSERT_FALSE(summary.empty());
  std::string all;
  for (const auto& s : summary) all += s.text + " ";
  EXPECT_NE(all.find("Heizungsgesetz"), std::string::npos) << all;
}

TEST_F(SummarizeTest, WorkIsBoundedPerStory) {
  // 200 sources of 100 sentences each: only the first max_documents x
  // max_sentences_per_document sentences are read, so this stays fast.
  std::vector<Document> docs;
  std::string paragraph;
  for (int i = 0; i < 100; ++i) {
    paragraph += "The storm damaged " + std::to_string(i) +
                 " houses along the coast and cut power to many thousands of homes overnight. ";
  }
  for (int d = 0; d < 200; ++d) docs.push_back(Make(std::to_string(d), {paragraph}));
  std::vector<uint32_t> sources(docs.size());
  for (uint32_t i = 0; i < sources.size(); ++i) sources[i] = i;
  const auto start = std::chrono::steady_clock::now();
  const auto summary = Run(docs, sources);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(summary.empty());
  for (const auto& s : summary) EXPECT_LT(s.doc, SummaryOptions().max_documents);
  EXPECT_LT(took.count(), 1.0);
}

}  // namespace
}  // namespace storyline
