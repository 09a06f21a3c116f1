// SpillStore: an append-only run of bytes kept in memory or in an anonymous temporary file, for
// per-document data that a batch job writes once and reads back later (the duplicates stage's
// verification features, LSH band keys; the deduplicated corpus of `storyline dedup`).
//
// With a directory, the bytes go to a file created there and unlinked at once, so that it
// disappears with the process however it ends; appends are buffered (256 KiB) and reads use
// pread, so they cost page-cache copies, not the process's memory. Without one, they stay in
// a growing buffer.
//
// Append and Flush are for one thread; Read may run from any number of threads at once after
// Flush. An I/O error (a full disk) is kept: status() reports the first one, and reads after it
// return zeros.
#ifndef STORYLINE_CORE_SPILL_STORE_H_
#define STORYLINE_CORE_SPILL_STORE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "storyline/status.h"

namespace storyline {

class SpillStore {
 public:
  // In memory when `dir` is empty; otherwise in a temporary file in `dir`, which must exist.
  static Status Open(const std::string& dir, std::unique_ptr<SpillStore>* store);
  ~SpillStore();
  SpillStore(const SpillStore&) = delete;
  SpillStore& operator=(const SpillStore&) = delete;

  // Appends `bytes` and returns the offset they start at.
  uint64_t Append(std::span<const std::byte> bytes);
  template <typename T>
  uint64_t AppendValues(std::span<const T> values) {
    return Append(std::as_bytes(values));
  }

  // Makes everything appended so far readable.
  void Flush();

  // Copies `size` bytes from `offset` to `out`.
  // REQUIRES: offset + size <= size(); Flush() called after the last Append of those bytes.
  void Read(uint64_t offset, size_t size, void* out) const;

  uint64_t size() const { return size_; }
  bool on_disk() const { return fd_ >= 0; }
  // Bytes of this process's memory the store holds (its buffer).
  size_t MemoryBytes() const { return buffer_.capacity(); }
  Status status() const;

 private:
  SpillStore() = default;
  void SetError(const std::string& message) const;

  int fd_ = -1;
  std::string path_;                 // for messages; the file itself is already unlinked
  std::vector<std::byte> buffer_;    // everything (in memory), or the unwritten tail (file)
  uint64_t size_ = 0;                // bytes appended
  uint64_t written_ = 0;             // bytes in the file
  mutable std::atomic<bool> failed_{false};
  mutable std::mutex error_mutex_;
  mutable std::string error_;
};

}  // namespace storyline

#endif  // STORYLINE_CORE_SPILL_STORE_H_
