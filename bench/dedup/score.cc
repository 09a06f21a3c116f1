// Scoring (see score.h). All pair counts come from per-group tallies: a predicted group of m
// documents holds C(m, 2) pairs, and the pairs that involve one of t marked members number
// C(m, 2) - C(m - t, 2), so nothing is quadratic in the corpus size.
#include "score.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <unordered_map>

namespace storyline::dedup_bench {
namespace {

uint64_t Pairs(uint64_t n) { return n < 2 ? 0 : n * (n - 1) / 2; }

double Ratio(uint64_t num, uint64_t den, double empty) {
  return den == 0 ? empty : static_cast<double>(num) / static_cast<double>(den);
}

double HarmonicMean(double p, double r) { return p + r == 0 ? 0 : 2 * p * r / (p + r); }

// The relations a copy should get against its own source where the transformation decides it
// (storyline reports the strongest that holds: exact > near > partial > rewrite). Light spinning
// leaves it open: near, partial or rewrite, depending on which word runs survive.
std::vector<std::string> ExpectedRelations(Transform t, double rate) {
  switch (t) {
    case Transform::kExact:
    case Transform::kWrapped:
      return {"exact"};
    case Transform::kNear:
      return {"near"};
    case Transform::kTruncation:  // Jaccard = the share kept: 0.5-0.8
    case Transform::kReorder:
    case Transform::kTypos:
      return {"near", "partial"};
    case Transform::kPartial:
      return {"partial"};
    case Transform::kSpin:
      return rate >= 0.5 ? std::vector<std::string>{"rewrite"} : std::vector<std::string>{};
    default:
      return {};
  }
}

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  size_t Find(size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<size_t> parent_;
};

}  // namespace

double VariantScore::Precision() const {
  return Ratio(correct_predicted_pairs, predicted_pairs, 1.0);
}
double VariantScore::Recall() const { return Ratio(found_pairs, gold_pairs, 1.0); }
double VariantScore::F1() const { return HarmonicMean(Precision(), Recall()); }

std::optional<double> VariantScore::RelationAccuracy() const {
  size_t linked = 0, expected = 0;
  for (const auto& [relation, k] : relations) {
    linked += k;
    if (std::find(expected_relations.begin(), expected_relations.end(), relation) !=
        expected_relations.end()) {
      expected += k;
    }
  }
  if (expected_relations.empty() || linked == 0) return std::nullopt;
  return Ratio(expected, linked, 0);
}

Status ReadDedupOutput(const std::string& path, std::vector<DedupRecord>* records) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open " + path);
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    auto error = [&](const std::string& what) {
      return Status::Corruption(path + ":" + std::to_string(line_no) + ": " + what);
    };
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return error("not a JSON object");
    if (!j.contains("doc") || !j["doc"].is_string()) return error("no `doc`");
    DedupRecord r;
    r.doc = j["doc"].get<std::string>();
    if (j.contains("rejected")) {
      r.rejected =
          j["rejected"].is_string() ? j["rejected"].get<std::string>() : j["rejected"].dump();
      if (r.rejected.empty()) r.rejected = "rejected";
    } else {
      if (!j.contains("relation") || !j["relation"].is_string()) return error("no `relation`");
      r.relation = j["relation"].get<std::string>();
      if (j.contains("group") && j["group"].is_string()) r.group = j["group"].get<std::string>();
      if (j.contains("original") && j["original"].is_string()) {
        r.original = j["original"].get<std::string>();
      }
      if (j.contains("similarity") && j["similarity"].is_number()) {
        r.similarity = j["similarity"].get<double>();
      }
    }
    records->push_back(std::move(r));
  }
  return Status::Ok();
}

Status ReadOverlaps(const std::string& path, std::vector<SourceOverlap>* overlaps) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open " + path);
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line_no == 1 || line.empty()) continue;  // header
    std::vector<std::string> f = SplitTabs(line);
    char* end = nullptr;
    double containment = f.size() >= 3 ? std::strtod(f[2].c_str(), &end) : 0;
    if (f.size() < 3 || end == f[2].c_str()) {
      return Status::Corruption(path + ":" + std::to_string(line_no) +
                                ": expected a, b, containment");
    }
    overlaps->push_back({f[0], f[1], containment});
  }
  return Status::Ok();
}

Status ScoreDedup(const std::vector<LabelRow>& labels, const std::vector<DedupRecord>& output,
                  const ScoreOptions& options, ScoreReport* report) {
  *report = ScoreReport();
  const size_t n = labels.size();
  std::unordered_map<std::string, size_t> index;
  index.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (!index.emplace(labels[i].id, i).second) {
      return Status::InvalidArgument("labels: duplicate id " + labels[i].id);
    }
  }

  // The output, matched to the labels, each document once.
  std::vector<const DedupRecord*> record(n, nullptr);
  std::vector<size_t> order;  // label indices in output order
  order.reserve(n);
  for (const DedupRecord& r : output) {
    auto it = index.find(r.doc);
    if (it == index.end()) {
      return Status::InvalidArgument("dedup output: document " + r.doc + " is not in the labels");
    }
    if (record[it->second] != nullptr) {
      return Status::InvalidArgument("dedup output: document " + r.doc + " appears twice");
    }
    record[it->second] = &r;
    order.push_back(it->second);
  }
  size_t missing = 0;
  std::string missing_ids;
  for (size_t i = 0; i < n; ++i) {
    if (record[i] != nullptr) continue;
    if (++missing <= 5) missing_ids += (missing_ids.empty() ? "" : ", ") + labels[i].id;
  }
  if (missing > 0) {
    return Status::InvalidArgument("dedup output lacks " + std::to_string(missing) +
                                   " labelled documents (" + missing_ids +
                                   (missing > 5 ? ", ..." : "") + ")");
  }

  // Predicted groups, numbered in output order; unique and rejected documents alone.
  std::vector<size_t> pred(n);
  std::vector<std::vector<size_t>> groups;
  std::unordered_map<std::string, size_t> group_index;
  for (size_t i : order) {
    const DedupRecord& r = *record[i];
    if (!r.rejected.empty()) ++report->rejected;
    if (r.group.empty()) {
      pred[i] = groups.size();
      groups.push_back({i});
      continue;
    }
    auto [it, added] = group_index.try_emplace(r.group, groups.size());
    if (added) groups.emplace_back();
    pred[i] = it->second;
    groups[it->second].push_back(i);
  }

  // Gold groups: the source's original, merged along the overlaps at the threshold.
  std::vector<size_t> original_of(n);
  for (size_t i = 0; i < n; ++i) {
    auto it = index.find(labels[i].source);
    if (it == index.end() || labels[it->second].transform != Transform::kOriginal) {
      return Status::InvalidArgument("labels: source " + labels[i].source + " of " + labels[i].id +
                                     " has no original row");
    }
    original_of[i] = it->second;
  }
  UnionFind sources(n);
  std::unordered_map<std::string, double> overlap_of;  // "a\tb" -> containment, both orders
  report->overlaps_given = !options.overlaps.empty();
  for (const SourceOverlap& o : options.overlaps) {
    overlap_of[o.a + "\t" + o.b] = overlap_of[o.b + "\t" + o.a] = o.containment;
    if (o.containment < options.overlap_threshold) continue;
    auto a = index.find(o.a), b = index.find(o.b);
    if (a == index.end() || b == index.end()) continue;
    sources.Union(a->second, b->second);
    ++report->merged_source_pairs;
  }
  std::vector<size_t> gold(n);
  for (size_t i = 0; i < n; ++i) gold[i] = sources.Find(original_of[i]);

  // Rows: the variants present, originals first.
  std::map<std::pair<Transform, double>, size_t> row_of;
  for (const LabelRow& l : labels) row_of.try_emplace({l.transform, l.rate}, 0);
  row_of.try_emplace({Transform::kOriginal, 0.0}, 0);
  for (auto& [key, row] : row_of) {
    row = report->variants.size();
    VariantScore v;
    v.transform = key.first;
    v.rate = key.second;
    v.expected_relations = ExpectedRelations(key.first, key.second);
    report->variants.push_back(std::move(v));
  }
  std::vector<size_t> row(n);
  for (size_t i = 0; i < n; ++i) {
    row[i] = row_of.at({labels[i].transform, labels[i].rate});
    VariantScore& v = report->variants[row[i]];
    ++v.documents;
    if (labels[i].transform == Transform::kOriginal) {
      ++report->originals;
      continue;
    }
    ++report->copies;
    ++v.gold_pairs;
    if (pred[i] == pred[original_of[i]]) {
      ++v.found_pairs;
      if (record[i]->original == labels[i].source) {
        ++v.relations[record[i]->relation];
      } else {
        ++v.linked_elsewhere;
      }
    } else if (v.missed.size() < options.max_examples) {
      v.missed.push_back(labels[i].id);
    }
  }
  VariantScore& originals_row = report->variants[row_of.at({Transform::kOriginal, 0.0})];

  auto story_of = [&](size_t i) { return labels[i].dataset + "/" + labels[i].story; };

  // Gold-side tallies over the whole corpus.
  std::unordered_map<size_t, uint64_t> gold_size;
  std::unordered_map<std::string, uint64_t> originals_by_story;
  std::map<std::pair<std::string, size_t>, uint64_t> originals_by_story_gold;
  std::unordered_map<size_t, uint64_t> originals_by_gold;
  for (size_t i = 0; i < n; ++i) {
    ++gold_size[gold[i]];
    if (labels[i].transform != Transform::kOriginal) continue;
    ++originals_by_story[story_of(i)];
    ++originals_by_story_gold[{story_of(i), gold[i]}];
    ++originals_by_gold[gold[i]];
  }
  for (const auto& [g, size] : gold_size) report->gold_pairs += Pairs(size);
  for (const auto& [g, k] : originals_by_gold) originals_row.gold_pairs += Pairs(k);
  for (const auto& [s, k] : originals_by_story) report->same_story_original_pairs += Pairs(k);
  for (const auto& [sg, k] : originals_by_story_gold) report->same_story_original_pairs -= Pairs(k);

  // Predicted-side tallies, group by group.
  double sum_pred = 0, sum_gold = 0, index_sum = 0;
  for (const auto& [g, size] : gold_size) sum_gold += static_cast<double>(Pairs(size));
  for (const std::vector<size_t>& members : groups) {
    const uint64_t m = members.size();
    sum_pred += static_cast<double>(Pairs(m));
    if (m < 2) continue;
    report->predicted_pairs += Pairs(m);
    std::map<size_t, uint64_t> by_gold, originals_by_gold_here;
    std::map<size_t, uint64_t> by_row;
    std::map<std::pair<size_t, size_t>, uint64_t> by_gold_row;
    std::map<std::string, uint64_t> originals_by_story_here;
    std::map<std::pair<std::string, size_t>, uint64_t> originals_by_story_gold_here;
    uint64_t originals = 0;
    for (size_t i : members) {
      ++by_gold[gold[i]];
      if (labels[i].transform == Transform::kOriginal) {
        ++originals;
        ++originals_by_gold_here[gold[i]];
        ++originals_by_story_here[story_of(i)];
        ++originals_by_story_gold_here[{story_of(i), gold[i]}];
      } else {
        ++by_row[row[i]];
        ++by_gold_row[{gold[i], row[i]}];
      }
    }
    for (const auto& [g, k] : by_gold) {
      report->correct_pairs += Pairs(k);
      index_sum += static_cast<double>(Pairs(k));
    }
    for (const auto& [r, t] : by_row) {
      report->variants[r].predicted_pairs += Pairs(m) - Pairs(m - t);
    }
    for (const auto& [gr, t] : by_gold_row) {
      uint64_t k = by_gold[gr.first];
      report->variants[gr.second].correct_predicted_pairs += Pairs(k) - Pairs(k - t);
    }
    originals_row.predicted_pairs += Pairs(originals);
    uint64_t same_gold = 0, same_story = 0, same_story_gold = 0;
    for (const auto& [g, k] : originals_by_gold_here) same_gold += Pairs(k);
    for (const auto& [s, k] : originals_by_story_here) same_story += Pairs(k);
    for (const auto& [sg, k] : originals_by_story_gold_here) same_story_gold += Pairs(k);
    originals_row.correct_predicted_pairs += same_gold;
    originals_row.found_pairs += same_gold;
    report->false_copy_pairs += same_story - same_story_gold;
    report->cross_story_false_pairs += Pairs(originals) - same_story - same_gold + same_story_gold;

    // The first false pairs, in output order.
    if (same_story > same_story_gold && report->false_pairs.size() < options.max_examples) {
      for (size_t x = 0; x < members.size(); ++x) {
        for (size_t y = x + 1; y < members.size(); ++y) {
          size_t a = members[x], b = members[y];
          if (labels[a].transform != Transform::kOriginal ||
              labels[b].transform != Transform::kOriginal || gold[a] == gold[b] ||
              story_of(a) != story_of(b) || report->false_pairs.size() >= options.max_examples) {
            continue;
          }
          auto it = overlap_of.find(labels[a].id + "\t" + labels[b].id);
          report->false_pairs.push_back(
              {record[a], record[b], story_of(a), it == overlap_of.end() ? 0.0 : it->second});
        }
      }
    }
  }

  report->documents = n;
  report->precision = Ratio(report->correct_pairs, report->predicted_pairs, 1.0);
  report->recall = Ratio(report->correct_pairs, report->gold_pairs, 1.0);
  report->f1 = HarmonicMean(report->precision, report->recall);
  double all_pairs = static_cast<double>(Pairs(n));
  double expected = all_pairs == 0 ? 0 : sum_pred * sum_gold / all_pairs;
  double max_index = (sum_pred + sum_gold) / 2;
  report->ari = max_index - expected != 0 ? (index_sum - expected) / (max_index - expected) : 1.0;
  report->false_copy_rate = Ratio(report->false_copy_pairs, report->same_story_original_pairs, 0.0);
  return Status::Ok();
}

namespace {

std::string VariantLabel(const VariantScore& v) {
  std::string name(TransformName(v.transform));
  if (v.rate > 0) name += " " + FormatRate(v.rate * 100) + "%";
  return name;
}

std::string Describe(const DedupRecord& r) {
  if (!r.rejected.empty()) return r.doc + " (rejected)";
  char similarity[32];
  std::snprintf(similarity, sizeof similarity, " %.3f", r.similarity);
  return r.doc + " (" + r.relation + (r.relation == "original" ? "" : similarity) + ")";
}

}  // namespace

std::string FormatReport(const ScoreReport& r) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line,
                "%zu documents: %zu originals, %zu copies; %zu rejected by storyline\n",
                r.documents, r.originals, r.copies, r.rejected);
  out += line;
  if (r.merged_source_pairs > 0) {
    std::snprintf(line, sizeof line,
                  "gold: same source; %zu pairs of sources with verbatim overlap merged as real "
                  "copies\n",
                  r.merged_source_pairs);
    out += line;
  }
  out += "\n";
  std::snprintf(line, sizeof line, "%-12s %6s %6s %8s %9s %6s %6s  %5s %5s %7s %7s %9s %7s\n",
                "variant", "docs", "gold", "pred", "precision", "recall", "F1", "exact", "near",
                "partial", "rewrite", "elsewhere", "rel.acc");
  out += line;
  for (const VariantScore& v : r.variants) {
    auto count = [&](const char* rel) {
      auto it = v.relations.find(rel);
      return it == v.relations.end() ? size_t{0} : it->second;
    };
    std::string accuracy = "-";
    if (auto a = v.RelationAccuracy()) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3f", *a);
      accuracy = buf;
    }
    bool originals = v.transform == Transform::kOriginal;
    std::snprintf(
        line, sizeof line, "%-12s %6zu %6llu %8llu %9.4f %6.4f %6.4f  %5s %5s %7s %7s %9s %7s\n",
        VariantLabel(v).c_str(), v.documents, static_cast<unsigned long long>(v.gold_pairs),
        static_cast<unsigned long long>(v.predicted_pairs), v.Precision(), v.Recall(), v.F1(),
        originals ? "" : std::to_string(count("exact")).c_str(),
        originals ? "" : std::to_string(count("near")).c_str(),
        originals ? "" : std::to_string(count("partial")).c_str(),
        originals ? "" : std::to_string(count("rewrite")).c_str(),
        originals ? "" : std::to_string(v.linked_elsewhere).c_str(), accuracy.c_str());
    out += line;
  }
  out +=
      "\ngold: (original, copy) pairs; pred: predicted pairs with a copy of the row (for "
      "`original`: pairs of two originals).\nexact..rewrite: relation reported for the copies "
      "found whose group's original is their source; elsewhere: found\nin a group whose "
      "original is another document; rel.acc: share of the former with the expected relation "
      "(exact,\nwrapped: exact; near: near; truncation, reorder, typos: near or partial; "
      "partial: partial; spin 50%: rewrite).\n\n";
  std::snprintf(line, sizeof line,
                "overall pairwise: precision %.4f  recall %.4f  F1 %.4f  (gold pairs %llu, "
                "predicted %llu, correct %llu)\nARI %.4f\n",
                r.precision, r.recall, r.f1, static_cast<unsigned long long>(r.gold_pairs),
                static_cast<unsigned long long>(r.predicted_pairs),
                static_cast<unsigned long long>(r.correct_pairs), r.ari);
  out += line;
  std::snprintf(line, sizeof line,
                "different-outlet false copies: %llu of %llu same-story original pairs = %.3f%% "
                "(target < 0.5%%)\ncross-story false pairs: %llu\n",
                static_cast<unsigned long long>(r.false_copy_pairs),
                static_cast<unsigned long long>(r.same_story_original_pairs),
                100 * r.false_copy_rate,
                static_cast<unsigned long long>(r.cross_story_false_pairs));
  out += line;
  for (const FalsePair& p : r.false_pairs) {
    std::snprintf(line, sizeof line, "  [%s] group %s: %s ~ %s", p.story.c_str(),
                  p.a->group.c_str(), Describe(*p.a).c_str(), Describe(*p.b).c_str());
    out += line;
    if (r.overlaps_given) {
      std::snprintf(line, sizeof line, "; source 5-gram overlap %.2f", p.source_overlap);
      out += line;
    }
    out += "\n";
  }
  bool any_missed = false;
  for (const VariantScore& v : r.variants) {
    if (v.missed.empty()) continue;
    if (!any_missed) out += "missed copies (first few per variant):\n";
    any_missed = true;
    out += "  " + VariantLabel(v) + ":";
    for (const std::string& id : v.missed) out += " " + id;
    out += "\n";
  }
  return out;
}

std::string ReportJson(const ScoreReport& r) {
  nlohmann::ordered_json j;
  j["documents"] = r.documents;
  j["originals"] = r.originals;
  j["copies"] = r.copies;
  j["rejected"] = r.rejected;
  j["merged_source_pairs"] = r.merged_source_pairs;
  nlohmann::ordered_json variants = nlohmann::ordered_json::array();
  for (const VariantScore& v : r.variants) {
    nlohmann::ordered_json x;
    x["transform"] = std::string(TransformName(v.transform));
    x["rate"] = v.rate;
    x["documents"] = v.documents;
    x["gold_pairs"] = v.gold_pairs;
    x["found_pairs"] = v.found_pairs;
    x["predicted_pairs"] = v.predicted_pairs;
    x["correct_predicted_pairs"] = v.correct_predicted_pairs;
    x["precision"] = v.Precision();
    x["recall"] = v.Recall();
    x["f1"] = v.F1();
    x["relations"] = v.relations;
    x["linked_elsewhere"] = v.linked_elsewhere;
    if (auto a = v.RelationAccuracy()) {
      x["expected_relations"] = v.expected_relations;
      x["relation_accuracy"] = *a;
    }
    x["missed"] = v.missed;
    variants.push_back(std::move(x));
  }
  j["variants"] = std::move(variants);
  j["overall"] = {{"precision", r.precision},
                  {"recall", r.recall},
                  {"f1", r.f1},
                  {"ari", r.ari},
                  {"gold_pairs", r.gold_pairs},
                  {"predicted_pairs", r.predicted_pairs},
                  {"correct_pairs", r.correct_pairs}};
  nlohmann::ordered_json false_pairs = nlohmann::ordered_json::array();
  for (const FalsePair& p : r.false_pairs) {
    false_pairs.push_back({{"story", p.story},
                           {"group", p.a->group},
                           {"a", p.a->doc},
                           {"a_relation", p.a->relation},
                           {"b", p.b->doc},
                           {"b_relation", p.b->relation},
                           {"b_similarity", p.b->similarity},
                           {"source_overlap", p.source_overlap}});
  }
  j["false_copies"] = {{"same_story_original_pairs", r.same_story_original_pairs},
                       {"false_pairs", r.false_copy_pairs},
                       {"rate", r.false_copy_rate},
                       {"cross_story_false_pairs", r.cross_story_false_pairs},
                       {"examples", std::move(false_pairs)}};
  return j.dump(2) + "\n";
}

}  // namespace storyline::dedup_bench
