// SPDX-License-Identifier: Apache-2.0
// libFuzzer: the parsers of times people type or send: parse_user_time (command-line --from/--to,
// Europe/London wall-clock times), parse_utc (the wire and the console's query strings) and
// parse_london_month (report months). Properties: a time or an error, never both; whatever
// parses as a time formats and parses back to the same instant.
#include <chrono>

#include "cctv/common/time.hpp"
#include "fuzz_support.hpp"

namespace {

using cctv::fuzz::expect;

// Fixed, so that a crash replays: 2026-11-23T10:25:00Z.
const cctv::Timestamp kNow{std::chrono::milliseconds(1'795'429'500'000)};

void expect_round_trip(cctv::Timestamp t) {
  const std::string text = cctv::format_utc(t);
  expect(cctv::parse_utc(text) == t, "format_utc then parse_utc gives the instant back", text);
  expect(!cctv::format_london(t).empty(), "format_london formats every accepted instant");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = cctv::fuzz::as_text(data, size);
  const cctv::UserTime user = cctv::parse_user_time(text, kNow);
  expect(user.time.has_value() != !user.error.empty(), "a user time is a time or an error");
  if (user.time) expect_round_trip(*user.time);
  if (const auto utc = cctv::parse_utc(text)) expect_round_trip(*utc);
  if (const auto month = cctv::parse_london_month(text)) {
    expect(month->first < month->second, "a month starts before the next one does");
    expect(cctv::london_month(month->first) == text, "a month's first instant is in it", text);
  }
  return 0;
}
