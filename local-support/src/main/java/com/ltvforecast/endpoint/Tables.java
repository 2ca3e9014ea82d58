package com.ltvforecast.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * The stack's tables as {@code template.yaml} declares them (billing mode, attribute definitions,
 * key schema, time to live), read from the template the build copies into this module's jar, for
 * the local runner and the integration tests to create on a local endpoint. Nothing here repeats a
 * key schema: a change to the template is what the tables get. Creating an existing table is a
 * no-op.
 */
public final class Tables {

  /** The template's logical ids of the tables. */
  public static final String MODEL_REGISTRY_TABLE = "ModelRegistryTable";

  public static final String FEATURE_TABLE = "FeatureTable";
  public static final String SCORE_TABLE = "ScoreTable";

  /** Where the build puts a copy of the repository's template.yaml. */
  static final String TEMPLATE_RESOURCE = "/com/ltvforecast/endpoint/template.yaml";

  private static final JsonNode RESOURCES = readTemplate().path("Resources");

  private Tables() {}

  /** ModelRegistryTable, under {@code name}. */
  public static void createModelRegistry(DynamoDbClient dynamo, String name) {
    create(dynamo, MODEL_REGISTRY_TABLE, name);
  }

  /** FeatureTable, under {@code name}. */
  public static void createFeatureTable(DynamoDbClient dynamo, String name) {
    create(dynamo, FEATURE_TABLE, name);
  }

  /** ScoreTable, under {@code name}, with its time-to-live attribute. */
  public static void createScoreTable(DynamoDbClient dynamo, String name) {
    create(dynamo, SCORE_TABLE, name);
  }

  /** Creates the table the template declares as {@code logicalId}, named {@code name}. */
  public static void create(DynamoDbClient dynamo, String logicalId, String name) {
    try {
      dynamo.createTable(createRequest(logicalId, name));
    } catch (ResourceInUseException alreadyThere) {
      // Reused across runs against the same endpoint.
      return;
    }
    timeToLive(logicalId)
        .ifPresent(
            ttl -> dynamo.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(ttl)));
  }

  /** The CreateTable request for the template's {@code logicalId}. */
  static CreateTableRequest createRequest(String logicalId, String name) {
    JsonNode properties = properties(logicalId);
    List<AttributeDefinition> attributes = new ArrayList<>();
    for (JsonNode a : properties.path("AttributeDefinitions")) {
      attributes.add(
          AttributeDefinition.builder()
              .attributeName(a.path("AttributeName").asText())
              .attributeType(a.path("AttributeType").asText())
              .build());
    }
    List<KeySchemaElement> keys = new ArrayList<>();
    for (JsonNode k : properties.path("KeySchema")) {
      keys.add(
          KeySchemaElement.builder()
              .attributeName(k.path("AttributeName").asText())
              .keyType(k.path("KeyType").asText())
              .build());
    }
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(properties.path("BillingMode").asText())
        .attributeDefinitions(attributes)
        .keySchema(keys)
        .build();
  }

  /** The template's time-to-live specification of {@code logicalId}, when it has one. */
  static Optional<TimeToLiveSpecification> timeToLive(String logicalId) {
    JsonNode ttl = properties(logicalId).path("TimeToLiveSpecification");
    if (ttl.isMissingNode()) {
      return Optional.empty();
    }
    return Optional.of(
        TimeToLiveSpecification.builder()
            .attributeName(ttl.path("AttributeName").asText())
            .enabled(ttl.path("Enabled").asBoolean())
            .build());
  }

  private static JsonNode properties(String logicalId) {
    JsonNode resource = RESOURCES.path(logicalId);
    if (!"AWS::DynamoDB::Table".equals(resource.path("Type").asText())) {
      throw new IllegalArgumentException("template.yaml declares no table " + logicalId);
    }
    return resource.path("Properties");
  }

  /**
   * Jackson's YAML reader takes CloudFormation's short-form tags ({@code !Ref}, {@code !Sub},
   * {@code !GetAtt}) as plain values, so the whole template parses; the tables use none.
   */
  private static JsonNode readTemplate() {
    try (InputStream in = Tables.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(TEMPLATE_RESOURCE + " is not on the class path");
      }
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + TEMPLATE_RESOURCE, e);
    }
  }
}
