package com.ltvforecast.featurestore;

import com.ltvforecast.dynamo.BatchWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link FeatureStore} on DynamoDB: pk {@code customer_id}; the vector as a list of numbers; every
 * put conditional on {@code as_of} and {@code run_at}, so older runs never replace newer features.
 */
public final class DynamoFeatureStore implements FeatureStore {

  private final DynamoDbClient dynamo;
  private final BatchWriter writer;
  private final String table;

  /**
   * Written only over an item with an earlier {@code as_of}, or the same {@code as_of} from a run
   * that started no later ({@code run_at}, epoch milliseconds; items from before {@code run_at}
   * existed count as earliest). ISO dates compare correctly as strings.
   */
  public DynamoFeatureStore(DynamoDbClient dynamo, BatchWriter writer, String table) {
    this.dynamo = dynamo;
    this.writer = writer;
    this.table = table;
  }

  @Override
  public Optional<FeatureRecord> get(String customerId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table).key(Map.of("customer_id", AttributeValue.fromS(customerId))))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    List<AttributeValue> list = item.get("features").l();
    double[] values = new double[list.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Double.parseDouble(list.get(i).n());
    }
    return Optional.of(
        new FeatureRecord(
            customerId,
            LocalDate.parse(item.get("as_of").s()),
            Integer.parseInt(item.get("schema_version").n()),
            values));
  }

  /** A conditional write too, as of now: it never replaces features of a later as_of. */
  @Override
  public void putAll(List<FeatureRecord> records) {
    putAllIfNewer(records, Instant.now());
  }

  @Override
  public long putAllIfNewer(List<FeatureRecord> records, Instant runStartedAt) {
    List<Map<String, AttributeValue>> items = new ArrayList<>(records.size());
    LocalDate asOf = null;
    for (FeatureRecord r : records) {
      if (asOf == null) {
        asOf = r.asOf();
      } else if (!asOf.equals(r.asOf())) {
        throw new IllegalArgumentException(
            "one conditional write covers one as_of, got " + asOf + " and " + r.asOf());
      }
      List<AttributeValue> values = new ArrayList<>();
      for (double v : r.values()) {
        values.add(AttributeValue.fromN(Double.toString(v)));
      }
      items.add(
          Map.of(
              "customer_id", AttributeValue.fromS(r.customerId()),
              "features", AttributeValue.fromL(values),
              "schema_version", AttributeValue.fromN(Integer.toString(r.schemaVersion())),
              "as_of", AttributeValue.fromS(r.asOf().toString()),
              "run_at", AttributeValue.fromN(Long.toString(runStartedAt.toEpochMilli()))));
    }
    if (items.isEmpty()) {
      return 0;
    }
    return writer.putAllUnlessNewer(table, items, asOf, runStartedAt);
  }
}
