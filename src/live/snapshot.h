// Snapshots of the live index: its DedupIndex and StoryStream saved next to the database, with
// which version (store seq) of each document they hold and the stream handle of each, so that
// a restart loads them and replays only the changes written after.
//
// Files: `<prefix>.manifest` (JSON: format, database instance, seq, file names) names one
// generation `<prefix>.<seq>.dedup`, `.stories` and `.docs`. The three files are written first,
// then the manifest is replaced atomically (temporary file, fsync, rename); the files of every
// other generation (the previous one, and what a writer killed midway left) are removed after.
// A crash at any point leaves the old or the new snapshot whole, or none (a restart then
// re-indexes every document from the store). One writer at a time per prefix.
#ifndef STORYLINE_LIVE_SNAPSHOT_H_
#define STORYLINE_LIVE_SNAPSHOT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "storyline/dedup_index.h"
#include "storyline/options.h"
#include "storyline/status.h"
#include "storyline/story_stream.h"

namespace storyline::live {

// (document id, store seq of the version indexed, its StoryStream handle)
using SnapshotDocument = std::tuple<std::string, int64_t, StreamDocHandle>;

struct Snapshot {
  std::string instance;  // the database's DocumentStore::instance()
  int64_t seq = 0;       // the store's last_seq() when it was taken
  std::unique_ptr<DedupIndex> dedup;
  std::unique_ptr<StoryStream> stream;
  std::vector<SnapshotDocument> documents;
};

Status SaveSnapshot(const std::string& prefix, const std::string& instance, int64_t seq,
                    const DedupIndex& dedup, const StoryStream& stream,
                    const std::vector<SnapshotDocument>& documents);

// NotFound when there is no snapshot; another error when it cannot be used.
Status LoadSnapshot(const std::string& prefix, const PipelineOptions& options, Snapshot* snapshot);

}  // namespace storyline::live

#endif  // STORYLINE_LIVE_SNAPSHOT_H_
