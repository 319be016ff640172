// SPDX-License-Identifier: Apache-2.0
// `cctv user ...`, the real binary on a data directory: each subcommand changes the account or
// session, says so, and writes its audit row; a password comes from standard input; an unknown
// user or session is refused with exit code 2 and a reason.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/login_throttle.hpp"
#include "cctv/storage/sessions.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class Apps_UserCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(
        with_password("correct horse battery", {"add", "op1", "--role", "operator"}).exit_code, 0);
  }
  std::string db() const { return (dir_ / "cctv.db").string(); }

  test::CommandResult user(std::vector<std::string> args) const {
    args.insert(args.begin(), {CCTV_BINARY, "user"});
    args.insert(args.end(), {"--data", dir_.path().string()});
    return test::run_command(args);
  }
  // The password on standard input, as a script pipes it in.
  test::CommandResult with_password(const std::string& password,
                                    std::vector<std::string> args) const {
    args.insert(args.begin(),
                {"/bin/sh", "-c", "printf '%s\\n' \"$0\" | \"$@\"", password, CCTV_BINARY, "user"});
    args.insert(args.end(), {"--data", dir_.path().string(), "--password-stdin"});
    return test::run_command(args);
  }
  NewSession log_in(const std::string& address) {
    return SessionStore(db(), {})
        .create(*UserStore(db()).find("op1"), now_utc(), address);
  }
  bool works(const NewSession& s) {
    return SessionStore(db(), {}).touch(s.token, now_utc()).has_value();
  }
  std::vector<std::string> audited() {
    std::vector<std::string> out;
    for (const AuditEntry& e : AuditLog(db()).list()) out.push_back(e.action + " " + e.target);
    return out;
  }

  test::TempDir dir_;
};

TEST_F(Apps_UserCli, disable_enable_and_remove_change_the_account_and_are_audited) {
  const NewSession session = log_in("10.1.1.20");
  const auto disabled = user({"disable", "op1"});
  ASSERT_EQ(disabled.exit_code, 0) << disabled.err;
  EXPECT_THAT(disabled.out, HasSubstr("op1 disabled"));
  EXPECT_FALSE(works(session)) << "disabling ends the user's sessions";
  EXPECT_THAT(user({"list"}).out, HasSubstr("disabled"));

  ASSERT_EQ(user({"enable", "op1"}).exit_code, 0);
  EXPECT_THAT(user({"list"}).out, Not(HasSubstr("disabled")));
  const NewSession again = log_in("10.1.1.20");
  ASSERT_EQ(user({"remove", "op1"}).exit_code, 0);
  EXPECT_FALSE(works(again)) << "removing ends the user's sessions";
  EXPECT_EQ(user({"list"}).out, "");
  EXPECT_THAT(audited(), ElementsAre("user.add op1", "user.disable op1", "user.enable op1",
                                     "user.remove op1"));
  EXPECT_TRUE(AuditLog(db()).verify().empty());
}

TEST_F(Apps_UserCli, reset_password_reads_stdin_and_ends_the_sessions) {
  const NewSession session = log_in("10.1.1.20");
  const auto reset = with_password("a brand new password", {"reset-password", "op1"});
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_FALSE(works(session));
  EXPECT_TRUE(UserStore(db()).password_matches("op1", "a brand new password"));
  EXPECT_FALSE(UserStore(db()).password_matches("op1", "correct horse battery"));
  const auto weak = with_password("short", {"reset-password", "op1"});
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_THAT(weak.err, HasSubstr("at least 10 characters"));
  EXPECT_THAT(audited(), ElementsAre("user.add op1", "user.reset-password op1"));
}

TEST_F(Apps_UserCli, unlock_clears_the_accounts_failed_logins) {
  {
    LoginThrottle throttle(db());
    for (int i = 0; i < 5; ++i) throttle.record_failure("203.0.113.9", "op1", now_utc());
    throttle.record_failure("10.1.1.20", "op1", now_utc());
  }
  ASSERT_GT(LoginThrottle(db()).wait("10.1.1.20", "op1", now_utc()).count(), 0);
  const auto unlocked = user({"unlock", "op1"});
  ASSERT_EQ(unlocked.exit_code, 0) << unlocked.err;
  EXPECT_THAT(unlocked.out, HasSubstr("failed logins of op1 cleared"));
  EXPECT_EQ(LoginThrottle(db()).wait("10.1.1.20", "op1", now_utc()).count(), 0);
  EXPECT_THAT(user({"unlock", "op1"}).out, HasSubstr("no failed logins counted"));
  EXPECT_THAT(audited(), ElementsAre("user.add op1", "user.unlock op1", "user.unlock op1"));
}

TEST_F(Apps_UserCli, sessions_are_listed_without_their_tokens_and_revoked) {
  const NewSession first = log_in("10.1.1.20");
  const NewSession second = log_in("10.1.1.21");
  const auto listed = user({"sessions", "op1"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("10.1.1.20"));
  EXPECT_THAT(listed.out, Not(HasSubstr(first.token.substr(0, 16))));
  const auto live = SessionStore(db(), {}).list_live(now_utc());
  ASSERT_EQ(live.size(), 2u);
  const SessionInfo& one = live[0].client_address == "10.1.1.20" ? live[0] : live[1];
  EXPECT_THAT(listed.out, HasSubstr(one.id));

  ASSERT_EQ(user({"revoke", one.id}).exit_code, 0);
  EXPECT_FALSE(works(first));
  EXPECT_TRUE(works(second));
  const auto again = user({"revoke", one.id});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("no open session"));
  const auto all = user({"revoke", "--user", "op1"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_THAT(all.out, HasSubstr("1 session(s) of op1 ended"));
  EXPECT_FALSE(works(second));
  EXPECT_THAT(audited(), ElementsAre("user.add op1", "session.list op1", "session.revoke " + one.id,
                                     "session.revoke op1"));
}

TEST_F(Apps_UserCli, unknown_users_are_refused_with_a_reason) {
  for (const char* command : {"disable", "enable", "remove"}) {
    const auto r = user({command, "nobody"});
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_THAT(r.err, HasSubstr("no user 'nobody'")) << command;
  }
  EXPECT_EQ(with_password("a long password", {"reset-password", "nobody"}).exit_code, 2);
  EXPECT_EQ(user({"revoke"}).exit_code, 2) << "neither an id nor --user";
  EXPECT_THAT(audited(), ElementsAre("user.add op1"));
}

}  // namespace
}  // namespace cctv::storage
