// storyline dedup <inputs...> [-o FILE] [--threshold X] [--relations LIST] [--index FILE]
//                 [--keep-originals-only] [--spill-dir DIR] [--threads N]
//
// The copy finding of `storyline run` alone (same reading, extraction and analysis; the same
// groups as FindDuplicates), reported per document as JSON Lines, or the deduplicated corpus
// itself. Documents stream through a DuplicateFinder that spills to --spill-dir, so a corpus
// of millions of documents needs ~100 bytes of memory each. With --index, the batch is added to
// a saved DedupIndex and checked against what it holds.
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "core/spill_store.h"
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
  // Temporary files of the duplicate search (DuplicateFinder) and the kept records; "" keeps
  // them in memory.
  std::string spill_dir = std::filesystem::temp_directory_path().string();
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

// What the output needs of each accepted document, kept as documents are read while the rest of
// them is dropped: its id, and with --keep-originals-only its output record (in a spill store,
// on disk unless the spill directory is empty).
class KeptDocuments {
 public:
  Status Open(const DedupArgs& args) {
    if (!args.keep_originals_only) return Status::Ok();
    return SpillStore::Open(args.spill_dir, &records_);
  }

  void Keep(const Document& d) {
    ids_.push_back(d.id);
    if (!records_) return;
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
    const std::string line = record.dump();
    record_at_.emplace_back(records_->Append(std::as_bytes(std::span(line))), line.size());
  }

  size_t size() const { return ids_.size(); }
  const std::string& id(size_t i) const { return ids_[i]; }

  // Makes the records readable; the error of the spill store, if any.
  Status Seal() {
    if (!records_) return Status::Ok();
    records_->Flush();
    return records_->status();
  }
  std::string Record(size_t i) const {
    std::string line(record_at_[i].second, '\0');
    records_->Read(record_at_[i].first, line.size(), line.data());
    return line;
  }

 private:
  std::vector<std::string> ids_;
  std::unique_ptr<SpillStore> records_;
  std::vector<std::pair<uint64_t, size_t>> record_at_;
};

// What a dedup run collected: the kept documents, the rejections and each document's outcome.
struct DedupRun {
  KeptDocuments docs;
  std::vector<Rejection> rejected;
  std::vector<Outcome> outcomes;
  double seconds = 0;
  double finish_seconds = -1;  // of `seconds`, the duplicate search after the last document read
};

void WriteReport(const DedupRun& run, std::ostream& out) {
  for (size_t i = 0; i < run.docs.size(); ++i) {
    const Outcome& o = run.outcomes[i];
    Json line;
    line["doc"] = run.docs.id(i);
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
  for (const Rejection& r : run.rejected) {
    out << Json{{"doc", r.doc}, {"rejected", r.reason}}.dump() << "\n";
  }
}

void WriteOriginals(const DedupRun& run, std::ostream& out) {
  for (size_t i = 0; i < run.docs.size(); ++i) {
    if (!run.outcomes[i].relation) out << run.docs.Record(i) << "\n";
  }
}

void WriteSummary(const DedupRun& run, std::ostream& err) {
  size_t by_relation[std::size(kRelations)] = {};
  size_t copies = 0, unique = 0;
  std::set<std::string> groups;
  for (const Outcome& o : run.outcomes) {
    if (!o.group.empty()) groups.insert(o.group);
    if (o.relation) {
      ++by_relation[static_cast<size_t>(*o.relation)];
      ++copies;
    } else if (o.group.empty()) {
      ++unique;
    }
  }
  char seconds[64];
  if (run.finish_seconds >= 0) {
    std::snprintf(seconds, sizeof(seconds), "%.2f s, %.2f s of it after reading", run.seconds,
                  run.finish_seconds);
  } else {
    std::snprintf(seconds, sizeof(seconds), "%.2f s", run.seconds);
  }
  err << "storyline: " << run.docs.size() + run.rejected.size() << " documents -> "
      << groups.size() << " groups, " << copies << " copies (";
  for (CopyRelation r : kRelations) {
    err << (r == kRelations[0] ? "" : ", ") << by_relation[static_cast<size_t>(r)] << " "
        << CopyRelationName(r);
  }
  err << "), " << unique << " unique, " << run.rejected.size() << " rejected (" << seconds
      << ")\n";
}

// Documents are handed on as they are analysed, a batch at a time (sketched or prepared in
// parallel inside), and dropped but for what KeptDocuments keeps.
constexpr size_t kBatch = 512;

// Reads and analyses the inputs, handing the accepted documents to `on_batch` kBatch at a time
// in input order (the batch is cleared after), and the rejections to run->rejected. `last`
// receives the last reading progress reported.
Status ReadInBatches(const DedupArgs& args, const PipelineOptions& options, DedupRun* run,
                     ProgressBar& bar,
                     const std::function<void(const std::vector<Document>&)>& on_batch,
                     PipelineProgress* last) {
  std::vector<Document> pending;
  auto flush = [&] {
    on_batch(pending);
    pending.clear();
  };
  STORYLINE_RETURN_IF_ERROR(ForEachAnalyzed(
      args.inputs, options,
      [&](Document&& d) {
        pending.push_back(std::move(d));
        if (pending.size() >= kBatch) flush();
      },
      [&](Rejection&& r) { run->rejected.push_back(std::move(r)); },
      [&](const PipelineProgress& p) {
        *last = p;
        bar.Update(p);
      }));
  flush();
  return Status::Ok();
}

// Without --index: every document goes to a DuplicateFinder, which keeps ~80 bytes of it in
// memory and spills the rest to --spill-dir; the groups come at the end.
Status DedupBatch(const DedupArgs& args, const PipelineOptions& options, DedupRun* run,
                  ProgressBar& bar) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<DuplicateFinder> finder;
  STORYLINE_RETURN_IF_ERROR(
      DuplicateFinder::Create(options.dedup, args.spill_dir, /*expected_tokens=*/0, &finder));
  Status add_status;
  PipelineProgress last;
  STORYLINE_RETURN_IF_ERROR(ReadInBatches(
      args, options, run, bar,
      [&](const std::vector<Document>& batch) {
        // After a spill error (a full disk) the rest of the input is read but not kept.
        if (add_status.ok()) add_status = finder->Add(batch);
        if (add_status.ok()) {
          for (const Document& d : batch) run->docs.Keep(d);
        }
      },
      &last));
  STORYLINE_RETURN_IF_ERROR(add_status);
  STORYLINE_RETURN_IF_ERROR(run->docs.Seal());
  last.stage = PipelineProgress::Stage::kFindingCopies;
  bar.Update(last);
  const auto finish_start = std::chrono::steady_clock::now();
  std::vector<DuplicateGroup> groups;
  STORYLINE_RETURN_IF_ERROR(finder->Finish(&groups));
  run->finish_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - finish_start).count();
  finder.reset();
  // Finish orders groups by original, so g1, g2, ... follow the originals' input order.
  run->outcomes.assign(run->docs.size(), Outcome());
  for (size_t g = 0; g < groups.size(); ++g) {
    const std::string name = "g" + std::to_string(g + 1);
    const std::string& original = run->docs.id(groups[g].original);
    run->outcomes[groups[g].original] = {name, original, std::nullopt, 1};
    for (const CopyLink& c : groups[g].copies) {
      run->outcomes[c.doc] = {name, original, c.relation, c.similarity};
    }
  }
  run->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Status::Ok();
}

// --index: the new documents go into the saved index (created when missing) as they are read;
// a document whose id is already there replaces it. Groups are named after their original, which
// may be a document of an earlier batch.
Status DedupWithIndex(const DedupArgs& args, const PipelineOptions& options, DedupRun* run,
                      ProgressBar& bar) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<DedupIndex> index;
  if (std::filesystem::exists(args.index_file)) {
    STORYLINE_RETURN_IF_ERROR(DedupIndex::Load(args.index_file, options.dedup, &index));
  } else {
    index = std::make_unique<DedupIndex>(options.dedup);
  }
  const size_t before = index->size();
  // Prepared in parallel a batch at a time and added in input order.
  size_t replaced = 0;
  Status add_status;
  PipelineProgress last;
  STORYLINE_RETURN_IF_ERROR(ReadInBatches(
      args, options, run, bar,
      [&](const std::vector<Document>& batch) {
        std::vector<DedupIndex::Prepared> prepared(batch.size());
        tbb::parallel_for(size_t{0}, batch.size(),
                          [&](size_t i) { prepared[i] = index->Prepare(batch[i]); });
        for (size_t i = 0; i < batch.size() && add_status.ok(); ++i) {
          if (index->Remove(batch[i].id)) ++replaced;
          add_status = index->Add(std::move(prepared[i]));
          run->docs.Keep(batch[i]);
        }
      },
      &last));
  STORYLINE_RETURN_IF_ERROR(add_status);
  run->outcomes.assign(run->docs.size(), Outcome());
  for (size_t i = 0; i < run->docs.size(); ++i) {
    const std::optional<IndexPlacement> placement = index->Placement(run->docs.id(i));
    if (!placement || placement->group_size < 2) continue;
    run->outcomes[i] = {placement->original, placement->original, placement->relation,
                        placement->similarity};
  }
  STORYLINE_RETURN_IF_ERROR(index->Save(args.index_file));
  run->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
  DedupRun run;
  Status status = run.docs.Open(args);
  if (status.ok()) {
    // The worker threads for reading and for dedup alike.
    const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    status = args.index_file.empty() ? DedupBatch(args, options, &run, bar)
                                     : DedupWithIndex(args, options, &run, bar);
  }
  if (status.ok()) status = run.docs.Seal();
  bar.Finish();
  if (!status.ok()) {
    std::cerr << "storyline: " << status.message() << "\n";
    return status.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitFailure;
  }
  PrintRejections(run.rejected, std::cerr);

  auto write = [&](std::ostream& out) {
    if (args.keep_originals_only) {
      WriteOriginals(run, out);
    } else {
      WriteReport(run, out);
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
  if (!args.quiet) WriteSummary(run, std::cerr);
  if (run.docs.size() == 0) {
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
  cmd->add_option("--spill-dir", args->spill_dir,
                  "Directory for the temporary files that hold what the duplicate search and "
                  "--keep-originals-only need of each document, so that memory stays ~100 bytes "
                  "per document (about 9 KB per news article go there, deleted on exit); "
                  "\"\" keeps them in memory")
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
