// SPDX-License-Identifier: Apache-2.0
// libFuzzer: the replay protocol (bus/src/replay_protocol.hpp) from both ends, over real inproc
// ZeroMQ sockets. The input is a multipart message, one part per line:
//   a request ([rid, verb, args...]) sent to a ReplayServer answering from a real outbox;
//   "answer" then the parts after the rid ([status, ...]), which a peer sends back to a
//   ReplayClient's FETCH.
// Properties: the server answers every request it can address with EVENTS, OK or ERROR under
// the request's rid; the client turns any answer into a batch or a refusal, never an exception,
// and a batch accounts for every event part it was sent.
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <zmq_addon.hpp>

#include "fuzz_support.hpp"
#include "replay_client.hpp"
#include "replay_protocol.hpp"
#include "replay_server.hpp"
#include "sockets.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace cctv::bus;
using cctv::fuzz::expect;
using Parts = std::vector<std::string_view>;

constexpr std::chrono::milliseconds kWait{2000};
constexpr std::string_view kAnswerMarker = "answer";

zmq::context_t& context() {
  static zmq::context_t ctx;
  return ctx;
}

replay::Frames frames(const Parts& parts) {
  replay::Frames out;
  for (std::string_view part : parts) out.push_back(replay::frame(part));
  return out;
}

// A publishing node's replay socket over an outbox holding a few events.
class ServerEnd {
 public:
  ServerEnd() {
    for (int i = 0; i < 3; ++i) {
      cctv::Event e;
      e.type = cctv::EventType::camera_offline;
      e.camera = "tw1";
      e.ts = cctv::now_utc();
      outbox_.append(e);
    }
  }

  void send(const Parts& request) {
    replay::Frames message = frames(request);
    expect(replay::send_all(client_, message), "the request is sent");
    server_.serve(kWait);
    if (request.size() < 2) return;  // nothing to address an answer with: dropped
    expect(readable(client_, kWait), "the server answers every request with a rid and a verb");
    replay::Frames answer;
    expect(zmq::recv_multipart(client_, std::back_inserter(answer)).has_value(), "an answer");
    expect(answer.size() >= 2 && answer[0].to_string_view() == request[0],
           "the answer carries the request's rid");
    const std::string_view status = answer[1].to_string_view();
    expect(status == replay::kOk || status == replay::kError ||
               (status == replay::kEvents && answer.size() >= 4),
           "the answer is OK, ERROR or EVENTS with its seqs", status);
  }

 private:
  cctv::test::TempDir dir_;
  Outbox outbox_{
      {.path = (dir_ / "outbox.db").string(), .source = "node-a", .sync = cctv::sql::Sync::normal}};
  ReplayServer server_{context(), "inproc://replay-server", outbox_};
  zmq::socket_t client_ = connected_dealer(context(), "inproc://replay-server");
};

// A ReplayClient whose source answers each FETCH with the parts it was given.
class ClientEnd {
 public:
  ClientEnd() : responder_([this] { respond(); }) {}
  ~ClientEnd() {
    stopping_ = true;
    responder_.join();
  }

  void receive(const Parts& answer) {
    {
      std::lock_guard lock(mutex_);
      answer_.assign(answer.begin(), answer.end());
    }
    const auto batch = client_.fetch("node-a", 1, 100, 100);
    if (!batch) return;
    expect(answer[0] == replay::kEvents && answer.size() >= 3, "only EVENTS makes a batch");
    expect(batch->events.size() + batch->undecodable == answer.size() - 3,
           "a batch accounts for every event part");
  }

 private:
  void respond() {
    zmq::socket_t socket(context(), zmq::socket_type::router);
    socket.bind("inproc://replay-peer");
    while (!stopping_) {
      if (!readable(socket, std::chrono::milliseconds(50))) continue;
      replay::Frames request;
      if (!zmq::recv_multipart(socket, std::back_inserter(request))) continue;
      replay::Frames reply;
      reply.push_back(std::move(request.at(0)));
      reply.push_back(std::move(request.at(1)));
      std::lock_guard lock(mutex_);
      for (const std::string& part : answer_) reply.push_back(replay::frame(part));
      replay::send_all(socket, reply);
    }
  }

  std::mutex mutex_;
  std::vector<std::string> answer_;
  std::atomic<bool> stopping_{false};
  std::thread responder_;
  ReplayClient client_{context(), "inproc://replay-peer", kWait};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  spdlog::set_level(spdlog::level::off);  // refusals are logged; here they are the point
  const Parts parts = cctv::fuzz::lines(cctv::fuzz::as_text(data, size));
  if (parts.front() == kAnswerMarker && parts.size() > 1) {
    static ClientEnd client;
    client.receive(Parts(parts.begin() + 1, parts.end()));
  } else {
    static ServerEnd server;
    server.send(parts);
  }
  return 0;
}
