// Story clustering: single-pass online assignment, then a merge pass.
//
// 1. Each original gets an L2-normalised TF-IDF vector (term_vectors.h).
// 2. Documents are visited in publication order (untimed ones after, in input order). The
//    document's `query_terms` heaviest terms are looked up in an inverted index term -> stories
//    (over centroid terms, posting lists capped); the stories reached are ranked by the summed
//    document weight of the shared terms, and the best `kMaxCandidates` are scored by exact
//    cosine against their centroid. The best story with cosine >= join_similarity whose time
//    span, with the document, stays within the window takes the document; otherwise the
//    document starts a story. Cost per document: O(query_terms * max_postings), never O(n).
// 3. A centroid is the sum of its members' unit vectors, cut back to its `centroid_terms`
//    heaviest terms after every update. Summing (instead of averaging with a decay) weighs every
//    member equally, so an early member cannot be drowned out by later ones; the cut keeps the
//    terms most members share and drops each member's idiosyncratic terms, so the centroid does
//    not drift towards a long tail of rare words.
// 4. Merge rounds: an index over all centroids gives each story its candidate stories; pairs
//    with centroid cosine >= merge_similarity are joined greedily, most similar first, with
//    union-find, when the union's time span stays within the window. Repeats until nothing
//    merges (at most kMergeRounds).
// 5. Each story's members are ordered by cosine to the final centroid; the headline is the most
//    central member with a title.
#include "storyline/story.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "story/term_vectors.h"

namespace storyline {
namespace {

using story::SparseVector;
using story::TermId;
using story::TermWeight;

constexpr size_t kMaxCandidates = 64;  // stories scored by exact cosine per lookup
constexpr int kMergeRounds = 4;

struct TimeSpan {
  std::optional<UnixSeconds> first, last;

  void Add(std::optional<UnixSeconds> t) {
    if (!t) return;
    first = first ? std::min(*first, *t) : *t;
    last = last ? std::max(*last, *t) : *t;
  }
  void Add(const TimeSpan& other) {
    Add(other.first);
    Add(other.last);
  }
  // True when the union of both spans is no longer than `window` (or either has no time).
  bool FitsWith(const TimeSpan& other, int64_t window) const {
    if (!first || !other.first) return true;
    return std::max(*last, *other.last) - std::min(*first, *other.first) <= window;
  }
};

struct StoryState {
  SparseVector centroid;  // sum of member vectors, top terms only
  double norm = 0;
  TimeSpan span;
  std::vector<uint32_t> members;  // positions in `originals`
  std::vector<TermId> indexed;    // terms under which the story is posted, sorted
};

// Inverted index term -> stories. Postings only grow; a posting whose term later left the
// centroid just yields a candidate that exact scoring rejects.
class StoryIndex {
 public:
  StoryIndex(size_t vocabulary_size, size_t max_postings)
      : postings_(vocabulary_size), max_postings_(std::max<size_t>(max_postings, 1)) {}

  // Posts `story` under the terms of `centroid` it is not posted under yet.
  void Post(uint32_t story, const SparseVector& centroid, std::vector<TermId>* indexed) {
    std::vector<TermId> added;
    for (const TermWeight& t : centroid) {
      if (std::binary_search(indexed->begin(), indexed->end(), t.term)) continue;
      added.push_back(t.term);
      std::vector<uint32_t>& list = postings_[t.term];
      list.push_back(story);
      // Amortised trim: keep the newest max_postings_ once the list doubles.
      if (list.size() >= 2 * max_postings_) list.erase(list.begin(), list.end() - max_postings_);
    }
    if (added.empty()) return;
    indexed->insert(indexed->end(), added.begin(), added.end());
    std::sort(indexed->begin(), indexed->end());
  }

  // Stories posted under any of `query` (best first), ranked by the summed query weight of the
  // shared terms; at most `limit`, `exclude` left out.
  std::vector<uint32_t> Candidates(const std::vector<TermWeight>& query, size_t limit,
                                   uint32_t exclude = UINT32_MAX) {
    touched_.clear();
    for (const TermWeight& t : query) {
      const std::vector<uint32_t>& list = postings_[t.term];
      const size_t begin = list.size() > max_postings_ ? list.size() - max_postings_ : 0;
      for (size_t i = begin; i < list.size(); ++i) {
        const uint32_t s = list[i];
        if (s == exclude) continue;
        if (s >= scores_.size()) scores_.resize(s + 1, 0);
        if (scores_[s] == 0) touched_.push_back(s);
        scores_[s] += t.weight;
      }
    }
    auto better = [this](uint32_t a, uint32_t b) {
      return scores_[a] != scores_[b] ? scores_[a] > scores_[b] : a < b;
    };
    if (touched_.size() > limit) {
      std::nth_element(touched_.begin(), touched_.begin() + limit, touched_.end(), better);
      for (size_t i = limit; i < touched_.size(); ++i) scores_[touched_[i]] = 0;
      touched_.resize(limit);
    }
    std::sort(touched_.begin(), touched_.end(), better);
    for (uint32_t s : touched_) scores_[s] = 0;
    return touched_;
  }

 private:
  std::vector<std::vector<uint32_t>> postings_;
  size_t max_postings_;
  std::vector<float> scores_;  // scratch, all zero between calls
  std::vector<uint32_t> touched_;
};

double Cosine(const SparseVector& unit, const SparseVector& centroid, double centroid_norm) {
  return centroid_norm > 0 ? story::Dot(unit, centroid) / centroid_norm : 0;
}

void UpdateCentroid(const SparseVector& add, size_t centroid_terms, StoryState* s) {
  s->centroid = story::Add(s->centroid, add);
  story::KeepTopTerms(centroid_terms, &s->centroid);
  s->norm = story::Norm(s->centroid);
}

uint32_t Find(std::vector<uint32_t>& parent, uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

// One merge round over `stories`; returns true when anything merged.
bool MergeRound(size_t vocabulary_size, const StoryOptions& options,
                std::vector<StoryState>* stories) {
  const uint32_t count = static_cast<uint32_t>(stories->size());
  StoryIndex index(vocabulary_size, options.max_postings);
  for (uint32_t s = 0; s < count; ++s) {
    StoryState& st = (*stories)[s];
    st.indexed.clear();
    index.Post(s, st.centroid, &st.indexed);
  }

  std::vector<std::tuple<double, uint32_t, uint32_t>> pairs;
  for (uint32_t s = 0; s < count; ++s) {
    const StoryState& st = (*stories)[s];
    if (st.norm <= 0) continue;
    for (uint32_t c :
         index.Candidates(story::TopTerms(st.centroid, options.query_terms), kMaxCandidates, s)) {
      // Candidate lists are not symmetric (caps, ranking), so a pair may come up from either
      // side or both; a repeat is harmless to union-find.
      const StoryState& other = (*stories)[c];
      if (other.norm <= 0) continue;
      const double cosine = story::Dot(st.centroid, other.centroid) / (st.norm * other.norm);
      if (cosine >= options.merge_similarity) {
        pairs.emplace_back(cosine, std::min(s, c), std::max(s, c));
      }
    }
  }
  if (pairs.empty()) return false;
  std::sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) {
    return std::get<0>(x) != std::get<0>(y) ? std::get<0>(x) > std::get<0>(y) : x < y;
  });

  std::vector<uint32_t> parent(count);
  std::iota(parent.begin(), parent.end(), 0);
  std::vector<TimeSpan> spans(count);
  for (uint32_t s = 0; s < count; ++s) spans[s] = (*stories)[s].span;
  bool merged = false;
  for (const auto& [cosine, a, b] : pairs) {
    const uint32_t ra = Find(parent, a), rb = Find(parent, b);
    if (ra == rb || !spans[ra].FitsWith(spans[rb], options.time_window_seconds)) continue;
    const uint32_t root = std::min(ra, rb), child = std::max(ra, rb);
    parent[child] = root;
    spans[root].Add(spans[child]);
    merged = true;
  }
  if (!merged) return false;

  std::vector<StoryState> next;
  std::vector<uint32_t> slot(count, UINT32_MAX);
  for (uint32_t s = 0; s < count; ++s) {
    const uint32_t root = Find(parent, s);
    if (slot[root] == UINT32_MAX) {
      slot[root] = static_cast<uint32_t>(next.size());
      next.emplace_back();
    }
    StoryState& target = next[slot[root]];
    StoryState& source = (*stories)[s];
    target.centroid = story::Add(target.centroid, source.centroid);
    target.span.Add(source.span);
    target.members.insert(target.members.end(), source.members.begin(), source.members.end());
  }
  for (StoryState& st : next) {
    story::KeepTopTerms(options.centroid_terms, &st.centroid);
    st.norm = story::Norm(st.centroid);
  }
  *stories = std::move(next);
  return true;
}

}  // namespace

std::vector<Story> ClusterStories(std::span<const Document> docs,
                                  std::span<const uint32_t> originals,
                                  const StoryOptions& options) {
  size_t vocabulary_size = 0;
  const std::vector<SparseVector> vectors =
      story::BuildTermVectors(docs, originals, options, &vocabulary_size);
  auto published = [&](uint32_t position) -> std::optional<UnixSeconds> {
    const uint32_t index = originals[position];
    return index < docs.size() ? docs[index].published : std::nullopt;
  };

  // Publication order; untimed documents after the timed ones, in input order.
  std::vector<uint32_t> order(originals.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const auto ta = published(a), tb = published(b);
    if (ta.has_value() != tb.has_value()) return ta.has_value();
    return ta && *ta < *tb;
  });

  std::vector<StoryState> stories;
  StoryIndex index(vocabulary_size, options.max_postings);
  for (uint32_t position : order) {
    const SparseVector& v = vectors[position];
    const std::optional<UnixSeconds> t = published(position);
    TimeSpan doc_span;
    doc_span.Add(t);

    uint32_t best = UINT32_MAX;
    double best_cosine = options.join_similarity;
    if (!v.empty()) {
      for (uint32_t c : index.Candidates(story::TopTerms(v, options.query_terms), kMaxCandidates)) {
        const StoryState& candidate = stories[c];
        if (!candidate.span.FitsWith(doc_span, options.time_window_seconds)) continue;
        const double cosine = Cosine(v, candidate.centroid, candidate.norm);
        if (cosine >= best_cosine && (best == UINT32_MAX || cosine > best_cosine)) {
          best = c;
          best_cosine = cosine;
        }
      }
    }
    if (best == UINT32_MAX) {
      best = static_cast<uint32_t>(stories.size());
      stories.emplace_back();
    }
    StoryState& st = stories[best];
    st.members.push_back(position);
    st.span.Add(t);
    if (!v.empty()) {
      UpdateCentroid(v, options.centroid_terms, &st);
      index.Post(best, st.centroid, &st.indexed);
    }
  }

  for (int round = 0; round < kMergeRounds; ++round) {
    if (!MergeRound(vocabulary_size, options, &stories)) break;
  }

  std::vector<Story> result;
  result.reserve(stories.size());
  for (StoryState& st : stories) {
    // The final centroid is recomputed from the members, so merge order leaves no trace.
    SparseVector centroid;
    for (uint32_t position : st.members) centroid = story::Add(centroid, vectors[position]);
    story::KeepTopTerms(options.centroid_terms, &centroid);
    const double norm = story::Norm(centroid);
    std::vector<std::pair<double, uint32_t>> ranked;  // (cosine, position)
    ranked.reserve(st.members.size());
    for (uint32_t position : st.members) {
      ranked.emplace_back(Cosine(vectors[position], centroid, norm), position);
    }
    std::sort(ranked.begin(), ranked.end(), [&](const auto& x, const auto& y) {
      if (x.first != y.first) return x.first > y.first;
      return originals[x.second] < originals[y.second];
    });
    Story out;
    out.members.reserve(ranked.size());
    for (const auto& [cosine, position] : ranked) out.members.push_back(originals[position]);
    out.headline_doc = out.members.front();
    for (uint32_t doc : out.members) {
      if (doc < docs.size() && !docs[doc].title.empty()) {
        out.headline_doc = doc;
        break;
      }
    }
    result.push_back(std::move(out));
  }
  // Largest first; equal sizes by their first document in input order.
  std::vector<std::pair<size_t, uint32_t>> keys;  // (size, smallest member), per story
  for (const Story& st : result) {
    keys.emplace_back(st.members.size(), *std::min_element(st.members.begin(), st.members.end()));
  }
  std::vector<uint32_t> rank(result.size());
  std::iota(rank.begin(), rank.end(), 0);
  std::sort(rank.begin(), rank.end(), [&](uint32_t a, uint32_t b) {
    if (keys[a].first != keys[b].first) return keys[a].first > keys[b].first;
    return keys[a].second < keys[b].second;
  });
  std::vector<Story> sorted;
  sorted.reserve(result.size());
  for (uint32_t i : rank) sorted.push_back(std::move(result[i]));
  return sorted;
}

}  // namespace storyline
