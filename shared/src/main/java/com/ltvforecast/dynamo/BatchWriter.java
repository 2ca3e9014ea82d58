package com.ltvforecast.dynamo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes items with {@code BatchWriteItem}: 25 per call, several calls in flight, and every {@code
 * UnprocessedItems} and throttling error retried with exponential backoff and full jitter until all
 * is written or the deadline passes. Then it throws with the exact count not written. Puts are
 * idempotent, so a retried or re-run batch writes the same items again.
 *
 * <p>The deadline bounds the whole call: a batch whose turn comes after it is counted as not
 * written without being sent, and any unexpected failure of a call counts that batch's pending
 * items, so the count in {@link IncompleteWriteException} is always exact.
 */
public final class BatchWriter implements AutoCloseable {

  public static final int MAX_BATCH = 25;
  private static final long BASE_BACKOFF_MS = 25;
  private static final long MAX_BACKOFF_MS = 2_000;

  private final DynamoDbClient dynamo;
  private final ExecutorService pool;
  private final int inFlight;
  private final Duration deadline;
  private final ExecutorService conditionalPool;

  public BatchWriter(DynamoDbClient dynamo, int inFlight, Duration deadline) {
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight must be >= 1, got " + inFlight);
    }
    this.dynamo = dynamo;
    this.inFlight = inFlight;
    this.deadline = deadline;
    this.pool =
        Executors.newFixedThreadPool(
            inFlight,
            r -> {
              Thread t = new Thread(r, "dynamo-batch-writer");
              t.setDaemon(true);
              return t;
            });
    this.conditionalPool =
        Executors.newFixedThreadPool(
            inFlight * CONDITIONAL_PUTS_PER_CALL,
            r -> {
              Thread t = new Thread(r, "dynamo-conditional-writer");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Puts every item into {@code table}.
   *
   * @throws IncompleteWriteException with the number of items not written when the deadline passes
   */
  public void putAll(
      String table,
      List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> items) {
    long stopAt = System.nanoTime() + deadline.toNanos();
    AtomicLong notWritten = new AtomicLong();
    List<Future<?>> futures = new ArrayList<>();
    List<List<WriteRequest>> batches = new ArrayList<>();
    for (int from = 0; from < items.size(); from += MAX_BATCH) {
      List<WriteRequest> batch = new ArrayList<>();
      for (var item : items.subList(from, Math.min(items.size(), from + MAX_BATCH))) {
        batch.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
      }
      batches.add(batch);
    }
    // Each worker takes every inFlight-th batch, so at most inFlight calls are outstanding.
    AtomicReference<RuntimeException> lastError = new AtomicReference<>();
    for (int worker = 0; worker < Math.min(inFlight, batches.size()); worker++) {
      int first = worker;
      futures.add(
          pool.submit(
              () -> {
                for (int b = first; b < batches.size(); b += inFlight) {
                  RuntimeException error = write(table, batches.get(b), stopAt, notWritten);
                  if (error != null) {
                    lastError.set(error);
                  }
                }
              }));
    }
    await(futures);
    if (notWritten.get() > 0) {
      throw new IncompleteWriteException(table, notWritten.get(), items.size(), lastError.get());
    }
  }

  /**
   * Conditional puts in flight per {@code inFlight} unit: one BatchWriteItem call carries 25 items.
   */
  static final int CONDITIONAL_PUTS_PER_CALL = 8;

  /**
   * The condition that keeps a row newer than the one being written: the item is written when the
   * key is absent, its {@code as_of} is earlier, or it is the same {@code as_of} from a run that
   * started no later ({@code run_at}, epoch millis).
   */
  static final String NEWER_AS_OF_OR_RUN =
      "attribute_not_exists(#k) OR #a < :a OR (#a = :a AND "
          + "(attribute_not_exists(#r) OR #r <= :r))";

  /**
   * {@link #putAllConditionally} with {@link #NEWER_AS_OF_OR_RUN}, for items keyed by {@code
   * customer_id} that carry {@code as_of} (ISO date) and {@code run_at}: a retried or older run
   * never replaces what a newer as_of or a later run wrote.
   *
   * @return how many items were not written because the table holds something newer
   */
  public long putAllUnlessNewer(
      String table, List<Map<String, AttributeValue>> items, LocalDate asOf, Instant runStartedAt) {
    return putAllConditionally(
        table,
        items,
        NEWER_AS_OF_OR_RUN,
        Map.of("#k", "customer_id", "#a", "as_of", "#r", "run_at"),
        Map.of(
            ":a",
            AttributeValue.fromS(asOf.toString()),
            ":r",
            AttributeValue.fromN(Long.toString(runStartedAt.toEpochMilli()))));
  }

  /**
   * Puts every item into {@code table} with one conditional {@code PutItem} each (BatchWriteItem
   * takes no conditions; TransactWriteItems would cost two write units per item and cancel every
   * item of a call for one failed condition), {@code inFlight * 8} at a time. An item whose
   * condition fails is not written and is counted, not retried: the table holds something newer.
   * Throttled puts are retried with exponential backoff and full jitter until the deadline.
   *
   * @return how many items were not written because their condition failed
   * @throws IncompleteWriteException with the number of items not written when the deadline passes
   */
  public long putAllConditionally(
      String table,
      List<Map<String, AttributeValue>> items,
      String condition,
      Map<String, String> names,
      Map<String, AttributeValue> values) {
    long stopAt = System.nanoTime() + deadline.toNanos();
    AtomicLong notWritten = new AtomicLong();
    AtomicLong conditionFailed = new AtomicLong();
    AtomicReference<RuntimeException> lastError = new AtomicReference<>();
    int workers = Math.min(inFlight * CONDITIONAL_PUTS_PER_CALL, items.size());
    List<Future<?>> futures = new ArrayList<>();
    for (int worker = 0; worker < workers; worker++) {
      int first = worker;
      futures.add(
          conditionalPool.submit(
              () -> {
                for (int i = first; i < items.size(); i += workers) {
                  PutItemRequest request =
                      PutItemRequest.builder()
                          .tableName(table)
                          .item(items.get(i))
                          .conditionExpression(condition)
                          .expressionAttributeNames(names)
                          .expressionAttributeValues(values)
                          .build();
                  RuntimeException error =
                      putConditionally(request, stopAt, notWritten, conditionFailed);
                  if (error != null) {
                    lastError.set(error);
                  }
                }
              }));
    }
    await(futures);
    if (notWritten.get() > 0) {
      throw new IncompleteWriteException(
          table, notWritten.get(), items.size(), lastError.get(), conditionFailed.get());
    }
    return conditionFailed.get();
  }

  private static void await(List<Future<?>> futures) {
    boolean interrupted = false;
    for (Future<?> future : futures) {
      while (true) {
        try {
          future.get();
          break;
        } catch (InterruptedException e) {
          // Keep waiting: the workers stop by the deadline, and only then is the count exact.
          interrupted = true;
        } catch (ExecutionException e) {
          throw new IllegalStateException(
              "batch writer worker failed outside a write call", e.getCause());
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** One conditional put with retries; returns the last error if it was not written. */
  private RuntimeException putConditionally(
      PutItemRequest request, long stopAt, AtomicLong notWritten, AtomicLong conditionFailed) {
    return withRetries(
        1,
        () -> {
          try {
            dynamo.putItem(request);
          } catch (ConditionalCheckFailedException e) {
            conditionFailed.incrementAndGet();
          }
          return 0;
        },
        stopAt,
        notWritten);
  }

  /**
   * Writes one batch, retrying what DynamoDB hands back; returns the last error if items remain.
   */
  private RuntimeException write(
      String table, List<WriteRequest> batch, long stopAt, AtomicLong notWritten) {
    AtomicReference<List<WriteRequest>> pending = new AtomicReference<>(batch);
    return withRetries(
        batch.size(),
        () -> {
          List<WriteRequest> request = pending.get();
          BatchWriteItemResponse response =
              dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, request)));
          List<WriteRequest> unprocessed = response.unprocessedItems().get(table);
          pending.set(unprocessed == null ? List.of() : unprocessed);
          return pending.get().size();
        },
        stopAt,
        notWritten);
  }

  /** One write call; returns how many of its items are still to be written (0: all done). */
  @FunctionalInterface
  private interface WriteCall {
    int send();
  }

  /**
   * Sends {@code call} until nothing of its {@code items} remains, retrying throttling and
   * retryable SDK errors with exponential backoff and full jitter until {@code stopAt}. What
   * remains then, or after an error that is not retried, is added to {@code notWritten}, and the
   * last error is returned; null when everything was written.
   */
  private static RuntimeException withRetries(
      int items, WriteCall call, long stopAt, AtomicLong notWritten) {
    int pending = items;
    RuntimeException error = null;
    for (int attempt = 0; pending > 0; attempt++) {
      if (attempt > 0) {
        long backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << Math.min(attempt - 1, 16));
        long sleep = ThreadLocalRandom.current().nextLong(backoff + 1);
        if (System.nanoTime() + sleep * 1_000_000 > stopAt || !sleepMillis(sleep)) {
          notWritten.addAndGet(pending);
          return error;
        }
      } else if (System.nanoTime() > stopAt) {
        notWritten.addAndGet(pending);
        return error;
      }
      try {
        pending = call.send();
      } catch (ProvisionedThroughputExceededException | RequestLimitExceededException e) {
        error = e;
      } catch (SdkException e) {
        if (!e.retryable()) {
          notWritten.addAndGet(pending);
          return e;
        }
        error = e;
      } catch (RuntimeException e) {
        // Not an SDK failure (a bug, or a wrapper's own exception): never retried, never lost from
        // the count.
        notWritten.addAndGet(pending);
        return e;
      }
    }
    return null;
  }

  /**
   * Sleeps; false when interrupted (the pool is closing), so the caller stops and counts what
   * remains.
   */
  private static boolean sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    conditionalPool.shutdownNow();
  }
}
