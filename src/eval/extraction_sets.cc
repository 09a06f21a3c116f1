// Readers for the extraction benchmarks: Zyte's article-extraction-benchmark, L3S-GN1
// (Kohlschütter et al., WSDM 2010) and the CleanEval development set (Baroni et al., 2008).
//
// L3S-GN1's annotated copy of each page wraps every text block in <span class="x-nc-selN">,
// N = 0 boilerplate, 1 headline, 2 full text, 3-5 supplemental/comments/related. Spans nest
// (an outer x-nc-sel1 may hold a div of x-nc-sel0 blocks), so a text node takes the label of
// its innermost span. The annotated file is parsed with the charset rule ExtractHtml uses for
// the original, so that both sides decode to the same characters.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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
    Status s = ReadWholeFile(dir / "html" / (id + ".html.gz"), &page.html);
    if (s.ok()) {
      pages->push_back(std::move(page));
    } else {
      page_errors->push_back(s);
    }
  }
  return Status::Ok();
}

void IgnoreLibxmlMessage(void*, const char*, ...) {}

// libxml2 reports charset conversion errors through the thread's generic error handler even
// with HTML_PARSE_NOERROR; silence it for the parse and restore the caller's handler after.
class ScopedQuietLibxml {
 public:
  ScopedQuietLibxml() : saved_(xmlGenericError), saved_context_(xmlGenericErrorContext) {
    xmlSetGenericErrorFunc(nullptr, &IgnoreLibxmlMessage);
  }
  ~ScopedQuietLibxml() { xmlSetGenericErrorFunc(saved_context_, saved_); }
  ScopedQuietLibxml(const ScopedQuietLibxml&) = delete;
  ScopedQuietLibxml& operator=(const ScopedQuietLibxml&) = delete;

 private:
  xmlGenericErrorFunc saved_;
  void* saved_context_;
};

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

// The headline and full text of an L3S-GN1 annotated page; false when libxml2 cannot parse it.
bool L3sTruth(const std::string& annotated, std::string* truth) {
  xmlInitParser();
  int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                HTML_PARSE_COMPACT | XML_PARSE_HUGE;
  // As ExtractHtml: valid UTF-8 is read as UTF-8 whatever the page declares.
  const char* encoding = nullptr;
  if (simdjson::validate_utf8(annotated.data(), annotated.size())) {
    encoding = "UTF-8";
    options |= HTML_PARSE_IGNORE_ENC;
  }
  ScopedQuietLibxml quiet;
  htmlDocPtr doc = htmlReadMemory(annotated.data(), static_cast<int>(annotated.size()), nullptr,
                                  encoding, options);
  if (doc == nullptr) return false;
  const xmlNode* last_span = nullptr;
  truth->clear();
  CollectSelectedText(reinterpret_cast<const xmlNode*>(doc), nullptr, -1, &last_span, truth);
  xmlFreeDoc(doc);
  return true;
}

Status LoadL3s(const fs::path& dir, std::vector<ExtractionPage>* pages,
               std::vector<Status>* page_errors) {
  const fs::path original_dir = dir / "original", annotated_dir = dir / "annotated";
  std::set<std::string> originals, annotated;
  STORYLINE_RETURN_IF_ERROR(ListStems(original_dir, ".html", &originals));
  STORYLINE_RETURN_IF_ERROR(ListStems(annotated_dir, ".html", &annotated));
  ReportUnpaired(originals, annotated, annotated_dir, ".html", page_errors);
  ReportUnpaired(annotated, originals, original_dir, ".html", page_errors);
  for (const std::string& id : originals) {
    if (!annotated.contains(id)) continue;
    ExtractionPage page;
    page.id = id;
    std::string annotated_html;
    const fs::path annotated_path = annotated_dir / (id + ".html");
    Status s = ReadWholeFile(original_dir / (id + ".html"), &page.html);
    if (s.ok()) s = ReadWholeFile(annotated_path, &annotated_html);
    if (s.ok() && !L3sTruth(annotated_html, &page.truth)) {
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
  const fs::path input_dir = dir / "input", gold_dir = dir / "GoldStandard";
  std::set<std::string> inputs, golds;
  STORYLINE_RETURN_IF_ERROR(ListStems(input_dir, ".html", &inputs));
  STORYLINE_RETURN_IF_ERROR(ListStems(gold_dir, ".txt", &golds));
  ReportUnpaired(inputs, golds, gold_dir, ".txt", page_errors);
  ReportUnpaired(golds, inputs, input_dir, ".html", page_errors);
  for (const std::string& id : inputs) {
    if (!golds.contains(id)) continue;
    ExtractionPage page;
    page.id = id;
    std::string html, gold;
    Status s = ReadWholeFile(input_dir / (id + ".html"), &html);
    if (s.ok()) s = ReadWholeFile(gold_dir / (id + ".txt"), &gold);
    if (s.ok()) {
      page.html = UnwrapCleanEvalInput(std::move(html));
      page.truth = CleanEvalGoldText(gold);
      pages->push_back(std::move(page));
    } else {
      page_errors->push_back(s);
    }
  }
  return Status::Ok();
}

}  // namespace

bool ParseExtractionDataset(std::string_view name, ExtractionDataset* dataset) {
  if (name == "zyte") {
    *dataset = ExtractionDataset::kZyte;
  } else if (name == "l3s") {
    *dataset = ExtractionDataset::kL3s;
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
    case ExtractionDataset::kCleanEval:
      s = LoadCleanEval(dir, pages, page_errors);
      break;
  }
  if (s.ok() && pages->size() + page_errors->size() == before) {
    return Status::NotFound(dir + ": no pages");
  }
  return s;
}

}  // namespace storyline
