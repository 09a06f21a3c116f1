// Line-level scoring of plain-text extraction: which lines of an annotated text page the
// extractor kept. Every line counts once, whatever its length; the shingle metric of
// extract_scores.cc is the length-weighted view of the same output.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eval/white_space.h"
#include "storyline/eval.h"

namespace storyline {

using eval_internal::CollapseWhiteSpace;

double LineKeepScore::f1() const {
  if (!has_precision() && !has_recall()) return 1;
  if (!has_precision() || !has_recall()) return 0;
  const double p = precision(), r = recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

LineKeepScore ScoreKeptLines(const std::vector<LabelledLine>& lines, std::string_view predicted,
                             std::vector<bool>* kept) {
  // Page line positions by text, in page order.
  std::unordered_map<std::string_view, std::vector<size_t>> positions;
  for (size_t i = 0; i < lines.size(); ++i) positions[lines[i].text].push_back(i);
  std::vector<bool> matched(lines.size(), false);
  LineKeepScore score;
  size_t next = 0;  // page position after the previous match
  while (!predicted.empty()) {
    const size_t eol = predicted.find('\n');
    const std::string text = CollapseWhiteSpace(predicted.substr(0, eol));
    predicted.remove_prefix(eol == std::string_view::npos ? predicted.size() : eol + 1);
    if (text.empty()) continue;
    auto it = positions.find(text);
    size_t found = lines.size();
    if (it != positions.end()) {
      for (size_t pos : it->second) {
        if (!matched[pos] && pos >= next) {
          found = pos;
          break;
        }
      }
      for (size_t pos : it->second) {
        if (found != lines.size()) break;
        if (!matched[pos]) found = pos;
      }
    }
    if (found == lines.size()) {
      ++score.fp;  // not on the page (or more copies kept than it has)
      ++score.not_on_page;
      continue;
    }
    matched[found] = true;
    next = found + 1;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].content) {
      ++(matched[i] ? score.tp : score.fn);
    } else {
      ++(matched[i] ? score.fp : score.tn);
    }
  }
  if (kept != nullptr) kept->assign(matched.begin(), matched.end());
  return score;
}

LineScores SummarizeLineScores(const std::vector<LineKeepScore>& pages) {
  LineScores s;
  s.pages = pages.size();
  size_t tp = 0, fp = 0, fn = 0, precision_pages = 0, recall_pages = 0;
  double precision_sum = 0, recall_sum = 0;
  for (const LineKeepScore& page : pages) {
    tp += page.tp;
    fp += page.fp;
    fn += page.fn;
    s.lines += page.tp + page.fp - page.not_on_page + page.fn + page.tn;
    s.not_on_page += page.not_on_page;
    if (page.has_precision()) {
      precision_sum += page.precision();
      ++precision_pages;
    }
    if (page.has_recall()) {
      recall_sum += page.recall();
      ++recall_pages;
    }
  }
  s.content_lines = tp + fn;
  s.kept_lines = tp + fp - s.not_on_page;
  if (tp + fp > 0) s.precision = static_cast<double>(tp) / (tp + fp);
  if (tp + fn > 0) s.recall = static_cast<double>(tp) / (tp + fn);
  if (s.precision + s.recall > 0) s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall);
  if (precision_pages > 0) s.page_precision = precision_sum / precision_pages;
  if (recall_pages > 0) s.page_recall = recall_sum / recall_pages;
  if (s.page_precision + s.page_recall > 0) {
    s.page_f1 = 2 * s.page_precision * s.page_recall / (s.page_precision + s.page_recall);
  }
  return s;
}

}  // namespace storyline
