#include "storyline/live_index.h"

#include <absl/container/flat_hash_map.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <queue>
#include <set>
#include <shared_mutex>
#include <thread>

#include "live/document_store.h"
#include "live/snapshot.h"
#include "story/headline.h"
#include "storyline/dedup_index.h"
#include "storyline/story_stream.h"
#include "storyline/text.h"

namespace storyline {
namespace {

UnixSeconds WallNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One analyser per thread and per text options (the server has one set of options).
TextAnalyzer& ThreadAnalyzer(const TextOptions& options) {
  thread_local std::unique_ptr<TextAnalyzer> analyzer;
  if (!analyzer) analyzer = std::make_unique<TextAnalyzer>(options);
  return *analyzer;
}

// The analysers of PUT bodies, one per slot: a PUT holds one while it extracts, analyses and
// prepares its page, so at most `size` pages are processed at once however many HTTP threads
// serve connections. With 32 connections on 2 cores, 32 threads each with its own analyser
// competed for the CPU: the writer thread, which every PUT waits for, got a small share of it,
// and each analyser's word cache stayed cold.
class AnalyzerPool {
 public:
  AnalyzerPool(const TextOptions& options, size_t size) {
    for (size_t i = 0; i < std::max<size_t>(size, 1); ++i) {
      free_.push_back(std::make_unique<TextAnalyzer>(options));
    }
  }

  class Lease {
   public:
    Lease(AnalyzerPool* pool, std::unique_ptr<TextAnalyzer> analyzer)
        : pool_(pool), analyzer_(std::move(analyzer)) {}
    ~Lease() { pool_->Return(std::move(analyzer_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    TextAnalyzer& analyzer() { return *analyzer_; }

   private:
    AnalyzerPool* pool_;
    std::unique_ptr<TextAnalyzer> analyzer_;
  };

  // Waits for a free analyser.
  Lease Acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    std::unique_ptr<TextAnalyzer> analyzer = std::move(free_.back());
    free_.pop_back();
    return Lease(this, std::move(analyzer));
  }

 private:
  void Return(std::unique_ptr<TextAnalyzer> analyzer) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(std::move(analyzer));
    }
    cv_.notify_one();
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<TextAnalyzer>> free_;
};

// A Document rebuilt from the store: what extraction gave, analysed again.
Document RebuildDocument(const LiveDocument& d, live::StoredDocument&& stored,
                         const PipelineOptions& options) {
  Document doc;
  doc.id = d.id;
  doc.origin = d.id;
  doc.url = d.url;
  doc.site = d.site;
  doc.title = d.title;
  doc.author = std::move(stored.author);
  doc.published = d.published;
  doc.paragraphs = std::move(stored.paragraphs);
  doc.text = ThreadAnalyzer(options.text).Analyze(doc.title, doc.paragraphs, d.language);
  return doc;
}

std::shared_ptr<const LiveDocument> FromSummary(live::StoredSummary&& s) {
  auto d = std::make_shared<LiveDocument>();
  d->id = std::move(s.id);
  d->title = std::move(s.title);
  d->url = std::move(s.url);
  d->site = std::move(s.site);
  d->language = std::move(s.language);
  d->published = s.published;
  d->received = s.received;
  d->expires = s.expires;
  d->seq = s.seq;
  return d;
}

}  // namespace

const LiveStory* LiveStoryList::Find(uint64_t story_id) const {
  auto it = std::lower_bound(by_id.begin(), by_id.end(), std::make_pair(story_id, uint32_t{0}));
  if (it == by_id.end() || it->first != story_id) return nullptr;
  return &stories[it->second];
}

struct LiveIndex::Impl {
  LiveOptions options;
  std::unique_ptr<live::DocumentStore> store;
  std::string snapshot_prefix;
  std::unique_ptr<AnalyzerPool> analyzers;  // of PUT bodies

  // The indexes. Only the writer thread changes them, under the exclusive lock; readers take
  // the shared lock.
  mutable std::shared_mutex mu;
  std::unique_ptr<DedupIndex> dedup;
  std::unique_ptr<StoryStream> stream;
  struct Entry {
    std::shared_ptr<const LiveDocument> doc;
    StreamDocHandle handle = 0;
  };
  absl::flat_hash_map<std::string, Entry> docs;
  absl::flat_hash_map<StreamDocHandle, std::shared_ptr<const LiveDocument>> by_handle;
  // Expiry times, soonest first; an entry whose seq no longer matches its document is stale.
  using Expiry = std::tuple<UnixSeconds, int64_t, std::string>;
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> expiries;
  std::atomic<int64_t> newest_published{std::numeric_limits<int64_t>::min()};

  // The writer's answer to a change: its status, whether the document existed before, and the
  // version stored (a Put's; null for a deletion).
  struct Outcome {
    Status status;
    bool existed = false;
    std::shared_ptr<const LiveDocument> doc;
  };
  // The writer's queue.
  struct Pending {
    live::StoreChange change;
    std::optional<DedupIndex::Prepared> prepared;
    StoryTerms terms;
    std::shared_ptr<const LiveDocument> doc;
    bool expiry = false;
    std::promise<Outcome> done;
  };
  std::mutex queue_mu;
  std::condition_variable queue_cv;
  std::deque<std::unique_ptr<Pending>> queue;
  bool stopping = false;
  std::thread writer;
  // Changes applied since the last snapshot in place (writer thread; atomic for Stats).
  std::atomic<size_t> changes_since_snapshot{0};

  std::chrono::steady_clock::time_point snapshot_retry_after;  // after a failed snapshot
  std::chrono::steady_clock::time_point last_change;  // when the writer last applied one
  std::atomic<uint64_t> snapshots{0}, snapshot_failures{0};
  std::atomic<double> snapshot_seconds{0};

  // Restoring.
  std::atomic<bool> is_ready{false};
  std::promise<Status> restore_done;
  std::shared_future<Status> restore_status;
  std::atomic<size_t> restored{0}, restore_total{0}, replayed{0};
  double restore_seconds = 0;
  bool from_snapshot = false;

  // The story list.
  mutable std::mutex list_mu;  // guards `list`
  std::shared_ptr<const LiveStoryList> list;
  std::mutex build_mu;  // one build at a time
  std::atomic<uint64_t> applied_version{0};
  std::atomic<uint64_t> list_version{0};  // the version of `list`
  std::condition_variable_any refresh_cv;
  std::mutex refresh_mu;
  std::thread refresher;
  std::atomic<double> list_build_ms{0};

  // Counters.
  std::atomic<uint64_t> puts{0}, deletes{0}, expired{0}, rejected{0}, batches{0};

  UnixSeconds Now() const {
    if (options.clock == LiveOptions::Clock::kWall) return WallNow();
    int64_t n = newest_published.load();
    return n == std::numeric_limits<int64_t>::min() ? 0 : n;
  }

  // Queues a change for the writer and waits until it is durable and applied: its status, and
  // whether the document existed before.
  Outcome Submit(std::unique_ptr<Pending> item);
  void WriterLoop();
  void Restore();
  void ApplyToIndexes(Pending& p, bool* existed);
  void QueueExpired();
  // Writes a snapshot of the indexes as they are now (writer thread, or Close).
  Status SaveSnapshot();
  // Writer thread: takes a snapshot when one is due (`idle`: no change is waiting).
  void MaybeSnapshot(bool idle);
  void RefresherLoop();
  void BuildList();
};

LiveIndex::LiveIndex() : impl_(std::make_unique<Impl>()) {}

LiveIndex::~LiveIndex() { Close(); }

Status LiveIndex::Open(const std::string& db_path, const LiveOptions& options,
                       std::unique_ptr<LiveIndex>* index) {
  std::unique_ptr<LiveIndex> li(new LiveIndex());
  Impl& m = *li->impl_;
  m.options = options;
  STORYLINE_RETURN_IF_ERROR(live::DocumentStore::Open(db_path, &m.store));
  m.snapshot_prefix = db_path + ".snapshot";
  m.analyzers = std::make_unique<AnalyzerPool>(
      options.pipeline.text, options.analysis_slots > 0
                                 ? options.analysis_slots
                                 : std::max<size_t>(std::thread::hardware_concurrency(), 1));
  m.restore_status = m.restore_done.get_future().share();
  m.list = std::make_shared<LiveStoryList>();
  m.writer = std::thread([&m] { m.WriterLoop(); });
  m.refresher = std::thread([&m] { m.RefresherLoop(); });
  *index = std::move(li);
  return Status::Ok();
}

bool LiveIndex::ready() const { return impl_->is_ready.load(); }

Status LiveIndex::WaitReady() { return impl_->restore_status.get(); }

UnixSeconds LiveIndex::Now() const { return impl_->Now(); }

void LiveIndex::Impl::Restore() {
  if (options.before_restore) options.before_restore();
  auto start = std::chrono::steady_clock::now();
  // The store's summaries and the snapshot (its indexes, and which version of each document
  // they hold, when there is a usable one) are read side by side.
  std::vector<std::shared_ptr<const LiveDocument>> stored;
  Status s;
  live::Snapshot snap;
  Status loaded;
  tbb::parallel_invoke(
      [&] {
        s = store->ForEachSummary([&](live::StoredSummary&& summary) {
          stored.push_back(FromSummary(std::move(summary)));
        });
        restore_total = stored.size();
      },
      [&] { loaded = live::LoadSnapshot(snapshot_prefix, options.pipeline, &snap); });
  if (!s.ok()) {
    restore_done.set_value(s);
    return;
  }
  if (loaded.ok() && (snap.instance != store->instance() || snap.seq > store->last_seq())) {
    loaded = Status::InvalidArgument("the snapshot belongs to another database");
  }
  std::vector<size_t> to_index;
  if (loaded.ok()) {
    from_snapshot = true;
    dedup = std::move(snap.dedup);
    stream = std::move(snap.stream);
    absl::flat_hash_map<std::string, std::pair<int64_t, StreamDocHandle>> held;
    for (auto& [id, seq, handle] : snap.documents) held[id] = {seq, handle};
    for (size_t i = 0; i < stored.size(); ++i) {
      auto it = held.find(stored[i]->id);
      if (it != held.end() && it->second.first == stored[i]->seq) {
        docs[stored[i]->id] = {stored[i], it->second.second};
        by_handle[it->second.second] = stored[i];
        held.erase(it);
        ++restored;
      } else {
        to_index.push_back(i);
      }
    }
    // Versions the store no longer has (deleted or rewritten after the snapshot).
    for (auto& [id, version] : held) {
      dedup->Remove(id);
      stream->Remove(version.second);
    }
  } else {
    if (loaded.code() != Status::Code::kNotFound) {
      std::fprintf(stderr, "storyline: not using the snapshot (%s); re-indexing every document\n",
                   loaded.ToString().c_str());
    }
    dedup = std::make_unique<DedupIndex>(options.pipeline.dedup);
    stream = std::make_unique<StoryStream>(options.pipeline.story);
    for (size_t i = 0; i < stored.size(); ++i) to_index.push_back(i);
  }

  // Re-analyse what the snapshot lacks, in parallel chunks, and add it in store order. Adding
  // is serial (about 0.3 ms a document at 100,000): the next chunk is analysed meanwhile.
  constexpr size_t kChunk = 512;
  auto prepare_chunk = [&](size_t begin) {
    const size_t end = std::min(to_index.size(), begin + kChunk);
    std::vector<std::unique_ptr<Pending>> chunk(end - begin);
    tbb::parallel_for(begin, end, [&](size_t k) {
      const auto& d = stored[to_index[k]];
      auto p = std::make_unique<Pending>();
      live::StoredDocument full;
      Status r = store->Read(d->id, false, &full);
      if (r.ok()) {
        Document doc = RebuildDocument(*d, std::move(full), options.pipeline);
        p->prepared = dedup->Prepare(doc);  // needs no lock, also while others are added
        p->terms = StoryStream::Prepare(doc, options.pipeline.story);
      } else {
        std::fprintf(stderr, "storyline: cannot restore %s: %s\n", d->id.c_str(),
                     r.ToString().c_str());
      }
      p->change.id = d->id;
      p->doc = d;
      chunk[k - begin] = std::move(p);
    });
    return chunk;
  };
  std::vector<std::unique_ptr<Pending>> chunk, next;
  if (!to_index.empty()) chunk = prepare_chunk(0);
  for (size_t begin = 0; begin < to_index.size(); begin += kChunk) {
    tbb::task_group preparing;
    if (begin + kChunk < to_index.size()) {
      preparing.run([&, at = begin + kChunk] { next = prepare_chunk(at); });
    }
    {
      std::unique_lock lock(mu);
      for (auto& p : chunk) {
        if (p->prepared) {
          bool existed;
          ApplyToIndexes(*p, &existed);
        }
        ++restored;
      }
    }
    preparing.wait();
    chunk = std::move(next);
    next.clear();
  }
  for (const auto& d : stored) {
    if (d->published && *d->published > newest_published.load()) newest_published = *d->published;
  }
  {
    std::unique_lock lock(mu);
    for (const auto& [id, e] : docs) {
      if (e.doc->expires) expiries.emplace(*e.doc->expires, e.doc->seq, id);
    }
  }
  // What was replayed counts towards the next snapshot, so that restarts after repeated crashes
  // do not replay ever more.
  changes_since_snapshot = to_index.size();
  last_change = std::chrono::steady_clock::now();  // an idle snapshot waits for quiet
  replayed = to_index.size();
  BuildList();
  // Until ready: the story list's first build included.
  restore_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  is_ready = true;
  restore_done.set_value(Status::Ok());
}

// The writer's own change to the indexes; the caller holds the exclusive lock (or is restoring).
void LiveIndex::Impl::ApplyToIndexes(Pending& p, bool* existed) {
  const std::string& id = p.change.id;
  auto it = docs.find(id);
  *existed = it != docs.end();
  if (*existed) {
    dedup->Remove(id);
    stream->Remove(it->second.handle);
    by_handle.erase(it->second.handle);
    docs.erase(it);
  }
  if (!p.doc || !p.prepared) return;  // a deletion
  Status added = dedup->Add(std::move(*p.prepared));
  if (!added.ok()) {
    // Cannot happen (the id was just removed); never leave the two indexes disagreeing.
    std::fprintf(stderr, "storyline: indexing %s: %s\n", id.c_str(), added.ToString().c_str());
    return;
  }
  StreamDocHandle handle = stream->Add(p.terms);
  docs[id] = {p.doc, handle};
  by_handle[handle] = p.doc;
  if (p.doc->published && *p.doc->published > newest_published.load()) {
    newest_published = *p.doc->published;
  }
  if (p.doc->expires) expiries.emplace(*p.doc->expires, p.doc->seq, id);
}

// Queues a deletion for each document whose time has come. Writer thread: it alone changes
// `docs` and `expiries`, so it reads them without the lock.
void LiveIndex::Impl::QueueExpired() {
  UnixSeconds now = Now();
  std::vector<std::string> due;
  while (!expiries.empty() && std::get<0>(expiries.top()) <= now) {
    const auto& [when, seq, id] = expiries.top();
    auto it = docs.find(id);
    if (it != docs.end() && it->second.doc->seq == seq) due.push_back(id);
    expiries.pop();
  }
  if (due.empty()) return;
  std::lock_guard<std::mutex> lock(queue_mu);
  for (std::string& id : due) {
    auto p = std::make_unique<Pending>();
    p->change.id = std::move(id);
    p->expiry = true;
    queue.push_back(std::move(p));
  }
}

void LiveIndex::Impl::WriterLoop() {
  Restore();
  if (!is_ready) return;
  while (true) {
    std::vector<std::unique_ptr<Pending>> batch;
    {
      std::unique_lock<std::mutex> lock(queue_mu);
      queue_cv.wait_for(lock, std::chrono::seconds(1), [&] { return stopping || !queue.empty(); });
      if (queue.empty() && stopping) break;
      while (!queue.empty() && batch.size() < options.max_batch) {
        batch.push_back(std::move(queue.front()));
        queue.pop_front();
      }
    }
    if (batch.empty()) {
      // Idle: a snapshot that is due (after a long replay, say) is taken now.
      MaybeSnapshot(true);
      QueueExpired();
      continue;
    }
    // Deletions of documents that do not exist (also once the batch's earlier changes are
    // counted) are answered without a write.
    std::vector<live::StoreChange> changes;
    std::vector<Pending*> written;
    std::vector<bool> exists_after;
    absl::flat_hash_map<std::string, bool> batch_state;
    for (auto& p : batch) {
      const std::string& id = p->change.id;
      bool exists;
      if (auto b = batch_state.find(id); b != batch_state.end()) {
        exists = b->second;
      } else {
        exists = docs.contains(id);  // only this thread changes `docs`
      }
      if (!p->change.document && !exists) {
        if (!p->expiry) p->done.set_value({Status::Ok(), false, nullptr});
        p.reset();
        continue;
      }
      batch_state[id] = p->change.document.has_value();
      changes.push_back(std::move(p->change));
      written.push_back(p.get());
    }
    if (!changes.empty()) {
      Status s = store->Apply(&changes);
      ++batches;
      if (!s.ok()) {
        for (Pending* p : written) {
          if (!p->expiry) p->done.set_value({s, false, nullptr});
        }
        continue;
      }
      for (size_t i = 0; i < written.size(); ++i) {
        Pending& p = *written[i];
        p.change.id = changes[i].id;
        if (p.doc) {
          // The stored version's seq is known only now.
          auto d = std::make_shared<LiveDocument>(*p.doc);
          d->seq = changes[i].seq;
          p.doc = std::move(d);
        }
      }
      // The whole batch under one exclusive lock (a few milliseconds): taken per document, the
      // writer waited for the lock a fifth of its time, mostly for the scheduler to wake it.
      std::vector<char> existed(written.size());
      {
        std::unique_lock lock(mu);
        for (size_t i = 0; i < written.size(); ++i) {
          bool e;
          ApplyToIndexes(*written[i], &e);
          existed[i] = e;
          applied_version.fetch_add(1);
        }
      }
      for (size_t i = 0; i < written.size(); ++i) {
        Pending& p = *written[i];
        if (p.expiry) {
          ++expired;
        } else if (p.doc) {
          ++puts;
        } else {
          ++deletes;
        }
        if (!p.expiry) p.done.set_value({Status::Ok(), existed[i] != 0, p.doc});
      }
      changes_since_snapshot += written.size();
      last_change = std::chrono::steady_clock::now();
      refresh_cv.notify_all();
    }
    MaybeSnapshot(false);
    QueueExpired();
  }
}

Status LiveIndex::Impl::SaveSnapshot() {
  // The writer is the only thread that changes the indexes, and it is here: the indexes hold
  // exactly the store's state at last_seq().
  auto start = std::chrono::steady_clock::now();
  std::vector<std::tuple<std::string, int64_t, StreamDocHandle>> held;
  held.reserve(docs.size());
  for (const auto& [id, e] : docs) held.emplace_back(id, e.doc->seq, e.handle);
  Status s = live::SaveSnapshot(snapshot_prefix, store->instance(), store->last_seq(), *dedup,
                                *stream, held);
  if (!s.ok()) {
    ++snapshot_failures;
    return s;
  }
  changes_since_snapshot = 0;
  ++snapshots;
  snapshot_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

void LiveIndex::Impl::MaybeSnapshot(bool idle) {
  const auto now = std::chrono::steady_clock::now();
  const size_t changes = changes_since_snapshot;
  const bool due = options.snapshot_every > 0 && changes >= options.snapshot_every;
  const bool quiet = idle && options.idle_snapshot_after.count() > 0 && changes > 0 &&
                     changes >= options.idle_snapshot_changes &&
                     now - last_change >= options.idle_snapshot_after;
  if ((!due && !quiet) || now < snapshot_retry_after) return;
  Status s = SaveSnapshot();
  if (!s.ok()) {
    // A full disk, say: the next try after 30 s, not after every batch.
    std::fprintf(stderr, "storyline: snapshot: %s\n", s.ToString().c_str());
    snapshot_retry_after = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    return;
  }
  std::fprintf(stderr, "storyline: snapshot of %zu documents in %.1f s\n",
               docs.size(), snapshot_seconds.load());
}

Status LiveIndex::Put(RawDocument raw, std::optional<int64_t> ttl_seconds, PutResult* result) {
  Impl& m = *impl_;
  if (!m.is_ready) return Status::Unsupported("the index is restoring");
  if (raw.id.empty()) return Status::InvalidArgument("empty document id");
  auto item = std::make_unique<Impl::Pending>();
  const std::string id = raw.id;
  auto live_doc = std::make_shared<LiveDocument>();
  {
    // The page's CPU work (extraction, analysis, compression, the indexes' preparation) holds one
    // of the analysis slots; waiting for the writer does not.
    AnalyzerPool::Lease lease = m.analyzers->Acquire();
    live::StoredDocument stored;
    stored.format = raw.format;
    stored.body = raw.body;
    Document doc;
    Rejection rejection;
    if (!ProcessDocument(std::move(raw), m.options.pipeline, lease.analyzer(), &doc, &rejection)) {
      ++m.rejected;
      result->outcome = PutOutcome::kRejected;
      result->reason = rejection.reason;
      result->doc = nullptr;
      return Status::Ok();
    }
    live_doc->id = id;
    live_doc->title = doc.title;
    live_doc->url = doc.url;
    live_doc->site = doc.site;
    live_doc->language = doc.text.language;
    live_doc->published = doc.published;
    live_doc->received = WallNow();
    if (ttl_seconds && *ttl_seconds > 0) {
      if (m.options.clock == LiveOptions::Clock::kWall) {
        live_doc->expires = live_doc->received + *ttl_seconds;
      } else {
        live_doc->expires = (doc.published ? *doc.published : m.Now()) + *ttl_seconds;
      }
    }
    stored.summary = {id,
                      0,
                      live_doc->received,
                      live_doc->expires,
                      live_doc->title,
                      live_doc->url,
                      live_doc->site,
                      live_doc->language,
                      live_doc->published};
    stored.author = doc.author;
    stored.paragraphs = doc.paragraphs;
    live::Encode(&stored);  // here, in parallel, rather than on the writer thread
    // No lock: Prepare reads only the index's fixed settings (dedup_index.h), and `dedup` is set
    // once, before the index is ready. Holding the shared lock here kept the writer waiting a
    // third of its time (readers are preferred).
    item->prepared = m.dedup->Prepare(doc);
    item->terms = StoryStream::Prepare(doc, m.options.pipeline.story);
    item->change.id = id;
    item->change.document = std::move(stored);
    item->doc = live_doc;
  }
  Impl::Outcome outcome = m.Submit(std::move(item));
  STORYLINE_RETURN_IF_ERROR(outcome.status);
  result->outcome = outcome.existed ? PutOutcome::kReplaced : PutOutcome::kCreated;
  result->reason.clear();
  result->doc = outcome.doc ? std::move(outcome.doc) : live_doc;  // the version stored
  return Status::Ok();
}

Status LiveIndex::Delete(const std::string& id, bool* found) {
  Impl& m = *impl_;
  if (!m.is_ready) return Status::Unsupported("the index is restoring");
  auto item = std::make_unique<Impl::Pending>();
  item->change.id = id;
  Impl::Outcome outcome = m.Submit(std::move(item));
  *found = outcome.existed;
  return outcome.status;
}

LiveIndex::Impl::Outcome LiveIndex::Impl::Submit(std::unique_ptr<Pending> item) {
  auto done = item->done.get_future();
  {
    std::lock_guard<std::mutex> lock(queue_mu);
    if (stopping) return {Status::Unsupported("the index is closing"), false, nullptr};
    queue.push_back(std::move(item));
  }
  queue_cv.notify_one();
  return done.get();
}

std::optional<LiveDocumentInfo> LiveIndex::Get(const std::string& id) const {
  const Impl& m = *impl_;
  if (!m.is_ready) return std::nullopt;
  LiveDocumentInfo info;
  {
    std::shared_lock lock(m.mu);
    auto it = m.docs.find(id);
    if (it == m.docs.end()) return std::nullopt;
    info.doc = *it->second.doc;
    StreamDocHandle story_handle = it->second.handle;
    if (auto placement = m.dedup->Placement(id)) {
      info.original = placement->original;
      info.relation = placement->relation;
      info.similarity = placement->similarity;
      info.group_size = placement->group_size;
      // A copy belongs to its original's story.
      if (auto o = m.docs.find(placement->original); o != m.docs.end()) {
        story_handle = o->second.handle;
      }
    } else {
      info.original = id;
    }
    info.story = m.stream->StoryOf(story_handle);
  }
  live::StoredDocument stored;
  if (m.store->Read(id, false, &stored).ok()) {
    info.author = std::move(stored.author);
    info.paragraphs = std::move(stored.paragraphs);
  }
  return info;
}

std::shared_ptr<const LiveStoryList> LiveIndex::Stories() const {
  std::lock_guard<std::mutex> lock(impl_->list_mu);
  return impl_->list;
}

void LiveIndex::RefreshNow() {
  if (!impl_->is_ready) return;
  if (Stories()->version != impl_->applied_version.load()) impl_->BuildList();
}

void LiveIndex::Impl::RefresherLoop() {
  restore_status.wait();
  std::unique_lock<std::mutex> lock(refresh_mu);
  while (true) {
    refresh_cv.wait_for(lock, std::chrono::seconds(1), [&] {
      std::lock_guard<std::mutex> q(queue_mu);
      return stopping || list_version.load() != applied_version.load();
    });
    {
      std::lock_guard<std::mutex> q(queue_mu);
      if (stopping) return;
    }
    if (!is_ready) continue;
    if (list_version.load() == applied_version.load()) continue;
    lock.unlock();
    // A burst of changes is gathered into one rebuild; under sustained changes the list is
    // rebuilt every refresh_interval, or less often when a rebuild takes more than a tenth of
    // that (a large index), so that rebuilding takes at most a tenth of a core.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    BuildList();
    auto pause = std::max<std::chrono::milliseconds>(
        options.refresh_interval,
        std::chrono::milliseconds(static_cast<int64_t>(9 * list_build_ms.load())));
    lock.lock();
    // The pause (9 s after a 1 s rebuild) ends early when the index closes.
    refresh_cv.wait_for(lock, pause, [&] {
      std::lock_guard<std::mutex> q(queue_mu);
      return stopping;
    });
  }
}

void LiveIndex::Impl::BuildList() {
  std::lock_guard<std::mutex> build_lock(build_mu);
  auto start = std::chrono::steady_clock::now();
  auto out = std::make_shared<LiveStoryList>();
  std::vector<StreamStory> stream_stories;
  std::vector<IndexGroup> groups;
  absl::flat_hash_map<StreamDocHandle, uint32_t> index_of_handle;
  absl::flat_hash_map<std::string_view, uint32_t> index_of_id;
  {
    std::shared_lock lock(mu);
    out->version = applied_version.load();
    stream_stories = stream->Stories();
    groups = dedup->Groups();
    out->documents.reserve(by_handle.size());
    index_of_handle.reserve(by_handle.size());
    for (const auto& [handle, doc] : by_handle) {
      index_of_handle[handle] = static_cast<uint32_t>(out->documents.size());
      out->documents.push_back(doc);
    }
  }
  const auto& documents = out->documents;
  index_of_id.reserve(documents.size());
  for (uint32_t i = 0; i < documents.size(); ++i) index_of_id[documents[i]->id] = i;

  // Copies: each copy's original and link.
  struct CopyOf {
    uint32_t original;
    CopyRelation relation;
    float similarity;
  };
  std::vector<std::optional<CopyOf>> copy_of(documents.size());
  std::vector<std::vector<uint32_t>> copies_of(documents.size());
  for (const IndexGroup& g : groups) {
    auto o = index_of_id.find(g.original);
    if (o == index_of_id.end()) continue;
    for (const IndexGroup::Copy& c : g.copies) {
      auto ci = index_of_id.find(c.doc);
      if (ci == index_of_id.end()) continue;
      copy_of[ci->second] = CopyOf{o->second, c.relation, static_cast<float>(c.similarity)};
      copies_of[o->second].push_back(ci->second);
    }
  }
  std::vector<float> relevance(documents.size(), 0);
  for (const StreamStory& s : stream_stories) {
    for (const auto& [handle, r] : s.members) {
      if (auto it = index_of_handle.find(handle); it != index_of_handle.end()) {
        relevance[it->second] = static_cast<float>(r);
      }
    }
  }

  std::optional<UnixSeconds> newest;
  for (const auto& d : documents) {
    if (d->published && (!newest || *d->published > *newest)) newest = d->published;
  }
  out->newest_published = newest;
  for (const StreamStory& s : stream_stories) {
    LiveStory story;
    story.id = s.id;
    for (const auto& [handle, r] : s.members) {
      auto it = index_of_handle.find(handle);
      if (it == index_of_handle.end() || copy_of[it->second]) continue;  // copies follow
      uint32_t doc = it->second;
      int32_t original_entry = static_cast<int32_t>(story.entries.size());
      story.entries.push_back({doc, -1, CopyRelation::kNear, 1, static_cast<float>(r)});
      for (uint32_t c : copies_of[doc]) {
        story.entries.push_back(
            {c, original_entry, copy_of[c]->relation, copy_of[c]->similarity, relevance[c]});
      }
    }
    if (story.entries.empty()) continue;  // only copies of other stories' documents
    std::vector<story::HeadlineCandidate> candidates;
    std::set<std::string_view> sites;
    size_t unnamed = 0;
    absl::flat_hash_map<std::string_view, size_t> languages;
    for (const LiveStory::Entry& e : story.entries) {
      const LiveDocument& d = *documents[e.doc];
      candidates.push_back({d.title, e.relevance, e.copy_of >= 0});
      if (e.copy_of >= 0) {
        ++story.copies;
      } else {
        ++story.sources;
        if (d.site.empty()) {
          ++unnamed;
        } else {
          sites.insert(d.site);
        }
      }
      ++languages[d.language];
      if (d.published) {
        if (!story.first_published || *d.published < *story.first_published) {
          story.first_published = d.published;
        }
        if (!story.last_published || *d.published > *story.last_published) {
          story.last_published = d.published;
        }
      }
    }
    size_t h = story::ChooseHeadline(candidates);
    const LiveDocument& head = *documents[story.entries[h == story::kNoHeadline ? 0 : h].doc];
    story.headline = head.title;
    story.headline_doc = head.id;
    size_t best = 0;
    for (const auto& [language, n] : languages) {
      if (n > best || (n == best && language < story.language)) {
        best = n;
        story.language = std::string(language);
      }
    }
    story.importance =
        StoryImportance(sites.size() + unnamed, story.copies, story.last_published, newest);
    out->stories.push_back(std::move(story));
  }
  std::sort(out->stories.begin(), out->stories.end(), [](const LiveStory& a, const LiveStory& b) {
    if (a.importance != b.importance) return a.importance > b.importance;
    return a.id < b.id;
  });
  out->by_id.reserve(out->stories.size());
  for (uint32_t i = 0; i < out->stories.size(); ++i) out->by_id.emplace_back(out->stories[i].id, i);
  std::sort(out->by_id.begin(), out->by_id.end());
  out->built_at = WallNow();
  list_build_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::lock_guard<std::mutex> lock(list_mu);
  if (!list || list->version <= out->version) {
    list_version = out->version;
    list = std::move(out);
  }
}

std::optional<LiveStoryView> LiveIndex::StoryView(uint64_t story_id) const {
  const Impl& m = *impl_;
  if (!m.is_ready) return std::nullopt;
  std::shared_ptr<const LiveStoryList> list = Stories();
  const LiveStory* story = list->Find(story_id);
  if (!story && list->version != m.applied_version.load()) {
    const_cast<LiveIndex*>(this)->RefreshNow();
    list = Stories();
    story = list->Find(story_id);
  }
  if (!story) return std::nullopt;
  LiveStoryView view;
  view.id = story_id;
  PipelineResult& r = view.result;
  // Text is read for the first kMaxTextDocuments entries (by relevance, copies after their
  // original); the others are listed with their metadata only, so that a story of thousands
  // of documents still answers quickly.
  constexpr size_t kMaxTextDocuments = 200;
  const size_t n = story->entries.size();
  r.documents.resize(n);
  tbb::parallel_for(size_t{0}, n, [&](size_t i) {
    const LiveDocument& d = *list->documents[story->entries[i].doc];
    live::StoredDocument stored;
    if (i < kMaxTextDocuments && m.store->Read(d.id, false, &stored).ok()) {
      r.documents[i] = RebuildDocument(d, std::move(stored), m.options.pipeline);
    } else {
      Document& doc = r.documents[i];
      doc.id = d.id;
      doc.origin = d.id;
      doc.url = d.url;
      doc.site = d.site;
      doc.title = d.title;
      doc.published = d.published;
      doc.text.language = d.language;
    }
  });
  Story s;
  s.importance = story->importance;
  std::vector<DuplicateGroup> groups(n);
  for (uint32_t i = 0; i < n; ++i) {
    const LiveStory::Entry& e = story->entries[i];
    if (e.copy_of < 0) {
      s.members.push_back(i);
      groups[i].original = i;
    } else {
      groups[e.copy_of].copies.push_back({i, e.relation, e.similarity});
    }
    if (r.documents[i].id == story->headline_doc) s.headline_doc = i;
  }
  for (DuplicateGroup& g : groups) {
    if (!g.copies.empty()) r.duplicates.push_back(std::move(g));
  }
  r.stories.push_back(std::move(s));
  BuildStoryViews(&r, m.options.pipeline);
  return view;
}

LiveStats LiveIndex::Stats() const {
  const Impl& m = *impl_;
  LiveStats s;
  s.ready = m.is_ready;
  s.restored = m.restored;
  s.restore_total = m.restore_total;
  s.puts = m.puts;
  s.deletes = m.deletes;
  s.expired = m.expired;
  s.rejected = m.rejected;
  s.batches = m.batches;
  s.changes = m.applied_version;
  s.list_build_ms = m.list_build_ms;
  if (!m.is_ready) return s;
  s.restore_seconds = m.restore_seconds;
  s.restored_from_snapshot = m.from_snapshot;
  s.replayed = m.replayed;
  s.snapshots = m.snapshots;
  s.snapshot_failures = m.snapshot_failures;
  s.snapshot_seconds = m.snapshot_seconds;
  s.changes_since_snapshot = m.changes_since_snapshot;
  {
    std::shared_lock lock(m.mu);
    s.documents = m.docs.size();
    s.dedup_bytes = m.dedup->MemoryBytes();
    s.story_bytes = m.stream->MemoryBytes();
  }
  auto list = Stories();
  s.stories = list->stories.size();
  s.list_version = list->version;
  return s;
}

Status LiveIndex::Close() {
  Impl& m = *impl_;
  {
    std::lock_guard<std::mutex> lock(m.queue_mu);
    if (m.stopping && !m.writer.joinable()) return Status::Ok();
    m.stopping = true;
  }
  m.queue_cv.notify_all();
  {
    // Now the refresher is either waiting (and is woken) or has yet to see `stopping`.
    std::lock_guard<std::mutex> lock(m.refresh_mu);
  }
  m.refresh_cv.notify_all();
  if (m.writer.joinable()) m.writer.join();
  if (m.refresher.joinable()) m.refresher.join();
  if (!m.is_ready || !m.options.snapshot_on_close) return Status::Ok();
  if (m.changes_since_snapshot == 0 && std::filesystem::exists(m.snapshot_prefix + ".manifest")) {
    return Status::Ok();
  }
  return m.SaveSnapshot();
}

}  // namespace storyline
