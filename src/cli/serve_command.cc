// `storyline serve`: the live server (src/server) over a LiveIndex stored in SQLite.
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "server/server.h"
#include "storyline/live_index.h"

namespace storyline {
namespace {

char** original_argv = nullptr;

// The server's heap grows to gigabytes (the duplicate index takes ~13 KB per document), and on
// a virtual machine first touching fresh memory is slow. glibc puts its heap on transparent huge
// pages with the tunable glibc.malloc.hugetlb=1, which it reads only at start, so the server
// starts itself once more with it. Not when GLIBC_TUNABLES already names it: that also lets a
// user turn it off (GLIBC_TUNABLES=glibc.malloc.hugetlb=0). Measured: restoring 25,294
// documents from a snapshot, 6.2 s -> 3.5 s (docs/BENCHMARKS.md).
void RestartWithHugePages() {
  const char* current = std::getenv("GLIBC_TUNABLES");
  if (original_argv == nullptr || (current && std::strstr(current, "glibc.malloc.hugetlb"))) {
    return;
  }
  std::string value = "glibc.malloc.hugetlb=1";
  if (current && *current) value = std::string(current) + ":" + value;
  setenv("GLIBC_TUNABLES", value.c_str(), 1);
  execv("/proc/self/exe", original_argv);  // returns only on failure: go on as we are
}

// Writes "storyline: <message>\n" to stderr in one write(2). The server's threads log side by
// side, and with std::cerr every `<<` is a write of its own: a supervisor reading the log (or
// a test waiting for the "ready" line) could read half a line, or two lines interleaved.
void Log(const std::string& message) {
  const std::string line = "storyline: " + message + "\n";
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr is gone: nothing else to tell
    done += static_cast<size_t>(n);
  }
}

}  // namespace

void RememberArguments(char** argv) { original_argv = argv; }

int RunServer(const ServeSettings& settings) {
  RestartWithHugePages();
  // The indexes are built on the writer and TBB threads, whose heaps (64 MiB each) glibc makes
  // read-write a few pages at a time as they fill: too little at once for a huge page. With a
  // top pad of 64 MiB each thread heap is read-write whole from the start, and on huge pages.
  // Measured: restoring 100,000 documents from a snapshot, 6.6-8.4 s -> 4.9-5.7 s.
  mallopt(M_TOP_PAD, 64 << 20);
  // SIGINT and SIGTERM are taken by one thread (sigwait), which stops the server cleanly; every
  // thread started from here on inherits the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  LiveOptions options;
  options.clock = settings.clock;
  options.snapshot_every = settings.snapshot_every;
  options.idle_snapshot_after = std::chrono::seconds(settings.idle_snapshot_seconds);
  options.refresh_interval = std::chrono::milliseconds(settings.refresh_ms);
  std::unique_ptr<LiveIndex> index;
  Status s = LiveIndex::Open(settings.db, options, &index);
  if (!s.ok()) {
    Log(s.message());
    return kExitFailure;
  }
  server::ServerOptions server_options;
  server_options.host = settings.host;
  server_options.port = settings.port;
  server_options.max_body_bytes = settings.max_body_bytes;
  server_options.threads = settings.http_threads;
  server_options.default_ttl_seconds = settings.default_ttl_seconds;
  server::Server server(index.get(), server_options);
  s = server.Bind();
  if (!s.ok()) {
    Log(s.message());
    return kExitFailure;
  }
  Log("listening on http://" + settings.host + ":" + std::to_string(server.port()) + " (database " +
      settings.db + ")");

  std::thread signals([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (sig == 0) return;  // woken by the main thread's own SIGTERM after a failed restore
    Log(std::string("stopping (") + (sig == SIGINT ? "SIGINT" : "SIGTERM") + ")");
    server.Stop();
  });
  // Report the restore, and give up when it fails.
  bool restore_failed = false;
  std::thread restore([&] {
    Status r = index->WaitReady();
    if (!r.ok()) {
      Log("cannot restore the index: " + r.message());
      restore_failed = true;
      server.Stop();
      return;
    }
    LiveStats st = index->Stats();
    std::ostringstream ready;
    ready << "ready: " << st.documents << " documents, " << st.stories << " stories, restored in "
          << st.restore_seconds << " s";
    if (st.restored_from_snapshot) ready << " (from the snapshot, " << st.replayed << " replayed)";
    Log(ready.str());
  });
  Status served = server.Serve();
  restore.join();
  // Wake the signal thread if the server stopped for another reason.
  pthread_kill(signals.native_handle(), SIGTERM);
  signals.join();
  Status closed = index->Close();
  if (!served.ok() || !closed.ok() || restore_failed) {
    if (!served.ok()) Log(served.message());
    if (!closed.ok()) Log("closing: " + closed.message());
    return kExitFailure;
  }
  Log("stopped; every acknowledged document is in " + settings.db);
  return kExitOk;
}

void RegisterServeCommand(CLI::App& app, int* exit_code) {
  auto settings = std::make_shared<ServeSettings>();
  auto clock_name = std::make_shared<std::string>("wall");
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Run the live server: JSON API, web page at /, Telegram contest routes; documents are "
      "stored in SQLite and indexed as they arrive");
  cmd->add_option("--db", settings->db, "SQLite database (created when absent)")
      ->capture_default_str();
  cmd->add_option("--port", settings->port, "TCP port (0: any free port, printed on stderr)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--host", settings->host, "Address to listen on (0.0.0.0: every interface)")
      ->capture_default_str();
  cmd->add_option("--max-body", settings->max_body_bytes,
                  "Largest request body in bytes (larger: 413)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--http-threads", settings->http_threads,
                  "Connections served at once (a keep-alive connection holds one)")
      ->capture_default_str()
      ->check(CLI::Range(2, 4096));
  cmd->add_option("--ttl", settings->default_ttl_seconds,
                  "Time to live in seconds of documents PUT without Cache-Control max-age or "
                  "?ttl= (0: none)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--clock", *clock_name,
                  "TTL clock: wall (received + ttl) or published (publication time + ttl, "
                  "against the newest publication time indexed, as the Telegram contest)")
      ->capture_default_str()
      ->check(CLI::IsMember({"wall", "published"}));
  cmd->add_option("--snapshot-every", settings->snapshot_every,
                  "Changes between two snapshots of the indexes (0: only at shutdown); "
                  "changes wait while one is written (about 2 s at 100,000 documents), and a "
                  "restart after a crash replays at most this many (about 0.5 ms each)")
      ->capture_default_str();
  cmd->add_option("--idle-snapshot-seconds", settings->idle_snapshot_seconds,
                  "Also snapshot once no change has come for this long and at least 1,000 "
                  "changes wait for a snapshot (0: never)")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  cmd->add_option("--refresh-ms", settings->refresh_ms,
                  "Least time between two rebuilds of the story list under changes")
      ->capture_default_str()
      ->check(CLI::Range(10, 600000));
  cmd->callback([settings, clock_name, exit_code] {
    settings->clock = *clock_name == "published" ? LiveOptions::Clock::kNewestPublished
                                                 : LiveOptions::Clock::kWall;
    *exit_code = RunServer(*settings);
  });
}

}  // namespace storyline
