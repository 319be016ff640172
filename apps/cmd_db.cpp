// SPDX-License-Identifier: Apache-2.0
// `cctv db migrate --from sqlite:DIR/cctv.db --to postgresql://...`: the embedded store copied
// into PostgreSQL (storage/store_copy.hpp), with progress; safe to run again.
#include <filesystem>
#include <iostream>
#include <memory>

#include "cctv/common/sql.hpp"
#include "cctv/storage/store_copy.hpp"
#include "commands.hpp"

namespace cctv::app {
namespace {

struct MigrateOptions {
  std::string from, to;
};

int migrate(const MigrateOptions& o) {
  const std::string from = o.from.starts_with("sqlite:") ? o.from.substr(7) : o.from;
  if (sql::is_postgresql_url(from) || !std::filesystem::exists(from)) {
    std::cerr << "--from '" << o.from << "' is not an SQLite store; write sqlite:DIR/cctv.db\n";
    return kExitInvalidInput;
  }
  if (!sql::is_postgresql_url(o.to)) {
    std::cerr << "--to '" << o.to << "' is not a PostgreSQL URL; write postgresql://user@host/db "
              << "(password in PGPASSWORD or ~/.pgpass)\n";
    return kExitInvalidInput;
  }
  const auto report = storage::copy_store(
      from, o.to, [](const std::string& table, std::int64_t done, std::int64_t all) {
        std::cout << table << ": " << done << " of " << all << " rows\n" << std::flush;
      });
  for (const auto& t : report.tables) {
    std::cout << t.table << ": " << t.rows << " rows, " << t.copied << " new in "
              << sql::shown_location(o.to) << '\n';
  }
  for (const auto& p : report.audit_problems) std::cout << "audit " << p << '\n';
  if (!report.audit_problems.empty()) {
    std::cout << "the copied audit chain does NOT verify\n";
    return kExitFailure;
  }
  std::cout << "copied; the audit chain verifies in " << sql::shown_location(o.to) << '\n';
  return kExitOk;
}

}  // namespace

void add_db_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<MigrateOptions>();
  auto* db = app.add_subcommand("db", "The store's database");
  db->require_subcommand(1);
  auto* cmd = db->add_subcommand(
      "migrate", "Copy an embedded (SQLite) store into PostgreSQL; run again to copy what is new");
  cmd->add_option("--from", opts->from, "sqlite:DIR/cctv.db")->required();
  cmd->add_option("--to", opts->to, "postgresql://user@host/db")->required();
  cmd->callback([opts, &exit_code] { exit_code = migrate(*opts); });
}

}  // namespace cctv::app
