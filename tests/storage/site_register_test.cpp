// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "cctv/storage/site_register.hpp"
#include "support/temp_dir.hpp"
#include "support/store_backends.hpp"

namespace cctv::storage {
namespace {

Timestamp at(const char* iso) { return *parse_utc(iso); }

struct Storage_SiteRegister : test::StoreTest {
  SiteRegister reg{db()};

  void SetUp() override {
    test::StoreTest::SetUp();
    if (IsSkipped()) return;
    reg.sync({{"talbot-walk", "Talbot Walk", "Harlesden", 51.5443, -0.2497, "Brent Council"},
              {"neasden-tc", "Neasden Town Centre", "Harlesden", 51.5556, -0.2510, "Brent Council"},
              {"honeypot-lane", "Honeypot Lane", "Wembley", 51.5905, -0.2790, "Brent Council"}},
             {{"tw1", "Talbot Walk East", "talbot-walk", true},
              {"hl1", "Honeypot Lane North", "honeypot-lane", false}});
  }

  DeploymentRequest move(const std::string& site, const char* when) {
    return {"tw1", site, at(when), "HAR-2026-014", "ASB at the parade"};
  }
};

TEST_P(Storage_SiteRegister, a_mobile_camera_is_at_its_home_site_until_deployed) {
  EXPECT_EQ(reg.current_sites().at("tw1"), "talbot-walk");
  EXPECT_EQ(reg.version(), 0);
  const Deployment d = reg.deploy("ljag-chair", move("neasden-tc", "2026-10-01T09:00:00Z"));
  EXPECT_EQ(reg.current_sites().at("tw1"), "neasden-tc");
  EXPECT_EQ(reg.current_sites().at("hl1"), "honeypot-lane");
  EXPECT_EQ(reg.version(), d.id);
  EXPECT_EQ(d.ljag_case, "HAR-2026-014");
  EXPECT_EQ(d.deployed_by, "ljag-chair");
}

TEST_P(Storage_SiteRegister, moving_again_closes_the_open_deployment_at_the_new_start) {
  reg.deploy("chair", move("neasden-tc", "2026-10-01T09:00:00Z"));
  reg.deploy("chair", move("talbot-walk", "2026-11-01T09:00:00Z"));
  const auto history = reg.deployments("tw1");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].site, "talbot-walk");  // newest first
  EXPECT_FALSE(history[0].to);
  EXPECT_EQ(history[1].site, "neasden-tc");
  EXPECT_EQ(history[1].to, at("2026-11-01T09:00:00Z"));
  EXPECT_TRUE(reg.deployments("hl1").empty());
}

TEST_P(Storage_SiteRegister, bad_deployments_name_the_field_and_change_nothing) {
  reg.deploy("chair", move("neasden-tc", "2026-10-01T09:00:00Z"));
  const std::int64_t version = reg.version();
  const auto field_of = [&](DeploymentRequest r) -> std::string {
    try {
      reg.deploy("chair", r);
    } catch (const DeploymentError& e) {
      return e.field();
    }
    return "accepted";
  };
  DeploymentRequest fixed = move("talbot-walk", "2026-10-02T09:00:00Z");
  fixed.camera = "hl1";
  EXPECT_EQ(field_of(fixed), "camera");
  DeploymentRequest unknown = fixed;
  unknown.camera = "zz9";
  EXPECT_EQ(field_of(unknown), "camera");
  EXPECT_EQ(field_of(move("nowhere", "2026-10-02T09:00:00Z")), "site");
  EXPECT_EQ(field_of(move("neasden-tc", "2026-10-02T09:00:00Z")), "site") << "already there";
  EXPECT_EQ(field_of(move("talbot-walk", "2026-09-30T09:00:00Z")), "at") << "before the open one";
  EXPECT_EQ(field_of(move("talbot-walk", "2099-01-01T00:00:00Z")), "at") << "future";
  DeploymentRequest no_reason = move("talbot-walk", "2026-10-02T09:00:00Z");
  no_reason.reason.clear();
  EXPECT_EQ(field_of(no_reason), "reason");
  EXPECT_EQ(reg.version(), version);
  EXPECT_EQ(reg.deployments().size(), 1u);
}

TEST_P(Storage_SiteRegister, sync_replaces_sites_and_cameras_but_keeps_deployments) {
  reg.deploy("chair", move("neasden-tc", "2026-10-01T09:00:00Z"));
  reg.sync({{"talbot-walk", "Talbot Walk", "Harlesden", 51.5443, -0.2497, ""},
            {"neasden-tc", "Neasden", "Harlesden", 51.5556, -0.2510, ""}},
           {{"tw1", "Talbot Walk East", "talbot-walk", true}});
  EXPECT_EQ(reg.sites().size(), 2u);
  EXPECT_EQ(reg.sites()[0].name, "Neasden");  // by id
  ASSERT_EQ(reg.cameras().size(), 1u);
  EXPECT_EQ(reg.current_sites().at("tw1"), "neasden-tc");
}

TEST_P(Storage_SiteRegister, where_cameras_were_at_a_past_time) {
  reg.deploy("chair", move("neasden-tc", "2026-10-01T09:00:00Z"));
  reg.deploy("chair", move("talbot-walk", "2026-11-01T09:00:00Z"));
  const auto at_time = [&](const char* t) {
    return camera_sites_at(reg.cameras(), reg.deployments(), at(t)).at("tw1");
  };
  EXPECT_EQ(at_time("2026-09-01T00:00:00Z"), "talbot-walk") << "home, before any deployment";
  EXPECT_EQ(at_time("2026-10-15T00:00:00Z"), "neasden-tc");
  EXPECT_EQ(at_time("2026-11-01T09:00:00Z"), "talbot-walk");
}

CCTV_ON_BOTH_STORES(Storage_SiteRegister);

}  // namespace
}  // namespace cctv::storage
