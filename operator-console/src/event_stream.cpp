// SPDX-License-Identifier: Apache-2.0
#include "console_state.hpp"

namespace cctv::console {

void serve_event_stream(ConsoleState& state, const Session& s, httplib::Response& res,
                        std::function<std::string(std::size_t offset)> next) {
  const StreamSlots::Slot slot = state.streams.open(s.token_hash);
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider("text/event-stream",
                                   [&state, slot, session = s, next = std::move(next),
                                    next_check = std::chrono::steady_clock::time_point{}](
                                       std::size_t offset, httplib::DataSink& sink) mutable {
                                     if (state.stopping || !sink.is_writable()) return false;
                                     if (!state.still_live(session, next_check))
                                       return false;  // logged out
                                     const std::string chunk = next(offset);
                                     return chunk.empty() || sink.write(chunk.data(), chunk.size());
                                   });
}

}  // namespace cctv::console
