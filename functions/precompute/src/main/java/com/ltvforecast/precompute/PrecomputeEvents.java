package com.ltvforecast.precompute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.json.Excerpt;
import com.ltvforecast.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Types PrecomputeFunction's invocations. Three start a run, for the {@link PrecomputeCoordinator}:
 *
 * <ul>
 *   <li>{@link Scheduled}: the EventBridge schedule ({@code Scheduled Event}), as of the event's
 *       UTC date;
 *   <li>{@link ModelPromoted}: EventBridge {@code ModelPromoted} (source {@code
 *       ltv-forecast.training}), as of the training run date, for the promoted version;
 *   <li>{@link ManualRun}: {@code {"as_of"?, "shards"?: N}}, fanned out when N &gt; 1.
 * </ul>
 *
 * Two score shards, for the {@link ShardHandler}:
 *
 * <ul>
 *   <li>{@link ShardMessages}: an SQS batch ({@code Records} with {@code eventSource = aws:sqs}),
 *       one shard message per record, each parsed on its own by {@link #shardMessage} so that a bad
 *       one fails alone;
 *   <li>{@link ShardInvocation}: {@code {"as_of"?, "shard": i, "shards": N}}, that one shard.
 * </ul>
 *
 * A missing {@code as_of} means today (UTC). Anything else is refused with an {@link
 * PrecomputeException.InvalidEventException} (no stack trace) that names the field, before anything
 * runs; a value it echoes is an {@link Excerpt}.
 */
public final class PrecomputeEvents {

  public static final String TRAINING_SOURCE = "ltv-forecast.training";
  public static final String MODEL_PROMOTED = "ModelPromoted";
  public static final String SCHEDULED_EVENT = "Scheduled Event";

  /** What arrived. */
  public sealed interface Event permits CoordinatorEvent, ShardEvent {}

  /** An event that starts a run. */
  public sealed interface CoordinatorEvent extends Event
      permits Scheduled, ModelPromoted, ManualRun {
    TriggerCommand command();
  }

  public record Scheduled(LocalDate asOf) implements CoordinatorEvent {
    @Override
    public TriggerCommand command() {
      return new TriggerCommand(asOf, null, null, null, "schedule");
    }
  }

  /**
   * @param modelName the promoted model, or null when the event names none
   */
  public record ModelPromoted(LocalDate asOf, String modelName, String modelVersion)
      implements CoordinatorEvent {
    @Override
    public TriggerCommand command() {
      return new TriggerCommand(asOf, null, modelName, modelVersion, MODEL_PROMOTED);
    }
  }

  /**
   * @param shards the shard count, or null for the configured default
   */
  public record ManualRun(LocalDate asOf, Integer shards) implements CoordinatorEvent {
    public ManualRun {
      TriggerCommand.requireShardCount(shards);
    }

    @Override
    public TriggerCommand command() {
      return new TriggerCommand(asOf, shards, null, null, "invocation");
    }
  }

  /** An event that scores shards. */
  public sealed interface ShardEvent extends Event permits ShardInvocation, ShardMessages {}

  public record ShardInvocation(ShardCommand command) implements ShardEvent {}

  /** The SQS records, each still to be parsed, so one bad message fails alone. */
  public record ShardMessages(List<Message> messages) implements ShardEvent {}

  public record Message(String messageId, String body) {}

  private final Clock clock;

  public PrecomputeEvents(Clock clock) {
    this.clock = clock;
  }

  /**
   * The event of a raw invocation payload; one that is not JSON is refused like any malformed
   * event.
   */
  public Event parse(InputStream payload) throws IOException {
    JsonNode event;
    try {
      event = Json.MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      throw invalid("the event is not JSON: " + Excerpt.of(e.getOriginalMessage(), 200));
    }
    return parse(event);
  }

  public Event parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw invalid("expected a JSON object, got " + Excerpt.of(event));
    }
    if (event.has("Records")) {
      return shardMessages(event.get("Records"));
    }
    if (event.has("detail-type")) {
      return eventBridge(event);
    }
    LocalDate asOf = event.hasNonNull("as_of") ? date(event.get("as_of")) : LocalDate.now(clock);
    if (event.hasNonNull("shard")) {
      if (!event.hasNonNull("shards")) {
        throw invalid("a shard invocation needs \"shards\" too: " + Excerpt.of(event));
      }
      return new ShardInvocation(shard(event, asOf));
    }
    return new ManualRun(asOf, event.hasNonNull("shards") ? integer(event, "shards") : null);
  }

  /** The body of one shard message. */
  public ShardCommand shardMessage(String body) {
    try {
      return shardMessage(Json.MAPPER.readTree(body));
    } catch (JsonProcessingException e) {
      throw invalid("a shard message must be JSON: " + Excerpt.of(e.getOriginalMessage(), 200));
    }
  }

  /** The body of one shard message. */
  public ShardCommand shardMessage(JsonNode body) {
    if (body == null
        || !body.hasNonNull("shard")
        || !body.hasNonNull("shards")
        || !body.hasNonNull("as_of")) {
      throw invalid("a shard message needs as_of, shard and shards: " + Excerpt.of(body));
    }
    ShardCommand command = shard(body, date(body.get("as_of")));
    // A queued message without run_at predates run ordering: it ranks below every run that has one.
    return command.runAt() != null
        ? command
        : new ShardCommand(
            command.asOf(),
            command.shard(),
            command.shards(),
            command.modelVersion(),
            Instant.EPOCH);
  }

  private static ShardMessages shardMessages(JsonNode records) {
    if (!records.isArray()) {
      throw invalid("\"Records\" must be an array of SQS records, got " + Excerpt.of(records));
    }
    List<Message> messages = new ArrayList<>();
    for (JsonNode record : records) {
      if (!"aws:sqs".equals(record.path("eventSource").asText())) {
        throw invalid(
            "unsupported record source '" + Excerpt.of(record.path("eventSource").asText()) + "'");
      }
      messages.add(new Message(record.path("messageId").asText(), record.path("body").asText()));
    }
    return new ShardMessages(messages);
  }

  private CoordinatorEvent eventBridge(JsonNode event) {
    String type = event.get("detail-type").asText();
    if (MODEL_PROMOTED.equals(type) && TRAINING_SOURCE.equals(event.path("source").asText())) {
      JsonNode detail = event.path("detail");
      LocalDate asOf = detail.hasNonNull("as_of") ? date(detail.get("as_of")) : eventDate(event);
      return new ModelPromoted(asOf, text(detail, "model_name"), text(detail, "model_version"));
    }
    if (SCHEDULED_EVENT.equals(type)) {
      return new Scheduled(eventDate(event));
    }
    throw invalid(
        "unsupported EventBridge event '"
            + Excerpt.of(type)
            + "' from '"
            + Excerpt.of(event.path("source").asText())
            + "'");
  }

  /** The UTC date of the event's {@code time}; now when it has none. */
  private LocalDate eventDate(JsonNode event) {
    String time = event.path("time").asText(OffsetDateTime.now(clock).toString());
    try {
      return OffsetDateTime.parse(time).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    } catch (DateTimeException e) {
      throw invalid("time must be an ISO-8601 date-time, got '" + Excerpt.of(time) + "'");
    }
  }

  private static ShardCommand shard(JsonNode node, LocalDate asOf) {
    return new ShardCommand(
        asOf,
        integer(node, "shard"),
        integer(node, "shards"),
        text(node, "model_version"),
        instant(node, "run_at"));
  }

  private static Instant instant(JsonNode node, String field) {
    if (!node.hasNonNull(field)) {
      return null;
    }
    try {
      return Instant.parse(node.get(field).asText());
    } catch (DateTimeException e) {
      throw invalid(
          field + " must be an ISO instant, got '" + Excerpt.of(node.get(field).asText()) + "'");
    }
  }

  private static LocalDate date(JsonNode node) {
    try {
      return LocalDate.parse(node.asText());
    } catch (DateTimeException e) {
      throw invalid("as_of must be YYYY-MM-DD, got '" + Excerpt.of(node.asText()) + "'");
    }
  }

  private static int integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value.canConvertToInt()
        && (value.isIntegralNumber() || value.isTextual() && value.asText().matches("\\d+"))) {
      return value.asInt();
    }
    throw invalid(field + " must be an integer, got " + Excerpt.of(value));
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static PrecomputeException.InvalidEventException invalid(String message) {
    return new PrecomputeException.InvalidEventException(message);
  }
}
