package com.ltvforecast.scores;

import com.ltvforecast.dynamo.BatchWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link ScoreStore} on DynamoDB: pk {@code customer_id}, TTL attribute {@code expires_at} (epoch
 * seconds), {@code as_of} and {@code run_at} ordering the writes: every put is conditional, so a
 * backfill or a retried shard of an earlier run never replaces a newer score.
 */
public final class DynamoScoreStore implements ScoreStore {

  private final DynamoDbClient dynamo;
  private final BatchWriter writer;
  private final String table;
  private final Clock clock;

  /**
   * Written only over an item with an earlier {@code as_of}, or the same {@code as_of} from a run
   * that started no later ({@code run_at}, epoch milliseconds; items from before {@code run_at}
   * existed count as earliest). ISO dates compare correctly as strings.
   */
  public DynamoScoreStore(DynamoDbClient dynamo, BatchWriter writer, String table) {
    this(dynamo, writer, table, Clock.systemUTC());
  }

  public DynamoScoreStore(DynamoDbClient dynamo, BatchWriter writer, String table, Clock clock) {
    this.dynamo = dynamo;
    this.writer = writer;
    this.table = table;
    this.clock = clock;
  }

  @Override
  public Optional<Score> get(String customerId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table).key(Map.of("customer_id", AttributeValue.fromS(customerId))))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    // TTL deletion lags expiry by up to days: an expired score is never served.
    Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(item.get("expires_at").n()));
    if (!clock.instant().isBefore(expiresAt)) {
      return Optional.empty();
    }
    return Optional.of(
        new Score(
            customerId,
            Double.parseDouble(item.get("ltv").n()),
            Double.parseDouble(item.get("churn_probability").n()),
            Integer.parseInt(item.get("horizon_days").n()),
            LocalDate.parse(item.get("as_of").s()),
            item.get("model_version").s(),
            Instant.parse(item.get("scored_at").s()),
            expiresAt));
  }

  /** A conditional write too, as of now: it never replaces a score of a later as_of. */
  @Override
  public void putAll(List<Score> scores) {
    putAllIfNewer(scores, clock.instant());
  }

  @Override
  public long putAllIfNewer(List<Score> scores, Instant runStartedAt) {
    List<Map<String, AttributeValue>> items = new ArrayList<>(scores.size());
    LocalDate asOf = null;
    for (Score s : scores) {
      if (asOf == null) {
        asOf = s.asOf();
      } else if (!asOf.equals(s.asOf())) {
        throw new IllegalArgumentException(
            "one conditional write covers one as_of, got " + asOf + " and " + s.asOf());
      }
      items.add(
          Map.of(
              "customer_id", AttributeValue.fromS(s.customerId()),
              "ltv", AttributeValue.fromN(Double.toString(s.ltv())),
              "churn_probability", AttributeValue.fromN(Double.toString(s.churnProbability())),
              "horizon_days", AttributeValue.fromN(Integer.toString(s.horizonDays())),
              "as_of", AttributeValue.fromS(s.asOf().toString()),
              "model_version", AttributeValue.fromS(s.modelVersion()),
              "scored_at", AttributeValue.fromS(s.scoredAt().toString()),
              "expires_at", AttributeValue.fromN(Long.toString(s.expiresAt().getEpochSecond())),
              "run_at", AttributeValue.fromN(Long.toString(runStartedAt.toEpochMilli()))));
    }
    if (items.isEmpty()) {
      return 0;
    }
    return writer.putAllUnlessNewer(table, items, asOf, runStartedAt);
  }
}
