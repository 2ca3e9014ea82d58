package com.ltvforecast.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The write loops' retries and counts, against a scripted client: unprocessed items and throttling
 * are retried until written, a failure that is not retried counts exactly what it left, and a
 * failed condition is counted, not retried.
 */
class BatchWriterTest {

  private static final String TABLE = "t";

  private static List<Map<String, AttributeValue>> items(int n) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(Map.of("customer_id", AttributeValue.fromS("c" + i)));
    }
    return items;
  }

  private static String id(WriteRequest request) {
    return request.putRequest().item().get("customer_id").s();
  }

  /** A client whose BatchWriteItem and PutItem answer as {@code batch} and {@code put} say. */
  private static DynamoDbClient client(
      Function<BatchWriteItemRequest, BatchWriteItemResponse> batch,
      Function<PutItemRequest, PutItemResponse> put) {
    return new DynamoDbClient() {
      @Override
      public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return batch.apply(request);
      }

      @Override
      public PutItemResponse putItem(PutItemRequest request) {
        return put.apply(request);
      }

      @Override
      public String serviceName() {
        return "dynamodb";
      }

      @Override
      public void close() {}
    };
  }

  private static ProvisionedThroughputExceededException throttled() {
    return ProvisionedThroughputExceededException.builder().message("throttled").build();
  }

  @Test
  void putAll_shouldRetryUnprocessedItemsAndThrottling_untilEveryItemIsWritten() {
    Set<String> written = ConcurrentHashMap.newKeySet();
    AtomicInteger calls = new AtomicInteger();
    DynamoDbClient dynamo =
        client(
            request -> {
              int call = calls.incrementAndGet();
              if (call == 2) {
                throw throttled();
              }
              List<WriteRequest> sent = request.requestItems().get(TABLE);
              // The first call writes only the first item and hands the rest back.
              List<WriteRequest> handedBack = call == 1 ? sent.subList(1, sent.size()) : List.of();
              sent.stream().filter(r -> !handedBack.contains(r)).forEach(r -> written.add(id(r)));
              return BatchWriteItemResponse.builder()
                  .unprocessedItems(handedBack.isEmpty() ? Map.of() : Map.of(TABLE, handedBack))
                  .build();
            },
            request -> PutItemResponse.builder().build());

    try (BatchWriter writer = new BatchWriter(dynamo, 1, Duration.ofSeconds(10))) {
      writer.putAll(TABLE, items(20));
    }

    assertEquals(20, written.size());
    assertEquals(3, calls.get(), "written, throttled, then the 19 handed back");
  }

  @Test
  void putAll_shouldCountExactlyWhatAFailureLeft_whenTheFailureIsNotRetried() {
    IllegalStateException bug = new IllegalStateException("not an SDK failure");
    DynamoDbClient dynamo =
        client(
            request -> {
              if (request.requestItems().get(TABLE).stream().anyMatch(r -> id(r).equals("c30"))) {
                throw bug;
              }
              return BatchWriteItemResponse.builder().build();
            },
            request -> PutItemResponse.builder().build());

    IncompleteWriteException e;
    try (BatchWriter writer = new BatchWriter(dynamo, 2, Duration.ofSeconds(10))) {
      e = assertThrows(IncompleteWriteException.class, () -> writer.putAll(TABLE, items(60)));
    }

    assertEquals(25, e.notWritten(), "the batch of items 25..49");
    assertSame(bug, e.getCause());
  }

  @Test
  void putAllConditionally_shouldCountFailedConditions_andRetryThrottledPuts() {
    Set<String> written = ConcurrentHashMap.newKeySet();
    Set<String> throttledOnce = ConcurrentHashMap.newKeySet();
    DynamoDbClient dynamo =
        client(
            request -> BatchWriteItemResponse.builder().build(),
            request -> {
              String id = request.item().get("customer_id").s();
              if (id.endsWith("7")) {
                throw ConditionalCheckFailedException.builder().message("newer").build();
              }
              if (throttledOnce.add(id)) {
                throw throttled();
              }
              written.add(id);
              return PutItemResponse.builder().build();
            });

    long conditionFailed;
    try (BatchWriter writer = new BatchWriter(dynamo, 1, Duration.ofSeconds(30))) {
      conditionFailed =
          writer.putAllConditionally(
              TABLE, items(30), "attribute_not_exists(#k)", Map.of("#k", "customer_id"), Map.of());
    }

    assertEquals(3, conditionFailed, "c7, c17, c27");
    assertEquals(27, written.size());
  }
}
