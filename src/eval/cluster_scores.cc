// Clustering scores from the contingency table.
//
// With n items, cell n_pg = items in predicted cluster p and gold cluster g, row sums a_p and
// column sums b_g:
//   B-cubed precision = (1/n) sum_pg n_pg^2 / a_p,  recall = (1/n) sum_pg n_pg^2 / b_g
//     (each item's precision is |its predicted cluster ∩ its gold cluster| / |its predicted
//     cluster|; the n_pg items of a cell share that value);
//   ARI = (sum C(n_pg,2) - E) / ((sum C(a_p,2) + sum C(b_g,2)) / 2 - E),
//     E = sum C(a_p,2) * sum C(b_g,2) / C(n,2);
//   NMI = I(P;G) / ((H(P) + H(G)) / 2).
// Everything is one pass over the items and one over the non-zero cells.
//
// The error analysis reads the same table by rows (over-merged predicted clusters: a row's items
// outside its largest cell) and by columns (split gold clusters); only the rows shown are sorted.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storyline/eval.h"

namespace storyline {
namespace {

// Dense ids for the distinct labels, in first-seen order; `names`, when not null, receives the
// label of each id.
std::vector<uint32_t> LabelIds(const std::vector<std::string>& labels, size_t count,
                               size_t* distinct, std::vector<std::string_view>* names = nullptr) {
  std::unordered_map<std::string_view, uint32_t> ids;
  ids.reserve(count);
  std::vector<uint32_t> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    auto [it, inserted] = ids.try_emplace(labels[i], static_cast<uint32_t>(ids.size()));
    if (inserted && names != nullptr) names->push_back(labels[i]);
    out.push_back(it->second);
  }
  *distinct = ids.size();
  return out;
}

// A non-zero cell of the contingency table.
struct Cell {
  uint32_t row = 0;
  uint32_t col = 0;
  size_t items = 0;
};

// The `top` rows with the most items outside their largest cell (rows with one cell have none
// and are left out), ties to the larger row, then the smaller label; each with its `max_parts`
// largest cells. Columns are the parts.
std::vector<MixedCluster> MostMixedRows(const std::vector<Cell>& cells,
                                        const std::vector<std::string_view>& row_names,
                                        const std::vector<std::string_view>& col_names, size_t top,
                                        size_t max_parts) {
  const size_t rows = row_names.size();
  std::vector<size_t> items(rows, 0), largest(rows, 0), spans(rows, 0);
  for (const Cell& c : cells) {
    items[c.row] += c.items;
    largest[c.row] = std::max(largest[c.row], c.items);
    ++spans[c.row];
  }
  std::vector<uint32_t> mixed;
  for (uint32_t r = 0; r < rows; ++r) {
    if (spans[r] > 1) mixed.push_back(r);
  }
  auto more_mixed = [&](uint32_t a, uint32_t b) {
    const size_t outside_a = items[a] - largest[a], outside_b = items[b] - largest[b];
    if (outside_a != outside_b) return outside_a > outside_b;
    if (items[a] != items[b]) return items[a] > items[b];
    return row_names[a] < row_names[b];
  };
  const size_t shown = std::min(top, mixed.size());
  std::partial_sort(mixed.begin(), mixed.begin() + shown, mixed.end(), more_mixed);
  mixed.resize(shown);

  std::vector<MixedCluster> out(shown);
  constexpr size_t kNotShown = static_cast<size_t>(-1);
  std::vector<size_t> slot(rows, kNotShown);  // row -> index in `out`
  for (size_t i = 0; i < shown; ++i) {
    const uint32_t r = mixed[i];
    slot[r] = i;
    out[i].label = std::string(row_names[r]);
    out[i].items = items[r];
    out[i].outside_largest = items[r] - largest[r];
    out[i].part_count = spans[r];
  }
  std::vector<std::vector<const Cell*>> parts(shown);
  for (const Cell& c : cells) {
    if (slot[c.row] != kNotShown) parts[slot[c.row]].push_back(&c);
  }
  auto larger_part = [&](const Cell* a, const Cell* b) {
    if (a->items != b->items) return a->items > b->items;
    return col_names[a->col] < col_names[b->col];
  };
  for (size_t i = 0; i < shown; ++i) {
    std::vector<const Cell*>& p = parts[i];
    const size_t kept = std::min(max_parts, p.size());
    std::partial_sort(p.begin(), p.begin() + kept, p.end(), larger_part);
    for (size_t k = 0; k < kept; ++k) {
      out[i].parts.push_back({std::string(col_names[p[k]->col]), p[k]->items});
    }
  }
  return out;
}

double Pairs(double k) { return k * (k - 1) / 2; }

// Entropy (nats) of a distribution given by counts summing to n.
double Entropy(const std::vector<double>& counts, double n) {
  double h = 0;
  for (double c : counts) {
    if (c > 0) h -= (c / n) * std::log(c / n);
  }
  return h;
}

}  // namespace

ClusterScores ScoreClustering(const std::vector<std::string>& predicted,
                              const std::vector<std::string>& gold) {
  ClusterScores scores;
  const size_t n_items = std::min(predicted.size(), gold.size());
  scores.documents = n_items;
  if (n_items == 0) return scores;

  size_t n_pred = 0, n_gold = 0;
  const std::vector<uint32_t> p = LabelIds(predicted, n_items, &n_pred);
  const std::vector<uint32_t> g = LabelIds(gold, n_items, &n_gold);
  scores.predicted_clusters = n_pred;
  scores.gold_clusters = n_gold;

  std::vector<double> row(n_pred, 0), col(n_gold, 0);
  std::unordered_map<uint64_t, double> cells;
  cells.reserve(n_items);
  for (size_t i = 0; i < n_items; ++i) {
    row[p[i]] += 1;
    col[g[i]] += 1;
    cells[(static_cast<uint64_t>(p[i]) << 32) | g[i]] += 1;
  }

  const double n = static_cast<double>(n_items);
  double precision_sum = 0, recall_sum = 0, index = 0, mutual_information = 0;
  for (const auto& [key, count] : cells) {
    const double a = row[key >> 32];
    const double b = col[key & 0xffffffffu];
    precision_sum += count * count / a;
    recall_sum += count * count / b;
    index += Pairs(count);
    mutual_information += (count / n) * std::log(n * count / (a * b));
  }
  scores.bcubed_precision = precision_sum / n;
  scores.bcubed_recall = recall_sum / n;
  const double pr = scores.bcubed_precision + scores.bcubed_recall;
  scores.bcubed_f1 = pr > 0 ? 2 * scores.bcubed_precision * scores.bcubed_recall / pr : 0;

  double sum_rows = 0, sum_cols = 0;
  for (double a : row) sum_rows += Pairs(a);
  for (double b : col) sum_cols += Pairs(b);
  const double expected = n > 1 ? sum_rows * sum_cols / Pairs(n) : 0;
  const double max_index = (sum_rows + sum_cols) / 2;
  // Zero denominator: both labelings are one cluster or both all singletons -- identical.
  scores.ari = max_index - expected != 0 ? (index - expected) / (max_index - expected) : 1.0;

  const double h_pred = Entropy(row, n), h_gold = Entropy(col, n);
  if ((n_pred == 1 && n_gold == 1) || (n_pred == n_items && n_gold == n_items)) {
    scores.nmi = 1.0;  // scikit-learn's perfect-match limit cases
  } else {
    const double mean_entropy = (h_pred + h_gold) / 2;
    scores.nmi = mean_entropy > 0 ? std::max(0.0, mutual_information) / mean_entropy : 0;
  }
  return scores;
}

ClusterErrors FindClusterErrors(const std::vector<std::string>& predicted,
                                const std::vector<std::string>& gold, size_t top,
                                size_t max_parts) {
  ClusterErrors errors;
  const size_t n_items = std::min(predicted.size(), gold.size());
  if (n_items == 0 || top == 0) return errors;
  size_t n_pred = 0, n_gold = 0;
  std::vector<std::string_view> pred_names, gold_names;
  const std::vector<uint32_t> p = LabelIds(predicted, n_items, &n_pred, &pred_names);
  const std::vector<uint32_t> g = LabelIds(gold, n_items, &n_gold, &gold_names);

  std::unordered_map<uint64_t, size_t> counts;
  counts.reserve(n_items);
  for (size_t i = 0; i < n_items; ++i) ++counts[(static_cast<uint64_t>(p[i]) << 32) | g[i]];
  std::vector<Cell> by_pred, by_gold;
  by_pred.reserve(counts.size());
  by_gold.reserve(counts.size());
  for (const auto& [key, count] : counts) {
    const auto row = static_cast<uint32_t>(key >> 32), col = static_cast<uint32_t>(key);
    by_pred.push_back({row, col, count});
    by_gold.push_back({col, row, count});
  }
  errors.over_merged = MostMixedRows(by_pred, pred_names, gold_names, top, max_parts);
  errors.split = MostMixedRows(by_gold, gold_names, pred_names, top, max_parts);
  return errors;
}

ClusterScores ScoreLabelMaps(const std::unordered_map<std::string, std::string>& predicted,
                             const std::unordered_map<std::string, std::string>& gold) {
  std::vector<std::string> p, g;
  size_t missing = 0;
  for (const auto& [doc, label] : gold) {
    auto it = predicted.find(doc);
    if (it == predicted.end()) {
      ++missing;
      continue;
    }
    p.push_back(it->second);
    g.push_back(label);
  }
  ClusterScores scores = ScoreClustering(p, g);
  scores.gold_missing = missing;
  return scores;
}

}  // namespace storyline
