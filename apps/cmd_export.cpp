// SPDX-License-Identifier: Apache-2.0
// `cctv export --data DIR --camera ID [--camera ID2] --from T --to T --reference REF --out DIR`:
// an evidential export package (master, working copies, signed manifest; see
// storage/export_package.hpp) built headless, the same package the console builds for an
// approved police request. The footage goes under a legal hold; the export is audited.
#include <unistd.h>

#include <iostream>

#include "cctv/node/bus_setup.hpp"
#include "cctv/console/export_cameras.hpp"
#include "cctv/storage/export_job.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "cctv/node/data_layout.hpp"
#include "cctv/node/redacted_copy.hpp"

namespace cctv::app {
namespace {

struct ExportOptions {
  StoreOptions store;
  std::string config_file;
  std::string actor = "cli";
  std::vector<std::string> cameras;
  std::string from, to, reference, out;
  std::string officer, force, reason;
  bool redact = false;
  bool faces = false;
  std::vector<std::int64_t> keep_tracks;
};

// The window, or nullopt after saying what is wrong.
std::optional<std::pair<Timestamp, Timestamp>> window(const ExportOptions& o) {
  const Timestamp now = now_utc();
  const UserTime from = parse_user_time(o.from, now), to = parse_user_time(o.to, now);
  if (!from.time || !to.time) {
    std::cerr << (from.time ? "--to: " + to.error : "--from: " + from.error) << '\n';
    return std::nullopt;
  }
  if (*to.time <= *from.time) {
    std::cerr << "--to (" << format_london(*to.time) << ") must be after --from ("
              << format_london(*from.time) << ")\n";
    return std::nullopt;
  }
  return std::pair{*from.time, *to.time};
}

std::optional<std::vector<storage::ExportCamera>> cameras(
    const ExportOptions& o, const std::optional<config::Config>& config) {
  std::vector<storage::ExportCamera> out;
  for (const std::string& id : o.cameras) {
    if (!config) {
      out.push_back({.id = id});
      continue;
    }
    auto camera = console::export_camera(*config, id);
    if (!camera) {
      std::cerr << "--camera " << id << " is not a camera in " << o.config_file << '\n';
      return std::nullopt;
    }
    out.push_back(std::move(*camera));
  }
  return out;
}

// One line per stage on a pipe; a line redrawn in place on a terminal.
storage::ExportProgress progress_printer() {
  const bool terminal = isatty(STDERR_FILENO) != 0;
  return [terminal, last = -1](double done, std::string_view stage) mutable {
    const int percent = static_cast<int>(done * 100);
    if (percent == last || (!terminal && percent % 10 != 0 && percent != 100)) return;
    last = percent;
    std::cerr << (terminal ? "\r" : "") << "building: " << percent << "% (" << stage << ")"
              << (terminal && percent < 100 ? "" : "\n") << std::flush;
  };
}

int build(const ExportOptions& o) {
  std::optional<config::Config> config;
  if (!o.config_file.empty() && !(config = load_config(o.config_file, o.store.data_dir)))
    return kExitInvalidInput;
  const auto w = window(o);
  const auto cams = cameras(o, config);
  if (!w || !cams) return kExitInvalidInput;
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  storage::ExportSpec spec{
      .reference = o.reference,
      .cameras = *cams,
      .from = w->first,
      .to = w->second,
      .operator_name = o.actor,
      .system = node::node_name(config ? config->bus : config::Bus{}),
      .requester = {.officer = o.officer, .force = o.force, .reason = o.reason}};
  if (o.redact) {
    spec.derived.push_back(node::redacted_copy(
        {.keep_tracks = o.keep_tracks, .face_cascade = o.faces ? node::kDefaultFaceCascade : ""}));
  }
  try {
    const auto key = storage::ExportKey::load_or_create(storage::export_key_dir(o.store.data_dir));
    const auto package = storage::run_export(*db, key, spec, o.out, o.actor, progress_printer());
    for (const std::string& warning : package.warnings) std::cerr << "warning: " << warning << '\n';
    std::cout << "package " << package.dir.string() << " (" << package.files << " files)\n"
              << "zip     " << package.zip.string() << ", " << package.zip_bytes << " bytes\n"
              << "sha256  " << package.zip_sha256 << '\n'
              << "window  " << format_london(spec.from) << " to " << format_london(spec.to) << '\n'
              << "signed by export key " << storage::key_fingerprint(key.public_hex()) << '\n';
  } catch (const std::exception& e) {
    std::cerr << "export failed: " << e.what() << '\n';
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void add_export_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ExportOptions>();
  auto* cmd = app.add_subcommand(
      "export", "Build an evidential export package (master, working copy, signed manifest)");
  const char* time_help =
      ": ISO-8601 with Z or offset, bare = Europe/London time, now, or -40s/-15m/-2h";
  cmd->add_option("--camera", o->cameras, "Camera id (repeat for more cameras)")->required();
  cmd->add_option("--from", o->from, std::string("Window start") + time_help)->required();
  cmd->add_option("--to", o->to, std::string("Window end") + time_help)->required();
  cmd->add_option("--reference", o->reference, "Exhibit / crime / incident reference")->required();
  cmd->add_option("--out", o->out,
                  "Package directory to create (the zip goes beside it as DIR.zip)")
      ->required();
  add_store_options(cmd, o->store);
  cmd->add_option("--config", o->config_file,
                  "Config file: describes the cameras' sites and locations in the manifest");
  cmd->add_option("--as", o->actor, "Who is doing this (manifest and audit log)")
      ->capture_default_str();
  cmd->add_option("--officer", o->officer, "Requesting officer");
  cmd->add_option("--force", o->force, "Requesting officer's force or organisation");
  cmd->add_option("--reason", o->reason, "Reason or legal basis for the disclosure");
  cmd->add_flag("--redact", o->redact,
                "Also make a redacted working copy: every person blurred except --keep-track");
  cmd->add_option("--keep-track", o->keep_tracks,
                  "With --redact: a track id to leave visible (repeatable; the manifest lists the "
                  "tracks seen)");
  cmd->add_flag("--faces", o->faces,
                std::string("With --redact: blur faces too (") + node::kDefaultFaceCascade + ")");
  cmd->callback([o, &exit_code] { exit_code = build(*o); });
}

}  // namespace cctv::app
