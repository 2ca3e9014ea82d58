package com.ltvforecast.precompute;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells the invocation shapes apart and turns each into a command:
 * <ul>
 *   <li>SQS batch ({@code Records} with {@code eventSource = aws:sqs}): one shard message per record;
 *   <li>EventBridge {@code ModelPromoted} (source {@code ltv-forecast.training}): a run as of the
 *       training run date, for the promoted version;
 *   <li>EventBridge schedule ({@code Scheduled Event}): a run as of the event's UTC date;
 *   <li>{@code {"as_of"?, "shard": i, "shards": N}}: that one shard;
 *   <li>{@code {"as_of"?, "shards"?: N}}: a run, fanned out when N &gt; 1 (coordinator mode).
 * </ul>
 * A missing {@code as_of} means today (UTC).
 */
public final class PrecomputeEvents {

  public static final String TRAINING_SOURCE = "ltv-forecast.training";
  public static final String MODEL_PROMOTED = "ModelPromoted";
  public static final String SCHEDULED_EVENT = "Scheduled Event";

  /** What arrived. */
  public sealed interface Request permits Trigger, Shard, ShardMessages {}

  public record Trigger(TriggerCommand command) implements Request {}

  public record Shard(ShardCommand command) implements Request {}

  /** The SQS records, each still to be parsed, so one bad message fails alone. */
  public record ShardMessages(List<Message> messages) implements Request {}

  public record Message(String messageId, String body) {}

  private final Clock clock;

  public PrecomputeEvents(Clock clock) {
    this.clock = clock;
  }

  public Request parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new PrecomputeException.InvalidEventException("expected a JSON object, got " + event);
    }
    if (event.has("Records")) {
      List<Message> messages = new ArrayList<>();
      for (JsonNode record : event.get("Records")) {
        if (!"aws:sqs".equals(record.path("eventSource").asText())) {
          throw new PrecomputeException.InvalidEventException("unsupported record source '"
              + record.path("eventSource").asText() + "'");
        }
        messages.add(new Message(record.path("messageId").asText(), record.path("body").asText()));
      }
      return new ShardMessages(messages);
    }
    if (event.has("detail-type")) {
      String type = event.get("detail-type").asText();
      LocalDate eventDate = OffsetDateTime.parse(event.path("time").asText(OffsetDateTime.now(clock).toString()))
          .withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
      if (MODEL_PROMOTED.equals(type) && TRAINING_SOURCE.equals(event.path("source").asText())) {
        JsonNode detail = event.path("detail");
        LocalDate asOf = detail.hasNonNull("as_of") ? date(detail.get("as_of")) : eventDate;
        return new Trigger(new TriggerCommand(asOf, null, text(detail, "model_name"), text(detail, "model_version"),
            MODEL_PROMOTED));
      }
      if (SCHEDULED_EVENT.equals(type)) {
        return new Trigger(new TriggerCommand(eventDate, null, null, null, "schedule"));
      }
      throw new PrecomputeException.InvalidEventException("unsupported EventBridge event '" + type + "' from '"
          + event.path("source").asText() + "'");
    }
    LocalDate asOf = event.hasNonNull("as_of") ? date(event.get("as_of")) : LocalDate.now(clock);
    if (event.hasNonNull("shard")) {
      if (!event.hasNonNull("shards")) {
        throw new PrecomputeException.InvalidEventException("a shard invocation needs \"shards\" too: " + event);
      }
      return new Shard(shard(event, asOf));
    }
    return new Trigger(new TriggerCommand(asOf, event.hasNonNull("shards") ? integer(event, "shards") : null,
        null, null, "invocation"));
  }

  /** The body of one shard message. */
  public ShardCommand shardMessage(JsonNode body) {
    if (body == null || !body.hasNonNull("shard") || !body.hasNonNull("shards") || !body.hasNonNull("as_of")) {
      throw new PrecomputeException.InvalidEventException("a shard message needs as_of, shard and shards: " + body);
    }
    ShardCommand command = shard(body, date(body.get("as_of")));
    // A queued message without run_at predates run ordering: it ranks below every run that has one.
    return command.runAt() != null ? command
        : new ShardCommand(command.asOf(), command.shard(), command.shards(), command.modelVersion(), Instant.EPOCH);
  }

  private static ShardCommand shard(JsonNode node, LocalDate asOf) {
    return new ShardCommand(asOf, integer(node, "shard"), integer(node, "shards"), text(node, "model_version"),
        instant(node, "run_at"));
  }

  private static Instant instant(JsonNode node, String field) {
    if (!node.hasNonNull(field)) {
      return null;
    }
    try {
      return Instant.parse(node.get(field).asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw new PrecomputeException.InvalidEventException(field + " must be an ISO instant, got '"
          + node.get(field).asText() + "'");
    }
  }

  private static LocalDate date(JsonNode node) {
    try {
      return LocalDate.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new PrecomputeException.InvalidEventException("as_of must be YYYY-MM-DD, got '" + node.asText() + "'");
    }
  }

  private static int integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value.canConvertToInt() && (value.isIntegralNumber() || value.isTextual() && value.asText().matches("\\d+"))) {
      return value.asInt();
    }
    throw new PrecomputeException.InvalidEventException(field + " must be an integer, got " + value);
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }
}
