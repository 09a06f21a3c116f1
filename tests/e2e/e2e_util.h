// What the end-to-end tests share: reading files, finding Chromium, DOM text, polling, and a
// `storyline` server run as a child process.
#ifndef STORYLINE_TESTS_E2E_E2E_UTIL_H_
#define STORYLINE_TESTS_E2E_E2E_UTIL_H_

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace storyline::e2e {

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Debian's Chromium (scripts/install-deps installs it), or $STORYLINE_CHROMIUM; "" if none.
inline std::string FindChromium() {
  if (const char* env = std::getenv("STORYLINE_CHROMIUM")) return env;
  for (const char* p :
       {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
    if (std::filesystem::exists(p)) return p;
  }
  return "";
}

// Text as a DOM serialisation shows it (&, < and > escaped).
inline std::string DomText(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

// Polls `done` every 50 ms until it holds (true) or `seconds` have passed (false).
inline bool WaitFor(double seconds, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (true) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// A server process (`storyline serve ...` or `tgnews server ...`), stdin and stdout on
// /dev/null, its stderr read by a thread so that it never blocks. Killed with SIGKILL when
// destroyed if it still runs.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> args, std::string binary) {
    int err[2];
    if (::pipe2(err, O_CLOEXEC) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      const int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0);
      ::dup2(null, 1);
      ::dup2(err[1], 2);
      std::vector<char*> argv;
      argv.push_back(binary.data());
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(err[1]);
    if (pid_ < 0) {
      ::close(err[0]);
      return;
    }
    reader_ = std::thread([this, fd = err[0]] {
      char buf[4096];
      ssize_t n;
      while ((n = ::read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
        if (n <= 0) continue;
        std::lock_guard<std::mutex> lock(mu_);
        stderr_.append(buf, static_cast<size_t>(n));
      }
      ::close(fd);
    });
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess() {
    if (pid_ > 0 && !exited_) Kill(SIGKILL);
    if (reader_.joinable()) reader_.join();
  }

  // The port from "listening on http://HOST:PORT", waiting up to 20 s; 0 when the line does
  // not come (the process failed to start or exited: see Stderr()).
  int WaitForPort() {
    const std::string marker = "listening on http://";
    int port = 0;
    WaitFor(20, [&] {
      const std::string err = Stderr();
      const size_t at = err.find(marker);
      if (at != std::string::npos) {
        const size_t colon = err.find(':', at + marker.size());
        if (colon != std::string::npos) port = std::atoi(err.c_str() + colon + 1);
      }
      return port > 0 || Exited();
    });
    return port;
  }

  // The first whole line of stderr (newline included) that contains `marker`, waiting up to
  // `seconds`; empty when none comes. A line is only looked at once it is complete.
  std::string WaitForLine(const std::string& marker, double seconds) {
    std::string line;
    WaitFor(seconds, [&] {
      const std::string err = Stderr();
      const size_t at = err.find(marker);
      if (at == std::string::npos) return Exited();
      const size_t before = err.rfind('\n', at);
      const size_t begin = before == std::string::npos ? 0 : before + 1;
      const size_t end = err.find('\n', at);
      if (end == std::string::npos) return Exited();
      line = err.substr(begin, end + 1 - begin);
      return true;
    });
    return line;
  }

  // SIGTERM, then up to 20 s for the exit: its exit code, or -1 (killed by a signal, or it
  // did not stop and was killed).
  int Stop() {
    if (pid_ <= 0 || exited_) return -1;
    ::kill(pid_, SIGTERM);
    const bool stopped = WaitFor(20, [&] { return Exited(); });
    if (!stopped) Kill(SIGKILL);
    if (reader_.joinable()) reader_.join();  // all of stderr is read
    return stopped && WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
  }

  // Sends `sig` (0: none) and waits for the exit; the status as waitpid gives it.
  int Kill(int sig) {
    if (pid_ > 0 && !exited_) {
      if (sig != 0) ::kill(pid_, sig);
      ::waitpid(pid_, &status_, 0);
      exited_ = true;
    }
    if (reader_.joinable()) reader_.join();
    return status_;
  }

  std::string Stderr() const {
    std::lock_guard<std::mutex> lock(mu_);
    return stderr_;
  }

 private:
  bool Exited() {
    if (exited_) return true;
    if (pid_ <= 0) return true;
    if (::waitpid(pid_, &status_, WNOHANG) != pid_) return false;
    exited_ = true;
    return true;
  }

  pid_t pid_ = -1;
  bool exited_ = false;
  int status_ = 0;
  std::thread reader_;
  mutable std::mutex mu_;
  std::string stderr_;
};

}  // namespace storyline::e2e

#endif  // STORYLINE_TESTS_E2E_E2E_UTIL_H_
