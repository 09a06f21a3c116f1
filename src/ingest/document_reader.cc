// DocumentReader over a list of inputs: directories, single pages, JSON Lines and CSV files.
#include <simdjson.h>
#include <csv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cctype>
#include <deque>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <unordered_set>

#include "ingest/byte_stream.h"
#include "storyline/ingest.h"
#include "storyline/timestamp.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

enum class InputKind { kDirectory, kPage, kJsonl, kCsv, kUnsupported };

InputKind KindOfPath(const std::string& path) {
  if (path == "-") return InputKind::kJsonl;
  std::string lower = Lower(path);
  for (const char* ext : {".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz"}) {
    if (EndsWith(lower, ext)) return InputKind::kJsonl;
  }
  for (const char* ext : {".csv", ".csv.gz", ".csv.zst"}) {
    if (EndsWith(lower, ext)) return InputKind::kCsv;
  }
  for (const char* ext : {".html", ".htm", ".txt"}) {
    if (EndsWith(lower, ext)) return InputKind::kPage;
  }
  return InputKind::kUnsupported;
}

RawDocument::Format PageFormat(std::string_view path) {
  std::string lower = Lower(path);
  return EndsWith(lower, ".txt") ? RawDocument::Format::kText : RawDocument::Format::kHtml;
}

// One input; yields items until exhausted.
class Source {
 public:
  virtual ~Source() = default;
  virtual std::optional<IngestItem> Next() = 0;
  virtual uint64_t BytesRead() const = 0;
};

// Reads one page file whole. Files are rejected when unreadable, empty, too large, or (plain
// text) not valid UTF-8; HTML may be in any charset the page declares.
IngestItem ReadPageFile(const fs::path& path, const std::string& id, const IngestOptions& options) {
  std::error_code ec;
  uint64_t size = fs::file_size(path, ec);
  if (ec) return Rejection{id, "unreadable file: " + ec.message()};
  if (size == 0) return Rejection{id, "empty file"};
  if (size > options.max_document_bytes) {
    return Rejection{id, "file too large: " + std::to_string(size) + " bytes (limit " +
                             std::to_string(options.max_document_bytes) + ")"};
  }
  std::ifstream in(path, std::ios::binary);
  RawDocument doc;
  doc.body.resize(size);
  if (!in || !in.read(doc.body.data(), static_cast<std::streamsize>(size))) {
    return Rejection{id, "unreadable file: " + std::string(std::strerror(errno))};
  }
  doc.id = id;
  doc.origin = path.string();
  doc.format = PageFormat(path.string());
  if (doc.format == RawDocument::Format::kText &&
      !simdjson::validate_utf8(doc.body.data(), doc.body.size())) {
    return Rejection{id, "invalid UTF-8"};
  }
  return doc;
}

class PageSource : public Source {
 public:
  PageSource(std::vector<std::pair<fs::path, std::string>> files, const IngestOptions& options)
      : files_(std::move(files)), options_(options) {}

  std::optional<IngestItem> Next() override {
    if (next_ >= files_.size()) return std::nullopt;
    const auto& [path, id] = files_[next_++];
    std::error_code ec;
    bytes_read_ += fs::file_size(path, ec);
    return ReadPageFile(path, id, options_);
  }
  uint64_t BytesRead() const override { return bytes_read_; }

 private:
  std::vector<std::pair<fs::path, std::string>> files_;
  IngestOptions options_;
  size_t next_ = 0;
  uint64_t bytes_read_ = 0;
};

// Lists the page files under `dir` (sorted, ids relative to `dir`); unreadable folders become
// rejections.
void ListDirectory(const fs::path& dir, std::vector<std::pair<fs::path, std::string>>* files,
                   std::vector<Rejection>* problems, uint64_t* total_bytes) {
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
  if (ec) {
    problems->push_back({dir.string(), "unreadable directory: " + ec.message()});
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      problems->push_back({it->path().string(), "unreadable directory: " + ec.message()});
      ec.clear();
      continue;
    }
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    std::string path = it->path().string();
    if (KindOfPath(path) != InputKind::kPage) continue;
    files->emplace_back(it->path(), it->path().lexically_relative(dir).generic_string());
    std::error_code size_ec;
    *total_bytes += fs::file_size(it->path(), size_ec);
  }
  std::sort(files->begin(), files->end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
}

// Field lookup shared by JSON Lines and CSV: which record field feeds which RawDocument field.
enum class Field { kId, kUrl, kTitle, kText, kHtml, kPublished, kSite, kLang, kNone };

Field FieldOfName(std::string_view name) {
  std::string n = Lower(name);
  if (n == "id" || n == "doc" || n == "doc_id") return Field::kId;
  if (n == "url" || n == "link") return Field::kUrl;
  if (n == "title" || n == "headline") return Field::kTitle;
  if (n == "text" || n == "body" || n == "content") return Field::kText;
  if (n == "html") return Field::kHtml;
  if (n == "published" || n == "timestamp" || n == "date" || n == "published_at" ||
      n == "time") {
    return Field::kPublished;
  }
  if (n == "site" || n == "publisher" || n == "hostname" || n == "source") return Field::kSite;
  if (n == "lang" || n == "language") return Field::kLang;
  return Field::kNone;
}

// Sets one field of `doc`; returns an error message for a bad value, empty when fine.
std::string SetField(Field field, std::string_view value, RawDocument* doc, bool* has_body) {
  switch (field) {
    case Field::kId:
      doc->id = value;
      break;
    case Field::kUrl:
      doc->url = value;
      break;
    case Field::kTitle:
      doc->title = value;
      break;
    case Field::kText:
      if (!*has_body || doc->format == RawDocument::Format::kText) {
        doc->body = value;
        doc->format = RawDocument::Format::kText;
        *has_body = true;
      }
      break;
    case Field::kHtml:  // html wins over text when both are given
      doc->body = value;
      doc->format = RawDocument::Format::kHtml;
      *has_body = true;
      break;
    case Field::kPublished:
      if (!value.empty()) {
        doc->published = ParseTimestamp(value);
        if (!doc->published) return "unparseable published time '" + std::string(value) + "'";
      }
      break;
    case Field::kSite:
      if (doc->site.empty()) doc->site = value;
      break;
    case Field::kLang:
      doc->language = value;
      break;
    case Field::kNone:
      break;
  }
  return {};
}

// One JSON object (a JSON Lines record or a request body) as a document; `where` names it.
IngestItem ParseJsonRecordWith(simdjson::dom::parser& parser, std::string_view line,
                              const std::string& where, const IngestOptions& options) {
  if (line.size() > options.max_document_bytes) {
    return Rejection{where, "record too large: " + std::to_string(line.size()) + " bytes"};
  }
  if (!simdjson::validate_utf8(line.data(), line.size())) {
    return Rejection{where, "invalid UTF-8"};
  }
  simdjson::padded_string padded(line);
  simdjson::dom::element root;
  auto error = parser.parse(padded).get(root);
  if (error) return Rejection{where, std::string("malformed JSON: ") + simdjson::error_message(error)};
  simdjson::dom::object object;
  if (root.get(object)) return Rejection{where, "malformed JSON: a line must hold an object"};

  RawDocument doc;
  doc.origin = where;
  doc.from_record = true;
  bool has_body = false;
  for (auto [key, value] : object) {
    Field field = FieldOfName(key);
    if (field == Field::kNone) continue;
    // A string is read in place (SetField copies it once); a number is formatted into `number`.
    std::string_view text;
    std::string number;
    if (value.is_string()) {
      text = value.get_string().value();
    } else if (value.is_int64() || value.is_uint64()) {
      number = std::to_string(value.is_int64() ? value.get_int64().value()
                                               : int64_t(value.get_uint64().value()));
      text = number;
    } else if (value.is_double()) {
      number = std::to_string(static_cast<int64_t>(value.get_double().value()));
      text = number;
    } else if (value.is_null()) {
      continue;
    } else {
      return Rejection{where, "field '" + std::string(key) + "' must be a string"};
    }
    std::string problem = SetField(field, text, &doc, &has_body);
    if (!problem.empty()) return Rejection{where, problem};
  }
  if (doc.id.empty()) doc.id = where;
  if (!has_body) return Rejection{doc.id, "record has no 'text' or 'html' field (" + where + ")"};
  return doc;
}

}  // namespace

IngestItem ParseJsonRecord(std::string_view json, const std::string& where,
                           const IngestOptions& options) {
  thread_local simdjson::dom::parser parser;
  return ParseJsonRecordWith(parser, json, where, options);
}

namespace {

class JsonlSource : public Source {
 public:
  JsonlSource(std::string path, std::unique_ptr<ByteStream> stream, const IngestOptions& options)
      : path_(std::move(path)), lines_(std::move(stream)), options_(options) {}

  std::optional<IngestItem> Next() override {
    std::string_view line;
    for (;;) {
      if (!lines_.Next(&line)) {
        if (!lines_.stream().status().ok() && !reported_stream_error_) {
          reported_stream_error_ = true;
          return Rejection{Where(), "read error: " + lines_.stream().status().ToString()};
        }
        return std::nullopt;
      }
      if (line.find_first_not_of(" \t") != std::string_view::npos) break;
    }
    return ParseLine(line);
  }
  uint64_t BytesRead() const override { return lines_.stream().RawBytesRead(); }

 private:
  std::string Where() const {
    return (path_ == "-" ? std::string("<stdin>") : path_) + ":" +
           std::to_string(lines_.line_number());
  }

  IngestItem ParseLine(std::string_view line) {
    return ParseJsonRecordWith(parser_, line, Where(), options_);
  }

  std::string path_;
  LineReader lines_;
  IngestOptions options_;
  simdjson::dom::parser parser_;
  bool reported_stream_error_ = false;
};

// CSV with a header row, parsed by libcsv; records are fed line by line so that errors and
// record-less ids can name the line a record ends on.
class CsvSource : public Source {
 public:
  CsvSource(std::string path, std::unique_ptr<ByteStream> stream, const IngestOptions& options)
      : path_(std::move(path)), lines_(std::move(stream)), options_(options) {
    csv_init(&parser_, CSV_APPEND_NULL);
  }
  ~CsvSource() override { csv_free(&parser_); }

  std::optional<IngestItem> Next() override {
    while (pending_.empty()) {
      if (finished_) return std::nullopt;
      std::string_view line;
      if (!lines_.Next(&line)) {
        csv_fini(&parser_, &CsvSource::OnField, &CsvSource::OnRecord, this);
        finished_ = true;
        if (!lines_.stream().status().ok()) {
          pending_.push_back(Rejection{Where(), "read error: " + lines_.stream().status().ToString()});
        }
        continue;
      }
      std::string with_newline(line);
      with_newline.push_back('\n');
      if (csv_parse(&parser_, with_newline.data(), with_newline.size(), &CsvSource::OnField,
                    &CsvSource::OnRecord, this) != with_newline.size()) {
        pending_.push_back(Rejection{Where(), std::string("malformed CSV: ") +
                                                  csv_strerror(csv_error(&parser_))});
        finished_ = true;
      }
    }
    IngestItem item = std::move(pending_.front());
    pending_.pop_front();
    return item;
  }
  uint64_t BytesRead() const override { return lines_.stream().RawBytesRead(); }

 private:
  std::string Where() const { return path_ + ":" + std::to_string(lines_.line_number()); }

  static void OnField(void* data, size_t len, void* self) {
    static_cast<CsvSource*>(self)->row_.emplace_back(static_cast<const char*>(data), len);
  }
  static void OnRecord(int, void* self) { static_cast<CsvSource*>(self)->EndRecord(); }

  void EndRecord() {
    std::vector<std::string> row = std::move(row_);
    row_.clear();
    if (columns_.empty()) {  // the header
      for (const std::string& name : row) columns_.push_back(FieldOfName(name));
      if (std::find(columns_.begin(), columns_.end(), Field::kTitle) == columns_.end() &&
          std::find(columns_.begin(), columns_.end(), Field::kText) == columns_.end() &&
          std::find(columns_.begin(), columns_.end(), Field::kHtml) == columns_.end()) {
        pending_.push_back(Rejection{Where(), "CSV header has no title, text or html column"});
        finished_ = true;
      }
      return;
    }
    if (row.size() != columns_.size()) {
      pending_.push_back(Rejection{Where(), "malformed CSV: " + std::to_string(row.size()) +
                                                " fields, header has " +
                                                std::to_string(columns_.size())});
      return;
    }
    RawDocument doc;
    doc.origin = Where();
    doc.from_record = true;
    bool has_body = false;
    for (size_t i = 0; i < row.size(); ++i) {
      std::string problem = SetField(columns_[i], row[i], &doc, &has_body);
      if (!problem.empty()) {
        pending_.push_back(Rejection{Where(), problem});
        return;
      }
    }
    if (doc.id.empty()) doc.id = Where();
    if (!simdjson::validate_utf8(doc.title.data(), doc.title.size()) ||
        !simdjson::validate_utf8(doc.body.data(), doc.body.size())) {
      pending_.push_back(Rejection{doc.id, "invalid UTF-8"});
      return;
    }
    if (doc.body.empty() && doc.title.empty()) {
      pending_.push_back(Rejection{doc.id, "record has no title and no text"});
      return;
    }
    pending_.push_back(std::move(doc));
  }

  std::string path_;
  LineReader lines_;
  IngestOptions options_;
  csv_parser parser_;
  std::vector<Field> columns_;
  std::vector<std::string> row_;
  std::deque<IngestItem> pending_;
  bool finished_ = false;
};

class MultiReader : public DocumentReader {
 public:
  MultiReader(std::vector<std::unique_ptr<Source>> sources, std::vector<Rejection> problems,
              uint64_t total)
      : sources_(std::move(sources)), problems_(problems.begin(), problems.end()), total_(total) {}

  std::optional<IngestItem> Next() override {
    if (!problems_.empty()) {
      IngestItem item = std::move(problems_.front());
      problems_.pop_front();
      return item;
    }
    while (current_ < sources_.size()) {
      std::optional<IngestItem> item = sources_[current_]->Next();
      if (!item) {
        done_bytes_ += sources_[current_]->BytesRead();
        sources_[current_].reset();
        ++current_;
        continue;
      }
      if (auto* doc = std::get_if<RawDocument>(&*item)) {
        if (!seen_ids_.insert(doc->id).second) {
          return Rejection{doc->id, "duplicate id (also at " + doc->origin + ")"};
        }
      }
      return item;
    }
    return std::nullopt;
  }

  uint64_t BytesRead() const override {
    uint64_t n = done_bytes_;
    if (current_ < sources_.size()) n += sources_[current_]->BytesRead();
    return n;
  }
  uint64_t BytesTotal() const override { return total_; }

 private:
  std::vector<std::unique_ptr<Source>> sources_;
  std::deque<Rejection> problems_;
  uint64_t total_;
  size_t current_ = 0;
  uint64_t done_bytes_ = 0;
  std::unordered_set<std::string> seen_ids_;
};

}  // namespace

Status OpenDocumentReader(const std::vector<std::string>& inputs, const IngestOptions& options,
                          std::unique_ptr<DocumentReader>* reader) {
  std::vector<std::unique_ptr<Source>> sources;
  std::vector<Rejection> problems;
  uint64_t total = 0;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (input != "-" && !fs::exists(input, ec)) {
      return Status::NotFound("cannot open '" + input + "': no such file or directory");
    }
    if (input != "-" && fs::is_directory(input, ec)) {
      std::vector<std::pair<fs::path, std::string>> files;
      ListDirectory(input, &files, &problems, &total);
      sources.push_back(std::make_unique<PageSource>(std::move(files), options));
      continue;
    }
    InputKind kind = KindOfPath(input);
    if (input != "-") total += fs::file_size(input, ec);
    switch (kind) {
      case InputKind::kPage:
        sources.push_back(std::make_unique<PageSource>(
            std::vector<std::pair<fs::path, std::string>>{{input, input}}, options));
        break;
      case InputKind::kJsonl:
      case InputKind::kCsv: {
        std::unique_ptr<ByteStream> stream;
        STORYLINE_RETURN_IF_ERROR(OpenByteStream(input, &stream));
        if (kind == InputKind::kJsonl) {
          sources.push_back(std::make_unique<JsonlSource>(input, std::move(stream), options));
        } else {
          sources.push_back(std::make_unique<CsvSource>(input, std::move(stream), options));
        }
        break;
      }
      default:
        return Status::InvalidArgument(
            "'" + input +
            "': unsupported input (use a directory, .html/.htm/.txt, .jsonl[.gz|.zst], .csv or -)");
    }
  }
  *reader = std::make_unique<MultiReader>(std::move(sources), std::move(problems), total);
  return Status::Ok();
}

}  // namespace storyline
