package com.ltvforecast.ingest;

import com.ltvforecast.transactions.Transaction;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands valid rows to {@link BucketWriters} on a second thread, so formatting, gzip and SHA-256 of
 * the curated files run beside the reading, decompressing and validating of the upload (Lambda
 * gives a 1.8 GB+ function two cores).
 *
 * <p>Rows travel in batches through a small bounded queue, so memory stays flat: the reader waits
 * when the writer falls behind. A failure on the writer thread is rethrown to the caller, as
 * thrown, at its next {@link #write} or at {@link #finish}.
 */
final class BackgroundBucketWriter implements AutoCloseable {

  private static final int BATCH_ROWS = 4096;
  private static final int QUEUED_BATCHES = 8;
  private static final Batch END = new Batch();

  private final BucketWriters writers;
  private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private final Thread thread;
  private volatile Throwable failure;
  private Batch current = new Batch();
  private boolean finished;

  BackgroundBucketWriter(BucketWriters writers) {
    this.writers = writers;
    this.thread = new Thread(this::drain, "ingest-bucket-writer");
    thread.setDaemon(true);
    thread.start();
  }

  void write(int bucket, Transaction transaction) {
    current.buckets[current.size] = bucket;
    current.rows[current.size++] = transaction;
    if (current.size == BATCH_ROWS) {
      send(current);
      current = new Batch();
    }
  }

  /** Sends what is pending and waits until every row is written. */
  void finish() {
    if (finished) {
      return;
    }
    if (current.size > 0) {
      send(current);
    }
    send(END);
    join();
    finished = true;
    rethrowFailure();
  }

  /** Stops the writer thread, whatever it was doing; used on the failure path. */
  @Override
  public void close() {
    if (thread.isAlive()) {
      thread.interrupt();
      join();
    }
  }

  private void send(Batch batch) {
    try {
      while (!queue.offer(batch, 50, TimeUnit.MILLISECONDS)) {
        if (!thread.isAlive()) {
          rethrowFailure();
          throw new IllegalStateException("the bucket writer thread stopped");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing curated rows", e);
    }
    rethrowFailure();
  }

  private void drain() {
    try {
      for (Batch batch = queue.take(); batch != END; batch = queue.take()) {
        for (int i = 0; i < batch.size; i++) {
          writers.write(batch.buckets[i], batch.rows[i]);
        }
      }
    } catch (InterruptedException e) {
      // Closed by the reading thread after a failure of its own.
    } catch (Throwable e) {
      failure = e;
    }
  }

  private void join() {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void rethrowFailure() {
    Throwable e = failure;
    if (e instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (e instanceof Error error) {
      throw error;
    }
    if (e != null) {
      throw new IllegalStateException("writing curated rows failed", e);
    }
  }

  private static final class Batch {
    final int[] buckets = new int[BATCH_ROWS];
    final Transaction[] rows = new Transaction[BATCH_ROWS];
    int size;
  }
}
