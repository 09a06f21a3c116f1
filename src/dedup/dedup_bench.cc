// Dedup benchmarks. BM_MinHashSignature: word 5-gram shingles of a text and their
// 128-permutation signature, one thread; bytes are bytes of text (English-like, ~6 bytes per
// word). BM_FindDuplicates: the whole stage over N random ~2 KB texts with 1% planted near copies,
// default options, all cores.
//   ninja -C build storyline_dedup_bench && build/src/dedup/storyline_dedup_bench
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>

#include "dedup/minhash.h"
#include "dedup/test_text.h"
#include "storyline/dedup.h"

namespace storyline::dedup {
namespace {

std::string EnglishLikeText(size_t bytes) {
  static const char* kWords[] = {"the",      "minister", "said",   "on",      "Tuesday",    "that",
                                 "talks",    "with",     "a",      "foreign", "delegation", "would",
                                 "continue", "in",       "Moscow", "next",    "week",       "and",
                                 "of",       "to",       "report", "markets", "rose"};
  std::mt19937_64 rng(1);
  std::string s;
  while (s.size() < bytes) {
    s += kWords[rng() % std::size(kWords)];
    s += rng() % 15 == 0 ? ". " : " ";
    // Distinct numbers keep the shingle set from collapsing to a small vocabulary.
    if (rng() % 9 == 0) {
      s += std::to_string(rng() % 100000);
      s += ' ';
    }
  }
  return s;
}

void BM_MinHashSignature(benchmark::State& state) {
  const std::string text = EnglishLikeText(static_cast<size_t>(state.range(0)));
  const TextFeatures features = testing::AnalyzeForTest(text);
  const MinHasher hasher(128, 1);
  std::vector<uint32_t> sig(128);
  for (auto _ : state) {
    const std::vector<uint64_t> shingles = WordShingles(features.body, 5);
    hasher.Sign(shingles, sig.data());
    benchmark::DoNotOptimize(sig.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_MinHashSignature)->Range(1 << 10, 1 << 20);

void BM_FindDuplicates(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::mt19937_64 rng(5);
  std::vector<Document> docs;
  std::vector<std::string> texts;
  size_t bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    std::string text;
    while (text.size() < 2000) {
      text += 'w';
      text += std::to_string(static_cast<int>(std::exp(std::log(30) + (rng() % 6900) / 1000.0)));
      text += rng() % 12 == 0 ? ".\n" : " the ";
    }
    if (i % 100 == 99) text = texts[i - 50] + " one more line.";
    docs.push_back(testing::MakeDoc(std::to_string(i), text));
    texts.push_back(text);
    bytes += text.size();
  }
  size_t groups = 0;
  for (auto _ : state) groups = FindDuplicates(docs, DedupOptions()).size();
  state.counters["groups"] = static_cast<double>(groups);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_FindDuplicates)->Arg(10000)->Arg(50000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace storyline::dedup

BENCHMARK_MAIN();
