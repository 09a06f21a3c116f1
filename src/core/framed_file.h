// The frame of storyline's saved indexes (DedupIndex::Save, StoryStream::Save): a 28-byte header
// (an 8-byte magic naming the kind of file, the uint32 format version, the uint64 payload size
// and the uint64 XXH3 of the payload, little-endian), then the payload, which each kind encodes
// its own way. A file is written durably (core/durable_file.h: PATH.tmp, fsync, rename), so a
// crash or a power cut while saving leaves the previous file whole.
#ifndef STORYLINE_CORE_FRAMED_FILE_H_
#define STORYLINE_CORE_FRAMED_FILE_H_

#include <cstdint>
#include <fstream>
#include <functional>
#include <string>

#include "storyline/status.h"

namespace storyline {

struct FramedFileKind {
  char magic[8];
  uint32_t version;
  const char* name;  // in messages: "story stream", "dedup index"
};

inline constexpr size_t kFramedHeaderBytes = 8 + 4 + 8 + 8;

// Writes `path`: `write_payload` writes the payload to the stream it is given (placed after the
// header) and sets its size and checksum; the header is written last, and the file is on the
// disk when this returns. Fails with IoError (the temporary file removed) or with
// `write_payload`'s status.
Status WriteFramedFile(
    const std::string& path, const FramedFileKind& kind,
    const std::function<Status(std::ostream* out, uint64_t* payload_size, uint64_t* checksum)>&
        write_payload);

struct FramedHeader {
  uint64_t payload_size = 0;  // as the header says
  uint64_t checksum = 0;      // as the header says
  uint64_t stored_bytes = 0;  // the bytes after the header in the file
};

// Opens `path` and checks its header; on success `in` stands at the payload. NotFound when it
// cannot be opened; Corruption when it is not a file of this kind or its header is cut short;
// Unsupported when it has another format version ("<name> format version X, this build reads
// version Y").
Status OpenFramedFile(const std::string& path, const FramedFileKind& kind, std::ifstream* in,
                      FramedHeader* header);

}  // namespace storyline

#endif  // STORYLINE_CORE_FRAMED_FILE_H_
