// The subcommands of the `storyline` executable. Each Register* adds a CLI11 subcommand whose
// callback stores its exit code (0 success, 1 nothing could be done, 2 usage error) in *exit_code.
#ifndef STORYLINE_CLI_COMMANDS_H_
#define STORYLINE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <ostream>
#include <vector>

#include "storyline/document.h"
#include "storyline/live_index.h"

namespace storyline {

void RegisterRunCommand(CLI::App& app, int* exit_code);
void RegisterDedupCommand(CLI::App& app, int* exit_code);
void RegisterExtractCommand(CLI::App& app, int* exit_code);
void RegisterEvalCommand(CLI::App& app, int* exit_code);
// `tgnews` and its modes (languages, threads, top), the Telegram contest's command line.
void RegisterTgnewsCommand(CLI::App& app, int* exit_code);

// `serve`, the live server.
void RegisterServeCommand(CLI::App& app, int* exit_code);

// What `storyline serve` and `storyline tgnews server` run with.
struct ServeSettings {
  std::string db = "storyline.db";
  std::string host = "127.0.0.1";
  int port = 8080;
  size_t max_body_bytes = 8u << 20;
  int http_threads = 64;
  int64_t default_ttl_seconds = 0;
  LiveOptions::Clock clock = LiveOptions::Clock::kWall;
  size_t snapshot_every = 50000;
  int idle_snapshot_seconds = 10;
  int refresh_ms = 250;
};
// Runs the server until SIGINT or SIGTERM; the exit code. It first starts the process again
// with glibc's heap on huge pages (serve_command.cc), with the arguments RememberArguments got.
int RunServer(const ServeSettings& settings);
void RememberArguments(char** argv);

// Exit codes shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Writes `path` through a temporary file and a rename, so a crash never leaves half a file.
bool WriteFileAtomically(const std::filesystem::path& path,
                         const std::function<void(std::ostream&)>& write);

// Prints each rejection as "storyline: rejected DOC: REASON" (the first 100, then a count).
void PrintRejections(const std::vector<Rejection>& rejected, std::ostream& err);

}  // namespace storyline

#endif  // STORYLINE_CLI_COMMANDS_H_
