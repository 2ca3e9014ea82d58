package com.ltvforecast.ingest;

import com.ltvforecast.config.IngestLimits;
import com.ltvforecast.curated.CuratedFormat;
import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.curated.Manifest;
import com.ltvforecast.json.Json;
import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.storage.ObjectChangedException;
import com.ltvforecast.storage.ObjectInfo;
import com.ltvforecast.storage.ObjectMissingException;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.transactions.CustomerHash;
import com.ltvforecast.transactions.Transaction;
import com.ltvforecast.transactions.TransactionParser;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Ingests one raw object: validates every row against the data contract, writes valid rows to the
 * curated buckets and rejected rows to a quarantine report, and publishes a manifest last.
 *
 * <p>Idempotent and order-safe: the manifest records the object's ETag, version and event
 * sequencer, so a re-delivered or stale event changes nothing, and a new upload of the same key
 * replaces that key's earlier output.
 */
public final class IngestService {

  /** S3 copies objects up to 5 GiB in one call; larger rejected files are reported, not copied. */
  private static final long MAX_COPY_BYTES = 5L * 1024 * 1024 * 1024;
  private static final int MAX_SAMPLE_REJECTIONS = 20;
  /** Two such buffers hold the raw object read and decompressed ahead of the parser. */
  private static final int READ_AHEAD_BYTES = 1 << 20;

  private final ObjectStore store;
  private final IngestLimits limits;
  private final int buckets;
  private final TransactionParser parser;
  private final Path workRoot;
  private final Clock clock;

  public IngestService(
      ObjectStore store, IngestLimits limits, int buckets, TransactionParser parser, Path workRoot, Clock clock) {
    this.store = store;
    this.limits = limits;
    this.buckets = buckets;
    this.parser = parser;
    this.workRoot = workRoot;
    this.clock = clock;
  }

  public IngestOutcome ingest(IngestCommand command) {
    String key = command.key();
    if (!key.startsWith(CuratedLayout.RAW_PREFIX)) {
      return IngestOutcome.skipped(key, IngestOutcome.Status.IGNORED, "key is outside " + CuratedLayout.RAW_PREFIX);
    }
    String sourceId = CuratedLayout.sourceId(key);
    String manifestKey = CuratedLayout.manifestKey(sourceId);
    Optional<Manifest> previous = store.read(manifestKey).map(bytes -> Json.read(bytes, Manifest.class));
    if (previous.isPresent() && previous.get().isNewerThan(command.sequencer())) {
      return IngestOutcome.skipped(key, IngestOutcome.Status.STALE,
          "event sequencer " + command.sequencer() + " is older than the manifest's " + previous.get().sequencer());
    }
    if (previous.isPresent() && command.etag() != null && sameObject(previous.get(), command.etag(), command.versionId())) {
      return IngestOutcome.skipped(key, IngestOutcome.Status.DUPLICATE, "already ingested ETag " + command.etag());
    }
    Optional<ObjectInfo> head = store.head(key);
    if (head.isEmpty()) {
      return IngestOutcome.skipped(key, IngestOutcome.Status.MISSING, "object no longer exists");
    }
    ObjectInfo object = head.get();
    if (command.etag() != null && !command.etag().equals(object.etag())) {
      return IngestOutcome.skipped(key, IngestOutcome.Status.SUPERSEDED,
          "object now has ETag " + object.etag() + "; its own event will ingest it");
    }
    if (previous.isPresent() && sameObject(previous.get(), object.etag(), object.versionId())) {
      return IngestOutcome.skipped(key, IngestOutcome.Status.DUPLICATE, "already ingested ETag " + object.etag());
    }
    Upload upload = new Upload(command, object, sourceId, manifestKey,
        CuratedLayout.uploadTag(object.etag(), object.versionId()), previous.orElse(null));
    try {
      return ingest(upload);
    } catch (ObjectChangedException e) {
      return IngestOutcome.skipped(key, IngestOutcome.Status.SUPERSEDED, e.getMessage());
    } catch (ObjectMissingException e) {
      return IngestOutcome.skipped(key, IngestOutcome.Status.MISSING, e.getMessage());
    }
  }

  private static boolean sameObject(Manifest manifest, String etag, String versionId) {
    return etag.equals(manifest.sourceEtag())
        && (versionId == null || manifest.sourceVersionId() == null || versionId.equals(manifest.sourceVersionId()));
  }

  private record Upload(
      IngestCommand command, ObjectInfo object, String sourceId, String manifestKey, String uploadTag, Manifest previous) {
    String quarantinePrefix() {
      return CuratedLayout.quarantinePrefix(sourceId, uploadTag);
    }
  }

  private IngestOutcome ingest(Upload upload) {
    if (upload.object().size() > limits.maxObjectBytes()) {
      return quarantineWhole(upload, "object is " + upload.object().size()
          + " bytes, over the limit of " + limits.maxObjectBytes(), null, 0, null);
    }
    Path work = LocalFiles.createWorkDir(workRoot, "ingest-");
    try (BucketWriters writers = new BucketWriters(work, buckets);
        RejectedRows rejected = new RejectedRows(work.resolve("rejected-rows.csv"))) {
      RawCsvParser.Counts counts;
      long bytesRead;
      try (InputStream raw = store.open(upload.command().key(), upload.object().etag())) {
        GuardedInputStream compressed = new GuardedInputStream(
            new BufferedInputStream(raw, 1 << 16), Long.MAX_VALUE, "", false);
        InputStream decompressed = decompressIfNeeded(upload.command().key(), compressed);
        try (InputStream text = ReadAhead.of(decompressed, READ_AHEAD_BYTES)) {
          GuardedInputStream guarded = new GuardedInputStream(text, limits.maxDecompressedBytes(),
              "decompressed size is over the limit: a gzip bomb or an oversized file", true);
          counts = new RawCsvParser(parser, limits.maxLineChars()).parse(guarded, new RawCsvParser.Sink() {
            @Override
            public void valid(Transaction transaction, String amountText) {
              writers.write(CustomerHash.bucket(transaction.customerId(), buckets), transaction, amountText);
            }

            @Override
            public void rejected(long line, String reason, String rawText) {
              rejected.add(line, reason, rawText);
            }
          });
        }
        bytesRead = compressed.count();
      } catch (RejectedFileException e) {
        return quarantineWhole(upload, e.getMessage(), null, 0, null);
      } catch (ZipException | EOFException e) {
        return quarantineWhole(upload, "corrupt or truncated gzip: " + e.getMessage(), null, 0, null);
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof ZipException || e.getCause() instanceof EOFException) {
          return quarantineWhole(upload, "corrupt or truncated gzip: " + e.getCause().getMessage(), null, 0, null);
        }
        throw e;
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + upload.command().key() + " failed", e);
      }
      Path rejectedFile = rejected.finish();
      double rejectedShare = (double) counts.rowsRejected() / counts.rowsRead();
      if (rejectedShare > limits.maxRejectedShare()) {
        return quarantineWhole(upload, String.format(
                "%d of %d rows rejected (%.2f%%), over the limit of %.2f%%; no rows published",
                counts.rowsRejected(), counts.rowsRead(), 100 * rejectedShare, 100 * limits.maxRejectedShare()),
            counts, bytesRead, rejected.hasRows() ? rejectedFile : null, rejected.sample());
      }
      return publish(upload, writers.finish(), counts, bytesRead, rejected.hasRows() ? rejectedFile : null,
          rejected.sample());
    } finally {
      LocalFiles.deleteRecursively(work);
    }
  }

  private static InputStream decompressIfNeeded(String key, InputStream in) throws IOException {
    if (key.endsWith(".gz")) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return in;
  }

  private IngestOutcome publish(Upload upload, List<BucketWriters.BucketFile> files, RawCsvParser.Counts counts,
      long bytesRead, Path rejectedFile, List<RejectedRows.Sample> sample) {
    List<Manifest.CuratedFile> curated = new ArrayList<>();
    for (BucketWriters.BucketFile file : files) {
      String dataKey = CuratedLayout.dataKey(file.bucket(), upload.sourceId(), upload.uploadTag());
      store.upload(dataKey, file.path(), CuratedFormat.CONTENT_TYPE, file.sha256());
      curated.add(new Manifest.CuratedFile(dataKey, file.bucket(), file.rows(), file.bytes(), file.sha256()));
    }
    String reportKey = null;
    if (rejectedFile != null) {
      reportKey = writeReport(upload, "PUBLISHED", counts.rowsRejected() + " rows rejected, "
          + counts.rowsValid() + " published", counts, bytesRead, rejectedFile, null, sample);
    }
    Manifest manifest = manifest(upload, Manifest.Status.PUBLISHED, null, counts, bytesRead, curated, reportKey);
    store.write(upload.manifestKey(), Json.bytes(manifest), "application/json");
    removeReplacedOutput(upload.previous(), curated);
    return new IngestOutcome(upload.command().key(), IngestOutcome.Status.PUBLISHED, null, counts.rowsRead(),
        counts.rowsValid(), counts.rowsRejected(), bytesRead, curated.size(), upload.manifestKey(), reportKey);
  }

  private IngestOutcome quarantineWhole(Upload upload, String reason, RawCsvParser.Counts counts, long bytesRead,
      Path rejectedFile) {
    return quarantineWhole(upload, reason, counts, bytesRead, rejectedFile, List.of());
  }

  private IngestOutcome quarantineWhole(Upload upload, String reason, RawCsvParser.Counts counts, long bytesRead,
      Path rejectedFile, List<RejectedRows.Sample> sample) {
    RawCsvParser.Counts reported = counts == null ? new RawCsvParser.Counts(0, 0, 0, Map.of()) : counts;
    String sourceCopyKey = null;
    if (upload.object().size() <= MAX_COPY_BYTES) {
      String name = upload.command().key().substring(upload.command().key().lastIndexOf('/') + 1);
      sourceCopyKey = upload.quarantinePrefix() + "source/" + (name.isEmpty() ? "object" : name);
      store.copy(upload.command().key(), sourceCopyKey);
    }
    String reportKey = writeReport(upload, "QUARANTINED", reason, reported, bytesRead, rejectedFile, sourceCopyKey,
        sample);
    // Every row of a quarantined file counts as rejected, so the counts still add up.
    RawCsvParser.Counts all = new RawCsvParser.Counts(
        reported.rowsRead(), 0, reported.rowsRead(), reported.rejectedBy());
    Manifest manifest = manifest(upload, Manifest.Status.QUARANTINED, reason, all, bytesRead, List.of(), reportKey);
    store.write(upload.manifestKey(), Json.bytes(manifest), "application/json");
    removeReplacedOutput(upload.previous(), List.of());
    return new IngestOutcome(upload.command().key(), IngestOutcome.Status.QUARANTINED, reason, all.rowsRead(), 0,
        all.rowsRead(), bytesRead, 0, upload.manifestKey(), reportKey);
  }

  private String writeReport(Upload upload, String status, String reason, RawCsvParser.Counts counts, long bytesRead,
      Path rejectedFile, String sourceCopyKey, List<RejectedRows.Sample> sample) {
    String rejectedRowsKey = null;
    if (rejectedFile != null) {
      rejectedRowsKey = upload.quarantinePrefix() + "rejected-rows.csv";
      store.upload(rejectedRowsKey, rejectedFile, "text/csv");
    }
    QuarantineReport report = new QuarantineReport(upload.command().key(), upload.object().etag(),
        upload.object().versionId(), status, reason, counts.rowsRead(), counts.rowsValid(), counts.rowsRejected(),
        bytesRead, limits.maxRejectedShare(), counts.rejectedBy(), sample, rejectedRowsKey, sourceCopyKey,
        clock.instant());
    String reportKey = upload.quarantinePrefix() + "report.json";
    store.write(reportKey, Json.bytes(report), "application/json");
    return reportKey;
  }

  private Manifest manifest(Upload upload, Manifest.Status status, String reason, RawCsvParser.Counts counts,
      long bytesRead, List<Manifest.CuratedFile> files, String reportKey) {
    return new Manifest(Manifest.FORMAT_VERSION, upload.command().key(), upload.object().etag(),
        upload.object().versionId(), upload.command().sequencer(), status, reason, counts.rowsRead(),
        counts.rowsValid(), counts.rowsRejected(), bytesRead, files, reportKey, clock.instant());
  }

  /** Deletes the files of the manifest this upload replaced, once the new manifest is in place. */
  private void removeReplacedOutput(Manifest previous, List<Manifest.CuratedFile> kept) {
    if (previous == null) {
      return;
    }
    Set<String> keep = new HashSet<>();
    kept.forEach(f -> keep.add(f.key()));
    for (Manifest.CuratedFile file : previous.files()) {
      if (!keep.contains(file.key())) {
        store.delete(file.key());
      }
    }
  }

  /** The rejected rows of one file, streamed to a local CSV, with a small sample for the report. */
  static final class RejectedRows implements AutoCloseable {
    record Sample(long line, String reason, String raw) {}

    private final Path path;
    private final List<Sample> sample = new ArrayList<>();
    private CsvWriter csv;
    private long rows;

    RejectedRows(Path path) {
      this.path = path;
    }

    void add(long line, String reason, String raw) {
      try {
        if (csv == null) {
          csv = CsvWriter.builder().build(path, StandardCharsets.UTF_8);
          csv.writeRecord("line", "reason", "raw");
        }
        csv.writeRecord(Long.toString(line), reason, raw);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + path, e);
      }
      if (sample.size() < MAX_SAMPLE_REJECTIONS) {
        sample.add(new Sample(line, reason, raw));
      }
      rows++;
    }

    boolean hasRows() {
      return rows > 0;
    }

    List<Sample> sample() {
      return List.copyOf(sample);
    }

    Path finish() {
      close();
      return path;
    }

    @Override
    public void close() {
      if (csv != null) {
        try {
          csv.close();
          csv = null;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot close " + path, e);
        }
      }
    }
  }

}
