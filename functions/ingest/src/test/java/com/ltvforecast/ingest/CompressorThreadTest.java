package com.ltvforecast.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompressorThreadTest {

  /** Records its bytes, and which thread wrote and closed it. */
  private static final class Target extends ByteArrayOutputStream {
    volatile String writer;
    volatile boolean closed;

    @Override
    public synchronized void write(byte[] bytes, int offset, int count) {
      writer = Thread.currentThread().getName();
      super.write(bytes, offset, count);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void streams_shouldDeliverEveryByteInOrder_onTheBackgroundThread() throws IOException {
    Random random = new Random(9);
    Target[] targets = new Target[5];
    OutputStream[] streams = new OutputStream[targets.length];
    ByteArrayOutputStream[] expected = new ByteArrayOutputStream[targets.length];
    try (CompressorThread compressor = new CompressorThread()) {
      for (int i = 0; i < targets.length; i++) {
        targets[i] = new Target();
        streams[i] = compressor.stream(targets[i]);
        expected[i] = new ByteArrayOutputStream();
      }
      // Interleaved writes of all sizes, several chunks per stream in all.
      for (int n = 0; n < 3000; n++) {
        int i = random.nextInt(targets.length);
        byte[] piece = new byte[random.nextInt(1, 2000)];
        random.nextBytes(piece);
        if (n % 7 == 0) {
          streams[i].write(piece[0]);
          expected[i].write(piece[0]);
        } else {
          streams[i].write(piece);
          expected[i].write(piece);
        }
      }
      for (OutputStream stream : streams) {
        stream.close();
      }
      compressor.finish();
    }
    for (int i = 0; i < targets.length; i++) {
      assertArrayEquals(expected[i].toByteArray(), targets[i].toByteArray(), "stream " + i);
      assertTrue(targets[i].closed);
      assertEquals("ingest-compressor", targets[i].writer);
    }
  }

  @Test
  void finish_shouldThrowTheTargetsFailure() throws IOException {
    OutputStream failing =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };
    try (CompressorThread compressor = new CompressorThread()) {
      OutputStream stream = compressor.stream(failing);
      byte[] chunk = new byte[CompressorThread.CHUNK_BYTES];
      Arrays.fill(chunk, (byte) 'x');
      IOException e =
          assertThrows(
              IOException.class,
              () -> {
                // A full chunk is handed off at once; the failure surfaces at a later write or at
                // finish.
                for (int i = 0; i < 20; i++) {
                  stream.write(chunk);
                }
                stream.close();
                compressor.finish();
              });
      assertEquals("disk full", e.getMessage());
    }
  }
}
