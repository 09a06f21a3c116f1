// Dedup benchmarks, one thread unless stated; bytes/s are bytes of *text* (the text the tokens
// came from), so the figures compare with the issue target of 150 MB/s per core and add up along
// the pipeline (tokenising, then shingling, then signing).
//
// On one news-length text (kFlood + kFloodOther + kCouncil from test_articles.h, 3.4 KB, 544
// tokens by AnalyzeForTest):
//   BM_AnalyzeText        — the text stage (TextAnalyzer::Analyze: CLD2, ICU, Snowball) that makes
//                           the tokens: what tokenising costs in front of the signatures;
//   BM_WordShingles       — word 5-gram hashes (XXH3) of the pre-tokenised text;
//   BM_MinHash/BM_MinHashScalar — 128-permutation signature of those shingles, by the dispatched
//                           SIMD path (AVX2 clone where the CPU has it) and by SignScalar;
//   BM_ShingleMinHash(Scalar) — both steps, word tokens to signature;
//   BM_SketchText         — what FindDuplicates and DedupIndex do per text (Sketcher::SignText:
//                           shingles signed in blocks of 25, whole and window sketches);
//   BM_SimHash(Scalar), BM_ShingleSimHash — 64-bit SimHash of the same shingles.
// BM_MinHashSignature: the same as BM_ShingleMinHash over English-like texts of 1 KB to 1 MB.
// BM_SimHashCandidates: Hamming distance <= 3 pairs among N random hashes with 1% close copies
// (the sorts run on all cores).
// BM_FindDuplicates: the whole stage over N random ~2 KB texts with 1% planted near copies,
// default options, all cores.
//   cmake --build build --target storyline_dedup_bench &&
//   build/src/dedup/storyline_dedup_bench --benchmark_repetitions=5
//     --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "dedup/minhash.h"
#include "dedup/simhash.h"
#include "dedup/sketch.h"
#include "dedup/test_articles.h"
#include "dedup/test_text.h"
#include "storyline/dedup.h"
#include "storyline/text.h"

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

// The news-length text of the per-text benchmarks, its paragraphs and its test tokens.
struct NewsText {
  std::string text;
  std::vector<std::string> paragraphs;
  TextFeatures features;
  std::vector<uint64_t> shingles;
};

const NewsText& News() {
  static const NewsText news = [] {
    NewsText n;
    n.text = std::string(testing::kFlood) + "\n" + testing::kFloodOther + "\n" + testing::kCouncil;
    size_t start = 0;
    while (start < n.text.size()) {
      size_t end = n.text.find('\n', start);
      if (end == std::string::npos) end = n.text.size();
      if (end > start) n.paragraphs.push_back(n.text.substr(start, end - start));
      start = end + 1;
    }
    n.features = testing::AnalyzeForTest(n.text);
    n.shingles = WordShingles(n.features.body, 5);
    return n;
  }();
  return news;
}

void SetTextBytes(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(News().text.size()));
  state.counters["tokens"] = static_cast<double>(News().features.body.size());
}

void BM_AnalyzeText(benchmark::State& state) {
  TextAnalyzer analyzer{TextOptions{}};
  size_t tokens = 0;
  for (auto _ : state) {
    const TextFeatures f = analyzer.Analyze("", News().paragraphs, "en");
    tokens = f.body.size();
    benchmark::DoNotOptimize(f.body.data());
  }
  SetTextBytes(state);
  state.counters["tokens"] = static_cast<double>(tokens);
}
BENCHMARK(BM_AnalyzeText);

void BM_WordShingles(benchmark::State& state) {
  for (auto _ : state) {
    const std::vector<uint64_t> shingles = WordShingles(News().features.body, 5);
    benchmark::DoNotOptimize(shingles.data());
  }
  SetTextBytes(state);
}
BENCHMARK(BM_WordShingles);

void BM_MinHash(benchmark::State& state) {
  const MinHasher hasher(128, 1);
  std::vector<uint32_t> sig(128);
  for (auto _ : state) {
    hasher.Sign(News().shingles, sig.data());
    benchmark::DoNotOptimize(sig.data());
  }
  SetTextBytes(state);
}
BENCHMARK(BM_MinHash);

void BM_MinHashScalar(benchmark::State& state) {
  const MinHasher hasher(128, 1);
  std::vector<uint32_t> sig(128);
  for (auto _ : state) {
    hasher.SignScalar(News().shingles, sig.data());
    benchmark::DoNotOptimize(sig.data());
  }
  SetTextBytes(state);
}
BENCHMARK(BM_MinHashScalar);

void BM_ShingleMinHash(benchmark::State& state) {
  const MinHasher hasher(128, 1);
  std::vector<uint32_t> sig(128);
  for (auto _ : state) {
    hasher.Sign(WordShingles(News().features.body, 5), sig.data());
    benchmark::DoNotOptimize(sig.data());
  }
  SetTextBytes(state);
}
BENCHMARK(BM_ShingleMinHash);

void BM_ShingleMinHashScalar(benchmark::State& state) {
  const MinHasher hasher(128, 1);
  std::vector<uint32_t> sig(128);
  for (auto _ : state) {
    hasher.SignScalar(WordShingles(News().features.body, 5), sig.data());
    benchmark::DoNotOptimize(sig.data());
  }
  SetTextBytes(state);
}
BENCHMARK(BM_ShingleMinHashScalar);

void BM_SketchText(benchmark::State& state) {
  const Sketcher sketcher{DedupOptions()};
  std::vector<uint32_t> whole(sketcher.permutations());
  std::vector<uint32_t> windows;
  for (auto _ : state) {
    windows.clear();
    sketcher.SignText(News().features, whole.data(), &windows);
    benchmark::DoNotOptimize(windows.data());
  }
  SetTextBytes(state);
}
BENCHMARK(BM_SketchText);

void BM_SimHash(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(SimHash(News().shingles));
  SetTextBytes(state);
}
BENCHMARK(BM_SimHash);

void BM_SimHashScalar(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(SimHashScalar(News().shingles));
  SetTextBytes(state);
}
BENCHMARK(BM_SimHashScalar);

void BM_ShingleSimHash(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(SimHash(WordShingles(News().features.body, 5)));
  }
  SetTextBytes(state);
}
BENCHMARK(BM_ShingleSimHash);

void BM_SimHashCandidates(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::mt19937_64 rng(6);
  std::vector<uint64_t> hashes(n);
  for (size_t i = 0; i < n; ++i) {
    hashes[i] = i % 100 == 99 ? hashes[i - 50] ^ (uint64_t{1} << (rng() % 64)) : rng();
  }
  const std::vector<uint8_t> active(n, 1);
  std::vector<uint64_t> pairs;
  for (auto _ : state) {
    pairs.clear();
    SimHashCandidates(hashes, active, 3, 64, &pairs);
    benchmark::DoNotOptimize(pairs.data());
  }
  state.counters["pairs"] = static_cast<double>(pairs.size());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_SimHashCandidates)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

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
