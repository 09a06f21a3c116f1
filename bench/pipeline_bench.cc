// Benchmarks of each stage's hot path on the bundled examples/ corpus (written by us), so they
// run anywhere. Throughput is reported in bytes of input per second.
#include <benchmark/benchmark.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "storyline/dedup.h"
#include "storyline/extract.h"
#include "storyline/pipeline.h"
#include "storyline/story.h"
#include "storyline/text.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

struct Page {
  std::string body;
  bool html;
};

const std::vector<Page>& ExamplePages() {
  static const std::vector<Page> pages = [] {
    std::vector<Page> out;
    fs::path root = fs::path(STORYLINE_SOURCE_DIR) / "examples";
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      std::string ext = e.path().extension().string();
      if (ext != ".html" && ext != ".txt") continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      out.push_back({ss.str(), ext == ".html"});
    }
    return out;
  }();
  return pages;
}

void BM_ExtractHtml(benchmark::State& state) {
  ExtractOptions options;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const Page& p : ExamplePages()) {
      if (!p.html) continue;
      benchmark::DoNotOptimize(ExtractHtml(p.body, options));
      bytes += p.body.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ExtractHtml);

void BM_ExtractPlainText(benchmark::State& state) {
  ExtractOptions options;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const Page& p : ExamplePages()) {
      if (p.html) continue;
      benchmark::DoNotOptimize(ExtractPlainText(p.body, options));
      bytes += p.body.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ExtractPlainText);

// Extracted articles of the examples, for the stages after extraction.
const std::vector<Article>& ExampleArticles() {
  static const std::vector<Article> articles = [] {
    std::vector<Article> out;
    for (const Page& p : ExamplePages()) {
      out.push_back(p.html ? ExtractHtml(p.body, {}) : ExtractPlainText(p.body, {}));
    }
    return out;
  }();
  return articles;
}

void BM_AnalyzeText(benchmark::State& state) {
  TextAnalyzer analyzer{TextOptions{}};
  size_t bytes = 0;
  for (auto _ : state) {
    for (const Article& a : ExampleArticles()) {
      benchmark::DoNotOptimize(analyzer.Analyze(a.title, a.paragraphs));
      for (const auto& p : a.paragraphs) bytes += p.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_AnalyzeText);

// MinHash signature of `range` shingles, 128 permutations; bytes = 6 bytes of text per word
// (the average English word plus space), one shingle per word.
void BM_MinHash128(benchmark::State& state) {
  std::mt19937_64 rng(42);
  std::vector<uint64_t> features(state.range(0));
  for (uint64_t& f : features) f = rng();
  for (auto _ : state) benchmark::DoNotOptimize(MinHashSignature(features, 128));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * features.size() * 6));
}
BENCHMARK(BM_MinHash128)->RangeMultiplier(4)->Range(64, 16 << 10);

// Appends a letter tag for `c` to every word, so that the copies of a text share no word.
std::string TagWords(const std::string& text, int c) {
  std::string tag;
  for (int n = c; n > 0; n /= 26) tag.push_back(static_cast<char>('a' + n % 26));
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    out.push_back(text[i]);
    const bool letter = std::isalpha(static_cast<unsigned char>(text[i]));
    const bool word_ends =
        i + 1 == text.size() || !std::isalpha(static_cast<unsigned char>(text[i + 1]));
    if (letter && word_ends) out += tag;
  }
  return out;
}

// The examples repeated `copies` times with distinct ids. kNearCopies: each page's repetitions
// are near duplicates of each other (a group of `copies` per page, so verified pairs grow with
// copies^2 by design); kDistinct: every word is tagged per repetition, so the corpus grows
// without duplicates and time per document should stay flat.
enum class Corpus { kNearCopies, kDistinct };

std::vector<Document> SyntheticCorpus(int copies, Corpus kind) {
  TextAnalyzer analyzer{TextOptions{}};
  std::vector<Document> docs;
  for (int c = 0; c < copies; ++c) {
    for (const Article& a : ExampleArticles()) {
      Document d;
      d.id = std::to_string(docs.size());
      d.title = a.title;
      d.paragraphs = a.paragraphs;
      if (kind == Corpus::kDistinct) {
        d.title = TagWords(d.title, c);
        for (std::string& p : d.paragraphs) p = TagWords(p, c);
      } else if (!d.paragraphs.empty()) {
        d.paragraphs.back() += " (" + std::to_string(c) + ")";
      }
      d.published = 1700000000 + c * 86400 * 10;
      d.text = analyzer.Analyze(d.title, d.paragraphs, "en");
      docs.push_back(std::move(d));
    }
  }
  return docs;
}

void BM_FindDuplicates(benchmark::State& state) {
  std::vector<Document> docs =
      SyntheticCorpus(static_cast<int>(state.range(0)), static_cast<Corpus>(state.range(1)));
  for (auto _ : state) benchmark::DoNotOptimize(FindDuplicates(docs, DedupOptions{}));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * docs.size()));
}
BENCHMARK(BM_FindDuplicates)
    ->ArgsProduct({{1, 8, 32, 128}, {static_cast<int>(Corpus::kDistinct)}})
    ->ArgsProduct({{8, 32}, {static_cast<int>(Corpus::kNearCopies)}})
    ->ArgNames({"repeats", "distinct"})
    ->Unit(benchmark::kMillisecond);

void BM_ClusterStories(benchmark::State& state) {
  std::vector<Document> docs =
      SyntheticCorpus(static_cast<int>(state.range(0)), static_cast<Corpus>(state.range(1)));
  std::vector<uint32_t> all(docs.size());
  for (uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  for (auto _ : state) benchmark::DoNotOptimize(ClusterStories(docs, all, StoryOptions{}));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * docs.size()));
}
BENCHMARK(BM_ClusterStories)
    ->ArgsProduct({{1, 8, 32, 128}, {static_cast<int>(Corpus::kDistinct)}})
    ->ArgsProduct({{8, 32}, {static_cast<int>(Corpus::kNearCopies)}})
    ->ArgNames({"repeats", "distinct"})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace storyline

BENCHMARK_MAIN();
