// SPDX-License-Identifier: Apache-2.0
// The police request workflow in the store: only a pending request can be decided, a refused
// one is never built, a download needs a built package and leaves a disclosure record, and
// every step is in the audit log.
#include <gtest/gtest.h>

#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/export_requests.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

using namespace std::chrono_literals;

NewExportRequest asked() {
  const Timestamp from = *parse_utc("2026-05-01T09:00:00Z");
  return {"CRI-7", "PC 123 Smith", "Metropolitan Police", {"cam1", "cam2"},
          from,    from + 10min,   "s.29 DPA: robbery"};
}

std::vector<std::string> actions(const std::string& db) {
  std::vector<std::string> out;
  for (const AuditEntry& e : AuditLog(db).list()) out.push_back(e.actor + " " + e.action);
  return out;
}

class Storage_ExportRequests : public test::StoreTest {};

TEST_P(Storage_ExportRequests, a_redaction_asked_for_is_kept_with_the_request_and_audited) {
  ExportRequests requests(db());
  NewExportRequest r = asked();
  r.redaction = {.wanted = true, .keep_tracks = {3, 7}, .faces = true};
  const auto id = requests.submit("pc123", r);
  EXPECT_EQ(requests.get(id)->asked.redaction, r.redaction);
  EXPECT_FALSE(requests.get(requests.submit("pc123", asked()))->asked.redaction.wanted);
  const auto row = AuditLog(db()).list().front();
  EXPECT_EQ(nlohmann::json::parse(row.details)["redaction"],
            nlohmann::json({{"keep_tracks", {3, 7}}, {"faces", true}}));
}

TEST_P(Storage_ExportRequests, an_approved_request_is_built_once_downloaded_and_disclosed) {
  ExportRequests requests(db());
  const auto id = requests.submit("pc123", asked());
  EXPECT_FALSE(requests.claim_next()) << "not approved yet";
  EXPECT_THROW(requests.record_download("pc123", id), ExportRequestError);
  requests.approve("sup", id);
  EXPECT_THROW(requests.refuse("sup2", id, "late"), ExportRequestError) << "already decided";

  const auto claimed = requests.claim_next();
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, id);
  EXPECT_EQ(claimed->state, ExportState::building);
  EXPECT_EQ(claimed->asked.cameras, (std::vector<std::string>{"cam1", "cam2"}));
  EXPECT_FALSE(requests.claim_next()) << "claimed once";
  requests.set_progress(id, 0.5);
  EXPECT_DOUBLE_EQ(requests.get(id)->progress, 0.5);
  requests.built(id, "/x/pkg", "/x/pkg.zip", "abc", 1234);

  const Disclosure d = requests.record_download("pc123", id);
  EXPECT_EQ(d.recipient, "PC 123 Smith");
  EXPECT_EQ(d.organisation, "Metropolitan Police");
  EXPECT_EQ(d.reason, "s.29 DPA: robbery");
  EXPECT_NE(d.disclosed.find("\"package_sha256\":\"abc\""), std::string::npos) << d.disclosed;
  EXPECT_NE(d.disclosed.find("2026-05-01T09:00:00.000Z"), std::string::npos) << d.disclosed;
  EXPECT_EQ(requests.get(id)->state, ExportState::downloaded);
  requests.record_download("pc123", id);
  EXPECT_EQ(requests.disclosures(id).size(), 2u) << "every download is a disclosure";
  EXPECT_EQ(actions(db()),
            (std::vector<std::string>{"pc123 export.request", "sup export.approve",
                                      "pc123 export.download", "pc123 export.download"}));
  EXPECT_TRUE(AuditLog(db()).verify().empty());
}

TEST_P(Storage_ExportRequests, a_refused_request_needs_a_reason_and_is_never_built) {
  ExportRequests requests(db());
  const auto id = requests.submit("pc123", asked());
  EXPECT_THROW(requests.refuse("sup", id, ""), ExportRequestError);
  requests.refuse("sup", id, "no lawful basis given");
  EXPECT_THROW(requests.approve("sup", id), ExportRequestError);
  EXPECT_FALSE(requests.claim_next());
  const auto r = requests.get(id);
  EXPECT_EQ(r->state, ExportState::refused);
  EXPECT_EQ(r->decided_by, "sup");
  EXPECT_EQ(r->decision_reason, "no lawful basis given");
  EXPECT_EQ(actions(db()), (std::vector<std::string>{"pc123 export.request", "sup export.refuse"}));
}

TEST_P(Storage_ExportRequests, lists_own_requests_newest_first_and_requeues_interrupted_builds) {
  ExportRequests requests(db());
  const auto a = requests.submit("pc1", asked());
  const auto b = requests.submit("pc2", asked());
  const auto c = requests.submit("pc1", asked());
  EXPECT_EQ(requests.list().size(), 3u);
  const auto mine = requests.list("pc1");
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].id, c);
  EXPECT_EQ(mine[1].id, a);
  requests.approve("sup", b);
  ASSERT_TRUE(requests.claim_next());
  EXPECT_EQ(requests.requeue_interrupted(), 1);
  EXPECT_EQ(requests.get(b)->state, ExportState::approved);
  ASSERT_TRUE(requests.claim_next());
  requests.failed(b, "disk full");
  EXPECT_EQ(requests.get(b)->error, "disk full");
  EXPECT_FALSE(requests.get(999));
}

CCTV_ON_BOTH_STORES(Storage_ExportRequests);

}  // namespace
}  // namespace cctv::storage
