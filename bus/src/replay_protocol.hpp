// SPDX-License-Identifier: Apache-2.0
// Private: the replay socket's wire format, shared by ReplayServer (ROUTER, in each
// publishing node) and ReplayClient (DEALER, in each reliable subscriber).
//
//   client -> server  [rid, "FETCH", source, from, to, limit]
//                     [rid, "ACK", source, consumer, seq]
//   server -> client  [rid, "EVENTS", first_seq, last_seq, event-json...]   (answers FETCH)
//                     [rid, "OK"]                                           (answers ACK)
//                     [rid, "ERROR", message]
// rid is the client's request number; a client drops answers to requests it gave up on.
// The ROUTER prepends/strips the client's identity frame on its side.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <zmq.hpp>

namespace cctv::bus::replay {

inline constexpr std::string_view kFetch = "FETCH";
inline constexpr std::string_view kAck = "ACK";
inline constexpr std::string_view kEvents = "EVENTS";
inline constexpr std::string_view kOk = "OK";
inline constexpr std::string_view kError = "ERROR";
inline constexpr std::size_t kMaxBatch = 1000;  // events per EVENTS answer, whatever is asked

using Frames = std::vector<zmq::message_t>;

// A decimal seq/limit frame; throws std::invalid_argument naming `what` otherwise.
std::uint64_t parse_number(const zmq::message_t& frame, std::string_view what);

// Sends frames as one multipart message without blocking; false when the socket would block.
bool send_all(zmq::socket_t& socket, Frames& frames);

zmq::message_t frame(std::string_view text);
zmq::message_t frame(std::uint64_t number);

}  // namespace cctv::bus::replay
