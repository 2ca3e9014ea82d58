package com.ltvforecast.curated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.json.Json;
import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.testing.InMemoryObjectStore;
import com.ltvforecast.transactions.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CuratedReaderTest {

  private static final String ROWS =
      "customer_id,event_time,amount,transaction_id\n"
          + "a,2024-01-01T00:00:00Z,10.50,t1\n"
          + "\"b,1\",2024-01-02T10:00:00Z,-3.0,\n";

  private final InMemoryObjectStore store = new InMemoryObjectStore();

  private static byte[] zstd(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = CuratedFormat.compress(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private List<Transaction> read(String key, byte[] content, long rows, String sha256) {
    store.put(key, content);
    Manifest manifest =
        new Manifest(
            Manifest.FORMAT_VERSION,
            "raw/x.csv",
            "etag",
            null,
            null,
            Manifest.Status.PUBLISHED,
            null,
            rows,
            rows,
            0,
            1,
            List.of(new Manifest.CuratedFile(key, 3, rows, content.length, sha256)),
            null,
            Instant.EPOCH);
    store.write(CuratedLayout.manifestKey("x"), Json.bytes(manifest), "application/json");
    CuratedReader reader = new CuratedReader(store);
    List<Transaction> out = new ArrayList<>();
    reader.forEach(reader.publishedManifests(), b -> true, out::add);
    return out;
  }

  private static String sha256(byte[] content) {
    return HexFormat.of().formatHex(LocalFiles.sha256().digest(content));
  }

  private static final List<Transaction> EXPECTED =
      List.of(
          new Transaction("a", Instant.parse("2024-01-01T00:00:00Z"), 10.5, "t1"),
          new Transaction("b,1", Instant.parse("2024-01-02T10:00:00Z"), -3.0, null));

  @Test
  void dataKey_shouldNameZstdFiles() {
    assertTrue(CuratedLayout.dataKey(7, "src", "up").endsWith("bucket=007/src-up.csv.zst"));
  }

  @Test
  void forEach_shouldReadBackZstdFiles_thatCuratedFormatWrites() {
    byte[] content = zstd(ROWS);
    assertEquals(EXPECTED, read(CuratedLayout.dataKey(3, "x", "u"), content, 2, sha256(content)));
  }

  @Test
  void forEach_shouldStillReadGzipFiles_ofTheEarlierFormat() {
    byte[] content = gzip(ROWS);
    assertEquals(
        EXPECTED, read("curated/transactions/bucket=003/x-u.csv.gz", content, 2, sha256(content)));
  }

  @Test
  void forEach_shouldRejectZstdFile_whoseBytesDifferFromTheManifest() {
    byte[] content = zstd(ROWS);
    String otherSha = sha256(zstd(ROWS + "c,2024-01-03T00:00:00Z,1,\n"));
    assertThrows(
        CorruptCuratedFileException.class,
        () -> read(CuratedLayout.dataKey(3, "x", "u"), content, 2, otherSha));
  }

  @Test
  void forEach_shouldRejectZstdFile_whoseRowCountDiffersFromTheManifest() {
    byte[] content = zstd(ROWS);
    assertThrows(
        CorruptCuratedFileException.class,
        () -> read(CuratedLayout.dataKey(3, "x", "u"), content, 3, sha256(content)));
  }

  @Test
  void forEach_shouldFail_whenZstdFileIsTruncated() {
    byte[] content = zstd(ROWS);
    byte[] truncated = java.util.Arrays.copyOf(content, content.length - 4);
    assertThrows(
        UncheckedIOException.class,
        () -> read(CuratedLayout.dataKey(3, "x", "u"), truncated, 2, sha256(truncated)));
  }
}
