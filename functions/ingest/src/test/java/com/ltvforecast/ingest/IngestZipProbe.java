package com.ltvforecast.ingest;

import com.ltvforecast.curated.CuratedFormat;
import com.ltvforecast.transactions.Transaction;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Run in a fresh JVM on the deployable zip alone (plus this class): writes curated files through
 * the compressor thread and zstd native code the zip carries, and reads one back.
 */
public final class IngestZipProbe {

  private IngestZipProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("ingest-zip-probe");
    List<BucketWriters.BucketFile> files;
    try (BucketWriters writers = new BucketWriters(dir, 4)) {
      for (int i = 0; i < 1000; i++) {
        writers.write(
            i % 4,
            new Transaction("c" + i, Instant.ofEpochSecond(86_400L * i), i + 0.5, null),
            i + ".5");
      }
      files = writers.finish();
    }
    String text;
    try (InputStream in =
        CuratedFormat.decompress(
            files.get(0).path().toString(), Files.newInputStream(files.get(0).path()))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    long lines = text.lines().count();
    if (lines != 251
        || !text.startsWith(
            "customer_id,event_time,amount,transaction_id\nc0,1970-01-01T00:00:00Z,0.5,")) {
      throw new IllegalStateException(
          "unexpected curated file: " + lines + " lines, " + text.substring(0, 80));
    }
    System.out.println("PROBE_OK " + files.size() + " files");
  }
}
