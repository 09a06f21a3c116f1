// ByteStream: sequential bytes from a plain file, a gzip file, a zstd file, or stdin, chosen by
// the path's extension; LineReader splits a ByteStream into lines.
#ifndef STORYLINE_INGEST_BYTE_STREAM_H_
#define STORYLINE_INGEST_BYTE_STREAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "storyline/status.h"

namespace storyline {

class ByteStream {
 public:
  virtual ~ByteStream() = default;

  // Reads up to `n` bytes into `buf`; returns the count, 0 at the end or on error (then
  // status() says which).
  virtual size_t Read(char* buf, size_t n) = 0;

  // Bytes consumed from the underlying file (compressed bytes for compressed files).
  virtual uint64_t RawBytesRead() const = 0;

  const Status& status() const { return status_; }

 protected:
  Status status_;
};

// "-" is stdin; "*.gz" gzip; "*.zst" zstd; anything else is read as is.
Status OpenByteStream(const std::string& path, std::unique_ptr<ByteStream>* stream);

// Splits a stream into lines ('\n' or "\r\n"; the last line may lack its newline).
class LineReader {
 public:
  explicit LineReader(std::unique_ptr<ByteStream> stream);

  // The next line without its terminator, valid until the next call; false at the end.
  bool Next(std::string_view* line);

  // 1-based number of the line last returned.
  uint64_t line_number() const { return line_number_; }
  const ByteStream& stream() const { return *stream_; }

 private:
  bool Fill();

  std::unique_ptr<ByteStream> stream_;
  std::string buffer_;
  size_t begin_ = 0;  // start of unread data in buffer_
  bool eof_ = false;
  uint64_t line_number_ = 0;
};

}  // namespace storyline

#endif  // STORYLINE_INGEST_BYTE_STREAM_H_
