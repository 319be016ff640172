// SPDX-License-Identifier: Apache-2.0
// Private: a camera node's check of its own disk at start, before its cameras record again.
// A crash (SIGKILL, power loss) leaves the segment being written, and any whose announcement
// had not reached the outbox, on disk but never indexed: not clippable, not exportable, never
// deleted by retention. Those are the segments named after the camera's announced mark (only
// the newest when there is no mark yet); each is repaired and hashed (storage::recover_segment)
// and announced as recovered, so the store indexes it like any other and audits it.
#pragma once

#include <filesystem>
#include <string>

#include "event_dispatcher.hpp"

namespace cctv::node {

// Recovers and announces `camera`'s unannounced segments; one that cannot be is logged and left.
void recover_unannounced_segments(const std::filesystem::path& recordings_dir,
                                  const std::string& camera, EventDispatcher& dispatcher);

}  // namespace cctv::node
