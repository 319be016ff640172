// SPDX-License-Identifier: Apache-2.0
// Analytics give way to capture and recording when the cores are busy: the threads that decode
// for analytics, run motion and run detectors lower their own priority; those that receive
// and record the cameras' streams keep the normal one.
#pragma once

namespace cctv {

inline constexpr int kAnalyticsNice = 10;

// Sets the calling thread's nice value (Linux threads have their own); only lowers it. False
// when the system refused.
bool lower_this_thread(int nice = kAnalyticsNice);

}  // namespace cctv
