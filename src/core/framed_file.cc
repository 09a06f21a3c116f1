#include "core/framed_file.h"

#include <bit>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "core/durable_file.h"

namespace storyline {

static_assert(std::endian::native == std::endian::little, "framed files are little-endian");

Status WriteFramedFile(
    const std::string& path, const FramedFileKind& kind,
    const std::function<Status(std::ostream* out, uint64_t* payload_size, uint64_t* checksum)>&
        write_payload) {
  const std::string tmp = path + ".tmp";
  Status status = [&]() -> Status {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError("cannot write " + tmp);
    // The payload's size and checksum are known at its end: the header is written then, over
    // zeros.
    out.write(std::string(kFramedHeaderBytes, '\0').data(), kFramedHeaderBytes);
    uint64_t payload_size = 0, checksum = 0;
    STORYLINE_RETURN_IF_ERROR(write_payload(&out, &payload_size, &checksum));
    out.seekp(0);
    out.write(kind.magic, sizeof(kind.magic));
    out.write(reinterpret_cast<const char*>(&kind.version), sizeof(kind.version));
    out.write(reinterpret_cast<const char*>(&payload_size), sizeof(payload_size));
    out.write(reinterpret_cast<const char*>(&checksum), sizeof(checksum));
    out.close();
    if (!out) return Status::IoError("cannot write " + tmp);
    return Status::Ok();
  }();
  if (!status.ok()) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    return status;
  }
  return CommitFile(tmp, path);
}

Status OpenFramedFile(const std::string& path, const FramedFileKind& kind, std::ifstream* in,
                      FramedHeader* header) {
  in->open(path, std::ios::binary | std::ios::ate);
  if (!*in) return Status::NotFound("cannot open " + path);
  const std::streamoff file_size = in->tellg();
  in->seekg(0);
  char bytes[kFramedHeaderBytes];
  in->read(bytes, kFramedHeaderBytes);
  const size_t got = static_cast<size_t>(in->gcount());
  if (got < sizeof(kind.magic) || std::memcmp(bytes, kind.magic, sizeof(kind.magic)) != 0) {
    return Status::Corruption(path + ": not a storyline " + kind.name);
  }
  uint32_t version = 0;
  if (got < sizeof(kind.magic) + sizeof(version)) {
    return Status::Corruption(path + ": truncated header");
  }
  std::memcpy(&version, bytes + sizeof(kind.magic), sizeof(version));
  if (version != kind.version) {
    return Status::Unsupported(path + ": " + kind.name + " format version " +
                               std::to_string(version) + ", this build reads version " +
                               std::to_string(kind.version));
  }
  if (got < kFramedHeaderBytes || file_size < static_cast<std::streamoff>(kFramedHeaderBytes)) {
    return Status::Corruption(path + ": truncated header");
  }
  std::memcpy(&header->payload_size, bytes + 12, sizeof(header->payload_size));
  std::memcpy(&header->checksum, bytes + 20, sizeof(header->checksum));
  header->stored_bytes = static_cast<uint64_t>(file_size) - kFramedHeaderBytes;
  return Status::Ok();
}

}  // namespace storyline
