// SPDX-License-Identifier: Apache-2.0
// Private: checks shared by the evaluation scores.
#pragma once

#include <stdexcept>
#include <string>

#include "cctv/analytics/evaluation.hpp"

namespace cctv::analytics {

// Frame k of the truth is frame k of the prediction, so both must be equally long.
inline void check_lengths(const TrackSequence& truth, const TrackSequence& predicted) {
  if (truth.size() != predicted.size()) {
    throw std::invalid_argument("evaluation: ground truth has " + std::to_string(truth.size()) +
                                " frames but the prediction " + std::to_string(predicted.size()));
  }
}

}  // namespace cctv::analytics
