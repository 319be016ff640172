// SPDX-License-Identifier: Apache-2.0
// Live view and camera health: frames and status travel from a capture node over a real
// ZeroMQ broker to the console, which serves them as MJPEG and JSON.
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "cctv/bus/broker.hpp"
#include "cctv/bus/live_feed.hpp"
#include "cctv/storage/audit_log.hpp"
#include "console_fixture.hpp"
#include "support/wait.hpp"

namespace cctv::test {
namespace {

std::string jpeg_of(int grey) {
  std::vector<uchar> out;
  cv::imencode(".jpg", cv::Mat(36, 64, CV_8UC3, cv::Scalar(grey, grey, grey)), out);
  return {out.begin(), out.end()};
}

class ConsoleLiveTest : public ConsoleTest {
 protected:
  void SetUp() override {
    front_endpoint = "tcp://127.0.0.1:" + std::to_string(free_tcp_port());
    const std::string back = "tcp://127.0.0.1:" + std::to_string(free_tcp_port());
    broker = std::make_unique<bus::Broker>(ctx, front_endpoint, back);
    publisher = std::make_unique<bus::LivePublisher>(ctx, front_endpoint);
    live_ctx = &ctx;
    live_endpoint = back;
    live_linger = kLinger;
    publish_endpoint = front_endpoint;
    ConsoleTest::SetUp();
  }
  void TearDown() override {
    stop_feed = true;
    if (feed.joinable()) feed.join();
    ConsoleTest::TearDown();
  }
  // What a camera worker does: a frame while watched and its status every 100 ms, for each of
  // `cameras`.
  void start_feed(const std::string& state, std::vector<std::string> cameras = {"tw1"}) {
    feed = std::thread([this, state, cameras] {
      for (int i = 0; !stop_feed; ++i) {
        for (const std::string& camera : cameras) {
          if (publisher->wants_frames(camera)) {
            publisher->send_frame({bus::LiveMessage::Kind::frame, camera,
                                   R"({"ts":"2026-11-23T10:00:00Z"})", jpeg_of(i % 2 ? 40 : 200),
                                   jpeg_of(120)});
          }
          publisher->send_status(camera, nlohmann::json{{"state", state},
                                                        {"fps_in", 25.0},
                                                        {"fps_out", 6.0},
                                                        {"frames_dropped", 3},
                                                        {"last_frame_at", format_utc(now_utc())}}
                                             .dump());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }

  static constexpr Millis kLinger{1500};

  zmq::context_t ctx;
  std::string front_endpoint;
  std::unique_ptr<bus::Broker> broker;
  std::unique_ptr<bus::LivePublisher> publisher;
  std::thread feed;
  std::atomic<bool> stop_feed{false};
};

struct Part {
  std::string camera;  // its X-Camera header
  std::string jpeg;
};

// Reads the MJPEG stream until `frames` JPEG parts arrived; returns them.
std::vector<Part> read_parts(httplib::Client& c, const std::string& path, const Login& who,
                             int frames) {
  std::string stream;
  std::vector<Part> parts;
  c.Get(path, {{"Cookie", who.cookie}}, [&](const char* data, std::size_t n) {
    stream.append(data, n);
    for (std::size_t head; (head = stream.find("\r\n\r\n")) != std::string::npos;) {
      const auto len_at = stream.find("Content-Length: ");
      const std::size_t length = std::stoul(stream.substr(len_at + 16));
      if (stream.size() < head + 4 + length) break;
      const auto camera_at = stream.find("X-Camera: ");
      const std::string camera =
          camera_at < head
              ? stream.substr(camera_at + 10, stream.find("\r\n", camera_at) - camera_at - 10)
              : "";
      parts.push_back({camera, stream.substr(head + 4, length)});
      stream.erase(0, head + 4 + length + 2);
    }
    return static_cast<int>(parts.size()) < frames;
  });
  return parts;
}

std::vector<std::string> read_mjpeg(httplib::Client& c, const std::string& path, const Login& who,
                                    int frames) {
  std::vector<std::string> jpegs;
  for (Part& p : read_parts(c, path, who, frames)) jpegs.push_back(std::move(p.jpeg));
  return jpegs;
}

TEST_F(ConsoleLiveTest, TheLiveViewStreamsNewFramesAndIsAudited) {
  start_feed("online");
  const Login op = login("operator1");
  auto c = client();
  const auto jpegs = read_mjpeg(c, "/live/tw1.mjpeg", op, 3);
  ASSERT_EQ(jpegs.size(), 3u);
  std::vector<int> greys;
  for (const std::string& j : jpegs) {
    const cv::Mat img = cv::imdecode(std::vector<uchar>(j.begin(), j.end()), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(img.empty());
    greys.push_back(img.at<uchar>(10, 10));
  }
  EXPECT_NE(greys[0], greys[1]) << "each part is a new frame";
  const auto overlay = read_mjpeg(c, "/live/tw1.mjpeg?overlay=1", op, 1);
  ASSERT_EQ(overlay.size(), 1u);
  EXPECT_EQ(overlay[0], jpeg_of(120)) << "the overlay stream serves the drawn frame";

  int views = 0;
  for (const auto& e : storage::AuditLog(db_path()).list())
    views += e.action == "live.view" && e.target == "tw1";
  EXPECT_EQ(views, 2);
  EXPECT_EQ(get("/live/zz9.mjpeg", op)->status, 404);
}

TEST_F(ConsoleLiveTest, TheWallStreamsEveryCamerasFramesOnOneConnectionAndAuditsEach) {
  start_feed("online", {"tw1", "mob1"});
  const Login op = login("operator1");
  auto c = client();
  std::map<std::string, int> frames;
  for (const Part& p : read_parts(c, "/live/wall?cameras=tw1,mob1&overlay=1", op, 8)) {
    ++frames[p.camera];
    EXPECT_EQ(p.jpeg, jpeg_of(120)) << "the overlay stream serves the drawn frame";
  }
  EXPECT_GE(frames["tw1"], 2);
  EXPECT_GE(frames["mob1"], 2);
  EXPECT_EQ(frames.size(), 2u) << "only the cameras asked for, each part named";

  int views = 0;
  for (const auto& e : storage::AuditLog(db_path()).list()) {
    views += e.action == "live.view" && e.details.find(R"("wall":true)") != std::string::npos;
  }
  EXPECT_EQ(views, 2) << "one view of footage per camera on the wall";
  for (const char* bad : {"/live/wall", "/live/wall?cameras=", "/live/wall?cameras=tw1,tw1",
                          "/live/wall?cameras=tw1,zz9", "/live/wall?cameras=tw1,"}) {
    const auto r = get(bad, op);
    EXPECT_EQ(r->status, 400) << bad << ": " << r->body;
  }
}

TEST_F(ConsoleLiveTest, AViewerMakesTheCameraSendFramesUntilALingerAfterTheLastOneLeft) {
  start_feed("online", {"tw1", "mob1"});
  const Login op = login("operator1");
  ASSERT_TRUE(test::wait_until(std::chrono::seconds(5), [&] {
    return json(get("/api/cameras", op))["cameras"][0]["state"] == "online";
  })) << "the console hears the camera's status";
  EXPECT_FALSE(publisher->wants_frames("tw1")) << "nobody watches yet";

  auto c = client();
  EXPECT_EQ(read_mjpeg(c, "/live/tw1.mjpeg", op, 2).size(), 2u)
      << "frames of a camera nobody watched";
  const auto left = std::chrono::steady_clock::now();
  EXPECT_TRUE(publisher->wants_frames("tw1")) << "a reload within the linger finds frames coming";
  EXPECT_FALSE(publisher->wants_frames("mob1")) << "only the camera watched";
  ASSERT_TRUE(test::wait_until(
      kLinger + std::chrono::seconds(5), [&] { return !publisher->wants_frames("tw1"); },
      std::chrono::milliseconds(50)));
  EXPECT_GE(std::chrono::steady_clock::now() - left, kLinger) << "released only after the linger";

  EXPECT_EQ(read_mjpeg(c, "/live/tw1.mjpeg", op, 1).size(), 1u)
      << "and subscribed again for a new viewer";
}

TEST_F(ConsoleLiveTest, CameraHealthComesFromTheCaptureNodesStatus) {
  const Login op = login("operator1");
  EXPECT_EQ(json(get("/api/cameras", op))["cameras"][0]["state"], "unknown") << "no status yet";
  start_feed("online");
  nlohmann::json camera = nlohmann::json::object();
  for (int i = 0; i < 50 && camera.value("state", "") != "online"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    camera = json(get("/api/cameras", op))["cameras"][0];
  }
  EXPECT_EQ(camera["state"], "online");
  EXPECT_EQ(camera["fps_in"], 25.0);
  EXPECT_EQ(camera["frames_dropped"], 3);
  EXPECT_FALSE(camera["last_frame_at"].is_null());
}

// Reads the alarm stream in the background until `marker` arrives (or 5 s pass).
class StreamReader {
 public:
  StreamReader(httplib::Client client, const Login& who, std::string marker)
      : thread_([this, client = std::move(client), cookie = who.cookie, marker]() mutable {
          client.Get("/api/stream", {{"Cookie", cookie}}, [&](const char* data, std::size_t n) {
            std::lock_guard lock(mutex_);
            received_.append(data, n);
            if (received_.find(marker) != std::string::npos) got_ = true;
            return !got_ && !stop_;
          });
        }) {}
  ~StreamReader() {
    stop_ = true;  // the stream sends camera status every 2 s, so the reader notices soon
    thread_.join();
  }
  // Waits up to `limit` for the marker; how long it took, or nullopt.
  std::optional<std::chrono::milliseconds> wait(std::chrono::milliseconds limit) {
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < limit) {
      if (got_) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return std::nullopt;
  }
  std::string received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  std::mutex mutex_;
  std::string received_;
  std::atomic<bool> got_{false};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST_F(ConsoleLiveTest, TheStreamSendsANewAlarmWhenTheStoreAnnouncesIt) {
  const Login op = login("operator1");
  StreamReader reader(client(), op, "event: incident");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the stream and notices connect
  const std::string incident = raise_alarm("tw1", now_utc());
  // Written, but not announced: the console does not poll the database.
  EXPECT_FALSE(reader.wait(std::chrono::milliseconds(600)));
  publisher->send_notice(bus::kIncidentNotice, R"({"cursor":1})");  // what the store does
  const auto latency = reader.wait(std::chrono::seconds(5));
  ASSERT_TRUE(latency) << reader.received();
  EXPECT_LT(*latency, std::chrono::seconds(1));
  EXPECT_NE(reader.received().find(incident), std::string::npos);
}

TEST_F(ConsoleLiveTest, OneConsolesAcknowledgementReachesAnotherConsolesStream) {
  const std::string incident = raise_alarm("tw1", now_utc());
  console::ConsoleParams second = params();
  auto other = std::make_unique<console::ConsoleServer>(second);  // same store, same bus
  const Login op = login("operator1");
  httplib::Client other_client("127.0.0.1", other->port());
  other_client.set_read_timeout(10);
  StreamReader reader(std::move(other_client), op, "\"acknowledged_by\":\"operator1\"");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto ack = post("/api/incidents/" + incident + "/acknowledge", "{}", op);
  ASSERT_EQ(ack->status, 200) << ack->body;
  const auto latency = reader.wait(std::chrono::seconds(5));
  ASSERT_TRUE(latency) << reader.received();
  EXPECT_LT(*latency, std::chrono::seconds(1));
}

TEST_F(ConsoleLiveTest, StreamsEndWhenTheirSessionIsLoggedOut) {
  const Login op = login("operator1");
  start_feed("online");
  // Each stream read in the background until the server ends it.
  struct Open {
    std::atomic<bool> ended{false};
    std::atomic<std::size_t> bytes{0};
    std::thread reader;
  };
  std::vector<std::unique_ptr<Open>> streams;
  for (const char* path : {"/api/stream", "/live/tw1.mjpeg"}) {
    auto open = std::make_unique<Open>();
    open->reader = std::thread([this, path, &op, o = open.get()] {
      auto c = client();
      c.set_read_timeout(20);
      c.Get(path, {{"Cookie", op.cookie}}, [&](const char*, std::size_t n) {
        o->bytes += n;
        return true;
      });
      o->ended = true;
    });
    streams.push_back(std::move(open));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  for (const auto& o : streams) EXPECT_GT(o->bytes.load(), 0u) << "the stream was open";
  httplib::Headers h = {{"Cookie", op.cookie}, {"X-CSRF-Token", op.csrf}};
  const auto out = client().Delete("/api/session", h);
  ASSERT_TRUE(out && out->status == 204);
  const auto logged_out = std::chrono::steady_clock::now();
  for (const auto& o : streams) {
    EXPECT_TRUE(test::wait_until(std::chrono::seconds(5), [&] { return o->ended.load(); }))
        << "a stream kept sending after its session ended";
    o->reader.join();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - logged_out, std::chrono::seconds(5));
}

}  // namespace
}  // namespace cctv::test
