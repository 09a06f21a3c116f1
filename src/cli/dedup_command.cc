// storyline dedup <inputs...> [-o FILE] [--threshold X] [--relations LIST] [--index FILE]
//                 [--keep-originals-only] [--threads N]
//
// The copy finding of `storyline run` alone (RunDedup: same reading, extraction, analysis and
// FindDuplicates), reported per document as JSON Lines, or the deduplicated corpus itself.
// With --index, the batch is added to a saved DedupIndex and checked against what it holds.
#include <tbb/parallel_for.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "storyline/dedup.h"
#include "storyline/dedup_index.h"
#include "storyline/pipeline.h"
#include "storyline/timestamp.h"

namespace storyline {
namespace {

using Json = nlohmann::ordered_json;

struct DedupArgs {
  std::vector<std::string> inputs;
  std::string output_file;
  std::string index_file;
  std::string signature = "minhash";
  std::vector<std::string> relations = {"exact", "near", "partial", "rewrite"};
  bool keep_originals_only = false;
  int threads = 0;
  bool quiet = false;
  PipelineOptions options;
};

constexpr CopyRelation kRelations[] = {CopyRelation::kExact, CopyRelation::kNear,
                                       CopyRelation::kPartial, CopyRelation::kRewrite};

double Round3(double x) { return std::round(x * 1000.0) / 1000.0; }

// Where each accepted document stands: its group ("" = unique), the group's original, and its
// link to it (none for the original itself).
struct Outcome {
  std::string group;
  std::string original;
  std::optional<CopyRelation> relation;
  double similarity = 1;
};

std::vector<Outcome> BatchOutcomes(const PipelineResult& result) {
  std::vector<Outcome> out(result.documents.size());
  // FindDuplicates orders groups by original, so g1, g2, ... follow the originals' input order.
  for (size_t g = 0; g < result.duplicates.size(); ++g) {
    const DuplicateGroup& group = result.duplicates[g];
    const std::string name = "g" + std::to_string(g + 1);
    const std::string& original = result.documents[group.original].id;
    out[group.original] = {name, original, std::nullopt, 1};
    for (const CopyLink& c : group.copies) out[c.doc] = {name, original, c.relation, c.similarity};
  }
  return out;
}

void WriteReport(const PipelineResult& result, const std::vector<Outcome>& outcomes,
                 std::ostream& out) {
  for (size_t i = 0; i < result.documents.size(); ++i) {
    const Outcome& o = outcomes[i];
    Json line;
    line["doc"] = result.documents[i].id;
    if (o.group.empty()) {
      line["group"] = nullptr;
      line["original"] = nullptr;
      line["relation"] = "unique";
      line["similarity"] = nullptr;
    } else {
      line["group"] = o.group;
      line["original"] = o.original;
      line["relation"] = o.relation ? CopyRelationName(*o.relation) : "original";
      line["similarity"] = o.relation ? Round3(o.similarity) : 1.0;
    }
    out << line.dump() << "\n";
  }
  for (const Rejection& r : result.rejected) {
    out << Json{{"doc", r.doc}, {"rejected", r.reason}}.dump() << "\n";
  }
}

void WriteOriginals(const PipelineResult& result, const std::vector<Outcome>& outcomes,
                    std::ostream& out) {
  for (size_t i = 0; i < result.documents.size(); ++i) {
    if (outcomes[i].relation) continue;
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

void WriteSummary(const PipelineResult& result, const std::vector<Outcome>& outcomes,
                  std::ostream& err) {
  size_t by_relation[std::size(kRelations)] = {};
  size_t copies = 0, unique = 0;
  std::set<std::string> groups;
  for (const Outcome& o : outcomes) {
    if (!o.group.empty()) groups.insert(o.group);
    if (o.relation) {
      ++by_relation[static_cast<size_t>(*o.relation)];
      ++copies;
    } else if (o.group.empty()) {
      ++unique;
    }
  }
  char seconds[32];
  std::snprintf(seconds, sizeof(seconds), "%.2f", result.seconds);
  err << "storyline: " << result.documents.size() + result.rejected.size() << " documents -> "
      << groups.size() << " groups, " << copies << " copies (";
  for (CopyRelation r : kRelations) {
    err << (r == kRelations[0] ? "" : ", ") << by_relation[static_cast<size_t>(r)] << " "
        << CopyRelationName(r);
  }
  err << "), " << unique << " unique, " << result.rejected.size() << " rejected (" << seconds
      << " s)\n";
}

// --index: the new documents go into the saved index (created when missing) as they are read;
// a document whose id is already there replaces it. Groups are named after their original, which may be a
// document of an earlier batch.
Status DedupWithIndex(const DedupArgs& args, const PipelineOptions& options,
                      PipelineResult* result, std::vector<Outcome>* outcomes, ProgressBar& bar) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<DedupIndex> index;
  if (std::filesystem::exists(args.index_file)) {
    Status status = DedupIndex::Load(args.index_file, options.dedup, &index);
    if (!status.ok()) return status;
  } else {
    index = std::make_unique<DedupIndex>(options.dedup);
  }
  const size_t before = index->size();
  // Documents go into the index as they are analysed, prepared in parallel a batch at a time
  // and added in input order; only what the output needs is kept of each (its id, and its text
  // with --keep-originals-only), so memory is the index's.
  size_t replaced = 0;
  Status add_status;
  std::vector<Document> pending;
  auto flush = [&] {
    std::vector<DedupIndex::Prepared> prepared(pending.size());
    tbb::parallel_for(size_t{0}, pending.size(),
                      [&](size_t i) { prepared[i] = index->Prepare(pending[i]); });
    for (size_t i = 0; i < pending.size() && add_status.ok(); ++i) {
      Document& d = pending[i];
      if (index->Remove(d.id)) ++replaced;
      add_status = index->Add(std::move(prepared[i]));
      const std::string language = d.text.language;
      d.text = TextFeatures();
      d.text.language = language;
      if (!args.keep_originals_only) d.paragraphs = {};
      result->documents.push_back(std::move(d));
    }
    pending.clear();
  };
  Status status = ForEachAnalyzed(
      args.inputs, options,
      [&](Document&& d) {
        pending.push_back(std::move(d));
        if (pending.size() >= 256) flush();
      },
      [&](Rejection&& r) { result->rejected.push_back(std::move(r)); },
      [&](const PipelineProgress& p) { bar.Update(p); });
  flush();
  if (!status.ok()) return status;
  if (!add_status.ok()) return add_status;
  outcomes->resize(result->documents.size());
  for (size_t i = 0; i < result->documents.size(); ++i) {
    const std::optional<IndexPlacement> placement = index->Placement(result->documents[i].id);
    if (!placement || placement->group_size < 2) continue;
    (*outcomes)[i] = {placement->original, placement->original, placement->relation,
                      placement->similarity};
  }
  status = index->Save(args.index_file);
  if (!status.ok()) return status;
  result->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!args.quiet) {
    bar.Finish();
    std::cerr << "storyline: index " << args.index_file << ": " << before << " documents before, "
              << index->size() << " now (" << replaced << " replaced), "
              << index->MemoryBytes() / (1024 * 1024) << " MiB in memory\n";
  }
  return Status::Ok();
}

int Dedup(const DedupArgs& args) {
  PipelineOptions options = args.options;
  options.threads = args.threads;
  options.dedup.near_signature = args.signature == "simhash" ? DedupOptions::Signature::kSimHash
                                                             : DedupOptions::Signature::kMinHash;
  options.dedup.copy_relations = 0;
  for (const std::string& name : args.relations) {
    for (CopyRelation r : kRelations) {
      if (name == CopyRelationName(r)) options.dedup.copy_relations |= RelationBit(r);
    }
  }
  ProgressBar bar(!args.quiet && ProgressBar::StderrIsTerminal());
  PipelineResult result;
  std::vector<Outcome> outcomes;
  Status status;
  if (args.index_file.empty()) {
    status =
        RunDedup(args.inputs, options, &result, [&](const PipelineProgress& p) { bar.Update(p); });
    outcomes = BatchOutcomes(result);
  } else {
    status = DedupWithIndex(args, options, &result, &outcomes, bar);
  }
  bar.Finish();
  if (!status.ok()) {
    std::cerr << "storyline: " << status.message() << "\n";
    return status.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitFailure;
  }
  PrintRejections(result.rejected, std::cerr);

  auto write = [&](std::ostream& out) {
    if (args.keep_originals_only) {
      WriteOriginals(result, outcomes, out);
    } else {
      WriteReport(result, outcomes, out);
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
  if (!args.quiet) WriteSummary(result, outcomes, std::cerr);
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
  cmd->add_option("--signature", args->signature,
                  "Whole-text candidate index: minhash (near, partial and more) or simhash "
                  "(near-verbatim copies only, 8 bytes per document)")
      ->check(CLI::IsMember({"minhash", "simhash"}))
      ->capture_default_str();
  cmd->add_option("--partial-containment", args->options.dedup.partial_containment,
                  "Share of the shorter text's word shingles found in the longer from which a "
                  "pair is a partial copy")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--rewrite-share", args->options.dedup.rewrite_aligned_share,
                  "Share of the shorter text's sentences that must align, in order, with the "
                  "other's for a rewrite")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--rewrite-density", args->options.dedup.rewrite_chain_density,
                  "Aligned sentences per sentence of the span they cover, in the document "
                  "where that span is longer, needed for a rewrite")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--sentence-similarity", args->options.dedup.rewrite_sentence_similarity,
                  "Weighted content-stem Dice from which two sentences align (rewrites)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--relations", args->relations,
                  "Comma-separated relations that count as copies; a pair whose (strongest) "
                  "relation is not listed is no copy, and groups are formed without it")
      ->delimiter(',')
      ->check(CLI::IsMember({"exact", "near", "partial", "rewrite"}))
      ->capture_default_str();
  cmd->add_option("--index", args->index_file,
                  "Deduplicate against the index saved in this file by earlier runs (created "
                  "when missing) and save it with this batch added; an id already in it is "
                  "replaced. Groups are then named after their original");
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
