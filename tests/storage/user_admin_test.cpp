// SPDX-License-Identifier: Apache-2.0
// What an administrator does to accounts and sessions: each change audited; disabling, removing
// or resetting a password ends the user's sessions; sessions are listed and revoked by an id
// that is not their token; a removed user's audit rows stay readable and the chain intact.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cctv/storage/user_admin.hpp"
#include "support/store_backends.hpp"

namespace cctv::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class Storage_UserAdmin : public test::StoreTest {
 protected:
  void SetUp() override {
    test::StoreTest::SetUp();
    if (IsSkipped()) return;
    admin = std::make_unique<UserAdmin>(db(), "cli");
    admin->add("op1", Role::operator_, "correct horse battery");
    admin->add("op2", Role::operator_, "correct horse battery");
    sessions = std::make_unique<SessionStore>(db(), SessionLimits{});
  }

  NewSession log_in(const std::string& name, const std::string& address = "10.1.1.20") {
    return sessions->create(*UserStore(db()).find(name), now_utc(), address);
  }
  bool works(const NewSession& s) { return sessions->touch(s.token, now_utc()).has_value(); }

  std::vector<std::string> audited(const std::string& target) {
    std::vector<std::string> out;
    for (const AuditEntry& e : AuditLog(db()).list()) {
      if (e.target == target) out.push_back(e.actor + " " + e.action + " " + e.details);
    }
    return out;
  }

  std::unique_ptr<UserAdmin> admin;
  std::unique_ptr<SessionStore> sessions;
};

TEST_P(Storage_UserAdmin, taking_an_account_away_ends_its_sessions_and_is_audited) {
  const NewSession other = log_in("op2");
  for (const std::string action : {"disable", "reset-password", "remove"}) {
    const NewSession first = log_in("op1");
    const NewSession second = log_in("op1", "10.1.1.21");
    if (action == "disable") admin->disable("op1");
    if (action == "reset-password") admin->reset_password("op1", "another long password");
    if (action == "remove") admin->remove("op1");
    EXPECT_FALSE(works(first)) << action;
    EXPECT_FALSE(works(second)) << action;
  }
  EXPECT_TRUE(works(other)) << "another user's session carries on";
  EXPECT_THAT(audited("op1"), ElementsAre("cli user.add {\"role\":\"operator\"}",
                                          "cli user.disable {\"sessions_ended\":2}",
                                          "cli user.reset-password {\"sessions_ended\":2}",
                                          "cli user.remove {\"sessions_ended\":2}"));
}

TEST_P(Storage_UserAdmin, disable_and_enable_are_kept_and_refused_for_unknown_names) {
  admin->disable("op1");
  EXPECT_TRUE(UserStore(db()).find("op1")->disabled);
  admin->enable("op1");
  EXPECT_FALSE(UserStore(db()).find("op1")->disabled);
  EXPECT_THROW(admin->disable("nobody"), UserError);
  EXPECT_THROW(admin->remove("nobody"), UserError);
  EXPECT_THROW(admin->reset_password("nobody", "a long password"), UserError);
  EXPECT_THROW(admin->reset_password("op1", "short"), UserError);
  EXPECT_THAT(audited("nobody"), IsEmpty()) << "a refused change is not audited";
}

TEST_P(Storage_UserAdmin, sessions_are_listed_by_an_id_that_is_not_their_token) {
  const NewSession a = log_in("op1", "10.1.1.20");
  const NewSession b = log_in("op1", "");
  const NewSession c = log_in("op2", "10.1.1.22");
  sessions->end(c.token, now_utc());
  auto live = admin->live_sessions();
  ASSERT_THAT(live, SizeIs(2)) << "an ended session is not listed";
  if (live[0].client_address.empty()) std::swap(live[0], live[1]);  // logged in the same ms
  EXPECT_EQ(live[0].user, "op1");
  EXPECT_EQ(live[0].client_address, "10.1.1.20");
  EXPECT_EQ(live[1].client_address, "") << "not known";
  for (const SessionInfo& s : live) {
    EXPECT_EQ(s.id.size(), 16u);
    EXPECT_EQ(a.token.find(s.id), std::string::npos);
    EXPECT_EQ(b.token.find(s.id), std::string::npos);
  }
  EXPECT_THAT(admin->live_sessions("op2"), IsEmpty());
  EXPECT_THAT(audited("all"), ElementsAre("cli session.list {}"));

  EXPECT_EQ(admin->revoke_session(live[0].id), 1);
  EXPECT_FALSE(works(a));
  EXPECT_TRUE(works(b)) << "only that one";
  EXPECT_EQ(admin->revoke_session(live[0].id), 0) << "already ended";
  EXPECT_EQ(admin->revoke_session(live[1].id.substr(0, 4)), 0) << "a prefix names nothing";
  EXPECT_THAT(admin->live_sessions(), ElementsAre(Field(&SessionInfo::id, live[1].id)));
  EXPECT_THAT(audited(live[0].id), ElementsAre("cli session.revoke {}"));
}

TEST_P(Storage_UserAdmin, all_of_a_users_sessions_are_revoked_at_once) {
  const NewSession a = log_in("op1");
  const NewSession b = log_in("op1");
  const NewSession other = log_in("op2");
  EXPECT_EQ(admin->revoke_sessions_of("op1"), 2);
  EXPECT_FALSE(works(a));
  EXPECT_FALSE(works(b));
  EXPECT_TRUE(works(other));
  EXPECT_THAT(audited("op1"), ::testing::Contains("cli session.revoke {\"sessions_ended\":2}"));
}

TEST_P(Storage_UserAdmin, a_removed_users_audit_rows_stay_readable) {
  AuditLog(db()).append("op1", "incident.acknowledge", "INC-1");
  admin->remove("op1");
  const auto rows = AuditLog(db()).list();
  EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [](const AuditEntry& e) {
    return e.actor == "op1" && e.action == "incident.acknowledge";
  }));
  EXPECT_THAT(AuditLog(db()).verify(), IsEmpty());
  EXPECT_FALSE(UserStore(db()).find("op1"));
}

TEST_P(Storage_UserAdmin, a_role_change_is_kept_audited_and_ends_the_users_sessions) {
  const NewSession before = log_in("op1");
  admin->change_role("op1", Role::supervisor);
  EXPECT_EQ(UserStore(db()).find("op1")->role, Role::supervisor);
  EXPECT_FALSE(works(before)) << "the session carried the old role";
  EXPECT_EQ(log_in("op1").session.role, Role::supervisor);
  EXPECT_THAT(audited("op1"),
              ::testing::Contains("cli user.role {\"role\":\"supervisor\",\"sessions_ended\":1}"));
  EXPECT_THROW(admin->change_role("nobody", Role::admin), UserError);
}

TEST_P(Storage_UserAdmin, configured_accounts_are_added_once_with_a_one_time_password) {
  UserAdmin from_config(db(), "config");
  const auto added = from_config.add_missing({{"op1", Role::admin}, {"sup1", Role::supervisor}});
  ASSERT_EQ(added.size(), 1u) << "op1 exists already";
  EXPECT_EQ(added[0].name, "sup1");
  EXPECT_EQ(added[0].role, Role::supervisor);
  EXPECT_GE(added[0].password.size(), 16u);
  UserStore users(db());
  EXPECT_TRUE(users.password_matches("sup1", added[0].password));
  EXPECT_EQ(users.find("op1")->role, Role::operator_) << "an existing account is never changed";
  EXPECT_TRUE(users.password_matches("op1", "correct horse battery"));
  EXPECT_TRUE(from_config.add_missing({{"sup1", Role::supervisor}}).empty())
      << "the next start adds nothing and shows no password";
  EXPECT_TRUE(users.password_matches("sup1", added[0].password));
  EXPECT_NE(UserAdmin(db(), "config").add_missing({{"sup2", Role::police}})[0].password,
            added[0].password);
  EXPECT_THAT(audited("sup1"),
              ElementsAre("config user.add {\"from\":\"config\",\"role\":\"supervisor\"}"));
}

CCTV_ON_BOTH_STORES(Storage_UserAdmin);

}  // namespace
}  // namespace cctv::storage
