package com.ltvforecast.ingest;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;
import org.apache.commons.io.input.ReadAheadInputStream;

/**
 * Reads a stream (the S3 object and its gunzip) on a second thread, one buffer ahead of the parser,
 * so that reading and decompressing overlap parsing. It holds two buffers, whatever the file size.
 */
final class ReadAhead {

  private ReadAhead() {}

  static InputStream of(InputStream in, int bufferSize) throws IOException {
    return ReadAheadInputStream.builder()
        .setInputStream(new TruncationIsAnError(in))
        .setBufferSize(bufferSize)
        .get();
  }

  /**
   * ReadAheadInputStream takes an EOFException for the end of the stream, and GZIPInputStream
   * reports a truncated file with one: passed on as a ZipException, the truncation stays an error.
   */
  private static final class TruncationIsAnError extends FilterInputStream {
    TruncationIsAnError(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (EOFException e) {
        throw truncated(e);
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return super.read(buffer, offset, length);
      } catch (EOFException e) {
        throw truncated(e);
      }
    }

    private static ZipException truncated(EOFException e) {
      ZipException error = new ZipException(e.getMessage());
      error.initCause(e);
      return error;
    }
  }
}
