#include "story/term_vectors.h"

#include <algorithm>
#include <cmath>

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

SparseVector Subtract(const SparseVector& a, const SparseVector& b) {
  SparseVector out;
  out.reserve(a.size());
  size_t j = 0;
  for (const TermWeight& t : a) {
    while (j < b.size() && b[j].term < t.term) ++j;
    const float w = j < b.size() && b[j].term == t.term ? t.weight - b[j].weight : t.weight;
    if (w > 1e-6f) out.push_back({t.term, w});
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

TermId TermStats::Intern(uint64_t stem) {
  auto [it, inserted] = ids_.try_emplace(stem, 0);
  if (!inserted) return it->second;
  TermId id;
  if (!free_ids_.empty()) {
    id = free_ids_.back();
    free_ids_.pop_back();
    document_frequency_[id] = 0;
    stem_[id] = stem;
    last_seen_[id] = sequence_;
  } else {
    id = static_cast<TermId>(document_frequency_.size());
    document_frequency_.push_back(0);
    stem_.push_back(stem);
    last_seen_.push_back(sequence_);
  }
  it->second = id;
  return id;
}

void TermStats::AddDocument(const SparseVector& v) {
  ++documents_;
  for (const TermWeight& t : v) {
    ++document_frequency_[t.term];
    last_seen_[t.term] = sequence_;
  }
  ++sequence_;
}

std::vector<TermId> TermStats::Forget(uint64_t first_live_sequence) {
  std::vector<TermId> forgotten;
  for (const auto& [stem, id] : ids_) {
    if (last_seen_[id] < first_live_sequence) forgotten.push_back(id);
  }
  std::sort(forgotten.begin(), forgotten.end());
  for (TermId id : forgotten) {
    ids_.erase(stem_[id]);
    document_frequency_[id] = 0;
    free_ids_.push_back(id);
  }
  return forgotten;
}

void TermStats::RemoveDocument(const SparseVector& v) {
  if (documents_ > 0) --documents_;
  for (const TermWeight& t : v) {
    if (document_frequency_[t.term] > 0) --document_frequency_[t.term];
  }
}

double TermStats::Idf(TermId term) const {
  return std::log((static_cast<double>(documents_) + 1) /
                  (document_frequency_[term] + 1.0)) +
         1.0;
}

std::vector<double> TermStats::IdfTable() const {
  std::vector<double> idf(document_frequency_.size());
  for (TermId t = 0; t < idf.size(); ++t) idf[t] = Idf(t);
  return idf;
}

size_t TermStats::MemoryBytes() const {
  // A flat hash map holds its slots and one control byte per slot.
  return ids_.capacity() * (sizeof(std::pair<uint64_t, TermId>) + 1) +
         document_frequency_.capacity() * sizeof(uint32_t) +
         (stem_.capacity() + last_seen_.capacity()) * sizeof(uint64_t) +
         free_ids_.capacity() * sizeof(TermId);
}

StemCounts CountStems(const TextFeatures& text, const StoryOptions& options) {
  // Scratch kept per thread, so that its memory is allocated once, not per document.
  thread_local absl::flat_hash_map<uint64_t, uint32_t> slot;  // stem -> index in `out`
  slot.clear();
  StemCounts out;
  std::vector<float> counts;
  auto add_tokens = [&](std::span<const Token> tokens, double field_weight,
                        bool capitals_mark_names) {
    for (const Token& token : tokens) {
      if (token.Has(Token::kStopword) || token.stem == 0) continue;
      double weight = field_weight;
      const bool name_like = capitals_mark_names && token.Has(Token::kCapitalized) &&
                             !token.Has(Token::kSentenceStart);
      if (name_like || token.Has(Token::kNumber)) weight *= options.entity_weight;
      auto [it, inserted] = slot.try_emplace(token.stem, static_cast<uint32_t>(out.size()));
      if (inserted) {
        out.push_back({token.stem, 0});
        counts.push_back(0);
      }
      counts[it->second] += 1;
      // Until the end, `tf` holds the highest occurrence weight.
      out[it->second].tf = std::max(out[it->second].tf, static_cast<float>(weight));
    }
  };
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
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].tf = static_cast<float>(out[i].tf * (1.0 + std::log(counts[i])));
  }
  return out;
}

SparseVector InternTerms(const StemCounts& counts, TermStats* stats) {
  SparseVector v;
  v.reserve(counts.size());
  for (const StemCount& c : counts) {
    const TermId term = stats->Intern(c.stem);
    if (c.tf > 0) v.push_back({term, c.tf});
  }
  std::sort(v.begin(), v.end(), ByTerm);
  return v;
}

SparseVector RawTermVector(const TextFeatures& text, const StoryOptions& options,
                           TermStats* stats) {
  return InternTerms(CountStems(text, options), stats);
}

namespace {

// tf x idf, the `keep` heaviest terms, unit length; `idf_of(term)` gives a term's idf.
template <typename IdfOf>
SparseVector Weigh(const SparseVector& raw, IdfOf idf_of, size_t keep) {
  SparseVector v = raw;
  for (TermWeight& t : v) t.weight = static_cast<float>(t.weight * idf_of(t.term));
  KeepTopTerms(keep, &v);
  Normalize(&v);
  return v;
}

}  // namespace

SparseVector WeightTerms(const SparseVector& raw, const TermStats& stats, size_t keep) {
  return Weigh(raw, [&](TermId t) { return stats.Idf(t); }, keep);
}

SparseVector WeightTerms(const SparseVector& raw, std::span<const double> idf, size_t keep) {
  return Weigh(raw, [&](TermId t) { return idf[t]; }, keep);
}

SparseVector RestrictTo(const SparseVector& raw, const SparseVector& kept) {
  SparseVector out;
  out.reserve(kept.size());
  size_t j = 0;
  for (const TermWeight& t : raw) {
    while (j < kept.size() && kept[j].term < t.term) ++j;
    if (j == kept.size()) break;
    if (kept[j].term == t.term) out.push_back(t);
  }
  return out;
}

std::vector<SparseVector> BuildTermVectors(std::span<const Document> docs,
                                           std::span<const uint32_t> originals,
                                           const StoryOptions& options, TermStats* stats,
                                           std::vector<SparseVector>* raw_kept) {
  std::vector<SparseVector> raw(originals.size());
  for (size_t i = 0; i < originals.size(); ++i) {
    const uint32_t index = originals[i];
    if (index >= docs.size()) continue;  // out of range: the document gets an empty vector
    raw[i] = RawTermVector(docs[index].text, options, stats);
    stats->AddDocument(raw[i]);
  }
  std::vector<SparseVector> vectors(originals.size());
  for (size_t i = 0; i < originals.size(); ++i) {
    vectors[i] = WeightTerms(raw[i], *stats, options.centroid_terms);
  }
  if (raw_kept) {
    raw_kept->resize(originals.size());
    for (size_t i = 0; i < originals.size(); ++i) (*raw_kept)[i] = RestrictTo(raw[i], vectors[i]);
  }
  return vectors;
}

}  // namespace storyline::story
