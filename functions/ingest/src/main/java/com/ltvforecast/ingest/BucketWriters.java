package com.ltvforecast.ingest;

import com.ltvforecast.curated.CuratedFormat;
import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.transactions.FastPaths;
import com.ltvforecast.transactions.Transaction;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One curated (zstd CSV) temp file per customer bucket, opened on first use. Rows are formatted
 * here and stream to disk through the {@link CompressorThread}, so memory stays flat whatever the
 * size of the upload.
 */
final class BucketWriters implements AutoCloseable {

  /** A finished bucket file on local disk. */
  record BucketFile(int bucket, Path path, long rows, long bytes, String sha256) {}

  private final Path dir;
  private final Writer[] writers;
  private final MidnightTexts midnightTexts = new MidnightTexts();
  private final CompressorThread compressor = new CompressorThread();

  BucketWriters(Path dir, int buckets) {
    this.dir = dir;
    this.writers = new Writer[buckets];
  }

  /**
   * Appends a row; {@code amountText} is the source text of its amount, kept when it reads back
   * exactly.
   */
  void write(int bucket, Transaction t, String amountText) {
    Writer writer = writers[bucket];
    if (writer == null) {
      writer =
          writers[bucket] =
              new Writer(bucket, dir.resolve("bucket-" + bucket + CuratedFormat.EXTENSION));
    }
    writer.csv.writeRecord(
        t.customerId(),
        midnightTexts.text(t.eventTime()),
        FastPaths.decimalText(amountText, t.amount()),
        t.transactionId() == null ? "" : t.transactionId());
    writer.rows++;
  }

  /** Closes every file and returns them in bucket order. */
  List<BucketFile> finish() {
    try {
      for (Writer writer : writers) {
        if (writer != null) {
          writer.csv.close();
        }
      }
      compressor.finish();
      List<BucketFile> files = new ArrayList<>();
      for (Writer writer : writers) {
        if (writer != null) {
          files.add(
              new BucketFile(
                  writer.bucket,
                  writer.path,
                  writer.rows,
                  Files.size(writer.path),
                  HexFormat.of().formatHex(writer.sha.digest())));
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the curated files in " + dir, e);
    }
  }

  /**
   * Stops the compressor thread and closes every file; after {@link #finish}, nothing is left to
   * do.
   */
  @Override
  public void close() {
    compressor.close();
    for (Writer writer : writers) {
      if (writer != null) {
        try {
          writer.compressed.close();
        } catch (IOException | RuntimeException ignored) {
          // Cleanup after a failure that is already being reported.
        }
      }
    }
  }

  private final class Writer {
    final int bucket;
    final Path path;
    final MessageDigest sha = LocalFiles.sha256();

    /** Compresses, hashes and writes the file: used on the compressor thread only. */
    final OutputStream compressed;

    final CsvWriter csv;
    long rows;

    Writer(int bucket, Path path) {
      this.bucket = bucket;
      this.path = path;
      try {
        this.compressed =
            CuratedFormat.compress(
                new DigestOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), sha));
        this.csv =
            CsvWriter.builder()
                .lineDelimiter(LineDelimiter.LF)
                .build(compressor.stream(compressed), StandardCharsets.UTF_8);
        csv.writeRecord(CuratedFormat.HEADER);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + path, e);
      }
    }
  }

  /**
   * {@link FastPaths#isoInstantText} of midnight instants, remembered by epoch day: most files hold
   * dates without a time, and a file's days repeat. Other instants are printed each time.
   */
  static final class MidnightTexts {
    private static final int SLOTS = 4096;
    private final long[] days = new long[SLOTS];
    private final String[] texts = new String[SLOTS];

    String text(Instant instant) {
      long seconds = instant.getEpochSecond();
      if (instant.getNano() != 0 || Math.floorMod(seconds, 86_400L) != 0) {
        return FastPaths.isoInstantText(instant);
      }
      long day = Math.floorDiv(seconds, 86_400L);
      int slot = (int) Math.floorMod(day, (long) SLOTS);
      String text = texts[slot];
      if (text == null || days[slot] != day) {
        text = texts[slot] = FastPaths.isoInstantText(instant);
        days[slot] = day;
      }
      return text;
    }
  }
}
