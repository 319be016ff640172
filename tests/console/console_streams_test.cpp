// SPDX-License-Identifier: Apache-2.0
// Long-lived streams (the alarm stream, MJPEG live views) each hold a server thread. One
// session opening stream after stream must not leave other operators without one.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "console_fixture.hpp"
#include "support/wait.hpp"

namespace cctv::test {
namespace {

constexpr int kPerSession = 16;  // StreamSlots::kPerSession
constexpr int kTotal = 128;      // StreamSlots::kTotal
// More streams than the console had threads before streams were capped.
constexpr int kOpened = 130;

struct Answer {
  int status = 0;    // 0: no answer
  std::string body;  // of a refusal
};

class Console_Streams : public ConsoleTest {
 protected:
  void TearDown() override {
    stop = true;
    server->stop();  // ends the streams still open, so their readers return
    for (std::thread& t : readers) t.join();
    ConsoleTest::TearDown();
  }

  // GETs `path` on a thread of its own, reading a stream until the test ends; the answer is
  // recorded as soon as its status is known.
  void open_stream(const std::string& path, const Login& who) {
    readers.emplace_back([this, path, who] {
      Answer answer;
      auto c = client();
      c.Get(
          path, {{"Cookie", who.cookie}},
          [&](const httplib::Response& r) {
            answer.status = r.status;
            if (r.status == 200) record({200, ""});  // a stream: it goes on
            return true;
          },
          [&](const char* data, std::size_t n) {
            if (answer.status != 200) answer.body.append(data, n);
            return !stop;
          });
      if (answer.status != 200) record(answer);
    });
  }

  bool wait_for_answers(std::size_t count, std::chrono::seconds limit) {
    std::unique_lock lock(mutex);
    return answered.wait_for(lock, limit, [&] { return answers.size() >= count; });
  }

  std::vector<Answer> answers_so_far() {
    std::lock_guard lock(mutex);
    return answers;
  }

  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;

 private:
  void record(Answer a) {
    std::lock_guard lock(mutex);
    answers.push_back(std::move(a));
    answered.notify_all();
  }

  std::mutex mutex;
  std::condition_variable answered;
  std::vector<Answer> answers;
};

int count_status(const std::vector<Answer>& answers, int status) {
  return static_cast<int>(std::count_if(answers.begin(), answers.end(),
                                        [&](const Answer& a) { return a.status == status; }));
}

TEST_F(Console_Streams, one_session_opening_many_streams_leaves_room_for_everyone_else) {
  const Login op = login("operator1");
  // Alarm streams: they send camera status every 2 s, so their readers never time out. All at
  // once, as a wall of live views reconnects: with cpp-httplib's listen backlog of 5 the
  // kernel's SYN retries left some unanswered past the client's 10 s read timeout.
  for (int i = 0; i < kOpened; ++i) open_stream("/api/stream", op);
  EXPECT_TRUE(wait_for_answers(kOpened, std::chrono::seconds(20)));

  const auto started = std::chrono::steady_clock::now();
  const nlohmann::json body = {{"user", "supervisor1"}, {"password", kPassword}};
  const auto login = client().Post("/api/session", body.dump(), "application/json");
  ASSERT_TRUE(login) << "the login got no answer while one session held many streams";
  ASSERT_EQ(login->status, 200);
  const std::string cookie = login->get_header_value("Set-Cookie");
  const auto alarms = client().Get("/api/alarms", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  ASSERT_TRUE(alarms);
  EXPECT_EQ(alarms->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));

  const std::vector<Answer> answers = answers_so_far();
  EXPECT_EQ(count_status(answers, 200), kPerSession);
  EXPECT_EQ(count_status(answers, 429), kOpened - kPerSession);
  for (const Answer& a : answers) {
    if (a.status != 429) continue;
    EXPECT_NE(nlohmann::json::parse(a.body, nullptr, false)
                  .value("error", "")
                  .find("already has 16 streams open"),
              std::string::npos)
        << a.body;
    break;
  }
}

TEST_F(Console_Streams, live_views_count_too_and_another_session_still_opens_its_streams) {
  const Login op = login("operator1");
  for (int i = 0; i < kPerSession; ++i) open_stream("/api/stream", op);
  ASSERT_TRUE(wait_for_answers(kPerSession, std::chrono::seconds(20)));
  open_stream("/live/tw1.mjpeg", op);
  ASSERT_TRUE(wait_for_answers(kPerSession + 1, std::chrono::seconds(10)));
  EXPECT_EQ(count_status(answers_so_far(), 429), 1);

  open_stream("/live/tw1.mjpeg", login("operator2"));
  ASSERT_TRUE(wait_for_answers(kPerSession + 2, std::chrono::seconds(10)));
  EXPECT_EQ(count_status(answers_so_far(), 200), kPerSession + 1);
}

TEST_F(Console_Streams, the_console_refuses_streams_beyond_its_total) {
  for (int session = 0; session < kTotal / kPerSession; ++session) {
    const Login op = login("operator1");  // a session each time
    for (int i = 0; i < kPerSession; ++i) open_stream("/api/stream", op);
  }
  ASSERT_TRUE(wait_for_answers(kTotal, std::chrono::seconds(30)));
  open_stream("/api/stream", login("operator2"));
  ASSERT_TRUE(wait_for_answers(kTotal + 1, std::chrono::seconds(10)));
  const std::vector<Answer> answers = answers_so_far();
  EXPECT_EQ(count_status(answers, 200), kTotal);
  ASSERT_EQ(count_status(answers, 503), 1);
  EXPECT_NE(answers.back().body.find("already serves 128 streams"), std::string::npos)
      << answers.back().body;
  // Ordinary requests still have their threads.
  EXPECT_EQ(get("/api/alarms", logins.at("operator2"))->status, 200);
}

TEST_F(Console_Streams, a_closed_stream_frees_its_place) {
  const Login op = login("operator1");
  for (int i = 0; i < kPerSession; ++i) open_stream("/api/stream", op);
  ASSERT_TRUE(wait_for_answers(kPerSession, std::chrono::seconds(20)));
  stop = true;  // every reader closes at the stream's next event (camera status every 2 s)
  for (std::thread& t : readers) t.join();
  readers.clear();
  stop = false;
  // The server notices a closed stream when it next writes to it.
  EXPECT_TRUE(wait_until(std::chrono::seconds(10), [&] {
    auto c = client();
    bool opened = false;
    c.Get(
        "/api/stream", {{"Cookie", op.cookie}},
        [&](const httplib::Response& r) {
          opened = r.status == 200;
          return false;  // seen enough
        },
        [](const char*, std::size_t) { return false; });
    return opened;
  }));
}

}  // namespace
}  // namespace cctv::test
