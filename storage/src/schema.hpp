// SPDX-License-Identifier: Apache-2.0
// Private: every storage class opens its connection through this, so that whichever opens the
// store first brings it to the current schema (schema.cpp holds every table of the database).
#pragma once

#include "cctv/common/sqlite.hpp"
#include "cctv/storage/schema.hpp"

namespace cctv::storage {

// Migrates `db` to kSchemaVersion (cheap when it is there). Throws SchemaError for a newer store.
void migrate(sql::Database& db);

}  // namespace cctv::storage
