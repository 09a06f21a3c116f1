#include "story/clusterer.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace storyline::story {
namespace {

constexpr int kMergeRounds = 4;
// A story that loses a member is rebuilt from its members (at the next Reorganize) up to this
// size; a larger one has the member's vector subtracted at once.
constexpr size_t kRebuildUpTo = 32;
// Each local Reorganize sweeps posting lists (round robin), this many entries (and empty lists)
// per document added or removed since the last one: out go freed stories, and from long lists
// stories whose centroid has lost the list's term, so that the postings stay in proportion to
// the live stories at a cost per document that does not grow with the vocabulary. Short lists
// keep such stories: a document with an old rare term of a big story still finds it.
constexpr size_t kSweepPerChange = 64;
constexpr size_t kPruneAbove = 64;  // posting lists pruned of expired stories (streaming)
// Prune keys: a story is pruned when its key is below the horizon.
constexpr int64_t kDeadStory = INT64_MIN;
constexpr int64_t kUntimedStory = INT64_MAX;

double Cosine(const SparseVector& unit, const SparseVector& centroid, double centroid_norm) {
  return centroid_norm > 0 ? Dot(unit, centroid) / centroid_norm : 0;
}

// Dot products of one query with many vectors: the query is scattered into a dense array once,
// so each product is one pass over the other vector instead of a merge of two. Sums the same
// products in the same (term) order as Dot, so the results are identical.
class DenseQuery {
 public:
  DenseQuery(const SparseVector& query, std::vector<float>* dense) : query_(query), dense_(*dense) {
    if (!query.empty() && query.back().term >= dense_.size()) dense_.resize(query.back().term + 1);
    for (const TermWeight& t : query) dense_[t.term] = t.weight;
  }
  ~DenseQuery() {
    for (const TermWeight& t : query_) dense_[t.term] = 0;
  }
  DenseQuery(const DenseQuery&) = delete;
  DenseQuery& operator=(const DenseQuery&) = delete;

  double Dot(const SparseVector& v) const {
    double sum = 0;
    const size_t size = dense_.size();
    for (const TermWeight& t : v) {
      if (t.term < size) sum += static_cast<double>(dense_[t.term]) * t.weight;
    }
    return sum;
  }

 private:
  const SparseVector& query_;
  std::vector<float>& dense_;
};

// A copy without spare capacity: a centroid lives as long as its story, and the sums it is cut
// from have room for twice its terms.
SparseVector Compact(const SparseVector& v) { return SparseVector(v.begin(), v.end()); }

uint32_t Find(std::unordered_map<uint32_t, uint32_t>& parent, uint32_t x) {
  auto it = parent.find(x);
  while (it != parent.end() && it->second != x) {
    x = it->second;
    it = parent.find(x);
  }
  return x;
}

}  // namespace

void TimeSpan::Add(std::optional<UnixSeconds> t) {
  if (!t) return;
  first = first ? std::min(*first, *t) : *t;
  last = last ? std::max(*last, *t) : *t;
}

void TimeSpan::Add(const TimeSpan& other) {
  Add(other.first);
  Add(other.last);
}

bool TimeSpan::FitsWith(const TimeSpan& other, int64_t window) const {
  if (!first || !other.first) return true;
  return std::max(*last, *other.last) - std::min(*first, *other.first) <= window;
}

Clusterer::Clusterer(const StoryOptions& options, const TermStats* stats, bool prune_expired)
    : options_(options), stats_(stats), prune_expired_(prune_expired) {
  options_.max_postings = std::max<size_t>(options_.max_postings, 1);
}

uint32_t Clusterer::NewStory() {
  uint32_t s;
  if (!free_stories_.empty()) {
    s = free_stories_.back();
    free_stories_.pop_back();
  } else {
    s = static_cast<uint32_t>(stories_.size());
    stories_.emplace_back();
    scores_.push_back(0);
    prune_key_.push_back(kDeadStory);
  }
  StoryState& st = stories_[s];
  st = StoryState();
  st.id = next_story_id_++;
  st.live = true;
  prune_key_[s] = kUntimedStory;
  ++live_stories_;
  return s;
}

void Clusterer::UpdatePruneKey(uint32_t story) {
  const StoryState& st = stories_[story];
  prune_key_[story] = st.span.first ? *st.span.first : kUntimedStory;
}

void Clusterer::FreeStory(uint32_t story) {
  StoryState& st = stories_[story];
  // Postings of a freed story stay until trimmed; Candidates skips stories that are not live.
  st = StoryState();
  prune_key_[story] = kDeadStory;
  free_stories_.push_back(story);
  --live_stories_;
}

void Clusterer::MarkChanged(uint32_t story) {
  StoryState& st = stories_[story];
  if (st.changed) return;
  st.changed = true;
  changed_.push_back(story);
}

void Clusterer::Post(uint32_t story, const SparseVector* previous) {
  const StoryState& st = stories_[story];
  const size_t cap = options_.max_postings;
  size_t j = 0;
  for (const TermWeight& t : st.centroid) {
    if (previous) {
      while (j < previous->size() && (*previous)[j].term < t.term) ++j;
      if (j < previous->size() && (*previous)[j].term == t.term) continue;  // posted already
    }
    if (t.term >= postings_.size()) postings_.resize(t.term + 1);
    std::vector<uint32_t>& list = postings_[t.term];
    list.push_back(story);
    // Amortised trim: keep the newest `cap` once the list doubles.
    if (list.size() >= 2 * cap) list.erase(list.begin(), list.end() - static_cast<ptrdiff_t>(cap));
  }
}

void Clusterer::SweepPostings(size_t budget) {
  for (size_t spent = 0; spent < budget && !postings_.empty();) {
    if (sweep_next_ >= postings_.size()) sweep_next_ = 0;
    const TermId term = static_cast<TermId>(sweep_next_++);
    std::vector<uint32_t>& list = postings_[term];
    spent += 1 + list.size();
    const bool long_list = list.size() > kPruneAbove;
    std::erase_if(list, [&](uint32_t s) {
      if (prune_key_[s] == kDeadStory) return true;
      if (!long_list) return false;
      const SparseVector& centroid = stories_[s].centroid;
      return !std::binary_search(centroid.begin(), centroid.end(), TermWeight{term, 0},
                                 [](const TermWeight& x, const TermWeight& y) {
                                   return x.term < y.term;
                                 });
    });
    if (list.capacity() > 2 * list.size() + 8) list.shrink_to_fit();
  }
}

void Clusterer::ForgetTerms(const std::vector<TermId>& terms) {
  for (TermId term : terms) {
    if (term >= postings_.size()) continue;
    for (uint32_t s : postings_[term]) {
      StoryState& st = stories_[s];
      if (!st.live) continue;
      auto it = std::lower_bound(st.centroid.begin(), st.centroid.end(), TermWeight{term, 0},
                                 [](const TermWeight& x, const TermWeight& y) {
                                   return x.term < y.term;
                                 });
      if (it == st.centroid.end() || it->term != term) continue;
      st.centroid.erase(it);
      st.norm = Norm(st.centroid);
    }
    std::vector<uint32_t>().swap(postings_[term]);
  }
}

void Clusterer::RebuildIndex() {
  for (std::vector<uint32_t>& list : postings_) list.clear();
  for (uint32_t s = 0; s < stories_.size(); ++s) {
    if (!stories_[s].live) continue;
    Post(s, nullptr);
  }
}

std::vector<uint32_t> Clusterer::Candidates(const SparseVector& unit, const TimeSpan& span,
                                            uint32_t exclude, size_t incoming) {
  touched_.clear();
  const size_t cap = options_.max_postings;
  // Streaming: in lists longer than kPruneAbove, stories that can no longer take a timed
  // document (their first document is more than the window older than the newest one) and
  // freed stories leave the list as it is read, so a lookup reads only stories of the recent
  // past however long the stream has run. Short lists (rare terms: names, places) keep old
  // stories, which a document without a publication time may still join, as in the batch.
  const bool may_prune = prune_expired_ && latest_.has_value();
  const int64_t horizon = may_prune ? *latest_ - options_.time_window_seconds : 0;
  for (const TermWeight& t : TopTerms(unit, options_.query_terms)) {
    if (t.term >= postings_.size()) continue;
    std::vector<uint32_t>& list = postings_[t.term];
    const bool prune = may_prune && list.size() > kPruneAbove;
    const size_t begin = list.size() > cap ? list.size() - cap : 0;
    size_t kept = begin;
    for (size_t i = begin; i < list.size(); ++i) {
      const uint32_t s = list[i];
      if (prune) {
        if (prune_key_[s] < horizon) continue;
        list[kept++] = s;
      }
      if (s == exclude) continue;
      float& score = scores_[s];
      if (score < 0) continue;  // seen, and cannot take the document
      if (score == 0) {
        touched_.push_back(s);
        const StoryState& st = stories_[s];
        if (!st.live || !st.span.FitsWith(span, options_.time_window_seconds) ||
            (options_.max_story_size > 0 &&
             st.members.size() + incoming > options_.max_story_size)) {
          score = -1;
          continue;
        }
      }
      score += t.weight;
    }
    if (prune) list.resize(kept);
  }
  // Drop the stories marked as unfit.
  size_t kept = 0;
  for (uint32_t s : touched_) {
    if (scores_[s] < 0) {
      scores_[s] = 0;
    } else {
      touched_[kept++] = s;
    }
  }
  touched_.resize(kept);
  auto better = [this](uint32_t a, uint32_t b) {
    return scores_[a] != scores_[b] ? scores_[a] > scores_[b] : a < b;
  };
  const size_t limit = std::max<size_t>(options_.max_candidates, 1);
  if (touched_.size() > limit) {
    std::nth_element(touched_.begin(), touched_.begin() + limit, touched_.end(), better);
    for (size_t i = limit; i < touched_.size(); ++i) scores_[touched_[i]] = 0;
    touched_.resize(limit);
  }
  std::sort(touched_.begin(), touched_.end(), better);
  for (uint32_t s : touched_) scores_[s] = 0;
  return touched_;
}

SparseVector Clusterer::UnitVector(uint32_t doc) const {
  return WeightTerms(docs_[doc].raw, *stats_, options_.centroid_terms);
}

void Clusterer::RebuildCentroid(uint32_t story) {
  StoryState& st = stories_[story];
  SparseVector sum;
  st.span = TimeSpan();
  for (uint32_t m : st.members) {
    sum = story::Add(sum, UnitVector(m));
    st.span.Add(docs_[m].published);
  }
  UpdatePruneKey(story);
  KeepTopTerms(options_.centroid_terms, &sum);
  const SparseVector previous = std::exchange(st.centroid, Compact(sum));
  st.norm = Norm(st.centroid);
  Post(story, &previous);
}

uint32_t Clusterer::Add(uint32_t doc, SparseVector raw, const SparseVector& unit,
                        std::optional<UnixSeconds> published) {
  if (doc >= docs_.size()) docs_.resize(doc + 1);
  DocEntry& entry = docs_[doc];
  entry.raw = std::move(raw);
  entry.published = published;
  if (published && (!latest_ || *published > *latest_)) latest_ = published;
  TimeSpan doc_span;
  doc_span.Add(published);

  uint32_t best = kNoStory;
  double best_cosine = options_.join_similarity;
  if (!unit.empty()) {
    const DenseQuery query(unit, &dense_);
    for (uint32_t c : Candidates(unit, doc_span, kNoStory, 1)) {
      const StoryState& candidate = stories_[c];
      const double cosine = candidate.norm > 0 ? query.Dot(candidate.centroid) / candidate.norm : 0;
      if (cosine >= best_cosine && (best == kNoStory || cosine > best_cosine)) {
        best = c;
        best_cosine = cosine;
      }
    }
  }
  if (best == kNoStory) best = NewStory();
  StoryState& st = stories_[best];
  st.members.push_back(doc);
  st.span.Add(published);
  UpdatePruneKey(best);
  if (!unit.empty()) {
    SparseVector sum = story::Add(st.centroid, unit);
    KeepTopTerms(options_.centroid_terms, &sum);
    const SparseVector previous = std::exchange(st.centroid, Compact(sum));
    st.norm = Norm(st.centroid);
    Post(best, &previous);
  }
  MarkChanged(best);
  entry.story = best;
  ++live_documents_;
  ++changes_since_sweep_;
  return best;
}

bool Clusterer::Remove(uint32_t doc, SparseVector* raw) {
  if (doc >= docs_.size() || docs_[doc].story == kNoStory) return false;
  DocEntry& entry = docs_[doc];
  const uint32_t story = entry.story;
  StoryState& st = stories_[story];
  st.members.erase(std::find(st.members.begin(), st.members.end(), doc));
  if (st.members.size() > kRebuildUpTo) {
    // A large story: subtracting the member is O(terms), where a rebuild is O(members * terms).
    // The centroid is a truncated sum weighed when the member joined, so this is approximate:
    // terms that fall to zero or below leave it.
    st.centroid = Subtract(st.centroid, UnitVector(doc));
    st.norm = Norm(st.centroid);
    MarkChanged(story);
  }
  if (raw) *raw = std::move(entry.raw);
  entry = DocEntry();
  --live_documents_;
  ++changes_since_sweep_;
  if (st.members.empty()) {
    FreeStory(story);
  } else if (st.members.size() <= kRebuildUpTo) {
    st.stale = true;
    MarkChanged(story);
  }
  return true;
}

void Clusterer::Merge(uint32_t root, uint32_t child) {
  StoryState& from = stories_[child];
  StoryState& to = stories_[root];
  for (uint32_t m : from.members) docs_[m].story = root;
  to.members.insert(to.members.end(), from.members.begin(), from.members.end());
  to.centroid = story::Add(to.centroid, from.centroid);
  to.span.Add(from.span);
  UpdatePruneKey(root);
  to.stale = to.stale || from.stale;
  FreeStory(child);
}

bool Clusterer::MergeRound(const std::vector<uint32_t>& stories) {
  std::vector<std::tuple<double, uint32_t, uint32_t>> pairs;
  for (uint32_t s : stories) {
    const StoryState& st = stories_[s];
    if (!st.live || st.norm <= 0) continue;
    const DenseQuery query(st.centroid, &dense_);
    for (uint32_t c : Candidates(st.centroid, st.span, s, st.members.size())) {
      // Candidate lists are not symmetric (caps, ranking), so a pair may come up from either
      // side or both; a repeat is harmless to union-find.
      const StoryState& other = stories_[c];
      if (other.norm <= 0) continue;
      const double cosine = query.Dot(other.centroid) / (st.norm * other.norm);
      if (cosine >= options_.merge_similarity) {
        pairs.emplace_back(cosine, std::min(s, c), std::max(s, c));
      }
    }
  }
  if (pairs.empty()) return false;
  std::sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) {
    return std::get<0>(x) != std::get<0>(y) ? std::get<0>(x) > std::get<0>(y) : x < y;
  });

  // Union-find over the stories of the pairs; a set's root is its largest story (ties: the
  // lower slot), so that a merge keeps the id of the story most readers have seen.
  std::unordered_map<uint32_t, uint32_t> parent;
  std::unordered_map<uint32_t, std::pair<size_t, TimeSpan>> sets;  // root -> (members, span)
  for (const auto& [cosine, a, b] : pairs) {
    for (uint32_t s : {a, b}) {
      if (parent.try_emplace(s, s).second) {
        sets[s] = {stories_[s].members.size(), stories_[s].span};
      }
    }
  }
  bool merged = false;
  for (const auto& [cosine, a, b] : pairs) {
    const uint32_t ra = Find(parent, a), rb = Find(parent, b);
    if (ra == rb || !sets[ra].second.FitsWith(sets[rb].second, options_.time_window_seconds) ||
        (options_.max_story_size > 0 &&
         sets[ra].first + sets[rb].first > options_.max_story_size)) {
      continue;
    }
    const bool a_root =
        sets[ra].first != sets[rb].first ? sets[ra].first > sets[rb].first : ra < rb;
    const uint32_t root = a_root ? ra : rb, child = a_root ? rb : ra;
    parent[child] = root;
    sets[root].first += sets[child].first;
    sets[root].second.Add(sets[child].second);
    merged = true;
  }
  if (!merged) return false;

  // Children in slot order, so that the summed centroid does not depend on the pair order.
  std::vector<std::pair<uint32_t, uint32_t>> joins;  // (root, child)
  for (const auto& [s, p] : parent) {
    const uint32_t root = Find(parent, s);
    if (root != s) joins.emplace_back(root, s);
  }
  std::sort(joins.begin(), joins.end());
  std::map<uint32_t, SparseVector> previous;  // root -> centroid before the merge
  for (const auto& [root, child] : joins) {
    if (!previous.count(root)) previous[root] = stories_[root].centroid;
    Merge(root, child);
  }
  for (auto& [root, before] : previous) {
    StoryState& st = stories_[root];
    KeepTopTerms(options_.centroid_terms, &st.centroid);
    st.centroid = Compact(st.centroid);
    st.norm = Norm(st.centroid);
    Post(root, &before);
    MarkChanged(root);
  }
  return true;
}

bool Clusterer::Reorganize(bool all) {
  std::vector<uint32_t> stories;
  bool merged = false;
  if (all) {
    for (uint32_t s = 0; s < stories_.size(); ++s) {
      if (stories_[s].live && stories_[s].stale) RebuildCentroid(s);
      stories_[s].stale = false;
    }
    for (int round = 0; round < kMergeRounds; ++round) {
      RebuildIndex();
      stories.clear();
      for (uint32_t s = 0; s < stories_.size(); ++s) {
        if (stories_[s].live) stories.push_back(s);
      }
      if (!MergeRound(stories)) break;
      merged = true;
    }
    for (uint32_t s : changed_) stories_[s].changed = false;
    changed_.clear();
    return merged;
  }
  SweepPostings(kSweepPerChange * changes_since_sweep_);
  changes_since_sweep_ = 0;
  stories.swap(changed_);
  size_t kept = 0;
  for (uint32_t s : stories) {
    StoryState& st = stories_[s];
    st.changed = false;
    if (!st.live) continue;
    if (st.stale) RebuildCentroid(s);
    st.stale = false;
    stories[kept++] = s;
  }
  stories.resize(kept);
  // Roots that merge are marked changed again, so the next call looks at them once more.
  return MergeRound(stories);
}

std::vector<StorySnapshot> Clusterer::Snapshot() const {
  std::vector<StorySnapshot> out;
  out.reserve(live_stories_);
  // The centroid is rebuilt from the members, so merge order leaves no trace. It is summed in a
  // dense array, each term's weights in member order as story::Add sums them (the same floats),
  // instead of merging the growing centroid with every member.
  std::vector<float> sum(stats_->vocabulary_size(), 0);
  std::vector<char> in_sum(stats_->vocabulary_size(), 0);
  const std::vector<double> idf = stats_->IdfTable();
  std::vector<TermId> terms;
  for (const StoryState& st : stories_) {
    if (!st.live) continue;
    std::vector<SparseVector> units;
    units.reserve(st.members.size());
    for (uint32_t m : st.members) {
      units.push_back(WeightTerms(docs_[m].raw, idf, options_.centroid_terms));
      for (const TermWeight& t : units.back()) {
        if (!in_sum[t.term]) {
          in_sum[t.term] = 1;
          terms.push_back(t.term);
        }
        sum[t.term] += t.weight;
      }
    }
    SparseVector centroid;
    centroid.reserve(terms.size());
    for (TermId t : terms) {
      centroid.push_back({t, sum[t]});
      sum[t] = 0;
      in_sum[t] = 0;
    }
    terms.clear();
    // KeepTopTerms sorts the terms it keeps (the same ones in any order); a centroid it leaves
    // whole is sorted here.
    if (centroid.size() <= options_.centroid_terms) {
      std::sort(centroid.begin(), centroid.end(),
                [](const TermWeight& x, const TermWeight& y) { return x.term < y.term; });
    }
    KeepTopTerms(options_.centroid_terms, &centroid);
    const double norm = Norm(centroid);
    StorySnapshot snapshot;
    snapshot.id = st.id;
    for (size_t i = 0; i < st.members.size(); ++i) {
      snapshot.members.emplace_back(st.members[i], Cosine(units[i], centroid, norm));
    }
    std::sort(snapshot.members.begin(), snapshot.members.end(),
              [](const auto& x, const auto& y) {
                return x.second != y.second ? x.second > y.second : x.first < y.first;
              });
    out.push_back(std::move(snapshot));
  }
  return out;
}

size_t Clusterer::MemoryBytes() const {
  size_t bytes = docs_.capacity() * sizeof(DocEntry) + stories_.capacity() * sizeof(StoryState);
  for (const DocEntry& d : docs_) bytes += d.raw.capacity() * sizeof(TermWeight);
  for (const StoryState& st : stories_) {
    bytes += st.centroid.capacity() * sizeof(TermWeight) +
             st.members.capacity() * sizeof(uint32_t);
  }
  bytes += postings_.capacity() * sizeof(std::vector<uint32_t>);
  for (const std::vector<uint32_t>& list : postings_) bytes += list.capacity() * sizeof(uint32_t);
  bytes += (scores_.capacity() + touched_.capacity() + free_stories_.capacity() +
            changed_.capacity() + dense_.capacity()) *
           sizeof(uint32_t);
  bytes += prune_key_.capacity() * sizeof(int64_t);
  return bytes;
}

}  // namespace storyline::story
