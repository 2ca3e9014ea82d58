package com.ltvforecast.ingest;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.json.Excerpt;
import com.ltvforecast.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The event shapes IngestFunction takes: an S3 notification ({@code Records}, as S3 sends it for
 * ObjectCreated on {@code raw/}), or a reconcile request ({@code {"reconcile":
 * {"orphan_grace_hours", "max_redrives", "dry_run"}}}, every field optional), as the daily schedule
 * sends it. Anything else is refused with an {@link InvalidEventException} that names the field,
 * before anything runs.
 */
final class IngestEvents {

  static final Set<String> RECONCILE_FIELDS =
      Set.of("orphan_grace_hours", "max_redrives", "dry_run");

  private IngestEvents() {}

  sealed interface Request permits S3Objects, Reconcile {}

  /** The objects of an S3 notification, one command per record. */
  record S3Objects(List<IngestCommand> commands) implements Request {}

  record Reconcile(ReconcileCommand command) implements Request {}

  /**
   * The request of a raw invocation payload; one that is not JSON is refused like any malformed
   * event.
   */
  static Request parse(InputStream payload) throws IOException {
    JsonNode event;
    try {
      event = Json.MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(
          "the event is not JSON: " + Excerpt.of(e.getOriginalMessage(), 200));
    }
    return parse(event);
  }

  static Request parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new InvalidEventException(
          "the event must be a JSON object: an S3 notification with \"Records\", or "
              + "{\"reconcile\": {...}}; got "
              + Excerpt.of(event));
    }
    boolean records = event.has("Records");
    boolean reconcile = event.has("reconcile");
    if (records && reconcile) {
      throw new InvalidEventException(
          "the event has both \"Records\" and \"reconcile\"; send one or the other");
    }
    if (records) {
      return new S3Objects(commands(event.get("Records")));
    }
    if (reconcile) {
      return new Reconcile(reconcile(event.get("reconcile")));
    }
    throw new InvalidEventException(
        "the event is neither an S3 notification (\"Records\") nor a reconcile "
            + "request ({\"reconcile\": {...}}); its fields: "
            + fieldNames(event));
  }

  private static List<IngestCommand> commands(JsonNode records) {
    if (!records.isArray()) {
      throw new InvalidEventException("\"Records\" must be an array, got " + Excerpt.of(records));
    }
    List<IngestCommand> commands = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      JsonNode object = records.get(i).path("s3").path("object");
      String where = "Records[" + i + "].s3.object";
      String key = text(object, "key", where, true);
      if (key.isEmpty()) {
        throw new InvalidEventException(where + ".key is empty");
      }
      String decoded;
      try {
        decoded = decodeKey(key);
      } catch (IllegalArgumentException e) {
        throw new InvalidEventException(
            where + ".key is not URL-encoded as S3 sends keys: " + e.getMessage());
      }
      commands.add(
          new IngestCommand(
              decoded,
              text(object, "eTag", where, false),
              text(object, "versionId", where, false),
              text(object, "sequencer", where, false)));
    }
    return commands;
  }

  /**
   * The objects of an S3 notification as the Lambda runtime's serializer types it (the local
   * runner's path).
   */
  static S3Objects of(S3Event event) {
    List<IngestCommand> commands = new ArrayList<>();
    if (event != null && event.getRecords() != null) {
      for (S3EventNotificationRecord record : event.getRecords()) {
        S3ObjectEntity object = record.getS3().getObject();
        commands.add(
            new IngestCommand(
                decodeKey(object.getKey()),
                blankToNull(object.geteTag()),
                blankToNull(object.getVersionId()),
                blankToNull(object.getSequencer())));
      }
    }
    return new S3Objects(commands);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** S3 event keys are URL-encoded with '+' for spaces, as in HTML forms. */
  static String decodeKey(String encoded) {
    return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
  }

  /** A string field, or null when absent or blank (and not required). */
  private static String text(JsonNode parent, String field, String where, boolean required) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidEventException(
            where + "." + field + " is missing: not an S3 notification record");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidEventException(
          where + "." + field + " must be a string, got " + Excerpt.of(value));
    }
    return value.asText().isBlank() && !required ? null : value.asText();
  }

  private static ReconcileCommand reconcile(JsonNode node) {
    if (node.isNull()) {
      return ReconcileCommand.defaults();
    }
    if (!node.isObject()) {
      throw new InvalidEventException(
          "\"reconcile\" must be an object such as {\"orphan_grace_hours\": 24}, got "
              + Excerpt.of(node));
    }
    List<String> unknown = fieldNames(node, name -> !RECONCILE_FIELDS.contains(name));
    if (!unknown.isEmpty()) {
      throw new InvalidEventException(
          "unknown reconcile field(s) "
              + unknown
              + "; accepted: "
              + RECONCILE_FIELDS.stream().sorted().toList());
    }
    int graceHours =
        integer(
            node,
            "orphan_grace_hours",
            ReconcileCommand.DEFAULT_GRACE_HOURS,
            ReconcileCommand.MIN_GRACE_HOURS,
            ReconcileCommand.MAX_GRACE_HOURS);
    int maxRedrives =
        integer(
            node,
            "max_redrives",
            ReconcileCommand.DEFAULT_MAX_REDRIVES,
            0,
            ReconcileCommand.MAX_REDRIVES);
    JsonNode dryRun = node.get("dry_run");
    if (dryRun != null && !dryRun.isNull() && !dryRun.isBoolean()) {
      throw new InvalidEventException(
          "reconcile.dry_run must be true or false, got " + Excerpt.of(dryRun));
    }
    return new ReconcileCommand(
        Duration.ofHours(graceHours), maxRedrives, dryRun != null && dryRun.asBoolean());
  }

  private static int integer(JsonNode parent, String field, int defaultValue, int min, int max) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isIntegralNumber()
        || !value.canConvertToInt()
        || value.intValue() < min
        || value.intValue() > max) {
      throw new InvalidEventException(
          "reconcile."
              + field
              + " must be an integer in "
              + min
              + ".."
              + max
              + ", got "
              + Excerpt.of(value));
    }
    return value.intValue();
  }

  /** At most 10 field names, each cut to 40 characters. */
  private static List<String> fieldNames(JsonNode node) {
    return fieldNames(node, name -> true);
  }

  private static List<String> fieldNames(JsonNode node, Predicate<String> kept) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    while (it.hasNext() && names.size() < 10) {
      String name = it.next();
      if (kept.test(name)) {
        names.add(Excerpt.of(name, 40));
      }
    }
    return names;
  }
}
