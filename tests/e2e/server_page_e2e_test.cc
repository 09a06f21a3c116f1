// End-to-end tests of the live server's web page (src/server/web_page.html): `storyline serve`
// runs as a child process, the example pages are PUT over HTTP on loopback, and headless Chromium
// shows the page at / while documents keep arriving and leaving.
//
// Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages
// ended by '\0' on its fds 3 and 4), so that the test waits in real time while the server
// changes: under --virtual-time-budget the page's 2 s polls would all run within a few real
// milliseconds, before the server has indexed anything new. Screenshots at desktop and phone
// sizes are written to STORYLINE_ARTIFACT_DIR.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "e2e_util.h"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using storyline::e2e::DomText;
using storyline::e2e::FindChromium;
using storyline::e2e::ReadFile;
using storyline::e2e::ServerProcess;
using storyline::e2e::WaitFor;

std::string Base64Decode(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+'             ? 62
            : c == '/'             ? 63
                                   : -1;
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

// Headless Chromium with one page, driven over the DevTools protocol on a pipe.
class Browser {
 public:
  ~Browser() { Close(); }

  bool Start(const std::string& chromium, const fs::path& dir, std::string* error) {
    ::signal(SIGPIPE, SIG_IGN);  // a dead browser is an error, not the end of the test
    log_ = dir / "chromium.log";
    int to_child[2], from_child[2];
    if (::pipe2(to_child, O_CLOEXEC) != 0 || ::pipe2(from_child, O_CLOEXEC) != 0) {
      *error = "pipe failed";
      return false;
    }
    std::vector<std::string> args = {chromium,
                                     "--headless",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--disable-dev-shm-usage",
                                     "--no-first-run",
                                     "--hide-scrollbars",
                                     "--remote-debugging-pipe",
                                     "--user-data-dir=" + (dir / "profile").string(),
                                     "about:blank"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string log = log_.string();
    pid_ = ::fork();
    if (pid_ == 0) {
      int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int null = ::open("/dev/null", O_RDONLY);
      ::dup2(null, 0);
      ::dup2(out, 1);
      ::dup2(out, 2);
      // Out of the way of fds 3 and 4 first: a pipe end may already be one of them.
      int in = ::fcntl(to_child[0], F_DUPFD, 10), back = ::fcntl(from_child[1], F_DUPFD, 10);
      ::dup2(in, 3);
      ::dup2(back, 4);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    to_ = to_child[1];
    from_ = from_child[0];
    if (pid_ < 0) {
      *error = "fork failed";
      return false;
    }
    Json target = Call("Target.createTarget", {{"url", "about:blank"}}, false);
    if (!target.contains("targetId")) {
      *error = "no page target; chromium's log:\n" + ReadFile(log_);
      return false;
    }
    Json attached = Call("Target.attachToTarget",
                         {{"targetId", target["targetId"]}, {"flatten", true}}, false);
    if (!attached.contains("sessionId")) {
      *error = "cannot attach to the page; chromium's log:\n" + ReadFile(log_);
      return false;
    }
    session_ = attached["sessionId"];
    return true;
  }

  void Close() {
    if (pid_ <= 0) return;
    Call("Browser.close", Json::object(), false, /*seconds=*/5);
    int status = 0;
    if (!WaitFor(10, [&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; })) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    ::close(to_);
    ::close(from_);
  }

  // Calls `method` on the page (or on the browser when !on_page); its result, or null on an
  // error (reported as a test failure).
  Json Call(const std::string& method, const Json& params = Json::object(), bool on_page = true,
            double seconds = 30) {
    const int id = next_id_++;
    Json message = {{"id", id}, {"method", method}, {"params", params}};
    if (on_page) message["sessionId"] = session_;
    std::string bytes = message.dump();
    bytes.push_back('\0');
    for (size_t sent = 0; sent < bytes.size();) {
      ssize_t n = ::write(to_, bytes.data() + sent, bytes.size() - sent);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ADD_FAILURE() << method << ": the browser is gone; its log:\n" << ReadFile(log_);
        return nullptr;
      }
      sent += static_cast<size_t>(n);
    }
    const auto deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    while (true) {
      Json reply;
      if (!Read(deadline, &reply)) {
        if (method != "Browser.close") ADD_FAILURE() << method << ": no answer from the browser";
        return nullptr;
      }
      if (!reply.is_object() || !reply.contains("id") || reply["id"] != id) continue;  // events
      if (reply.contains("error")) {
        ADD_FAILURE() << method << ": " << reply["error"].dump();
        return nullptr;
      }
      return reply.value("result", Json::object());
    }
  }

  // The value of a JavaScript expression on the page; null when it threw (a test failure).
  Json Eval(const std::string& expression) {
    Json r = Call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}});
    if (r.is_null()) return nullptr;
    if (r.contains("exceptionDetails")) {
      ADD_FAILURE() << expression << " threw: " << r["exceptionDetails"].dump();
      return nullptr;
    }
    return r["result"].value("value", Json());
  }

  std::string Dom() {
    Json v = Eval("document.documentElement.outerHTML");
    return v.is_string() ? v.get<std::string>() : "";
  }

  // document.body.dataset[name], "" when absent.
  std::string Data(const std::string& name) {
    Json v = Eval("document.body.dataset." + name + " || ''");
    return v.is_string() ? v.get<std::string>() : "";
  }

  void Navigate(const std::string& url) { Call("Page.navigate", {{"url", url}}); }

  void Viewport(int width, int height, bool phone) {
    Call("Emulation.setDeviceMetricsOverride", {{"width", width},
                                                {"height", height},
                                                {"deviceScaleFactor", phone ? 2 : 1},
                                                {"mobile", phone}});
  }

  // A PNG of the viewport; true when written.
  bool Screenshot(const fs::path& png) {
    Json r = Call("Page.captureScreenshot", {{"format", "png"}});
    if (!r.contains("data")) return false;
    std::ofstream(png, std::ios::binary) << Base64Decode(r["data"].get<std::string>());
    return true;
  }

  std::string Log() const { return ReadFile(log_); }

 private:
  // One message; false on a timeout or when the browser closed the pipe.
  bool Read(Clock::time_point deadline, Json* out) {
    while (true) {
      size_t end = buffer_.find('\0');
      if (end != std::string::npos) {
        *out = Json::parse(buffer_.substr(0, end), nullptr, /*allow_exceptions=*/false);
        buffer_.erase(0, end + 1);
        return true;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return false;
      pollfd p = {from_, POLLIN, 0};
      int ready = ::poll(&p, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return false;
      char buf[65536];
      ssize_t n = ::read(from_, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      buffer_.append(buf, static_cast<size_t>(n));
    }
  }

  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
  int next_id_ = 1;
  std::string session_;
  std::string buffer_;
  fs::path log_;
};

// A page about an event none of the examples covers.
constexpr char kNewEventPage[] = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Firefighters contain wildfire near Lake Orrin after three days | Valley Gazette</title>
<meta property="og:title" content="Firefighters contain wildfire near Lake Orrin after three days">
<meta property="og:site_name" content="Valley Gazette">
<meta property="og:url" content="https://valleygazette.example/news/lake-orrin-wildfire-contained">
<meta property="article:published_time" content="2026-03-14T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/weather">Weather</a></nav>
<article>
<h1>Firefighters contain wildfire near Lake Orrin after three days</h1>
<p>LAKE ORRIN, March 14 - Firefighters said on Saturday they had contained a wildfire that burned
through 1,200 hectares of pine forest north of Lake Orrin, allowing some 400 evacuated residents
to return to their homes after three nights in school gymnasiums.</p>
<p>Fire chief Delia Marsh told reporters that crews had cut a firebreak along the old logging road
overnight, helped by lighter winds and the first rain in six weeks. "The line held, and for the
first time since Wednesday the fire is not growing," she said.</p>
<p>Two cabins and a boat shed were destroyed, but no one was hurt. Investigators are examining a
campfire site near the northern trailhead where the blaze is believed to have started.</p>
<p>The regional council said the lakeside road would reopen on Monday once power lines had been
checked, and that a fund for affected families had already raised 85,000 dollars.</p>
</article>
<footer>Valley Gazette 2026</footer>
</body></html>)";

const char kPolicy[] =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src "
    "'self'; img-src data:";

class ServerPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("storyline_page_e2e_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    server_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"serve", "--db", (dir_ / "t.db").string(), "--port", "0"},
        STORYLINE_BINARY);
    const int port = server_->WaitForPort();
    ASSERT_GT(port, 0) << "no 'listening on' line: " << server_->Stderr();
    base_ = "http://127.0.0.1:" + std::to_string(port);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port);
    client_->set_connection_timeout(5);
    client_->set_read_timeout(20);
    ASSERT_TRUE(WaitFor(20, [&] {
      auto res = client_->Get("/healthz");
      return res && res->status == 200;
    })) << "/healthz never answered 200: "
        << server_->Stderr();
  }

  void TearDown() override {
    if (server_ && !stopped_) server_->Stop();
    fs::remove_all(dir_);
  }

  // Stops the server with SIGTERM and checks that it exits 0.
  void StopServer() {
    stopped_ = true;
    EXPECT_EQ(server_->Stop(), 0) << server_->Stderr();
    EXPECT_NE(server_->Stderr().find("storyline: stopped"), std::string::npos) << server_->Stderr();
  }

  Json GetJson(const std::string& path, int* status = nullptr) {
    auto res = client_->Get(path);
    if (status) *status = res ? res->status : -1;
    if (!res) return nullptr;
    return Json::parse(res->body, nullptr, /*allow_exceptions=*/false);
  }

  int Put(const std::string& id, const std::string& body, const std::string& content_type) {
    auto res = client_->Put("/api/documents/" + id, body, content_type);
    return res ? res->status : -1;
  }

  int Delete(const std::string& id) {
    auto res = client_->Delete("/api/documents/" + id);
    return res ? res->status : -1;
  }

  // PUTs every page of examples/pages as "pages/<path>", as the CLI names them; the count
  // accepted (201). A few are meant to be rejected: empty (400) or no article text (422).
  size_t PutExamples() {
    fs::path pages = fs::path(STORYLINE_SOURCE_DIR) / "examples" / "pages";
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(pages)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    size_t accepted = 0, rejected = 0;
    for (const fs::path& f : files) {
      std::string id = "pages/" + fs::relative(f, pages).generic_string();
      std::string type = f.extension() == ".txt" ? "text/plain; charset=utf-8" : "text/html";
      int status = Put(id, ReadFile(f), type);
      EXPECT_TRUE(status == 201 || status == 400 || status == 422) << id << ": HTTP " << status;
      if (status == 201) ++accepted;
      if (status == 400 || status == 422) ++rejected;
    }
    EXPECT_LE(rejected, 3u);
    return accepted;
  }

  // GET /api/stories?limit=100 once `done` holds for it (or the last one after 20 s).
  Json WaitForList(const std::function<bool(const Json&)>& done) {
    Json list;
    bool ok = WaitFor(20, [&] {
      list = GetJson("/api/stories?limit=100");
      return list.is_object() && done(list);
    });
    EXPECT_TRUE(ok) << "the story list never got there: " << list.dump().substr(0, 2000);
    return list;
  }

  // How many times /api/stories has been answered, from /metrics.
  uint64_t ListFetches() {
    auto res = client_->Get("/metrics");
    if (!res) return 0;
    const std::string key = "storyline_http_request_duration_seconds_count{route=\"list_stories\"} ";
    size_t at = res->body.find(key);
    return at == std::string::npos ? 0 : std::strtoull(res->body.c_str() + at + key.size(), nullptr, 10);
  }

  // Every document of a story view: the members and their copies.
  static std::vector<std::string> DocumentsOf(const Json& view) {
    std::vector<std::string> docs;
    for (const Json& t : view["timeline"]) {
      docs.push_back(t["doc"]);
      for (const Json& c : t["copies"]) docs.push_back(c["doc"]);
    }
    return docs;
  }

  fs::path dir_;
  std::unique_ptr<ServerProcess> server_;
  bool stopped_ = false;
  std::string base_;
  std::unique_ptr<httplib::Client> client_;
};

// / answers the page, self-contained, under the server's content security policy.
TEST_F(ServerPageTest, PageIsServedSelfContainedUnderItsPolicy) {
  auto res = client_->Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Content-Security-Policy"), kPolicy);
  const std::string& page = res->body;
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>")) << page.substr(0, 200);
  EXPECT_TRUE(page.ends_with("</html>\n") || page.ends_with("</html>")) << "the page was cut";
  EXPECT_NE(page.find("/api/stories"), std::string::npos);
  EXPECT_NE(page.find("data-loads="), std::string::npos);
  // Nothing from elsewhere: no absolute address at all, no external script or style sheet.
  EXPECT_EQ(page.find("://"), std::string::npos);
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  // Text from documents is only set as text.
  EXPECT_EQ(page.find("innerHTML"), std::string::npos);
  EXPECT_EQ(page.find("insertAdjacentHTML"), std::string::npos);
  StopServer();
}

// The page lists the stories, follows the server live without reloading (a new event appears, an
// open story refreshes when it gains a copy and says so when it is gone, the list keeps its
// scroll position), and opens a story from its link; screenshots at desktop and phone sizes.
TEST_F(ServerPageTest, LiveStoriesRefreshWithoutReloadInChromium) {
  const std::string chromium = FindChromium();
  if (chromium.empty()) {
    GTEST_SKIP() << "Chromium not found: run scripts/install-deps (Debian package chromium) or set "
                    "STORYLINE_CHROMIUM; the live page was not tested in a browser";
  }
  const auto started = Clock::now();
  const size_t accepted = PutExamples();
  ASSERT_GE(accepted, 30u);
  Json list = WaitForList([&](const Json& l) { return l["documents"] == accepted; });
  ASSERT_GE(list["stories"].size(), 5u) << list.dump();
  std::vector<std::string> headlines;
  for (const Json& s : list["stories"]) headlines.push_back(s["headline"]);

  // 1. A plain --dump-dom: the page draws the list from its first fetch.
  {
    fs::path dom_file = dir_ / "dom.html";
    std::string cmd = chromium +
                      " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                      "--user-data-dir=" +
                      (dir_ / "dump-profile").string() + " --virtual-time-budget=3000 --dump-dom " +
                      base_ + "/ > " + dom_file.string() + " 2> " + (dir_ / "dump.log").string();
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd << "\n" << ReadFile(dir_ / "dump.log");
    std::string dom = ReadFile(dom_file);
    ASSERT_NE(dom.find("data-version=\"" + list["version"].dump() + "\""), std::string::npos)
        << "the page did not draw the list:\n"
        << dom.substr(0, 3000);
    EXPECT_NE(dom.find("data-loads=\"1\""), std::string::npos);
    EXPECT_NE(dom.find("data-stories=\"" + std::to_string(headlines.size()) + "\""), std::string::npos);
    for (const std::string& h : headlines) EXPECT_NE(dom.find(DomText(h)), std::string::npos) << h;
  }

  // 2. The page, live, in real time at desktop size.
  Browser browser;
  std::string error;
  ASSERT_TRUE(browser.Start(chromium, dir_, &error)) << error;
  browser.Viewport(1280, 860, false);
  const uint64_t fetches = ListFetches();
  browser.Navigate(base_ + "/");
  ASSERT_TRUE(WaitFor(15, [&] { return ListFetches() > fetches; }))
      << "the page never fetched /api/stories; chromium's log:\n"
      << browser.Log();
  // A new event arrives after the page's first fetch: it shows without a reload.
  ASSERT_EQ(Put("live/lake-orrin-wildfire.html", kNewEventPage, "text/html"), 201);
  Json with_new = WaitForList([](const Json& l) {
    for (const Json& s : l["stories"]) {
      if (s["headline_doc"] == "live/lake-orrin-wildfire.html") return true;
    }
    return false;
  });
  std::string new_headline;
  for (const Json& s : with_new["stories"]) {
    if (s["headline_doc"] == "live/lake-orrin-wildfire.html") new_headline = s["headline"];
  }
  ASSERT_FALSE(new_headline.empty());
  EXPECT_EQ(std::find(headlines.begin(), headlines.end(), new_headline), headlines.end())
      << "the new event is a story of its own";
  ASSERT_TRUE(WaitFor(15, [&] { return browser.Dom().find(DomText(new_headline)) != std::string::npos; }))
      << "the new story never showed: " << browser.Dom().substr(0, 3000);
  {
    std::string dom = browser.Dom();
    for (const std::string& h : headlines) EXPECT_NE(dom.find(DomText(h)), std::string::npos) << h;
    EXPECT_EQ(browser.Data("loads"), "1") << "the page reloaded";
    EXPECT_GE(std::atoi(browser.Data("refreshes").c_str()), 2);
    EXPECT_GE(std::stoull("0" + browser.Data("version")), with_new["version"].get<uint64_t>());
    EXPECT_EQ(browser.Data("stories"), std::to_string(with_new["stories"].size()));
    EXPECT_NE(dom.find("updated "), std::string::npos);
    EXPECT_NE(dom.find("class=\"live ok\""), std::string::npos);
  }
  // Polls that find the list unchanged leave it alone: the very same card elements stay.
  {
    browser.Eval("document.querySelectorAll('#stories .card').forEach(c => c.dataset.seen = '1')");
    const int refreshes = std::atoi(browser.Data("refreshes").c_str());
    ASSERT_TRUE(WaitFor(10, [&] { return std::atoi(browser.Data("refreshes").c_str()) >= refreshes + 2; }));
    EXPECT_EQ(browser.Eval("document.querySelectorAll('#stories .card:not([data-seen])').length"), 0);
  }

  // 3. A story with copies and altered quotes, opened by its link.
  Json view;
  for (const Json& s : with_new["stories"]) {
    if (s["copies"] == 0) continue;
    Json v = GetJson("/api/stories/" + s["id"].get<std::string>());
    bool altered = false;
    for (const Json& q : v["quotes"]) altered = altered || !q["altered_in"].empty();
    if (view.is_null() || altered) view = v;
    if (altered) break;
  }
  ASSERT_TRUE(view.is_object()) << "no example story has a copy";
  const std::string id = view["id"];
  browser.Eval("location.hash = 'story=" + id + "'");
  ASSERT_TRUE(WaitFor(10, [&] {
    return browser.Data("openStory") == id && browser.Data("storyState") == "shown";
  })) << browser.Data("storyState");
  {
    std::string dom = browser.Dom();
    EXPECT_NE(dom.find("<h2>" + DomText(view["headline"].get<std::string>()) + "</h2>"), std::string::npos);
    ASSERT_FALSE(view["summary"].empty());
    // The summary as read: each sentence, then its source's number.
    Json summary = browser.Eval("document.querySelector('#story .summary').textContent");
    ASSERT_TRUE(summary.is_string());
    for (const Json& s : view["summary"]) {
      EXPECT_NE(summary.get<std::string>().find(s["text"].get<std::string>() + "["), std::string::npos)
          << s << "\nin: " << summary;
    }
    for (const Json& t : view["timeline"]) {
      std::string site = t["site"].get<std::string>();
      EXPECT_NE(dom.find(DomText(site.empty() ? t["doc"].get<std::string>() : site) + "</span>"),
                std::string::npos)
          << t;
      EXPECT_NE(dom.find(DomText(t["title"].get<std::string>())), std::string::npos) << t;
      for (const Json& c : t["copies"]) {
        EXPECT_NE(dom.find("class=\"rel " + c["relation"].get<std::string>() + "\""), std::string::npos) << c;
      }
    }
    EXPECT_NE(dom.find("(similarity "), std::string::npos);
    for (const Json& q : view["quotes"]) {
      EXPECT_NE(dom.find(DomText(q["text"].get<std::string>())), std::string::npos) << q;
      for (const Json& v : q["variants"]) {
        for (const Json& w : v["removed"]) {
          EXPECT_NE(dom.find("<del>" + DomText(w.get<std::string>())), std::string::npos) << v;
        }
      }
    }
    EXPECT_EQ(browser.Data("loads"), "1") << "opening a story reloaded the page";
  }

  fs::path shots = fs::path(STORYLINE_ARTIFACT_DIR);
  fs::create_directories(shots);
  auto screenshot = [&](const std::string& name) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // layout after a resize
    fs::path png = shots / name;
    fs::remove(png);
    ASSERT_TRUE(browser.Screenshot(png)) << name;
    std::string bytes = ReadFile(png);
    EXPECT_TRUE(bytes.starts_with("\x89PNG")) << png;
    EXPECT_GT(bytes.size(), 10000u) << png << " looks blank";
    std::cout << "screenshot: " << png.string() << "\n";
  };
  screenshot("server_page_desktop.png");

  // 4. The open story gains a copy (another site republishing its first source word for word):
  // its view is fetched again and shows the copy.
  std::string copy_id = "live/copycat-wire.html";
  {
    const Json* source = nullptr;
    std::string html;
    for (const Json& t : view["timeline"]) {
      std::string doc = t["doc"], site = t["site"];
      if (!doc.ends_with(".html") || site.empty()) continue;
      html = ReadFile(fs::path(STORYLINE_SOURCE_DIR) / "examples" / doc);
      if (html.find(site) == std::string::npos) continue;
      source = &t;
      break;
    }
    ASSERT_NE(source, nullptr) << "no HTML source naming its site in " << view.dump();
    const std::string site = (*source)["site"];
    for (size_t at; (at = html.find(site)) != std::string::npos;) html.replace(at, site.size(), "Copycat Wire");
    for (size_t at = 0; (at = html.find("content=\"https://", at)) != std::string::npos; at += 30) {
      html.insert(at + 17, "copycat.example/");
    }
    const uint64_t documents_before = [&] {
      for (const Json& s : with_new["stories"]) if (s["id"] == id) return s["documents"].get<uint64_t>();
      return uint64_t{0};
    }();
    ASSERT_EQ(Put(copy_id, html, "text/html"), 201);
    Json doc = GetJson("/api/documents/" + copy_id);
    ASSERT_TRUE(doc.is_object());
    EXPECT_EQ(doc["story"], id) << "the copy joined another story: " << doc.dump();
    WaitForList([&](const Json& l) {
      for (const Json& s : l["stories"]) {
        if (s["id"] == id) return s["documents"].get<uint64_t>() > documents_before;
      }
      return false;
    });
    ASSERT_TRUE(WaitFor(15, [&] {
      std::string dom = browser.Dom();
      return dom.find("Copycat Wire") != std::string::npos && dom.find("Updated at ") != std::string::npos;
    })) << "the open story did not refresh: " << browser.Dom().substr(0, 4000);
    EXPECT_EQ(browser.Data("openStory"), id);
    EXPECT_EQ(browser.Data("storyState"), "shown");
    EXPECT_EQ(browser.Data("loads"), "1");
  }

  // 5. Phone size: the list, then the story alone.
  browser.Viewport(390, 844, true);
  browser.Eval("location.hash = ''");
  ASSERT_TRUE(WaitFor(5, [&] { return browser.Data("openStory").empty(); }));
  screenshot("server_page_phone.png");
  browser.Eval("location.hash = 'story=" + id + "'");
  ASSERT_TRUE(WaitFor(10, [&] { return browser.Data("storyState") == "shown"; }));
  screenshot("server_story_phone.png");

  // 6. Every document of the open story deleted: the page says the story is gone.
  Json current = GetJson("/api/stories/" + id);
  ASSERT_TRUE(current.is_object());
  for (const std::string& doc : DocumentsOf(current)) EXPECT_EQ(Delete(doc), 204) << doc;
  ASSERT_TRUE(WaitFor(15, [&] { return browser.Data("storyState") == "gone"; }))
      << browser.Dom().substr(0, 4000);
  EXPECT_NE(browser.Dom().find("This story no longer exists"), std::string::npos);
  EXPECT_EQ(browser.Data("openStory"), id);

  // 7. Back on the list, scrolled so that the first story is just above the screen: that story
  // goes, and the story at the top of the screen stays where it was.
  browser.Eval("location.hash = ''");
  ASSERT_TRUE(WaitFor(5, [&] { return browser.Data("openStory").empty(); }));
  Json anchor = browser.Eval(R"((() => {
    const cards = document.querySelectorAll('#stories .card');
    window.scrollTo(0, cards[1].getBoundingClientRect().top + window.scrollY);
    return {first: cards[0].dataset.id, second: cards[1].dataset.id,
            top: cards[1].getBoundingClientRect().top, version: document.body.dataset.version};
  })())");
  ASSERT_TRUE(anchor.is_object());
  if (std::abs(anchor["top"].get<double>()) > 1) {
    ADD_FAILURE() << "the phone list is too short to scroll: " << anchor.dump();
  } else {
    Json first = GetJson("/api/stories/" + anchor["first"].get<std::string>());
    ASSERT_TRUE(first.is_object());
    for (const std::string& doc : DocumentsOf(first)) EXPECT_EQ(Delete(doc), 204) << doc;
    const std::string gone_card = "data-id=\"" + anchor["first"].get<std::string>() + "\"";
    ASSERT_TRUE(WaitFor(15, [&] {
      return browser.Data("version") != anchor["version"] && browser.Dom().find(gone_card) == std::string::npos;
    }));
    Json top = browser.Eval("document.querySelector('#stories .card[data-id=\"" +
                            anchor["second"].get<std::string>() + "\"]').getBoundingClientRect().top");
    ASSERT_TRUE(top.is_number());
    EXPECT_NEAR(top.get<double>(), anchor["top"].get<double>(), 2) << "the list jumped";
  }
  EXPECT_EQ(browser.Data("loads"), "1") << "the page reloaded";

  browser.Close();
  StopServer();
  std::cout << "took " << std::chrono::duration<double>(Clock::now() - started).count() << " s\n";
}

}  // namespace
