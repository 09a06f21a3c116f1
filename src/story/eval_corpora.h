// The labelled evaluation sets of the story stage, read as story_eval_test and the similarity
// ceiling bench (bench/stories) read them. `data_dir` is ../shared/data; a loader returns an
// empty corpus when its files are absent.
//
// ECB+ (clustering/ecbplus_docs.jsonl): gold = subtopic_event_cluster. UCI News
// (clustering/uci-news-headlines.csv): gold = STORY, the headline as title, the timestamp as
// publication time. DUC 2004 (summaries/duc2004/docs): read as `storyline run` reads it, gold =
// the topic folder.
#ifndef STORYLINE_STORY_EVAL_CORPORA_H_
#define STORYLINE_STORY_EVAL_CORPORA_H_

#include <csv.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "storyline/document.h"
#include "storyline/pipeline.h"
#include "storyline/text.h"

namespace storyline::story {

struct Corpus {
  std::vector<Document> docs;
  std::vector<std::string> gold;
};

// ECB+ texts are tokenised lines; the "plus" half starts with a URL line, a title and a date.
inline Corpus LoadEcbPlus(const std::string& data_dir, TextAnalyzer& analyzer) {
  Corpus corpus;
  std::ifstream in(data_dir + "/clustering/ecbplus_docs.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    const nlohmann::json record = nlohmann::json::parse(line);
    std::vector<std::string> lines;
    std::istringstream text(record["text"].get<std::string>());
    for (std::string l; std::getline(text, l);) {
      const bool url = l.rfind("http", 0) == 0 || l.find(" / / ") != std::string::npos;
      if (!l.empty() && !url) lines.push_back(l);
    }
    Document d;
    d.id = record["doc"].get<std::string>();
    size_t first_paragraph = 0;
    // A first line without sentence-final punctuation is the title.
    if (!lines.empty() && lines[0].size() < 200 &&
        std::string(".?!'\"").find(lines[0].back()) == std::string::npos) {
      d.title = lines[0];
      first_paragraph = 1;
    }
    d.paragraphs.assign(lines.begin() + first_paragraph, lines.end());
    d.text = analyzer.Analyze(d.title, d.paragraphs, "en");
    corpus.docs.push_back(std::move(d));
    corpus.gold.push_back(record["subtopic_event_cluster"].get<std::string>());
  }
  return corpus;
}

struct CsvRows {
  std::vector<std::string> fields;
  std::vector<std::vector<std::string>> rows;
  static void OnField(void* s, size_t n, void* self) {
    static_cast<CsvRows*>(self)->fields.emplace_back(static_cast<const char*>(s), s ? n : 0);
  }
  static void OnRow(int, void* self) {
    auto* rows = static_cast<CsvRows*>(self);
    rows->rows.push_back(std::move(rows->fields));
    rows->fields.clear();
  }
};

// UCI: ID,TITLE,URL,PUBLISHER,CATEGORY,STORY,HOSTNAME,TIMESTAMP (epoch milliseconds).
inline Corpus LoadUciHeadlines(const std::string& data_dir, TextAnalyzer& analyzer) {
  std::ifstream in(data_dir + "/clustering/uci-news-headlines.csv", std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  const std::string bytes = content.str();
  csv_parser parser;
  csv_init(&parser, 0);
  CsvRows rows;
  csv_parse(&parser, bytes.data(), bytes.size(), CsvRows::OnField, CsvRows::OnRow, &rows);
  csv_fini(&parser, CsvRows::OnField, CsvRows::OnRow, &rows);
  csv_free(&parser);
  Corpus corpus;
  for (size_t i = 1; i < rows.rows.size(); ++i) {
    const std::vector<std::string>& r = rows.rows[i];
    if (r.size() < 8 || r[7].empty()) continue;
    Document d;
    d.id = r[0];
    d.title = r[1];
    d.published = std::stoll(r[7]) / 1000;
    d.text = analyzer.Analyze(d.title, {}, "en");
    corpus.docs.push_back(std::move(d));
    corpus.gold.push_back(r[5]);
  }
  return corpus;
}

// DUC 2004: 50 folders of 10 plain-text articles, read as `storyline run` reads them; the gold
// story is the folder.
inline Corpus LoadDuc(const std::string& data_dir) {
  Corpus corpus;
  PipelineResult result;
  if (!ReadAndAnalyze({data_dir + "/summaries/duc2004/docs"},
                      PipelineOptions(), &result)
           .ok()) {
    return corpus;
  }
  for (Document& d : result.documents) {
    corpus.gold.push_back(d.id.substr(0, d.id.find('/')));
    corpus.docs.push_back(std::move(d));
  }
  return corpus;
}

}  // namespace storyline::story

#endif  // STORYLINE_STORY_EVAL_CORPORA_H_
