// SPDX-License-Identifier: Apache-2.0
// Private: the bits of libavformat/libavcodec the clip code shares.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <chrono>
#include <cstdint>
#include <memory>
#include <new>
#include <string>

#include "cctv/common/time.hpp"

namespace cctv::storage::av {

struct PacketFree {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
using PacketPtr = std::unique_ptr<AVPacket, PacketFree>;

inline PacketPtr new_packet() {
  AVPacket* p = av_packet_alloc();
  if (!p) throw std::bad_alloc();
  return PacketPtr(p);
}

// Timestamps inside the clip code: microseconds (UTC since the epoch, or since the clip start).
inline constexpr AVRational kMicros{1, 1000000};

inline std::int64_t to_micros(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

inline Timestamp from_micros(std::int64_t us) {
  return Timestamp(std::chrono::duration_cast<Millis>(std::chrono::microseconds(us)));
}

inline std::string error_text(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

}  // namespace cctv::storage::av
