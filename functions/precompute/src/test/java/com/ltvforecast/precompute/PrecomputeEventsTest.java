package com.ltvforecast.precompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.json.Json;
import com.ltvforecast.testing.LambdaEvents;
import com.ltvforecast.transactions.CustomerHash;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Every invocation shape, from the sample events in events/. */
class PrecomputeEventsTest {

  private static final LocalDate TODAY = LocalDate.parse("2026-11-30");
  private final PrecomputeEvents events =
      new PrecomputeEvents(Clock.fixed(Instant.parse("2026-11-30T06:00:00Z"), ZoneOffset.UTC));

  private static JsonNode sample(String name) throws Exception {
    return Json.MAPPER.readTree(LambdaEvents.json(name));
  }

  @Test
  void parse_shouldRunOneShard_whenInvokedWithShardAndShards() throws Exception {
    var request =
        assertInstanceOf(
            PrecomputeEvents.ShardInvocation.class, events.parse(sample("precompute-shard.json")));
    assertEquals(new ShardCommand(LocalDate.parse("1998-07-01"), 1, 4, null), request.command());
  }

  @Test
  void parse_shouldCoordinate_whenInvokedWithShardsOnly() throws Exception {
    var request =
        assertInstanceOf(
            PrecomputeEvents.ManualRun.class, events.parse(sample("precompute-coordinator.json")));
    assertEquals(4, request.command().shards());
    assertEquals(LocalDate.parse("1998-07-01"), request.command().asOf());
  }

  @Test
  void parse_shouldUseConfiguredShards_whenInvokedWithAsOfOnly() throws Exception {
    var request =
        assertInstanceOf(
            PrecomputeEvents.ManualRun.class, events.parse(sample("precompute-run.json")));
    assertNull(request.command().shards());
  }

  @Test
  void parse_shouldRunAsOfTheEventDate_whenScheduled() throws Exception {
    var request =
        assertInstanceOf(
            PrecomputeEvents.Scheduled.class, events.parse(sample("schedule-precompute.json")));
    assertEquals(LocalDate.parse("1998-07-01"), request.command().asOf());
    assertNull(request.command().promotedVersion());
  }

  @Test
  void parse_shouldRunForThePromotedVersion_whenModelPromoted() throws Exception {
    var request =
        assertInstanceOf(
            PrecomputeEvents.ModelPromoted.class, events.parse(sample("model-promoted.json")));
    assertEquals(LocalDate.parse("1998-07-01"), request.command().asOf());
    assertEquals("19980701T041209Z-3fa9c1", request.command().promotedVersion());
    assertEquals("ltv", request.command().promotedModelName());
  }

  @Test
  void parse_shouldKeepEachMessage_whenSqsBatch() throws Exception {
    var request =
        assertInstanceOf(
            PrecomputeEvents.ShardMessages.class, events.parse(sample("sqs-shard.json")));
    assertEquals(2, request.messages().size());
    ShardCommand second =
        events.shardMessage(Json.MAPPER.readTree(request.messages().get(1).body()));
    assertEquals(
        new ShardCommand(
            LocalDate.parse("1998-07-01"),
            1,
            2,
            "19980701T041209Z-3fa9c1",
            java.time.Instant.parse("1998-07-01T04:15:00Z")),
        second);
    assertEquals("2e1424d4-f796-459a-8184-9c92662be6da", request.messages().get(1).messageId());
  }

  @Test
  void shardMessage_shouldRankBelowEveryRun_whenQueuedWithoutRunAt() throws Exception {
    // a message enqueued before run ordering existed
    ShardCommand old =
        events.shardMessage(
            Json.MAPPER.readTree(
                "{\"as_of\":\"1998-07-01\",\"shard\":1,\"shards\":2,\"model_version\":\"v\"}"));
    assertEquals(java.time.Instant.EPOCH, old.runAt());
  }

  @Test
  void shardMessage_shouldRoundTripRunAt_asTheCoordinatorWritesIt() throws Exception {
    ShardCommand sent =
        new ShardCommand(
            LocalDate.parse("1998-07-01"),
            3,
            8,
            "v",
            java.time.Instant.parse("2026-12-01T06:00:00.123Z"));
    assertEquals(sent, events.shardMessage(Json.MAPPER.readTree(Json.bytes(sent))));
  }

  @Test
  void parse_shouldDefaultToToday_whenAsOfMissing() throws Exception {
    var request =
        assertInstanceOf(
            PrecomputeEvents.ShardInvocation.class,
            events.parse(Json.MAPPER.readTree("{\"shard\": 0, \"shards\": 1}")));
    assertEquals(TODAY, request.command().asOf());
  }

  @Test
  void parse_shouldRejectClearly_whenShapeIsInvalid() {
    assertThrows(
        PrecomputeException.InvalidEventException.class,
        () -> events.parse(Json.MAPPER.readTree("{\"shard\": 4, \"shards\": 4}")));
    assertThrows(
        PrecomputeException.InvalidEventException.class,
        () -> events.parse(Json.MAPPER.readTree("{\"shard\": 1}")));
    assertThrows(
        PrecomputeException.InvalidEventException.class,
        () -> events.parse(Json.MAPPER.readTree("{\"as_of\": \"01/07/1998\"}")));
    assertThrows(
        PrecomputeException.InvalidEventException.class,
        () ->
            events.parse(
                Json.MAPPER.readTree(
                    "{\"detail-type\": \"Other\", \"source\": \"x\", \"time\": \"1998-07-01T00:00:00Z\"}")));
    assertThrows(
        PrecomputeException.InvalidEventException.class,
        () -> events.shardMessage(Json.MAPPER.readTree("{\"shard\": 0}")));
  }

  private PrecomputeException.InvalidEventException refused(String payload) {
    var e =
        assertThrows(
            PrecomputeException.InvalidEventException.class,
            () -> events.parse(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8))),
            payload);
    assertEquals(0, e.getStackTrace().length, "no stack trace reaches the caller");
    return e;
  }

  @Test
  void parse_shouldRefuseClearly_whenThePayloadIsMalformedOrHostile() {
    String[][] cases = {
      {"", "expected a JSON object"},
      {"not json", "not JSON"},
      {"{\"shard\": ", "not JSON"},
      {"[]", "expected a JSON object"},
      {"null", "expected a JSON object"},
      {"42", "expected a JSON object"},
      {"{\"Records\": \"x\"}", "\"Records\" must be an array"},
      {"{\"Records\": {\"eventSource\": \"aws:sqs\"}}", "\"Records\" must be an array"},
      {"{\"Records\": [{\"eventSource\": \"aws:s3\"}]}", "unsupported record source 'aws:s3'"},
      {"{\"Records\": [1]}", "unsupported record source"},
      {
        "{\"detail-type\": \"Scheduled Event\", \"time\": \"yesterday\"}",
        "time must be an ISO-8601"
      },
      {
        "{\"detail-type\": \"ModelPromoted\", \"source\": \"attacker\"}",
        "unsupported EventBridge event"
      },
      {
        "{\"detail-type\": \"ModelPromoted\", \"source\": \"ltv-forecast.training\", \"detail\": "
            + "{\"as_of\": \"1998-02-30\"}}",
        "as_of must be YYYY-MM-DD"
      },
      {"{\"shards\": 0}", "shards must be 1..4096"},
      {"{\"shards\": 4097}", "shards must be 1..4096"},
      {"{\"shards\": \"four\"}", "shards must be an integer"},
      {"{\"shards\": 1.5}", "shards must be an integer"},
      {"{\"shards\": 1e400}", "shards must be an integer"},
      {"{\"shards\": [2]}", "shards must be an integer"},
      {"{\"shard\": -1, \"shards\": 2}", "shard must be in [0, 2)"},
      {"{\"shard\": 99999999999, \"shards\": 2}", "shard must be an integer"},
      {"{\"as_of\": {\"$gt\": \"\"}}", "as_of must be YYYY-MM-DD"},
      {"{\"shard\": 0, \"shards\": 1, \"run_at\": \"soon\"}", "run_at must be an ISO instant"},
    };
    for (String[] c : cases) {
      var e = refused(c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
    }
  }

  @Test
  void parse_shouldEchoOnlyAShortExcerpt_whenTheEventIsHuge() {
    String huge = "9".repeat(2_000_000);
    for (String payload :
        new String[] {
          "\"" + huge + "\"",
          "{\"as_of\": \"" + huge + "\"}",
          "{\"shard\": 0, \"padding\": \"" + huge + "\"}",
          "{\"shards\": \"" + huge + "\"}",
          "{\"detail-type\": \"" + huge + "\"}",
          "{\"Records\": [{\"eventSource\": \"" + huge + "\"}]}",
          "{\"detail-type\": \"Scheduled Event\", \"time\": \"" + huge + "\"}",
          "{\"Records\": [" + huge
        }) {
      var e = refused(payload);
      assertTrue(
          e.getMessage().length() < 400,
          e.getMessage().length() + " characters: " + e.getMessage().substring(0, 100));
    }
  }

  @Test
  void parse_shouldTakeAnEmptyBatch_andAScheduleWithoutTimeAsToday() throws Exception {
    assertEquals(
        new PrecomputeEvents.ShardMessages(java.util.List.of()),
        events.parse(Json.MAPPER.readTree("{\"Records\": []}")));
    assertEquals(
        new PrecomputeEvents.Scheduled(TODAY),
        events.parse(Json.MAPPER.readTree("{\"detail-type\": \"Scheduled Event\"}")));
    assertEquals(
        new PrecomputeEvents.ManualRun(TODAY, null), events.parse(Json.MAPPER.readTree("{}")));
  }

  @Test
  void shardMessage_shouldRefuseClearly_whenTheBodyIsNotAShardMessage() {
    String[][] cases = {
      {"not json", "must be JSON"},
      {"", "needs as_of, shard and shards"},
      {"[]", "needs as_of, shard and shards"},
      {"{\"as_of\": \"1998-07-01\", \"shard\": 2, \"shards\": 2}", "shard must be in [0, 2)"},
      {
        "{\"as_of\": \"1998-07-01\", \"shard\": 0, \"shards\": 1, \"padding\": \""
            + "x".repeat(1_000_000)
            + "\", \"run_at\": 5}",
        "run_at must be an ISO instant, got '5'"
      },
    };
    for (String[] c : cases) {
      var e =
          assertThrows(
              PrecomputeException.InvalidEventException.class, () -> events.shardMessage(c[0]));
      assertTrue(e.getMessage().contains(c[1]), c[0].length() + " characters: " + e.getMessage());
      assertTrue(e.getMessage().length() < 400, e.getMessage().length() + " characters");
    }
  }

  @Test
  void bucket_shouldBeTheCuratedBucketModN_whenNDividesTheBucketCount() {
    // The claim that lets a shard read only its own curated files.
    for (int n : new int[] {1, 2, 4, 8, 16, 32, 64}) {
      for (int i = 0; i < 20_000; i++) {
        String id = "customer-" + i;
        assertEquals(
            CustomerHash.bucket(id, 64) % n, CustomerHash.bucket(id, n), id + " with N=" + n);
      }
    }
  }
}
