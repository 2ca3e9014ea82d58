package com.ltvforecast.ingest;

import com.ltvforecast.config.AppConfig;
import com.ltvforecast.config.IngestLimits;
import com.ltvforecast.curated.CuratedFormat;
import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.curated.Manifest;
import com.ltvforecast.json.Json;
import com.ltvforecast.storage.ConditionFailedException;
import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.storage.ObjectChangedException;
import com.ltvforecast.storage.ObjectInfo;
import com.ltvforecast.storage.ObjectMissingException;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.storage.StoredObject;
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
      ObjectStore store,
      IngestLimits limits,
      int buckets,
      TransactionParser parser,
      Path workRoot,
      Clock clock) {
    this.store = store;
    this.limits = limits;
    this.buckets = buckets;
    this.parser = parser;
    this.workRoot = workRoot;
    this.clock = clock;
  }

  /**
   * The deployed service over {@code store}, with the limits and bucket count of {@code config}.
   */
  public static IngestService fromConfig(AppConfig config, ObjectStore store) {
    return new IngestService(
        store,
        config.ingestLimits(),
        config.curatedBuckets(),
        new TransactionParser(),
        Path.of(System.getProperty("java.io.tmpdir")),
        Clock.systemUTC());
  }

  /** The store this service reads raw/ from and publishes into. */
  ObjectStore store() {
    return store;
  }

  public IngestOutcome ingest(IngestCommand command) {
    String key = command.key();
    if (!key.startsWith(CuratedLayout.RAW_PREFIX)) {
      return IngestOutcome.skipped(
          key, IngestOutcome.Status.IGNORED, "key is outside " + CuratedLayout.RAW_PREFIX);
    }
    String sourceId = CuratedLayout.sourceId(key);
    String manifestKey = CuratedLayout.manifestKey(sourceId);
    Optional<Manifest> previous =
        store.read(manifestKey).map(bytes -> Json.read(bytes, Manifest.class));
    if (previous.isPresent() && previous.get().isNewerThan(command.sequencer())) {
      discardUnpublished(command, sourceId, manifestKey);
      return IngestOutcome.skipped(
          key,
          IngestOutcome.Status.STALE,
          "event sequencer "
              + command.sequencer()
              + " is older than the manifest's "
              + previous.get().sequencer());
    }
    if (previous.isPresent()
        && command.etag() != null
        && sameObject(previous.get(), command.etag(), command.versionId())) {
      finishCleanup(previous.get());
      return IngestOutcome.skipped(
          key, IngestOutcome.Status.DUPLICATE, "already ingested ETag " + command.etag());
    }
    Optional<ObjectInfo> head = store.head(key);
    if (head.isEmpty()) {
      return IngestOutcome.skipped(key, IngestOutcome.Status.MISSING, "object no longer exists");
    }
    ObjectInfo object = head.get();
    if (command.etag() != null && !command.etag().equals(object.etag())) {
      discardUnpublished(command, sourceId, manifestKey);
      return IngestOutcome.skipped(
          key,
          IngestOutcome.Status.SUPERSEDED,
          "object now has ETag " + object.etag() + "; its own event will ingest it");
    }
    if (previous.isPresent() && sameObject(previous.get(), object.etag(), object.versionId())) {
      finishCleanup(previous.get());
      return IngestOutcome.skipped(
          key, IngestOutcome.Status.DUPLICATE, "already ingested ETag " + object.etag());
    }
    Upload upload =
        new Upload(
            command,
            object,
            sourceId,
            manifestKey,
            CuratedLayout.uploadTag(object.etag(), object.versionId()));
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
        && (versionId == null
            || manifest.sourceVersionId() == null
            || versionId.equals(manifest.sourceVersionId()));
  }

  private record Upload(
      IngestCommand command,
      ObjectInfo object,
      String sourceId,
      String manifestKey,
      String uploadTag) {
    String quarantinePrefix() {
      return CuratedLayout.quarantinePrefix(sourceId, uploadTag);
    }
  }

  private IngestOutcome ingest(Upload upload) {
    if (upload.object().size() > limits.maxObjectBytes()) {
      return quarantineWhole(
          upload,
          "object is "
              + upload.object().size()
              + " bytes, over the limit of "
              + limits.maxObjectBytes(),
          null,
          0,
          null);
    }
    Path work = LocalFiles.createWorkDir(workRoot, "ingest-");
    try (BucketWriters writers = new BucketWriters(work, buckets);
        RejectedRows rejected =
            new RejectedRows(work.resolve("rejected-rows.csv"), limits.maxRejectedBytes())) {
      RawCsvParser.Counts counts;
      long bytesRead;
      try (InputStream raw = store.open(upload.command().key(), upload.object().etag())) {
        GuardedInputStream compressed =
            new GuardedInputStream(
                new BufferedInputStream(raw, 1 << 16), Long.MAX_VALUE, "", false);
        InputStream decompressed = decompressIfNeeded(upload.command().key(), compressed);
        try (InputStream text = ReadAhead.of(decompressed, READ_AHEAD_BYTES)) {
          GuardedInputStream guarded =
              new GuardedInputStream(
                  text,
                  limits.maxDecompressedBytes(),
                  "decompressed size is over the limit: a gzip bomb or an oversized file",
                  true);
          counts =
              new RawCsvParser(parser, limits.maxLineChars())
                  .parse(
                      guarded,
                      new RawCsvParser.Sink() {
                        @Override
                        public void valid(Transaction transaction, String amountText) {
                          writers.write(
                              CustomerHash.bucket(transaction.customerId(), buckets),
                              transaction,
                              amountText);
                        }

                        @Override
                        public void rejected(long line, String reason, String rawText) {
                          rejected.add(line, reason, rawText);
                        }
                      });
        }
        bytesRead = compressed.count();
      } catch (RejectedFileException e) {
        return quarantineWhole(
            upload,
            e.getMessage(),
            null,
            0,
            rejected.hasRows() ? rejected.finish() : null,
            rejected.sample());
      } catch (ZipException | EOFException e) {
        return quarantineWhole(
            upload, "corrupt or truncated gzip: " + e.getMessage(), null, 0, null);
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof ZipException || e.getCause() instanceof EOFException) {
          return quarantineWhole(
              upload, "corrupt or truncated gzip: " + e.getCause().getMessage(), null, 0, null);
        }
        throw e;
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + upload.command().key() + " failed", e);
      }
      Path rejectedFile = rejected.finish();
      double rejectedShare = (double) counts.rowsRejected() / counts.rowsRead();
      if (rejectedShare > limits.maxRejectedShare()) {
        return quarantineWhole(
            upload,
            String.format(
                "%d of %d rows rejected (%.2f%%), over the limit of %.2f%%; no rows published",
                counts.rowsRejected(),
                counts.rowsRead(),
                100 * rejectedShare,
                100 * limits.maxRejectedShare()),
            counts,
            bytesRead,
            rejected.hasRows() ? rejectedFile : null,
            rejected.sample());
      }
      return publish(
          upload,
          writers.finish(),
          counts,
          bytesRead,
          rejected.hasRows() ? rejectedFile : null,
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

  private IngestOutcome publish(
      Upload upload,
      List<BucketWriters.BucketFile> files,
      RawCsvParser.Counts counts,
      long bytesRead,
      Path rejectedFile,
      List<RejectedRows.Sample> sample) {
    List<Manifest.CuratedFile> curated = new ArrayList<>();
    for (BucketWriters.BucketFile file : files) {
      String dataKey = CuratedLayout.dataKey(file.bucket(), upload.sourceId(), upload.uploadTag());
      ObjectInfo written =
          store.upload(dataKey, file.path(), CuratedFormat.CONTENT_TYPE, file.sha256());
      curated.add(
          new Manifest.CuratedFile(
              dataKey,
              file.bucket(),
              file.rows(),
              file.bytes(),
              file.sha256(),
              written == null ? null : written.etag(),
              written == null ? null : written.versionId()));
    }
    String reportKey = null;
    if (rejectedFile != null) {
      reportKey =
          writeReport(
              upload,
              "PUBLISHED",
              counts.rowsRejected() + " rows rejected, " + counts.rowsValid() + " published",
              counts,
              bytesRead,
              rejectedFile,
              null,
              sample);
    }
    String finalReportKey = reportKey;
    IngestOutcome lost =
        commit(
            upload,
            curated,
            replaced ->
                manifest(
                    upload,
                    Manifest.Status.PUBLISHED,
                    null,
                    counts,
                    bytesRead,
                    curated,
                    finalReportKey,
                    replaced));
    if (lost != null) {
      return lost;
    }
    return new IngestOutcome(
        upload.command().key(),
        IngestOutcome.Status.PUBLISHED,
        null,
        counts.rowsRead(),
        counts.rowsValid(),
        counts.rowsRejected(),
        bytesRead,
        curated.size(),
        upload.manifestKey(),
        reportKey);
  }

  /**
   * How often a manifest write that lost a race to another writer is retried after re-reading it.
   */
  private static final int MAX_COMMIT_ATTEMPTS = 8;

  /**
   * Publishes this upload's manifest, unless a later upload of the key got there first. Re-reads
   * the manifest, checks that this upload is still the latest (the raw object still has its ETag
   * and the manifest records no newer sequencer), then writes the manifest conditionally on the
   * ETag it read ({@code If-None-Match: *} when there was none); a write that loses a race re-reads
   * and checks again. The winner updates the Athena link file, then deletes the files it replaced;
   * the files are named in the manifest, so a retry after a crash deletes them too.
   *
   * @return null when published, else the outcome of the upload that lost (its files deleted)
   */
  private IngestOutcome commit(
      Upload upload,
      List<Manifest.CuratedFile> ours,
      java.util.function.Function<List<String>, Manifest> build) {
    Set<String> ourKeys = new HashSet<>();
    ours.forEach(f -> ourKeys.add(f.key()));
    for (int attempt = 1; ; attempt++) {
      Optional<StoredObject> current = store.readWithEtag(upload.manifestKey());
      Manifest currentManifest =
          current.map(o -> Json.read(o.content(), Manifest.class)).orElse(null);
      IngestOutcome lost = whyLost(upload, currentManifest);
      if (lost != null) {
        if (lost.status() != IngestOutcome.Status.DUPLICATE) {
          for (String key : ourKeys) {
            if (currentManifest == null || !names(currentManifest, key)) {
              store.delete(key);
            }
          }
        }
        return lost;
      }
      List<String> replaced = new ArrayList<>();
      if (currentManifest != null) {
        // Files the current manifest itself replaced are unpublished already: finish their deletion
        // now, so that no list of pending deletions grows from manifest to manifest.
        deleteIfPresent(currentManifest.replacedFiles(), ourKeys);
        currentManifest.files().stream()
            .map(Manifest.CuratedFile::key)
            .filter(k -> !ourKeys.contains(k))
            .forEach(replaced::add);
      }
      Manifest manifest = build.apply(replaced);
      try {
        store.writeIfMatch(
            upload.manifestKey(),
            Json.bytes(manifest),
            "application/json",
            current.map(StoredObject::etag).orElse(null));
      } catch (ConditionFailedException e) {
        if (attempt >= MAX_COMMIT_ATTEMPTS) {
          throw e;
        }
        continue;
      }
      syncAthenaLinks(upload.sourceId(), upload.manifestKey());
      replaced.forEach(store::delete);
      return null;
    }
  }

  /** Why this upload may not publish over {@code current}, or null when it may. */
  private IngestOutcome whyLost(Upload upload, Manifest current) {
    String key = upload.command().key();
    if (current != null
        && sameObject(current, upload.object().etag(), upload.object().versionId())) {
      return IngestOutcome.skipped(
          key,
          IngestOutcome.Status.DUPLICATE,
          "a concurrent delivery already ingested ETag " + upload.object().etag());
    }
    if (current != null && current.isNewerThan(upload.command().sequencer())) {
      return IngestOutcome.skipped(
          key,
          IngestOutcome.Status.STALE,
          "a later upload (sequencer "
              + current.sequencer()
              + ") was published while this one ("
              + upload.command().sequencer()
              + ") was ingested; nothing of this one is kept");
    }
    Optional<ObjectInfo> now = store.head(key);
    if (now.isPresent() && !now.get().etag().equals(upload.object().etag())) {
      return IngestOutcome.skipped(
          key,
          IngestOutcome.Status.SUPERSEDED,
          "the object was overwritten (now ETag "
              + now.get().etag()
              + ") while this upload was ingested; its own event will ingest it");
    }
    return null;
  }

  private static boolean names(Manifest manifest, String key) {
    return manifest.files().stream().anyMatch(f -> f.key().equals(key));
  }

  /**
   * Points Athena at exactly the published files of one source: one line per file in {@code
   * curated/_athena/transactions/<source>.txt} (a symlink table; see docs/athena.md), removed when
   * the source has none. Written from the manifest as read, then the manifest is read again: if
   * another writer published meanwhile, the file is rewritten from the newer manifest, so the last
   * link file written always matches the last manifest.
   */
  private void syncAthenaLinks(String sourceId, String manifestKey) {
    String linkKey = CuratedLayout.athenaLinkKey(sourceId);
    for (int attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      Optional<StoredObject> before = store.readWithEtag(manifestKey);
      if (before.isEmpty()) {
        return;
      }
      Manifest manifest = Json.read(before.get().content(), Manifest.class);
      if (manifest.status() == Manifest.Status.PUBLISHED && !manifest.files().isEmpty()) {
        StringBuilder lines = new StringBuilder();
        manifest.files().forEach(f -> lines.append(store.uri(f.key())).append('\n'));
        store.write(linkKey, lines.toString().getBytes(StandardCharsets.UTF_8), "text/plain");
      } else if (store.head(linkKey).isPresent()) {
        store.delete(linkKey);
      }
      Optional<String> after = store.readWithEtag(manifestKey).map(StoredObject::etag);
      if (after.isPresent() && after.get().equals(before.get().etag())) {
        return;
      }
    }
  }

  /**
   * After a re-delivered event: deletes what the manifest replaced, in case a crash stopped that.
   */
  private void finishCleanup(Manifest manifest) {
    deleteIfPresent(manifest.replacedFiles(), Set.of());
    if (manifest.status() == Manifest.Status.PUBLISHED
        && !manifest.files().isEmpty()
        && store
            .head(CuratedLayout.athenaLinkKey(CuratedLayout.sourceId(manifest.sourceKey())))
            .isEmpty()) {
      syncAthenaLinks(
          CuratedLayout.sourceId(manifest.sourceKey()),
          CuratedLayout.manifestKey(CuratedLayout.sourceId(manifest.sourceKey())));
    }
  }

  private void deleteIfPresent(List<String> keys, Set<String> keep) {
    for (String key : keys) {
      if (!keep.contains(key) && store.head(key).isPresent()) {
        store.delete(key);
      }
    }
  }

  /**
   * For an event that can no longer publish (stale or superseded): deletes any curated files that
   * an earlier, interrupted attempt of the same upload left, unless the manifest names them.
   */
  private void discardUnpublished(IngestCommand command, String sourceId, String manifestKey) {
    if (command.etag() == null) {
      return;
    }
    String tag = CuratedLayout.uploadTag(command.etag(), command.versionId());
    List<String> candidates = new ArrayList<>();
    for (int bucket = 0; bucket < buckets; bucket++) {
      candidates.add(CuratedLayout.dataKey(bucket, sourceId, tag));
    }
    Manifest current =
        store.read(manifestKey).map(bytes -> Json.read(bytes, Manifest.class)).orElse(null);
    Set<String> keep = new HashSet<>();
    if (current != null) {
      current.files().forEach(f -> keep.add(f.key()));
    }
    deleteIfPresent(candidates, keep);
  }

  private IngestOutcome quarantineWhole(
      Upload upload, String reason, RawCsvParser.Counts counts, long bytesRead, Path rejectedFile) {
    return quarantineWhole(upload, reason, counts, bytesRead, rejectedFile, List.of());
  }

  private IngestOutcome quarantineWhole(
      Upload upload,
      String reason,
      RawCsvParser.Counts counts,
      long bytesRead,
      Path rejectedFile,
      List<RejectedRows.Sample> sample) {
    RawCsvParser.Counts reported =
        counts == null ? new RawCsvParser.Counts(0, 0, 0, Map.of()) : counts;
    String sourceCopyKey = null;
    if (upload.object().size() <= MAX_COPY_BYTES) {
      String name = upload.command().key().substring(upload.command().key().lastIndexOf('/') + 1);
      sourceCopyKey = upload.quarantinePrefix() + "source/" + (name.isEmpty() ? "object" : name);
      store.copy(upload.command().key(), sourceCopyKey);
    }
    String reportKey =
        writeReport(
            upload,
            "QUARANTINED",
            reason,
            reported,
            bytesRead,
            rejectedFile,
            sourceCopyKey,
            sample);
    // Every row of a quarantined file counts as rejected, so the counts still add up.
    RawCsvParser.Counts all =
        new RawCsvParser.Counts(reported.rowsRead(), 0, reported.rowsRead(), reported.rejectedBy());
    IngestOutcome lost =
        commit(
            upload,
            List.of(),
            replaced ->
                manifest(
                    upload,
                    Manifest.Status.QUARANTINED,
                    reason,
                    all,
                    bytesRead,
                    List.of(),
                    reportKey,
                    replaced));
    if (lost != null) {
      return lost;
    }
    return new IngestOutcome(
        upload.command().key(),
        IngestOutcome.Status.QUARANTINED,
        reason,
        all.rowsRead(),
        0,
        all.rowsRead(),
        bytesRead,
        0,
        upload.manifestKey(),
        reportKey);
  }

  private String writeReport(
      Upload upload,
      String status,
      String reason,
      RawCsvParser.Counts counts,
      long bytesRead,
      Path rejectedFile,
      String sourceCopyKey,
      List<RejectedRows.Sample> sample) {
    String rejectedRowsKey = null;
    if (rejectedFile != null) {
      rejectedRowsKey = upload.quarantinePrefix() + "rejected-rows.csv";
      store.upload(rejectedRowsKey, rejectedFile, "text/csv");
    }
    QuarantineReport report =
        new QuarantineReport(
            upload.command().key(),
            upload.object().etag(),
            upload.object().versionId(),
            status,
            reason,
            counts.rowsRead(),
            counts.rowsValid(),
            counts.rowsRejected(),
            bytesRead,
            limits.maxRejectedShare(),
            counts.rejectedBy(),
            sample,
            rejectedRowsKey,
            sourceCopyKey,
            clock.instant());
    String reportKey = upload.quarantinePrefix() + "report.json";
    store.write(reportKey, Json.bytes(report), "application/json");
    return reportKey;
  }

  private Manifest manifest(
      Upload upload,
      Manifest.Status status,
      String reason,
      RawCsvParser.Counts counts,
      long bytesRead,
      List<Manifest.CuratedFile> files,
      String reportKey,
      List<String> replaced) {
    return new Manifest(
        Manifest.FORMAT_VERSION,
        upload.command().key(),
        upload.object().etag(),
        upload.object().versionId(),
        upload.command().sequencer(),
        status,
        reason,
        counts.rowsRead(),
        counts.rowsValid(),
        counts.rowsRejected(),
        bytesRead,
        files,
        reportKey,
        clock.instant(),
        replaced);
  }

  /** The rejected rows of one file, streamed to a local CSV, with a small sample for the report. */
  static final class RejectedRows implements AutoCloseable {
    record Sample(long line, String reason, String raw) {}

    private final Path path;
    private final long maxBytes;
    private final List<Sample> sample = new ArrayList<>();
    private CsvWriter csv;
    private long rows;
    private long bytes;

    RejectedRows(Path path, long maxBytes) {
      this.path = path;
      this.maxBytes = maxBytes;
    }

    /**
     * Spools one rejected row. Past {@code maxBytes} (counted as UTF-16 characters plus separators,
     * which is the UTF-8 size for ASCII) the file is quarantined whole instead of filling local
     * disk; the rows spooled until then stay in its report.
     */
    void add(long line, String reason, String raw) {
      long size = 20L + reason.length() + raw.length();
      if (bytes + size > maxBytes) {
        throw new RejectedFileException(
            "more than "
                + maxBytes
                + " bytes of rejected rows ("
                + rows
                + " rows rejected by line "
                + line
                + "): the file is quarantined whole; the first "
                + rows
                + " rejected rows are in rejected-rows.csv");
      }
      bytes += size;
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
