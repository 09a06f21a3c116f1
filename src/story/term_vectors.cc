#include "story/term_vectors.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace storyline::story {

double Dot(const SparseVector& a, const SparseVector& b) {
  double sum = 0;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].term < b[j].term) {
      ++i;
    } else if (b[j].term < a[i].term) {
      ++j;
    } else {
      sum += static_cast<double>(a[i].weight) * b[j].weight;
      ++i;
      ++j;
    }
  }
  return sum;
}

double Norm(const SparseVector& v) {
  double sum = 0;
  for (const TermWeight& t : v) sum += static_cast<double>(t.weight) * t.weight;
  return std::sqrt(sum);
}

SparseVector Add(const SparseVector& a, const SparseVector& b) {
  SparseVector out;
  out.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].term < b[j].term)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].term < a[i].term) {
      out.push_back(b[j++]);
    } else {
      out.push_back({a[i].term, a[i].weight + b[j].weight});
      ++i;
      ++j;
    }
  }
  return out;
}

namespace {

bool HeavierFirst(const TermWeight& x, const TermWeight& y) {
  return x.weight != y.weight ? x.weight > y.weight : x.term < y.term;
}

bool ByTerm(const TermWeight& x, const TermWeight& y) { return x.term < y.term; }

// "Fed's Plosser Sees High Bar For Change": in a Title Case headline capitals do not mark
// names. True when at least 3 content words and 80% of them are capitalised.
bool IsTitleCase(std::span<const Token> title) {
  size_t words = 0, capitalized = 0;
  for (const Token& token : title) {
    if (token.Has(Token::kStopword) || token.Has(Token::kNumber)) continue;
    ++words;
    if (token.Has(Token::kCapitalized)) ++capitalized;
  }
  return words >= 3 && capitalized * 5 >= words * 4;
}

}  // namespace

void KeepTopTerms(size_t k, SparseVector* v) {
  if (v->size() <= k) return;
  std::nth_element(v->begin(), v->begin() + k, v->end(), HeavierFirst);
  v->resize(k);
  std::sort(v->begin(), v->end(), ByTerm);
}

void Normalize(SparseVector* v) {
  const double norm = Norm(*v);
  if (norm <= 0) return;
  for (TermWeight& t : *v) t.weight = static_cast<float>(t.weight / norm);
}

std::vector<TermWeight> TopTerms(const SparseVector& v, size_t k) {
  std::vector<TermWeight> top(v.begin(), v.end());
  if (top.size() > k) {
    std::nth_element(top.begin(), top.begin() + k, top.end(), HeavierFirst);
    top.resize(k);
  }
  std::sort(top.begin(), top.end(), HeavierFirst);
  return top;
}

std::vector<SparseVector> BuildTermVectors(std::span<const Document> docs,
                                           std::span<const uint32_t> originals,
                                           const StoryOptions& options, size_t* vocabulary_size) {
  std::unordered_map<uint64_t, TermId> ids;
  std::vector<uint32_t> document_frequency;
  std::vector<SparseVector> vectors(originals.size());

  // Per-document scratch: term -> (occurrences, highest occurrence weight).
  struct Occurrences {
    double count = 0;
    double max_weight = 0;
  };
  std::unordered_map<TermId, Occurrences> scratch;
  auto add_tokens = [&](std::span<const Token> tokens, double field_weight,
                        bool capitals_mark_names) {
    for (const Token& token : tokens) {
      if (token.Has(Token::kStopword) || token.stem == 0) continue;
      double weight = field_weight;
      const bool name_like = capitals_mark_names && token.Has(Token::kCapitalized) &&
                             !token.Has(Token::kSentenceStart);
      if (name_like || token.Has(Token::kNumber)) weight *= options.entity_weight;
      auto [it, inserted] = ids.try_emplace(token.stem, static_cast<TermId>(ids.size()));
      if (inserted) document_frequency.push_back(0);
      Occurrences& o = scratch[it->second];
      o.count += 1;
      o.max_weight = std::max(o.max_weight, weight);
    }
  };

  for (size_t i = 0; i < originals.size(); ++i) {
    const uint32_t index = originals[i];
    if (index >= docs.size()) continue;  // out of range: the document gets an empty vector
    const TextFeatures& text = docs[index].text;
    scratch.clear();
    add_tokens(text.title, options.title_weight, !IsTitleCase(text.title));
    // The lead is the first paragraph; without paragraph marks, the whole body is body.
    size_t lead_end = 0;
    if (!text.paragraph_starts.empty()) {
      lead_end = text.paragraph_starts.size() > 1 ? text.paragraph_starts[1] : text.body.size();
      lead_end = std::min<size_t>(lead_end, text.body.size());
    }
    std::span<const Token> body(text.body);
    add_tokens(body.subspan(0, lead_end), options.lead_weight, true);
    add_tokens(body.subspan(lead_end), 1.0, true);

    SparseVector& v = vectors[i];
    v.reserve(scratch.size());
    for (const auto& [term, o] : scratch) {
      const double tf = o.max_weight * (1.0 + std::log(o.count));
      if (tf > 0) v.push_back({term, static_cast<float>(tf)});
      ++document_frequency[term];
    }
    std::sort(v.begin(), v.end(), ByTerm);
  }

  const double n = static_cast<double>(originals.size());
  for (SparseVector& v : vectors) {
    for (TermWeight& t : v) {
      const double idf = std::log((n + 1) / (document_frequency[t.term] + 1.0)) + 1.0;
      t.weight = static_cast<float>(t.weight * idf);
    }
    KeepTopTerms(options.centroid_terms, &v);
    Normalize(&v);
  }
  *vocabulary_size = ids.size();
  return vectors;
}

}  // namespace storyline::story
