package com.ltvforecast.curated;

import com.ltvforecast.json.Json;
import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.transactions.InvalidTransactionException;
import com.ltvforecast.transactions.Transaction;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * Streams curated transactions. Only files listed by a published manifest are read, each at the
 * exact object version and ETag the manifest recorded, and each file's SHA-256 is checked against
 * its manifest as it streams. On a versioned bucket (as deployed), a re-ingest that replaces a
 * source while a run reads it changes nothing for that run: the run reads the versions of its
 * manifests.
 */
public final class CuratedReader {

  private final ObjectStore store;

  public CuratedReader(ObjectStore store) {
    this.store = store;
  }

  /** The manifests whose data is readable, in key order. */
  public List<Manifest> publishedManifests() {
    List<Manifest> manifests = new ArrayList<>();
    for (String key : store.list(CuratedLayout.MANIFESTS_PREFIX)) {
      if (!key.endsWith(".json")) {
        continue;
      }
      store
          .read(key)
          .map(bytes -> Json.read(bytes, Manifest.class))
          .filter(m -> m.status() == Manifest.Status.PUBLISHED)
          .ifPresent(manifests::add);
    }
    return manifests;
  }

  /**
   * Streams every transaction of the given manifests whose bucket passes the filter.
   *
   * @return the number of transactions streamed
   */
  public long forEach(
      List<Manifest> manifests, IntPredicate bucketFilter, Consumer<Transaction> sink) {
    long rows = 0;
    for (Manifest manifest : manifests) {
      for (Manifest.CuratedFile file : manifest.files()) {
        if (bucketFilter.test(file.bucket())) {
          rows += readFile(file, sink);
        }
      }
    }
    return rows;
  }

  private long readFile(Manifest.CuratedFile file, Consumer<Transaction> sink) {
    MessageDigest sha = LocalFiles.sha256();
    long rows = 0;
    try (InputStream raw = store.open(file.key(), file.etag(), file.versionId());
        DigestInputStream digest =
            new DigestInputStream(new BufferedInputStream(raw, 1 << 16), sha);
        InputStream text = CuratedFormat.decompress(file.key(), digest);
        CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(text, StandardCharsets.UTF_8)) {
      boolean header = true;
      for (CsvRecord record : csv) {
        if (header) {
          header = false;
          continue;
        }
        String transactionId = record.getFieldCount() > 3 ? record.getField(3) : "";
        Transaction transaction;
        try {
          transaction =
              new Transaction(
                  record.getField(0),
                  Instant.parse(record.getField(1)),
                  Double.parseDouble(record.getField(2)),
                  transactionId.isEmpty() ? null : transactionId);
        } catch (InvalidTransactionException e) {
          // Curated before the contract bounded amounts: re-ingest the source to quarantine the
          // row.
          throw new CorruptCuratedFileException(
              "curated file "
                  + file.key()
                  + " line "
                  + record.getStartingLineNumber()
                  + " breaks the data contract ("
                  + e.getMessage()
                  + "); re-ingest its source object");
        }
        sink.accept(transaction);
        rows++;
      }
      // Drain what follows the compressed data, so the digest covers the whole object.
      digest.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read curated file " + file.key(), e);
    }
    String actual = HexFormat.of().formatHex(sha.digest());
    if (file.sha256() != null && !file.sha256().equals(actual)) {
      throw new CorruptCuratedFileException(file.key(), file.sha256(), actual);
    }
    if (rows != file.rows()) {
      throw new CorruptCuratedFileException(file.key(), file.rows(), rows);
    }
    return rows;
  }
}
