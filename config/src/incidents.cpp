// SPDX-License-Identifier: Apache-2.0
// The incidents section: the categories operators file manual incidents under.
#include <algorithm>

#include "sections.hpp"

namespace cctv::config::detail {
namespace {

const Keys kIncidentsKeys = {"categories"};

// Called when the section has a 'categories' field.
std::vector<std::string> read_categories(const MapReader& r) {
  const YAML::Node node = *r.get("categories");
  const std::vector<YAML::Node> items = r.list("categories", "categories");
  if (items.empty() && (node.IsNull() || node.IsSequence())) {
    r.error(node,
            "'categories' is empty; list at least one, e.g. categories: [ASB, violence, other]");
  }
  std::vector<std::string> categories;
  std::vector<int> lines;  // where each was first listed
  for (const YAML::Node& item : items) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      r.error(item, "'categories' has " + describe(item) +
                        "; each category is a name, e.g. street drinking");
      continue;
    }
    const auto first = std::find(categories.begin(), categories.end(), item.Scalar());
    if (first != categories.end()) {
      const int line = lines[static_cast<std::size_t>(first - categories.begin())];
      r.error(item, "category '" + item.Scalar() + "' is already listed at line " +
                        std::to_string(line) + "; list each category once");
      continue;
    }
    categories.push_back(item.Scalar());
    lines.push_back(line_of(item.Mark()));
  }
  return categories;
}

}  // namespace

Incidents read_incidents(const MapReader& r) {
  Incidents incidents;
  r.check_keys(kIncidentsKeys);
  if (r.get("categories")) incidents.categories = read_categories(r);
  return incidents;
}

}  // namespace cctv::config::detail
