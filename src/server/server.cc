#include "server/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "storyline/ingest.h"
#include "storyline/timestamp.h"
#include "view/stories_json.h"

namespace storyline::server {
namespace {

using Json = nlohmann::ordered_json;

// The web page, compiled in (web_page.html).
constexpr char kWebPage[] =
#include "web_page.inc"
    ;

void SendJson(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

void SendError(httplib::Response& res, int status, const std::string& message) {
  SendJson(res, status, Json{{"error", message}});
}

Json TimeOrNull(const std::optional<UnixSeconds>& t) {
  return t ? Json(FormatTimestamp(*t)) : Json(nullptr);
}

double Round3(double x) { return std::round(x * 1000) / 1000; }

// A non-negative integer query parameter; nullopt when absent, an error message when malformed.
std::optional<int64_t> IntParam(const httplib::Request& req, const char* name, std::string* error) {
  if (!req.has_param(name)) return std::nullopt;
  std::string v = req.get_param_value(name);
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < 0) {
    *error = std::string("'") + name + "' must be a non-negative integer, got '" + v + "'";
    return std::nullopt;
  }
  return n;
}

// max-age of a Cache-Control header ("max-age=3600", possibly among other directives).
std::optional<int64_t> MaxAge(const std::string& cache_control) {
  size_t at = cache_control.find("max-age=");
  if (at == std::string::npos) return std::nullopt;
  const char* p = cache_control.data() + at + 8;
  const char* end = cache_control.data() + cache_control.size();
  int64_t n = 0;
  auto [q, ec] = std::from_chars(p, end, n);
  if (ec != std::errc() || q == p || n < 0) return std::nullopt;
  return n;
}

Json DocumentJson(const LiveDocument& d) {
  return {{"id", d.id},
          {"title", d.title},
          {"url", d.url},
          {"site", d.site},
          {"language", d.language},
          {"published", TimeOrNull(d.published)},
          {"received", FormatTimestamp(d.received)},
          {"expires", TimeOrNull(d.expires)}};
}

// Latency histogram of one route, in milliseconds.
class RouteMetrics {
 public:
  static constexpr std::array<double, 13> kBoundsMs = {0.25, 0.5, 1,   2,   5,    10,  20,
                                                       50,   100, 200, 500, 1000, 5000};
  void Record(int status, double ms) {
    ++count_;
    if (status >= 400) ++errors_;
    size_t b = std::lower_bound(kBoundsMs.begin(), kBoundsMs.end(), ms) - kBoundsMs.begin();
    ++buckets_[b];
    // Sum in microseconds, so that an integer counter can hold it.
    sum_us_ += static_cast<uint64_t>(ms * 1000);
  }
  uint64_t count() const { return count_; }
  uint64_t errors() const { return errors_; }
  uint64_t bucket(size_t i) const { return buckets_[i]; }
  double sum_seconds() const { return static_cast<double>(sum_us_.load()) / 1e6; }

 private:
  std::atomic<uint64_t> count_{0}, errors_{0}, sum_us_{0};
  std::array<std::atomic<uint64_t>, kBoundsMs.size() + 1> buckets_{};
};

const char* kRoutes[] = {"put_document", "get_document", "delete_document", "list_stories",
                         "get_story",    "threads",      "tgnews_put",      "tgnews_delete",
                         "healthz",      "metrics",      "page"};
constexpr size_t kRouteCount = sizeof(kRoutes) / sizeof(kRoutes[0]);

size_t RouteIndex(std::string_view name) {
  for (size_t i = 0; i < kRouteCount; ++i) {
    if (name == kRoutes[i]) return i;
  }
  return 0;
}

// Response bodies of GET routes, by request and by the story list version they were built from:
// a body is reused until the list changes. Bounded; the oldest entry goes first.
class ResponseCache {
 public:
  explicit ResponseCache(size_t capacity) : capacity_(capacity) {}
  std::shared_ptr<const std::string> Get(const std::string& key, uint64_t version) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.first != version) return nullptr;
    return it->second.second;
  }
  void Put(const std::string& key, uint64_t version, std::shared_ptr<const std::string> body) {
    std::lock_guard<std::mutex> lock(mu_);
    auto [it, inserted] = entries_.insert_or_assign(key, std::make_pair(version, std::move(body)));
    if (inserted) order_.push_back(key);
    while (entries_.size() > capacity_) {
      entries_.erase(order_.front());
      order_.pop_front();
    }
  }

 private:
  size_t capacity_;
  std::mutex mu_;
  std::map<std::string, std::pair<uint64_t, std::shared_ptr<const std::string>>> entries_;
  std::deque<std::string> order_;
};

void SendBody(httplib::Response& res, const std::shared_ptr<const std::string>& body) {
  res.status = 200;
  res.set_content(*body, "application/json");
}

std::shared_ptr<const std::string> Dump(const Json& j) {
  return std::make_shared<const std::string>(j.dump(-1, ' ', false, Json::error_handler_t::replace));
}

// The cache key of a request: the route and the given values of `params`.
std::string CacheKey(const char* route, const httplib::Request& req,
                     std::initializer_list<const char*> params) {
  std::string key = route;
  for (const char* p : params) {
    key += '\x1f';
    key += req.has_param(p) ? req.get_param_value(p) : "\x1e";
  }
  return key;
}

}  // namespace

struct Server::Impl {
  LiveIndex* index;
  ServerOptions options;
  httplib::Server http;
  int bound_port = 0;
  std::array<RouteMetrics, kRouteCount> metrics;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  // Story views, story lists and threads, with the list version they were built from.
  ResponseCache cache{256};

  // The request this thread is answering, timed from its handler's start until httplib has
  // written the response (its logger runs then, on the same thread).
  struct Timing {
    RouteMetrics* route = nullptr;
    std::chrono::steady_clock::time_point start;
  };
  static Timing& ThisThreadsTiming() {
    thread_local Timing timing;
    return timing;
  }

  // Wraps a handler: times it, the response's writing included, under `route`. While the
  // index is restoring, the route answers 503 (SendRestoring) unless `restoring` is kServe.
  // This is decided here, not before routing: httplib reads a request's body only on its way
  // to the handler, and a body left unread on a kept connection would be read as the next
  // request.
  enum class WhileRestoring { kUnavailable, kServe };
  httplib::Server::Handler Timed(const char* route, httplib::Server::Handler handler,
                                 WhileRestoring restoring = WhileRestoring::kUnavailable) {
    RouteMetrics* m = &metrics[RouteIndex(route)];
    return [this, m, restoring, handler = std::move(handler)](const httplib::Request& req,
                                                              httplib::Response& res) {
      ThisThreadsTiming() = {m, std::chrono::steady_clock::now()};
      if (restoring == WhileRestoring::kUnavailable && !index->ready()) {
        SendRestoring(res);
        return;
      }
      handler(req, res);
    };
  }

  // httplib's logger: called once the response is written (or failed to be).
  static void RecordTiming(const httplib::Request&, const httplib::Response& res) {
    Timing& t = ThisThreadsTiming();
    if (t.route == nullptr) return;  // not a timed route (an unknown path, say)
    t.route->Record(
        res.status,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t.start)
            .count());
    t.route = nullptr;
  }

  // 503 while the index is restoring: Retry-After, and how far the restore has come.
  void SendRestoring(httplib::Response& res) {
    LiveStats s = index->Stats();
    res.set_header("Retry-After", "1");
    SendJson(res, 503,
             Json{{"error", "restoring the index"},
                  {"restored", s.restored},
                  {"total", s.restore_total}});
  }
  // A failed write: 503 while restoring, else 500.
  void SendWriteError(httplib::Response& res, const Status& s) {
    if (s.code() == Status::Code::kUnsupported) {
      SendRestoring(res);
    } else {
      SendError(res, 500, s.message());
    }
  }

  void Routes();
  void PutDocument(const httplib::Request& req, httplib::Response& res, const std::string& id,
                   bool tgnews);
  void DeleteDocument(httplib::Response& res, const std::string& id, bool tgnews);
  void GetDocument(httplib::Response& res, const std::string& id);
  void ListStories(const httplib::Request& req, httplib::Response& res);
  void GetStory(httplib::Response& res, const std::string& id);
  void Threads(const httplib::Request& req, httplib::Response& res);
  void Health(httplib::Response& res);
  void Metrics(httplib::Response& res);
};

Server::Server(LiveIndex* index, const ServerOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->index = index;
  impl_->options = options;
  impl_->Routes();
}

Server::~Server() { Stop(); }

void Server::Impl::Routes() {
  int threads = std::max(options.threads, 2);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_keep_alive_max_count(1u << 30);
  http.set_keep_alive_timeout(options.keep_alive_seconds);
  http.set_payload_max_length(options.max_body_bytes);
  http.set_tcp_nodelay(true);
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a second server would
  // silently share a port already in use instead of failing to start.
  http.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });

  http.set_logger(RecordTiming);
  http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    // A request whose response was never written (the client left) left its timing behind:
    // this request is not that one.
    ThisThreadsTiming().route = nullptr;
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Errors httplib answers itself (no route, body too large, bad request) get a JSON body too.
  http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string message = "HTTP status " + std::to_string(res.status);
    if (res.status == 400) message = "bad request";
    if (res.status == 404) message = "no route " + req.method + " " + req.path;
    if (res.status == 413) {
      message = "request body larger than " + std::to_string(options.max_body_bytes) +
                " bytes (--max-body)";
    }
    SendError(res, res.status, message);
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "internal error";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = std::string("internal error: ") + e.what();
        } catch (...) {
        }
        SendError(res, 500, what);
      });

  http.Put(R"(/api/documents/(.+))",
           Timed("put_document", [this](const httplib::Request& req, httplib::Response& res) {
             PutDocument(req, res, req.matches[1], false);
           }));
  http.Delete(R"(/api/documents/(.+))",
              Timed("delete_document", [this](const httplib::Request& req, httplib::Response& res) {
                DeleteDocument(res, req.matches[1], false);
              }));
  http.Get(R"(/api/documents/(.+))",
           Timed("get_document", [this](const httplib::Request& req, httplib::Response& res) {
             GetDocument(res, req.matches[1]);
           }));
  http.Get("/api/stories",
           Timed("list_stories", [this](const httplib::Request& req, httplib::Response& res) {
             ListStories(req, res);
           }));
  http.Get(R"(/api/stories/([^/]+))",
           Timed("get_story", [this](const httplib::Request& req, httplib::Response& res) {
             GetStory(res, req.matches[1]);
           }));
  http.Get("/healthz", Timed("healthz", [this](const httplib::Request&, httplib::Response& res) {
             Health(res);
           }));
  // The metrics and the page also answer while the index is restoring.
  http.Get("/metrics",
           Timed(
               "metrics", [this](const httplib::Request&, httplib::Response& res) { Metrics(res); },
               WhileRestoring::kServe));
  http.Get("/", Timed(
                    "page",
                    [](const httplib::Request&, httplib::Response& res) {
                      res.set_header("Content-Security-Policy",
                                     "default-src 'none'; script-src 'unsafe-inline'; style-src "
                                     "'unsafe-inline'; connect-src 'self'; img-src data:");
                      res.set_content(kWebPage, sizeof(kWebPage) - 1, "text/html; charset=utf-8");
                    },
                    WhileRestoring::kServe));
  // The Telegram contest's server mode.
  http.Put(R"(/([^/]+\.html?))",
           Timed("tgnews_put", [this](const httplib::Request& req, httplib::Response& res) {
             PutDocument(req, res, req.matches[1], true);
           }));
  http.Delete(R"(/([^/]+\.html?))",
              Timed("tgnews_delete", [this](const httplib::Request& req, httplib::Response& res) {
                DeleteDocument(res, req.matches[1], true);
              }));
  http.Get("/threads", Timed("threads", [this](const httplib::Request& req, httplib::Response& res) {
             Threads(req, res);
           }));
}

void Server::Impl::PutDocument(const httplib::Request& req, httplib::Response& res,
                               const std::string& id, bool tgnews) {
  RawDocument raw;
  std::string content_type = req.get_header_value("Content-Type");
  if (!tgnews && content_type.rfind("application/json", 0) == 0) {
    IngestItem item = ParseJsonRecord(req.body, id, IngestOptions{});
    if (auto* r = std::get_if<Rejection>(&item)) {
      SendError(res, 400, r->reason);
      return;
    }
    raw = std::move(std::get<RawDocument>(item));
  } else if (!tgnews && content_type.rfind("text/plain", 0) == 0) {
    raw.format = RawDocument::Format::kText;
    raw.body = req.body;
  } else {
    raw.format = RawDocument::Format::kHtml;
    raw.body = req.body;
  }
  raw.id = id;
  raw.origin = id;
  if (raw.body.empty()) {
    SendError(res, 400, "empty body: send the page's HTML, or JSON with 'html' or 'text'");
    return;
  }
  std::optional<int64_t> ttl = MaxAge(req.get_header_value("Cache-Control"));
  std::string error;
  if (auto t = IntParam(req, "ttl", &error)) ttl = t;
  if (!error.empty()) {
    SendError(res, 400, error);
    return;
  }
  if (!ttl && options.default_ttl_seconds > 0) ttl = options.default_ttl_seconds;
  LiveIndex::PutResult result;
  Status s = index->Put(std::move(raw), ttl, &result);
  if (!s.ok()) {
    SendWriteError(res, s);
    return;
  }
  if (result.outcome == LiveIndex::PutOutcome::kRejected) {
    SendJson(res, 422, Json{{"error", "rejected: " + result.reason}, {"id", id}});
    return;
  }
  const bool created = result.outcome == LiveIndex::PutOutcome::kCreated;
  if (tgnews) {
    res.status = created ? 201 : 204;
    return;
  }
  SendJson(res, created ? 201 : 200, DocumentJson(*result.doc));
}

void Server::Impl::DeleteDocument(httplib::Response& res, const std::string& id, bool tgnews) {
  bool found = false;
  Status s = index->Delete(id, &found);
  if (!s.ok()) {
    SendWriteError(res, s);
    return;
  }
  if (!found) {
    if (tgnews) {
      res.status = 404;
      res.set_content("", "text/plain");
    } else {
      SendError(res, 404, "no document " + id);
    }
    return;
  }
  res.status = 204;
}

void Server::Impl::GetDocument(httplib::Response& res, const std::string& id) {
  std::optional<LiveDocumentInfo> info = index->Get(id);
  if (!info) {
    SendError(res, 404, "no document " + id);
    return;
  }
  Json j = DocumentJson(info->doc);
  j["author"] = info->author;
  j["paragraphs"] = info->paragraphs;
  j["duplicate"] = {{"original", info->original},
                    {"relation", info->relation ? Json(CopyRelationName(*info->relation))
                                                : Json(info->group_size > 1 ? "original" : "unique")},
                    {"similarity", Round3(info->similarity)},
                    {"group_size", info->group_size}};
  j["story"] = info->story ? Json(std::to_string(info->story)) : Json(nullptr);
  SendJson(res, 200, j);
}

void Server::Impl::ListStories(const httplib::Request& req, httplib::Response& res) {
  std::string error;
  std::optional<int64_t> limit = IntParam(req, "limit", &error);
  std::optional<int64_t> offset = IntParam(req, "offset", &error);
  if (!error.empty()) {
    SendError(res, 400, error);
    return;
  }
  std::optional<UnixSeconds> since;
  if (req.has_param("since")) {
    since = ParseTimestamp(req.get_param_value("since"));
    if (!since) {
      SendError(res, 400, "'since' must be a time (RFC 3339 or Unix seconds), got '" +
                              req.get_param_value("since") + "'");
      return;
    }
  }
  std::string lang = req.get_param_value("lang");
  size_t max = static_cast<size_t>(std::min<int64_t>(limit.value_or(50), 1000));
  size_t skip = static_cast<size_t>(offset.value_or(0));
  std::shared_ptr<const LiveStoryList> list = index->Stories();
  const std::string key = CacheKey("stories", req, {"since", "lang", "limit", "offset"});
  if (auto body = cache.Get(key, list->version)) {
    SendBody(res, body);
    return;
  }
  Json stories = Json::array();
  size_t matched = 0;
  for (const LiveStory& s : list->stories) {
    if (!lang.empty() && s.language != lang) continue;
    if (since && (!s.last_published || *s.last_published < *since)) continue;
    if (matched++ < skip || stories.size() >= max) continue;
    Json sites = Json::array();
    for (const LiveStory::Entry& e : s.entries) {
      if (sites.size() >= 5) break;
      const std::string& site = list->documents[e.doc]->site;
      if (e.copy_of < 0 && !site.empty() && std::find(sites.begin(), sites.end(), site) == sites.end()) {
        sites.push_back(site);
      }
    }
    stories.push_back({{"id", std::to_string(s.id)},
                       {"headline", s.headline},
                       {"headline_doc", s.headline_doc},
                       {"importance", Round3(s.importance)},
                       {"sources", s.sources},
                       {"copies", s.copies},
                       {"documents", s.entries.size()},
                       {"sites", std::move(sites)},
                       {"language", s.language},
                       {"first_published", TimeOrNull(s.first_published)},
                       {"last_published", TimeOrNull(s.last_published)}});
  }
  auto body = Dump(Json{{"stories", std::move(stories)},
                        {"total", matched},
                        {"documents", list->documents.size()},
                        {"version", list->version},
                        {"updated", FormatTimestamp(list->built_at)}});
  cache.Put(key, list->version, body);
  SendBody(res, body);
}

void Server::Impl::GetStory(httplib::Response& res, const std::string& id) {
  uint64_t story_id = 0;
  auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), story_id);
  if (ec != std::errc() || p != id.data() + id.size() || story_id == 0) {
    SendError(res, 404, "no story " + id);
    return;
  }
  const uint64_t version = index->Stories()->version;
  const std::string key = "story\x1f" + id;
  if (auto body = cache.Get(key, version)) {
    SendBody(res, body);
    return;
  }
  std::optional<LiveStoryView> view = index->StoryView(story_id);
  if (!view) {
    SendError(res, 404, "no story " + id);
    return;
  }
  Json j = StoryJson(view->result, 0);
  j["id"] = std::to_string(story_id);
  auto body = Dump(j);
  cache.Put(key, version, body);
  SendBody(res, body);
}

// GET /threads?period=<seconds>&lang_code=<code>&category=any: the stories with documents
// published within `period` before the newest publication time indexed, most important first;
// each lists those documents (bare names), most relevant first.
void Server::Impl::Threads(const httplib::Request& req, httplib::Response& res) {
  std::string error;
  std::optional<int64_t> period = IntParam(req, "period", &error);
  if (!error.empty() || !period) {
    SendError(res, 400, error.empty() ? "'period' (seconds) is required" : error);
    return;
  }
  std::string category = req.has_param("category") ? req.get_param_value("category") : "any";
  static const char* kCategories[] = {"society", "economy",  "technology", "sports",
                                      "entertainment", "science", "other"};
  if (category != "any") {
    if (std::find(std::begin(kCategories), std::end(kCategories), category) !=
        std::end(kCategories)) {
      SendError(res, 501, "category '" + category +
                              "' needs the news category classifier, which this build does not "
                              "have yet; use category=any");
    } else {
      SendError(res, 400, "unknown category '" + category + "'");
    }
    return;
  }
  std::string lang = req.get_param_value("lang_code");
  std::shared_ptr<const LiveStoryList> list = index->Stories();
  const std::string key = CacheKey("threads", req, {"period", "lang_code"});
  if (auto body = cache.Get(key, list->version)) {
    SendBody(res, body);
    return;
  }
  const UnixSeconds newest = list->newest_published.value_or(0);
  const UnixSeconds from = newest - *period;
  Json threads = Json::array();
  for (const LiveStory& s : list->stories) {
    if (s.last_published && *s.last_published < from) continue;
    Json articles = Json::array();
    std::string title;
    bool headline_in = false;
    for (const LiveStory::Entry& e : s.entries) {
      const LiveDocument& d = *list->documents[e.doc];
      if (!d.published || *d.published < from) continue;
      if (!lang.empty() && d.language != lang) continue;
      if (title.empty()) title = d.title;
      if (d.id == s.headline_doc) headline_in = true;
      articles.push_back(d.id);
    }
    if (articles.empty()) continue;
    threads.push_back({{"title", headline_in ? s.headline : title}, {"articles", std::move(articles)}});
  }
  auto body = Dump(Json{{"threads", std::move(threads)}});
  cache.Put(key, list->version, body);
  SendBody(res, body);
}

void Server::Impl::Health(httplib::Response& res) {
  LiveStats s = index->Stats();
  SendJson(res, 200,
           Json{{"status", "ok"},
                {"documents", s.documents},
                {"stories", s.stories},
                {"uptime_seconds",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()}});
}

void Server::Impl::Metrics(httplib::Response& res) {
  LiveStats s = index->Stats();
  std::ostringstream out;
  auto gauge = [&](const char* name, const char* help, double value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " gauge\n"
        << name << " " << value << "\n";
  };
  auto counter = [&](const char* name, const char* help, double value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n"
        << name << " " << value << "\n";
  };
  gauge("storyline_ready", "1 once the index is restored", s.ready ? 1 : 0);
  gauge("storyline_documents", "Live documents", static_cast<double>(s.documents));
  gauge("storyline_stories", "Stories in the latest story list", static_cast<double>(s.stories));
  counter("storyline_puts_total", "Documents stored (created or replaced)",
          static_cast<double>(s.puts));
  counter("storyline_deletes_total", "Documents deleted on request",
          static_cast<double>(s.deletes));
  counter("storyline_expired_total", "Documents deleted at the end of their TTL",
          static_cast<double>(s.expired));
  counter("storyline_rejected_total", "Documents rejected (no article text, ...)",
          static_cast<double>(s.rejected));
  counter("storyline_commits_total", "Store transactions (group commits)",
          static_cast<double>(s.batches));
  gauge("storyline_restored_documents", "Documents restored at start",
        static_cast<double>(s.restored));
  gauge("storyline_restore_seconds", "Time the last restore took", s.restore_seconds);
  gauge("storyline_replayed_documents", "Documents re-indexed at start (not in the snapshot)",
        static_cast<double>(s.replayed));
  counter("storyline_snapshots_total", "Snapshots of the indexes written since start",
          static_cast<double>(s.snapshots));
  counter("storyline_snapshot_failures_total", "Snapshots that failed",
          static_cast<double>(s.snapshot_failures));
  gauge("storyline_snapshot_seconds", "Time the last snapshot took (changes waited for it)",
        s.snapshot_seconds);
  gauge("storyline_changes_since_snapshot", "Changes a restart after a crash would replay",
        static_cast<double>(s.changes_since_snapshot));
  gauge("storyline_dedup_index_bytes", "Memory of the duplicate index",
        static_cast<double>(s.dedup_bytes));
  gauge("storyline_story_index_bytes", "Memory of the story index",
        static_cast<double>(s.story_bytes));
  gauge("storyline_story_list_build_milliseconds", "Time the last story list rebuild took",
        s.list_build_ms);
  out << "# HELP storyline_http_request_duration_seconds Request handling time by route, from "
         "the handler's start until the response is written\n"
      << "# TYPE storyline_http_request_duration_seconds histogram\n";
  for (size_t r = 0; r < kRouteCount; ++r) {
    const RouteMetrics& m = metrics[r];
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= RouteMetrics::kBoundsMs.size(); ++b) {
      cumulative += m.bucket(b);
      out << "storyline_http_request_duration_seconds_bucket{route=\"" << kRoutes[r] << "\",le=\"";
      if (b < RouteMetrics::kBoundsMs.size()) {
        out << RouteMetrics::kBoundsMs[b] / 1000;
      } else {
        out << "+Inf";
      }
      out << "\"} " << cumulative << "\n";
    }
    out << "storyline_http_request_duration_seconds_sum{route=\"" << kRoutes[r] << "\"} "
        << m.sum_seconds() << "\n"
        << "storyline_http_request_duration_seconds_count{route=\"" << kRoutes[r] << "\"} "
        << m.count() << "\n";
  }
  out << "# HELP storyline_http_errors_total Responses with status >= 400 by route\n"
      << "# TYPE storyline_http_errors_total counter\n";
  for (size_t r = 0; r < kRouteCount; ++r) {
    out << "storyline_http_errors_total{route=\"" << kRoutes[r] << "\"} " << metrics[r].errors()
        << "\n";
  }
  res.status = 200;
  res.set_content(out.str(), "text/plain; version=0.0.4");
}

Status Server::Bind() {
  Impl& m = *impl_;
  if (m.options.port == 0) {
    m.bound_port = m.http.bind_to_any_port(m.options.host);
    if (m.bound_port <= 0) return Status::IoError("cannot listen on " + m.options.host);
  } else {
    if (!m.http.bind_to_port(m.options.host, m.options.port)) {
      return Status::IoError("cannot listen on " + m.options.host + ":" +
                             std::to_string(m.options.port) + " (in use, or not allowed)");
    }
    m.bound_port = m.options.port;
  }
  return Status::Ok();
}

int Server::port() const { return impl_->bound_port; }

Status Server::Serve() {
  if (!impl_->http.listen_after_bind()) return Status::IoError("the server stopped with an error");
  return Status::Ok();
}

void Server::Stop() { impl_->http.stop(); }

}  // namespace storyline::server
