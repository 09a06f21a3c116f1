#include "labels.h"

#include <cmath>
#include <cstdio>
#include <fstream>

namespace storyline::dedup_bench {
namespace {

constexpr const char* kColumns[] = {"id", "source", "transform", "rate", "story", "dataset"};

}  // namespace

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return fields;
}

std::string LabelsHeader() { return "id\tsource\ttransform\trate\tstory\tdataset\n"; }

std::string FormatRate(double rate) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", rate);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string FormatLabelRow(const LabelRow& row) {
  return row.id + "\t" + row.source + "\t" + std::string(TransformName(row.transform)) + "\t" +
         FormatRate(row.rate) + "\t" + row.story + "\t" + row.dataset + "\n";
}

Status ReadLabels(const std::string& path, std::vector<LabelRow>* rows) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open " + path);
  std::string line;
  size_t line_no = 0;
  auto error = [&](const std::string& what) {
    return Status::Corruption(path + ":" + std::to_string(line_no) + ": " + what);
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f = SplitTabs(line);
    if (line_no == 1) {
      if (f.size() != 6)
        return error("expected the header id, source, transform, rate, story, dataset");
      for (size_t i = 0; i < 6; ++i) {
        if (f[i] != kColumns[i]) return error("unexpected column `" + f[i] + "`");
      }
      continue;
    }
    if (line.empty()) continue;
    if (f.size() != 6) return error("expected 6 tab-separated fields");
    LabelRow row;
    row.id = f[0];
    row.source = f[1];
    if (!ParseTransform(f[2], &row.transform)) return error("unknown transform `" + f[2] + "`");
    char* end = nullptr;
    row.rate = std::strtod(f[3].c_str(), &end);
    if (end == f[3].c_str() || *end != '\0' || !std::isfinite(row.rate)) {
      return error("bad rate `" + f[3] + "`");
    }
    row.story = f[4];
    row.dataset = f[5];
    rows->push_back(std::move(row));
  }
  if (line_no == 0) return Status::Corruption(path + ": empty");
  return Status::Ok();
}

}  // namespace storyline::dedup_bench
