// Plain-text extraction: the first title-like line is the title; every later line gets a
// content score from its features, the main region is the maximum-sum run of lines, and lines
// inside that region that are still clearly boilerplate are dropped.
//
// Features (no phrase lists): length in words, function-word share, sentence punctuation,
// letter share, vocabulary shared with the rest of the page, exact repeats, repeated line
// shapes ("24 January 2026 06:01" and "#415 Name" become "0 a 0 0:0" and "#0 a"), a wide gap
// after a short label ("See also<NBSP> headline"), caption labels ("image caption,"), runs of
// short lines, and record sections (two or more repeated shapes interleaved, as in a comment
// list: name line, date line, text).
#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/dates.h"
#include "extract/text_util.h"
#include "storyline/extract.h"

namespace storyline {
namespace {

using extract_internal::AbslView;
using extract_internal::CollapseWhitespace;
using extract_internal::ComputeLineStats;
using extract_internal::ForEachLowerWord;
using extract_internal::IsBlank;
using extract_internal::IsStopword;
using extract_internal::LineShape;
using extract_internal::LineStats;
using extract_internal::ParseLooseDate;
using extract_internal::Shorten;

// A first line longer than this is the start of the text, not its title.
constexpr int kMaxTitleWords = 30;

struct Line {
  std::string text;  // whitespace collapsed
  LineStats st;
  std::string shape;  // only for short lines
  int content_words = 0;
  double overlap = 0;  // share of content words that also occur on other lines
  bool is_date = false;
  bool is_url = false;
  double score = 0;
  const char* reason = nullptr;  // a negative feature strong enough to name
};

bool LooksLikeUrlLine(const Line& l) {
  const std::string& t = l.text;
  if (t.find("://") != std::string::npos || t.rfind("www.", 0) == 0) return true;
  // A bare domain: one word with a dot inside and no spaces.
  if (l.st.words <= 1 && t.find(' ') == std::string::npos) {
    size_t dot = t.find('.');
    return dot != std::string::npos && dot > 0 && dot + 2 < t.size();
  }
  return false;
}

// Caption labels: a short line ending in a comma or colon ("image caption,", "video title,").
bool IsCaptionLabel(const Line& l) {
  return l.st.words >= 1 && l.st.words <= 3 && !l.text.empty() &&
         (l.text.back() == ',' || l.text.back() == ':');
}

// True when the last three or four words of `t` are a full date with a year: "March 21, 2023",
// "21 March 2023", "Tuesday, March 21, 2023".
bool EndsWithFullDate(std::string_view t) {
  size_t start = t.size();
  for (int words = 1; words <= 4 && start != std::string_view::npos; ++words) {
    start = start == 0 ? std::string_view::npos : t.rfind(' ', start - 1);
    if (words < 3) continue;
    std::string_view tail = t.substr(start == std::string_view::npos ? 0 : start + 1);
    size_t digits = 0, run = 0;
    for (char c : tail) {
      run = (c >= '0' && c <= '9') ? run + 1 : 0;
      digits = std::max(digits, run);
    }
    if (digits == 4 && ParseLooseDate(tail).has_value()) return true;
  }
  return false;
}

// `t` without a trailing place after the date ("... 2023 in Moscow", "... 2023 in New Delhi"):
// a lowercase word and one or two capitalised ones. Unchanged when there is none.
std::string_view WithoutTrailingPlace(std::string_view t) {
  size_t cut = t.size();
  for (int words = 1; words <= 3; ++words) {
    const size_t space = t.rfind(' ', cut == 0 ? 0 : cut - 1);
    if (space == std::string_view::npos || space + 1 >= t.size()) return t;
    const unsigned char first = static_cast<unsigned char>(t[space + 1]);
    if (std::islower(first)) return words >= 2 ? t.substr(0, space) : t;
    if (!std::isupper(first)) return t;
    cut = space;
  }
  return t;
}

// Photo captions in news copy are one sentence that ends with the picture's full date
// ("... at the Kremlin on March 21, 2023.", "... on March 21, 2023 in Moscow."); running text
// says "on Tuesday".
bool IsDatedCaption(const Line& l) {
  if (!l.st.terminal || l.st.words < 6 || l.st.words > 45) return false;
  std::string_view t = l.text;
  while (!t.empty() && (t.back() == '.' || t.back() == ' ')) t.remove_suffix(1);
  if (t.find(". ") != std::string_view::npos || t.find('"') != std::string_view::npos ||
      t.find("\u201c") != std::string_view::npos || t.find("\u00ab") != std::string_view::npos) {
    return false;  // several sentences, or a quotation
  }
  return EndsWithFullDate(t) || EndsWithFullDate(WithoutTrailingPlace(t));
}

// True for a line that reads as a sentence of running text.
bool IsSentenceLine(const Line& l) { return l.st.terminal && l.st.words >= 8; }

// Spans of record sections: shapes that repeat often and interleave with each other (each gap
// between two occurrences of one holds an occurrence of the other) mark a list of records.
std::vector<std::pair<int, int>> RecordSpans(const std::vector<Line>& lines) {
  // std::unordered_map on purpose: ties in the sort below keep its iteration order, which
  // decides which shapes are kept (std::hash of a view equals that of the string).
  std::unordered_map<std::string_view, std::vector<int>> positions;
  for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
    if (!lines[i].shape.empty()) positions[lines[i].shape].push_back(i);
  }
  std::vector<const std::vector<int>*> frequent;
  for (const auto& [shape, pos] : positions) {
    if (pos.size() >= 4) frequent.push_back(&pos);
  }
  std::sort(frequent.begin(), frequent.end(),
            [](const auto* a, const auto* b) { return a->size() > b->size(); });
  if (frequent.size() > 8) frequent.resize(8);
  auto interleaved = [](const std::vector<int>& a, const std::vector<int>& b) {
    size_t gaps = 0, hit = 0, j = 0;
    for (size_t k = 0; k + 1 < a.size(); ++k) {
      ++gaps;
      while (j < b.size() && b[j] < a[k]) ++j;
      if (j < b.size() && b[j] < a[k + 1]) ++hit;
    }
    return gaps > 0 && hit * 10 >= gaps * 6;
  };
  std::vector<std::pair<int, int>> spans;
  for (size_t x = 0; x < frequent.size(); ++x) {
    for (size_t y = 0; y < frequent.size(); ++y) {
      if (x == y) continue;
      const auto& a = *frequent[x];
      const auto& b = *frequent[y];
      if (interleaved(a, b) && interleaved(b, a)) {
        spans.emplace_back(std::min(a.front(), b.front()), std::max(a.back(), b.back()));
      }
    }
  }
  return spans;
}

// Hard-wrapped text (wire copy, e-mail, DUC and TREC files) breaks every paragraph into lines
// of about the same width; read line by line, each would look like a short fragment. A text is
// taken as hard-wrapped when most of its lines reach the common width W (40..100 characters,
// the 90th percentile of line lengths) and at least a quarter of those are prose that runs on
// into the next line (ends mid-sentence, or the next starts in lower case). Its lines are then
// joined into paragraphs: a line of at least 60% of W continues into the next non-blank line; a
// shorter line, a blank line or an indented line ends a paragraph. Returns false, leaving `*out`
// alone, when the text is not hard-wrapped.
bool UnwrapHardWrappedLines(std::string_view text, std::string* out) {
  std::vector<std::string_view> raw;
  for (size_t pos = 0; pos <= text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    raw.push_back(line);
    pos = end + 1;
  }
  std::vector<size_t> lengths;
  for (std::string_view l : raw) {
    if (!IsBlank(l)) lengths.push_back(l.size());
  }
  if (lengths.size() < 3) return false;
  // The 90th percentile; only the count of lengths is used after this.
  const size_t width_rank = lengths.size() * 9 / 10;
  std::nth_element(lengths.begin(), lengths.begin() + width_rank, lengths.end());
  const size_t width = lengths[width_rank];
  if (width < 40 || width > 100) return false;
  const size_t full = width * 6 / 10;
  size_t wide = 0, run_on = 0;
  for (size_t i = 0; i + 1 < raw.size(); ++i) {
    if (raw[i].size() < full || raw[i].size() > width + 20) continue;
    ++wide;
    // Runs on: prose (six words or more, some of them function words) that stops mid-sentence
    // or continues in lower case on the next line.
    const std::string_view next = raw[i + 1];
    const size_t first = next.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    const LineStats st = ComputeLineStats(raw[i]);
    if (st.words < 6 || st.StopwordShare() < 0.15) continue;
    const unsigned char last = static_cast<unsigned char>(raw[i].back());
    if (std::islower(static_cast<unsigned char>(next[first])) || std::isalnum(last) ||
        last == ',' || last == '-') {
      ++run_on;
    }
  }
  if (wide * 2 < lengths.size() || run_on * 4 < wide) return false;

  out->clear();
  bool open = false;  // the last line written continues into the next one
  for (std::string_view l : raw) {
    const bool blank = IsBlank(l);
    const bool indented = !l.empty() && (l[0] == ' ' || l[0] == '\t');
    if (blank || (open && indented)) {
      if (!out->empty() && out->back() != '\n') *out += '\n';
      open = false;
      if (blank) continue;
    }
    if (open) *out += ' ';
    const size_t first = l.find_first_not_of(" \t");
    out->append(l.substr(first));
    open = l.size() >= full;
    if (!open) *out += '\n';
  }
  return true;
}

Article ExtractPlainTextImpl(std::string_view original, std::vector<BlockDecision>* decisions) {
  std::string unwrapped;
  const std::string_view text =
      UnwrapHardWrappedLines(original, &unwrapped) ? std::string_view(unwrapped) : original;
  Article article;
  // Split into non-empty lines.
  std::vector<Line> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    Line l;
    l.text = CollapseWhitespace(raw);
    if (l.text.empty()) continue;
    l.st = ComputeLineStats(raw);
    if (l.st.words <= 8) l.shape = LineShape(l.text);
    lines.push_back(std::move(l));
    if (end == text.size()) break;
  }
  auto record = [&](const Line& l, bool kept, const char* reason) {
    if (decisions != nullptr) decisions->push_back({Shorten(l.text, 200), kept, reason});
  };
  if (lines.empty()) return article;

  // Title: the first line that looks like one; a lone word or two before it ("Advertisement")
  // is boilerplate.
  size_t title_index = 0;
  for (size_t i = 0; i < lines.size() && i < 4; ++i) {
    if (lines[i].st.words >= 3) {
      title_index = i;
      break;
    }
  }
  if (lines[title_index].st.words < 3) title_index = 0;
  // A paragraph of running text is no title: the text has none (wire copy, unwrapped files).
  if (lines[title_index].st.words <= kMaxTitleWords) {
    for (size_t i = 0; i < title_index; ++i) record(lines[i], false, "before title");
    record(lines[title_index], false, "title");
    article.title = std::move(lines[title_index].text);
    lines.erase(lines.begin(), lines.begin() + title_index + 1);
  }
  const int n = static_cast<int>(lines.size());
  if (n == 0) return article;

  // Exact repeats, shape counts, vocabulary shared between lines.
  absl::flat_hash_map<absl::string_view, int> repeats;
  absl::flat_hash_map<absl::string_view, int> shapes;
  for (const Line& l : lines) {
    ++repeats[AbslView(l.text)];
    if (!l.shape.empty()) ++shapes[AbslView(l.shape)];
  }
  // Content words (three bytes or more, no stop word, not starting with a digit) as ids into
  // `word_ids`, each line's distinct; `df` counts the distinct lines each id occurs on.
  absl::flat_hash_map<std::string, int> word_ids;
  word_ids.reserve(text.size() / 16);  // about the distinct content words of news text
  std::vector<int> df;
  df.reserve(text.size() / 16);
  std::vector<std::vector<int>> content(n);
  absl::flat_hash_set<absl::string_view> seen_lines;
  for (int i = 0; i < n; ++i) {
    std::vector<int>& ids = content[i];
    ForEachLowerWord(lines[i].text, [&](std::string_view w) {
      if (w.size() < 3 || w[0] == '0' || IsStopword(w)) return;
      const auto [it, added] = word_ids.try_emplace(AbslView(w), static_cast<int>(word_ids.size()));
      if (added) df.push_back(0);
      ids.push_back(it->second);
    });
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    // Count each distinct line once, so a repeated line does not vouch for itself.
    if (!seen_lines.insert(AbslView(lines[i].text)).second) continue;
    for (int id : ids) ++df[id];
  }
  for (int i = 0; i < n; ++i) {
    Line& l = lines[i];
    l.content_words = static_cast<int>(content[i].size());
    int shared = 0;
    for (int id : content[i]) shared += df[id] >= 2;
    l.overlap = l.content_words == 0 ? 0 : static_cast<double>(shared) / l.content_words;
    l.is_date = l.st.words <= 8 && l.st.digits > 0 && ParseLooseDate(l.text).has_value();
    l.is_url = LooksLikeUrlLine(l);
  }

  // Per-line scores.
  const auto spans = RecordSpans(lines);
  auto in_record_span = [&](int i) {
    for (const auto& [a, b] : spans) {
      if (i >= a && i <= b) return true;
    }
    return false;
  };
  for (int i = 0; i < n; ++i) {
    Line& l = lines[i];
    const LineStats& st = l.st;
    if (l.is_date) {
      l.score = -3;
      l.reason = "date/time stamp";
    } else if (!l.shape.empty() && shapes[AbslView(l.shape)] >= 3 && st.words <= 6) {
      l.score = -3;
      l.reason = "repeated shape (comment stamps)";
    } else if (l.is_url) {
      l.score = -2.5;
      l.reason = "link";
    } else if (l.text == article.title) {
      l.score = -2.5;
      l.reason = "title repeated";
    } else if (repeats[AbslView(l.text)] >= 2) {
      l.score = -2.5;
      l.reason = "repeated line";
    } else {
      double s = st.terminal ? 1.0 : -1.5;
      s += std::clamp((st.words - 6) / 6.0, -1.5, 3.0);
      if (st.words >= 4) {
        double sw = st.StopwordShare();
        s += sw >= 0.2 ? 1.0 : (sw >= 0.1 ? 0.0 : -1.0);
      }
      if (st.LetterShare() < 0.6) s -= 2;
      if (l.content_words >= 4) s += (l.overlap - 0.3) * 2;
      if (st.wide_gap && !st.terminal) s -= 2;
      l.score = s;
    }
    if (in_record_span(i)) {
      if (l.score > 0) l.score *= 0.3;
      if (l.reason == nullptr) l.reason = "comment section (repeated records)";
    }
  }
  // Runs of three or more short unpunctuated lines read as menus or link lists.
  for (int i = 0; i < n;) {
    int j = i;
    while (j < n && !lines[j].st.terminal && lines[j].st.words <= 6) ++j;
    if (j - i >= 3) {
      for (int k = i; k < j; ++k) {
        lines[k].score -= 1;
        if (lines[k].reason == nullptr) lines[k].reason = "run of short lines";
      }
    }
    i = std::max(j, i + 1);
  }

  // The main region: maximum-sum run of lines (Kadane); a short negative gap inside the
  // article (a caption, an ad label) is bridged when the text on both sides outweighs it.
  int best_a = 0, best_b = -1;
  double best = 0, cur = 0;
  int cur_a = 0;
  for (int i = 0; i < n; ++i) {
    if (cur < 0) {
      cur = 0;
      cur_a = i;
    }
    cur += lines[i].score;
    if (cur > best) {
      best = cur;
      best_a = cur_a;
      best_b = i;
    }
  }

  // A date near the top is the publication time.
  std::vector<char> used_as_date(n, 0);
  for (int i = 0; i < n && i < 5; ++i) {
    if (lines[i].is_date && (best_b < 0 || i <= best_a + 1)) {
      article.published = ParseLooseDate(lines[i].text);
      used_as_date[i] = 1;
      break;
    }
  }

  std::vector<int> kept;  // moved into the article at the end: later lines read earlier ones
  for (int i = 0; i < n; ++i) {
    const Line& l = lines[i];
    const LineStats& st = l.st;
    const char* reason = nullptr;
    if (used_as_date[i]) {
      reason = "publication date";
    } else if (i < best_a || i > best_b) {
      reason = l.reason != nullptr ? l.reason
                                   : (i < best_a ? "before main region" : "after main region");
    } else if (l.reason != nullptr && l.score < 0) {
      reason = l.reason;
    } else if (IsDatedCaption(l)) {
      reason = "photo caption (one sentence ending with a full date)";
    } else if (IsCaptionLabel(l) && !st.terminal) {
      reason = "caption label";
    } else if (i > 0 && IsCaptionLabel(lines[i - 1]) && !st.terminal) {
      reason = "caption";
    } else if (!st.terminal) {
      const bool next_is_text = i + 1 <= best_b && IsSentenceLine(lines[i + 1]);
      if (st.words <= 1) {
        reason = "short line outside sentences";
      } else if (st.wide_gap) {
        reason = "label + headline (injected link)";
      } else if (l.content_words >= 3 && l.overlap < 0.25 && st.words <= kMaxTitleWords) {
        reason = "headline unrelated to the text";
      } else if (st.LetterShare() < 0.6) {
        reason = "mostly digits and symbols";
      } else if (st.words < 12 && !next_is_text) {
        reason = "short line outside sentences";
      }
    } else if (st.LetterShare() < 0.5) {
      reason = "mostly digits and symbols";
    }
    if (reason == nullptr) {
      kept.push_back(i);
      record(l, true, "main text");
    } else {
      record(l, false, reason);
    }
  }
  article.paragraphs.reserve(kept.size());
  for (int i : kept) article.paragraphs.push_back(std::move(lines[i].text));
  return article;
}

}  // namespace

Article ExtractPlainText(std::string_view text, const ExtractOptions& options) {
  return ExtractPlainTextImpl(text, nullptr);
}

Article ExplainPlainText(std::string_view text, const ExtractOptions& options,
                         std::vector<BlockDecision>* decisions) {
  return ExtractPlainTextImpl(text, decisions);
}

}  // namespace storyline
