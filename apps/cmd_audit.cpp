// SPDX-License-Identifier: Apache-2.0
// `cctv audit verify|list --data DIR`: check the hash chain; show who did what.
#include <iostream>
#include <limits>

#include "cctv/storage/audit_log.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "cctv/node/data_layout.hpp"

namespace cctv::app {
namespace {

int verify(const StoreOptions& store) {
  const auto db = existing_database(store);
  if (!db) return kExitInvalidInput;
  storage::AuditLog log(*db);
  const auto problems = log.verify();
  for (const auto& p : problems) std::cout << "row " << p.seq << ": " << p.what << '\n';
  if (!problems.empty()) {
    std::cout << "audit log FAILED verification: " << problems.size() << " problem(s)\n";
    return kExitFailure;
  }
  const auto rows = log.list(0, std::numeric_limits<int>::max()).size();
  std::cout << "audit log OK: " << rows << " rows, chain intact\n";
  return kExitOk;
}

int list(const StoreOptions& store) {
  const auto db = existing_database(store);
  if (!db) return kExitInvalidInput;
  for (const auto& e : storage::AuditLog(*db).list(0, std::numeric_limits<int>::max())) {
    std::cout << e.seq << "  " << format_london(e.ts) << "  " << e.actor << "  " << e.action << "  " << e.target
              << "  " << e.details << '\n';
  }
  return kExitOk;
}

}  // namespace

void add_audit_command(CLI::App& app, int& exit_code) {
  auto store = std::make_shared<StoreOptions>();
  auto* audit = app.add_subcommand("audit", "The tamper-evident audit log");
  audit->require_subcommand(1);
  auto* v = audit->add_subcommand("verify", "Check every row's hash chain; exit 1 naming any broken row");
  auto* l = audit->add_subcommand("list", "Print the audit log, oldest first");
  for (auto* cmd : {v, l}) add_store_options(cmd, *store);
  v->callback([store, &exit_code] { exit_code = verify(*store); });
  l->callback([store, &exit_code] { exit_code = list(*store); });
}

}  // namespace cctv::app
