#include "server/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core/scratch_dir_test_util.h"

namespace storyline::server {
namespace {

using Json = nlohmann::json;

std::string ExamplePage(const std::string& rel) {
  std::ifstream in(std::filesystem::path(STORYLINE_SOURCE_DIR) / "examples/pages" / rel,
                   std::ios::binary);
  EXPECT_TRUE(in) << rel;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char* kQuake = "meridianpress/2026-03-03-ecuador-earthquake-kills-nine.html";
const char* kQuake2 = "dailyledger/ecuador-quake-death-toll-rises.html";
const char* kLisbon = "iberiatoday/lisbon-doubles-tourist-tax.html";

// A LiveIndex and a Server on a free loopback port, and a client for it.
class ServerTest : public storyline::testing::ScratchDirTest {
 protected:
  void Start(LiveOptions options = LiveOptions(), ServerOptions server_options = ServerOptions()) {
    ASSERT_TRUE(LiveIndex::Open((dir_ / "t.db").string(), options, &index_).ok());
    server_options.port = 0;
    server_options.threads = 8;
    server_ = std::make_unique<Server>(index_.get(), server_options);
    ASSERT_TRUE(server_->Bind().ok());
    serving_ = std::thread([this] { EXPECT_TRUE(server_->Serve().ok()); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(30);
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (serving_.joinable()) serving_.join();
    if (index_) index_->Close();
    ScratchDirTest::TearDown();
  }

  static Json Body(const httplib::Result& r) {
    Json j = Json::parse(r->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r->body;
    return j;
  }

  std::unique_ptr<LiveIndex> index_;
  std::unique_ptr<Server> server_;
  std::thread serving_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServerTest, DocumentLifecycle) {
  Start();
  ASSERT_TRUE(index_->WaitReady().ok());
  auto r = client_->Put("/api/documents/quake-1", ExamplePage(kQuake), "text/html");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  Json created = Body(r);
  EXPECT_EQ(created["id"], "quake-1");
  EXPECT_EQ(created["language"], "en");
  EXPECT_TRUE(created["published"].is_string());

  r = client_->Put("/api/documents/quake-1", ExamplePage(kQuake), "text/html");
  EXPECT_EQ(r->status, 200);

  r = client_->Get("/api/documents/quake-1");
  ASSERT_EQ(r->status, 200);
  Json doc = Body(r);
  EXPECT_NE(doc["title"].get<std::string>().find("Ecuador"), std::string::npos);
  EXPECT_FALSE(doc["paragraphs"].empty());
  EXPECT_EQ(doc["duplicate"]["relation"], "unique");
  EXPECT_EQ(doc["duplicate"]["original"], "quake-1");
  EXPECT_TRUE(doc["story"].is_string());

  // Ids may hold characters that need escaping in a URL.
  r = client_->Put("/api/documents/a%2Fb%20c.html", ExamplePage(kLisbon), "text/html");
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(Body(r)["id"], "a/b c.html");

  r = client_->Delete("/api/documents/quake-1");
  EXPECT_EQ(r->status, 204);
  r = client_->Delete("/api/documents/quake-1");
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(Body(r)["error"].get<std::string>().find("quake-1"), std::string::npos);
  r = client_->Get("/api/documents/quake-1");
  EXPECT_EQ(r->status, 404);
}

TEST_F(ServerTest, JsonBodiesAndBadRequests) {
  ServerOptions small;
  small.max_body_bytes = 64 * 1024;
  Start(LiveOptions(), small);
  ASSERT_TRUE(index_->WaitReady().ok());
  Json record = {{"title", "Dockworkers strike in Antwerp over crane automation"},
                 {"text",
                  "Thousands of dockworkers walked off the job in Antwerp on Thursday, halting "
                  "container traffic at Europe's second-busiest port in a dispute over plans to "
                  "automate cranes at two terminals."},
                 {"site", "Example Wire"},
                 {"published", "2026-03-05T09:00:00Z"}};
  auto r = client_->Put("/api/documents/strike", record.dump(), "application/json");
  ASSERT_EQ(r->status, 201) << r->body;
  Json doc = Body(r);
  EXPECT_EQ(doc["site"], "Example Wire");
  EXPECT_EQ(doc["published"], "2026-03-05T09:00:00Z");

  r = client_->Put("/api/documents/bad", "{\"text\": ", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(Body(r)["error"].get<std::string>().find("malformed JSON"), std::string::npos);
  r = client_->Put("/api/documents/bad", "{\"title\": \"no text\"}", "application/json");
  EXPECT_EQ(r->status, 400);
  r = client_->Put("/api/documents/bad", "", "text/html");
  EXPECT_EQ(r->status, 400);
  r = client_->Put("/api/documents/bad", std::string(100 * 1024, 'x'), "text/html");
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(Body(r)["error"].get<std::string>().find("larger than"), std::string::npos);
  r = client_->Put("/api/documents/junk", ExamplePage("junk/topics-earthquakes.html"), "text/html");
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(Body(r)["error"].get<std::string>().find("no article text"), std::string::npos);
  r = client_->Put("/api/documents/bad?ttl=soon", ExamplePage(kLisbon), "text/html");
  EXPECT_EQ(r->status, 400);
  r = client_->Get("/api/nothing-here");
  EXPECT_EQ(r->status, 404);
  EXPECT_TRUE(Body(r).contains("error"));
  EXPECT_EQ(index_->Stats().documents, 1u);
}

TEST_F(ServerTest, StoriesListAndView) {
  Start();
  ASSERT_TRUE(index_->WaitReady().ok());
  client_->Put("/api/documents/q1", ExamplePage(kQuake), "text/html");
  client_->Put("/api/documents/q2", ExamplePage(kQuake2), "text/html");
  client_->Put("/api/documents/l1", ExamplePage(kLisbon), "text/html");
  index_->RefreshNow();
  auto r = client_->Get("/api/stories");
  ASSERT_EQ(r->status, 200);
  Json list = Body(r);
  EXPECT_EQ(list["total"], 2);
  EXPECT_EQ(list["documents"], 3);
  ASSERT_EQ(list["stories"].size(), 2u);
  std::string quake_id;
  for (const Json& s : list["stories"]) {
    if (s["documents"] == 2) quake_id = s["id"];
  }
  ASSERT_FALSE(quake_id.empty()) << list.dump();

  EXPECT_EQ(Body(client_->Get("/api/stories?limit=1"))["stories"].size(), 1u);
  EXPECT_EQ(Body(client_->Get("/api/stories?limit=1&offset=1"))["stories"].size(), 1u);
  EXPECT_EQ(Body(client_->Get("/api/stories?offset=2"))["stories"].size(), 0u);
  EXPECT_EQ(Body(client_->Get("/api/stories?lang=es"))["total"], 0);
  EXPECT_EQ(Body(client_->Get("/api/stories?since=2026-03-04T00:00:00Z"))["total"], 1);
  EXPECT_EQ(client_->Get("/api/stories?limit=-3")->status, 400);
  EXPECT_EQ(client_->Get("/api/stories?since=yesterday")->status, 400);

  r = client_->Get("/api/stories/" + quake_id);
  ASSERT_EQ(r->status, 200);
  Json view = Body(r);
  EXPECT_EQ(view["id"], quake_id);
  EXPECT_FALSE(view["summary"].empty());
  EXPECT_EQ(view["timeline"].size() + view["copies"].get<size_t>(), 2u);
  EXPECT_TRUE(view.contains("quotes"));
  // Served again from the cache, the same.
  EXPECT_EQ(client_->Get("/api/stories/" + quake_id)->body, r->body);
  EXPECT_EQ(client_->Get("/api/stories/424242")->status, 404);
  EXPECT_EQ(client_->Get("/api/stories/abc")->status, 404);

  r = client_->Get("/healthz");
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Body(r)["documents"], 3);
  // A request is counted once its response is written, after the client may have read it:
  // the last one may be counted a moment later.
  for (int i = 0; i < 200; ++i) {
    r = client_->Get("/metrics");
    ASSERT_EQ(r->status, 200);
    if (r->body.find("storyline_http_request_duration_seconds_count{route=\"list_stories\"} 8") !=
        std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_NE(r->body.find("storyline_documents 3"), std::string::npos);
  EXPECT_NE(r->body.find("storyline_http_request_duration_seconds_count{route=\"list_stories\"} 8"),
            std::string::npos)
      << r->body;
  r = client_->Get("/");
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Content-Type").find("text/html"), std::string::npos);
}

TEST_F(ServerTest, TelegramContestRoutes) {
  LiveOptions options;
  options.clock = LiveOptions::Clock::kNewestPublished;
  Start(options);
  ASSERT_TRUE(index_->WaitReady().ok());
  httplib::Headers ttl = {{"Cache-Control", "max-age=86400"}};
  auto r = client_->Put("/q1.html", ttl, ExamplePage(kQuake), "text/html");
  EXPECT_EQ(r->status, 201);
  r = client_->Put("/q1.html", ttl, ExamplePage(kQuake), "text/html");
  EXPECT_EQ(r->status, 204);
  r = client_->Put("/q2.html", ttl, ExamplePage(kQuake2), "text/html");
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(*index_->Get("q1.html")->doc.expires, *index_->Get("q1.html")->doc.published + 86400);
  index_->RefreshNow();
  r = client_->Get("/threads?period=86400&lang_code=en&category=any");
  ASSERT_EQ(r->status, 200);
  Json threads = Body(r);
  ASSERT_EQ(threads["threads"].size(), 1u) << threads.dump();
  EXPECT_EQ(threads["threads"][0]["articles"].size(), 2u);
  EXPECT_NE(threads["threads"][0]["title"].get<std::string>().find("uake"), std::string::npos);
  EXPECT_EQ(Body(client_->Get("/threads?period=86400&lang_code=ru"))["threads"].size(), 0u);
  EXPECT_EQ(client_->Get("/threads?lang_code=en")->status, 400);
  EXPECT_EQ(client_->Get("/threads?period=60&category=sports")->status, 501);
  EXPECT_EQ(client_->Get("/threads?period=60&category=gossip")->status, 400);
  r = client_->Delete("/q1.html");
  EXPECT_EQ(r->status, 204);
  r = client_->Delete("/q1.html");
  EXPECT_EQ(r->status, 404);
}

// Reads one HTTP/1.1 response (headers and a Content-Length body) from `fd` into `out`;
// false when the connection closes first.
bool ReadResponse(int fd, std::string* pending, std::string* out) {
  while (true) {
    const size_t end = pending->find("\r\n\r\n");
    if (end != std::string::npos) {
      const size_t at = pending->find("Content-Length: ");
      const size_t length =
          at != std::string::npos && at < end ? std::stoul(pending->substr(at + 16)) : 0;
      if (pending->size() >= end + 4 + length) {
        *out = pending->substr(0, end + 4 + length);
        pending->erase(0, end + 4 + length);
        return true;
      }
    }
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    pending->append(buf, static_cast<size_t>(n));
  }
}

// A TCP connection to the server on loopback, with a 10 s read timeout; -1 on failure.
int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

bool WriteAll(int fd, const std::string& data) {
  return ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
}

TEST_F(ServerTest, AnswersServiceUnavailableWhileRestoring) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  LiveOptions options;
  options.before_restore = [released] { released.wait(); };
  Start(options);
  for (const char* path : {"/api/stories", "/healthz", "/threads?period=10"}) {
    auto r = client_->Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503) << path;
    EXPECT_EQ(r->get_header_value("Retry-After"), "1");
  }
  EXPECT_EQ(client_->Put("/api/documents/x", ExamplePage(kLisbon), "text/html")->status, 503);
  EXPECT_EQ(client_->Get("/")->status, 200);
  // A client that keeps its connection gets its 503 to a PUT, and its next requests on that
  // connection are answered.
  httplib::Client kept("127.0.0.1", server_->port());
  kept.set_keep_alive(true);
  EXPECT_EQ(kept.Put("/api/documents/y", ExamplePage(kLisbon), "text/html")->status, 503);
  EXPECT_EQ(kept.Get("/healthz")->status, 503);
  EXPECT_EQ(kept.Get("/")->status, 200);
  // The same by hand, with the PUT's body sent in two parts, the second a moment after its
  // headers (as a slow client's would come): the PUT is answered 503 once its body is read,
  // and the GET after it on that connection 503 too, not 400 for the rest of a body taken
  // for the next request.
  const std::string body = ExamplePage(kLisbon);
  const int fd = Connect(server_->port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(WriteAll(fd,
                       "PUT /api/documents/z HTTP/1.1\r\nHost: localhost\r\n"
                       "Content-Type: text/html\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n" +
                           body.substr(0, body.size() / 2)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_TRUE(WriteAll(fd, body.substr(body.size() / 2)));
  std::string pending, response;
  ASSERT_TRUE(ReadResponse(fd, &pending, &response));
  EXPECT_EQ(response.rfind("HTTP/1.1 503", 0), 0u) << response;
  EXPECT_NE(response.find("Retry-After: 1"), std::string::npos) << response;
  ASSERT_TRUE(WriteAll(fd, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"));
  ASSERT_TRUE(ReadResponse(fd, &pending, &response));
  EXPECT_EQ(response.rfind("HTTP/1.1 503", 0), 0u) << response;
  // A request with a body to no route: 404 (its body read too), and the connection goes on.
  ASSERT_TRUE(WriteAll(fd, "POST /api/stories HTTP/1.1\r\nHost: localhost\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\n\r\n" + body));
  ASSERT_TRUE(ReadResponse(fd, &pending, &response));
  EXPECT_EQ(response.rfind("HTTP/1.1 404", 0), 0u) << response;
  ASSERT_TRUE(WriteAll(fd, "GET /api/stories HTTP/1.1\r\nHost: localhost\r\n\r\n"));
  ASSERT_TRUE(ReadResponse(fd, &pending, &response));
  EXPECT_EQ(response.rfind("HTTP/1.1 503", 0), 0u) << response;
  ::close(fd);
  release.set_value();
  ASSERT_TRUE(index_->WaitReady().ok());
  EXPECT_EQ(client_->Get("/healthz")->status, 200);
  EXPECT_EQ(client_->Put("/api/documents/x", ExamplePage(kLisbon), "text/html")->status, 201);
  EXPECT_EQ(kept.Put("/api/documents/y", ExamplePage(kLisbon), "text/html")->status, 201);
  EXPECT_EQ(kept.Get("/healthz")->status, 200);
  kept.stop();  // the server would wait for it up to its keep-alive time
}

TEST_F(ServerTest, KeepAliveConnectionServesManyRequests) {
  Start();
  ASSERT_TRUE(index_->WaitReady().ok());
  // One TCP connection, written and read by hand: every request is answered on it.
  const int fd = Connect(server_->port());
  ASSERT_GE(fd, 0);
  const std::string request = "GET /api/stories?limit=1 HTTP/1.1\r\nHost: localhost\r\n\r\n";
  std::string pending, response;
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(WriteAll(fd, request));
    ASSERT_TRUE(ReadResponse(fd, &pending, &response)) << "connection closed after " << i;
    EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
  }
  ::close(fd);
}

}  // namespace
}  // namespace storyline::server
