// SPDX-License-Identifier: Apache-2.0
// console.tls and console.session_max_h: the TLS files are checked at load, each problem
// reported at the line that names the file.
#include <gtest/gtest.h>

#include "config_test_util.hpp"
#include "support/self_signed.hpp"
#include "support/temp_dir.hpp"

namespace cctv::config {
namespace {

using test_util::errors_of;

const std::string kOpenHint =
    "; give the path of a PEM file (a relative path is from the directory cctv is started in)";

// The cert path is on line 3 from column 11, the key path on line 4 from column 10.
std::string with_tls(const std::string& cert, const std::string& key) {
  return "console:\n  tls:\n    cert: " + cert + "\n    key: " + key + "\n";
}

class Config_ConsoleTls : public ::testing::Test {
 protected:
  test::TempDir dir;
  test::TlsFiles files = test::write_self_signed(dir.path(), "console");
};

TEST_F(Config_ConsoleTls, reads_the_certificate_and_its_key) {
  const LoadResult r = load_config_string(with_tls(files.cert, files.key), "test.yaml");
  ASSERT_TRUE(r.config) << r.errors.at(0).to_string();
  EXPECT_TRUE(r.config->console.tls.enabled());
  EXPECT_EQ(r.config->console.tls.cert, files.cert);
  EXPECT_EQ(r.config->console.tls.key, files.key);
}

TEST_F(Config_ConsoleTls, is_off_unless_given) {
  const LoadResult r = load_config_string("console: {bind: \"127.0.0.1:8443\"}\n", "test.yaml");
  ASSERT_TRUE(r.config);
  EXPECT_FALSE(r.config->console.tls.enabled());
}

TEST_F(Config_ConsoleTls, a_missing_certificate_file_is_named_at_its_line) {
  const std::string missing = (dir / "nowhere.crt").string();
  EXPECT_EQ(errors_of(with_tls(missing, files.key)),
            std::vector<std::string>{"3:11: console.tls: cannot open '" + missing +
                                     "': No such file or directory" + kOpenHint});
}

TEST_F(Config_ConsoleTls, a_missing_key_file_is_named_at_its_line) {
  const std::string missing = (dir / "nowhere.key").string();
  EXPECT_EQ(errors_of(with_tls(files.cert, missing)),
            std::vector<std::string>{"4:10: console.tls: cannot open '" + missing +
                                     "': No such file or directory" + kOpenHint});
}

TEST_F(Config_ConsoleTls, a_key_that_cannot_be_read_is_named_at_its_line) {
  const std::string garbled = dir.write("garbled.key", "-----BEGIN PRIVATE KEY-----\nnot base64\n");
  EXPECT_EQ(errors_of(with_tls(files.cert, garbled)),
            std::vector<std::string>{
                "4:10: console.tls: '" + garbled +
                "' holds no readable PEM private key; give the unencrypted key, the file "
                "starting with -----BEGIN PRIVATE KEY----- (decrypt an encrypted one with "
                "openssl pkey -in KEY -out KEY.plain)"});
}

TEST_F(Config_ConsoleTls, a_certificate_file_without_a_certificate_is_named_at_its_line) {
  EXPECT_EQ(errors_of(with_tls(files.key, files.key)),
            std::vector<std::string>{"3:11: console.tls: '" + files.key +
                                     "' holds no PEM certificate; give the certificate file, the "
                                     "one starting with -----BEGIN CERTIFICATE-----"});
}

TEST_F(Config_ConsoleTls, a_key_of_another_certificate_is_refused) {
  const test::TlsFiles other = test::write_self_signed(dir.path(), "other");
  EXPECT_EQ(errors_of(with_tls(files.cert, other.key)),
            std::vector<std::string>{"4:10: console.tls: '" + other.key +
                                     "' is not the private key of the certificate '" + files.cert +
                                     "'; give the key the certificate was made for"});
}

TEST_F(Config_ConsoleTls, both_files_are_required) {
  EXPECT_EQ(errors_of("console:\n  tls:\n    cert: " + files.cert + "\n"),
            std::vector<std::string>{"3:5: console.tls: missing required field 'key'; add e.g. "
                                     "'key: /etc/cctv/console.key'"});
}

TEST(Config_Console, session_lifetime_defaults_to_a_shift_and_is_bounded) {
  const LoadResult defaults = load_config_string("console: {}\n", "test.yaml");
  ASSERT_TRUE(defaults.config);
  EXPECT_EQ(defaults.config->console.session_max_h, 12);
  const LoadResult eight = load_config_string("console: {session_max_h: 8}\n", "test.yaml");
  ASSERT_TRUE(eight.config);
  EXPECT_EQ(eight.config->console.session_max_h, 8);
  EXPECT_EQ(
      errors_of("console: {session_max_h: 0}\n"),
      std::vector<std::string>{"1:26: console: 'session_max_h' is 0; use a value > 0 and <= 168"});
}

}  // namespace
}  // namespace cctv::config
