#include "live/snapshot.h"

#include <tbb/parallel_invoke.h>
#include <xxhash.h>
#include <zstd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/durable_file.h"

namespace storyline::live {
namespace {

constexpr int kFormat = 1;
constexpr char kDocsMagic[8] = {'S', 'L', 'S', 'N', 'A', 'P', 'D', '1'};

std::string FileName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// Removes `<prefix>.<digits>.{dedup,stories,docs}` of generations other than `seq`, and every
// leftover temporary file (`.tmp`) of a snapshot.
void RemoveOtherGenerations(const std::string& prefix, int64_t seq) {
  const std::filesystem::path p(prefix);
  const std::filesystem::path dir = p.parent_path().empty() ? "." : p.parent_path();
  const std::string base = p.filename().string() + ".";
  const std::string keep = std::to_string(seq);
  std::error_code ec;
  std::vector<std::filesystem::path> remove;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with(base)) continue;
    std::string_view rest = std::string_view(name).substr(base.size());
    if (rest == "manifest.tmp") {
      remove.push_back(entry.path());
      continue;
    }
    size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits == 0 || digits == rest.size() || rest[digits] != '.') continue;
    std::string_view kind = rest.substr(digits + 1);
    const bool temporary = kind.ends_with(".tmp");
    if (temporary) kind.remove_suffix(4);
    if (kind != "dedup" && kind != "stories" && kind != "docs") continue;
    if (temporary || rest.substr(0, digits) != keep) remove.push_back(entry.path());
  }
  for (const auto& f : remove) std::filesystem::remove(f, ec);
}

template <typename T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(v));
}

template <typename T>
bool Get(std::string_view* in, T* v) {
  if (in->size() < sizeof(T)) return false;
  std::memcpy(v, in->data(), sizeof(T));
  in->remove_prefix(sizeof(T));
  return true;
}

// Header: magic, payload size, XXH3 of the payload; then the payload as one zstd frame.
std::string EncodeDocuments(const std::vector<SnapshotDocument>& documents) {
  std::string payload;
  Put<uint64_t>(&payload, documents.size());
  for (const auto& [id, seq, handle] : documents) {
    Put<uint32_t>(&payload, static_cast<uint32_t>(id.size()));
    payload += id;
    Put<int64_t>(&payload, seq);
    Put<uint64_t>(&payload, handle);
  }
  std::string out(kDocsMagic, sizeof(kDocsMagic));
  Put<uint64_t>(&out, payload.size());
  Put<uint64_t>(&out, XXH3_64bits(payload.data(), payload.size()));
  std::string compressed(ZSTD_compressBound(payload.size()), '\0');
  size_t n = ZSTD_compress(compressed.data(), compressed.size(), payload.data(), payload.size(), 1);
  compressed.resize(ZSTD_isError(n) ? 0 : n);
  return out + compressed;
}

Status DecodeDocuments(const std::string& path, std::vector<SnapshotDocument>* documents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path);
  std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string_view view(file);
  uint64_t size = 0, checksum = 0;
  if (view.size() < sizeof(kDocsMagic) || std::memcmp(view.data(), kDocsMagic, 8) != 0) {
    return Status::Corruption(path + ": not a snapshot document list");
  }
  view.remove_prefix(sizeof(kDocsMagic));
  if (!Get(&view, &size) || !Get(&view, &checksum) || size > (1ull << 34)) {
    return Status::Corruption(path + ": truncated");
  }
  std::string payload(size, '\0');
  size_t n = ZSTD_decompress(payload.data(), payload.size(), view.data(), view.size());
  if (ZSTD_isError(n) || n != size || XXH3_64bits(payload.data(), payload.size()) != checksum) {
    return Status::Corruption(path + ": corrupt (checksum)");
  }
  std::string_view p(payload);
  uint64_t count = 0;
  if (!Get(&p, &count)) return Status::Corruption(path + ": truncated");
  documents->clear();
  documents->reserve(std::min<uint64_t>(count, p.size() / 20));
  for (uint64_t i = 0; i < count; ++i) {
    uint32_t len;
    int64_t seq;
    uint64_t handle;
    if (!Get(&p, &len) || p.size() < len) return Status::Corruption(path + ": truncated");
    std::string id(p.substr(0, len));
    p.remove_prefix(len);
    if (!Get(&p, &seq) || !Get(&p, &handle)) return Status::Corruption(path + ": truncated");
    documents->emplace_back(std::move(id), seq, handle);
  }
  return Status::Ok();
}

}  // namespace

Status SaveSnapshot(const std::string& prefix, const std::string& instance, int64_t seq,
                    const DedupIndex& dedup, const StoryStream& stream,
                    const std::vector<SnapshotDocument>& documents) {
  const std::string base = prefix + "." + std::to_string(seq);
  const std::string dedup_path = base + ".dedup", stream_path = base + ".stories",
                    docs_path = base + ".docs", manifest_path = prefix + ".manifest";
  // The two indexes are written side by side (each Save only reads its index): the caller's
  // writes wait for the longer of the two, not for both.
  Status dedup_saved, stream_saved;
  tbb::parallel_invoke([&] { dedup_saved = dedup.Save(dedup_path); },
                       [&] { stream_saved = stream.Save(stream_path); });
  STORYLINE_RETURN_IF_ERROR(dedup_saved);
  STORYLINE_RETURN_IF_ERROR(stream_saved);
  STORYLINE_RETURN_IF_ERROR(WriteFileDurably(docs_path, EncodeDocuments(documents)));
  nlohmann::json manifest = {{"format", kFormat},
                             {"instance", instance},
                             {"seq", seq},
                             {"documents", documents.size()},
                             {"dedup", FileName(dedup_path)},
                             {"stories", FileName(stream_path)},
                             {"docs", FileName(docs_path)}};
  STORYLINE_RETURN_IF_ERROR(WriteFileDurably(manifest_path, manifest.dump(2) + "\n"));
  RemoveOtherGenerations(prefix, seq);
  return Status::Ok();
}

Status LoadSnapshot(const std::string& prefix, const PipelineOptions& options, Snapshot* snapshot) {
  const std::string manifest_path = prefix + ".manifest";
  if (!std::filesystem::exists(manifest_path)) return Status::NotFound("no snapshot");
  std::ifstream in(manifest_path);
  nlohmann::json m = nlohmann::json::parse(in, nullptr, false);
  if (!m.is_object() || m.value("format", 0) != kFormat || !m["instance"].is_string() ||
      !m["seq"].is_number_integer() || !m["dedup"].is_string() || !m["stories"].is_string() ||
      !m["docs"].is_string()) {
    return Status::Corruption(manifest_path + " is not a snapshot manifest of this version");
  }
  std::filesystem::path dir = std::filesystem::path(prefix).parent_path();
  snapshot->instance = m["instance"].get<std::string>();
  snapshot->seq = m["seq"].get<int64_t>();
  // The duplicate index takes most of the time: the story stream and the document list are
  // read beside it.
  Status dedup, stream;
  tbb::parallel_invoke(
      [&] {
        dedup = DedupIndex::Load((dir / m["dedup"].get<std::string>()).string(), options.dedup,
                                 &snapshot->dedup);
      },
      [&] {
        stream = StoryStream::Load((dir / m["stories"].get<std::string>()).string(),
                                   options.story, &snapshot->stream);
        if (stream.ok()) {
          stream = DecodeDocuments((dir / m["docs"].get<std::string>()).string(),
                                   &snapshot->documents);
        }
      });
  // NotFound means "no snapshot" to the caller; a file the manifest names and that is missing
  // makes the snapshot unusable.
  for (Status* part : {&dedup, &stream}) {
    if (part->code() == Status::Code::kNotFound) {
      *part = Status::Corruption(manifest_path + " names a missing file: " + part->message());
    }
  }
  STORYLINE_RETURN_IF_ERROR(dedup);
  STORYLINE_RETURN_IF_ERROR(stream);
  return Status::Ok();
}

}  // namespace storyline::live
