// SPDX-License-Identifier: Apache-2.0
// libFuzzer: the event's JSON codec (common/src/event_json.cpp), which every node runs on what
// arrives from the bus and the replay socket. Properties: bad input is an EventDecodeError and
// nothing else; an event that decodes encodes and decodes back to itself.
#include "cctv/common/event.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cctv::Event event;
  try {
    event = cctv::event_from_json(cctv::fuzz::as_text(data, size));
  } catch (const cctv::EventDecodeError&) {
    return 0;  // refused with a reason: what the contract promises
  }
  const std::string json = cctv::to_json(event);
  cctv::Event again;
  try {
    again = cctv::event_from_json(json);
  } catch (const cctv::EventDecodeError& e) {
    cctv::fuzz::expect(false, "an encoded event decodes", e.what());
  }
  cctv::fuzz::expect(again == event, "an event survives encoding and decoding", json);
  return 0;
}
