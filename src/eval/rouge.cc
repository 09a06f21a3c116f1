// ROUGE-N recall, precision and F as ROUGE-1.5.5.pl (Lin 2004) computes them with
// `-n 2 -m -l 100` and its defaults. Details of the Perl script followed here:
//  - readText, SPL format: each line of a file, without its "\n" (chomp), is a sentence when it
//    is not empty; A-Z are lower-cased (tr/A-Z/a-z/, bytes: nothing else changes case).
//  - -l N cuts on the raw lines before any clean-up: words are the fields of split(/\s+/), so a
//    line that starts with white space counts one extra (empty) word. Lines are added whole
//    while the running count stays below N; the line that reaches N is cut to its first
//    (N - count) fields and reading stops. Models (references) are cut like the peer.
//  - The text is then cleaned: every '-' becomes " - ", every byte outside [A-Za-z0-9-] a space
//    (UTF-8 letters too, byte by byte), white space collapsed.
//  - createNGram: tokens are the white-space fields that start with [a-z0-9$] (so the "-" tokens
//    are dropped); with -m a token longer than 3 characters is replaced by its WordNet exception
//    (when the exception table is given) or else its Porter stem; shorter ones are kept as they
//    are. N-grams run over the whole summary, across sentence boundaries. No stop words are
//    removed (no -s).
//  - ngramScore: hits = sum over the reference's n-grams of min(count in peer, count in
//    reference).
//  - -f A (default): hits, reference n-gram counts and peer n-gram counts are summed over the
//    references (the peer's count once per reference); R = hits / reference count,
//    P = hits / peer count, F = P R / ((1 - a) P + a R) with a = 0.5 — each printed with
//    sprintf("%7.5f"), which the averages then read back.
//  - Not reproduced: the topic average ROUGE-1.5.5 prints is the mean of 1,000 bootstrap
//    resamples (seeded Perl rand), which differs from the plain mean over topics used here by
//    a few units in the 4th decimal.
// The Porter stemmer is Snowball's "porter" algorithm, Martin Porter's original algorithm as in
// the script's Perl implementation.
#include <libstemmer.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storyline/eval.h"

namespace storyline {
namespace {

// Perl's \s on a byte string: space, \t, \n, \r, \f and (Perl >= 5.18) \v.
bool IsPerlSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Perl's split(/\s+/, $s): the fields between runs of white space; a leading run yields an
// empty first field, trailing empty fields are dropped.
std::vector<std::string_view> PerlSplit(std::string_view s) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  if (!s.empty() && IsPerlSpace(s[0])) {
    while (i < s.size() && IsPerlSpace(s[i])) ++i;
    if (i == s.size()) return fields;  // only white space: no field at all
    fields.emplace_back();
  }
  while (i < s.size()) {
    const size_t begin = i;
    while (i < s.size() && !IsPerlSpace(s[i])) ++i;
    fields.push_back(s.substr(begin, i - begin));
    while (i < s.size() && IsPerlSpace(s[i])) ++i;
  }
  return fields;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// readText's -l cut over the lower-cased lines; the text joined by spaces.
std::string CutToWords(const SummaryLines& lines, size_t max_words) {
  std::string text;
  size_t count = 0;
  for (const std::string& raw : lines) {
    if (raw.empty()) continue;
    const std::string line = LowerAscii(raw);
    if (max_words == 0) {
      if (!text.empty()) text += ' ';
      text += line;
      continue;
    }
    const std::vector<std::string_view> fields = PerlSplit(line);
    if (count + fields.size() < max_words) {
      if (count != 0) text += ' ';
      text += line;
      count += fields.size();
      continue;
    }
    if (count > 0) text += ' ';
    for (size_t i = 0; i < max_words - count; ++i) {
      if (i > 0) text += ' ';
      text += fields[i];
    }
    break;
  }
  return text;
}

// Rounds as sprintf("%7.5f") does.
double Round5(double x) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.5f", x);
  return std::strtod(buffer, nullptr);
}

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

using NgramCounts = std::unordered_map<std::string, size_t>;

// The n-grams of `tokens` with their counts; `total` receives their number.
NgramCounts CountNgrams(const std::vector<std::string>& tokens, int n, size_t* total) {
  NgramCounts counts;
  *total = 0;
  if (n <= 0 || tokens.size() < static_cast<size_t>(n)) return counts;
  for (size_t i = 0; i + n <= tokens.size(); ++i) {
    std::string gram = tokens[i];
    for (int j = 1; j < n; ++j) gram.append(" ").append(tokens[i + j]);
    ++counts[gram];
    ++*total;
  }
  return counts;
}

}  // namespace

std::vector<std::string> RougeTokens(const SummaryLines& summary, const RougeOptions& options) {
  std::string text = CutToWords(summary, options.max_words);
  for (char& c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!keep) c = ' ';  // '-' becomes " - ", and the lone "-" is dropped below anyway
  }
  std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer;
  if (options.stem) stemmer.reset(sb_stemmer_new("porter", nullptr));
  std::vector<std::string> tokens;
  for (std::string_view field : PerlSplit(text)) {
    if (field.empty()) continue;
    std::string token(field);
    if (options.stem && token.size() > 3) {
      if (options.exceptions != nullptr) {
        auto it = options.exceptions->find(token);
        if (it != options.exceptions->end()) {
          tokens.push_back(it->second);
          continue;
        }
      }
      if (stemmer != nullptr) {
        const sb_symbol* stem =
            sb_stemmer_stem(stemmer.get(), reinterpret_cast<const sb_symbol*>(token.data()),
                            static_cast<int>(token.size()));
        if (stem != nullptr) {
          token.assign(reinterpret_cast<const char*>(stem), sb_stemmer_length(stemmer.get()));
        }
      }
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

RougeScore ScoreRouge(int n, const SummaryLines& peer, const std::vector<SummaryLines>& references,
                      const RougeOptions& options) {
  RougeScore score;
  size_t peer_total = 0;
  const NgramCounts peer_grams = CountNgrams(RougeTokens(peer, options), n, &peer_total);
  for (const SummaryLines& reference : references) {
    size_t reference_total = 0;
    const NgramCounts reference_grams =
        CountNgrams(RougeTokens(reference, options), n, &reference_total);
    for (const auto& [gram, count] : reference_grams) {
      auto it = peer_grams.find(gram);
      if (it != peer_grams.end()) score.hits += std::min(count, it->second);
    }
    score.reference_ngrams += reference_total;
    score.peer_ngrams += peer_total;
  }
  const double hits = static_cast<double>(score.hits);
  score.recall = score.reference_ngrams > 0 ? Round5(hits / score.reference_ngrams) : 0;
  score.precision = score.peer_ngrams > 0 ? Round5(hits / score.peer_ngrams) : 0;
  constexpr double kAlpha = 0.5;
  const double denominator = (1 - kAlpha) * score.precision + kAlpha * score.recall;
  score.f = denominator > 0 ? Round5(score.precision * score.recall / denominator) : 0;
  return score;
}

Status ReadSummaryLines(const std::string& path, SummaryLines* lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open summary " + path);
  lines->clear();
  std::string line;
  while (std::getline(in, line)) lines->push_back(line);
  if (in.bad()) return Status::IoError("cannot read summary " + path);
  return Status::Ok();
}

Status ListReferenceSummaries(
    const std::string& dir, std::vector<std::pair<std::string, std::vector<std::string>>>* topics) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return Status::NotFound("cannot list reference directory " + dir + ": " + ec.message());
  static const std::regex kName(R"(Task(.+)_reference[0-9]+\.txt)");
  std::map<std::string, std::vector<std::string>> by_topic;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::smatch match;
    if (std::regex_match(name, match, kName)) by_topic[match[1]].push_back(it->path().string());
  }
  if (ec) return Status::IoError("cannot list reference directory " + dir + ": " + ec.message());
  if (by_topic.empty()) {
    return Status::NotFound("no reference summary (Task<topic>_reference<k>.txt) in " + dir);
  }
  topics->clear();
  for (auto& [topic, paths] : by_topic) {
    std::sort(paths.begin(), paths.end());
    topics->emplace_back(topic, std::move(paths));
  }
  return Status::Ok();
}

Status ReadWordNetExceptions(const std::string& dir,
                             std::unordered_map<std::string, std::string>* exceptions) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".exc") files.push_back(it->path());
  }
  if (ec) return Status::NotFound("cannot list WordNet directory " + dir + ": " + ec.message());
  if (files.empty()) return Status::NotFound("no WordNet exception list (*.exc) in " + dir);
  std::sort(files.begin(), files.end());
  for (const std::filesystem::path& file : files) {
    std::ifstream in(file);
    if (!in) return Status::IoError("cannot read " + file.string());
    std::string line;
    while (std::getline(in, line)) {
      const std::vector<std::string_view> fields = PerlSplit(line);
      // split(/\s+/) as buildExceptionDB.pl: $db{$tmp[0]} = $tmp[1].
      if (fields.size() >= 2) (*exceptions)[std::string(fields[0])] = std::string(fields[1]);
    }
  }
  return Status::Ok();
}

}  // namespace storyline
