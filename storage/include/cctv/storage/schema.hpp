// SPDX-License-Identifier: Apache-2.0
// The store's schema version. Opening a store brings it to this version by forward migrations
// (a store of an earlier release is upgraded in place); a store written by a later release is
// refused, since this one would not know what its new columns mean.
#pragma once

#include <stdexcept>
#include <string>

namespace cctv::storage {

inline constexpr int kSchemaVersion = 6;

// How a storage object opens the store. The store node writes and migrates it; every other
// process (a console) only reads, from a store the store node has already brought to this
// version, so each database has one writer.
enum class Access { write, read };

// A store this release cannot open (newer; or, for a reader, not yet migrated): what() names
// the file, both versions and what to do.
class SchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The version of the store at `db_path` (0: created before versions were recorded).
int schema_version(const std::string& db_path);

}  // namespace cctv::storage
