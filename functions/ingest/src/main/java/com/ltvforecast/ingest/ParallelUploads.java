package com.ltvforecast.ingest;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;

/**
 * Runs independent uploads on a few threads and returns once all are done. The first failure is
 * rethrown as it was thrown (the remaining uploads are cancelled), so callers see the same
 * exceptions as from a sequential loop.
 */
final class ParallelUploads {

  private ParallelUploads() {}

  static void run(List<Runnable> uploads, int threads) {
    if (uploads.size() <= 1 || threads <= 1) {
      uploads.forEach(Runnable::run);
      return;
    }
    AtomicInteger number = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread thread = new Thread(r, "ingest-upload-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, uploads.size()), factory);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable upload : uploads) {
        futures.add(pool.submit(upload));
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          futures.forEach(f -> f.cancel(true));
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException("upload failed", cause);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while uploading curated files", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
