// SPDX-License-Identifier: Apache-2.0
#include "ids.hpp"

#include <algorithm>
#include <cctype>

#include "suggest.hpp"

namespace cctv::config::detail {
namespace {

bool is_id_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

bool spelt_well(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), is_id_char);
}

// The id with every character it may not contain turned into '-'.
std::string respelt(std::string id) {
  std::replace_if(
      id.begin(), id.end(), [](char c) { return !is_id_char(c); }, '-');
  return id.empty() ? "my-id" : id;
}

}  // namespace

IdRegistry::IdRegistry(std::string kind, std::string field)
    : kind_(std::move(kind)), field_(std::move(field)) {}

bool IdRegistry::contains(const std::string& value) const {
  return std::find(values_.begin(), values_.end(), value) != values_.end();
}

void IdRegistry::add(const MapReader& owner, const std::string& value, const YAML::Node& at) {
  const auto first = std::find(values_.begin(), values_.end(), value);
  if (first != values_.end()) {
    const int line = lines_[static_cast<std::size_t>(first - values_.begin())];
    owner.error(at, field_ + " already used by the " + kind_ + " at line " + std::to_string(line) +
                        "; give each " + kind_ + " a unique " + field_);
    return;
  }
  values_.push_back(value);
  lines_.push_back(line_of(at.Mark()));
}

void IdRegistry::check_reference(const MapReader& owner, std::string_view key,
                                 const std::string& value) const {
  if (contains(value)) return;
  const std::string problem = "unknown " + kind_ + " '" + value + "'; ";
  const YAML::Node at = *owner.get(key);
  if (values_.empty()) {
    owner.error(at, problem + "no " + kind_ + "s are defined; add it under '" + kind_ + "s'");
  } else {
    owner.error(at, problem + hint(value, values_, "known " + kind_ + "s are "));
  }
}

bool read_identity(MapReader& owner, IdRegistry& registry, std::string& out) {
  std::string value;
  const std::string example = registry.field() + ": <unique " + registry.field() + ">";
  if (!owner.require(registry.field(), value, example)) return false;
  const YAML::Node at = *owner.get(registry.field());
  if (registry.field() == "id" && !spelt_well(value)) {
    owner.error(at, "id '" + value + "' may only contain letters, digits, '-' and '_'; e.g. '" +
                        respelt(value) + "'");
    return false;
  }
  owner.set_context(registry.kind() + " '" + value + "'");
  registry.add(owner, value, at);
  out = std::move(value);
  return true;
}

}  // namespace cctv::config::detail
