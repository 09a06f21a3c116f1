// similarity_ceiling: how far the story stage's document similarity can carry a clustering of
// the labelled sets (ECB+, UCI News, DUC 2004; src/story/eval_corpora.h), independently of the
// clustering algorithm.
//
// Documents are weighed as the story stage weighs them (story::BuildTermVectors, default
// StoryOptions unless overridden). Printed per set:
//   - 1-NN agreement: the share of documents whose most similar other document (cosine) has the
//     same gold label. Every clustering that follows this similarity errs on at least some of
//     the others;
//   - exact average-linkage clustering (nearest-neighbour chain over the dense similarity
//     matrix, so n^2 floats: an analysis tool for sets up to --max-documents, not a product
//     path), cut at every threshold of a sweep, with the best B-cubed F1 and its threshold: the
//     reference the issue quotes ("TF-IDF + average linkage, threshold tuned on the gold
//     labels") measured on our own vectors;
//   - with --expand K, each vector first gets its K nearest neighbours added, weighted by
//     alpha * cosine (pseudo-relevance feedback), and with --local-scaling K each similarity is
//     divided by the geometric mean of both documents' K-th best similarity.
//
//   similarity_ceiling [--data ../shared/data] [--set ecb|uci|duc|all] [--expand K] ...
#include <CLI/CLI.hpp>
#include <absl/container/flat_hash_map.h>
#include <fstream>
#include <sstream>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

#include "story/eval_corpora.h"
#include "story/term_vectors.h"
#include "storyline/eval.h"
#include "storyline/options.h"
#include "storyline/text.h"

namespace storyline::story {
namespace {

struct Settings {
  StoryOptions story;
  size_t expand = 0;
  double alpha = 0.5;
  size_t local_scaling = 0;
  double t_min = 0.02, t_max = 0.8, t_step = 0.02;
  size_t max_documents = 20000;
  bool verbose = false;
  int synonyms = 0;                 // WordNet senses per word added as terms (0: none)
  std::string synonym_pos = "all";  // noun, verb, adj or all
};

// Row-major n x n cosine matrix (diagonal 0).
std::vector<float> Similarities(const std::vector<SparseVector>& v) {
  const size_t n = v.size();
  std::vector<float> s(n * n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) s[i * n + j] = s[j * n + i] = static_cast<float>(Dot(v[i], v[j]));
  }
  return s;
}

// The indices of row i's k highest similarities (i excluded), best first.
std::vector<size_t> Nearest(const std::vector<float>& s, size_t n, size_t i, size_t k) {
  std::vector<size_t> idx;
  idx.reserve(n - 1);
  for (size_t j = 0; j < n; ++j) {
    if (j != i) idx.push_back(j);
  }
  k = std::min(k, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + static_cast<ptrdiff_t>(k), idx.end(),
                    [&](size_t a, size_t b) { return s[i * n + a] > s[i * n + b]; });
  idx.resize(k);
  return idx;
}

struct Merge {
  float similarity;
  size_t a, b;
};

// Average linkage by the nearest-neighbour chain (exact for this reducible linkage); consumes
// `s`. Returns the n - 1 merges.
std::vector<Merge> AverageLinkage(std::vector<float> s, size_t n) {
  std::vector<double> size(n, 1);
  std::vector<char> alive(n, 1);
  std::vector<Merge> merges;
  std::vector<size_t> chain;
  for (size_t remaining = n; remaining > 1;) {
    if (chain.empty()) {
      for (size_t i = 0; i < n; ++i) {
        if (alive[i]) {
          chain.push_back(i);
          break;
        }
      }
    }
    const size_t a = chain.back();
    const size_t previous = chain.size() > 1 ? chain[chain.size() - 2] : SIZE_MAX;
    size_t best = SIZE_MAX;
    float best_similarity = -1e30f;
    for (size_t j = 0; j < n; ++j) {
      if (!alive[j] || j == a) continue;
      const float x = s[a * n + j];
      if (x > best_similarity || (x == best_similarity && j == previous)) {
        best_similarity = x;
        best = j;
      }
    }
    if (best != previous) {
      chain.push_back(best);
      continue;
    }
    chain.resize(chain.size() - 2);
    merges.push_back({best_similarity, a, best});
    for (size_t j = 0; j < n; ++j) {
      if (!alive[j] || j == a || j == best) continue;
      const double x = (size[a] * s[a * n + j] + size[best] * s[best * n + j]) / (size[a] + size[best]);
      s[a * n + j] = s[j * n + a] = static_cast<float>(x);
    }
    size[a] += size[best];
    alive[best] = 0;
    --remaining;
  }
  return merges;
}

size_t Find(std::vector<size_t>& parent, size_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

// WordNet synonyms (--synonyms): each stem maps to the synsets of the first `senses` senses of
// the single-word lemmas with that stem, among those synsets that join two stems or more (the
// others say nothing the stem does not). Read from the index files of Debian's wordnet-base:
// the story stage keeps words as hashes, so every lemma is hashed through the analyser, and
// libwordnet looks words up one by one but cannot list them.
using SynsetMap = absl::flat_hash_map<uint64_t, std::vector<uint64_t>>;
SynsetMap LoadSynsets(TextAnalyzer& analyzer, int senses, const std::string& parts_of_speech) {
  SynsetMap map;
  int pos_id = 0;
  for (const char* pos : {"noun", "verb", "adj"}) {
    ++pos_id;
    if (parts_of_speech != "all" && parts_of_speech != pos) continue;
    const std::string path = std::string("/usr/share/wordnet/index.") + pos;
    std::ifstream in(path);
    if (!in) {
      std::fprintf(stderr, "similarity_ceiling: cannot read %s (apt-get install wordnet-base)\n",
                   path.c_str());
      std::exit(1);
    }
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == ' ') continue;
      std::istringstream ls(line);
      std::vector<std::string> f;
      std::string w;
      while (ls >> w) f.push_back(w);
      if (f.size() < 6 || f[0].find('_') != std::string::npos) continue;
      const int synsets = std::stoi(f[2]);
      if (synsets <= 0 || static_cast<size_t>(synsets) > f.size()) continue;
      TextFeatures t = analyzer.Analyze("", {f[0]}, "en");
      if (t.body.size() != 1 || t.body[0].Has(Token::kStopword) || t.body[0].stem == 0) continue;
      auto& keys = map[t.body[0].stem];
      for (int k = 0; k < std::min(synsets, senses); ++k) {
        const uint64_t key = 0x9e3779b97f4a7c15ull ^ (static_cast<uint64_t>(pos_id) << 40) ^
                             std::stoull(f[f.size() - synsets + k]);
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
      }
    }
  }
  // Only synsets that join two or more stems say anything the stems do not.
  absl::flat_hash_map<uint64_t, int> stems_of;
  for (const auto& [stem, keys] : map) {
    for (uint64_t k : keys) ++stems_of[k];
  }
  for (auto& [stem, keys] : map) {
    std::erase_if(keys, [&](uint64_t k) { return stems_of[k] < 2; });
  }
  return map;
}

// Appends a token per synset of each word of `tokens` (its flags, as not starting a sentence),
// so that each synset counts as one more term.
void AddSynsets(const SynsetMap& map, std::vector<Token>* tokens) {
  std::vector<Token> extra;
  for (const Token& t : *tokens) {
    if (t.Has(Token::kStopword)) continue;
    auto it = map.find(t.stem);
    if (it == map.end()) continue;
    for (uint64_t key : it->second) {
      extra.push_back({key, key, static_cast<uint8_t>(t.flags & ~Token::kSentenceStart)});
    }
  }
  tokens->insert(tokens->end(), extra.begin(), extra.end());
}

void Analyse(Corpus corpus, const char* name, const Settings& settings) {
  const size_t n = corpus.docs.size();
  if (settings.synonyms > 0 && n > 1) {
    static TextAnalyzer analyzer{TextOptions{}};
    static SynsetMap map = LoadSynsets(analyzer, settings.synonyms, settings.synonym_pos);
    for (Document& d : corpus.docs) {
      AddSynsets(map, &d.text.title);
      AddSynsets(map, &d.text.body);
    }
  }
  if (n < 2) {
    std::printf("%s: not found, skipped\n", name);
    return;
  }
  if (n > settings.max_documents) {
    std::printf("%s: %zu documents, more than --max-documents %zu (the matrix is n^2), skipped\n",
                name, n, settings.max_documents);
    return;
  }
  std::vector<uint32_t> all(n);
  std::iota(all.begin(), all.end(), 0);
  TermStats stats;
  std::vector<SparseVector> v = BuildTermVectors(corpus.docs, all, settings.story, &stats);
  std::vector<float> s = Similarities(v);
  if (settings.expand > 0) {
    std::vector<SparseVector> expanded(n);
    for (size_t i = 0; i < n; ++i) {
      SparseVector sum = v[i];
      for (size_t j : Nearest(s, n, i, settings.expand)) {
        const float weight = static_cast<float>(settings.alpha * s[i * n + j]);
        if (weight <= 0) continue;
        SparseVector neighbour = v[j];
        for (TermWeight& t : neighbour) t.weight *= weight;
        sum = Add(sum, neighbour);
      }
      Normalize(&sum);
      expanded[i] = std::move(sum);
    }
    s = Similarities(expanded);
  }
  if (settings.local_scaling > 0) {
    std::vector<float> scale(n);
    for (size_t i = 0; i < n; ++i) {
      const std::vector<size_t> near = Nearest(s, n, i, settings.local_scaling);
      scale[i] = std::max(near.empty() ? 0.f : s[i * n + near.back()], 0.01f);
    }
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) s[i * n + j] /= std::sqrt(scale[i] * scale[j]);
    }
  }
  size_t agree = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::vector<size_t> near = Nearest(s, n, i, 1);
    if (!near.empty() && corpus.gold[near[0]] == corpus.gold[i]) ++agree;
  }
  std::vector<Merge> merges = AverageLinkage(s, n);
  std::sort(merges.begin(), merges.end(),
            [](const Merge& x, const Merge& y) { return x.similarity > y.similarity; });
  double best_f1 = 0, best_threshold = 0;
  ClusterScores best;
  for (double t = settings.t_min; t <= settings.t_max + 1e-9; t += settings.t_step) {
    std::vector<size_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    for (const Merge& m : merges) {
      if (m.similarity < t) break;
      parent[Find(parent, m.a)] = Find(parent, m.b);
    }
    std::vector<std::string> predicted(n);
    for (size_t i = 0; i < n; ++i) predicted[i] = std::to_string(Find(parent, i));
    const ClusterScores scores = ScoreClustering(predicted, corpus.gold);
    if (settings.verbose) {
      std::printf("  threshold %.2f: B-cubed P %.3f R %.3f F1 %.3f, %zu clusters\n", t,
                  scores.bcubed_precision, scores.bcubed_recall, scores.bcubed_f1,
                  scores.predicted_clusters);
    }
    if (scores.bcubed_f1 > best_f1) {
      best_f1 = scores.bcubed_f1;
      best_threshold = t;
      best = scores;
    }
  }
  std::printf(
      "%s: %zu documents, 1-NN agreement %.3f; average linkage, best threshold %.2f: B-cubed P "
      "%.3f R %.3f F1 %.3f, %zu / %zu gold clusters\n",
      name, n, static_cast<double>(agree) / static_cast<double>(n), best_threshold,
      best.bcubed_precision, best.bcubed_recall, best_f1, best.predicted_clusters,
      best.gold_clusters);
}

}  // namespace
}  // namespace storyline::story

int main(int argc, char** argv) {
  using namespace storyline;
  story::Settings settings;
  std::string data = "../shared/data", set = "all";
  CLI::App app{"Similarity ceiling of the story stage on the labelled sets (1-NN agreement, "
               "best-threshold average linkage)"};
  app.add_option("--data", data, "The shared data folder")->check(CLI::ExistingDirectory);
  app.add_option("--set", set, "ecb, uci, duc or all")
      ->check(CLI::IsMember({"ecb", "uci", "duc", "all"}));
  app.add_option("--expand", settings.expand, "Add each document's K nearest neighbours (0: off)");
  app.add_option("--alpha", settings.alpha, "Weight of a neighbour (times its cosine)");
  app.add_option("--local-scaling", settings.local_scaling,
                 "Divide similarities by both documents' K-th best similarity (0: off)");
  app.add_option("--title-weight", settings.story.title_weight);
  app.add_option("--lead-weight", settings.story.lead_weight);
  app.add_option("--entity-weight", settings.story.entity_weight);
  app.add_option("--synonyms", settings.synonyms,
                 "Add the WordNet synsets of each word's first N senses as terms (0: off)");
  app.add_option("--synonym-pos", settings.synonym_pos, "Synsets of: noun, verb, adj or all")
      ->check(CLI::IsMember({"noun", "verb", "adj", "all"}));
  app.add_option("--terms", settings.story.centroid_terms, "Terms kept per document vector");
  app.add_option("--min-threshold", settings.t_min);
  app.add_option("--max-threshold", settings.t_max);
  app.add_option("--step", settings.t_step)->check(CLI::PositiveNumber);
  app.add_option("--max-documents", settings.max_documents);
  app.add_flag("--verbose", settings.verbose, "Print every threshold of the sweep");
  CLI11_PARSE(app, argc, argv);

  TextAnalyzer analyzer{TextOptions{}};
  if (set == "all" || set == "ecb") {
    story::Analyse(story::LoadEcbPlus(data, analyzer), "ECB+", settings);
  }
  if (set == "all" || set == "uci") {
    story::Analyse(story::LoadUciHeadlines(data, analyzer), "UCI", settings);
  }
  if (set == "all" || set == "duc") story::Analyse(story::LoadDuc(data), "DUC 2004", settings);
  return 0;
}
