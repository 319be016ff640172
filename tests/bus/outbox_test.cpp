// SPDX-License-Identifier: Apache-2.0
// The durable outbox on real SQLite files: seq assignment, surviving a SIGKILL of the writing
// process, continuing the sequence after a restart, reading ranges, and pruning only what
// every consumer has acknowledged, outside the retention.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "bus_test_util.hpp"
#include "cctv/bus/outbox.hpp"
#include "support/temp_dir.hpp"

namespace cctv::bus {
namespace {

using namespace std::chrono_literals;
using test_util::make_event;

OutboxParams params(const test::TempDir& dir, const std::string& source = "node-a") {
  return {.path = (dir / "outbox.db").string(), .source = source, .sync = sql::Sync::normal};
}

std::vector<std::uint64_t> seqs_of(const OutboxRange& range) {
  std::vector<std::uint64_t> out;
  for (const auto& payload : range.payloads) out.push_back(event_from_json(payload).seq);
  return out;
}

void append_n(Outbox& outbox, int n) {
  for (int i = 0; i < n; ++i) {
    Event e = make_event(EventType::loitering, "hl1");
    outbox.append(e);
  }
}

TEST(Bus_Outbox, append_stamps_source_seq_and_id_and_stores_the_event) {
  test::TempDir dir;
  Outbox outbox(params(dir));
  EXPECT_EQ(outbox.last_seq(), 0u);
  Event e = make_event(EventType::crowding, "hl2");
  e.source = "someone-else";
  EXPECT_EQ(outbox.append(e), 1u);
  EXPECT_EQ(e.source, "node-a");
  EXPECT_EQ(e.id.size(), 36u);
  Event given = make_event(EventType::crowding, "hl2");
  given.id = "given-id";
  EXPECT_EQ(outbox.append(given), 2u);
  EXPECT_EQ(given.id, "given-id");

  const OutboxRange all = outbox.read(1, 100, 100);
  ASSERT_EQ(all.payloads.size(), 2u);
  EXPECT_EQ(event_from_json(all.payloads[0]), e);
  EXPECT_EQ(event_from_json(all.payloads[1]), given);
  EXPECT_EQ(all.first_seq, 1u);
  EXPECT_EQ(all.last_seq, 2u);
}

TEST(Bus_Outbox, reads_ranges_with_a_limit) {
  test::TempDir dir;
  Outbox outbox(params(dir));
  append_n(outbox, 10);
  EXPECT_THAT(seqs_of(outbox.read(3, 6, 100)), ::testing::ElementsAre(3, 4, 5, 6));
  EXPECT_THAT(seqs_of(outbox.read(3, 10, 2)), ::testing::ElementsAre(3, 4));
  EXPECT_TRUE(outbox.read(11, 20, 100).payloads.empty());
  EXPECT_EQ(outbox.read(11, 20, 100).last_seq, 10u);
}

// Makes every insert of `seq` fail inside SQLite, as a refusing disk would, from another
// connection (triggers live in the file).
void refuse_seq(const test::TempDir& dir, std::uint64_t seq) {
  sql::Database other((dir / "outbox.db").string());
  other.exec("CREATE TRIGGER refuse BEFORE INSERT ON outbox WHEN NEW.seq = " + std::to_string(seq) +
             " BEGIN SELECT RAISE(ABORT, 'disk refuses'); END");
}

TEST(Bus_Outbox, a_batch_is_appended_whole_in_seq_order) {
  test::TempDir dir;
  Outbox outbox(params(dir));
  append_n(outbox, 1);
  std::vector<Event> batch(3, make_event(EventType::loitering, "hl1"));
  const std::vector<std::string> payloads = outbox.append(batch);
  ASSERT_EQ(payloads.size(), 3u);
  EXPECT_EQ(event_from_json(payloads[2]), batch[2]) << "the JSON stored is the event stamped";
  EXPECT_EQ(batch[0].seq, 2u);
  EXPECT_EQ(batch[2].seq, 4u);
  EXPECT_NE(batch[0].id, batch[1].id) << "each gets its own id";
  EXPECT_THAT(seqs_of(outbox.read(1, 10, 10)), ::testing::ElementsAre(1, 2, 3, 4));
}

TEST(Bus_Outbox, a_batch_that_fails_midway_keeps_nothing_and_the_sequence_does_not_move) {
  test::TempDir dir;
  Outbox outbox(params(dir));
  append_n(outbox, 1);
  refuse_seq(dir, 3);
  std::vector<Event> batch(3, make_event(EventType::loitering, "hl1"));
  EXPECT_THROW(outbox.append(batch), std::runtime_error);
  EXPECT_EQ(outbox.last_seq(), 1u);
  EXPECT_THAT(seqs_of(outbox.read(1, 10, 10)), ::testing::ElementsAre(1))
      << "the batch's first event, seq 2, was not kept either";

  sql::Database((dir / "outbox.db").string()).exec("DROP TRIGGER refuse");
  std::vector<Event> again(2, make_event(EventType::loitering, "hl1"));
  outbox.append(again);
  EXPECT_EQ(again.back().seq, 3u);
  EXPECT_THAT(seqs_of(outbox.read(1, 10, 10)), ::testing::ElementsAre(1, 2, 3));
}

// The child appends and reports each seq through a pipe; the parent kills it with SIGKILL
// mid-stream. Every seq the child reported (append returned) must be in the file.
TEST(Bus_Outbox, appended_events_survive_sigkill_and_the_sequence_continues) {
  test::TempDir dir;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    Outbox outbox(params(dir));
    for (;;) {  // until killed
      Event e = make_event(EventType::loitering, "hl1");
      const std::uint64_t seq = outbox.append(e);
      if (write(fds[1], &seq, sizeof seq) != sizeof seq) _exit(1);
    }
  }
  close(fds[1]);
  std::uint64_t reported = 0;
  std::uint64_t seq = 0;
  while (reported < 200 && read(fds[0], &seq, sizeof seq) == sizeof seq) reported = seq;
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  while (read(fds[0], &seq, sizeof seq) == sizeof seq) reported = seq;  // the rest in the pipe
  close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  ASSERT_GE(reported, 200u);

  Outbox reopened(params(dir));
  EXPECT_GE(reopened.last_seq(), reported);  // it may have stored one more before dying
  const OutboxRange all = reopened.read(1, reported, 100000);
  ASSERT_EQ(all.payloads.size(), reported);
  EXPECT_EQ(seqs_of(all).back(), reported);
  const std::uint64_t before = reopened.last_seq();
  Event next = make_event(EventType::loitering, "hl1");
  EXPECT_EQ(reopened.append(next), before + 1) << "the sequence continues";
}

TEST(Bus_Outbox, prunes_only_what_every_consumer_acknowledged_beyond_the_retention) {
  test::TempDir dir;
  OutboxParams p = params(dir);
  p.keep_acked = 1h;        // all are young, so...
  p.keep_acked_events = 3;  // ...the count decides: the newest 3 acknowledged events stay
  Outbox outbox(p);
  append_n(outbox, 20);
  EXPECT_EQ(outbox.acknowledge("store", 10), 7u);  // 1..7 go, 8..10 stay, 11..20 unacked
  EXPECT_EQ(outbox.size(), 13u);
  EXPECT_EQ(outbox.read(1, 20, 100).first_seq, 8u);
  EXPECT_EQ(outbox.acknowledge("console", 12), 0u) << "store still lacks 11..12";
  EXPECT_EQ(outbox.acknowledge("store", 20), 2u) << "both hold up to 12: 1..9 may go";
  EXPECT_EQ(outbox.read(1, 20, 100).first_seq, 10u);
  EXPECT_EQ(outbox.acknowledge("store", 5), 0u) << "an older acknowledgement changes nothing";
  EXPECT_EQ(outbox.size(), 11u);
}

TEST(Bus_Outbox, knows_the_furthest_any_consumer_has_acknowledged) {
  test::TempDir dir;
  Outbox outbox(params(dir));
  append_n(outbox, 5);
  EXPECT_EQ(outbox.acknowledged_seq(), 0u) << "nobody has acknowledged anything";
  outbox.acknowledge("console", 2);
  outbox.acknowledge("store", 4);
  EXPECT_EQ(outbox.acknowledged_seq(), 4u);
  outbox.acknowledge("store", 3);
  EXPECT_EQ(outbox.acknowledged_seq(), 4u) << "an older acknowledgement changes nothing";
}

TEST(Bus_Outbox, keeps_acknowledged_events_within_the_retention_time) {
  test::TempDir dir;
  OutboxParams p = params(dir);
  p.keep_acked = 1h;
  p.keep_acked_events = 0;  // the count alone would prune everything acknowledged...
  Outbox outbox(p);
  append_n(outbox, 5);
  outbox.acknowledge("store", 5);
  EXPECT_EQ(outbox.size(), 0u) << "...and either limit suffices";

  p.keep_acked_events = 100;
  test::TempDir other;
  p.path = (other / "outbox.db").string();
  Outbox young(p);
  append_n(young, 5);
  EXPECT_EQ(young.acknowledge("store", 5), 0u) << "younger than an hour and within the count";
  EXPECT_EQ(young.size(), 5u);
}

TEST(Bus_Outbox, sequence_continues_after_everything_was_pruned) {
  test::TempDir dir;
  OutboxParams p = params(dir);
  p.keep_acked = 0s;
  p.keep_acked_events = 0;
  {
    Outbox outbox(p);
    append_n(outbox, 7);
    outbox.acknowledge("store", 7);
    ASSERT_EQ(outbox.size(), 0u);
    EXPECT_EQ(outbox.read(1, 7, 100).first_seq, 8u) << "empty: first_seq is last_seq + 1";
  }
  Outbox reopened(p);
  EXPECT_EQ(reopened.last_seq(), 7u);
  Event e = make_event(EventType::loitering, "hl1");
  EXPECT_EQ(reopened.append(e), 8u);
}

TEST(Bus_Outbox, acknowledgement_beyond_the_last_seq_prunes_nothing_new) {
  test::TempDir dir;
  OutboxParams p = params(dir);
  p.keep_acked = 0s;
  p.keep_acked_events = 0;
  Outbox outbox(p);
  append_n(outbox, 3);
  EXPECT_EQ(outbox.acknowledge("store", 1000), 3u);
  append_n(outbox, 2);
  EXPECT_EQ(outbox.size(), 2u) << "4 and 5 came after the acknowledgement";
  EXPECT_EQ(outbox.acknowledge("store", 3), 0u);
}

TEST(Bus_Outbox, refuses_a_file_of_another_source) {
  test::TempDir dir;
  { Outbox outbox(params(dir, "node-a")); }
  try {
    Outbox other(params(dir, "node-b"));
    FAIL() << "opened node-a's outbox as node-b";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("belongs to source 'node-a', not 'node-b'"));
  }
}

}  // namespace
}  // namespace cctv::bus
