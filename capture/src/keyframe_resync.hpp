// SPDX-License-Identifier: Apache-2.0
// Private: after a gap in an encoded stream (the analytics queue leaked frames because decoding
// fell behind, or packets were lost), the frames that refer to the missing ones decode into
// smeared pictures until the next keyframe, and analytics would see the smears as motion and
// people. This drops them before the decoder instead, counted as dropped frames.
#pragma once

#include <gst/gst.h>

#include <atomic>
#include <cstdint>

namespace cctv::capture {

// How long at most a stream waits for a keyframe after a gap. Cameras that never send one
// (intra refresh) mend their pictures within a refresh period, and a camera with a very long
// keyframe interval should not go unwatched for all of it.
inline constexpr GstClockTime kMaxKeyframeWait = 5 * GST_SECOND;

// On `decoder_sink`: a delta frame flagged DISCONT (GstQueue flags the first buffer after a
// leak, depayloaders the first after lost packets) starts a wait during which delta frames are
// dropped (and counted in `dropped`) until a keyframe, or until kMaxKeyframeWait of stream time
// has passed.
void add_keyframe_resync(GstPad* decoder_sink, std::atomic<std::uint64_t>& dropped);

}  // namespace cctv::capture
