// SPDX-License-Identifier: Apache-2.0
// `cctv user add NAME --role ROLE --data DIR [--password-stdin]`, `cctv user list --data DIR`:
// console accounts. The password is read from standard input (never from the command line,
// where other users could see it in the process list); on a terminal it is not echoed.
#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cctv/storage/users.hpp"
#include "cctv/storage/audit_log.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "cctv/node/data_layout.hpp"

namespace cctv::app {
namespace {

struct UserOptions {
  StoreOptions store;
  std::string name;
  std::string role;
  bool password_stdin = false;  // a script pipes it in: no prompt even on a terminal
};

std::string read_password(bool prompt) {
  const bool terminal = prompt && isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    std::cerr << "password: " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << '\n';
  }
  return password;
}

int add(const UserOptions& o) {
  const auto role = storage::parse_role(o.role);
  if (!role) {
    std::cerr << "unknown role '" << o.role << "'; use one of " << storage::kRoleNames << '\n';
    return kExitInvalidInput;
  }
  if (o.store.database.empty()) std::filesystem::create_directories(o.store.data_dir);
  const std::string db = store_location(o.store);
  try {
    storage::UserStore(db).add(o.name, *role, read_password(!o.password_stdin));
  } catch (const storage::UserError& e) {
    std::cerr << e.what() << '\n';
    return kExitInvalidInput;
  }
  storage::AuditLog(db).append("cli", "user.add", o.name, nlohmann::json{{"role", o.role}}.dump());
  std::cout << "user " << o.name << " (" << o.role << ") added\n";
  return kExitOk;
}

int list(const UserOptions& o) {
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  for (const storage::User& u : storage::UserStore(*db).list()) {
    std::cout << u.name << "  " << storage::to_string(u.role) << "  since " << format_utc(u.created_at) << '\n';
  }
  return kExitOk;
}

}  // namespace

void add_user_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<UserOptions>();
  auto* cmd = app.add_subcommand("user", "Console user accounts");
  cmd->require_subcommand(1);
  auto* add_cmd = cmd->add_subcommand("add", "Add a user; the password is read from standard input");
  add_cmd->add_option("name", opts->name, "User name")->required();
  add_cmd->add_option("--role", opts->role, std::string("One of ") + storage::kRoleNames)->required();
  add_store_options(add_cmd, opts->store, "Data directory");
  add_cmd->add_flag("--password-stdin", opts->password_stdin, "Read the password from standard input (the default; for scripts)");
  add_cmd->callback([opts, &exit_code] { exit_code = add(*opts); });
  auto* list_cmd = cmd->add_subcommand("list", "List users");
  add_store_options(list_cmd, opts->store, "Data directory");
  list_cmd->callback([opts, &exit_code] { exit_code = list(*opts); });
}

}  // namespace cctv::app
