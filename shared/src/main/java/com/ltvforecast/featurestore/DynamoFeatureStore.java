package com.ltvforecast.featurestore;

import com.ltvforecast.dynamo.BatchWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link FeatureStore} on DynamoDB: pk {@code customer_id}; the vector as a list of numbers. */
public final class DynamoFeatureStore implements FeatureStore {

  private final DynamoDbClient dynamo;
  private final BatchWriter writer;
  private final String table;

  public DynamoFeatureStore(DynamoDbClient dynamo, BatchWriter writer, String table) {
    this.dynamo = dynamo;
    this.writer = writer;
    this.table = table;
  }

  @Override
  public Optional<FeatureRecord> get(String customerId) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
        .key(Map.of("customer_id", AttributeValue.fromS(customerId)))).item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    List<AttributeValue> list = item.get("features").l();
    double[] values = new double[list.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Double.parseDouble(list.get(i).n());
    }
    return Optional.of(new FeatureRecord(customerId, LocalDate.parse(item.get("as_of").s()),
        Integer.parseInt(item.get("schema_version").n()), values));
  }

  @Override
  public void putAll(List<FeatureRecord> records) {
    List<Map<String, AttributeValue>> items = new ArrayList<>(records.size());
    for (FeatureRecord r : records) {
      List<AttributeValue> values = new ArrayList<>();
      for (double v : r.values()) {
        values.add(AttributeValue.fromN(Double.toString(v)));
      }
      items.add(Map.of(
          "customer_id", AttributeValue.fromS(r.customerId()),
          "features", AttributeValue.fromL(values),
          "schema_version", AttributeValue.fromN(Integer.toString(r.schemaVersion())),
          "as_of", AttributeValue.fromS(r.asOf().toString())));
    }
    writer.putAll(table, items);
  }
}
