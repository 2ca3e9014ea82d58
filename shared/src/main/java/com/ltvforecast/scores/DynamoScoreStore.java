package com.ltvforecast.scores;

import com.ltvforecast.dynamo.BatchWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link ScoreStore} on DynamoDB: pk {@code customer_id}, TTL attribute {@code expires_at} (epoch seconds). */
public final class DynamoScoreStore implements ScoreStore {

  private final DynamoDbClient dynamo;
  private final BatchWriter writer;
  private final String table;

  public DynamoScoreStore(DynamoDbClient dynamo, BatchWriter writer, String table) {
    this.dynamo = dynamo;
    this.writer = writer;
    this.table = table;
  }

  @Override
  public Optional<Score> get(String customerId) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
        .key(Map.of("customer_id", AttributeValue.fromS(customerId)))).item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Score(customerId, Double.parseDouble(item.get("ltv").n()),
        Double.parseDouble(item.get("churn_probability").n()), Integer.parseInt(item.get("horizon_days").n()),
        LocalDate.parse(item.get("as_of").s()), item.get("model_version").s(), Instant.parse(item.get("scored_at").s()),
        Instant.ofEpochSecond(Long.parseLong(item.get("expires_at").n()))));
  }

  @Override
  public void putAll(List<Score> scores) {
    List<Map<String, AttributeValue>> items = new ArrayList<>(scores.size());
    for (Score s : scores) {
      items.add(Map.of(
          "customer_id", AttributeValue.fromS(s.customerId()),
          "ltv", AttributeValue.fromN(Double.toString(s.ltv())),
          "churn_probability", AttributeValue.fromN(Double.toString(s.churnProbability())),
          "horizon_days", AttributeValue.fromN(Integer.toString(s.horizonDays())),
          "as_of", AttributeValue.fromS(s.asOf().toString()),
          "model_version", AttributeValue.fromS(s.modelVersion()),
          "scored_at", AttributeValue.fromS(s.scoredAt().toString()),
          "expires_at", AttributeValue.fromN(Long.toString(s.expiresAt().getEpochSecond()))));
    }
    writer.putAll(table, items);
  }
}
