// DocumentStore: the live index's durable copy of every accepted document, in SQLite.
//
// One table holds, per document id: the body as received (zstd), what extraction made of it
// (title, paragraphs and metadata, zstd-compressed JSON, so that a restart or a story view never
// extracts again), the small fields a restart needs to list documents without reading the
// blobs, and a change sequence number (`seq`, strictly increasing over all writes). The
// database runs in WAL mode with synchronous=FULL: a write that Apply() returned from is on
// disk, also after kill -9 or a power cut. Apply() writes a batch of changes in one transaction
// (group commit: one fsync for many documents).
//
// Thread safety: Apply() from one thread at a time (the live index's writer); the readers
// (ForEach, Read) may run on any threads, each on its own read connection, concurrently with
// Apply (WAL readers see the last committed state).
#ifndef STORYLINE_LIVE_DOCUMENT_STORE_H_
#define STORYLINE_LIVE_DOCUMENT_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storyline/document.h"
#include "storyline/status.h"

struct sqlite3;

namespace storyline::live {

// The fields of a stored document that are cheap to read for all documents at once.
struct StoredSummary {
  std::string id;
  int64_t seq = 0;
  UnixSeconds received = 0;
  std::optional<UnixSeconds> expires;  // nullopt: no TTL
  std::string title;
  std::string url;
  std::string site;
  std::string language;
  std::optional<UnixSeconds> published;
};

// A stored document in full.
struct StoredDocument {
  StoredSummary summary;
  std::string author;
  std::vector<std::string> paragraphs;
  RawDocument::Format format = RawDocument::Format::kHtml;
  std::string body;  // as received; only filled when asked for
  // The stored form of author + paragraphs and of body (zstd), when Encode() made them;
  // Apply encodes what is not encoded yet.
  std::string encoded_article;
  std::string encoded_body;
};

// Compresses a document's text into its stored form (encoded_article, encoded_body) and frees
// the plain text: callers encode on their own threads so that the one writer does not.
void Encode(StoredDocument* doc);

// One change of a batch: an upsert (document set) or a deletion (document unset).
struct StoreChange {
  std::string id;
  std::optional<StoredDocument> document;
  int64_t seq = 0;  // set by Apply: the seq the change was written with
};

class DocumentStore {
 public:
  // Opens (creating when absent) the database at `path`. Fails with a clear message when the
  // file is not a storyline database or has a newer schema.
  static Status Open(const std::string& path, std::unique_ptr<DocumentStore>* store);
  ~DocumentStore();
  DocumentStore(const DocumentStore&) = delete;
  DocumentStore& operator=(const DocumentStore&) = delete;

  // Writes every change in one transaction and assigns each its seq, in order. Either all are
  // durable when it returns OK, or none is.
  Status Apply(std::vector<StoreChange>* changes);

  // Every stored document's summary, in seq order (the order the documents were last written).
  Status ForEachSummary(const std::function<void(StoredSummary&&)>& fn) const;
  // The stored document `id` with its paragraphs (and body when `with_body`); NotFound when absent.
  Status Read(const std::string& id, bool with_body, StoredDocument* doc) const;

  int64_t last_seq() const { return last_seq_; }
  // A random number chosen when the database was created: names it in snapshots.
  const std::string& instance() const { return instance_; }
  const std::string& path() const { return path_; }

 private:
  DocumentStore() = default;
  struct ReadConnection;
  class ReaderLease;  // a pooled read connection, given back when the lease goes out of scope
  std::unique_ptr<ReadConnection> AcquireReader() const;
  void ReleaseReader(std::unique_ptr<ReadConnection> reader) const;

  std::string path_;
  sqlite3* writer_ = nullptr;
  int64_t last_seq_ = 0;
  std::string instance_;
  mutable std::mutex readers_mu_;
  mutable std::vector<std::unique_ptr<ReadConnection>> readers_;
};

}  // namespace storyline::live

#endif  // STORYLINE_LIVE_DOCUMENT_STORE_H_
