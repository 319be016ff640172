// SPDX-License-Identifier: Apache-2.0
// Private: unique ids (sites, cameras, zones, user names) and references between sections.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "yaml_reader.hpp"

namespace cctv::config::detail {

class IdRegistry {
 public:
  // `kind` names an entry in messages ("camera"); `field` is the key that identifies it.
  explicit IdRegistry(std::string kind, std::string field = "id");

  const std::string& kind() const { return kind_; }
  const std::string& field() const { return field_; }
  bool contains(const std::string& value) const;

  // Records `value`, read from `owner`; a repeat is reported at `at`, naming the first's line.
  void add(const MapReader& owner, const std::string& value, const YAML::Node& at);
  // Reports `value`, read from `key` of `owner`, when no entry has it.
  void check_reference(const MapReader& owner, std::string_view key,
                       const std::string& value) const;

 private:
  std::string kind_;
  std::string field_;
  std::vector<std::string> values_;
  std::vector<int> lines_;
};

// Reads the required identifying field of `owner`, checks its spelling (ids only: letters,
// digits, '-' and '_', since ids appear in bus topics and URLs) and uniqueness, and renames
// the context to "<kind> '<value>'". False when the field is missing or unusable.
bool read_identity(MapReader& owner, IdRegistry& registry, std::string& out);

}  // namespace cctv::config::detail
