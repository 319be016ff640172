// SPDX-License-Identifier: Apache-2.0
// `cctv verify PACKAGE [--key HEX]`: checks an export package (its directory or its .zip)
// offline: every file's size and SHA-256, no file missing or added, the manifest's Ed25519
// signature. Prints PASS/FAIL per file; exits 1 on any failure.
#include <iostream>

#include "cctv/storage/export_key.hpp"
#include "cctv/storage/export_verify.hpp"
#include "commands.hpp"

namespace cctv::app {
namespace {

struct VerifyOptions {
  std::string package;
  std::string key;
};

void print(const storage::FileCheck& f) {
  std::cout << (f.ok ? "PASS  " : "FAIL  ") << f.path << (f.ok ? "" : ": " + f.problem) << '\n';
}

int verify(const VerifyOptions& o) {
  const storage::ExportVerification v = storage::verify_export(o.package, o.key);
  std::cout << "package " << o.package << '\n';
  if (!v.problem.empty()) {
    std::cout << "FAIL  " << v.problem << "\nRESULT: FAIL\n";
    return kExitFailure;
  }
  std::cout << "reference " << v.reference << "\nexport key " << v.fingerprint << " (Ed25519 "
            << v.public_key << ")\n";
  for (const storage::FileCheck& f : v.files) print(f);
  print(v.signature);
  const auto failed =
      std::count_if(v.files.begin(), v.files.end(), [](const auto& f) { return !f.ok; }) +
      (v.signature.ok ? 0 : 1);
  if (v.ok()) {
    std::cout << "RESULT: PASS (" << v.files.size() << " files and the signature)\n";
    if (o.key.empty())
      std::cout << "Compare the export key's fingerprint with the one the issuing control room "
                   "publishes.\n";
    return kExitOk;
  }
  std::cout << "RESULT: FAIL (" << failed << " check(s) failed)\n";
  return kExitFailure;
}

}  // namespace

void add_verify_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<VerifyOptions>();
  auto* cmd = app.add_subcommand("verify", "Verify an export package offline (directory or .zip)");
  cmd->add_option("package", o->package, "Package directory or its .zip")->required();
  cmd->add_option("--key", o->key,
                  "The issuer's published export public key (hex), to check who signed it");
  cmd->callback([o, &exit_code] { exit_code = verify(*o); });
}

}  // namespace cctv::app
