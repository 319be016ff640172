// SPDX-License-Identifier: Apache-2.0
// `cctv report ljag --data DIR --cluster NAME --month YYYY-MM --out DIR`: the monthly LJAG pack
// as HTML with its PNGs, and as PDF where a converter (chromium, wkhtmltopdf) is installed.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cctv/reports/ljag_pack.hpp"
#include "cctv/storage/audit_log.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "cctv/node/data_layout.hpp"

extern char** environ;

namespace cctv::app {
namespace {

struct ReportOptions {
  StoreOptions store;
  std::string cluster, month, out_dir;
  std::string actor = "cli";
  bool exact = false;  // no "<5" suppression: for the control room only
  bool pdf = true;
};

std::optional<std::filesystem::path> on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const auto candidate = std::filesystem::path(dir) / name;
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

int run_quietly(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Prints the PDF's path, or why there is none; never fails the report.
void write_pdf(const std::filesystem::path& html) {
  const auto pdf = std::filesystem::path(html).replace_extension(".pdf");
  std::vector<std::string> args;
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    if (const auto exe = on_path(name)) {
      args = {"timeout",
              "120",
              exe->string(),
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--no-pdf-header-footer",
              "--print-to-pdf=" + pdf.string(),
              "file://" + std::filesystem::absolute(html).string()};
      break;
    }
  }
  if (args.empty()) {
    if (const auto exe = on_path("wkhtmltopdf")) {
      args = {"timeout",     "120",       exe->string(), "--enable-local-file-access",
              html.string(), pdf.string()};
    }
  }
  if (args.empty()) {
    std::cout << "no PDF: no converter installed (chromium or wkhtmltopdf)\n";
    return;
  }
  if (run_quietly(args) == 0 && std::filesystem::exists(pdf)) {
    std::cout << pdf.string() << '\n';
  } else {
    std::cout << "no PDF: " << args[2] << " could not convert the report\n";
  }
}

int ljag(const ReportOptions& o) {
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  reports::LjagPack pack;
  try {
    pack = reports::build_ljag_pack(
        {.db_path = *db, .cluster = o.cluster, .month = o.month, .suppress = !o.exact});
  } catch (const std::invalid_argument& e) {
    std::cerr << "--" << e.what() << '\n';
    return kExitInvalidInput;
  }
  const reports::PackFiles files = reports::write_ljag_pack(pack, o.out_dir);
  storage::AuditLog(*db).append(
      o.actor, "report.ljag", files.html.string(),
      nlohmann::json{{"cluster", o.cluster}, {"month", o.month}, {"suppressed", !o.exact}}.dump());
  std::cout << files.html.string() << '\n';
  for (const auto& image : files.images) std::cout << image.string() << '\n';
  if (o.pdf) write_pdf(files.html);
  return kExitOk;
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ReportOptions>();
  auto* report = app.add_subcommand("report", "Reports from the incident log");
  report->require_subcommand(1);
  auto* cmd = report->add_subcommand("ljag", "The monthly LJAG tasking pack (HTML, PNG, PDF)");
  add_store_options(cmd, o->store);
  cmd->add_option("--cluster", o->cluster, "LJAG cluster, e.g. Harlesden (default: every cluster)");
  cmd->add_option("--month", o->month, "Month, YYYY-MM (Europe/London)")->required();
  cmd->add_option("--out", o->out_dir, "Directory to write the pack into")->required();
  cmd->add_flag("--exact", o->exact,
                "Exact counts (no <5 suppression): not for sharing outside the control room");
  cmd->add_flag("!--no-pdf", o->pdf, "Skip the PDF even when a converter is installed");
  cmd->add_option("--as", o->actor, "Who is doing this (recorded in the audit log)")
      ->capture_default_str();
  cmd->callback([o, &exit_code] { exit_code = ljag(*o); });
}

}  // namespace cctv::app
