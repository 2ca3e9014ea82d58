package com.ltvforecast.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The event shapes IngestFunction takes: an S3 notification ({@code Records}, as S3 sends it for
 * ObjectCreated on {@code raw/}), or a reconcile request ({@code {"reconcile": {"orphan_grace_hours",
 * "max_redrives", "dry_run"}}}, every field optional), as the daily schedule sends it. Anything else is
 * refused with an {@link InvalidEventException} that names the field, before anything runs.
 */
final class IngestEvents {

  static final Set<String> RECONCILE_FIELDS = Set.of("orphan_grace_hours", "max_redrives", "dry_run");

  private IngestEvents() {}

  sealed interface Request permits S3Objects, Reconcile {}

  /** The objects of an S3 notification, one command per record. */
  record S3Objects(List<IngestCommand> commands) implements Request {}

  record Reconcile(ReconcileCommand command) implements Request {}

  static Request parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new InvalidEventException("the event must be a JSON object: an S3 notification with \"Records\", or "
          + "{\"reconcile\": {...}}; got " + describe(event));
    }
    boolean records = event.has("Records");
    boolean reconcile = event.has("reconcile");
    if (records && reconcile) {
      throw new InvalidEventException("the event has both \"Records\" and \"reconcile\"; send one or the other");
    }
    if (records) {
      return new S3Objects(commands(event.get("Records")));
    }
    if (reconcile) {
      return new Reconcile(reconcile(event.get("reconcile")));
    }
    throw new InvalidEventException("the event is neither an S3 notification (\"Records\") nor a reconcile "
        + "request ({\"reconcile\": {...}}); its fields: " + fieldNames(event));
  }

  private static List<IngestCommand> commands(JsonNode records) {
    if (!records.isArray()) {
      throw new InvalidEventException("\"Records\" must be an array, got " + describe(records));
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
        throw new InvalidEventException(where + ".key is not URL-encoded as S3 sends keys: " + e.getMessage());
      }
      commands.add(new IngestCommand(decoded, text(object, "eTag", where, false),
          text(object, "versionId", where, false), text(object, "sequencer", where, false)));
    }
    return commands;
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
        throw new InvalidEventException(where + "." + field + " is missing: not an S3 notification record");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidEventException(where + "." + field + " must be a string, got " + describe(value));
    }
    return value.asText().isBlank() && !required ? null : value.asText();
  }

  private static ReconcileCommand reconcile(JsonNode node) {
    if (node.isNull()) {
      return ReconcileCommand.defaults();
    }
    if (!node.isObject()) {
      throw new InvalidEventException("\"reconcile\" must be an object such as {\"orphan_grace_hours\": 24}, got "
          + describe(node));
    }
    List<String> unknown = new ArrayList<>();
    node.fieldNames().forEachRemaining(name -> {
      if (!RECONCILE_FIELDS.contains(name)) {
        unknown.add(name);
      }
    });
    if (!unknown.isEmpty()) {
      throw new InvalidEventException("unknown reconcile field(s) " + unknown + "; accepted: "
          + RECONCILE_FIELDS.stream().sorted().toList());
    }
    int graceHours = integer(node, "orphan_grace_hours", ReconcileCommand.DEFAULT_GRACE_HOURS,
        ReconcileCommand.MIN_GRACE_HOURS, ReconcileCommand.MAX_GRACE_HOURS);
    int maxRedrives = integer(node, "max_redrives", ReconcileCommand.DEFAULT_MAX_REDRIVES, 0,
        ReconcileCommand.MAX_REDRIVES);
    JsonNode dryRun = node.get("dry_run");
    if (dryRun != null && !dryRun.isNull() && !dryRun.isBoolean()) {
      throw new InvalidEventException("reconcile.dry_run must be true or false, got " + describe(dryRun));
    }
    return new ReconcileCommand(Duration.ofHours(graceHours), maxRedrives, dryRun != null && dryRun.asBoolean());
  }

  private static int integer(JsonNode parent, String field, int defaultValue, int min, int max) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
      throw new InvalidEventException("reconcile." + field + " must be an integer in " + min + ".." + max + ", got "
          + describe(value));
    }
    return value.intValue();
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String text = node.toString();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    while (it.hasNext() && names.size() < 10) {
      String name = it.next();
      names.add(name.length() > 40 ? name.substring(0, 37) + "..." : name);
    }
    return names;
  }
}
