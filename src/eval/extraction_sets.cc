// Readers for the extraction benchmarks: Zyte's article-extraction-benchmark, L3S-GN1
// (Kohlschütter et al., WSDM 2010) and the CleanEval development set (Baroni et al., 2008).
//
// L3S-GN1's annotated copy of each page wraps every text block in <span class="x-nc-selN">,
// N = 0 boilerplate, 1 headline, 2 full text, 3-5 supplemental/comments/related. Spans nest
// (an outer x-nc-sel1 may hold a div of x-nc-sel0 blocks), so a text node takes the label of
// its innermost span. The annotated file is parsed with the charset rule ExtractHtml uses for
// the original, so that both sides decode to the same characters.
//
// For `l3s-text` the annotated page itself becomes a plain-text page, line by line, as a text
// dump of it would read (the rules are in eval.h, ExtractionPage); every line keeps the label
// of its text, so that a plain-text extractor can be scored line by line.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eval/white_space.h"
#include "extract/quiet_libxml.h"
#include "ingest/byte_stream.h"
#include "storyline/eval.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

// The whole file, gunzipped when its name ends in .gz. Errors name the file.
Status ReadWholeFile(const fs::path& path, std::string* bytes) {
  std::unique_ptr<ByteStream> stream;
  STORYLINE_RETURN_IF_ERROR(OpenByteStream(path.string(), &stream));
  bytes->clear();
  char buf[1 << 16];
  while (size_t got = stream->Read(buf, sizeof(buf))) bytes->append(buf, got);
  if (!stream->status().ok()) {
    return Status::IoError(path.string() + ": " + stream->status().message());
  }
  return Status::Ok();
}

// Stems of the files in `dir` whose names end in `suffix`.
Status ListStems(const fs::path& dir, std::string_view suffix, std::set<std::string>* stems) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir.string() + ": no such directory");
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      stems->insert(name.substr(0, name.size() - suffix.size()));
    }
  }
  if (ec) return Status::IoError(dir.string() + ": " + ec.message());
  return Status::Ok();
}

// Pages that have a file in only one of two parallel folders are errors, not skipped.
void ReportUnpaired(const std::set<std::string>& stems, const std::set<std::string>& other,
                    const fs::path& other_dir, std::string_view other_suffix,
                    std::vector<Status>* page_errors) {
  for (const std::string& stem : stems) {
    if (!other.contains(stem)) {
      page_errors->push_back(
          Status::NotFound((other_dir / (stem + std::string(other_suffix))).string() +
                           ": missing (its counterpart exists)"));
    }
  }
}

Status LoadZyte(const fs::path& dir, std::vector<ExtractionPage>* pages,
                std::vector<Status>* page_errors) {
  const fs::path truth_path = dir / "ground-truth.json";
  std::string text;
  STORYLINE_RETURN_IF_ERROR(ReadWholeFile(truth_path, &text));
  const nlohmann::json truth = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (truth.is_discarded() || !truth.is_object()) {
    return Status::Corruption(truth_path.string() + ": not a JSON object");
  }
  for (const auto& [id, record] : truth.items()) {
    // evaluate.py reads a missing articleBody as empty text.
    auto body = record.is_object() ? record.find("articleBody") : record.end();
    if (!record.is_object() || (body != record.end() && !body->is_string())) {
      return Status::Corruption(truth_path.string() + ": `" + id +
                                "` is not an object with a string articleBody");
    }
    ExtractionPage page;
    page.id = id;
    if (body != record.end()) page.truth = body->get<std::string>();
    Status s = ReadWholeFile(dir / "html" / (id + ".html.gz"), &page.input);
    if (s.ok()) {
      pages->push_back(std::move(page));
    } else {
      page_errors->push_back(s);
    }
  }
  return Status::Ok();
}

// N of class="x-nc-selN", or -1.
int SelectionLabel(const xmlNode* node) {
  if (xmlStrcasecmp(node->name, BAD_CAST "span") != 0) return -1;
  xmlChar* cls = xmlGetProp(node, BAD_CAST "class");
  if (cls == nullptr) return -1;
  std::string_view value(reinterpret_cast<const char*>(cls));
  int label = -1;
  constexpr std::string_view kPrefix = "x-nc-sel";
  if (value.size() == kPrefix.size() + 1 && value.starts_with(kPrefix) && value.back() >= '0' &&
      value.back() <= '9') {
    label = value.back() - '0';
  }
  xmlFree(cls);
  return label;
}

// Appends the text of headline and full-text spans under `node`; `span` is the innermost
// labelled span around it (label `label`). Text nodes of one span are joined as they are;
// different spans are separated by a newline.
void CollectSelectedText(const xmlNode* node, const xmlNode* span, int label,
                         const xmlNode** last_span, std::string* out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) {
      if (xmlStrcasecmp(child->name, BAD_CAST "script") == 0 ||
          xmlStrcasecmp(child->name, BAD_CAST "style") == 0) {
        continue;
      }
      const int child_label = SelectionLabel(child);
      if (child_label >= 0) {
        CollectSelectedText(child, child, child_label, last_span, out);
      } else {
        CollectSelectedText(child, span, label, last_span, out);
      }
    } else if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
               (label == 1 || label == 2) && child->content != nullptr) {
      if (*last_span != span && !out->empty()) out->push_back('\n');
      *last_span = span;
      out->append(reinterpret_cast<const char*>(child->content));
    }
  }
}

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

// An L3S-GN1 annotated page parsed with ExtractHtml's charset rule: valid UTF-8 is read as
// UTF-8 whatever the page declares. Null when libxml2 cannot parse it.
XmlDocPtr ParseAnnotated(const std::string& annotated) {
  xmlInitParser();
  int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                HTML_PARSE_COMPACT | XML_PARSE_HUGE;
  const char* encoding = nullptr;
  if (simdjson::validate_utf8(annotated.data(), annotated.size())) {
    encoding = "UTF-8";
    options |= HTML_PARSE_IGNORE_ENC;
  }
  extract_internal::ScopedQuietLibxml quiet;
  return XmlDocPtr(htmlReadMemory(annotated.data(), static_cast<int>(annotated.size()), nullptr,
                                  encoding, options));
}

// The headline and full text of an L3S-GN1 annotated page; false when libxml2 cannot parse it.
bool L3sTruth(const std::string& annotated, std::string* truth) {
  XmlDocPtr doc = ParseAnnotated(annotated);
  if (doc == nullptr) return false;
  const xmlNode* last_span = nullptr;
  truth->clear();
  CollectSelectedText(reinterpret_cast<const xmlNode*>(doc.get()), nullptr, -1, &last_span, truth);
  return true;
}

bool NameIs(const xmlNode* node, const char* name) {
  return xmlStrcasecmp(node->name, BAD_CAST name) == 0;
}

// Elements a browser lays out inside a line of text; every other element ends a text block.
bool IsInlineElement(const xmlNode* node) {
  static constexpr const char* kInline[] = {
      "a",      "abbr",   "acronym", "b",   "bdi",  "bdo",  "big", "cite", "code", "dfn",   "em",
      "font",   "i",      "img",     "kbd", "mark", "nobr", "q",   "s",    "samp", "small", "span",
      "strike", "strong", "sub",     "sup", "time", "tt",   "u",   "var",  "wbr"};
  for (const char* name : kInline) {
    if (NameIs(node, name)) return true;
  }
  return false;
}

// True for an element whose class list holds `token`.
bool HasClass(const xmlNode* node, std::string_view token) {
  xmlChar* cls = xmlGetProp(node, BAD_CAST "class");
  if (cls == nullptr) return false;
  std::string_view value(reinterpret_cast<const char*>(cls));
  bool found = false;
  while (!value.empty() && !found) {
    const size_t start = value.find_first_not_of(" \t\r\n\f");
    if (start == std::string_view::npos) break;
    value.remove_prefix(start);
    const size_t end = std::min(value.find_first_of(" \t\r\n\f"), value.size());
    found = value.substr(0, end) == token;
    value.remove_prefix(end);
  }
  xmlFree(cls);
  return found;
}

// Turns an annotated <body> into the lines of a text page (see ExtractionPage in eval.h).
class TextPageBuilder {
 public:
  struct Line {
    std::string rendered;  // as a browser shows it: no-break spaces kept
    bool content = false;
    bool headline = false;  // holds headline (x-nc-sel1) text
  };

  void Add(const xmlNode* node, int label) {
    for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
      if (child->type == XML_ELEMENT_NODE) {
        if (NameIs(child, "script") || NameIs(child, "style") || NameIs(child, "head") ||
            NameIs(child, "title") || HasClass(child, "x-nc-invisible")) {
          continue;
        }
        const int child_label = SelectionLabel(child);
        const bool block = !IsInlineElement(child);
        if (block) EndLine();
        Add(child, child_label >= 0 ? child_label : label);
        if (block) EndLine();
      } else if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
                 child->content != nullptr) {
        AddText(reinterpret_cast<const char*>(child->content), label);
      }
    }
  }

  std::vector<Line> Finish() {
    EndLine();
    return std::move(lines_);
  }

 private:
  void AddText(std::string_view text, int label) {
    // White space alone belongs to no label: it neither starts nor ends a line.
    if (text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos) {
      eval_internal::AppendRenderedText(text, &line_.rendered, &pending_space_);
      return;
    }
    const bool content = label == 1 || label == 2;
    if (!line_.rendered.empty() && content != line_.content) EndLine();
    line_.content = content;
    line_.headline |= label == 1;
    eval_internal::AppendRenderedText(text, &line_.rendered, &pending_space_);
  }

  void EndLine() {
    if (!eval_internal::CollapseWhiteSpace(line_.rendered).empty()) {
      lines_.push_back(std::move(line_));
    }
    line_ = Line();
    pending_space_ = false;
  }

  std::vector<Line> lines_;
  Line line_;
  bool pending_space_ = false;
};

const xmlNode* FindElement(const xmlNode* node, const char* name) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (NameIs(child, name)) return child;
    if (const xmlNode* found = FindElement(child, name)) return found;
  }
  return nullptr;
}

// The text page of an L3S-GN1 annotated page; false when libxml2 cannot parse it.
bool L3sTextPage(const std::string& annotated, ExtractionPage* page) {
  XmlDocPtr doc = ParseAnnotated(annotated);
  if (doc == nullptr) return false;
  const xmlNode* root = reinterpret_cast<const xmlNode*>(doc.get());
  const xmlNode* body = FindElement(root, "body");
  TextPageBuilder builder;
  builder.Add(body != nullptr ? body : root, -1);
  std::vector<TextPageBuilder::Line> lines = builder.Finish();
  // The first headline line goes to the top, as a text dump starts with the title.
  auto headline = std::find_if(lines.begin(), lines.end(),
                               [](const TextPageBuilder::Line& l) { return l.headline; });
  if (headline != lines.end()) std::rotate(lines.begin(), headline, headline + 1);
  page->input.clear();
  page->truth.clear();
  page->lines.clear();
  for (TextPageBuilder::Line& line : lines) {
    LabelledLine labelled{eval_internal::CollapseWhiteSpace(line.rendered), line.content};
    if (labelled.content) {
      if (!page->truth.empty()) page->truth += '\n';
      page->truth += labelled.text;
    }
    if (!page->input.empty()) page->input += '\n';
    page->input += line.rendered;
    page->lines.push_back(std::move(labelled));
  }
  return true;
}

// Pages made of two files with one stem, `first_dir/ID first_ext` and `second_dir/ID
// second_ext`: unpaired files are reported; `make_page` turns each pair's bytes into `page`.
Status LoadPairedFiles(
    const fs::path& first_dir, const char* first_ext, const fs::path& second_dir,
    const char* second_ext, std::vector<ExtractionPage>* pages, std::vector<Status>* page_errors,
    const std::function<Status(std::string first, const std::string& second,
                               const fs::path& second_path, ExtractionPage* page)>& make_page) {
  std::set<std::string> firsts, seconds;
  STORYLINE_RETURN_IF_ERROR(ListStems(first_dir, first_ext, &firsts));
  STORYLINE_RETURN_IF_ERROR(ListStems(second_dir, second_ext, &seconds));
  ReportUnpaired(firsts, seconds, second_dir, second_ext, page_errors);
  ReportUnpaired(seconds, firsts, first_dir, first_ext, page_errors);
  for (const std::string& id : firsts) {
    if (!seconds.contains(id)) continue;
    ExtractionPage page;
    page.id = id;
    std::string first, second;
    const fs::path second_path = second_dir / (id + second_ext);
    Status s = ReadWholeFile(first_dir / (id + first_ext), &first);
    if (s.ok()) s = ReadWholeFile(second_path, &second);
    if (s.ok()) s = make_page(std::move(first), second, second_path, &page);
    if (s.ok()) {
      pages->push_back(std::move(page));
    } else {
      page_errors->push_back(s);
    }
  }
  return Status::Ok();
}

Status LoadL3s(const fs::path& dir, std::vector<ExtractionPage>* pages,
               std::vector<Status>* page_errors) {
  return LoadPairedFiles(
      dir / "original", ".html", dir / "annotated", ".html", pages, page_errors,
      [](std::string html, const std::string& annotated, const fs::path& annotated_path,
         ExtractionPage* page) {
        page->input = std::move(html);
        if (!L3sTruth(annotated, &page->truth)) {
          return Status::Corruption(annotated_path.string() + ": libxml2 could not parse it");
        }
        return Status::Ok();
      });
}

Status LoadL3sText(const fs::path& dir, std::vector<ExtractionPage>* pages,
                   std::vector<Status>* page_errors) {
  const fs::path annotated_dir = dir / "annotated";
  std::set<std::string> annotated;
  STORYLINE_RETURN_IF_ERROR(ListStems(annotated_dir, ".html", &annotated));
  for (const std::string& id : annotated) {
    ExtractionPage page;
    page.id = id;
    std::string annotated_html;
    const fs::path annotated_path = annotated_dir / (id + ".html");
    Status s = ReadWholeFile(annotated_path, &annotated_html);
    if (s.ok() && !L3sTextPage(annotated_html, &page)) {
      s = Status::Corruption(annotated_path.string() + ": libxml2 could not parse it");
    }
    if (s.ok()) {
      pages->push_back(std::move(page));
    } else {
      page_errors->push_back(s);
    }
  }
  return Status::Ok();
}

// The page inside CleanEval's `<text id=URL title=... encoding=...>` ... `</text>` wrapper.
std::string UnwrapCleanEvalInput(std::string html) {
  if (html.starts_with("<text ")) {
    const size_t eol = html.find('\n');
    html.erase(0, eol == std::string::npos ? html.size() : eol + 1);
  }
  const size_t close = html.rfind("</text>");
  if (close != std::string::npos &&
      html.find_first_not_of(" \t\r\n", close + 7) == std::string::npos) {
    html.erase(close);
  }
  return html;
}

// A GoldStandard file without its BOM, its `URL: ...` line and the <p>, <h>, <l> markers that
// open its lines (after optional white space).
std::string CleanEvalGoldText(std::string_view gold) {
  if (gold.starts_with("\xEF\xBB\xBF")) gold.remove_prefix(3);
  if (gold.starts_with("URL:")) {
    const size_t eol = gold.find('\n');
    gold.remove_prefix(eol == std::string_view::npos ? gold.size() : eol + 1);
  }
  std::string text;
  text.reserve(gold.size());
  while (!gold.empty()) {
    const size_t eol = gold.find('\n');
    std::string_view line = gold.substr(0, eol == std::string_view::npos ? gold.size() : eol + 1);
    gold.remove_prefix(line.size());
    const size_t indent = std::min(line.find_first_not_of(" \t"), line.size());
    std::string_view rest = line.substr(indent);
    if (rest.starts_with("<p>") || rest.starts_with("<h>") || rest.starts_with("<l>")) {
      text.append(line.substr(0, indent));
      text.append(rest.substr(3));
    } else {
      text.append(line);
    }
  }
  return text;
}

Status LoadCleanEval(const fs::path& dir, std::vector<ExtractionPage>* pages,
                     std::vector<Status>* page_errors) {
  return LoadPairedFiles(
      dir / "input", ".html", dir / "GoldStandard", ".txt", pages, page_errors,
      [](std::string html, const std::string& gold, const fs::path&, ExtractionPage* page) {
        page->input = UnwrapCleanEvalInput(std::move(html));
        page->truth = CleanEvalGoldText(gold);
        return Status::Ok();
      });
}

}  // namespace

bool ParseExtractionDataset(std::string_view name, ExtractionDataset* dataset) {
  if (name == "zyte") {
    *dataset = ExtractionDataset::kZyte;
  } else if (name == "l3s") {
    *dataset = ExtractionDataset::kL3s;
  } else if (name == "l3s-text") {
    *dataset = ExtractionDataset::kL3sText;
  } else if (name == "cleaneval") {
    *dataset = ExtractionDataset::kCleanEval;
  } else {
    return false;
  }
  return true;
}

std::string PredictedArticleText(const Article& article, ExtractionDataset dataset) {
  std::string text;
  if (dataset != ExtractionDataset::kZyte) text = article.title;
  for (const std::string& paragraph : article.paragraphs) {
    if (!text.empty()) text += '\n';
    text += paragraph;
  }
  return text;
}

Status LoadExtractionPages(ExtractionDataset dataset, const std::string& dir,
                           std::vector<ExtractionPage>* pages, std::vector<Status>* page_errors) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir + ": no such directory");
  const size_t before = pages->size() + page_errors->size();
  Status s;
  switch (dataset) {
    case ExtractionDataset::kZyte:
      s = LoadZyte(dir, pages, page_errors);
      break;
    case ExtractionDataset::kL3s:
      s = LoadL3s(dir, pages, page_errors);
      break;
    case ExtractionDataset::kL3sText:
      s = LoadL3sText(dir, pages, page_errors);
      break;
    case ExtractionDataset::kCleanEval:
      s = LoadCleanEval(dir, pages, page_errors);
      break;
  }
  if (s.ok() && pages->size() + page_errors->size() == before) {
    return Status::NotFound(dir + ": no pages");
  }
  return s;
}

Status ReadExtractionPredictions(const std::string& path,
                                 std::unordered_map<std::string, std::string>* predictions) {
  std::string text;
  STORYLINE_RETURN_IF_ERROR(ReadWholeFile(path, &text));
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return Status::Corruption(path + ": not a JSON object {\"<page id>\": \"<text>\"}");
  }
  for (const auto& [id, value] : json.items()) {
    if (value.is_null()) {
      (*predictions)[id].clear();
    } else if (value.is_string()) {
      (*predictions)[id] = value.get<std::string>();
    } else {
      return Status::Corruption(path + ": the prediction for `" + id + "` is not a string");
    }
  }
  return Status::Ok();
}

}  // namespace storyline
