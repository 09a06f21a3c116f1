// libFuzzer target: the JSON Lines and CSV readers. The input is written to a file (readers
// take paths) named by its first byte's choice of format, then read to the end. Every record
// must come out as a document or a rejection; nothing may crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "storyline/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::string dir = [] {
    char tmpl[] = "/tmp/storyline-ingest-fuzz-XXXXXX";
    const char* made = mkdtemp(tmpl);
    return std::string(made != nullptr ? made : "/tmp");
  }();
  const std::string path = dir + (data[0] % 2 == 0 ? "/input.jsonl" : "/input.csv");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data) + 1, static_cast<std::streamsize>(size - 1));
  }
  std::unique_ptr<storyline::DocumentReader> reader;
  if (storyline::OpenDocumentReader({path}, {}, &reader).ok()) {
    size_t items = 0;
    while (reader->Next() && ++items < 1'000'000) {
    }
  }
  std::remove(path.c_str());
  return 0;
}
