// storyline dedup <inputs...> [-o FILE] [--threshold X] [--relations LIST]
//                 [--keep-originals-only] [--threads N]
//
// The copy finding of `storyline run` alone (RunDedup: same reading, extraction, analysis and
// FindDuplicates), reported per document as JSON Lines, or the deduplicated corpus itself.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "storyline/dedup.h"
#include "storyline/pipeline.h"
#include "storyline/timestamp.h"

namespace storyline {
namespace {

using Json = nlohmann::ordered_json;

struct DedupArgs {
  std::vector<std::string> inputs;
  std::string output_file;
  std::vector<std::string> relations = {"exact", "near", "partial", "rewrite"};
  bool keep_originals_only = false;
  int threads = 0;
  bool quiet = false;
  PipelineOptions options;
};

constexpr CopyRelation kRelations[] = {CopyRelation::kExact, CopyRelation::kNear,
                                       CopyRelation::kPartial, CopyRelation::kRewrite};

double Round3(double x) { return std::round(x * 1000.0) / 1000.0; }

// Where each accepted document stands: its group (1-based, 0 = unique) and its link.
struct Placement {
  size_t group = 0;
  const CopyLink* copy = nullptr;  // null for an original or a unique document
};

std::vector<Placement> PlaceDocuments(const PipelineResult& result) {
  std::vector<Placement> placement(result.documents.size());
  // FindDuplicates orders groups by original, so g1, g2, ... follow the originals' input order.
  for (size_t g = 0; g < result.duplicates.size(); ++g) {
    const DuplicateGroup& group = result.duplicates[g];
    placement[group.original].group = g + 1;
    for (const CopyLink& c : group.copies) placement[c.doc] = {g + 1, &c};
  }
  return placement;
}

void WriteReport(const PipelineResult& result, const std::vector<Placement>& placement,
                 std::ostream& out) {
  for (size_t i = 0; i < result.documents.size(); ++i) {
    const Placement& p = placement[i];
    Json line;
    line["doc"] = result.documents[i].id;
    if (p.group == 0) {
      line["group"] = nullptr;
      line["original"] = nullptr;
      line["relation"] = "unique";
      line["similarity"] = nullptr;
    } else {
      const DuplicateGroup& g = result.duplicates[p.group - 1];
      line["group"] = "g" + std::to_string(p.group);
      line["original"] = result.documents[g.original].id;
      line["relation"] = p.copy ? CopyRelationName(p.copy->relation) : "original";
      line["similarity"] = p.copy ? Round3(p.copy->similarity) : 1.0;
    }
    out << line.dump() << "\n";
  }
  for (const Rejection& r : result.rejected) {
    out << Json{{"doc", r.doc}, {"rejected", r.reason}}.dump() << "\n";
  }
}

void WriteOriginals(const PipelineResult& result, const std::vector<Placement>& placement,
                    std::ostream& out) {
  for (size_t i = 0; i < result.documents.size(); ++i) {
    if (placement[i].copy) continue;
    const Document& d = result.documents[i];
    std::string text;
    for (const std::string& paragraph : d.paragraphs) {
      if (!text.empty()) text += "\n\n";
      text += paragraph;
    }
    Json record;
    record["id"] = d.id;
    record["url"] = d.url;
    record["title"] = d.title;
    record["text"] = std::move(text);
    record["published"] = d.published ? Json(FormatTimestamp(*d.published)) : Json(nullptr);
    record["site"] = d.site;
    record["lang"] = d.text.language;
    out << record.dump() << "\n";
  }
}

void WriteSummary(const PipelineResult& result, const std::vector<Placement>& placement,
                  std::ostream& err) {
  size_t by_relation[std::size(kRelations)] = {};
  size_t copies = 0, unique = 0;
  for (const Placement& p : placement) {
    if (p.copy) {
      ++by_relation[static_cast<size_t>(p.copy->relation)];
      ++copies;
    } else if (p.group == 0) {
      ++unique;
    }
  }
  char seconds[32];
  std::snprintf(seconds, sizeof(seconds), "%.2f", result.seconds);
  err << "storyline: " << result.documents.size() + result.rejected.size() << " documents -> "
      << result.duplicates.size() << " groups, " << copies << " copies (";
  for (CopyRelation r : kRelations) {
    err << (r == kRelations[0] ? "" : ", ") << by_relation[static_cast<size_t>(r)] << " "
        << CopyRelationName(r);
  }
  err << "), " << unique << " unique, " << result.rejected.size() << " rejected (" << seconds
      << " s)\n";
}

int Dedup(const DedupArgs& args) {
  PipelineOptions options = args.options;
  options.threads = args.threads;
  options.dedup.copy_relations = 0;
  for (const std::string& name : args.relations) {
    for (CopyRelation r : kRelations) {
      if (name == CopyRelationName(r)) options.dedup.copy_relations |= RelationBit(r);
    }
  }
  ProgressBar bar(!args.quiet && ProgressBar::StderrIsTerminal());
  PipelineResult result;
  Status status =
      RunDedup(args.inputs, options, &result, [&](const PipelineProgress& p) { bar.Update(p); });
  bar.Finish();
  if (!status.ok()) {
    std::cerr << "storyline: " << status.message() << "\n";
    return status.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitFailure;
  }
  PrintRejections(result.rejected, std::cerr);

  const std::vector<Placement> placement = PlaceDocuments(result);
  auto write = [&](std::ostream& out) {
    if (args.keep_originals_only) {
      WriteOriginals(result, placement, out);
    } else {
      WriteReport(result, placement, out);
    }
  };
  if (args.output_file.empty()) {
    write(std::cout);
    std::cout.flush();
  } else {
    if (!WriteFileAtomically(args.output_file, write)) {
      std::cerr << "storyline: cannot write " << args.output_file << "\n";
      return kExitFailure;
    }
    if (!args.quiet) std::cerr << "storyline: wrote " << args.output_file << "\n";
  }
  if (!args.quiet) WriteSummary(result, placement, std::cerr);
  if (result.documents.empty()) {
    std::cerr << "storyline: nothing could be read: no document was accepted\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void RegisterDedupCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DedupArgs>();
  CLI::App* cmd =
      app.add_subcommand("dedup", "Find copies only (the duplicate stage of `run`, no stories)");
  cmd->footer(
      "Output (JSON Lines, accepted documents in input order, then the rejected ones):\n"
      "  {\"doc\": ID, \"group\": \"g1\", \"original\": ID, \"relation\": R, \"similarity\": S}\n"
      "  R is original, exact, near, partial or rewrite (copies name their group's original\n"
      "  and the measured similarity, 3 decimals), or unique (group, original and similarity\n"
      "  null). Groups g1, g2, ... follow their originals' input order; the original is the\n"
      "  earliest published member. Rejected inputs: {\"doc\": ID, \"rejected\": REASON}.\n"
      "With --keep-originals-only: one {\"id\", \"url\", \"title\", \"text\", \"published\", "
      "\"site\", \"lang\"}\n"
      "  per original or unique document (text = paragraphs joined by blank lines).\n"
      "Exit codes: 0 success, 1 nothing could be read, 2 usage error.\n");
  cmd->add_option("inputs", args->inputs,
                  "Directories (.html/.htm/.txt below them), .jsonl[.gz|.zst] or .csv files, "
                  "single pages, or - for JSON Lines on stdin (as for `run`)")
      ->required();
  cmd->add_option("-o,--output", args->output_file,
                  "Write the JSON Lines to this file (atomically) instead of stdout");
  cmd->add_option("--threshold", args->options.dedup.near_jaccard,
                  "Word-shingle Jaccard similarity from which a pair is a near copy")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--relations", args->relations,
                  "Comma-separated relations that count as copies; a pair whose (strongest) "
                  "relation is not listed is no copy, and groups are formed without it")
      ->delimiter(',')
      ->check(CLI::IsMember({"exact", "near", "partial", "rewrite"}))
      ->capture_default_str();
  cmd->add_flag("--keep-originals-only", args->keep_originals_only,
                "Write the deduplicated corpus (originals and unique documents) instead of the "
                "report");
  cmd->add_option("--threads", args->threads, "Worker threads (0 = all cores)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", args->quiet, "No progress bar and no summary on stderr");
  cmd->add_option("--min-words", args->options.extract.min_body_words,
                  "Pages with fewer words of main text are rejected")
      ->capture_default_str();
  cmd->callback([args, exit_code] { *exit_code = Dedup(*args); });
}

}  // namespace storyline
