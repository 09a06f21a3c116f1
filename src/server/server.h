// The HTTP server of `storyline serve` and `storyline tgnews server`: the JSON API, the web
// page and the Telegram contest's routes over one LiveIndex (live_index.h). HTTP/1.1 with
// keep-alive (cpp-httplib); every error is a JSON body {"error": "..."} with its status code.
//
// Routes (README.md "Server" has the details and examples):
//   PUT    /api/documents/{id}   HTML body, or JSON {"html"|"text", "title", "url", ...}
//                                -> 201 created / 200 replaced / 422 rejected (with the reason)
//   DELETE /api/documents/{id}   -> 204 / 404
//   GET    /api/documents/{id}   extracted fields, language, duplicate relation, story id
//   GET    /api/stories?since=&lang=&limit=&offset=   ranked by importance
//   GET    /api/stories/{id}     the story view (as one story of stories.json)
//   GET    /healthz, /metrics (Prometheus text), / (the web page)
//   PUT    /{name}.html, DELETE /{name}.html, GET /threads   (the contest's server mode)
// While the index restores, every route but / and /metrics answers 503 with Retry-After.
#ifndef STORYLINE_SERVER_SERVER_H_
#define STORYLINE_SERVER_SERVER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "storyline/live_index.h"
#include "storyline/status.h"

namespace storyline::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see Server::port())
  // Largest request body accepted; larger ones get 413.
  size_t max_body_bytes = 8u << 20;
  // Connections served at once (each keep-alive connection holds one thread while open).
  int threads = 64;
  // How long an idle kept connection stays open. Stop() waits for idle connections up to this
  // long (cpp-httplib 0.11 does not wake them), so it bounds how long stopping takes.
  int keep_alive_seconds = 5;
  // TTL for documents PUT without one (seconds; 0: none).
  int64_t default_ttl_seconds = 0;
};

class Server {
 public:
  Server(LiveIndex* index, const ServerOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the port (fails when it is taken); after this, port() is the bound port.
  Status Bind();
  int port() const;
  // Serves until Stop() (from another thread or a signal handler thread).
  Status Serve();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storyline::server

#endif  // STORYLINE_SERVER_SERVER_H_
