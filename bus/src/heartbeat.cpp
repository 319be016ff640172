// SPDX-License-Identifier: Apache-2.0
#include "cctv/bus/heartbeat.hpp"

#include <nlohmann/json.hpp>

#include "cctv/common/event.hpp"

namespace cctv::bus {

std::string to_json(const Heartbeat& hb) {
  return nlohmann::json{{"schema", Heartbeat::kSchemaVersion},
                        {"source", hb.source},
                        {"last_seq", hb.last_seq},
                        {"replay", hb.replay}}
      .dump();
}

Heartbeat heartbeat_from_json(std::string_view json) {
  const auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    throw EventDecodeError("heartbeat is not a JSON object");
  }
  auto field = [&](const char* key, auto check) {
    if (!doc.contains(key) || !check(doc[key])) {
      throw EventDecodeError(std::string("heartbeat field '") + key + "' is missing or invalid");
    }
    return doc[key];
  };
  if (field("schema", [](const auto& v) { return v.is_number_integer(); }).template get<int>() !=
      Heartbeat::kSchemaVersion) {
    throw EventDecodeError("heartbeat field 'schema': unsupported schema version");
  }
  Heartbeat hb;
  hb.source =
      field("source", [](const auto& v) { return v.is_string(); }).template get<std::string>();
  hb.last_seq = field("last_seq", [](const auto& v) {
                  return v.is_number_unsigned();
                }).template get<std::uint64_t>();
  hb.replay =
      field("replay", [](const auto& v) { return v.is_string(); }).template get<std::string>();
  return hb;
}

}  // namespace cctv::bus
