// SPDX-License-Identifier: Apache-2.0
#include "replay_client.hpp"

#include <spdlog/spdlog.h>

#include <iterator>
#include <stdexcept>
#include <utility>
#include <zmq_addon.hpp>

#include "replay_protocol.hpp"
#include "sockets.hpp"

namespace cctv::bus {
namespace {

constexpr int kSendHighWaterMark = 100;  // requests queued toward an unreachable source

ReplayBatch decode_events(replay::Frames& answer) {
  ReplayBatch batch;
  batch.first_seq = replay::parse_number(answer[2], "first_seq");
  batch.last_seq = replay::parse_number(answer[3], "last_seq");
  for (std::size_t i = 4; i < answer.size(); ++i) {
    try {
      batch.events.push_back(event_from_json(answer[i].to_string_view()));
    } catch (const EventDecodeError& e) {
      ++batch.undecodable;
      spdlog::error("[replay] dropped an event that does not decode: {}", e.what());
    }
  }
  return batch;
}

}  // namespace

ReplayClient::ReplayClient(zmq::context_t& ctx, std::string endpoint,
                           std::chrono::milliseconds timeout)
    : ctx_(ctx), endpoint_(std::move(endpoint)), timeout_(timeout) {
  reconnect();
}

void ReplayClient::reconnect() {
  socket_ = connected_dealer(ctx_, endpoint_, kSendHighWaterMark);
}

// Answers to acknowledgements and to requests given up on.
void ReplayClient::discard_answers() {
  replay::Frames stale;
  while (zmq::recv_multipart(socket_, std::back_inserter(stale), zmq::recv_flags::dontwait)) {
    stale.clear();
  }
}

// The answer to request `rid` ([rid, status, ...]), or nullopt after the timeout.
std::optional<replay::Frames> ReplayClient::await(const std::string& rid) {
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !readable(socket_, left)) break;
    replay::Frames answer;
    if (!zmq::recv_multipart(socket_, std::back_inserter(answer), zmq::recv_flags::dontwait)) {
      continue;
    }
    if (answer.size() >= 2 && answer[0].to_string_view() == rid) return answer;
  }
  reconnect();  // the lazy pirate: a fresh socket, so nothing stale is queued behind us
  return std::nullopt;
}

std::optional<ReplayBatch> ReplayClient::fetch(const std::string& source, std::uint64_t from,
                                               std::uint64_t to, std::size_t limit) {
  discard_answers();
  const std::string rid = std::to_string(next_request_++);
  replay::Frames request;
  request.push_back(replay::frame(rid));
  request.push_back(replay::frame(replay::kFetch));
  request.push_back(replay::frame(source));
  request.push_back(replay::frame(from));
  request.push_back(replay::frame(to));
  request.push_back(replay::frame(static_cast<std::uint64_t>(limit)));
  if (!replay::send_all(socket_, request)) {
    reconnect();
    return std::nullopt;
  }
  auto answer = await(rid);
  if (!answer) {
    spdlog::warn("[replay] {} did not answer within {} ms", endpoint_, timeout_.count());
    return std::nullopt;
  }
  const std::string_view status = (*answer)[1].to_string_view();
  try {
    if (status == replay::kEvents && answer->size() >= 4) return decode_events(*answer);
  } catch (const std::invalid_argument& e) {
    spdlog::error("[replay] {} sent a malformed answer: {}", endpoint_, e.what());
    return std::nullopt;
  }
  const std::string detail = answer->size() >= 3 ? (*answer)[2].to_string() : std::string();
  spdlog::error("[replay] {} refused to replay {} {}..{}: {} {}", endpoint_, source, from, to,
                status, detail);
  return std::nullopt;
}

void ReplayClient::acknowledge(const std::string& source, const std::string& consumer,
                               std::uint64_t seq) {
  discard_answers();
  replay::Frames request;
  request.push_back(replay::frame(std::to_string(next_request_++)));
  request.push_back(replay::frame(replay::kAck));
  request.push_back(replay::frame(source));
  request.push_back(replay::frame(consumer));
  request.push_back(replay::frame(seq));
  replay::send_all(socket_, request);
}

}  // namespace cctv::bus
