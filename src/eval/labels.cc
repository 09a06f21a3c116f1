// Readers for gold labels (JSON Lines, CSV) and for storyline's own output (stories.json or
// its JSON Lines form), both into doc -> label maps.
#include <csv.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storyline/eval.h"

namespace storyline {
namespace {

using json = nlohmann::json;
using LabelMap = std::unordered_map<std::string, std::string>;

std::string Where(const std::string& path, size_t line) {
  return path + ":" + std::to_string(line);
}

bool EndsWithCsv(const std::string& path) {
  if (path.size() < 4) return false;
  std::string ext = path.substr(path.size() - 4);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".csv";
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// A JSON string or number as label text; false for anything else.
bool ScalarText(const json& value, std::string* out) {
  if (value.is_string()) {
    *out = value.get<std::string>();
    return true;
  }
  if (value.is_number()) {
    *out = value.dump();
    return true;
  }
  return false;
}

bool IsBlank(std::string_view line) {
  return std::all_of(line.begin(), line.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

Status ReadGoldJsonl(const std::string& path, std::istream& in, const std::string& field,
                     LabelMap* labels) {
  const std::string label_field = field.empty() ? "label" : field;
  std::string line;
  for (size_t line_no = 1; std::getline(in, line); ++line_no) {
    if (IsBlank(line)) continue;
    json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded() || !record.is_object()) {
      return Status::Corruption(Where(path, line_no) + ": not a JSON object");
    }
    std::string doc, label;
    auto doc_it = record.find("doc");
    if (doc_it == record.end()) doc_it = record.find("id");
    if (doc_it == record.end() || !ScalarText(*doc_it, &doc) || doc.empty()) {
      return Status::Corruption(Where(path, line_no) + ": no `doc` or `id`");
    }
    auto label_it = record.find(label_field);
    if (label_it == record.end() || !ScalarText(*label_it, &label)) {
      return Status::Corruption(Where(path, line_no) + ": no `" + label_field + "`");
    }
    (*labels)[doc] = label;
  }
  return Status::Ok();
}

// Collects libcsv's callbacks into rows, remembering the line where each row began.
struct CsvRows {
  size_t current_line = 0;
  size_t row_line = 0;  // 0 until the current row's first field arrives
  std::vector<std::string> fields;
  std::vector<std::pair<size_t, std::vector<std::string>>> rows;

  static void OnField(void* data, size_t len, void* self_ptr) {
    auto* self = static_cast<CsvRows*>(self_ptr);
    if (self->row_line == 0) self->row_line = self->current_line;
    self->fields.emplace_back(data ? static_cast<const char*>(data) : "", data ? len : 0);
  }
  static void OnRow(int /*terminator*/, void* self_ptr) {
    auto* self = static_cast<CsvRows*>(self_ptr);
    self->rows.emplace_back(self->row_line ? self->row_line : self->current_line,
                            std::move(self->fields));
    self->fields.clear();
    self->row_line = 0;
  }
};

Status ReadGoldCsv(const std::string& path, std::istream& in, const std::string& field,
                   LabelMap* labels) {
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    return Status::IoError(path + ": cannot start the CSV parser");
  }
  CsvRows rows;
  std::string line;
  Status status;
  // Fed line by line so that rows (and errors) know their line numbers.
  bool cut_off = false;  // the file ends without a newline
  while (std::getline(in, line)) {
    ++rows.current_line;
    cut_off = in.eof();
    line.push_back('\n');
    if (csv_parse(&parser, line.data(), line.size(), CsvRows::OnField, CsvRows::OnRow, &rows) !=
        line.size()) {
      status = Status::Corruption(Where(path, rows.current_line) + ": " +
                                  csv_strerror(csv_error(&parser)));
      break;
    }
  }
  if (status.ok() && csv_fini(&parser, CsvRows::OnField, CsvRows::OnRow, &rows) != 0) {
    status = Status::Corruption(Where(path, rows.row_line ? rows.row_line : rows.current_line) +
                                ": " + csv_strerror(csv_error(&parser)));
  }
  csv_free(&parser);
  if (!status.ok()) return status;
  if (rows.rows.empty()) return Status::Corruption(path + ": empty CSV file (no header)");

  const std::vector<std::string>& header = rows.rows.front().second;
  auto find_column = [&header](std::string_view name) -> int {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    for (size_t i = 0; i < header.size(); ++i) {
      if (EqualsIgnoreCase(header[i], name)) return static_cast<int>(i);
    }
    return -1;
  };
  const size_t header_line = rows.rows.front().first;
  int id_column = find_column("id");
  if (id_column < 0) id_column = find_column("doc");
  if (id_column < 0) {
    return Status::Corruption(Where(path, header_line) + ": header has no `id` or `doc` column");
  }
  int label_column = -1;
  if (!field.empty()) {
    label_column = find_column(field);
  } else {
    label_column = find_column("label");
    if (label_column < 0) label_column = find_column("STORY");
  }
  if (label_column < 0) {
    return Status::Corruption(Where(path, header_line) + ": header has no `" +
                              (field.empty() ? std::string("label` or `STORY") : field) +
                              "` column");
  }
  const size_t needed = static_cast<size_t>(std::max(id_column, label_column)) + 1;
  for (size_t r = 1; r < rows.rows.size(); ++r) {
    const auto& [row_line, fields] = rows.rows[r];
    if (fields.size() < needed && r + 1 == rows.rows.size() && cut_off) {
      break;  // a last record cut off mid-line (e.g. by `head -c`) is not data
    }
    if (fields.size() < needed) {
      return Status::Corruption(Where(path, row_line) + ": " + std::to_string(fields.size()) +
                                " fields, the header has " + std::to_string(header.size()));
    }
    if (fields[id_column].empty()) {
      return Status::Corruption(Where(path, row_line) + ": empty id");
    }
    (*labels)[fields[id_column]] = fields[label_column];
  }
  return Status::Ok();
}

// Adds one story object's members (and their copies) to `labels`, and its headline to
// `headlines` when both exist.
Status AddStory(const json& story, const std::string& where, size_t index, LabelMap* labels,
                LabelMap* headlines) {
  if (!story.is_object()) return Status::Corruption(where + ": a story is not an object");
  std::string id;
  auto id_it = story.find("id");
  if (id_it == story.end() || !ScalarText(*id_it, &id)) {
    id = "#";  // stories without an id still count as clusters
    id += std::to_string(index);
  }
  auto members = story.find("members");
  if (members == story.end() || !members->is_array()) {
    return Status::Corruption(where + ": story `" + id + "` has no `members` array");
  }
  auto headline = story.find("headline");
  if (headlines != nullptr && headline != story.end() && headline->is_string()) {
    (*headlines)[id] = headline->get<std::string>();
  }
  auto add_doc = [&](const json& entry) -> Status {
    std::string doc;
    if (entry.is_string()) {
      doc = entry.get<std::string>();
    } else if (entry.is_object()) {
      auto doc_it = entry.find("doc");
      if (doc_it == entry.end() || !ScalarText(*doc_it, &doc)) {
        return Status::Corruption(where + ": a member of story `" + id + "` has no `doc`");
      }
    } else {
      return Status::Corruption(where + ": a member of story `" + id + "` is not an object");
    }
    labels->emplace(doc, id);
    return Status::Ok();
  };
  for (const json& member : *members) {
    STORYLINE_RETURN_IF_ERROR(add_doc(member));
    if (!member.is_object()) continue;
    auto copies = member.find("copies");
    if (copies == member.end()) continue;
    if (!copies->is_array()) {
      return Status::Corruption(where + ": `copies` in story `" + id + "` is not an array");
    }
    for (const json& copy : *copies) STORYLINE_RETURN_IF_ERROR(add_doc(copy));
  }
  return Status::Ok();
}

}  // namespace

Status ReadGoldLabels(const std::string& path, const std::string& field, LabelMap* labels) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open");
  if (EndsWithCsv(path)) return ReadGoldCsv(path, in, field, labels);
  return ReadGoldJsonl(path, in, field, labels);
}

Status ReadPredictedLabels(const std::string& path, LabelMap* labels, LabelMap* headlines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string content = buffer.str();

  // stories.json: one object with `stories`.
  json whole = json::parse(content, nullptr, /*allow_exceptions=*/false);
  if (!whole.is_discarded() && whole.is_object() && whole.contains("stories")) {
    const json& stories = whole["stories"];
    if (!stories.is_array()) return Status::Corruption(path + ": `stories` is not an array");
    for (size_t i = 0; i < stories.size(); ++i) {
      STORYLINE_RETURN_IF_ERROR(AddStory(stories[i], path + ": story " + std::to_string(i + 1),
                                         i + 1, labels, headlines));
    }
    return Status::Ok();
  }

  // JSON Lines: {"type":"story",...} per line; other record types are skipped.
  std::istringstream lines(content);
  std::string line;
  size_t stories = 0;
  for (size_t line_no = 1; std::getline(lines, line); ++line_no) {
    if (IsBlank(line)) continue;
    json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded() || !record.is_object()) {
      return Status::Corruption(Where(path, line_no) +
                                ": neither a stories.json nor a JSON Lines record");
    }
    auto type = record.find("type");
    if (type == record.end() || !type->is_string() || *type != "story") continue;
    STORYLINE_RETURN_IF_ERROR(AddStory(record, Where(path, line_no), ++stories, labels, headlines));
  }
  return Status::Ok();
}

}  // namespace storyline
