// End-to-end tests of `storyline serve` and `storyline tgnews server`: the binary run as a
// server process, driven over HTTP on loopback, killed with SIGKILL and restarted.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "e2e_util.h"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using storyline::e2e::ReadFile;
using storyline::e2e::ServerProcess;
using storyline::e2e::WaitFor;

// Whether /healthz answers 200 (restored) within 30 s.
bool WaitReady(int port) {
  httplib::Client c("127.0.0.1", port);
  return WaitFor(30, [&] {
    auto r = c.Get("/healthz");
    return r && r->status == 200;
  });
}

// The bundled example pages that are articles (the junk folder holds rejected ones).
std::vector<fs::path> ExamplePages() {
  std::vector<fs::path> pages;
  for (const auto& e :
       fs::recursive_directory_iterator(fs::path(STORYLINE_SOURCE_DIR) / "examples/pages")) {
    if (e.is_regular_file() && e.path().parent_path().filename() != "junk")
      pages.push_back(e.path());
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

// A counter or gauge of /metrics, or -1.
double Metric(httplib::Client& c, const std::string& name) {
  auto r = c.Get("/metrics");
  if (!r || r->status != 200) return -1;
  std::smatch m;
  if (!std::regex_search(r->body, m, std::regex("\n" + name + " ([0-9.e+-]+)"))) return -1;
  return std::stod(m[1]);
}

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("storyline_serve_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// Writers PUT documents on several connections; the server is killed with SIGKILL in the
// middle, after a periodic snapshot or more; after a restart from that snapshot every
// document that was acknowledged (201) is there.
TEST_F(ServeTest, AcknowledgedDocumentsSurviveKill9) {
  const std::string db = (dir_ / "t.db").string();
  auto pages = ExamplePages();
  ASSERT_GT(pages.size(), 20u);
  std::vector<std::string> bodies;
  for (const auto& p : pages) bodies.push_back(ReadFile(p));

  std::set<std::string> acknowledged;
  {
    ServerProcess server({"serve", "--db", db, "--port", "0", "--snapshot-every", "50"},
                         STORYLINE_BINARY);
    int port = server.WaitForPort();
    ASSERT_GT(port, 0) << server.Stderr();
    ASSERT_TRUE(WaitReady(port)) << server.Stderr();
    std::mutex mu;
    std::atomic<bool> stop{false};
    std::atomic<int> acks{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
      writers.emplace_back([&, t] {
        httplib::Client c("127.0.0.1", port);
        c.set_keep_alive(true);
        for (int i = 0; !stop; ++i) {
          std::string id = "w";  // appended: GCC 12 warns falsely on "w" + to_string(...)
          id += std::to_string(t) + "-" + std::to_string(i) + ".html";
          auto r = c.Put("/api/documents/" + id, bodies[(t * 7 + i) % bodies.size()], "text/html");
          if (!r) break;  // the server is gone
          if (r->status == 201) {
            std::lock_guard<std::mutex> lock(mu);
            acknowledged.insert(id);
            ++acks;
          }
        }
      });
    }
    // Kill it mid-stream, after a snapshot or two has been written.
    while (acks < 150) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    httplib::Client metrics("127.0.0.1", port);
    EXPECT_TRUE(WaitFor(30, [&] { return Metric(metrics, "storyline_snapshots_total") >= 1; }))
        << server.Stderr();
    int status = server.Kill(SIGKILL);
    EXPECT_TRUE(WIFSIGNALED(status));
    stop = true;
    for (auto& w : writers) w.join();
  }
  ASSERT_GE(acknowledged.size(), 150u);

  ServerProcess server({"serve", "--db", db, "--port", "0"}, STORYLINE_BINARY);
  int port = server.WaitForPort();
  ASSERT_GT(port, 0) << server.Stderr();
  ASSERT_TRUE(WaitReady(port)) << server.Stderr();
  // The "ready" line is written just after /healthz turns 200.
  EXPECT_NE(server.WaitForLine("ready:", 10).find("(from the snapshot, "), std::string::npos)
      << server.Stderr();
  httplib::Client c("127.0.0.1", port);
  size_t missing = 0;
  for (const std::string& id : acknowledged) {
    auto r = c.Get("/api/documents/" + id);
    if (!r || r->status != 200) ++missing;
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged documents";
  Json health = Json::parse(c.Get("/healthz")->body);
  EXPECT_GE(health["documents"].get<size_t>(), acknowledged.size());
  EXPECT_EQ(WEXITSTATUS(server.Kill(SIGTERM)), 0) << server.Stderr();
}

// The README's walk-through: PUT the examples, read the stories and a story's view, stop with
// SIGTERM (exit 0, snapshot written) and start again from the snapshot with the same stories.
TEST_F(ServeTest, ServesStoriesAndRestartsFromTheSnapshot) {
  const std::string db = (dir_ / "t.db").string();
  Json stories_before;
  {
    ServerProcess server({"serve", "--db", db, "--port", "0"}, STORYLINE_BINARY);
    int port = server.WaitForPort();
    ASSERT_GT(port, 0) << server.Stderr();
    ASSERT_TRUE(WaitReady(port)) << server.Stderr();
    httplib::Client c("127.0.0.1", port);
    for (const auto& p : ExamplePages()) {
      auto r = c.Put("/api/documents/" + p.filename().string(), ReadFile(p), "text/html");
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 201) << p << ": " << r->body;
    }
    // The list catches up within a refresh.
    for (int i = 0; i < 100; ++i) {
      stories_before = Json::parse(c.Get("/api/stories?limit=100")->body);
      if (stories_before["documents"] == ExamplePages().size()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(stories_before["documents"], ExamplePages().size());
    ASSERT_GE(stories_before["stories"].size(), 6u);
    std::string top = stories_before["stories"][0]["id"];
    auto view = c.Get("/api/stories/" + top);
    ASSERT_EQ(view->status, 200);
    Json v = Json::parse(view->body);
    EXPECT_FALSE(v["summary"].empty());
    EXPECT_FALSE(v["timeline"].empty());
    EXPECT_EQ(WEXITSTATUS(server.Kill(SIGTERM)), 0) << server.Stderr();
  }
  EXPECT_TRUE(fs::exists(db + ".snapshot.manifest"));
  ServerProcess server({"serve", "--db", db, "--port", "0"}, STORYLINE_BINARY);
  int port = server.WaitForPort();
  ASSERT_TRUE(WaitReady(port)) << server.Stderr();
  // The "ready" line is written just after /healthz turns 200.
  EXPECT_NE(server.WaitForLine("ready:", 10).find("(from the snapshot, 0 replayed)"),
            std::string::npos)
      << server.Stderr();
  httplib::Client c("127.0.0.1", port);
  Json after = Json::parse(c.Get("/api/stories?limit=100")->body);
  auto grouping = [](const Json& list) {
    std::set<std::pair<std::string, int>> out;
    for (const Json& s : list["stories"]) out.emplace(s["headline"], s["documents"].get<int>());
    return out;
  };
  EXPECT_EQ(grouping(after), grouping(stories_before));
  EXPECT_EQ(WEXITSTATUS(server.Kill(SIGTERM)), 0);
}

// A browser keeps its connection open between polls: SIGTERM stops the server within its
// keep-alive time (5 s) all the same, not after 30 s.
TEST_F(ServeTest, StopsPromptlyWithAnIdleKeptConnection) {
  ServerProcess server({"serve", "--db", (dir_ / "t.db").string(), "--port", "0"},
                       STORYLINE_BINARY);
  int port = server.WaitForPort();
  ASSERT_GT(port, 0) << server.Stderr();
  ASSERT_TRUE(WaitReady(port)) << server.Stderr();
  httplib::Client browser("127.0.0.1", port);
  browser.set_keep_alive(true);
  ASSERT_EQ(browser.Get("/healthz")->status, 200);  // the connection stays open, idle
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(WEXITSTATUS(server.Kill(SIGTERM)), 0) << server.Stderr();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
}

TEST_F(ServeTest, ExplainsBadSettings) {
  // A database path in a folder that does not exist.
  ServerProcess bad_db({"serve", "--db", (dir_ / "no/such/dir/t.db").string(), "--port", "0"},
                       STORYLINE_BINARY);
  int status = bad_db.Kill(0);  // waits for the exit
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(bad_db.Stderr().find("cannot open database"), std::string::npos) << bad_db.Stderr();
  // A port in use.
  httplib::Server other;
  int taken = other.bind_to_any_port("127.0.0.1");
  ServerProcess busy({"serve", "--db", (dir_ / "t.db").string(), "--port", std::to_string(taken)},
                     STORYLINE_BINARY);
  status = busy.Kill(0);
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(busy.Stderr().find("cannot listen"), std::string::npos) << busy.Stderr();
}

// A contest-style page (OpenGraph tags, <article>), as the contest's server receives them.
std::string ContestPage(const std::string& title, const std::string& site,
                        const std::string& published, const std::string& text) {
  return "<html><head><meta property=\"og:title\" content=\"" + title +
         "\"><meta property=\"og:site_name\" content=\"" + site +
         "\"><meta property=\"article:published_time\" content=\"" + published +
         "\"></head><body><article><h1>" + title + "</h1><p>" + text +
         "</p></article></body></html>";
}

// `tgnews server PORT`, run through the `tgnews` link: the contest's routes and status codes,
// its TTL rule (an article expires when the newest publication time passes its own plus its
// max-age) and state kept across kill -9.
TEST_F(ServeTest, TgnewsServerKeepsTheContestContract) {
  const std::string db = (dir_ / "tgnews.db").string();
  const std::string quake =
      "A magnitude 6.1 earthquake struck the central Ecuadorian province of Tungurahua on "
      "Tuesday, killing at least nine people, injuring dozens and cutting the main road to the "
      "spa town of Banos, officials said. Rescue teams searched collapsed homes overnight.";
  const std::string strike =
      "Thousands of dockworkers walked off the job in Antwerp on Thursday, halting container "
      "traffic at Europe's second-busiest port in a dispute over plans to automate cranes at "
      "two terminals, the Belgian dockers' union said in a statement on Thursday morning.";
  {
    ServerProcess server({"server", "0", "--db", db}, TGNEWS_BINARY);
    int port = server.WaitForPort();
    ASSERT_GT(port, 0) << server.Stderr();
    ASSERT_TRUE(WaitReady(port)) << server.Stderr();
    httplib::Client c("127.0.0.1", port);
    httplib::Headers day = {{"Cache-Control", "max-age=86400"}};
    auto r = c.Put("/quake1.html", day,
                   ContestPage("Earthquake kills nine in Ecuador", "Meridian Press",
                               "2026-03-03T06:30:00+00:00", quake),
                   "text/html");
    EXPECT_EQ(r->status, 201);
    r = c.Put("/quake1.html", day,
              ContestPage("Earthquake kills nine in Ecuador", "Meridian Press",
                          "2026-03-03T06:30:00+00:00", quake),
              "text/html");
    EXPECT_EQ(r->status, 204);
    EXPECT_EQ(c.Put("/quake2.html", day,
                    ContestPage("Ecuador quake: nine dead in Tungurahua", "Daily Ledger",
                                "2026-03-03T08:00:00+00:00", quake),
                    "text/html")
                  ->status,
              201);
    EXPECT_EQ(c.Delete("/nothing.html")->status, 404);
    Json threads;
    for (int i = 0; i < 100; ++i) {
      threads = Json::parse(c.Get("/threads?period=86400&lang_code=en&category=any")->body);
      if (!threads["threads"].empty() && threads["threads"][0]["articles"].size() == 2) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(threads["threads"].size(), 1u) << threads.dump();
    EXPECT_EQ(threads["threads"][0]["articles"], Json::array({"quake1.html", "quake2.html"}))
        << threads.dump();
    server.Kill(SIGKILL);
  }
  ServerProcess server({"server", "0", "--db", db}, TGNEWS_BINARY);
  int port = server.WaitForPort();
  ASSERT_TRUE(WaitReady(port)) << server.Stderr();
  httplib::Client c("127.0.0.1", port);
  Json threads = Json::parse(c.Get("/threads?period=86400&lang_code=en")->body);
  ASSERT_EQ(threads["threads"].size(), 1u) << threads.dump();
  // Measured back from the newest publication time (08:00): 06:30 is out of the last hour.
  EXPECT_EQ(Json::parse(c.Get("/threads?period=3600&lang_code=en")->body)["threads"][0]["articles"],
            Json::array({"quake2.html"}));
  // A strike article two days later moves the clock past the quake's day to live: the quake
  // pages expire, and the period is measured back from the strike.
  EXPECT_EQ(c.Put("/strike.html", {{"Cache-Control", "max-age=86400"}},
                  ContestPage("Antwerp dockworkers strike over automation", "CBW",
                              "2026-03-05T09:30:00+00:00", strike),
                  "text/html")
                ->status,
            201);
  for (int i = 0; i < 60 && c.Get("/api/documents/quake1.html")->status != 404; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(c.Get("/api/documents/quake1.html")->status, 404);
  EXPECT_EQ(c.Delete("/quake2.html")->status, 404);  // expired already
  for (int i = 0; i < 100; ++i) {
    threads = Json::parse(c.Get("/threads?period=604800&lang_code=en")->body);
    if (threads["threads"].size() == 1 && threads["threads"][0]["articles"].size() == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(threads["threads"].size(), 1u) << threads.dump();
  EXPECT_EQ(threads["threads"][0]["articles"], Json::array({"strike.html"}));
  EXPECT_EQ(c.Get("/threads?period=60&category=sports")->status, 501);
  EXPECT_EQ(WEXITSTATUS(server.Kill(SIGTERM)), 0) << server.Stderr();
}

}  // namespace
