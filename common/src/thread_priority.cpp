// SPDX-License-Identifier: Apache-2.0
#include "cctv/common/thread_priority.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>

namespace cctv {

bool lower_this_thread(int nice) {
  errno = 0;
  const int now = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
  if (errno != 0) return false;
  if (now >= nice) return true;
  return ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), nice) == 0;
}

}  // namespace cctv
