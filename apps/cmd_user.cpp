// SPDX-License-Identifier: Apache-2.0
// `cctv user add|list|disable|enable|remove|reset-password|unlock|sessions|revoke`: console
// accounts and their sessions, each change audited (storage::UserAdmin). A password is read from
// standard input (never from the command line, where other users could see it in the process
// list); on a terminal it is not echoed.
#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cctv/storage/user_admin.hpp"
#include "command_support.hpp"
#include "commands.hpp"

namespace cctv::app {
namespace {

struct UserOptions {
  StoreOptions store;
  std::string name;
  std::string role;
  std::string session_id;
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

// One change to the store at `db`; it returns what to print. A refused change (no such user,
// weak password, ...) is its reason on stderr and exit code 2.
using Change = std::function<std::string(storage::UserAdmin&)>;

int apply_change(const std::string& db, const Change& change) {
  try {
    storage::UserAdmin admin(db, "cli");
    std::cout << change(admin) << '\n';
  } catch (const storage::UserError& e) {
    std::cerr << e.what() << '\n';
    return kExitInvalidInput;
  }
  return kExitOk;
}

int apply_to_existing(const UserOptions& o, const Change& change) {
  const auto db = existing_database(o.store);
  return db ? apply_change(*db, change) : kExitInvalidInput;
}

int add(const UserOptions& o) {
  const auto role = storage::parse_role(o.role);
  if (!role) {
    std::cerr << "unknown role '" << o.role << "'; use one of " << storage::kRoleNames << '\n';
    return kExitInvalidInput;
  }
  if (o.store.database.empty()) std::filesystem::create_directories(o.store.data_dir);
  return apply_change(store_location(o.store), [&](storage::UserAdmin& admin) {
    admin.add(o.name, *role, read_password(!o.password_stdin));
    return "user " + o.name + " (" + o.role + ") added";
  });
}

int list(const UserOptions& o) {
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  for (const storage::User& u : storage::UserStore(*db).list()) {
    std::cout << u.name << "  " << storage::to_string(u.role) << "  since "
              << format_london(u.created_at) << (u.disabled ? "  disabled" : "") << '\n';
  }
  return kExitOk;
}

int sessions(const UserOptions& o) {
  return apply_to_existing(o, [&](storage::UserAdmin& admin) {
    std::ostringstream out;
    out << std::left << std::setw(18) << "ID" << std::setw(16) << "USER" << std::setw(22)
        << "LOGGED IN (London)" << std::setw(22) << "LAST SEEN"
        << "ADDRESS";
    for (const storage::SessionInfo& s : admin.live_sessions(o.name)) {
      out << '\n'
          << std::setw(18) << s.id << std::setw(16) << s.user << std::setw(22)
          << format_london(s.created_at) << std::setw(22) << format_london(s.last_seen)
          << (s.client_address.empty() ? "-" : s.client_address);
    }
    return out.str();
  });
}

int revoke(const UserOptions& o) {
  if (o.session_id.empty() == o.name.empty()) {
    std::cerr << "give a session ID (from `cctv user sessions`) or --user NAME, not both\n";
    return kExitInvalidInput;
  }
  return apply_to_existing(o, [&](storage::UserAdmin& admin) {
    if (!o.name.empty()) {
      return std::to_string(admin.revoke_sessions_of(o.name)) + " session(s) of " + o.name +
             " ended";
    }
    if (admin.revoke_session(o.session_id) == 0) {
      throw storage::UserError("no open session " + o.session_id +
                               "; `cctv user sessions` lists them");
    }
    return "session " + o.session_id + " ended";
  });
}

// The subcommands that do one thing to one named account.
struct NamedChange {
  const char* name;
  const char* help;
  std::function<std::string(storage::UserAdmin&, const UserOptions&)> run;
};

const std::vector<NamedChange>& named_changes() {
  static const std::vector<NamedChange> changes = {
      {"disable", "Refuse the user's logins (like a wrong password) and end their sessions",
       [](storage::UserAdmin& a, const UserOptions& o) {
         a.disable(o.name);
         return "user " + o.name + " disabled; their sessions ended";
       }},
      {"enable", "Let a disabled user log in again",
       [](storage::UserAdmin& a, const UserOptions& o) {
         a.enable(o.name);
         return "user " + o.name + " enabled";
       }},
      {"remove", "Remove the user and end their sessions (the audit log keeps their rows)",
       [](storage::UserAdmin& a, const UserOptions& o) {
         a.remove(o.name);
         return "user " + o.name + " removed; their sessions ended";
       }},
      {"reset-password",
       "Set a new password, read from standard input, and end the user's sessions",
       [](storage::UserAdmin& a, const UserOptions& o) {
         a.reset_password(o.name, read_password(!o.password_stdin));
         return "password of " + o.name + " reset; their sessions ended";
       }},
      {"unlock", "Clear the failed logins counted against this name (its login delay)",
       [](storage::UserAdmin& a, const UserOptions& o) {
         return a.unlock(o.name) ? "failed logins of " + o.name + " cleared"
                                 : "no failed logins counted against " + o.name;
       }},
  };
  return changes;
}

void add_named_changes(CLI::App* cmd, const std::shared_ptr<UserOptions>& opts, int& exit_code) {
  for (const NamedChange& change : named_changes()) {
    auto* sub = cmd->add_subcommand(change.name, change.help);
    sub->add_option("name", opts->name, "User name")->required();
    add_store_options(sub, opts->store, "Data directory");
    if (std::string_view(change.name) == "reset-password") {
      sub->add_flag("--password-stdin", opts->password_stdin,
                    "Read the password from standard input (the default; for scripts)");
    }
    sub->callback([opts, &exit_code, run = change.run] {
      exit_code =
          apply_to_existing(*opts, [&](storage::UserAdmin& admin) { return run(admin, *opts); });
    });
  }
}

}  // namespace

void add_user_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<UserOptions>();
  auto* cmd = app.add_subcommand("user", "Console user accounts and sessions");
  cmd->require_subcommand(1);
  auto* add_cmd =
      cmd->add_subcommand("add", "Add a user; the password is read from standard input");
  add_cmd->add_option("name", opts->name, "User name")->required();
  add_cmd->add_option("--role", opts->role, std::string("One of ") + storage::kRoleNames)
      ->required();
  add_store_options(add_cmd, opts->store, "Data directory");
  add_cmd->add_flag("--password-stdin", opts->password_stdin,
                    "Read the password from standard input (the default; for scripts)");
  add_cmd->callback([opts, &exit_code] { exit_code = add(*opts); });
  auto* list_cmd = cmd->add_subcommand("list", "List users");
  add_store_options(list_cmd, opts->store, "Data directory");
  list_cmd->callback([opts, &exit_code] { exit_code = list(*opts); });
  add_named_changes(cmd, opts, exit_code);
  auto* sessions_cmd =
      cmd->add_subcommand("sessions", "List live console sessions (all, or NAME's)");
  sessions_cmd->add_option("name", opts->name, "Only this user's");
  add_store_options(sessions_cmd, opts->store, "Data directory");
  sessions_cmd->callback([opts, &exit_code] { exit_code = sessions(*opts); });
  auto* revoke_cmd = cmd->add_subcommand(
      "revoke", "End one session (ID from `cctv user sessions`) or all of --user NAME's");
  revoke_cmd->add_option("id", opts->session_id, "Session ID");
  revoke_cmd->add_option("--user", opts->name, "End all of this user's sessions");
  add_store_options(revoke_cmd, opts->store, "Data directory");
  revoke_cmd->callback([opts, &exit_code] { exit_code = revoke(*opts); });
}

}  // namespace cctv::app
