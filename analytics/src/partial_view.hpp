// SPDX-License-Identifier: Apache-2.0
// Private: a detection that shows only part of a person the tracker expects (the rest behind
// a pillar, a sign, a parked car or another person), and the whole person it implies.
#pragma once

#include "cctv/common/geometry.hpp"

namespace cctv::analytics {

// True when at least `share` (0..1) of `inner` lies inside `outer`.
bool lies_within(const Box& inner, const Box& outer, double share);

// True when `seen` lies mostly inside `expected` and is markedly shorter or narrower than it.
bool is_partial_view(const Box& expected, const Box& seen);

// `expected`'s size, moved the least that puts `seen` inside it: where the whole person is.
Box whole_person(const Box& expected, const Box& seen);

}  // namespace cctv::analytics
