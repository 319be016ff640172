// SPDX-License-Identifier: Apache-2.0
// Police footage requests through the console: police submit, a supervisor approves or
// refuses, the store node (told on the bus) builds the package in the background with progress, the
// officer downloads it and it verifies against the key the console publishes. Police cannot
// approve, operators cannot export at all, refused requests produce nothing, every step is audited.
#include <fstream>
#include <mutex>
#include <thread>

#include "cctv/bus/broker.hpp"
#include "cctv/common/sha256.hpp"
#include "cctv/node/bus_setup.hpp"
#include "cctv/node/store_node.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/export_requests.hpp"
#include "cctv/storage/export_verify.hpp"
#include "console_fixture.hpp"
#include "storage/footage_test_util.hpp"

namespace cctv::test {
namespace {

using namespace std::chrono_literals;

class Console_Exports : public ConsoleTest {
 protected:
  void SetUp() override {
    const std::string front = "tcp://127.0.0.1:" + std::to_string(free_tcp_port());
    const std::string back = "tcp://127.0.0.1:" + std::to_string(free_tcp_port());
    broker_ = std::make_unique<bus::Broker>(ctx_, front, back);
    live_ctx = &ctx_;
    live_endpoint = back;
    publish_endpoint = front;
    ConsoleTest::SetUp();  // with a store node on this bus: it builds what the console approves
    storage::UserStore(db_path()).add("police2", storage::Role::police, kPassword);
    storage::RecordingIndex index(db_path());
    start_ = std::chrono::floor<std::chrono::seconds>(now_utc()) - 30s;
    synthesise_recording(index, dir / "recordings", "tw1", start_, 3);
  }

  std::string request_body(const std::string& camera = "tw1") const {
    return nlohmann::json{{"reference", "CRI/2026/77"},
                          {"officer", "PC 4521 Jones"},
                          {"force", "Metropolitan Police"},
                          {"cameras", {camera}},
                          {"from", format_utc(start_ + 1s)},
                          {"to", format_utc(start_ + 4s)},
                          {"reason", "Investigation of a robbery (DPA 2018 Sch 2 para 2)"}}
        .dump();
  }

  std::int64_t submit(const Login& police, const std::string& body = "") {
    const auto r = post("/api/exports", body.empty() ? request_body() : body, police);
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
    return json(r).value("id", std::int64_t{0});
  }

  // Polls the request until it leaves approved/building; returns it.
  nlohmann::json wait_built(std::int64_t id, const Login& who, std::vector<double>& progress) {
    nlohmann::json r;
    for (auto deadline = std::chrono::steady_clock::now() + 60s;
         std::chrono::steady_clock::now() < deadline;) {
      r = json(get("/api/exports/" + std::to_string(id), who));
      progress.push_back(r.value("progress", -1.0));
      if (r.value("state", "") != "approved" && r.value("state", "") != "building") break;
      std::this_thread::sleep_for(50ms);
    }
    return r;
  }

  Timestamp start_{};
  zmq::context_t ctx_;
  std::unique_ptr<bus::Broker> broker_;
};

TEST_F(Console_Exports, PoliceRequestSupervisorApprovesAndPoliceDownloadsAPackageThatVerifies) {
  const Login police = login("police1"), supervisor = login("supervisor1");
  const auto id = submit(police);
  const std::string path = "/api/exports/" + std::to_string(id);
  EXPECT_EQ(json(get(path, police))["state"], "requested");
  EXPECT_EQ(json(get(path, police))["from_local"], format_london(start_ + 1s));

  const auto approved = post(path + "/approve", "{}", supervisor);
  ASSERT_EQ(approved->status, 200) << approved->body;
  std::vector<double> progress;
  const auto built = wait_built(id, police, progress);
  ASSERT_EQ(built["state"], "ready") << built.dump();
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  EXPECT_DOUBLE_EQ(built["progress"].get<double>(), 1.0);
  ASSERT_EQ(built["package_url"], path + "/package");
  EXPECT_FALSE(json(get(path, supervisor)).contains("package_url"))
      << "the package is for the police";

  const auto zip = get(built["package_url"], police);
  ASSERT_EQ(zip->status, 200);
  EXPECT_EQ(zip->get_header_value("Content-Type"), "application/zip");
  EXPECT_EQ(sha256_hex(zip->body), built["zip_sha256"]);
  std::ofstream(dir / "downloaded.zip", std::ios::binary) << zip->body;
  const auto key = json(get("/api/export-key"));  // no login: the key is public
  const auto verified = storage::verify_export(dir / "downloaded.zip", key.value("public_key", ""));
  EXPECT_TRUE(verified.ok()) << verified.problem << verified.signature.problem;
  EXPECT_EQ(verified.reference, "CRI/2026/77");
  EXPECT_EQ(verified.fingerprint, key["fingerprint"]);
  const auto manifest =
      nlohmann::json::parse(read_file(dir / "exports" / "1-CRI_2026_77" / "manifest.json"));
  EXPECT_EQ(manifest["cameras"][0]["name"], "Talbot Walk East");
  EXPECT_EQ(manifest["cameras"][0]["location"], "Talbot Walk (Harlesden), 51.54430, -0.24970")
      << "site, cluster and the site's configured coordinates";
  EXPECT_EQ(manifest["request"]["approved_by"], "supervisor1");
  EXPECT_EQ(manifest["request"]["force"], "Metropolitan Police");

  const auto working = get(built["working_urls"][0], police);
  ASSERT_EQ(working->status, 200);
  EXPECT_EQ(working->get_header_value("Content-Type"), "video/mp4");
  EXPECT_EQ(json(get(path, police))["state"], "downloaded");

  const auto disclosures = storage::ExportRequests(db_path()).disclosures(id);
  ASSERT_EQ(disclosures.size(), 1u);
  EXPECT_EQ(disclosures[0].recipient, "PC 4521 Jones");
  EXPECT_EQ(disclosures[0].organisation, "Metropolitan Police");
  std::vector<std::string> actions;
  for (const auto& e : storage::AuditLog(db_path()).list())
    actions.push_back(e.actor + " " + e.action);
  for (const char* step :
       {"police1 export.request", "supervisor1 export.approve", "system hold.add",
        "system export.build", "police1 export.download", "police1 export.view"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), step), actions.end()) << step;
  }
}

TEST_F(Console_Exports, PoliceCannotApproveOperatorsCannotExportAndOthersRequestsStayHidden) {
  const Login police = login("police1"), police2 = login("police2"), op = login("operator1"),
              ljag = login("ljag1");
  const auto id = submit(police);
  const std::string path = "/api/exports/" + std::to_string(id);
  EXPECT_EQ(post(path + "/approve", "{}", police)->status, 403);
  EXPECT_EQ(post(path + "/refuse", R"({"reason":"x"})", police)->status, 403);
  for (const Login& who : {op, ljag}) {
    EXPECT_EQ(post("/api/exports", request_body(), who)->status, 403);
    EXPECT_EQ(post(path + "/approve", "{}", who)->status, 403);
    EXPECT_EQ(get("/api/exports", who)->status, 403);
    EXPECT_EQ(get(path + "/package", who)->status, 403);
  }
  EXPECT_EQ(get(path, police2)->status, 404) << "another officer's request";
  EXPECT_TRUE(json(get("/api/exports", police2))["requests"].empty());
  EXPECT_EQ(post(path + "/approve", "{}", login("supervisor1"), false)->status, 403)
      << "no CSRF token";
  EXPECT_EQ(get(path + "/package", police)->status, 409) << "not approved, not built";
  EXPECT_EQ(json(get(path, police))["state"], "requested");
  EXPECT_FALSE(std::filesystem::exists(dir / "exports"));
}

TEST_F(Console_Exports, ARefusedRequestProducesNothingAndBadRequestsNameTheField) {
  const Login police = login("police1"), supervisor = login("supervisor1");
  const auto id = submit(police);
  const std::string path = "/api/exports/" + std::to_string(id);
  const auto no_reason = post(path + "/refuse", "{}", supervisor);
  EXPECT_EQ(no_reason->status, 400);
  EXPECT_NE(json(no_reason).value("error", "").find("'reason'"), std::string::npos);
  ASSERT_EQ(post(path + "/refuse", R"({"reason":"no lawful basis stated"})", supervisor)->status,
            200);
  EXPECT_EQ(post(path + "/approve", "{}", supervisor)->status, 409) << "already refused";
  const auto refused = json(get(path, police));
  EXPECT_EQ(refused["state"], "refused");
  EXPECT_EQ(refused["decision_reason"], "no lawful basis stated");
  EXPECT_EQ(get(path + "/package", police)->status, 409);
  EXPECT_FALSE(std::filesystem::exists(dir / "exports"));

  const auto good = nlohmann::json::parse(request_body());
  const std::vector<std::pair<std::string, std::string>> bad = {{"reference", ""},
                                                                {"cameras", "[]"},
                                                                {"cameras", R"(["nope"])"},
                                                                {"from", R"("yesterday")"},
                                                                {"to", R"("2020-01-01T00:00:00Z")"},
                                                                {"reason", "null"},
                                                                {"extra", "1"}};
  for (const auto& [field, value] : bad) {
    auto body = good;
    body[field] = value.empty() ? nlohmann::json("") : nlohmann::json::parse(value);
    const auto r = post("/api/exports", body.dump(), police);
    EXPECT_EQ(r->status, 400) << field << " " << value;
    EXPECT_NE(json(r).value("error", "").find("'" + field + "'"), std::string::npos)
        << json(r).dump();
  }
  EXPECT_EQ(json(get("/api/exports", police))["requests"].size(), 1u) << "nothing created";
}

// What the officer's page follows: one `event: exports` for each change to a request, from this
// console's decision and from the store's build over the bus, without the page polling.
TEST_F(Console_Exports, TheEventStreamTellsTheOfficerOfTheApprovalAndTheBuild) {
  const Login police = login("police1"), supervisor = login("supervisor1");
  const auto id = submit(police);
  std::mutex mutex;
  std::string received;
  httplib::Client stream = client();
  std::thread reader([&] {
    stream.Get("/api/exports/events", {{"Cookie", police.cookie}},
               [&](const char* data, std::size_t size) {
                 std::lock_guard lock(mutex);
                 received.append(data, size);
                 return true;
               });
  });
  const auto text = [&] {
    std::lock_guard lock(mutex);
    return received;
  };
  const auto events = [&] {
    const std::string t = text();
    std::size_t n = 0;
    for (auto at = t.find("event: exports"); at != std::string::npos;
         at = t.find("event: exports", at + 1))
      ++n;
    return n;
  };
  const auto wait_for = [](auto condition) {
    for (auto deadline = std::chrono::steady_clock::now() + 60s;
         !condition() && std::chrono::steady_clock::now() < deadline;)
      std::this_thread::sleep_for(20ms);
    return condition();
  };
  ASSERT_TRUE(wait_for([&] { return text().find(": connected") != std::string::npos; }));
  const std::size_t before = events();  // the submission's notice may arrive after the stream opened
  ASSERT_EQ(post("/api/exports/" + std::to_string(id) + "/approve", R"({"note":"ok"})", supervisor)
                ->status,
            200);
  EXPECT_TRUE(wait_for([&] { return events() >= before + 1; })) << "the approval: " << text();
  storage::ExportRequests requests(db_path());
  ASSERT_TRUE(wait_for([&] { return requests.get(id)->state == storage::ExportState::ready; }));
  EXPECT_TRUE(wait_for([&] { return events() >= before + 3; }))
      << "the approval, the build starting and its end: " << text();
  stream.stop();
  reader.join();
  EXPECT_EQ(get("/api/exports/events", login("operator1"))->status, 403);
}

TEST_F(Console_Exports, ARedactionAskedForIsShownToTheApproverAndBuilt) {
  const Login police = login("police1"), supervisor = login("supervisor1");
  auto body = nlohmann::json::parse(request_body());
  body["redaction"] = {{"keep_tracks", {3, 7}}, {"faces", true}};
  const auto id = submit(police, body.dump());
  const std::string path = "/api/exports/" + std::to_string(id);
  EXPECT_EQ(json(get(path, supervisor))["redaction"],
            nlohmann::json({{"keep_tracks", {3, 7}}, {"faces", true}}));
  EXPECT_TRUE(json(get("/api/exports", supervisor))["requests"][0].contains("redaction"));

  for (const char* bad :
       {R"({"keep_tracks":[-1]})", R"({"keep_tracks":"3"})", R"({"faces":"yes"})", R"("all")"}) {
    body["redaction"] = nlohmann::json::parse(bad);
    const auto r = post("/api/exports", body.dump(), police);
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_NE(json(r).value("error", "").find("'"), std::string::npos) << r->body;
  }
  body["redaction"] = {{"blur", true}};
  EXPECT_EQ(json(post("/api/exports", body.dump(), police))["error"],
            "unknown field 'redaction.blur'");

  ASSERT_EQ(post(path + "/approve", "{}", supervisor)->status, 200);
  std::vector<double> progress;
  const auto built = wait_built(id, police, progress);
  ASSERT_EQ(built["state"], "ready") << built.dump();
  bool redacted = false;
  for (const auto& f :
       std::filesystem::directory_iterator(dir / "exports" / ("1-CRI_2026_77") / "working"))
    redacted |= f.path().filename().string().find("redacted") != std::string::npos;
  EXPECT_TRUE(redacted) << "a redacted working copy in the package";
}

}  // namespace
}  // namespace cctv::test
