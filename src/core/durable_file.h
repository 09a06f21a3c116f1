// Files that are whole or absent after a crash or a power cut: written as PATH.tmp, flushed to
// the disk (fsync), renamed over PATH, and the rename itself flushed (fsync of the folder).
#ifndef STORYLINE_CORE_DURABLE_FILE_H_
#define STORYLINE_CORE_DURABLE_FILE_H_

#include <string>
#include <string_view>

#include "storyline/status.h"

namespace storyline {

// Writes `data` to `path` durably (above). IoError on failure, with PATH.tmp removed and an
// earlier file at `path` left as it was.
Status WriteFileDurably(const std::string& path, std::string_view data);

// Puts `tmp`, written and closed, in place of `path` durably: fsync of `tmp`, rename, fsync of
// the folder. IoError on failure, with `tmp` removed.
Status CommitFile(const std::string& tmp, const std::string& path);

}  // namespace storyline

#endif  // STORYLINE_CORE_DURABLE_FILE_H_
