// libFuzzer target: DedupIndex::Load, the reader of saved index files. The first byte picks
// what the rest is: the whole file as given (header checks), or a payload that this target
// wraps in a valid header with the right checksum, so the fuzzer reaches the entry and key
// table parsers. A file that loads must then survive every query, an add, a remove and a save.
#include <unistd.h>
#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "storyline/dedup_index.h"
#include "storyline/document.h"

namespace {

std::string Wrap(const uint8_t* payload, size_t size) {
  std::string file("SLDEDUP\n", 8);
  const uint32_t version = 2;
  const uint64_t n = size, checksum = XXH3_64bits(payload, size);
  file.append(reinterpret_cast<const char*>(&version), 4);
  file.append(reinterpret_cast<const char*>(&n), 8);
  file.append(reinterpret_cast<const char*>(&checksum), 8);
  file.append(reinterpret_cast<const char*>(payload), size);
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::string dir = [] {
    char tmpl[] = "/tmp/storyline-index-fuzz-XXXXXX";
    const char* made = mkdtemp(tmpl);
    return std::string(made != nullptr ? made : "/tmp");
  }();
  const std::string path = dir + "/index.sldx";
  {
    const std::string file = data[0] % 2 == 0
                                 ? std::string(reinterpret_cast<const char*>(data) + 1, size - 1)
                                 : Wrap(data + 1, size - 1);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << file;
  }
  std::unique_ptr<storyline::DedupIndex> index;
  if (storyline::DedupIndex::Load(path, storyline::DedupOptions(), &index).ok()) {
    std::string first;
    for (const storyline::IndexGroup& g : index->Groups()) {
      if (first.empty()) first = g.original;
      index->Placement(g.original);
      for (const auto& c : g.copies) index->Placement(c.doc);
    }
    index->MemoryBytes();
    storyline::Document d;
    d.id = "fuzz-new";
    d.text.exact_hash = 1;
    for (uint64_t w = 0; w < 40; ++w) d.text.body.push_back({w * 0x9e3779b97f4a7c15ULL, w, 0});
    d.text.sentence_starts = {0, 20};
    (void)index->Add(d);
    if (!first.empty()) index->Remove(first);
    (void)index->Save(path);
  }
  std::remove(path.c_str());
  return 0;
}
