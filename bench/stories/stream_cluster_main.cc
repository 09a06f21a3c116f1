// stream_cluster: clusters a document stream (e.g. story_stream's output) with StoryStream, one
// document at a time in input order, and reports speed and memory as the index grows.
//
//   stream_cluster stream.jsonl [--every N] [--ttl-hours H] [--threads T] [--max-postings N]
//                  [--query-terms N] [--reorganize-every N]
//
// Documents are read, extracted and analysed (ForEachAnalyzed, --threads) and clustered a
// batch of 1,000 at a time: StoryStream::Prepare (counting stems by field, no shared state) on
// two threads, then StoryStream::Add in order on one. Every N documents (default 100,000) a line
// gives the clustering time per document since the last line (Prepare and Add, the periodic
// merge rounds included; not reading or analysis), the index memory per live document
// (StoryStream::MemoryBytes) and the process's resident memory. With --ttl-hours, documents
// older than H hours (publication time) before the newest one leave the index, as in a server
// with a per-document TTL.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "storyline/pipeline.h"
#include "storyline/story_stream.h"

namespace storyline {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr size_t kBatch = 1000;  // documents prepared together

// Resident and peak resident memory of this process in KiB (/proc/self/status).
std::pair<long, long> ResidentKib() {
  std::ifstream status("/proc/self/status");
  long rss = 0, peak = 0;
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) rss = std::stol(line.substr(6));
    if (line.rfind("VmHWM:", 0) == 0) peak = std::stol(line.substr(6));
  }
  return {rss, peak};
}

int Main(int argc, char** argv) {
  CLI::App app{"Clusters a document stream with StoryStream and reports speed and memory."};
  std::string input;
  size_t every = 100000;
  double ttl_hours = 0;
  int threads = 0;
  app.add_option("input", input, "JSON Lines stream in publication order")->required();
  app.add_option("--every", every, "report every N documents (rounded to batches of 1,000)")
      ->check(CLI::PositiveNumber);
  app.add_option("--ttl-hours", ttl_hours, "remove documents older than this (0: keep all)");
  app.add_option("--threads", threads, "reading and analysis threads (0: all cores)");
  PipelineOptions options;
  app.add_option("--max-postings", options.story.max_postings, "StoryOptions::max_postings");
  app.add_option("--query-terms", options.story.query_terms, "StoryOptions::query_terms");
  app.add_option("--reorganize-every", options.story.reorganize_every,
                 "StoryOptions::reorganize_every");
  CLI11_PARSE(app, argc, argv);

  options.threads = threads;
  StoryStream stream(options.story);
  std::deque<std::pair<UnixSeconds, StreamDocHandle>> timed;  // for the TTL, oldest first
  const int64_t ttl = static_cast<int64_t>(ttl_hours * 3600);
  size_t added = 0, rejected = 0, removed = 0;
  double cluster_seconds = 0, bucket_seconds = 0, prepare_seconds = 0;
  size_t bucket_start = 0;  // documents added when the current report bucket began
  const auto start = std::chrono::steady_clock::now();
  std::printf("%10s %8s %10s %10s %9s %9s %9s\n", "documents", "wall s", "cluster s",
              "us/doc", "live docs", "B/live", "RSS MiB");
  auto report = [&] {
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const size_t live = stream.documents();
    std::printf("%10zu %8.1f %10.2f %10.1f %9zu %9.0f %9.0f\n", added, wall, cluster_seconds,
                1e6 * bucket_seconds / static_cast<double>(added - bucket_start), live,
                live ? static_cast<double>(stream.MemoryBytes()) / static_cast<double>(live) : 0,
                static_cast<double>(ResidentKib().first) / 1024);
    std::fflush(stdout);
    bucket_seconds = 0;
    bucket_start = added;
  };
  // Documents are clustered a batch at a time: StoryStream::Prepare on two threads (it touches
  // no shared state), then Add in order on one; both phases are timed, reading and analysis
  // are not.
  std::vector<Document> batch;
  std::vector<StoryTerms> terms;
  auto cluster_batch = [&] {
    const auto t0 = std::chrono::steady_clock::now();
    terms.resize(batch.size());
    const size_t half = batch.size() / 2;
    std::thread helper([&] {
      for (size_t i = half; i < batch.size(); ++i) {
        terms[i] = StoryStream::Prepare(batch[i], options.story);
      }
    });
    for (size_t i = 0; i < half; ++i) terms[i] = StoryStream::Prepare(batch[i], options.story);
    helper.join();
    const auto t1 = std::chrono::steady_clock::now();
    for (size_t i = 0; i < batch.size(); ++i) {
      const StreamDocHandle handle = stream.Add(terms[i]);
      const std::optional<UnixSeconds> published = terms[i].published;
      if (ttl > 0 && published) {
        timed.emplace_back(*published, handle);
        while (!timed.empty() && timed.front().first < *published - ttl) {
          removed += stream.Remove(timed.front().second) ? 1 : 0;
          timed.pop_front();
        }
      }
    }
    const auto t2 = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(t2 - t0).count();
    cluster_seconds += seconds;
    bucket_seconds += seconds;
    prepare_seconds += std::chrono::duration<double>(t1 - t0).count();
    const size_t before = added;
    added += batch.size();
    if (added / every != before / every) report();
    batch.clear();
  };
  const Status status = ForEachAnalyzed(
      {input}, options,
      [&](Document&& doc) {
        batch.push_back(std::move(doc));
        if (batch.size() == kBatch) cluster_batch();
      },
      [&](Rejection&& r) {
        if (++rejected <= 10) {
          std::cerr << "stream_cluster: rejected " << r.doc << ": " << r.reason << "\n";
        }
      });
  if (status.ok()) cluster_batch();
  if (!status.ok()) {
    std::cerr << "stream_cluster: " << status.ToString() << "\n";
    return kExitFailure;
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "%zu documents (%zu rejected, %zu removed by TTL), %zu live in %zu stories; clustering "
      "%.1f s = %.0f documents/s (Prepare on 2 threads %.1f s, Add on one %.1f s); wall %.1f s "
      "= %.0f documents/s with reading and analysis; index %.0f B per live document; peak RSS "
      "%.0f MiB\n",
      added, rejected, removed, stream.documents(), stream.stories(), cluster_seconds,
      static_cast<double>(added) / cluster_seconds, prepare_seconds,
      cluster_seconds - prepare_seconds, wall, static_cast<double>(added) / wall,
      stream.documents() ? static_cast<double>(stream.MemoryBytes()) /
                               static_cast<double>(stream.documents())
                         : 0,
      static_cast<double>(ResidentKib().second) / 1024);
  return kExitOk;
}

}  // namespace
}  // namespace storyline

int main(int argc, char** argv) { return storyline::Main(argc, argv); }
