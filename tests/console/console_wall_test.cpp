// SPDX-License-Identifier: Apache-2.0
// The camera wall each user saves, and acknowledging many alarms at once: validated bodies,
// writes through the store, each incident acknowledged and audited on its own.
#include "cctv/storage/audit_log.hpp"
#include "console_fixture.hpp"

namespace cctv::test {
namespace {

TEST_F(ConsoleTest, EachUserSavesTheirOwnWallAndKeepsItAcrossARestart) {
  const Login op = login("operator1");
  const auto first = json(get("/api/wall", op));
  EXPECT_EQ(first, (nlohmann::json{{"layout", 4}, {"cameras", {"tw1", "mob1"}}}))
      << "before saving: the first four cameras, 2x2";

  const auto saved = post("/api/wall", R"({"layout":9,"cameras":["mob1","tw1"]})", op);
  ASSERT_EQ(saved->status, 200) << saved->body;
  start();
  EXPECT_EQ(json(get("/api/wall", op)), (nlohmann::json{{"layout", 9}, {"cameras", {"mob1", "tw1"}}}));
  EXPECT_EQ(json(get("/api/wall", login("operator2")))["layout"], 4) << "another user's wall is their own";
}

TEST_F(ConsoleTest, ABadWallIsRefusedWithItsReasonAndNothingSaved) {
  const Login op = login("operator1");
  const std::pair<const char*, const char*> bad[] = {
      {R"({"layout":3,"cameras":["tw1"]})", "'layout'"},
      {R"({"layout":"4","cameras":["tw1"]})", "'layout'"},
      {R"({"cameras":["tw1"]})", "'layout'"},
      {R"({"layout":1,"cameras":["tw1","mob1"]})", "more than the layout's 1 tiles"},
      {R"({"layout":4,"cameras":["tw1","tw1"]})", "twice"},
      {R"({"layout":4,"cameras":["zz9"]})", "no camera 'zz9'"},
      {R"({"layout":4,"cameras":[]})", "'cameras'"},
      {R"({"layout":4,"cameras":"tw1"})", "'cameras'"},
      {R"({"layout":4,"cameras":["tw1"],"colour":"red"})", "colour"},
      {R"([4])", ""},
  };
  for (const auto& [body, reason] : bad) {
    const auto r = post("/api/wall", body, op);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body;
    EXPECT_NE(json(r).value("error", "").find(reason), std::string::npos) << body << ": " << r->body;
  }
  EXPECT_EQ(json(get("/api/wall", op))["layout"], 4) << "still the default";
}

TEST_F(ConsoleTest, AlarmsAreAcknowledgedInBulkEachWithTheNoteAndAudited) {
  const Login op = login("operator1");
  std::vector<std::string> ids;
  for (int n = 0; n < 3; ++n) ids.push_back(raise_alarm("tw1", now_utc() - std::chrono::seconds(n)));
  ASSERT_EQ(post("/api/incidents/" + ids[2] + "/acknowledge", "{}", op)->status, 200);

  const nlohmann::json body = {{"ids", {ids[0], ids[1], ids[2], "no-such-id"}},
                               {"note", "one loiterer set off the zone again and again"}};
  const auto r = post("/api/alarms/acknowledge", body.dump(), op);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json(r)["acknowledged"], (nlohmann::json{ids[0], ids[1]}));
  ASSERT_EQ(json(r)["refused"].size(), 2u) << "already acknowledged, and unknown";
  EXPECT_EQ(json(r)["refused"][0]["id"], ids[2]);

  for (const std::string& id : {ids[0], ids[1]}) {
    const auto incident = json(get("/api/incidents/" + id, op));
    EXPECT_EQ(incident["state"], "acknowledged");
    EXPECT_EQ(incident["acknowledged_by"], "operator1");
    EXPECT_NE(incident["history"].dump().find("again and again"), std::string::npos)
        << "the note is in the incident's history";
  }
  int audited = 0;
  for (const auto& e : storage::AuditLog(db_path()).list()) {
    audited += e.action == "incident.acknowledge" && (e.target == ids[0] || e.target == ids[1]) &&
               e.details.find("again and again") != std::string::npos;
  }
  EXPECT_EQ(audited, 2) << "one audit row per incident";
}

TEST_F(ConsoleTest, ABadBulkAcknowledgementIsRefusedAndChangesNothing) {
  const Login op = login("operator1");
  const std::string id = raise_alarm("tw1", now_utc());
  nlohmann::json too_many = {{"note", "flood"}, {"ids", nlohmann::json::array()}};
  for (int n = 0; n < 1001; ++n) too_many["ids"].push_back(id);
  for (const std::string& body :
       {std::string(R"({"ids":[")" + id + R"("]})"), std::string(R"({"ids":[")" + id + R"("],"note":""})"),
        std::string(R"({"ids":[],"note":"flood"})"), std::string(R"({"ids":[7],"note":"flood"})"),
        std::string(R"({"ids":[")" + id + R"("],"note":"flood","state":"closed"})"), too_many.dump()}) {
    const auto r = post("/api/alarms/acknowledge", body, op);
    EXPECT_EQ(r->status, 400) << body.substr(0, 80) << ": " << r->body;
  }
  EXPECT_EQ(storage::IncidentLog(db_path()).get(id)->state, storage::IncidentState::new_);
}

}  // namespace
}  // namespace cctv::test
