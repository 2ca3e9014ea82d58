package com.ltvforecast.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.ltvforecast.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * {@link ModelRegistry} on DynamoDB: partition key {@code model_name}, sort key {@code version}.
 * The production pointer is the item with sort key {@value #POINTER}.
 */
public final class DynamoModelRegistry implements ModelRegistry {

  static final String POINTER = "PRODUCTION";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoModelRegistry(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public void register(ModelVersion v) {
    if (POINTER.equals(v.version())) {
      throw new IllegalArgumentException(
          POINTER + " is the production pointer's key, not a version name");
    }
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("model_name", s(v.modelName()));
    item.put("version", s(v.version()));
    item.put("status", s(v.status().name()));
    item.put("artifact_prefix", s(v.artifactPrefix()));
    item.put("checksum", s(v.checksum()));
    item.put("created_at", s(v.createdAt().toString()));
    item.put(
        "metrics", s(new String(Json.bytes(v.metrics()), java.nio.charset.StandardCharsets.UTF_8)));
    item.put(
        "reasons", s(new String(Json.bytes(v.reasons()), java.nio.charset.StandardCharsets.UTF_8)));
    dynamo.putItem(
        b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(version)"));
  }

  @Override
  public Optional<ModelVersion> find(String modelName, String version) {
    if (version == null || version.isEmpty() || POINTER.equals(version)) {
      return Optional.empty(); // the pointer item shares the key space; it is not a version
    }
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .consistentRead(true)
                        .key(Map.of("model_name", s(modelName), "version", s(version))))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toVersion(item));
  }

  @Override
  public List<ModelVersion> versions(String modelName) {
    List<ModelVersion> versions = new ArrayList<>();
    QueryRequest query =
        QueryRequest.builder()
            .tableName(table)
            .consistentRead(true)
            .keyConditionExpression("model_name = :m")
            .expressionAttributeValues(Map.of(":m", s(modelName)))
            .build();
    dynamo
        .queryPaginator(query)
        .items()
        .forEach(
            item -> {
              if (!POINTER.equals(item.get("version").s())) {
                versions.add(toVersion(item));
              }
            });
    return versions;
  }

  @Override
  public Optional<ModelVersion> production(String modelName) {
    Map<String, AttributeValue> pointer =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .consistentRead(true)
                        .key(Map.of("model_name", s(modelName), "version", s(POINTER))))
            .item();
    if (pointer == null || !pointer.containsKey("production_version")) {
      return Optional.empty();
    }
    return find(modelName, pointer.get("production_version").s());
  }

  @Override
  public void promote(String modelName, String version, String expectedCurrent) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":v", s(version));
    values.put(":t", s(Instant.now().toString()));
    String condition;
    if (expectedCurrent == null) {
      condition = "attribute_not_exists(production_version)";
    } else {
      condition = "production_version = :expected";
      values.put(":expected", s(expectedCurrent));
    }
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(Map.of("model_name", s(modelName), "version", s(POINTER)))
                  .updateExpression("SET production_version = :v, updated_at = :t")
                  .conditionExpression(condition)
                  .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException e) {
      throw new PromotionConflictException(modelName, version, expectedCurrent);
    }
  }

  @Override
  public void updateStatus(
      String modelName, String version, ModelVersion.Status status, List<String> reasons) {
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(Map.of("model_name", s(modelName), "version", s(version)))
                .updateExpression("SET #s = :s, reasons = :r")
                .conditionExpression("attribute_exists(version)")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(
                    Map.of(
                        ":s",
                        s(status.name()),
                        ":r",
                        s(
                            new String(
                                Json.bytes(reasons), java.nio.charset.StandardCharsets.UTF_8)))));
  }

  private static ModelVersion toVersion(Map<String, AttributeValue> item) {
    try {
      return new ModelVersion(
          item.get("model_name").s(),
          item.get("version").s(),
          ModelVersion.Status.valueOf(item.get("status").s()),
          item.get("artifact_prefix").s(),
          item.get("checksum").s(),
          Instant.parse(item.get("created_at").s()),
          Json.MAPPER.readValue(
              item.get("metrics").s(), new TypeReference<Map<String, Double>>() {}),
          Json.MAPPER.readValue(item.get("reasons").s(), new TypeReference<List<String>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt registry item " + item.get("version"), e);
    }
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
