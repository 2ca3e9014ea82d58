package com.ltvforecast.ingest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One background thread that does the writing of the curated files (compressing, hashing, disk), so
 * that it overlaps parsing. Each stream's bytes reach it in chunks, in order. At most {@link
 * #MAX_QUEUED} chunks wait and chunks are reused, so memory stays flat whatever the size of the
 * upload: about (open streams + {@link #MAX_QUEUED}) × {@link #CHUNK_BYTES}.
 */
final class CompressorThread implements AutoCloseable {

  static final int CHUNK_BYTES = 1 << 17;
  private static final int MAX_QUEUED = 8;

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread t = new Thread(task, "ingest-compressor");
            t.setDaemon(true);
            return t;
          });
  private final Semaphore queued = new Semaphore(MAX_QUEUED);
  private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();
  private volatile Exception failure;

  private interface IoAction {
    void run() throws IOException;
  }

  /**
   * A stream whose bytes are written to {@code target} on the background thread. Closing it closes
   * {@code target} there too; from then on {@code target} belongs to that thread until {@link
   * #finish}.
   */
  OutputStream stream(OutputStream target) {
    return new Chunks(target);
  }

  /** Waits until every chunk is written and every stream closed, and throws the first failure. */
  void finish() throws IOException {
    thread.shutdown();
    awaitTermination();
    rethrowFailure();
  }

  /** Stops at once, dropping what waits: for cleanup after a failure. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      awaitTermination();
    } catch (InterruptedIOException e) {
      // The interrupt is restored; cleanup goes on.
    }
  }

  private void awaitTermination() throws InterruptedIOException {
    try {
      thread.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing curated files");
    }
  }

  private void rethrowFailure() throws IOException {
    Exception e = failure;
    if (e instanceof IOException io) {
      throw io;
    }
    if (e != null) {
      throw (RuntimeException) e;
    }
  }

  private void submit(IoAction action) throws IOException {
    rethrowFailure();
    queued.acquireUninterruptibly();
    try {
      thread.execute(
          () -> {
            try {
              if (failure == null) {
                action.run();
              }
            } catch (IOException | RuntimeException e) {
              failure = e;
            } finally {
              queued.release();
            }
          });
    } catch (RejectedExecutionException e) {
      queued.release();
      throw new IOException("the compressor thread has stopped", e);
    }
  }

  private byte[] chunk() {
    byte[] chunk = free.poll();
    return chunk != null ? chunk : new byte[CHUNK_BYTES];
  }

  /** Collects one stream's bytes into chunks and hands each full chunk to the background thread. */
  private final class Chunks extends OutputStream {
    private final OutputStream target;
    private byte[] chunk;
    private int length;

    Chunks(OutputStream target) {
      this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
      while (count > 0) {
        if (chunk == null) {
          chunk = chunk();
        }
        int n = Math.min(count, chunk.length - length);
        System.arraycopy(bytes, offset, chunk, length, n);
        length += n;
        offset += n;
        count -= n;
        if (length == chunk.length) {
          handOff();
        }
      }
    }

    private void handOff() throws IOException {
      byte[] full = chunk;
      int n = length;
      chunk = null;
      length = 0;
      submit(
          () -> {
            try {
              target.write(full, 0, n);
            } finally {
              free.offer(full);
            }
          });
    }

    @Override
    public void close() throws IOException {
      if (length > 0) {
        handOff();
      } else if (chunk != null) {
        free.offer(chunk);
        chunk = null;
      }
      submit(target::close);
    }
  }
}
