#include "core/spill_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace storyline {
namespace {

constexpr size_t kFileBuffer = size_t{256} << 10;

}  // namespace

Status SpillStore::Open(const std::string& dir, std::unique_ptr<SpillStore>* store) {
  std::unique_ptr<SpillStore> s(new SpillStore());
  if (!dir.empty()) {
    std::string pattern = (std::filesystem::path(dir) / "storyline-spill-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
      return Status::IoError("cannot create a temporary file in " + dir + ": " +
                             std::strerror(errno));
    }
    ::unlink(pattern.c_str());
    s->fd_ = fd;
    s->path_ = pattern;
    s->buffer_.reserve(kFileBuffer);
  }
  *store = std::move(s);
  return Status::Ok();
}

SpillStore::~SpillStore() {
  if (fd_ >= 0) ::close(fd_);
}

uint64_t SpillStore::Append(std::span<const std::byte> bytes) {
  const uint64_t offset = size_;
  size_ += bytes.size();
  if (fd_ >= 0 && buffer_.size() + bytes.size() > kFileBuffer) Flush();
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  return offset;
}

void SpillStore::Flush() {
  if (fd_ < 0 || buffer_.empty()) return;
  size_t done = 0;
  while (done < buffer_.size() && !failed_) {
    const ssize_t n = ::pwrite(fd_, buffer_.data() + done, buffer_.size() - done,
                               static_cast<off_t>(written_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      SetError(std::string("cannot write the temporary file ") + path_ + ": " +
               (n < 0 ? std::strerror(errno) : "no space written"));
      break;
    }
    done += static_cast<size_t>(n);
  }
  written_ += buffer_.size();
  buffer_.clear();
}

void SpillStore::Read(uint64_t offset, size_t size, void* out) const {
  if (fd_ < 0) {
    std::memcpy(out, buffer_.data() + offset, size);
    return;
  }
  auto* dst = static_cast<char*>(out);
  size_t done = 0;
  while (done < size && !failed_) {
    const ssize_t n = ::pread(fd_, dst + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      SetError(std::string("cannot read the temporary file ") + path_ + ": " +
               (n < 0 ? std::strerror(errno) : "unexpected end"));
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (done < size) std::memset(dst + done, 0, size - done);
}

Status SpillStore::status() const {
  if (!failed_) return Status::Ok();
  std::lock_guard<std::mutex> lock(error_mutex_);
  return Status::IoError(error_);
}

void SpillStore::SetError(const std::string& message) const {
  std::lock_guard<std::mutex> lock(error_mutex_);
  if (!failed_.exchange(true)) error_ = message;
}

}  // namespace storyline
