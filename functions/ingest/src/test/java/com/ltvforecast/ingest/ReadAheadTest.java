package com.ltvforecast.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

  private static InputStream failingAfter(byte[] prefix, IOException failure) {
    return new SequenceInputStream(
        new ByteArrayInputStream(prefix),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw failure;
          }
        });
  }

  @Test
  void of_shouldPassEveryByteInOrder() throws IOException {
    byte[] data = new byte[5_000_000];
    new Random(3).nextBytes(data);
    try (InputStream in = ReadAhead.of(new ByteArrayInputStream(data), 1 << 16)) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void of_shouldReportTruncation_asAZipExceptionInsteadOfAnEnd() throws IOException {
    try (InputStream in =
        ReadAhead.of(
            failingAfter(new byte[100_000], new EOFException("Unexpected end")), 1 << 12)) {
      ZipException e = assertThrows(ZipException.class, in::readAllBytes);
      assertEquals("Unexpected end", e.getMessage());
    }
  }

  @Test
  void of_shouldPassOnOtherReadFailures() throws IOException {
    try (InputStream in =
        ReadAhead.of(failingAfter(new byte[10], new IOException("connection reset")), 1 << 12)) {
      assertEquals(
          "connection reset", assertThrows(IOException.class, in::readAllBytes).getMessage());
    }
  }
}
