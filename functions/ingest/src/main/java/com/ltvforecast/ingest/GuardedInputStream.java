package com.ltvforecast.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes that pass, stops a stream that grows past a limit (a gzip bomb), and refuses NUL
 * bytes, which no CSV text holds but nearly every binary file does.
 */
final class GuardedInputStream extends FilterInputStream {

  private final long limit;
  private final String limitReason;
  private final boolean refuseNul;
  private long count;

  GuardedInputStream(InputStream in, long limit, String limitReason, boolean refuseNul) {
    super(in);
    this.limit = limit;
    this.limitReason = limitReason;
    this.refuseNul = refuseNul;
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      account(1);
      if (refuseNul && b == 0) {
        throw binary();
      }
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      account(n);
      if (refuseNul) {
        for (int i = offset, end = offset + n; i < end; i++) {
          if (buffer[i] == 0) {
            throw binary();
          }
        }
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    account(skipped);
    return skipped;
  }

  private void account(long n) {
    count += n;
    if (count > limit) {
      throw new RejectedFileException(limitReason + " (limit " + limit + " bytes)");
    }
  }

  private static RejectedFileException binary() {
    return new RejectedFileException(
        "binary content: the file holds NUL bytes, so it is not CSV text");
  }
}
