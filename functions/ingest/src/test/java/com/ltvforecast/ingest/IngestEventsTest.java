package com.ltvforecast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.testing.LambdaEvents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How an IngestFunction payload becomes a typed request, without AWS: the sample events, and
 * malformed, empty, huge and hostile payloads (the same refusals through the deployed handler:
 * {@code ReconcileIT}).
 */
class IngestEventsTest {

  private static IngestEvents.Request parse(String payload) throws IOException {
    return IngestEvents.parse(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)));
  }

  private static InvalidEventException refused(String payload) {
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> parse(payload), payload);
    assertEquals(0, e.getStackTrace().length, "no stack trace reaches the caller");
    return e;
  }

  @Test
  void parse_shouldDecodeTheKeyAndKeepETagAndSequencer_whenS3Notification() throws IOException {
    var objects =
        assertInstanceOf(
            IngestEvents.S3Objects.class, parse(LambdaEvents.json("s3-put-encoded-key.json")));
    assertEquals(
        List.of(
            new IngestCommand(
                "raw/2026/11/daily export été 日本.csv.gz",
                "9b2cf535f27731c974343645a3985328",
                null,
                "0055AED6DCD90281F2")),
        objects.commands());
  }

  @Test
  void of_shouldGiveTheSameCommands_asTheRuntimeSerializersS3Event() throws IOException {
    String json = LambdaEvents.json("s3-put-encoded-key.json");
    assertEquals(parse(json), IngestEvents.of(LambdaEvents.s3Event(json)));
    assertEquals(new IngestEvents.S3Objects(List.of()), IngestEvents.of(null));
  }

  @Test
  void parse_shouldReadTheScheduledReconcile_andDefaultEveryMissingField() throws IOException {
    var scheduled =
        assertInstanceOf(
            IngestEvents.Reconcile.class, parse(LambdaEvents.json("schedule-reconcile.json")));
    assertEquals(new ReconcileCommand(Duration.ofHours(24), 20, false), scheduled.command());
    assertEquals(
        new IngestEvents.Reconcile(ReconcileCommand.defaults()), parse("{\"reconcile\": {}}"));
    assertEquals(
        new IngestEvents.Reconcile(ReconcileCommand.defaults()), parse("{\"reconcile\": null}"));
    assertEquals(
        new IngestEvents.Reconcile(new ReconcileCommand(Duration.ofHours(1), 0, true)),
        parse(
            "{\"reconcile\": {\"orphan_grace_hours\": 1, \"max_redrives\": 0, \"dry_run\": true}}"));
  }

  @Test
  void parse_shouldAcceptAnEmptyRecordList() throws IOException {
    assertEquals(new IngestEvents.S3Objects(List.of()), parse("{\"Records\": []}"));
  }

  @Test
  void parse_shouldRefuseClearly_whenThePayloadIsNotAnEventItTakes() {
    String[][] cases = {
      {"", "JSON object"},
      {"   ", "JSON object"},
      {"not json at all", "not JSON"},
      {"{\"Records\": [", "not JSON"},
      {"[]", "JSON object"},
      {"null", "JSON object"},
      {"42", "JSON object"},
      {"{}", "neither"},
      {"{\"reconcile\": {}, \"Records\": []}", "both"},
      {"{\"reconcile\": \"now\"}", "must be an object"},
      {"{\"reconcile\": {\"orphan_grace_hours\": 1e400}}", "1..8784"},
      {"{\"reconcile\": {\"max_redrives\": 99999999999999999999}}", "0..1000"},
      {"{\"reconcile\": {\"__proto__\": {}}}", "unknown reconcile field(s) [__proto__]"},
      {"{\"Records\": \"x\"}", "must be an array"},
      {"{\"Records\": [null]}", "key is missing"},
      {"{\"Records\": [{\"s3\": {\"object\": {\"key\": {\"$ne\": 1}}}}]}", "key must be a string"},
      {"{\"Records\": [{\"s3\": {\"object\": {\"key\": \"raw/%\"}}}]}", "not URL-encoded"},
    };
    for (String[] c : cases) {
      InvalidEventException e = refused(c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
    }
  }

  @Test
  void parse_shouldEchoOnlyAShortExcerpt_whenTheEventIsHuge() {
    String hugeValue = "x".repeat(2_000_000);
    String hugeName = "f".repeat(100_000);
    for (String payload :
        List.of(
            "\"" + hugeValue + "\"",
            "{\"reconcile\": \"" + hugeValue + "\"}",
            "{\"" + hugeName + "\": 1}",
            "{\"reconcile\": {\"" + hugeName + "\": 1}}",
            "{\"reconcile\": {\"dry_run\": \"" + hugeValue + "\"}}",
            "{\"Records\": [{\"s3\": {\"object\": {\"key\": [\"" + hugeValue + "\"]}}}]}",
            "{\"Records\": [" + hugeValue)) {
      InvalidEventException e = refused(payload);
      assertTrue(
          e.getMessage().length() < 400,
          e.getMessage().length() + " characters: " + e.getMessage().substring(0, 100));
    }
  }

  @Test
  void parse_shouldRefuseTheWholeEvent_whenALaterRecordIsMalformed() {
    InvalidEventException e =
        refused("{\"Records\": [{\"s3\": {\"object\": {\"key\": \"raw/a.csv\"}}}, {\"s3\": {}}]}");
    assertTrue(e.getMessage().startsWith("Records[1].s3.object.key"), e.getMessage());
  }
}
