// DedupIndex: the duplicates stage one document at a time, for a live server and for
// deduplicating a new batch against an index saved by an earlier run.
//
// Add() finds the candidates of a new document in the same three MinHash LSH indexes as
// FindDuplicates (whole text, windows, distinctive content stems; see dedup.h), plus equal exact
// hashes, and verifies each with the same measurements; only verified pairs are kept. Groups
// are the connected components of the verified pairs; each group's original is chosen as in
// FindDuplicates (earliest published, then the longest text, then the first added). Remove()
// takes a document out with its pairs, which may split its group.
//
// Differences from FindDuplicates over the same documents: the stem frequencies that decide
// which stems are distinctive are those of the documents added so far (the batch uses all of
// them); an oversized LSH bucket gives a new document its max_bucket_size most recently added
// members (the batch chains the bucket); every candidate is verified (the batch lets two
// members stand for a group in the window and stem indexes); and a round-up page may join the
// groups of all the texts it contains (the batch lets it join one). The first two only matter
// for stems and shingles shared by many documents.
//
// Memory per document (measured in docs/BENCHMARKS.md; MemoryBytes() reports it): its id, ~60
// bytes of fields, 14-24 bytes per LSH key (4 in its own list, an 8-byte bucket in a table kept
// 40-80% full) — bands + rewrite_bands + 16 per window of 25 shingles, ~0.75 keys per body
// token — and its verification features: 4 bytes per distinct shingle and ~12 per content-word
// stem; ~12.5 KB for a 420-word article. Plus the stem-frequency sketch, fixed at 8 MiB. Buckets
// and nodes of removed documents are reused, not returned: memory follows the peak number of
// live documents.
//
// Not thread-safe: callers serialise Add, Remove and Save (the const queries may run together).
// Prepare reads only what the constructor fixed (the options and the MinHash permutations), so
// it may run on any thread at any time, also while another thread adds or removes documents.
#ifndef STORYLINE_DEDUP_INDEX_H_
#define STORYLINE_DEDUP_INDEX_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"
#include "storyline/status.h"

namespace storyline {

// Where one document of the index stands.
struct IndexPlacement {
  std::string original;  // id of its group's original; its own id when it is one
  std::optional<CopyRelation> relation;  // its link to the original; nullopt for the original
  double similarity = 1;                 // of that link
  size_t group_size = 1;                 // 1: no verified copy relation (unique)
};

// One group of the index, by ids.
struct IndexGroup {
  std::string original;
  struct Copy {
    std::string doc;
    CopyRelation relation;
    double similarity;
  };
  std::vector<Copy> copies;  // in the order the documents were added
};

class DedupIndex {
 public:
  // The options that shape signatures (shingle_words, permutations, bands, rewrite_*) are fixed
  // for the index's life and saved with it; the verification thresholds may differ per process.
  explicit DedupIndex(const DedupOptions& options = DedupOptions());
  ~DedupIndex();
  DedupIndex(const DedupIndex&) = delete;
  DedupIndex& operator=(const DedupIndex&) = delete;

  // What Add computes from the document alone (signatures, most LSH keys, verification
  // features): Prepare needs no lock (see above), so a caller adding many documents prepares
  // them in parallel, also while it adds others, and adds them one at a time. Opaque.
  class Prepared {
   public:
    Prepared();
    ~Prepared();
    Prepared(Prepared&&) noexcept;
    Prepared& operator=(Prepared&&) noexcept;

   private:
    friend class DedupIndex;
    struct Data;
    std::unique_ptr<Data> data_;
  };
  Prepared Prepare(const Document& doc) const;

  // Adds `doc` under doc.id and verifies it against its candidates. Fails with
  // kInvalidArgument when doc.id is empty or already in the index. Add(doc) is
  // Add(Prepare(doc)).
  Status Add(const Document& doc);
  Status Add(Prepared prepared);

  // Removes a document and its verified pairs. False when `id` is not in the index.
  bool Remove(std::string_view id);

  bool Contains(std::string_view id) const;
  size_t size() const;

  // Where a document stands now, or nullopt when `id` is not in the index. Costs the size of
  // its group (plus one verification when the document's link to the original was not
  // measured directly).
  std::optional<IndexPlacement> Placement(std::string_view id) const;

  // Every group of two or more documents, ordered by when its first member was added.
  std::vector<IndexGroup> Groups() const;

  // Bytes of memory held, by the accounting in the header comment.
  size_t MemoryBytes() const;

  // Writes the index to `path` atomically (a temporary file renamed over it), with a
  // checksum. Load() refuses a file of another format version (kUnsupported), a corrupt file
  // (kCorruption), and a file written with signature options different from `options`
  // (kInvalidArgument). Both stream the file: no copy of it is held in memory.
  Status Save(const std::string& path) const;
  static Status Load(const std::string& path, const DedupOptions& options,
                     std::unique_ptr<DedupIndex>* index);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storyline

#endif  // STORYLINE_DEDUP_INDEX_H_
