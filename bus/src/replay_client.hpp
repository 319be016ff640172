// SPDX-License-Identifier: Apache-2.0
// Private: asks one source's replay socket for events and sends it acknowledgements
// (replay_protocol.hpp). A request that gets no answer in time is given up and the socket is
// replaced, so a dead or restarted publisher never wedges the subscriber.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "cctv/common/event.hpp"

namespace cctv::bus {

struct ReplayBatch {
  std::vector<Event> events;    // ascending seq
  std::uint64_t first_seq = 1;  // oldest seq the source still holds
  std::uint64_t last_seq = 0;   // newest seq the source has
  std::size_t undecodable = 0;  // payloads dropped because they did not decode (logged)
};

class ReplayClient {
 public:
  ReplayClient(zmq::context_t& ctx, std::string endpoint, std::chrono::milliseconds timeout);

  const std::string& endpoint() const { return endpoint_; }

  // Events of `source` with from <= seq <= to, at most `limit`. nullopt when the source did not
  // answer in time or answered with an error (both logged).
  std::optional<ReplayBatch> fetch(const std::string& source, std::uint64_t from, std::uint64_t to,
                                   std::size_t limit);

  // Tells the source that `consumer` holds everything up to `seq`. Does not wait: a lost
  // acknowledgement is covered by the next one.
  void acknowledge(const std::string& source, const std::string& consumer, std::uint64_t seq);

 private:
  void reconnect();
  void discard_answers();
  std::optional<std::vector<zmq::message_t>> await(const std::string& rid);

  zmq::context_t& ctx_;
  std::string endpoint_;
  std::chrono::milliseconds timeout_;
  zmq::socket_t socket_;
  std::uint64_t next_request_ = 1;
};

}  // namespace cctv::bus
