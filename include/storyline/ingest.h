// Ingest: reads documents from directories, JSON Lines and CSV files, one at a time.
//
// Inputs (SPEC.md "Ingest"):
//   - a directory: every `.html`, `.htm` and `.txt` file below it, recursively, in sorted path
//     order; the document id is the path relative to the directory;
//   - a JSON Lines file (`.jsonl`, `.jsonl.gz`, `.jsonl.zst`, or `-` for stdin), one object per
//     line with `id` (alias `doc`), `url`, `title`, `text` or `html`, `published` (RFC 3339 or
//     epoch seconds/milliseconds), `site`, `lang`; a record without `id` gets `<file>:<line>`;
//   - a CSV file (`.csv`) with a header row; columns are matched by name, case-insensitively:
//     id, title, url, text, html, published/timestamp, site/publisher/hostname, lang.
//     Rows may carry only a title (headline feeds).
//   - a single `.html`, `.htm` or `.txt` file: one document, id = its file name.
// Nothing is dropped silently: unreadable files, invalid UTF-8, malformed lines (as
// `file:line`), records without text and duplicate ids come out as Rejections.
//
// A DocumentReader is not safe for concurrent use.
#ifndef STORYLINE_INGEST_H_
#define STORYLINE_INGEST_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"
#include "storyline/status.h"

namespace storyline {

// One item read: a document, or the rejection of something that could not become one.
using IngestItem = std::variant<RawDocument, Rejection>;

// One JSON object with the fields of a JSON Lines record (`id`, `url`, `title`, `text` or
// `html`, `published`, `site`, `language` and their aliases) as a document, or why it cannot be
// one (malformed JSON, invalid UTF-8, no text, a bad time, too large). `where` names the record
// in rejections and becomes the id when the object has none. Thread-safe.
IngestItem ParseJsonRecord(std::string_view json, const std::string& where,
                           const IngestOptions& options);

class DocumentReader {
 public:
  virtual ~DocumentReader() = default;

  // The next item, or nullopt when every input is exhausted.
  virtual std::optional<IngestItem> Next() = 0;

  // Bytes consumed so far and the total expected (0 when unknown, e.g. stdin); for progress.
  virtual uint64_t BytesRead() const = 0;
  virtual uint64_t BytesTotal() const = 0;
};

// Opens the inputs. Fails (InvalidArgument / NotFound) only when an input path does not exist
// or has an unsupported kind; everything wrong inside an input becomes a Rejection later.
Status OpenDocumentReader(const std::vector<std::string>& inputs, const IngestOptions& options,
                          std::unique_ptr<DocumentReader>* reader);

}  // namespace storyline

#endif  // STORYLINE_INGEST_H_
