#include "core/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace storyline {
namespace {

Status IoError(const std::string& what, const std::string& path) {
  return Status::IoError(what + " " + path + ": " + std::strerror(errno));
}

// fsync of a file or folder by its path.
bool Sync(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  return ::close(fd) == 0 && synced;
}

}  // namespace

Status CommitFile(const std::string& tmp, const std::string& path) {
  Status status = [&]() -> Status {
    if (!Sync(tmp, 0)) return IoError("cannot sync", tmp);
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) return Status::IoError("cannot rename " + tmp + " to " + path + ": " + ec.message());
    const std::string folder = std::filesystem::path(path).parent_path().string();
    if (!Sync(folder.empty() ? "." : folder, O_DIRECTORY)) return IoError("cannot sync", folder);
    return Status::Ok();
  }();
  if (!status.ok()) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
  }
  return status;
}

Status WriteFileDurably(const std::string& path, std::string_view data) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot write", tmp);
  Status written;
  size_t done = 0;
  while (written.ok() && done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n >= 0) {
      done += static_cast<size_t>(n);
    } else if (errno != EINTR) {
      written = IoError("cannot write", tmp);
    }
  }
  if (::close(fd) != 0 && written.ok()) written = IoError("cannot write", tmp);
  if (!written.ok()) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    return written;
  }
  return CommitFile(tmp, path);
}

}  // namespace storyline
