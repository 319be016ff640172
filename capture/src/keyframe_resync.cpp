// SPDX-License-Identifier: Apache-2.0
#include "keyframe_resync.hpp"

#include "gst_util.hpp"

namespace cctv::capture {

void add_keyframe_resync(GstPad* decoder_sink, std::atomic<std::uint64_t>& dropped) {
  probe_buffers(decoder_sink, [&dropped, waiting = false, since = GST_CLOCK_TIME_NONE](
                                  GstBuffer* buffer, GstClockTime rt) mutable {
    const bool delta = GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
    if (!delta) {
      waiting = false;
      return true;
    }
    if (!waiting && GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DISCONT)) {
      waiting = true;
      since = rt;
    }
    const bool waited_enough = GST_CLOCK_TIME_IS_VALID(since) && GST_CLOCK_TIME_IS_VALID(rt) &&
                               rt >= since + kMaxKeyframeWait;
    if (waiting && waited_enough) waiting = false;
    if (waiting) dropped.fetch_add(1);
    return !waiting;
  });
}

}  // namespace cctv::capture
