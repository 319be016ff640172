// SPDX-License-Identifier: Apache-2.0
// Live view and camera health: frames and status travel from a capture node over a real
// ZeroMQ broker to the console, which serves them as MJPEG and JSON.
#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "cctv/bus/broker.hpp"
#include "cctv/bus/live_feed.hpp"
#include "cctv/storage/audit_log.hpp"
#include "console_fixture.hpp"

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
    const std::string front = "tcp://127.0.0.1:" + std::to_string(free_tcp_port());
    const std::string back = "tcp://127.0.0.1:" + std::to_string(free_tcp_port());
    broker = std::make_unique<bus::Broker>(ctx, front, back);
    publisher = std::make_unique<bus::LivePublisher>(ctx, front);
    live_ctx = &ctx;
    live_endpoint = back;
    ConsoleTest::SetUp();
  }
  void TearDown() override {
    stop_feed = true;
    if (feed.joinable()) feed.join();
    ConsoleTest::TearDown();
  }
  // What a camera worker does: a frame and its status every 100 ms.
  void start_feed(const std::string& state) {
    feed = std::thread([this, state] {
      for (int i = 0; !stop_feed; ++i) {
        publisher->send_frame({bus::LiveMessage::Kind::frame, "tw1", R"({"ts":"2026-11-23T10:00:00Z"})",
                               jpeg_of(i % 2 ? 40 : 200), jpeg_of(120)});
        publisher->send_status("tw1", nlohmann::json{{"state", state},
                                                     {"fps_in", 25.0},
                                                     {"fps_out", 6.0},
                                                     {"frames_dropped", 3},
                                                     {"last_frame_at", format_utc(now_utc())}}
                                          .dump());
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }

  zmq::context_t ctx;
  std::unique_ptr<bus::Broker> broker;
  std::unique_ptr<bus::LivePublisher> publisher;
  std::thread feed;
  std::atomic<bool> stop_feed{false};
};

// Reads the MJPEG stream until `frames` JPEG parts arrived; returns them.
std::vector<std::string> read_mjpeg(httplib::Client& c, const std::string& path, const Login& who, int frames) {
  std::string stream;
  std::vector<std::string> jpegs;
  c.Get(path, {{"Cookie", who.cookie}}, [&](const char* data, std::size_t n) {
    stream.append(data, n);
    for (std::size_t head; (head = stream.find("\r\n\r\n")) != std::string::npos;) {
      const auto len_at = stream.find("Content-Length: ");
      const std::size_t length = std::stoul(stream.substr(len_at + 16));
      if (stream.size() < head + 4 + length) break;
      jpegs.push_back(stream.substr(head + 4, length));
      stream.erase(0, head + 4 + length + 2);
    }
    return static_cast<int>(jpegs.size()) < frames;
  });
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
  for (const auto& e : storage::AuditLog(db_path()).list()) views += e.action == "live.view" && e.target == "tw1";
  EXPECT_EQ(views, 2);
  EXPECT_EQ(get("/live/zz9.mjpeg", op)->status, 404);
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

}  // namespace
}  // namespace cctv::test
