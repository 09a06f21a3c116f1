// storyline extract FILE... [--explain] [--pretty]: the extracted fields of each page as JSON.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "storyline/extract.h"
#include "storyline/ingest.h"
#include "storyline/text.h"
#include "storyline/timestamp.h"

namespace storyline {
namespace {

using Json = nlohmann::ordered_json;

struct ExtractArgs {
  std::vector<std::string> files;
  bool explain = false;
  bool pretty = false;
};

int Extract(const ExtractArgs& args) {
  std::unique_ptr<DocumentReader> reader;
  Status status = OpenDocumentReader(args.files, IngestOptions{}, &reader);
  if (!status.ok()) {
    std::cerr << "storyline: " << status.message() << "\n";
    return status.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitFailure;
  }
  TextAnalyzer analyzer{TextOptions{}};
  ExtractOptions options;
  size_t extracted = 0, failed = 0;
  while (auto item = reader->Next()) {
    Json j;
    if (auto* rejection = std::get_if<Rejection>(&*item)) {
      std::cerr << "storyline: rejected " << rejection->doc << ": " << rejection->reason << "\n";
      j["doc"] = rejection->doc;
      j["error"] = rejection->reason;
      ++failed;
    } else {
      RawDocument& raw = std::get<RawDocument>(*item);
      std::vector<BlockDecision> blocks;
      Article article;
      if (raw.format == RawDocument::Format::kHtml) {
        article =
            args.explain ? ExplainHtml(raw.body, options, &blocks) : ExtractHtml(raw.body, options);
      } else {
        article = args.explain ? ExplainPlainText(raw.body, options, &blocks)
                               : ExtractPlainText(raw.body, options);
      }
      TextFeatures features = analyzer.Analyze(article.title, article.paragraphs, raw.language);
      j["doc"] = raw.id;
      j["title"] = article.title;
      j["published"] = article.published ? Json(FormatTimestamp(*article.published)) : Json();
      j["site"] = article.site_name;
      j["url"] = article.canonical_url;
      j["author"] = article.author;
      j["language"] = features.language;
      j["language_confidence"] = features.language_confidence;
      j["words"] = features.body.size();
      j["paragraphs"] = article.paragraphs;
      if (args.explain) {
        Json list = Json::array();
        for (const BlockDecision& b : blocks) {
          list.push_back({{"kept", b.kept}, {"reason", b.reason}, {"text", b.text}});
        }
        j["blocks"] = std::move(list);
      }
      ++extracted;
    }
    std::cout << j.dump(args.pretty ? 2 : -1, ' ', false, Json::error_handler_t::replace) << "\n";
  }
  std::cout.flush();
  return extracted > 0 || failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace

void RegisterExtractCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ExtractArgs>();
  CLI::App* cmd = app.add_subcommand(
      "extract", "Print the extracted article of each page as JSON, one object per line");
  cmd->add_option("files", args->files, "Pages (.html/.htm/.txt), directories or .jsonl files")
      ->required();
  cmd->add_flag("--explain", args->explain,
                "Also list every block with the decision taken and its reason");
  cmd->add_flag("--pretty", args->pretty, "Indent the JSON for reading");
  cmd->callback([args, exit_code] { *exit_code = Extract(*args); });
}

}  // namespace storyline
