// SPDX-License-Identifier: Apache-2.0
// The LJAG tasking endpoints: roles, CSRF, suppression for the ljag role, deploying a mobile
// camera with bad input named by field, pictures that decode, the audit trail.
#include <opencv2/imgcodecs.hpp>

#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/site_register.hpp"
#include "console_fixture.hpp"

namespace cctv::test {
namespace {

class ConsoleLjagTest : public ConsoleTest {
 protected:
  void SetUp() override {
    ConsoleTest::SetUp();
    storage::IncidentLog log(db_path(), {"ASB"});
    const auto add = [&](const std::string& site, int n) {
      for (int i = 0; i < n; ++i) {
        log.create("op",
                   {.category = "ASB",
                    .site = site,
                    .occurred_at = *parse_utc("2026-10-02T18:00:00Z") + std::chrono::hours(30 * i),
                    .description = "youths"});
      }
    };
    add("talbot-walk", 9);
    add("neasden-tc", 3);
  }
  static constexpr const char* kPack = "/api/ljag/pack?cluster=Harlesden&month=2026-10";
};

TEST_F(ConsoleLjagTest, OnlyLjagSupervisorsAndAdminsSeeTheTaskingPages) {
  for (const char* user : {"operator1", "police1"}) {
    EXPECT_EQ(get(kPack, login(user))->status, 403) << user;
    EXPECT_EQ(post("/api/ljag/deployments", R"({"camera":"mob1","site":"neasden-tc","reason":"r"})",
                   login(user))
                  ->status,
              403);
  }
  for (const char* path :
       {kPack, "/api/ljag/heatmap.png", "/api/ljag/sites.png", "/api/ljag/trend.png",
        "/api/ljag/deployments", "/api/ljag/deployments/1/chart.png"}) {
    EXPECT_EQ(get(path)->status, 401) << path;
    EXPECT_EQ(get(path, login("police1"))->status, 403) << path;
  }
  EXPECT_EQ(
      post("/api/ljag/deployments", R"({"camera":"mob1","site":"neasden-tc","reason":"r"})", {})
          ->status,
      401);
  for (const char* user : {"ljag1", "supervisor1", "admin1"})
    EXPECT_EQ(get(kPack, login(user))->status, 200) << user;
}

TEST_F(ConsoleLjagTest, TheLjagRoleSeesSmallCountsSuppressedAndTheControlRoomExactOnes) {
  const auto shared = json(get(kPack, login("ljag1")));
  EXPECT_TRUE(shared["suppressed"]);
  EXPECT_EQ(shared["hotspots"]["total"], "12");
  EXPECT_EQ(shared["hotspots"]["sites"][0]["total"], "*") << "12 - 9 would give the <5 away";
  EXPECT_EQ(shared["hotspots"]["sites"][0]["by_category"]["ASB"], "*") << "as would its row";
  EXPECT_EQ(shared["hotspots"]["sites"][1]["total"], "<5");
  EXPECT_EQ(shared["recommendations"][0]["site"], "talbot-walk");
  EXPECT_EQ(shared["recommendations"][1]["per_week"], nullptr);
  const auto exact = json(get(kPack, login("supervisor1")));
  EXPECT_FALSE(exact["suppressed"]);
  EXPECT_EQ(exact["hotspots"]["sites"][1]["total"], "3");
  const auto bad = get("/api/ljag/pack?month=2026-13", login("ljag1"));
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(json(bad)["error"].get<std::string>().find("'month'"), std::string::npos);
  EXPECT_EQ(get("/api/ljag/pack?cluster=Nowhere&month=2026-10", login("ljag1"))->status, 400);
  const auto views = storage::AuditLog(db_path()).list();
  EXPECT_TRUE(std::any_of(views.begin(), views.end(),
                          [](const auto& e) { return e.action == "ljag.pack.view"; }));
}

TEST_F(ConsoleLjagTest, PicturesArePngsThatDecode) {
  const Login who = login("ljag1");
  for (const char* path : {"heatmap", "sites", "trend"}) {
    const auto r =
        get(std::string("/api/ljag/") + path + ".png?cluster=Harlesden&month=2026-10", who);
    ASSERT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->get_header_value("Content-Type"), "image/png");
    const cv::Mat img =
        cv::imdecode(std::vector<unsigned char>(r->body.begin(), r->body.end()), cv::IMREAD_COLOR);
    EXPECT_FALSE(img.empty()) << path;
  }
  EXPECT_EQ(get("/api/ljag/deployments/999/chart.png?month=2026-10", who)->status, 404);
}

TEST_F(ConsoleLjagTest, AcceptingARecommendationDeploysTheCameraAndIsAudited) {
  const Login who = login("ljag1");
  const auto refused = post("/api/ljag/deployments",
                            R"({"camera":"mob1","site":"neasden-tc","reason":"r"})", who, false);
  EXPECT_EQ(refused->status, 403) << "no CSRF token";
  struct Bad {
    std::string body, field;
  };
  for (const Bad& b :
       std::vector<Bad>{{R"({"camera":"tw1","site":"neasden-tc","reason":"r"})", "camera"},
                        {R"({"camera":"mob1","site":"nowhere","reason":"r"})", "site"},
                        {R"({"camera":"mob1","site":"talbot-walk","reason":"r"})", "site"}}) {
    const auto r = post("/api/ljag/deployments", b.body, who);
    EXPECT_EQ(r->status, 400) << b.body;
    EXPECT_EQ(json(r)["field"], b.field) << b.body;
  }
  const auto missing =
      post("/api/ljag/deployments", R"({"camera":"mob1","site":"neasden-tc"})", who);
  EXPECT_EQ(missing->status, 400);
  EXPECT_NE(json(missing)["error"].get<std::string>().find("'reason'"), std::string::npos);
  EXPECT_TRUE(storage::SiteRegister(db_path()).deployments().empty()) << "nothing changed";

  const auto ok = post(
      "/api/ljag/deployments",
      R"({"camera":"mob1","site":"neasden-tc","ljag_case":"HAR-7","reason":"street drinking"})",
      who);
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(json(ok)["site"], "neasden-tc");
  EXPECT_EQ(json(ok)["deployed_by"], "ljag1");
  const auto reg = json(get("/api/ljag/deployments", who));
  ASSERT_EQ(reg["deployments"].size(), 1u);
  for (const auto& c : reg["cameras"]) {
    if (c["id"] == "mob1") {
      EXPECT_EQ(c["site"], "neasden-tc");
    }
  }
  const auto meta = json(get("/api/meta", who));
  for (const auto& c : meta["cameras"]) {
    if (c["id"] == "mob1") {
      EXPECT_EQ(c["site"], "neasden-tc") << "the console shows where the camera is now";
    }
  }
  const auto audit = storage::AuditLog(db_path()).list();
  EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [](const auto& e) {
    return e.action == "deployment.create" && e.actor == "ljag1" && e.target == "mob1";
  }));
}

}  // namespace
}  // namespace cctv::test
