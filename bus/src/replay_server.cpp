// SPDX-License-Identifier: Apache-2.0
#include "replay_server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <zmq_addon.hpp>

#include "bind.hpp"
#include "sockets.hpp"

namespace cctv::bus {
namespace {

constexpr int kHighWaterMark = 1000;  // answers queued per client before the ROUTER drops

void check_source(const Outbox& outbox, const zmq::message_t& frame) {
  if (frame.to_string_view() != outbox.source()) {
    throw std::invalid_argument("replay: this socket serves source '" + outbox.source() +
                                "', not '" + frame.to_string() + "'");
  }
}

}  // namespace

ReplayServer::ReplayServer(zmq::context_t& ctx, const std::string& endpoint, Outbox& outbox)
    : socket_(ctx, zmq::socket_type::router), outbox_(outbox) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.set(zmq::sockopt::sndhwm, kHighWaterMark);
  bind_or_throw(socket_, "replay socket of '" + outbox.source() + "' cannot bind", endpoint);
  endpoint_ = socket_.get(zmq::sockopt::last_endpoint);
}

void ReplayServer::serve(std::chrono::milliseconds timeout) {
  if (!readable(socket_, timeout)) return;
  for (;;) {
    replay::Frames request;
    if (!zmq::recv_multipart(socket_, std::back_inserter(request), zmq::recv_flags::dontwait)) {
      return;
    }
    answer(request);
  }
}

// request: [identity, rid, verb, args...]. Anything too short to answer is dropped.
void ReplayServer::answer(replay::Frames& request) {
  if (request.size() < 3) return;
  replay::Frames reply;
  reply.push_back(std::move(request[0]));
  reply.push_back(std::move(request[1]));
  const std::string_view verb = request[2].to_string_view();
  try {
    if (verb == replay::kFetch) {
      fetch(request, reply);
    } else if (verb == replay::kAck) {
      acknowledge(request, reply);
    } else {
      throw std::invalid_argument("replay: unknown request '" + std::string(verb) + "'");
    }
  } catch (const std::exception& e) {
    reply.resize(2);
    reply.push_back(replay::frame(replay::kError));
    reply.push_back(replay::frame(std::string_view(e.what())));
    spdlog::warn("[replay {}] {}", outbox_.source(), e.what());
  }
  replay::send_all(socket_, reply);  // a client that went away loses its answer, nothing else
}

// [.., "FETCH", source, from, to, limit]
void ReplayServer::fetch(const replay::Frames& request, replay::Frames& reply) {
  if (request.size() != 7) throw std::invalid_argument("replay: FETCH takes 4 arguments");
  check_source(outbox_, request[3]);
  const auto from = replay::parse_number(request[4], "from");
  const auto to = replay::parse_number(request[5], "to");
  const auto limit =
      std::min<std::uint64_t>(replay::parse_number(request[6], "limit"), replay::kMaxBatch);
  OutboxRange range = outbox_.read(from, to, limit);
  reply.push_back(replay::frame(replay::kEvents));
  reply.push_back(replay::frame(range.first_seq));
  reply.push_back(replay::frame(range.last_seq));
  for (const std::string& payload : range.payloads) reply.push_back(replay::frame(payload));
}

// [.., "ACK", source, consumer, seq]
void ReplayServer::acknowledge(const replay::Frames& request, replay::Frames& reply) {
  if (request.size() != 6) throw std::invalid_argument("replay: ACK takes 3 arguments");
  check_source(outbox_, request[3]);
  outbox_.acknowledge(request[4].to_string(), replay::parse_number(request[5], "seq"));
  reply.push_back(replay::frame(replay::kOk));
}

}  // namespace cctv::bus
