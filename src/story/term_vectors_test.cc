#include "story/term_vectors.h"

#include <gtest/gtest.h>

#include <cmath>

#include "storyline/text.h"

namespace storyline::story {
namespace {

SparseVector V(std::initializer_list<TermWeight> terms) { return SparseVector(terms); }

TEST(TermVectorsTest, DotAddSubtractWorkOnSortedTerms) {
  const SparseVector a = V({{1, 1.0f}, {3, 2.0f}, {7, 0.5f}});
  const SparseVector b = V({{3, 1.0f}, {5, 4.0f}, {7, 0.5f}});
  EXPECT_DOUBLE_EQ(Dot(a, b), 2.0 + 0.25);
  EXPECT_DOUBLE_EQ(Norm(V({{0, 3.0f}, {2, 4.0f}})), 5.0);

  const SparseVector sum = Add(a, b);
  ASSERT_EQ(sum.size(), 4u);
  EXPECT_EQ(sum[1].term, 3u);
  EXPECT_FLOAT_EQ(sum[1].weight, 3.0f);
  EXPECT_EQ(sum[2].term, 5u);

  // Terms that fall to zero or below leave; terms only in b are ignored.
  const SparseVector diff = Subtract(a, b);
  ASSERT_EQ(diff.size(), 2u);
  EXPECT_EQ(diff[0].term, 1u);
  EXPECT_EQ(diff[1].term, 3u);
  EXPECT_FLOAT_EQ(diff[1].weight, 1.0f);
  EXPECT_TRUE(Subtract(a, a).empty());
}

TEST(TermVectorsTest, KeepTopTermsAndRestrictTo) {
  SparseVector v = V({{1, 0.1f}, {2, 0.9f}, {3, 0.5f}, {4, 0.7f}});
  KeepTopTerms(2, &v);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].term, 2u);  // still sorted by term
  EXPECT_EQ(v[1].term, 4u);
  const std::vector<TermWeight> top = TopTerms(V({{1, 0.1f}, {2, 0.9f}, {3, 0.5f}}), 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].term, 2u);  // heaviest first
  EXPECT_EQ(top[1].term, 3u);

  const SparseVector raw = V({{1, 5.0f}, {2, 6.0f}, {3, 7.0f}, {4, 8.0f}});
  const SparseVector kept = RestrictTo(raw, v);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_FLOAT_EQ(kept[0].weight, 6.0f);
  EXPECT_FLOAT_EQ(kept[1].weight, 8.0f);
}

TEST(TermVectorsTest, DocumentFrequenciesFollowAddedAndRemovedDocuments) {
  TermStats stats;
  const TermId a = stats.Intern(111), b = stats.Intern(222);
  EXPECT_EQ(stats.Intern(111), a);
  EXPECT_EQ(stats.vocabulary_size(), 2u);
  stats.AddDocument(V({{a, 1.0f}, {b, 1.0f}}));
  stats.AddDocument(V({{a, 1.0f}}));
  EXPECT_EQ(stats.documents(), 2u);
  EXPECT_DOUBLE_EQ(stats.Idf(a), std::log(3.0 / 3.0) + 1);
  EXPECT_DOUBLE_EQ(stats.Idf(b), std::log(3.0 / 2.0) + 1);
  stats.RemoveDocument(V({{a, 1.0f}}));
  EXPECT_EQ(stats.documents(), 1u);
  EXPECT_DOUBLE_EQ(stats.Idf(a), std::log(2.0 / 2.0) + 1);
  EXPECT_GT(stats.MemoryBytes(), 0u);
}

TEST(TermVectorsTest, WeighingWithTheIdfTableGivesTheSameFloats) {
  TermStats stats;
  const TermId a = stats.Intern(1), b = stats.Intern(2), c = stats.Intern(3), d = stats.Intern(4);
  stats.AddDocument(V({{a, 1.0f}, {b, 1.0f}, {c, 1.0f}}));
  stats.AddDocument(V({{a, 1.0f}, {d, 1.0f}}));
  stats.AddDocument(V({{a, 1.0f}, {b, 1.0f}}));
  const std::vector<double> idf = stats.IdfTable();
  ASSERT_EQ(idf.size(), stats.vocabulary_size());
  for (TermId t : {a, b, c, d}) EXPECT_EQ(idf[t], stats.Idf(t));
  const SparseVector raw = V({{a, 2.5f}, {b, 1.0f}, {c, 0.75f}, {d, 3.0f}});
  for (size_t keep : {1, 2, 4}) {
    const SparseVector by_stats = WeightTerms(raw, stats, keep);
    const SparseVector by_table = WeightTerms(raw, idf, keep);
    ASSERT_EQ(by_table.size(), by_stats.size());
    for (size_t i = 0; i < by_stats.size(); ++i) {
      EXPECT_EQ(by_table[i].term, by_stats[i].term);
      EXPECT_EQ(by_table[i].weight, by_stats[i].weight);  // bit for bit
    }
  }
}

TEST(TermVectorsTest, ForgetFreesTermsNoLaterDocumentHasAndReusesTheirIds) {
  TermStats stats;
  const TermId old_only = stats.Intern(1), shared = stats.Intern(2);
  stats.AddDocument(V({{old_only, 1.0f}, {shared, 1.0f}}));  // sequence 0
  const TermId recent = stats.Intern(3);
  stats.AddDocument(V({{shared, 1.0f}, {recent, 1.0f}}));  // sequence 1
  EXPECT_EQ(stats.sequence(), 2u);

  // The first document is gone: only its own term is forgotten.
  EXPECT_EQ(stats.Forget(1), (std::vector<TermId>{old_only}));
  EXPECT_TRUE(stats.Forget(1).empty());  // nothing more
  EXPECT_EQ(stats.Intern(2), shared);    // still known
  // A new stem takes the freed id, with a document frequency of 0.
  const TermId fresh = stats.Intern(4);
  EXPECT_EQ(fresh, old_only);
  EXPECT_DOUBLE_EQ(stats.Idf(fresh), std::log(3.0 / 1.0) + 1);
  EXPECT_EQ(stats.vocabulary_size(), 3u);  // no new id
  // The forgotten stem comes back under a new id.
  EXPECT_NE(stats.Intern(1), old_only);
}

TEST(TermVectorsTest, TitleAndNamesWeighMoreAndVectorsAreUnitLength) {
  TextAnalyzer analyzer{TextOptions{}};
  const TextFeatures text = analyzer.Analyze(
      "Earthquake strikes", {"The earthquake hit the town.", "Rescuers reached Aquila at night."},
      "en");
  StoryOptions options;
  TermStats stats;
  const SparseVector raw = RawTermVector(text, options, &stats);
  stats.AddDocument(raw);
  // earthquake: title weight 3, twice -> 3 * (1 + ln 2); town: in the lead (first paragraph),
  // once -> 1.5; Aquila: a name in the body -> entity weight 2; night: body -> 1.
  auto weight_of = [&](const std::string& word) {
    const TextFeatures t = analyzer.Analyze("", {word}, "en");
    const TermId id = stats.Intern(t.body.at(0).stem);
    for (const TermWeight& w : raw) {
      if (w.term == id) return static_cast<double>(w.weight);
    }
    return 0.0;
  };
  EXPECT_NEAR(weight_of("earthquake"), 3.0 * (1 + std::log(2.0)), 1e-5);
  EXPECT_NEAR(weight_of("town"), 1.5, 1e-5);
  EXPECT_NEAR(weight_of("Aquila"), 2.0, 1e-5);
  EXPECT_NEAR(weight_of("night"), 1.0, 1e-5);
  const SparseVector unit = WeightTerms(raw, stats, 3);
  EXPECT_EQ(unit.size(), 3u);
  EXPECT_NEAR(Norm(unit), 1.0, 1e-6);
}

}  // namespace
}  // namespace storyline::story
