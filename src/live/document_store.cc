#include "live/document_store.h"

#include <sqlite3.h>
#include <zstd.h>

#include <nlohmann/json.hpp>
#include <memory>
#include <random>
#include <string_view>
#include <utility>

namespace storyline::live {
namespace {

constexpr int kSchemaVersion = 1;

// Blobs are one zstd frame; level 1 keeps writes cheap (HTML and text shrink 3-5x). Each
// thread keeps its compression context: ZSTD_compress would set up a fresh one for every blob,
// which costs more than compressing a news page.
std::string Compress(std::string_view data) {
  thread_local const std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> context(ZSTD_createCCtx(),
                                                                              ZSTD_freeCCtx);
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n = context ? ZSTD_compressCCtx(context.get(), out.data(), out.size(), data.data(),
                                         data.size(), 1)
                     : ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 1);
  if (ZSTD_isError(n)) return {};
  out.resize(n);
  return out;
}

bool Decompress(const void* data, size_t size, std::string* out) {
  unsigned long long content = ZSTD_getFrameContentSize(data, size);
  if (content == ZSTD_CONTENTSIZE_ERROR || content == ZSTD_CONTENTSIZE_UNKNOWN ||
      content > (1ull << 32)) {
    return false;
  }
  out->resize(content);
  size_t n = ZSTD_decompress(out->data(), out->size(), data, size);
  return !ZSTD_isError(n) && n == content;
}

Status SqlError(sqlite3* db, std::string_view what) {
  return Status::IoError(std::string(what) + ": " + sqlite3_errmsg(db));
}

Status Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return Status::IoError(std::string("sqlite: ") + text + " (in: " + sql + ")");
  }
  return Status::Ok();
}

// A prepared statement, finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }
  explicit operator bool() const { return stmt_ != nullptr; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

std::string ColumnText(sqlite3_stmt* s, int i) {
  const unsigned char* p = sqlite3_column_text(s, i);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(s, i))
           : std::string();
}

std::optional<int64_t> ColumnOptionalInt(sqlite3_stmt* s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(s, i);
}

void BindText(sqlite3_stmt* s, int i, const std::string& text) {
  sqlite3_bind_text(s, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void BindOptionalInt(sqlite3_stmt* s, int i, const std::optional<int64_t>& v) {
  if (v) {
    sqlite3_bind_int64(s, i, *v);
  } else {
    sqlite3_bind_null(s, i);
  }
}

constexpr const char* kSummaryColumns =
    "id, seq, received, expires, title, url, site, language, published";

void ReadSummary(sqlite3_stmt* s, StoredSummary* out) {
  out->id = ColumnText(s, 0);
  out->seq = sqlite3_column_int64(s, 1);
  out->received = sqlite3_column_int64(s, 2);
  out->expires = ColumnOptionalInt(s, 3);
  out->title = ColumnText(s, 4);
  out->url = ColumnText(s, 5);
  out->site = ColumnText(s, 6);
  out->language = ColumnText(s, 7);
  out->published = ColumnOptionalInt(s, 8);
}

Status OpenConnection(const std::string& path, bool read_only, sqlite3** db) {
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;  // each connection is used by one thread at a time
  if (sqlite3_open_v2(path.c_str(), db, flags, nullptr) != SQLITE_OK) {
    Status s = Status::IoError("cannot open database " + path + ": " +
                               (*db ? sqlite3_errmsg(*db) : "out of memory"));
    sqlite3_close(*db);
    *db = nullptr;
    return s;
  }
  // The writer holds the lock only for the length of a transaction; wait for it.
  sqlite3_busy_timeout(*db, 10000);
  return Status::Ok();
}

}  // namespace

void Encode(StoredDocument* d) {
  if (!d->encoded_article.empty()) return;
  nlohmann::json article = {{"author", d->author}, {"paragraphs", d->paragraphs}};
  d->encoded_article =
      Compress(article.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  d->encoded_body = Compress(d->body);
  d->paragraphs = {};
  d->body = {};
}

struct DocumentStore::ReadConnection {
  sqlite3* db = nullptr;
  ~ReadConnection() { sqlite3_close(db); }
};

Status DocumentStore::Open(const std::string& path, std::unique_ptr<DocumentStore>* store) {
  std::unique_ptr<DocumentStore> s(new DocumentStore());
  s->path_ = path;
  STORYLINE_RETURN_IF_ERROR(OpenConnection(path, false, &s->writer_));
  sqlite3* db = s->writer_;
  // A file that is not SQLite fails here, with SQLite's "file is not a database".
  STORYLINE_RETURN_IF_ERROR(Exec(db, "PRAGMA journal_mode=WAL"));
  STORYLINE_RETURN_IF_ERROR(Exec(db, "PRAGMA synchronous=FULL"));
  int version = 0;
  {
    Statement st(db, "PRAGMA user_version");
    if (!st || sqlite3_step(st.get()) != SQLITE_ROW) return SqlError(db, "reading " + path);
    version = sqlite3_column_int(st.get(), 0);
  }
  if (version == 0) {
    Statement any(db, "SELECT count(*) FROM sqlite_master");
    if (!any || sqlite3_step(any.get()) != SQLITE_ROW) return SqlError(db, "reading " + path);
    if (sqlite3_column_int(any.get(), 0) != 0) {
      return Status::InvalidArgument(path + " is an SQLite database but not storyline's");
    }
    STORYLINE_RETURN_IF_ERROR(Exec(db,
                                   "CREATE TABLE documents ("
                                   " id TEXT PRIMARY KEY,"
                                   " seq INTEGER NOT NULL UNIQUE,"
                                   " received INTEGER NOT NULL,"
                                   " expires INTEGER,"
                                   " title TEXT NOT NULL, url TEXT NOT NULL, site TEXT NOT NULL,"
                                   " language TEXT NOT NULL, published INTEGER,"
                                   " format INTEGER NOT NULL,"
                                   " article BLOB NOT NULL,"  // zstd JSON: author, paragraphs
                                   " body BLOB NOT NULL"      // zstd: as received
                                   ")"));
    // A random number naming this database, so that a snapshot of another one is never used.
    std::random_device random;
    uint64_t instance = (static_cast<uint64_t>(random()) << 32) ^ random();
    std::string meta = "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                       "INSERT INTO meta VALUES ('instance', '" + std::to_string(instance) + "');";
    STORYLINE_RETURN_IF_ERROR(Exec(db, meta.c_str()));
    STORYLINE_RETURN_IF_ERROR(Exec(db, "PRAGMA user_version=1"));
  } else if (version != kSchemaVersion) {
    return Status::Unsupported(path + " has storyline schema " + std::to_string(version) +
                               "; this build reads schema " + std::to_string(kSchemaVersion));
  }
  {
    Statement st(db, "SELECT value FROM meta WHERE key = 'instance'");
    if (!st || sqlite3_step(st.get()) != SQLITE_ROW) return SqlError(db, "reading " + path);
    s->instance_ = ColumnText(st.get(), 0);
  }
  {
    Statement st(db, "SELECT coalesce(max(seq), 0) FROM documents");
    if (!st || sqlite3_step(st.get()) != SQLITE_ROW) return SqlError(db, "reading " + path);
    s->last_seq_ = sqlite3_column_int64(st.get(), 0);
  }
  *store = std::move(s);
  return Status::Ok();
}

DocumentStore::~DocumentStore() {
  readers_.clear();
  sqlite3_close(writer_);
}

Status DocumentStore::Apply(std::vector<StoreChange>* changes) {
  sqlite3* db = writer_;
  STORYLINE_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
  Statement upsert(db,
                   "INSERT OR REPLACE INTO documents (id, seq, received, expires, title, url, "
                   "site, language, published, format, article, body) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  Statement remove(db, "DELETE FROM documents WHERE id = ?1");
  if (!upsert || !remove) {
    Status s = SqlError(db, "preparing a write");
    Exec(db, "ROLLBACK");
    return s;
  }
  int64_t seq = last_seq_;
  for (StoreChange& change : *changes) {
    change.seq = ++seq;
    sqlite3_stmt* st;
    if (change.document) {
      StoredDocument& d = *change.document;
      st = upsert.get();
      BindText(st, 1, change.id);
      sqlite3_bind_int64(st, 2, change.seq);
      sqlite3_bind_int64(st, 3, d.summary.received);
      BindOptionalInt(st, 4, d.summary.expires);
      BindText(st, 5, d.summary.title);
      BindText(st, 6, d.summary.url);
      BindText(st, 7, d.summary.site);
      BindText(st, 8, d.summary.language);
      BindOptionalInt(st, 9, d.summary.published);
      sqlite3_bind_int(st, 10, d.format == RawDocument::Format::kHtml ? 0 : 1);
      Encode(&*change.document);
      const StoredDocument& e = *change.document;
      sqlite3_bind_blob(st, 11, e.encoded_article.data(),
                        static_cast<int>(e.encoded_article.size()), SQLITE_STATIC);
      sqlite3_bind_blob(st, 12, e.encoded_body.data(), static_cast<int>(e.encoded_body.size()),
                        SQLITE_STATIC);
    } else {
      st = remove.get();
      BindText(st, 1, change.id);
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE) {
      Status s = SqlError(db, "writing document " + change.id);
      Exec(db, "ROLLBACK");
      return s;
    }
  }
  Status committed = Exec(db, "COMMIT");
  if (!committed.ok()) {
    Exec(db, "ROLLBACK");
    return committed;
  }
  last_seq_ = seq;
  return Status::Ok();
}

std::unique_ptr<DocumentStore::ReadConnection> DocumentStore::AcquireReader() const {
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    if (!readers_.empty()) {
      auto r = std::move(readers_.back());
      readers_.pop_back();
      return r;
    }
  }
  auto r = std::make_unique<ReadConnection>();
  if (!OpenConnection(path_, true, &r->db).ok()) return nullptr;
  return r;
}

void DocumentStore::ReleaseReader(std::unique_ptr<ReadConnection> reader) const {
  std::lock_guard<std::mutex> lock(readers_mu_);
  if (readers_.size() < 16) readers_.push_back(std::move(reader));
}

// A read connection borrowed for one call. Declared before the call's statements, it outlives
// them: a connection goes back to the pool only after its statements are finalized, since
// another thread may take it at once (connections are opened without SQLite's mutex).
class DocumentStore::ReaderLease {
 public:
  explicit ReaderLease(const DocumentStore* store) : store_(store), conn_(store->AcquireReader()) {}
  ~ReaderLease() {
    if (conn_) store_->ReleaseReader(std::move(conn_));
  }
  ReaderLease(const ReaderLease&) = delete;
  ReaderLease& operator=(const ReaderLease&) = delete;
  sqlite3* db() const { return conn_ ? conn_->db : nullptr; }

 private:
  const DocumentStore* store_;
  std::unique_ptr<ReadConnection> conn_;
};

Status DocumentStore::ForEachSummary(const std::function<void(StoredSummary&&)>& fn) const {
  ReaderLease reader(this);
  if (!reader.db()) return Status::IoError("cannot open a read connection to " + path_);
  std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM documents ORDER BY seq";
  Statement st(reader.db(), sql.c_str());
  if (!st) return SqlError(reader.db(), "reading " + path_);
  int rc;
  while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    StoredSummary s;
    ReadSummary(st.get(), &s);
    fn(std::move(s));
  }
  if (rc != SQLITE_DONE) return SqlError(reader.db(), "reading " + path_);
  return Status::Ok();
}

Status DocumentStore::Read(const std::string& id, bool with_body, StoredDocument* doc) const {
  ReaderLease reader(this);
  if (!reader.db()) return Status::IoError("cannot open a read connection to " + path_);
  std::string sql = std::string("SELECT ") + kSummaryColumns +
                    ", format, article" + (with_body ? ", body" : "") +
                    " FROM documents WHERE id = ?1";
  Statement st(reader.db(), sql.c_str());
  if (!st) return SqlError(reader.db(), "reading " + path_);
  BindText(st.get(), 1, id);
  int rc = sqlite3_step(st.get());
  if (rc == SQLITE_DONE) return Status::NotFound("no document " + id);
  if (rc != SQLITE_ROW) return SqlError(reader.db(), "reading " + path_);
  ReadSummary(st.get(), &doc->summary);
  doc->format = sqlite3_column_int(st.get(), 9) == 0 ? RawDocument::Format::kHtml
                                                     : RawDocument::Format::kText;
  std::string article;
  if (!Decompress(sqlite3_column_blob(st.get(), 10), sqlite3_column_bytes(st.get(), 10),
                  &article)) {
    return Status::Corruption("stored article of " + id + " does not decompress");
  }
  nlohmann::json j = nlohmann::json::parse(article, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Corruption("stored article of " + id + " is not JSON");
  }
  doc->author = j.value("author", "");
  doc->paragraphs.clear();
  if (auto p = j.find("paragraphs"); p != j.end() && p->is_array()) {
    for (const auto& para : *p) {
      if (para.is_string()) doc->paragraphs.push_back(para.get<std::string>());
    }
  }
  doc->body.clear();
  if (with_body && !Decompress(sqlite3_column_blob(st.get(), 11),
                               sqlite3_column_bytes(st.get(), 11), &doc->body)) {
    return Status::Corruption("stored body of " + id + " does not decompress");
  }
  return Status::Ok();
}

}  // namespace storyline::live
