// Summarize on DUC 2004 Task 2 (50 topics of 10 articles, 4 reference summaries each), scored
// with ROUGE as `storyline eval summary` scores it: a regression guard for the figures in
// src/summary/README.md. Skipped when ../shared/data is absent.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "storyline/dedup.h"
#include "storyline/eval.h"
#include "storyline/pipeline.h"
#include "storyline/summary.h"
#include "storyline/text.h"

namespace storyline {
namespace {

const std::string kDucDir = std::string(STORYLINE_SHARED_DATA_DIR) + "/summaries/duc2004";

TEST(SummaryDucTest, RougeOnDuc2004) {
  if (!std::filesystem::exists(kDucDir + "/docs")) {
    GTEST_SKIP() << "DUC 2004 not found under " << kDucDir;
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> topics;
  ASSERT_TRUE(ListReferenceSummaries(kDucDir + "/reference", &topics).ok());
  ASSERT_EQ(topics.size(), 50u);
  PipelineOptions options;
  options.threads = 1;
  TextAnalyzer analyzer(options.text);
  double rouge1 = 0, rouge2 = 0;
  for (const auto& [topic, paths] : topics) {
    PipelineResult result;
    ASSERT_TRUE(ReadAndAnalyze({kDucDir + "/docs/" + topic}, options, &result).ok());
    std::vector<bool> copy(result.documents.size(), false);
    for (const DuplicateGroup& g : FindDuplicates(result.documents, options.dedup)) {
      for (const CopyLink& c : g.copies) copy[c.doc] = true;
    }
    std::vector<uint32_t> originals;
    for (uint32_t i = 0; i < result.documents.size(); ++i) {
      if (!copy[i]) originals.push_back(i);
    }
    SummaryLines peer;
    for (const SummarySentence& s :
         Summarize(result.documents, originals, options.summary, analyzer)) {
      peer.push_back(s.text);
    }
    std::vector<SummaryLines> references(paths.size());
    for (size_t i = 0; i < paths.size(); ++i) {
      ASSERT_TRUE(ReadSummaryLines(paths[i], &references[i]).ok());
    }
    rouge1 += ScoreRouge(1, peer, references, RougeOptions()).recall / topics.size();
    rouge2 += ScoreRouge(2, peer, references, RougeOptions()).recall / topics.size();
  }
  std::printf("DUC 2004: ROUGE-1 R %.2f, ROUGE-2 R %.2f\n", 100 * rouge1, 100 * rouge2);
  // Measured 38.22 / 10.19; LexRank 36.00 / 7.51, CLASSY04 37.71 / 9.02.
  EXPECT_GE(rouge1, 0.375);
  EXPECT_GE(rouge2, 0.095);
}

}  // namespace
}  // namespace storyline
