#include "score.h"

#include <gtest/gtest.h>

#include "core/scratch_dir_test_util.h"

namespace storyline::dedup_bench {
namespace {

using storyline::testing::ScratchDirTest;

// Gold (same source): A = {a, a~exact, a~spin50}, B = {b, b~near}, C = {c, c~partial};
// a and b are two outlets' reports of story s1, c is story s2.
std::vector<LabelRow> Labels() {
  return {
      {"a", "a", Transform::kOriginal, 0, "s1", "duc"},
      {"a~exact", "a", Transform::kExact, 0, "s1", "duc"},
      {"a~spin50", "a", Transform::kSpin, 0.5, "s1", "duc"},
      {"b", "b", Transform::kOriginal, 0, "s1", "duc"},
      {"b~near", "b", Transform::kNear, 0, "s1", "duc"},
      {"c", "c", Transform::kOriginal, 0, "s2", "ecb"},
      {"c~partial", "c", Transform::kPartial, 0, "s2", "ecb"},
  };
}

// Predicted: g1 = {a, a~exact, b, b~near} (b wrongly joined a), g2 = {c, c~partial}; the spun
// copy is missed.
std::vector<DedupRecord> Output() {
  return {
      {"a", "g1", "a", "original", 1, ""},          {"a~exact", "g1", "a", "exact", 1, ""},
      {"a~spin50", "", "", "unique", 0, ""},        {"b", "g1", "a", "rewrite", 0.55, ""},
      {"b~near", "g1", "a", "near", 0.8, ""},       {"c", "g2", "c", "original", 1, ""},
      {"c~partial", "g2", "c", "partial", 0.6, ""},
  };
}

const VariantScore& Row(const ScoreReport& r, Transform t, double rate = 0) {
  for (const VariantScore& v : r.variants) {
    if (v.transform == t && v.rate == rate) return v;
  }
  ADD_FAILURE() << "no row " << TransformName(t);
  return r.variants.front();
}

TEST(ScoreTest, HandComputedPairScoresAndAri) {
  std::vector<DedupRecord> output = Output();
  ScoreReport r;
  ASSERT_TRUE(ScoreDedup(Labels(), output, {}, &r).ok());
  EXPECT_EQ(r.documents, 7u);
  EXPECT_EQ(r.originals, 3u);
  EXPECT_EQ(r.copies, 4u);
  // Gold pairs: 3 in A, 1 in B, 1 in C. Predicted: 6 in g1, 1 in g2. Correct: (a, a~exact),
  // (b, b~near), (c, c~partial).
  EXPECT_EQ(r.gold_pairs, 5u);
  EXPECT_EQ(r.predicted_pairs, 7u);
  EXPECT_EQ(r.correct_pairs, 3u);
  EXPECT_DOUBLE_EQ(r.precision, 3.0 / 7);
  EXPECT_DOUBLE_EQ(r.recall, 3.0 / 5);
  EXPECT_DOUBLE_EQ(r.f1, 0.5);
  // ARI: index 3, expected 7 * 5 / 21 = 5/3, max (7 + 5) / 2 = 6: (4/3) / (13/3) = 4/13.
  EXPECT_NEAR(r.ari, 4.0 / 13, 1e-12);

  // exact: found; of the 3 predicted pairs with a~exact only (a, a~exact) is right.
  const VariantScore& exact = Row(r, Transform::kExact);
  EXPECT_EQ(exact.gold_pairs, 1u);
  EXPECT_EQ(exact.found_pairs, 1u);
  EXPECT_EQ(exact.predicted_pairs, 3u);
  EXPECT_EQ(exact.correct_predicted_pairs, 1u);
  EXPECT_DOUBLE_EQ(exact.Precision(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(exact.F1(), 0.5);
  EXPECT_EQ(exact.RelationAccuracy(), 1.0);
  // near: found with b, but in a group whose original is a, so its relation says nothing.
  const VariantScore& near = Row(r, Transform::kNear);
  EXPECT_EQ(near.found_pairs, 1u);
  EXPECT_EQ(near.linked_elsewhere, 1u);
  EXPECT_EQ(near.RelationAccuracy(), std::nullopt);
  // spin 50%: missed, nothing predicted.
  const VariantScore& spin = Row(r, Transform::kSpin, 0.5);
  EXPECT_EQ(spin.found_pairs, 0u);
  EXPECT_EQ(spin.predicted_pairs, 0u);
  EXPECT_DOUBLE_EQ(spin.Recall(), 0);
  EXPECT_DOUBLE_EQ(spin.F1(), 0);
  EXPECT_EQ(spin.missed, std::vector<std::string>{"a~spin50"});
  const VariantScore& partial = Row(r, Transform::kPartial);
  EXPECT_DOUBLE_EQ(partial.F1(), 1);
  EXPECT_EQ(partial.RelationAccuracy(), 1.0);
  // Originals: the one predicted pair (a, b) is false; s1 has one pair of originals.
  const VariantScore& originals = Row(r, Transform::kOriginal);
  EXPECT_EQ(originals.predicted_pairs, 1u);
  EXPECT_EQ(originals.correct_predicted_pairs, 0u);
  EXPECT_EQ(r.same_story_original_pairs, 1u);
  EXPECT_EQ(r.false_copy_pairs, 1u);
  EXPECT_DOUBLE_EQ(r.false_copy_rate, 1.0);
  EXPECT_EQ(r.cross_story_false_pairs, 0u);
  ASSERT_EQ(r.false_pairs.size(), 1u);
  EXPECT_EQ(r.false_pairs[0].a->doc, "a");
  EXPECT_EQ(r.false_pairs[0].b->doc, "b");
  EXPECT_EQ(r.false_pairs[0].b->relation, "rewrite");

  std::string table = FormatReport(r);
  EXPECT_NE(table.find("1 of 1 same-story original pairs = 100.000%"), std::string::npos);
  EXPECT_NE(table.find("ARI 0.3077"), std::string::npos) << table;
  EXPECT_NE(ReportJson(r).find("\"relation_accuracy\""), std::string::npos);
}

TEST(ScoreTest, OverlapsMergeRealCopiesIntoOneGoldGroup) {
  std::vector<DedupRecord> output = Output();
  ScoreOptions options;
  options.overlaps = {{"a", "b", 0.6}, {"a", "c", 0.3}};  // the second is below the threshold
  ScoreReport r;
  ASSERT_TRUE(ScoreDedup(Labels(), output, options, &r).ok());
  EXPECT_EQ(r.merged_source_pairs, 1u);
  // Gold: {a, a~exact, a~spin50, b, b~near} (10 pairs) and C (1).
  EXPECT_EQ(r.gold_pairs, 11u);
  EXPECT_EQ(r.correct_pairs, 7u);
  EXPECT_DOUBLE_EQ(r.precision, 1.0);
  EXPECT_DOUBLE_EQ(r.recall, 7.0 / 11);
  EXPECT_EQ(r.same_story_original_pairs, 0u);
  EXPECT_EQ(r.false_copy_pairs, 0u);
  const VariantScore& originals = Row(r, Transform::kOriginal);
  EXPECT_EQ(originals.gold_pairs, 1u);
  EXPECT_EQ(originals.found_pairs, 1u);
}

TEST(ScoreTest, EveryDocumentMustBeScoredOnce) {
  std::vector<DedupRecord> output = Output();
  output.pop_back();
  ScoreReport r;
  Status s = ScoreDedup(Labels(), output, {}, &r);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("lacks 1 labelled documents (c~partial)"), std::string::npos);

  output = Output();
  output.push_back({"stranger", "", "", "unique", 0, ""});
  EXPECT_FALSE(ScoreDedup(Labels(), output, {}, &r).ok());
  output = Output();
  output.push_back(output.front());
  EXPECT_FALSE(ScoreDedup(Labels(), output, {}, &r).ok());

  // A rejected document counts, alone.
  output = Output();
  output[2] = {"a~spin50", "", "", "", 0, "no words"};
  ASSERT_TRUE(ScoreDedup(Labels(), output, {}, &r).ok());
  EXPECT_EQ(r.rejected, 1u);
}

class ScoreFilesTest : public ScratchDirTest {};

TEST_F(ScoreFilesTest, ReadsLabelsDedupOutputAndOverlaps) {
  std::string labels_text = LabelsHeader();
  for (const LabelRow& row : Labels()) labels_text += FormatLabelRow(row);
  std::vector<LabelRow> labels;
  ASSERT_TRUE(ReadLabels(Write("labels.tsv", labels_text), &labels).ok());
  ASSERT_EQ(labels.size(), 7u);
  EXPECT_EQ(labels[2].transform, Transform::kSpin);
  EXPECT_DOUBLE_EQ(labels[2].rate, 0.5);
  EXPECT_EQ(labels[5].dataset, "ecb");
  EXPECT_FALSE(
      ReadLabels(Write("bad.tsv", LabelsHeader() + "x\tx\tspun\t0\ts\td\n"), &labels).ok());
  EXPECT_FALSE(ReadLabels(Write("nohead.tsv", "x\tx\toriginal\t0\ts\td\n"), &labels).ok());

  std::vector<DedupRecord> output;
  ASSERT_TRUE(ReadDedupOutput(
                  Write("out.jsonl",
                        "{\"doc\":\"a\",\"group\":\"g1\",\"original\":\"a\",\"relation\":"
                        "\"original\",\"similarity\":1.0}\n"
                        "{\"doc\":\"u\",\"group\":null,\"original\":null,\"relation\":\"unique\","
                        "\"similarity\":null}\n"
                        "{\"doc\":\"r\",\"rejected\":\"empty file\"}\n"),
                  &output)
                  .ok());
  ASSERT_EQ(output.size(), 3u);
  EXPECT_EQ(output[0].group, "g1");
  EXPECT_EQ(output[1].group, "");
  EXPECT_EQ(output[2].rejected, "empty file");
  EXPECT_FALSE(ReadDedupOutput(Write("bad.jsonl", "{\"group\":\"g1\"}\n"), &output).ok());

  std::vector<SourceOverlap> overlaps;
  ASSERT_TRUE(
      ReadOverlaps(Write("o.tsv", "a\tb\tcontainment\tjaccard\nx\ty\t0.750\t0.5\n"), &overlaps)
          .ok());
  ASSERT_EQ(overlaps.size(), 1u);
  EXPECT_DOUBLE_EQ(overlaps[0].containment, 0.75);
}

}  // namespace
}  // namespace storyline::dedup_bench
