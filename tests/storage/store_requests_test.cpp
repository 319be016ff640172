// SPDX-License-Identifier: Apache-2.0
// The writes a console asks of the store: applied and audited in one request, and any refusal
// comes back as the storage error it was, so the console answers the same 4xx as before.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/export_requests.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/store_requests.hpp"
#include "support/store_backends.hpp"

namespace cctv::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

class Storage_StoreRequests : public test::StoreTest {
 protected:
  void SetUp() override {
    test::StoreTest::SetUp();
    if (IsSkipped()) return;
    UserStore(db()).add("op1", Role::operator_, "correct horse battery");
    requests = std::make_unique<StoreRequests>(
        StoreRequestsParams{.db_path = db(), .categories = {"assault", "other"}});
  }

  // What crosses the wire: the request and its answer as JSON text, as a socket carries them.
  StoreClient client() {
    return StoreClient([this](const nlohmann::json& r) {
      ++requests_sent;
      return nlohmann::json::parse(requests->answer(nlohmann::json::parse(r.dump())).dump());
    });
  }

  std::string manual_incident(StoreClient& store) {
    return store.create_incident("op1", {.category = "assault",
                                         .site = "talbot-walk",
                                         .occurred_at = now_utc() - std::chrono::minutes(5),
                                         .description = "a fight outside the shop",
                                         .priority = 2});
  }

  std::vector<std::string> audited_actions() {
    std::vector<std::string> out;
    for (const AuditEntry& e : AuditLog(db()).list()) out.push_back(e.action);
    return out;
  }

  std::unique_ptr<StoreRequests> requests;
  int requests_sent = 0;
};

TEST_P(Storage_StoreRequests, each_operator_step_is_applied_and_audited_in_one_request) {
  StoreClient store = client();
  const std::string id = manual_incident(store);
  store.incident_step("op1", id, "acknowledge", nlohmann::json::object());
  store.incident_step("op1", id, "notes", {{"text", "PC on scene"}});
  store.incident_step("op1", id, "close", {{"outcome", "police attended"}, {"note", ""}});
  EXPECT_EQ(requests_sent, 4);

  const auto incident = IncidentLog(db()).get(id);
  ASSERT_TRUE(incident);
  EXPECT_EQ(incident->state, IncidentState::closed);
  EXPECT_EQ(incident->acknowledged_by, "op1");
  EXPECT_EQ(incident->outcome, "police attended");
  EXPECT_THAT(audited_actions(), ElementsAre("incident.create", "incident.acknowledge",
                                             "incident.notes", "incident.close"));
  EXPECT_THAT(AuditLog(db()).list()[2].details, HasSubstr("PC on scene"));
  EXPECT_TRUE(AuditLog(db()).verify().empty()) << "the hash chain is whole";
}

TEST_P(Storage_StoreRequests, a_refusal_comes_back_as_the_storage_error_it_was) {
  StoreClient store = client();
  const std::string id = manual_incident(store);
  store.incident_step("op1", id, "acknowledge", nlohmann::json::object());
  EXPECT_THAT([&] { store.incident_step("op1", id, "acknowledge", nlohmann::json::object()); },
              ThrowsMessage<IncidentError>(HasSubstr("already acknowledged by op1")));
  EXPECT_THROW(
      store.create_incident(
          "op1",
          {.category = "no-such", .site = "s", .occurred_at = now_utc(), .description = "d"}),
      IncidentInputError);
  try {
    store.deploy("op1", {.camera = "nope", .site = "s", .at = now_utc(), .reason = "r"});
    FAIL() << "an unknown camera was deployed";
  } catch (const DeploymentError& e) {
    EXPECT_EQ(e.field(), "camera");
  }
  const std::int64_t request =
      store.submit_export("op1", {.reference = "CRI/1",
                                  .officer = "PC 1",
                                  .force = "Met",
                                  .cameras = {"tw1"},
                                  .from = now_utc() - std::chrono::hours(1),
                                  .to = now_utc(),
                                  .reason = "robbery"});
  store.refuse_export("op1", request, "no legal basis given");
  EXPECT_THROW(store.approve_export("op1", request, ""), ExportRequestError);
  EXPECT_EQ(ExportRequests(db()).get(request)->state, ExportState::refused);
  EXPECT_THAT(audited_actions(), ElementsAre("incident.create", "incident.acknowledge",
                                             "export.request", "export.refuse"))
      << "a refused step is not audited as done";
}

TEST_P(Storage_StoreRequests, an_admins_account_changes_are_applied_and_refusals_come_back) {
  StoreClient store = client();
  store.user_admin("admin1", "add",
                   {{"name", "pc1"}, {"role", "police"}, {"password", "a long password"}});
  EXPECT_EQ(UserStore(db()).find("pc1")->role, Role::police);
  store.user_admin("admin1", "role", {{"name", "pc1"}, {"role", "ljag"}});
  EXPECT_EQ(UserStore(db()).find("pc1")->role, Role::ljag);
  EXPECT_EQ(store.user_admin("admin1", "unlock", {{"name", "pc1"}})["cleared"], false);
  EXPECT_THAT(
      [&] {
        store.user_admin("admin1", "disable", {{"name", "nobody"}});
      },
      ThrowsMessage<UserError>(HasSubstr("no user 'nobody'")));
  EXPECT_THAT(
      [&] {
        store.user_admin("admin1", "add",
                         {{"name", "pc2"}, {"role", "police"}, {"password", "short"}});
      },
      ThrowsMessage<UserError>(HasSubstr("password")));
  EXPECT_THROW(store.user_admin("admin1", "promote", {{"name", "pc1"}}), StoreRequestError);
  EXPECT_THROW(store.user_admin("admin1", "role", {{"name", "pc1"}, {"role", "king"}}),
               StoreRequestError);
  EXPECT_THAT(audited_actions(), ElementsAre("user.add", "user.role", "user.unlock"));
}

TEST_P(Storage_StoreRequests, a_malformed_or_unknown_request_is_answered_not_thrown) {
  const auto unknown = requests->answer({{"op", "users.drop"}});
  EXPECT_EQ(unknown["error"]["kind"], "request");
  EXPECT_THAT(unknown["error"]["message"].get<std::string>(), HasSubstr("users.drop"));
  const auto missing = requests->answer({{"op", "incident.step"}, {"actor", "op1"}});
  EXPECT_EQ(missing["error"]["kind"], "request");
  EXPECT_EQ(requests->answer(nlohmann::json::array())["error"]["kind"], "request");
  StoreClient odd([](const nlohmann::json&) { return nlohmann::json{{"neither", 1}}; });
  EXPECT_THROW(odd.audit("op1", "x", "y"), StoreRequestError);
}

TEST_P(Storage_StoreRequests, logins_are_counted_sessions_started_touched_and_ended) {
  StoreClient store = client();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(store.login("op1", false, "10.0.0.9").outcome, LoginOutcome::bad_credentials);
  }
  const LoginAnswer sixth = store.login("op1", true, "10.0.0.9");
  EXPECT_EQ(sixth.outcome, LoginOutcome::throttled)
      << "a throttled address waits, even with the right password";
  EXPECT_EQ(sixth.retry_after, std::chrono::seconds(1));

  const LoginAnswer ok = store.login("op1", true, "10.0.0.10");
  ASSERT_EQ(ok.outcome, LoginOutcome::ok) << "another address is not held back";
  ASSERT_TRUE(ok.session);
  EXPECT_EQ(ok.session->user, "op1");
  EXPECT_EQ(ok.token.size(), 64u);
  const auto touched = store.touch_session(ok.token);
  ASSERT_TRUE(touched);
  EXPECT_EQ(touched->csrf, ok.session->csrf);
  EXPECT_EQ(SessionStore(db(), {}).list_live(now_utc()).at(0).client_address, "10.0.0.10");
  store.end_session(ok.token, "op1");
  EXPECT_FALSE(store.touch_session(ok.token));
  EXPECT_THAT(audited_actions(),
              ElementsAre("login.failed", "login.failed", "login.failed", "login.failed",
                          "login.failed", "login.throttled", "login", "logout"));
}

TEST_P(Storage_StoreRequests, unknown_names_are_answered_and_throttled_like_real_ones) {
  StoreClient store = client();
  for (int i = 0; i < 7; ++i) {
    const LoginAnswer real = store.login("op1", false, "10.0.0.1");
    const LoginAnswer unknown = store.login("ghost", false, "10.0.0.2");
    EXPECT_EQ(real.outcome, unknown.outcome) << i;
    EXPECT_EQ(real.retry_after, unknown.retry_after) << i;
  }
  EXPECT_EQ(store.login("ghost", false, "10.0.0.2").outcome, LoginOutcome::throttled);
}

TEST_P(Storage_StoreRequests, a_disabled_user_is_refused_like_a_wrong_password) {
  UserStore(db()).set_disabled("op1", true);
  StoreClient store = client();
  EXPECT_EQ(store.login("op1", true, "10.0.0.9").outcome, LoginOutcome::bad_credentials);
  UserStore(db()).set_disabled("op1", false);
  EXPECT_EQ(store.login("op1", true, "10.0.0.9").outcome, LoginOutcome::ok);
}

CCTV_ON_BOTH_STORES(Storage_StoreRequests);

}  // namespace
}  // namespace cctv::storage
