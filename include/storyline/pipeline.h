// Pipeline: the whole of `storyline run` as a library call — ingest, extract, text, dedup,
// story — returning every document either in a story, as a copy, or rejected with a reason.
//
// Extraction and analysis run in parallel over documents (oneTBB) while reading stays
// sequential, so memory holds the analysed documents, never all raw pages at once.
#ifndef STORYLINE_PIPELINE_H_
#define STORYLINE_PIPELINE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"
#include "storyline/status.h"

namespace storyline {

struct PipelineResult {
  std::vector<Document> documents;  // accepted documents, in input order
  std::vector<Rejection> rejected;  // in input order
  std::vector<DuplicateGroup> duplicates;
  std::vector<Story> stories;  // most important first
  double seconds = 0;          // wall time of the run
};

// What RunPipeline reports while it works: reading (with bytes and documents so far), then
// one report as each later stage starts.
struct PipelineProgress {
  enum class Stage { kReading, kFindingCopies, kGroupingStories, kBuildingViews };
  Stage stage = Stage::kReading;
  uint64_t bytes_read = 0;
  uint64_t bytes_total = 0;  // 0 when unknown (stdin)
  uint64_t documents = 0;    // documents read and analysed (accepted or rejected)
};

// Called now and then (at most ten times a second while reading), from one thread at a time.
using ProgressCallback = std::function<void(const PipelineProgress&)>;

// Turns a raw document into an analysed Document, or explains why it is rejected.
// `analyzer` must belong to the calling thread.
class TextAnalyzer;
bool ProcessDocument(RawDocument raw, const PipelineOptions& options, TextAnalyzer& analyzer,
                     Document* doc, Rejection* rejection);

// Reads `inputs` (paths as for OpenDocumentReader), extracts and analyses every document in
// parallel, and hands each one, in input order, to `on_document` or, when it is rejected, to
// `on_rejection` (both called from one thread at a time), so that a caller can keep what it
// needs of each document rather than all of it. Fails only when an input cannot be opened at
// all. Progress reports only Stage::kReading.
Status ForEachAnalyzed(const std::vector<std::string>& inputs, const PipelineOptions& options,
                       const std::function<void(Document&&)>& on_document,
                       const std::function<void(Rejection&&)>& on_rejection,
                       const ProgressCallback& progress = nullptr);

// The first stages of the pipeline: reads `inputs` (paths as for OpenDocumentReader), extracts
// and analyses every document. Fills result->documents and result->rejected, in input order,
// and leaves the rest alone. Fails only when an input cannot be opened at all; problems inside
// inputs become rejections. Progress reports only Stage::kReading.
Status ReadAndAnalyze(const std::vector<std::string>& inputs, const PipelineOptions& options,
                      PipelineResult* result, const ProgressCallback& progress = nullptr);

// `storyline dedup` as a library call: ReadAndAnalyze, then FindDuplicates with options.dedup.
// Fills documents, rejected, duplicates and seconds; stories stay empty. The copies are those
// RunPipeline finds with the same options.
Status RunDedup(const std::vector<std::string>& inputs, const PipelineOptions& options,
                PipelineResult* result, const ProgressCallback& progress = nullptr);

// Runs the pipeline over `inputs`: RunDedup, then GroupStories and BuildStoryViews. Fails only
// when an input cannot be opened at all; problems inside inputs become rejections.
Status RunPipeline(const std::vector<std::string>& inputs, const PipelineOptions& options,
                   PipelineResult* result, const ProgressCallback& progress = nullptr);

// The story stage of RunPipeline without the views: clusters the originals (the documents that
// are no copy in result->duplicates) into result->stories (ClusterStories), then RankStories.
// Summaries and quotes stay empty; BuildStoryViews adds them. Runs within the caller's TBB limits.
// REQUIRES: result->duplicates refers to result->documents (FindDuplicates over them).
void GroupStories(PipelineResult* result, const StoryOptions& options);

// The story view: sets each story's summary (Summarize over its members, originals only, so
// copies do not vote twice) and quotes (CompareQuotes over its members and their copies,
// earliest published first). Stories are done in parallel, within the caller's TBB limits.
void BuildStoryViews(PipelineResult* result, const PipelineOptions& options);

// Sets each story's importance — distinct sites (members without a site count one each) plus
// copies at half weight, halved for every 3 days its newest member is older than the newest
// document of the run — and orders the stories most important first (stable).
void RankStories(PipelineResult* result);

// A story's importance as RankStories computes it: `sources` (distinct sites, each member
// without a site counting one) plus `copies` at half weight, halved for every 3 days its newest
// member (`newest_in_story`) is older than the newest document (`newest`); no decay when either
// time is unknown. The live server ranks its stories with it too.
double StoryImportance(size_t sources, size_t copies, std::optional<UnixSeconds> newest_in_story,
                       std::optional<UnixSeconds> newest);

}  // namespace storyline

#endif  // STORYLINE_PIPELINE_H_
