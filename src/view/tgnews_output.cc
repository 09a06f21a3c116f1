// The Telegram Data Clustering Contest's JSON (`storyline tgnews`): languages, threads, top.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>

#include "storyline/output.h"

namespace storyline {
namespace {

using Json = nlohmann::ordered_json;

// The contest names an article by its file name alone.
std::string_view BareName(std::string_view id) {
  size_t slash = id.rfind('/');
  return slash == std::string_view::npos ? id : id.substr(slash + 1);
}

Json ThreadsToJson(const PipelineResult& result) {
  const std::vector<Document>& docs = result.documents;
  std::vector<const DuplicateGroup*> group_of(docs.size(), nullptr);
  for (const DuplicateGroup& g : result.duplicates) group_of[g.original] = &g;
  Json threads = Json::array();
  for (const Story& story : result.stories) {
    Json articles = Json::array();
    // Independent reports first: a reader of the first few articles sees different sources.
    for (uint32_t m : story.members) articles.push_back(BareName(docs[m].id));
    for (uint32_t m : story.members) {
      const DuplicateGroup* group = group_of[m];
      if (group == nullptr) continue;
      std::vector<const CopyLink*> copies;
      for (const CopyLink& c : group->copies) copies.push_back(&c);
      std::stable_sort(copies.begin(), copies.end(), [](const CopyLink* a, const CopyLink* b) {
        return a->similarity > b->similarity;
      });
      for (const CopyLink* c : copies) articles.push_back(BareName(docs[c->doc].id));
    }
    threads.push_back(
        {{"title", docs[story.headline_doc].title}, {"articles", std::move(articles)}});
  }
  return threads;
}

// One array element per line, the array's lines indented by `indent`; no final newline.
void WriteArray(const Json& array, std::string_view indent, std::ostream& out) {
  out << '[';
  for (size_t i = 0; i < array.size(); ++i) {
    out << (i == 0 ? "\n" : ",\n") << indent << "  "
        << array[i].dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  if (!array.empty()) out << '\n' << indent;
  out << ']';
}

}  // namespace

void WriteTgnewsLanguages(const PipelineResult& result, std::ostream& out) {
  std::map<std::string_view, Json> by_language;
  for (const Document& d : result.documents) {
    if (d.text.language == "un") continue;
    Json& articles = by_language[d.text.language];
    if (articles.is_null()) articles = Json::array();
    articles.push_back(BareName(d.id));
  }
  std::vector<std::pair<std::string_view, Json>> languages(by_language.begin(), by_language.end());
  std::stable_sort(languages.begin(), languages.end(),
                   [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
  Json array = Json::array();
  for (auto& [code, articles] : languages) {
    array.push_back({{"lang_code", code}, {"articles", std::move(articles)}});
  }
  WriteArray(array, "", out);
  out << '\n';
}

void WriteTgnewsThreads(const PipelineResult& result, std::ostream& out) {
  WriteArray(ThreadsToJson(result), "", out);
  out << '\n';
}

void WriteTgnewsTop(const PipelineResult& result, std::ostream& out) {
  out << "[\n  {\"category\": \"any\", \"threads\": ";
  WriteArray(ThreadsToJson(result), "  ", out);
  out << "}\n]\n";
}

}  // namespace storyline
