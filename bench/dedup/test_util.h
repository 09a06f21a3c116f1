// Test helpers for the dedup harness: a small thesaurus in MyThes format and articles written
// only with its words, so that every content word of them has a synonym.
#ifndef STORYLINE_BENCH_DEDUP_TEST_UTIL_H_
#define STORYLINE_BENCH_DEDUP_TEST_UTIL_H_

#include <array>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "transform.h"

namespace storyline::dedup_bench::testing {

// A thesaurus of the test vocabulary. Each entry also lists synonyms the loader must skip: a
// multi-word one and marked ones ("(generic term)", "(antonym)"). `flood` has only those.
inline constexpr std::string_view kTestThesaurus =
    "UTF-8\n"
    "storm|2\n"
    "(noun)|tempest|gale|violent storm|weather (generic term)\n"
    "(verb)|rage|calm (antonym)\n"
    "village|1\n"
    "(noun)|hamlet|settlement|small town\n"
    "road|1\n"
    "(noun)|street|route|thoroughfare (generic term)\n"
    "bridge|1\n"
    "(noun)|span|overpass\n"
    "river|1\n"
    "(noun)|stream|watercourse (generic term)\n"
    "farmer|1\n"
    "(noun)|grower|husbandman\n"
    "school|1\n"
    "(noun)|academy|schoolhouse\n"
    "market|1\n"
    "(noun)|bazaar|marketplace\n"
    "heavy|1\n"
    "(adj)|severe|intense|light (antonym)\n"
    "old|1\n"
    "(adj)|aged|ancient|young (antonym)\n"
    "small|1\n"
    "(adj)|little|minor\n"
    "quiet|1\n"
    "(adj)|calm|still|loud (antonym)\n"
    "damage|2\n"
    "(verb)|harm|impair\n"
    "(noun)|harm|price (related term)\n"
    "block|1\n"
    "(verb)|obstruct|barricade\n"
    "reach|1\n"
    "(verb)|attain|arrive at\n"
    "close|1\n"
    "(verb)|shut|open (antonym)\n"
    "flood|1\n"
    "(noun)|deluge (similar term)|body of water (generic term)\n";

inline constexpr std::array<std::string_view, 8> kNouns = {"storm", "village", "road",   "bridge",
                                                           "river", "farmer",  "school", "market"};
inline constexpr std::array<std::string_view, 4> kAdjectives = {"heavy", "old", "small", "quiet"};
inline constexpr std::array<std::string_view, 4> kPastVerbs = {"damaged", "blocked", "reached",
                                                               "closed"};
inline constexpr std::array<std::string_view, 4> kNames = {"Maria Olsen", "Oslo", "Bergen",
                                                           "Tom Berg"};

// "Maria Olsen said the heavy storm damaged 12 roads near the old village." Every sentence has
// six content words (adjective, noun, verb, plural noun, adjective, noun), a name and a number.
inline std::string TestSentence(std::mt19937_64& rng) {
  auto pick = [&](const auto& words) { return std::string(words[rng() % words.size()]); };
  return pick(kNames) + " said the " + pick(kAdjectives) + " " + pick(kNouns) + " " +
         pick(kPastVerbs) + " " + std::to_string(2 + rng() % 90) + " " + pick(kNouns) +
         "s near the " + pick(kAdjectives) + " " + pick(kNouns) + ".";
}

// An article of `paragraphs` paragraphs of `sentences` test sentences each.
inline Article TestArticle(uint64_t seed, size_t paragraphs = 10, size_t sentences = 3) {
  std::mt19937_64 rng(seed);
  Article a;
  a.id = "test/" + std::to_string(seed);
  a.title = "Heavy storm damaged roads near old village";
  for (size_t p = 0; p < paragraphs; ++p) {
    std::string text;
    for (size_t s = 0; s < sentences; ++s) {
      if (!text.empty()) text += ' ';
      text += TestSentence(rng);
    }
    a.paragraphs.push_back(text);
  }
  return a;
}

// Words of letters that occur nowhere else: "qzxa...", unrelated filler text.
inline std::vector<std::string> FillerParagraphs(uint64_t seed, size_t paragraphs,
                                                 size_t words_each) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> out;
  for (size_t p = 0; p < paragraphs; ++p) {
    std::string text;
    for (size_t w = 0; w < words_each; ++w) {
      std::string word = "qz";
      for (int k = 0; k < 5; ++k) word += static_cast<char>('a' + rng() % 26);
      text += (text.empty() ? "" : " ") + word;
    }
    out.push_back(text + ".");
  }
  return out;
}

}  // namespace storyline::dedup_bench::testing

#endif  // STORYLINE_BENCH_DEDUP_TEST_UTIL_H_
