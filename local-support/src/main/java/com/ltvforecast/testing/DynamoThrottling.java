package com.ltvforecast.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Fault injection on a real DynamoDB client (moto or AWS behind it), as an SDK execution
 * interceptor in the client's own pipeline: a share of {@code PutItem} and {@code BatchWriteItem}
 * attempts is refused with ProvisionedThroughputExceeded before it is sent (nothing written, as
 * DynamoDB throttles), and a share of {@code BatchWriteItem} calls sends only part of its items and
 * hands the rest back as {@code UnprocessedItems} (not written either). Every call it lets through
 * is the real one, answered by the real endpoint.
 */
public final class DynamoThrottling implements ExecutionInterceptor {

  private static final ExecutionAttribute<Map<String, List<WriteRequest>>> HELD_BACK =
      new ExecutionAttribute<>("ltv.heldBack");

  private final double throttleShare;
  private final double unprocessedShare;
  private final Random random;
  public final AtomicLong throttled = new AtomicLong();
  public final AtomicLong unprocessedItems = new AtomicLong();

  public DynamoThrottling(double throttleShare, double unprocessedShare, long seed) {
    this.throttleShare = throttleShare;
    this.unprocessedShare = unprocessedShare;
    this.random = new Random(seed);
  }

  /**
   * A client built like the functions' own, to the endpoint the SDK is pointed at, with this
   * interceptor.
   */
  public DynamoDbClient client() {
    return DynamoDbClient.builder()
        .region(Region.US_EAST_1)
        .httpClient(UrlConnectionHttpClient.builder().build())
        .overrideConfiguration(
            c -> c.retryStrategy(RetryMode.STANDARD).addExecutionInterceptor(this))
        .build();
  }

  private synchronized boolean draw(double share) {
    return random.nextDouble() < share;
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    if (context.request() instanceof BatchWriteItemRequest batch && draw(unprocessedShare)) {
      Map<String, List<WriteRequest>> sent = new HashMap<>();
      Map<String, List<WriteRequest>> held = new HashMap<>();
      batch
          .requestItems()
          .forEach(
              (table, writes) -> {
                int keep = writes.size() / 2;
                sent.put(table, new ArrayList<>(writes.subList(0, keep)));
                if (keep < writes.size()) {
                  held.put(table, new ArrayList<>(writes.subList(keep, writes.size())));
                }
              });
      sent.values().removeIf(List::isEmpty);
      if (held.isEmpty() || sent.isEmpty()) {
        return batch;
      }
      attributes.putAttribute(HELD_BACK, held);
      return batch.toBuilder().requestItems(sent).build();
    }
    return context.request();
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    boolean write =
        context.request() instanceof PutItemRequest
            || context.request() instanceof BatchWriteItemRequest;
    if (write && draw(throttleShare)) {
      throttled.incrementAndGet();
      String message =
          "The level of configured provisioned throughput for the table was exceeded (injected)";
      throw ProvisionedThroughputExceededException.builder()
          .statusCode(400)
          .message(message)
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .serviceName("DynamoDb")
                  .sdkHttpResponse(SdkHttpResponse.builder().statusCode(400).build())
                  .errorCode("ProvisionedThroughputExceededException")
                  .errorMessage(message)
                  .build())
          .build();
    }
  }

  @Override
  public SdkResponse modifyResponse(
      Context.ModifyResponse context, ExecutionAttributes attributes) {
    Map<String, List<WriteRequest>> held = attributes.getAttribute(HELD_BACK);
    if (held == null || !(context.response() instanceof BatchWriteItemResponse response)) {
      return context.response();
    }
    Map<String, List<WriteRequest>> unprocessed = new HashMap<>(response.unprocessedItems());
    held.forEach(
        (table, writes) -> {
          unprocessed.computeIfAbsent(table, t -> new ArrayList<>());
          List<WriteRequest> all = new ArrayList<>(unprocessed.get(table));
          all.addAll(writes);
          unprocessed.put(table, all);
          unprocessedItems.addAndGet(writes.size());
        });
    return response.toBuilder().unprocessedItems(unprocessed).build();
  }
}
