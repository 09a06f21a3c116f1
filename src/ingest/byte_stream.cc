#include "ingest/byte_stream.h"

#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace storyline {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

class PlainStream : public ByteStream {
 public:
  PlainStream(FILE* f, bool owned) : file_(f), owned_(owned) {}
  ~PlainStream() override {
    if (owned_) std::fclose(file_);
  }
  size_t Read(char* buf, size_t n) override {
    size_t got = std::fread(buf, 1, n, file_);
    if (got == 0 && std::ferror(file_)) status_ = Status::IoError(std::strerror(errno));
    read_ += got;
    return got;
  }
  uint64_t RawBytesRead() const override { return read_; }

 private:
  FILE* file_;
  bool owned_;
  uint64_t read_ = 0;
};

class GzipStream : public ByteStream {
 public:
  explicit GzipStream(gzFile f) : file_(f) {}
  ~GzipStream() override { gzclose(file_); }
  size_t Read(char* buf, size_t n) override {
    int got = gzread(file_, buf, static_cast<unsigned>(n));
    if (got < 0) {
      int err = 0;
      const char* msg = gzerror(file_, &err);
      status_ = Status::Corruption(std::string("gzip: ") + msg);
      return 0;
    }
    return static_cast<size_t>(got);
  }
  uint64_t RawBytesRead() const override { return static_cast<uint64_t>(gzoffset(file_)); }

 private:
  gzFile file_;
};

class ZstdStream : public ByteStream {
 public:
  explicit ZstdStream(FILE* f) : file_(f), ctx_(ZSTD_createDCtx()), in_buf_(ZSTD_DStreamInSize()) {
    in_ = {in_buf_.data(), 0, 0};
  }
  ~ZstdStream() override {
    ZSTD_freeDCtx(ctx_);
    std::fclose(file_);
  }
  size_t Read(char* buf, size_t n) override {
    ZSTD_outBuffer out = {buf, n, 0};
    while (out.pos == 0) {
      if (in_.pos == in_.size) {
        in_.size = std::fread(in_buf_.data(), 1, in_buf_.size(), file_);
        in_.pos = 0;
        read_ += in_.size;
        if (in_.size == 0) {
          if (std::ferror(file_)) status_ = Status::IoError(std::strerror(errno));
          else if (!frame_done_) status_ = Status::Corruption("zstd: truncated input");
          return 0;
        }
      }
      size_t rc = ZSTD_decompressStream(ctx_, &out, &in_);
      if (ZSTD_isError(rc)) {
        status_ = Status::Corruption(std::string("zstd: ") + ZSTD_getErrorName(rc));
        return 0;
      }
      frame_done_ = (rc == 0);
    }
    return out.pos;
  }
  uint64_t RawBytesRead() const override { return read_; }

 private:
  FILE* file_;
  ZSTD_DCtx* ctx_;
  std::vector<char> in_buf_;
  ZSTD_inBuffer in_;
  uint64_t read_ = 0;
  bool frame_done_ = true;
};

}  // namespace

Status OpenByteStream(const std::string& path, std::unique_ptr<ByteStream>* stream) {
  if (path == "-") {
    *stream = std::make_unique<PlainStream>(stdin, false);
    return Status::Ok();
  }
  if (EndsWith(path, ".gz")) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (f == nullptr) return Status::IoError("cannot open " + path + ": " + std::strerror(errno));
    gzbuffer(f, 1 << 17);
    *stream = std::make_unique<GzipStream>(f);
    return Status::Ok();
  }
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IoError("cannot open " + path + ": " + std::strerror(errno));
  if (EndsWith(path, ".zst")) {
    *stream = std::make_unique<ZstdStream>(f);
  } else {
    *stream = std::make_unique<PlainStream>(f, true);
  }
  return Status::Ok();
}

LineReader::LineReader(std::unique_ptr<ByteStream> stream) : stream_(std::move(stream)) {}

bool LineReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    buffer_.erase(0, begin_);
    begin_ = 0;
  }
  size_t old = buffer_.size();
  size_t want = std::max<size_t>(1 << 16, old);
  buffer_.resize(old + want);
  size_t got = stream_->Read(buffer_.data() + old, want);
  buffer_.resize(old + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

bool LineReader::Next(std::string_view* line) {
  size_t scan = begin_;
  for (;;) {
    size_t nl = buffer_.find('\n', scan);
    if (nl != std::string::npos) {
      size_t end = nl;
      if (end > begin_ && buffer_[end - 1] == '\r') --end;
      *line = std::string_view(buffer_).substr(begin_, end - begin_);
      begin_ = nl + 1;
      ++line_number_;
      return true;
    }
    scan = buffer_.size() - begin_;  // offset after compaction in Fill()
    if (!Fill()) break;
  }
  if (begin_ < buffer_.size()) {
    size_t end = buffer_.size();
    if (buffer_[end - 1] == '\r') --end;
    *line = std::string_view(buffer_).substr(begin_, end - begin_);
    begin_ = buffer_.size();
    ++line_number_;
    return true;
  }
  return false;
}

}  // namespace storyline
