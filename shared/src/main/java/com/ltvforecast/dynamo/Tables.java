package com.ltvforecast.dynamo;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The key schemas of the stack's tables, as {@code template.yaml} declares them, for the local
 * runner and the integration tests to create on a local endpoint. Creating an existing table is a
 * no-op.
 */
public final class Tables {

  private Tables() {}

  /** ModelRegistryTable: partition key {@code model_name}, sort key {@code version}. */
  public static void createModelRegistry(DynamoDbClient dynamo, String name) {
    try {
      dynamo.createTable(
          b ->
              b.tableName(name)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      a -> a.attributeName("model_name").attributeType(ScalarAttributeType.S),
                      a -> a.attributeName("version").attributeType(ScalarAttributeType.S))
                  .keySchema(
                      k -> k.attributeName("model_name").keyType(KeyType.HASH),
                      k -> k.attributeName("version").keyType(KeyType.RANGE)));
    } catch (ResourceInUseException alreadyThere) {
      // Reused across runs against the same endpoint.
    }
  }

  /** FeatureTable and ScoreTable: partition key {@code customer_id}. */
  public static void createCustomerTable(DynamoDbClient dynamo, String name) {
    try {
      dynamo.createTable(
          b ->
              b.tableName(name)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      a -> a.attributeName("customer_id").attributeType(ScalarAttributeType.S))
                  .keySchema(k -> k.attributeName("customer_id").keyType(KeyType.HASH)));
    } catch (ResourceInUseException alreadyThere) {
      // Reused across runs against the same endpoint.
    }
  }
}
