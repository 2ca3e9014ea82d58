package com.ltvforecast.dynamo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes items with {@code BatchWriteItem}: 25 per call, several calls in flight, and every
 * {@code UnprocessedItems} and throttling error retried with exponential backoff and full jitter
 * until all is written or the deadline passes. Then it throws with the exact count not written.
 * Puts are idempotent, so a retried or re-run batch writes the same items again.
 */
public final class BatchWriter implements AutoCloseable {

  public static final int MAX_BATCH = 25;
  private static final long BASE_BACKOFF_MS = 25;
  private static final long MAX_BACKOFF_MS = 2_000;

  private final DynamoDbClient dynamo;
  private final ExecutorService pool;
  private final int inFlight;
  private final Duration deadline;

  public BatchWriter(DynamoDbClient dynamo, int inFlight, Duration deadline) {
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight must be >= 1, got " + inFlight);
    }
    this.dynamo = dynamo;
    this.inFlight = inFlight;
    this.deadline = deadline;
    this.pool = Executors.newFixedThreadPool(inFlight, r -> {
      Thread t = new Thread(r, "dynamo-batch-writer");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Puts every item into {@code table}.
   *
   * @throws IncompleteWriteException with the number of items not written when the deadline passes
   */
  public void putAll(String table, List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> items) {
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
    SdkException[] lastError = new SdkException[1];
    for (int worker = 0; worker < Math.min(inFlight, batches.size()); worker++) {
      int first = worker;
      futures.add(pool.submit(() -> {
        for (int b = first; b < batches.size(); b += inFlight) {
          SdkException error = write(table, batches.get(b), stopAt, notWritten);
          if (error != null) {
            lastError[0] = error;
          }
        }
      }));
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IncompleteWriteException(table, items.size(), items.size(), e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("batch writer failed", e.getCause());
      }
    }
    if (notWritten.get() > 0) {
      throw new IncompleteWriteException(table, notWritten.get(), items.size(), lastError[0]);
    }
  }

  /** Writes one batch, retrying what DynamoDB hands back; returns the last error if items remain. */
  private SdkException write(String table, List<WriteRequest> batch, long stopAt, AtomicLong notWritten) {
    List<WriteRequest> pending = batch;
    SdkException error = null;
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      if (attempt > 0) {
        long backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << Math.min(attempt - 1, 16));
        long sleep = ThreadLocalRandom.current().nextLong(backoff + 1);
        if (System.nanoTime() + sleep * 1_000_000 > stopAt) {
          notWritten.addAndGet(pending.size());
          return error;
        }
        sleepMillis(sleep);
      }
      try {
        List<WriteRequest> request = pending;
        BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, request)));
        List<WriteRequest> unprocessed = response.unprocessedItems().get(table);
        pending = unprocessed == null ? List.of() : unprocessed;
      } catch (ProvisionedThroughputExceededException | RequestLimitExceededException e) {
        error = e;
      } catch (SdkException e) {
        if (!e.retryable()) {
          notWritten.addAndGet(pending.size());
          return e;
        }
        error = e;
      }
    }
    return null;
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
