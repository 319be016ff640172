// SPDX-License-Identifier: Apache-2.0
#include "replay_protocol.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace cctv::bus::replay {

std::uint64_t parse_number(const zmq::message_t& frame, std::string_view what) {
  const std::string_view text = frame.to_string_view();
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument("replay: '" + std::string(what) + "' is not a number: '" +
                                std::string(text) + "'");
  }
  return value;
}

bool send_all(zmq::socket_t& socket, Frames& frames) {
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto more = i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none;
    if (!socket.send(frames[i], more | zmq::send_flags::dontwait)) return false;
  }
  return true;
}

zmq::message_t frame(std::string_view text) { return zmq::message_t(text.data(), text.size()); }

zmq::message_t frame(std::uint64_t number) { return frame(std::to_string(number)); }

}  // namespace cctv::bus::replay
