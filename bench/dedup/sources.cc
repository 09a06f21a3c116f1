// Readers for DUC 2004 and ECB+ (see sources.h), and the verbatim-overlap measure.
#include "sources.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace storyline::dedup_bench {
namespace {

namespace fs = std::filesystem;

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// "D10" after "D9", "1001" after "59".
bool NaturalLess(const std::string& a, const std::string& b) {
  auto key = [](const std::string& s) {
    size_t digits = s.find_first_of("0123456789");
    std::string prefix = s.substr(0, digits);
    long number = digits == std::string::npos ? -1 : std::strtol(s.c_str() + digits, nullptr, 10);
    return std::make_pair(prefix, number);
  };
  auto ka = key(a), kb = key(b);
  return ka != kb ? ka < kb : a < b;
}

std::vector<std::string> SortedEntries(const fs::path& dir, bool directories) {
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    if (e.is_directory() == directories) names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end(), NaturalLess);
  return names;
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  size_t start = 0;
  for (size_t at = s.find(from); at != std::string_view::npos; at = s.find(from, start)) {
    out.append(s.substr(start, at - start)).append(to);
    start = at + from.size();
  }
  out.append(s.substr(start));
  return out;
}

std::vector<std::string> SplitSpaces(std::string_view line) {
  std::vector<std::string> tokens;
  std::istringstream in{std::string(line)};
  for (std::string t; in >> t;) tokens.push_back(t);
  return tokens;
}

bool IsMonth(std::string_view w) {
  static constexpr std::array<std::string_view, 24> kMonths = {
      "January",   "February", "March",    "April",    "May",  "June", "July", "August",
      "September", "October",  "November", "December", "Jan",  "Feb",  "Mar",  "Apr",
      "Jun",       "Jul",      "Aug",      "Sep",      "Sept", "Oct",  "Nov",  "Dec"};
  return std::find(kMonths.begin(), kMonths.end(), w) != kMonths.end();
}

// A detokenised line that is a date or time stamp: "July 13, 2009 12:49 PM EDT", "7 July 2012",
// "Last updated at 22:46 GMT".
bool IsDateLine(std::string_view line) {
  std::vector<std::string> words = SplitSpaces(line);
  if (words.empty() || words.size() > 10) return false;
  size_t digits = 0;
  bool month = false, clock = false;
  for (std::string w : words) {
    while (!w.empty() && !IsAlnum(w.back())) w.pop_back();
    if (IsMonth(w)) month = true;
    if (w.find(':') != std::string::npos || w == "GMT" || w == "EDT" || w == "EST" || w == "PST" ||
        w == "PDT" || w == "BST" || w == "updated" || w == "Updated") {
      clock = true;
    }
    if (!w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c)) || c == ':' || c == '/';
        })) {
      ++digits;
    }
  }
  return (month || clock) && (digits > 0 || clock);
}

bool EndsSentence(std::string_view line) {
  while (!line.empty() && (line.back() == '"' || line.back() == '\'' || line.back() == ')')) {
    line.remove_suffix(1);
  }
  return !line.empty() && (line.back() == '.' || line.back() == '!' || line.back() == '?');
}

Article MakeArticle(std::string id, std::string title, const std::vector<std::string>& sentences) {
  Article article;
  article.id = std::move(id);
  article.paragraphs = GroupIntoParagraphs(sentences);
  article.title = !title.empty()      ? std::move(title)
                  : sentences.empty() ? std::string()
                                      : HeadlineFromLead(sentences.front());
  return article;
}

// Lower-cased word 5-gram hashes of the body, deduplicated.
std::vector<uint64_t> Shingles(const Article& article) {
  std::vector<uint64_t> words;
  for (const std::string& p : article.paragraphs) {
    uint64_t h = 0xcbf29ce484222325ULL;
    bool in_word = false;
    for (size_t i = 0; i <= p.size(); ++i) {
      char c = i < p.size() ? p[i] : ' ';
      if (IsAlnum(c)) {
        h = (h ^ static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(c)))) *
            0x100000001b3ULL;
        in_word = true;
      } else if (in_word) {
        words.push_back(h);
        h = 0xcbf29ce484222325ULL;
        in_word = false;
      }
    }
  }
  std::vector<uint64_t> shingles;
  for (size_t i = 0; i + 5 <= words.size(); ++i) {
    uint64_t h = 0;
    for (size_t k = 0; k < 5; ++k) h = (h ^ words[i + k]) * 0x9e3779b97f4a7c15ULL + k;
    shingles.push_back(h);
  }
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  return shingles;
}

}  // namespace

std::string Detokenize(std::string_view line, bool split_compounds) {
  static const std::unordered_set<std::string_view> kNoSpaceBefore = {
      ",",  ".",   ";",  ":",   "!",   "?", "%",  ")",   "]",   "}",   "'s",  "'S", "'re", "'ve",
      "'d", "'ll", "'m", "n't", "N'T", "'", "''", "...", "'RE", "'VE", "'LL", "'M", "'D"};
  static const std::unordered_set<std::string_view> kNoSpaceAfter = {"(", "[", "{", "$", "#", "``"};
  std::vector<std::string> tokens = SplitSpaces(line);
  std::string out;
  bool attach = true;  // no space before the next token
  bool open_quote = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string tok = tokens[i];
    if (tok == "-LRB-") tok = "(";
    if (tok == "-RRB-") tok = ")";
    const std::string& next = i + 1 < tokens.size() ? tokens[i + 1] : std::string();
    bool space = !attach && !kNoSpaceBefore.contains(tok);
    if (tok == "\"") {  // a plain quote: opening or closing by parity
      space = !attach && !open_quote;
      open_quote = !open_quote;
    }
    bool prev_alnum = !out.empty() && IsAlnum(out.back());
    bool next_alnum = !next.empty() && IsAlnum(next.front());
    bool joiner = false;
    if (split_compounds && prev_alnum && next_alnum && (tok == "-" || tok == "/")) joiner = true;
    if (split_compounds && tok == ":" && prev_alnum && !next.empty() &&
        std::isdigit(static_cast<unsigned char>(out.back())) &&
        std::isdigit(static_cast<unsigned char>(next.front()))) {
      joiner = true;
    }
    if (joiner) space = false;
    // A typographic apostrophe split off a clitic: "July ’ s" -> "July’s".
    if (tok == "\u2019" && (next == "s" || next == "t" || next == "re" || next == "ve" ||
                            next == "ll" || next == "d" || next == "m")) {
      space = false;
      joiner = true;
    }
    if (space) out += ' ';
    out += tok == "``" || tok == "''" ? "\"" : tok;
    attach = kNoSpaceAfter.contains(tok) || joiner || (tok == "\"" && open_quote);
    // "U . S ." -> "U.S.": a dot after a single capital joins the next single capital.
    if (split_compounds && tok == "." && out.size() >= 2 && next.size() == 1 &&
        std::isupper(static_cast<unsigned char>(next[0])) &&
        std::isupper(static_cast<unsigned char>(out[out.size() - 2])) &&
        (out.size() == 2 || !IsAlnum(out[out.size() - 3]))) {
      attach = true;
    }
  }
  return out;
}

std::string HeadlineFromLead(std::string_view sentence) {
  std::string text(sentence);
  // A dateline ("WASHINGTON (AP) - ") is not part of a headline.
  for (std::string_view sep : {" - ", " _ ", " -- "}) {
    size_t at = text.find(sep);
    if (at != std::string::npos && at < 50) {
      std::string head = text.substr(0, at);
      bool caps = std::count_if(head.begin(), head.end(), [](char c) {
                    return std::isupper(static_cast<unsigned char>(c));
                  }) >= 4;
      if (caps && std::none_of(head.begin(), head.end(), [](char c) {
            return std::islower(static_cast<unsigned char>(c));
          })) {
        text.erase(0, at + sep.size());
        break;
      }
    }
  }
  std::vector<std::string> words = SplitSpaces(text);
  std::string title;
  for (size_t i = 0; i < words.size() && i < 12; ++i) {
    if (!title.empty()) title += ' ';
    title += words[i];
    if (i >= 3 && words[i].back() == ',') break;
  }
  while (!title.empty() && !IsAlnum(title.back()) && title.back() != ')' && title.back() != '"') {
    title.pop_back();
  }
  return title;
}

Article ArticleFromDucText(std::string id, std::string_view text) {
  std::string joined = ReplaceAll(
      ReplaceAll(ReplaceAll(CollapseSpaces(text), "``", "\""), "''", "\""), " _ ", " - ");
  joined = ReplaceAll(joined, "&AMP;", "&");  // the one SGML entity left in the DUC files
  return MakeArticle(std::move(id), "", SplitSentences(joined));
}

Article ArticleFromEcbText(std::string id, std::string_view text, bool split_compounds) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = Detokenize(text.substr(start, end - start), split_compounds);
    if (!line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  size_t i = 0;
  if (i < lines.size() && lines[i].starts_with("http")) ++i;
  // Title and date lines may come in either order before the body.
  std::string title;
  for (size_t header = 0; header < 3 && i < lines.size(); ++header) {
    if (IsDateLine(lines[i])) {
      ++i;
    } else if (title.empty() && i + 1 < lines.size() && CountWords(lines[i]) <= 20 &&
               !EndsSentence(lines[i])) {
      title = lines[i++];
    } else {
      break;
    }
  }
  std::vector<std::string> sentences(lines.begin() + static_cast<long>(i), lines.end());
  return MakeArticle(std::move(id), std::move(title), sentences);
}

Status ReadDucArticles(const std::string& dir, std::vector<SourceArticle>* articles) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("not a directory: " + dir);
  for (const std::string& topic : SortedEntries(dir, true)) {
    for (const std::string& file : SortedEntries(fs::path(dir) / topic, false)) {
      if (!file.starts_with("D") || !file.ends_with(".txt")) continue;
      fs::path path = fs::path(dir) / topic / file;
      std::ifstream in(path, std::ios::binary);
      if (!in) return Status::IoError("cannot read " + path.string());
      std::stringstream text;
      text << in.rdbuf();
      std::string id = "duc/" + topic + "/" + file.substr(0, file.size() - 4);
      articles->push_back({ArticleFromDucText(id, text.str()), topic, "duc"});
    }
  }
  return Status::Ok();
}

Status ReadEcbArticles(const std::string& path, std::vector<SourceArticle>* articles) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open " + path);
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    nlohmann::json record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded() || !record.contains("doc") || !record.contains("text") ||
        !record.contains("subtopic_event_cluster")) {
      return Status::Corruption(path + ":" + std::to_string(line_no) +
                                ": expected {doc, subtopic_event_cluster, text}");
    }
    std::string doc = record["doc"].get<std::string>();
    if (doc.ends_with(".xml")) doc.resize(doc.size() - 4);
    const nlohmann::json& cluster = record["subtopic_event_cluster"];
    std::string story = cluster.is_string() ? cluster.get<std::string>() : cluster.dump();
    bool plus = doc.find("ecbplus") != std::string::npos;
    articles->push_back(
        {ArticleFromEcbText("ecb/" + doc, record["text"].get<std::string>(), plus), story, "ecb"});
  }
  return Status::Ok();
}

std::vector<VerbatimOverlap> FindVerbatimOverlaps(const std::vector<SourceArticle>& articles,
                                                  double min_containment) {
  std::vector<std::vector<uint64_t>> shingles(articles.size());
  std::unordered_map<uint64_t, std::vector<uint32_t>> postings;
  for (size_t i = 0; i < articles.size(); ++i) {
    shingles[i] = Shingles(articles[i].article);
    for (uint64_t s : shingles[i]) postings[s].push_back(static_cast<uint32_t>(i));
  }
  std::unordered_map<uint64_t, uint32_t> shared;  // (a << 32 | b) -> shared shingles
  for (const auto& [shingle, docs] : postings) {
    if (docs.size() < 2 || docs.size() > 100) continue;
    for (size_t x = 0; x < docs.size(); ++x) {
      for (size_t y = x + 1; y < docs.size(); ++y) {
        ++shared[(static_cast<uint64_t>(docs[x]) << 32) | docs[y]];
      }
    }
  }
  std::vector<VerbatimOverlap> overlaps;
  for (const auto& [key, count] : shared) {
    size_t a = key >> 32, b = key & 0xffffffffu;
    size_t smaller = std::min(shingles[a].size(), shingles[b].size());
    double containment = static_cast<double>(count) / static_cast<double>(smaller);
    if (containment < min_containment) continue;
    double jaccard = static_cast<double>(count) /
                     static_cast<double>(shingles[a].size() + shingles[b].size() - count);
    overlaps.push_back({a, b, containment, jaccard});
  }
  std::sort(overlaps.begin(), overlaps.end(),
            [](const VerbatimOverlap& x, const VerbatimOverlap& y) {
              return std::tie(x.a, x.b) < std::tie(y.a, y.b);
            });
  return overlaps;
}

double ShingleSharing::SharingShare() const {
  return pairs == 0 ? 0 : static_cast<double>(sharing) / static_cast<double>(pairs);
}

double ShingleSharing::MeanContainment() const {
  return pairs == 0 ? 0 : containment_sum / static_cast<double>(pairs);
}

ShingleSharingByStory MeasureShingleSharing(std::span<const Article> articles,
                                            std::span<const std::string> stories) {
  std::vector<std::vector<uint64_t>> shingles(articles.size());
  std::unordered_map<uint64_t, std::vector<uint32_t>> postings;
  for (size_t i = 0; i < articles.size(); ++i) {
    shingles[i] = Shingles(articles[i]);
    for (uint64_t s : shingles[i]) postings[s].push_back(static_cast<uint32_t>(i));
  }
  std::unordered_map<uint64_t, uint32_t> shared;  // (a << 32 | b) -> shared shingles
  for (const auto& [shingle, docs] : postings) {
    for (size_t x = 0; x < docs.size(); ++x) {
      for (size_t y = x + 1; y < docs.size(); ++y) {
        ++shared[(static_cast<uint64_t>(docs[x]) << 32) | docs[y]];
      }
    }
  }
  ShingleSharingByStory result;
  size_t same_story_pairs = 0;
  std::unordered_map<std::string_view, size_t> per_story;
  for (const std::string& s : stories) ++per_story[s];
  for (const auto& [story, n] : per_story) same_story_pairs += n * (n - 1) / 2;
  size_t n = articles.size();
  result.same_story.pairs = same_story_pairs;
  result.other_stories.pairs = n * (n - 1) / 2 - same_story_pairs;
  for (const auto& [key, count] : shared) {
    size_t a = key >> 32, b = key & 0xffffffffu;
    ShingleSharing& s = stories[a] == stories[b] ? result.same_story : result.other_stories;
    double containment = static_cast<double>(count) /
                         static_cast<double>(std::min(shingles[a].size(), shingles[b].size()));
    ++s.sharing;
    if (count >= 8) ++s.sharing_8;
    if (containment >= 0.2) ++s.contained;
    s.containment_sum += containment;
  }
  return result;
}

}  // namespace storyline::dedup_bench
