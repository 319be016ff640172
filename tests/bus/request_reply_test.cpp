// SPDX-License-Identifier: Apache-2.0
// One request, one answer, over real ZeroMQ sockets: each caller gets its own answer, a server
// that is down or slow gives a timeout (never a hang, never someone else's answer), and a server
// that comes back is used again.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "cctv/bus/request_reply.hpp"
#include "support/temp_dir.hpp"

namespace cctv::bus {
namespace {

using namespace std::chrono_literals;

std::string endpoint() { return "tcp://127.0.0.1:" + std::to_string(test::free_tcp_port()); }

TEST(Bus_RequestReply, concurrent_callers_each_get_the_answer_to_their_own_request) {
  zmq::context_t ctx;
  RequestServer server(ctx, "tcp://127.0.0.1:*", [](const std::string& r) { return "re:" + r; });
  EXPECT_THAT(server.endpoint(), ::testing::Not(::testing::EndsWith(":*")));
  RequestClient client(ctx, server.endpoint(), 5s);
  std::vector<std::thread> callers;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const std::string request = std::to_string(t) + "/" + std::to_string(i);
        wrong[t] += client.call(request) != "re:" + request;
      }
    });
  }
  for (std::thread& c : callers) c.join();
  EXPECT_THAT(wrong, ::testing::Each(0));
}

TEST(Bus_RequestReply, no_server_times_out_and_a_server_that_comes_back_answers) {
  zmq::context_t ctx;
  const std::string at = endpoint();
  RequestClient client(ctx, at, 300ms);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT([&] { client.call("anyone?"); },
              ::testing::ThrowsMessage<RequestTimeout>(::testing::HasSubstr(at)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);

  RequestServer server(ctx, at, [](const std::string& r) { return "here: " + r; });
  EXPECT_EQ(client.call("again"), "here: again");
}

TEST(Bus_RequestReply, a_late_answer_is_dropped_not_taken_for_the_next_request) {
  zmq::context_t ctx;
  RequestServer server(ctx, "tcp://127.0.0.1:*", [](const std::string& r) {
    if (r == "slow") std::this_thread::sleep_for(600ms);
    return "answer to " + r;
  });
  RequestClient client(ctx, server.endpoint(), 200ms);
  EXPECT_THROW(client.call("slow"), RequestTimeout);
  std::this_thread::sleep_for(700ms);  // the slow answer has been sent by now
  EXPECT_EQ(client.call("quick"), "answer to quick");
}

TEST(Bus_RequestReply, a_taken_endpoint_is_named_in_the_error) {
  zmq::context_t ctx;
  RequestServer first(ctx, "tcp://127.0.0.1:*", [](const std::string& r) { return r; });
  EXPECT_THAT([&] { RequestServer(ctx, first.endpoint(), [](const std::string& r) { return r; }); },
              ::testing::ThrowsMessage<zmq::error_t>(::testing::HasSubstr(first.endpoint())));
}

}  // namespace
}  // namespace cctv::bus
