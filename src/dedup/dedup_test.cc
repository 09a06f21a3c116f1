#include "storyline/dedup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "dedup/test_articles.h"
#include "dedup/test_text.h"

namespace storyline {
namespace {

using dedup::testing::kCouncil;
using dedup::testing::kFlood;
using dedup::testing::kFloodOther;
using dedup::testing::kFloodSpun;
using dedup::testing::MakeDoc;
using dedup::testing::NearCopyOfFlood;


const CopyLink* LinkOf(const DuplicateGroup& g, uint32_t doc) {
  for (const CopyLink& c : g.copies) {
    if (c.doc == doc) return &c;
  }
  return nullptr;
}

TEST(DedupTest, ShinglesCannotSeeTheSpunCopy) {
  // Why rewrites need their own detector: the spun copy shares few word 5-grams.
  const DedupOptions options;
  auto sh = [&](const char* t) {
    std::vector<uint64_t> v = WordShingles(dedup::testing::AnalyzeForTest(t).body, 5);
    std::sort(v.begin(), v.end());
    return v;
  };
  const std::vector<uint64_t> a = sh(kFlood), b = sh(kFloodSpun);
  std::vector<uint64_t> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  EXPECT_LT(static_cast<double>(common.size()) / static_cast<double>(a.size()), 0.25);
}

TEST(DedupTest, ExactCopies) {
  const std::vector<Document> docs = {MakeDoc("a", kFlood), MakeDoc("b", kCouncil),
                                      MakeDoc("c", kFlood)};
  const std::vector<DuplicateGroup> groups = FindDuplicates(docs, DedupOptions());
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].original, 0u);  // same length, no times: the lower index
  ASSERT_EQ(groups[0].copies.size(), 1u);
  EXPECT_EQ(groups[0].copies[0].doc, 2u);
  EXPECT_EQ(groups[0].copies[0].relation, CopyRelation::kExact);
  EXPECT_DOUBLE_EQ(groups[0].copies[0].similarity, 1.0);
}

TEST(DedupTest, NearCopy) {
  const std::vector<Document> docs = {MakeDoc("council", kCouncil), MakeDoc("flood", kFlood),
                                      MakeDoc("near", NearCopyOfFlood())};
  const std::vector<DuplicateGroup> groups = FindDuplicates(docs, DedupOptions());
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].original, 2u);  // the longer text
  ASSERT_EQ(groups[0].copies.size(), 1u);
  EXPECT_EQ(groups[0].copies[0].doc, 1u);
  EXPECT_EQ(groups[0].copies[0].relation, CopyRelation::kNear);
  EXPECT_GT(groups[0].copies[0].similarity, 0.7);
  EXPECT_LT(groups[0].copies[0].similarity, 1.0);
}

TEST(DedupTest, PartialShortTextInsideLongOne) {
  // Four paragraphs of the flood report inside a long roundup: whole-text Jaccard ~0.2.
  std::string flood = kFlood;
  std::string excerpt;
  size_t pos = 0;
  for (int line = 0; line < 4; ++line) {
    const size_t end = flood.find('\n', pos) + 1;
    excerpt += flood.substr(pos, end - pos);
    pos = end;
  }
  const std::string roundup = std::string(kCouncil) + excerpt + kFloodOther + kCouncil;
  const std::vector<Document> docs = {MakeDoc("excerpt", excerpt), MakeDoc("roundup", roundup),
                                      MakeDoc("other", kFloodSpun)};
  const std::vector<DuplicateGroup> groups = FindDuplicates(docs, DedupOptions());
  ASSERT_GE(groups.size(), 1u);
  EXPECT_EQ(groups[0].original, 1u);
  const CopyLink* link = LinkOf(groups[0], 0);
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->relation, CopyRelation::kPartial);
  EXPECT_DOUBLE_EQ(link->similarity, 1.0);
}

TEST(DedupTest, SpunRewriteFound) {
  const std::vector<Document> docs = {MakeDoc("council", kCouncil),
                                      MakeDoc("spun", kFloodSpun, 2000),
                                      MakeDoc("flood", kFlood, 1000)};
  const std::vector<DuplicateGroup> groups = FindDuplicates(docs, DedupOptions());
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].original, 2u);  // published first
  ASSERT_EQ(groups[0].copies.size(), 1u);
  EXPECT_EQ(groups[0].copies[0].doc, 1u);
  EXPECT_EQ(groups[0].copies[0].relation, CopyRelation::kRewrite);
  EXPECT_GE(groups[0].copies[0].similarity, 0.8);
}

TEST(DedupTest, IndependentReportOfTheSameEventIsNotACopy) {
  const std::vector<Document> docs = {MakeDoc("flood", kFlood), MakeDoc("other", kFloodOther),
                                      MakeDoc("council", kCouncil)};
  EXPECT_THAT(FindDuplicates(docs, DedupOptions()), ::testing::IsEmpty());
  EXPECT_FALSE(VerifyPair(docs[0], docs[1], DedupOptions()).has_value());
  EXPECT_FALSE(VerifyPair(docs[1], docs[0], DedupOptions()).has_value());
}

TEST(DedupTest, OriginalIsEarliestThenLongestThenFirst) {
  // The spun copy is published first: it is the original even though it is not the source.
  std::vector<Document> docs = {MakeDoc("flood", kFlood, 5000), MakeDoc("spun", kFloodSpun, 10)};
  EXPECT_EQ(FindDuplicates(docs, DedupOptions())[0].original, 1u);
  // A member with a time precedes members without one.
  docs = {MakeDoc("flood", kFlood), MakeDoc("spun", kFloodSpun, 10)};
  EXPECT_EQ(FindDuplicates(docs, DedupOptions())[0].original, 1u);
  // Same time: the longer text.
  docs = {MakeDoc("flood", kFlood, 10), MakeDoc("near", NearCopyOfFlood(), 10)};
  EXPECT_EQ(FindDuplicates(docs, DedupOptions())[0].original, 1u);
}

TEST(DedupTest, CopiesLinkToTheOriginalWithTheirOwnRelation) {
  // The exact copy of the spun text is linked to the original as a rewrite, verified directly.
  const std::vector<Document> docs = {
      MakeDoc("spun-copy", kFloodSpun, 400), MakeDoc("flood", kFlood, 100),
      MakeDoc("near", NearCopyOfFlood(), 200), MakeDoc("spun", kFloodSpun, 300),
      MakeDoc("council", kCouncil, 50)};
  const std::vector<DuplicateGroup> groups = FindDuplicates(docs, DedupOptions());
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].original, 1u);
  ASSERT_EQ(groups[0].copies.size(), 3u);
  EXPECT_EQ(LinkOf(groups[0], 0)->relation, CopyRelation::kRewrite);
  EXPECT_EQ(LinkOf(groups[0], 2)->relation, CopyRelation::kNear);
  EXPECT_EQ(LinkOf(groups[0], 3)->relation, CopyRelation::kRewrite);
  EXPECT_EQ(VerifyPair(docs[0], docs[3], DedupOptions())->relation, CopyRelation::kExact);
}

// Why copy_relations is applied inside FindDuplicates, not by filtering its groups: with all
// relations the two spun texts are rewrites of `flood`; counting exact copies only, they are
// one group of their own, which no filtering of the first answer could give.
TEST(DedupTest, CopyRelationsRegroupInsteadOfFiltering) {
  const std::vector<Document> docs = {
      MakeDoc("spun-copy", kFloodSpun, 400), MakeDoc("flood", kFlood, 100),
      MakeDoc("near", NearCopyOfFlood(), 200), MakeDoc("spun", kFloodSpun, 300)};
  DedupOptions exact_only;
  exact_only.copy_relations = RelationBit(CopyRelation::kExact);
  std::vector<DuplicateGroup> groups = FindDuplicates(docs, exact_only);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].original, 3u);
  ASSERT_EQ(groups[0].copies.size(), 1u);
  EXPECT_EQ(groups[0].copies[0].doc, 0u);
  EXPECT_EQ(groups[0].copies[0].relation, CopyRelation::kExact);

  DedupOptions no_exact;
  no_exact.copy_relations = RelationBit(CopyRelation::kNear) | RelationBit(CopyRelation::kRewrite);
  groups = FindDuplicates(docs, no_exact);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].original, 1u);
  ASSERT_EQ(groups[0].copies.size(), 3u);  // both spun texts still found, though identical
  EXPECT_EQ(LinkOf(groups[0], 0)->relation, CopyRelation::kRewrite);
  EXPECT_EQ(LinkOf(groups[0], 2)->relation, CopyRelation::kNear);
  EXPECT_EQ(LinkOf(groups[0], 3)->relation, CopyRelation::kRewrite);

  DedupOptions none;
  none.copy_relations = 0;
  EXPECT_TRUE(FindDuplicates(docs, none).empty());
}

// Regression: 20 exact copies of each of two related texts made every copy of one meet every
// copy of the other in the LSH indexes (400 verified pairs for one relation); only one text of
// each exact run is now sketched. The groups must come out as before.
TEST(DedupTest, ManyExactCopiesAreOneGroupWithTheirNearAndRewriteCopies) {
  std::vector<Document> docs;
  for (int i = 0; i < 20; ++i)
    docs.push_back(MakeDoc("flood" + std::to_string(i), kFlood, 100 + i));
  docs.push_back(MakeDoc("near", NearCopyOfFlood(), 50));  // published first: the original
  for (int i = 0; i < 20; ++i) docs.push_back(MakeDoc("spun" + std::to_string(i), kFloodSpun, 200));
  docs.push_back(MakeDoc("council", kCouncil, 10));
  const std::vector<DuplicateGroup> groups = FindDuplicates(docs, DedupOptions());
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].original, 20u);
  ASSERT_EQ(groups[0].copies.size(), 40u);
  for (uint32_t i = 0; i < 20; ++i) {
    ASSERT_NE(LinkOf(groups[0], i), nullptr) << i;
    EXPECT_EQ(LinkOf(groups[0], i)->relation, CopyRelation::kNear) << i;
    ASSERT_NE(LinkOf(groups[0], 21 + i), nullptr) << i;
    EXPECT_EQ(LinkOf(groups[0], 21 + i)->relation, CopyRelation::kRewrite) << i;
  }
  EXPECT_EQ(LinkOf(groups[0], 41), nullptr);  // the council report is no copy
}

TEST(DedupTest, CopyOfACopyKeepsTheRelationThroughWhichItJoined) {
  // `extended` is the flood report plus three council paragraphs; `excerpt` copies those
  // paragraphs only, so it relates to the original only through `extended`.
  std::string council = kCouncil;
  const std::string three = council.substr(0, council.find("A public consultation"));
  const std::vector<Document> docs = {
      MakeDoc("flood", kFlood, 100), MakeDoc("extended", kFlood + three, 200),
      MakeDoc("excerpt", three + "Readers can send their comments to the editor.\n", 300)};
  ASSERT_FALSE(VerifyPair(docs[0], docs[2], DedupOptions()).has_value());
  const std::vector<DuplicateGroup> groups = FindDuplicates(docs, DedupOptions());
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].original, 0u);
  ASSERT_EQ(groups[0].copies.size(), 2u);
  EXPECT_EQ(LinkOf(groups[0], 1)->relation, CopyRelation::kNear);
  EXPECT_EQ(LinkOf(groups[0], 2)->relation, CopyRelation::kPartial);
}

TEST(DedupTest, EmptyAndTinyDocumentsDoNotCrash) {
  std::vector<Document> docs = {MakeDoc("e1", ""),         MakeDoc("e2", ""),
                                MakeDoc("w", "word"),      MakeDoc("flood", kFlood),
                                MakeDoc("e3", "  \n ..."), MakeDoc("w2", "two words")};
  docs.emplace_back();  // default Document: no text at all
  const std::vector<DuplicateGroup> groups = FindDuplicates(docs, DedupOptions());
  EXPECT_THAT(groups, ::testing::IsEmpty());
  EXPECT_FALSE(VerifyPair(docs[0], docs[1], DedupOptions()).has_value());
  EXPECT_THAT(FindDuplicates({}, DedupOptions()), ::testing::IsEmpty());
  EXPECT_THAT(FindDuplicates(std::span<const Document>(docs.data(), 1), DedupOptions()),
              ::testing::IsEmpty());
}

// Sentences of random words; `Reversed` keeps a sentence's words (its stem set) but no 5-gram.
std::vector<std::string> RandomSentences(std::mt19937_64& rng, int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string s = dedup::testing::RandomText(rng, 1);
    out.push_back(s.substr(0, s.size() - 2));  // without ".\n"
  }
  return out;
}

std::string Reversed(const std::string& sentence) {
  std::vector<std::string> words;
  for (size_t p = 0; p < sentence.size();) {
    size_t q = sentence.find(' ', p);
    if (q == std::string::npos) q = sentence.size();
    words.push_back(sentence.substr(p, q - p));
    p = q + 1;
  }
  std::string out;
  for (auto it = words.rbegin(); it != words.rend(); ++it) out += (out.empty() ? "" : " ") + *it;
  return out;
}

std::string Join(const std::vector<std::string>& sentences) {
  std::string out;
  for (const std::string& s : sentences) out += s + ".\n";
  return out;
}

// Independent reports of one event share a few facts and quotes scattered through the longer
// one; a rewrite follows its source sentence by sentence. Same coverage of the shorter text
// (4 of 6 sentences), different chains: 4 of 10 in a row vs 4 spread over 10.
TEST(DedupTest, RewriteNeedsAChainOfConsecutiveSentences) {
  std::mt19937_64 rng(99);
  const std::vector<std::string> source = RandomSentences(rng, 12);
  const std::vector<std::string> other = RandomSentences(rng, 2);
  auto report = [&](std::initializer_list<int> taken) {
    std::vector<std::string> out;
    for (int i : taken) out.push_back(Reversed(source[i]));
    out.insert(out.end(), other.begin(), other.end());
    return MakeDoc("b", Join(out));
  };
  const Document a = MakeDoc("a", Join(source));
  const std::optional<CopyPair> spread = VerifyPair(a, report({0, 3, 6, 9}), DedupOptions());
  EXPECT_FALSE(spread.has_value());
  const std::optional<CopyPair> chain = VerifyPair(a, report({2, 3, 4, 5}), DedupOptions());
  ASSERT_TRUE(chain.has_value());
  EXPECT_EQ(chain->relation, CopyRelation::kRewrite);
  EXPECT_NEAR(chain->similarity, 4.0 / 6.0, 1e-9);
}

// The SimHash whole-text index finds near-verbatim copies; the window and stem indexes still
// find the rest, so the groups match the MinHash ones on a small story.
TEST(DedupTest, SimHashSignatureGivesTheSameGroupsHere) {
  const std::vector<Document> docs = {
      MakeDoc("flood", kFlood, 100), MakeDoc("council", kCouncil, 50),
      MakeDoc("exact", kFlood, 300), MakeDoc("near", NearCopyOfFlood(), 200),
      MakeDoc("spun", kFloodSpun, 400), MakeDoc("other", kFloodOther, 150)};
  DedupOptions simhash;
  simhash.near_signature = DedupOptions::Signature::kSimHash;
  const std::vector<DuplicateGroup> a = FindDuplicates(docs, DedupOptions());
  const std::vector<DuplicateGroup> b = FindDuplicates(docs, simhash);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].original, 0u);
  ASSERT_EQ(b[0].copies.size(), a[0].copies.size());
  for (size_t i = 0; i < a[0].copies.size(); ++i) {
    EXPECT_EQ(b[0].copies[i].doc, a[0].copies[i].doc);
    EXPECT_EQ(b[0].copies[i].relation, a[0].copies[i].relation);
  }
}

// A round-up page that carries two unrelated wire stories is a partial copy of each, but must
// not put the two stories in one group.
TEST(DedupTest, ARoundUpOfTwoStoriesDoesNotJoinThem) {
  const std::string roundup = std::string("Morning briefing.\n") + kFlood + kCouncil;
  const std::vector<Document> docs = {MakeDoc("flood", kFlood, 100),
                                      MakeDoc("council", kCouncil, 110),
                                      MakeDoc("roundup", roundup, 200)};
  ASSERT_EQ(VerifyPair(docs[2], docs[0], DedupOptions())->relation, CopyRelation::kPartial);
  ASSERT_EQ(VerifyPair(docs[2], docs[1], DedupOptions())->relation, CopyRelation::kPartial);
  const std::vector<DuplicateGroup> groups = FindDuplicates(docs, DedupOptions());
  ASSERT_EQ(groups.size(), 1u);
  ASSERT_EQ(groups[0].copies.size(), 1u);
  EXPECT_EQ(groups[0].copies[0].doc, 2u);  // the round-up joins one story, not both
  EXPECT_EQ(groups[0].copies[0].relation, CopyRelation::kPartial);
}

// Sentences [from, to) of a RandomText, one per line.
std::string Lines(const std::string& text, size_t from, size_t to) {
  std::string out;
  size_t pos = 0;
  for (size_t line = 0; line < to && pos < text.size(); ++line) {
    const size_t end = text.find('\n', pos) + 1;
    if (line >= from) out += text.substr(pos, end - pos);
    pos = end;
  }
  return out;
}

// The group (index into `groups`) of each document; -1 for a unique one.
std::vector<int> GroupOf(const std::vector<DuplicateGroup>& groups, size_t n) {
  std::vector<int> of(n, -1);
  for (size_t g = 0; g < groups.size(); ++g) {
    of[groups[g].original] = static_cast<int>(g);
    for (const CopyLink& c : groups[g].copies) of[c.doc] = static_cast<int>(g);
  }
  return of;
}

TEST(DedupTest, ABorderlineCopyDoesNotJoinTwoGroupsWhoseTextsAreNotCopies) {
  // B, another outlet's report, repeats 4 of A's 10 sentences: A and B are no copies. T, a
  // truncation of A to its first 3 sentences, is a partial copy of A and of B. A and B each
  // have an exact copy, so T must not put all four in one group.
  std::mt19937_64 rng(7);
  const std::string a = dedup::testing::RandomText(rng, 10);
  const std::string b = Lines(a, 0, 4) + dedup::testing::RandomText(rng, 6);
  const std::vector<Document> docs = {MakeDoc("a", a), MakeDoc("a-copy", a), MakeDoc("b", b),
                                      MakeDoc("b-copy", b), MakeDoc("t", Lines(a, 0, 3))};
  ASSERT_FALSE(VerifyPair(docs[0], docs[2], DedupOptions()));
  ASSERT_EQ(VerifyPair(docs[4], docs[2], DedupOptions())->relation, CopyRelation::kPartial);
  ASSERT_EQ(VerifyPair(docs[4], docs[0], DedupOptions())->relation, CopyRelation::kPartial);
  const std::vector<int> of = GroupOf(FindDuplicates(docs, DedupOptions()), docs.size());
  EXPECT_EQ(of[0], of[1]);
  EXPECT_EQ(of[2], of[3]);
  EXPECT_NE(of[0], -1);
  EXPECT_NE(of[2], -1);
  EXPECT_NE(of[0], of[2]);
  EXPECT_TRUE(of[4] == of[0] || of[4] == of[2]);

  // When B repeats 8 of A's sentences, A and B are copies and all five are one group.
  const std::string b8 = Lines(a, 0, 8) + dedup::testing::RandomText(rng, 2);
  const std::vector<Document> joined = {MakeDoc("a", a), MakeDoc("a-copy", a),
                                        MakeDoc("b", b8), MakeDoc("b-copy", b8),
                                        MakeDoc("t", Lines(a, 0, 3))};
  ASSERT_TRUE(VerifyPair(joined[0], joined[2], DedupOptions()));
  const std::vector<int> one = GroupOf(FindDuplicates(joined, DedupOptions()), joined.size());
  EXPECT_NE(one[0], -1);
  EXPECT_THAT(one, ::testing::Each(one[0]));
}

TEST(DedupTest, TwoCopiedTextsJoinThroughARewriteOnlyWhenItIsNearlyComplete) {
  // `partly` rewrites 8 of the flood report's 11 sentences and ends on its own: a rewrite of
  // the flood report, as two outlets' rewrites of one press release are. Each is copied, so
  // their groups stay apart; the spun copy, aligned sentence by sentence, joins.
  const std::string partly = Lines(kFloodSpun, 0, 8) + kCouncil;
  const std::vector<Document> docs = {MakeDoc("flood", kFlood), MakeDoc("flood-copy", kFlood),
                                      MakeDoc("partly", partly),
                                      MakeDoc("partly-copy", partly)};
  const std::optional<CopyPair> rewrite = VerifyPair(docs[0], docs[2], DedupOptions());
  ASSERT_TRUE(rewrite);
  ASSERT_EQ(rewrite->relation, CopyRelation::kRewrite);
  ASSERT_LT(rewrite->similarity, 0.9);
  const std::vector<int> of = GroupOf(FindDuplicates(docs, DedupOptions()), docs.size());
  EXPECT_EQ(of, (std::vector<int>{0, 0, 1, 1}));

  const std::vector<Document> spun = {MakeDoc("flood", kFlood), MakeDoc("flood-copy", kFlood),
                                      MakeDoc("spun", kFloodSpun),
                                      MakeDoc("spun-copy", kFloodSpun)};
  const std::vector<int> one = GroupOf(FindDuplicates(spun, DedupOptions()), spun.size());
  EXPECT_EQ(one, (std::vector<int>{0, 0, 0, 0}));
  // Alone, `partly` joins the flood report's group.
  const std::vector<Document> alone = {MakeDoc("flood", kFlood), MakeDoc("flood-copy", kFlood),
                                       MakeDoc("partly", partly)};
  EXPECT_EQ(GroupOf(FindDuplicates(alone, DedupOptions()), alone.size()),
            (std::vector<int>{0, 0, 0}));
}

TEST(DedupTest, UnrelatedDocumentsHaveNoDuplicatesAndPlantedCopiesAreFound) {
  std::mt19937_64 rng(2024);
  std::vector<Document> docs;
  std::vector<std::string> texts;
  for (int i = 0; i < 1500; ++i) {
    texts.push_back(dedup::testing::RandomText(rng, 6 + static_cast<int>(rng() % 30)));
    docs.push_back(MakeDoc("r" + std::to_string(i), texts.back()));
  }
  EXPECT_THAT(FindDuplicates(docs, DedupOptions()), ::testing::IsEmpty());

  // Plant 100 near copies: one word in forty replaced.
  for (int i = 0; i < 100; ++i) {
    std::string t = texts[i * 7];
    for (size_t p = t.find(' ', 200); p != std::string::npos && p + 1 < t.size();
         p = t.find(' ', p + 240)) {
      t.insert(p + 1, "changed ");
    }
    docs.push_back(MakeDoc("copy" + std::to_string(i), t));
  }
  const std::vector<DuplicateGroup> groups = FindDuplicates(docs, DedupOptions());
  int found = 0;
  for (const DuplicateGroup& g : groups) {
    ASSERT_EQ(g.copies.size(), 1u);
    const uint32_t a = std::min(g.original, g.copies[0].doc);
    const uint32_t b = std::max(g.original, g.copies[0].doc);
    ASSERT_GE(b, 1500u) << "a false duplicate among unrelated texts";
    EXPECT_EQ(a, (b - 1500) * 7);
    found += 1;
  }
  EXPECT_GE(found, 98);
}

}  // namespace
}  // namespace storyline
