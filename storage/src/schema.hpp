// SPDX-License-Identifier: Apache-2.0
// Private: every storage class opens its connection through this, so that the writer that opens
// the store first brings it to the current schema (schema.cpp holds every table of the
// database), and a reader never changes it.
#pragma once

#include "cctv/common/sql.hpp"
#include "cctv/storage/schema.hpp"

namespace cctv::storage {

// How to open the file: a reader's connection is read-only (SQLite refuses any write on it).
sql::OpenOptions open_options(Access access, sql::Sync sync = sql::Sync::normal);

// write: migrates `db` to kSchemaVersion (cheap when it is there). read: checks it is there.
// Throws SchemaError for a newer store, or an older one opened for reading.
void prepare_schema(sql::Database& db, Access access = Access::write);

}  // namespace cctv::storage
