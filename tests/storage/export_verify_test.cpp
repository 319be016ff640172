// SPDX-License-Identifier: Apache-2.0
// Verifying export packages offline: any changed byte in any file, a removed or added file,
// or a signature from elsewhere fails, and the failure names the file. The same checks run on
// the package directory and on its zip.
#include <gtest/gtest.h>

#include <fstream>

#include "cctv/storage/export_package.hpp"
#include "cctv/storage/export_verify.hpp"
#include "storage/footage_test_util.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

void flip_byte(const fs::path& file, std::uintmax_t at) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(at));
  const char c = static_cast<char>(f.get());
  f.seekp(static_cast<std::streamoff>(at));
  f.put(static_cast<char>(c ^ 0x01));
}

// The checks that failed, as "path: problem".
std::vector<std::string> failures(const ExportVerification& v) {
  std::vector<std::string> out;
  if (!v.problem.empty()) out.push_back("package: " + v.problem);
  if (!v.signature.ok) out.push_back(v.signature.path + ": " + v.signature.problem);
  for (const FileCheck& f : v.files)
    if (!f.ok) out.push_back(f.path + ": " + f.problem);
  return out;
}

bool names(const std::vector<std::string>& failed, const std::string& file) {
  return std::any_of(failed.begin(), failed.end(),
                     [&](const std::string& f) { return f.starts_with(file + ":"); });
}

class Storage_ExportVerify : public ::testing::Test {
 protected:
  void SetUp() override {
    RecordingIndex index((dir_ / "cctv.db").string());
    start_ = *parse_utc("2026-05-01T09:00:00Z");
    test::synthesise_recording(index, dir_ / "recordings", "cam1", start_, 2);
    package_ = build("P1", ExportKey::load_or_create(dir_ / "keys"));
  }

  ExportPackage build(const std::string& name, const ExportKey& key) {
    RecordingIndex index((dir_ / "cctv.db").string());
    const ExportSpec spec{.reference = "REF-" + name,
                          .cameras = {{.id = "cam1"}},
                          .from = start_ + 500ms,
                          .to = start_ + 3s,
                          .operator_name = "tester"};
    return build_export_package(index, key, spec, dir_ / name);
  }

  std::string master() const {
    for (const auto& e : fs::recursive_directory_iterator(package_.dir / "master"))
      if (e.is_regular_file()) return fs::relative(e.path(), package_.dir).generic_string();
    return "";
  }

  test::TempDir dir_;
  Timestamp start_{};
  ExportPackage package_;
};

TEST_F(Storage_ExportVerify, an_untouched_package_passes_every_file_in_the_directory_and_the_zip) {
  for (const fs::path& p : {package_.dir, package_.zip}) {
    const auto v = verify_export(p);
    EXPECT_TRUE(v.ok()) << p << ": " << testing::PrintToString(failures(v));
    EXPECT_EQ(v.reference, "REF-P1");
    EXPECT_EQ(v.files.size(), 5u)
        << "two masters (the window spans a join), working copy, README, public key";
  }
}

TEST_F(Storage_ExportVerify, one_flipped_byte_in_any_file_fails_and_names_it) {
  for (const std::string& file :
       {master(), std::string("working/cam1.mp4"), std::string("README.txt"),
        std::string("export_key.pub"), std::string("manifest.json"), std::string("manifest.sig")}) {
    SCOPED_TRACE(file);
    const fs::path path = package_.dir / file;
    const std::string before = test::read_file(path);
    flip_byte(path, fs::file_size(path) / 2);
    const auto failed = failures(verify_export(package_.dir));
    // A manifest changed into one that still parses shows as it not matching its signature.
    const bool named =
        names(failed, file) || (file == "manifest.json" && names(failed, "manifest.sig") &&
                                testing::PrintToString(failed).find(file) != std::string::npos);
    EXPECT_TRUE(named) << testing::PrintToString(failed);
    std::ofstream(path, std::ios::binary) << before;
    EXPECT_TRUE(verify_export(package_.dir).ok()) << "restored";
  }
}

TEST_F(Storage_ExportVerify, a_flipped_byte_inside_the_zip_fails_and_names_the_file) {
  // The zip stores its entries uncompressed, masters first; the working copy holds the same
  // H.264 packets as its masters, so its bytes are the last place they occur.
  const std::string zip = test::read_file(package_.zip);
  const std::string mp4 = test::read_file(package_.dir / "working/cam1.mp4");
  const auto at = zip.rfind(mp4.substr(mp4.size() / 2, 64));
  ASSERT_NE(at, std::string::npos);
  flip_byte(package_.zip, at + 10);
  const auto failed = failures(verify_export(package_.zip));
  EXPECT_TRUE(names(failed, "working/cam1.mp4")) << testing::PrintToString(failed);
}

TEST_F(Storage_ExportVerify, a_removed_or_added_file_fails_and_is_named) {
  const std::string removed = master();
  fs::remove(package_.dir / removed);
  std::ofstream(package_.dir / "working" / "extra.mp4") << "not evidence";
  const auto failed = failures(verify_export(package_.dir));
  EXPECT_TRUE(names(failed, removed)) << testing::PrintToString(failed);
  EXPECT_TRUE(names(failed, "working/extra.mp4")) << testing::PrintToString(failed);
  EXPECT_EQ(failed.size(), 2u);
}

TEST_F(Storage_ExportVerify, a_signature_from_another_package_or_key_fails) {
  const ExportPackage other = build("P2", ExportKey::load_or_create(dir_ / "other-keys"));
  fs::copy_file(other.dir / "manifest.sig", package_.dir / "manifest.sig",
                fs::copy_options::overwrite_existing);
  EXPECT_TRUE(names(failures(verify_export(package_.dir)), "manifest.sig"));

  // A whole package re-signed by another key passes on its own, not against the issuer's key.
  const std::string issuer = ExportKey::load_or_create(dir_ / "keys").public_hex();
  EXPECT_TRUE(verify_export(other.dir).ok());
  EXPECT_TRUE(names(failures(verify_export(other.dir, issuer)), "manifest.sig"));
}

TEST_F(Storage_ExportVerify, something_that_is_not_a_package_fails_with_a_reason) {
  EXPECT_FALSE(verify_export(dir_ / "nowhere").ok());
  const auto not_zip = dir_.write("x.zip", "hello");
  const auto v = verify_export(not_zip);
  EXPECT_FALSE(v.ok());
  EXPECT_FALSE(v.problem.empty());
  fs::remove(package_.dir / "manifest.json");
  EXPECT_NE(verify_export(package_.dir).problem.find("manifest.json"), std::string::npos);
}

}  // namespace
}  // namespace cctv::storage
