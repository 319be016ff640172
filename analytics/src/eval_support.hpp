// SPDX-License-Identifier: Apache-2.0
// Private: checks and text reading shared by the evaluation code.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "cctv/analytics/evaluation.hpp"

namespace cctv::analytics {

// Frame k of the truth is frame k of the prediction, so both must be equally long.
inline void check_lengths(const TrackSequence& truth, const TrackSequence& predicted) {
  if (truth.size() != predicted.size()) {
    throw std::invalid_argument("evaluation: ground truth has " + std::to_string(truth.size()) +
                                " frames but the prediction " + std::to_string(predicted.size()));
  }
}

// The first line of `text` (without its '\n'), which is removed from `text`.
inline std::string_view next_line(std::string_view& text) {
  const std::size_t nl = text.find('\n');
  const std::string_view line = text.substr(0, nl);
  text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  return line;
}

}  // namespace cctv::analytics
