package com.ltvforecast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.config.IngestLimits;
import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.curated.Manifest;
import com.ltvforecast.json.Json;
import com.ltvforecast.testing.InMemoryObjectStore;
import com.ltvforecast.testing.InterceptingObjectStore;
import com.ltvforecast.transactions.Transaction;
import com.ltvforecast.transactions.TransactionParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestServiceTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
  private static final IngestLimits LIMITS =
      new IngestLimits(0.05, 10_000_000, 50_000_000, 64 * 1024);

  @TempDir Path work;
  private final InMemoryObjectStore store = new InMemoryObjectStore();

  private IngestService service(IngestLimits limits) {
    return new IngestService(store, limits, 8, new TransactionParser(CLOCK), work, CLOCK);
  }

  private IngestOutcome ingest(String key, byte[] content) {
    store.put(key, content);
    return service(LIMITS)
        .ingest(new IngestCommand(key, InMemoryObjectStore.etagOf(content), null, null));
  }

  private List<Transaction> curated() {
    CuratedReader reader = new CuratedReader(store);
    List<Transaction> rows = new ArrayList<>();
    reader.forEach(reader.publishedManifests(), b -> true, rows::add);
    return rows;
  }

  private Manifest manifest(String key) {
    return Json.read(
        store.get(CuratedLayout.manifestKey(CuratedLayout.sourceId(key))), Manifest.class);
  }

  private String report(IngestOutcome outcome) {
    return new String(store.get(outcome.quarantineReportKey()), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String rows(int good, int bad) {
    StringBuilder csv = new StringBuilder("customer_id,event_time,amount\n");
    for (int i = 0; i < good; i++) {
      csv.append("c")
          .append(i % 17)
          .append(",2024-01-")
          .append(String.format("%02d", 1 + i % 28))
          .append(",")
          .append(i % 50)
          .append(".25\n");
    }
    for (int i = 0; i < bad; i++) {
      csv.append("c").append(i).append(",not-a-date,1.00\n");
    }
    return csv.toString();
  }

  @Test
  void ingest_shouldPublishEveryRow_whenFileIsValid() {
    // given a valid file
    byte[] content =
        utf8("customer_id,event_time,amount\na,2024-01-01,10.50\nb,2024-01-02T10:00:00,3\n");
    // when
    IngestOutcome outcome = ingest("raw/ok.csv", content);
    // then
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status());
    assertEquals(2, outcome.rowsRead());
    assertEquals(2, outcome.rowsValid());
    assertEquals(2, curated().size());
    Manifest manifest = manifest("raw/ok.csv");
    assertEquals(2, manifest.rowsValid());
    assertEquals(InMemoryObjectStore.etagOf(content), manifest.sourceEtag());
    assertNull(outcome.quarantineReportKey());
  }

  @Test
  void ingest_shouldStripByteOrderMark_whenHeaderStartsWithBom() {
    IngestOutcome outcome =
        ingest("raw/bom.csv", utf8("\uFEFFcustomer_id,event_time,amount\na,2024-01-01,1\n"));
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status());
    assertEquals("a", curated().get(0).customerId());
  }

  @Test
  void ingest_shouldAcceptCrlfLineEndings() {
    IngestOutcome outcome =
        ingest(
            "raw/crlf.csv",
            utf8("customer_id,event_time,amount\r\na,2024-01-01,1\r\nb,2024-01-01,2\r\n"));
    assertEquals(2, outcome.rowsValid());
    assertEquals(
        List.of("a", "b"), curated().stream().map(Transaction::customerId).sorted().toList());
  }

  @Test
  void ingest_shouldReadQuotedFieldsWithCommas_whenColumnsAreReorderedAndExtraColumnsPresent() {
    byte[] content =
        utf8(
            "note,amount,customer_id,event_time\n\"hello, world\",\"1.5\",\"x,y\",2024-01-01\n"
                + "\"plain\",2.5,\"a \"\"quoted\"\" id\",2024-01-02\n");
    IngestOutcome outcome = ingest("raw/quoted.csv", content);
    assertEquals(2, outcome.rowsValid());
    List<Transaction> rows =
        curated().stream().sorted(java.util.Comparator.comparing(Transaction::amount)).toList();
    assertEquals("x,y", rows.get(0).customerId());
    assertEquals(1.5, rows.get(0).amount());
    assertEquals("a \"quoted\" id", rows.get(1).customerId());
  }

  @Test
  void ingest_shouldKeepUnicodeIds() {
    IngestOutcome outcome =
        ingest(
            "raw/unicode.csv", utf8("customer_id,event_time,amount\nkundé-日本-😀,2024-01-01,1\n"));
    assertEquals(1, outcome.rowsValid());
    assertEquals("kundé-日本-😀", curated().get(0).customerId());
  }

  @Test
  void ingest_shouldRejectNonFiniteAmounts_whenNanInfinityOrOverflow() {
    StringBuilder csv = new StringBuilder("customer_id,event_time,amount\n");
    for (String bad : List.of("NaN", "Infinity", "-Infinity", "1e309", "0x1p3", "12d")) {
      csv.append("a,2024-01-01,").append(bad).append('\n');
    }
    csv.append("a,2024-01-01,1\n".repeat(200));
    IngestOutcome outcome = ingest("raw/nan.csv", utf8(csv.toString()));
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status());
    assertEquals(6, outcome.rowsRejected());
    assertEquals(200, outcome.rowsValid());
    assertTrue(report(outcome).contains("\"amount\":6"), report(outcome));
  }

  @Test
  void ingest_shouldRejectRow_whenCustomerIdEmptyOrTooLong() {
    String csv =
        "customer_id,event_time,amount\n  ,2024-01-01,1\n"
            + "x".repeat(129)
            + ",2024-01-01,1\n"
            + "a,2024-01-01,1\n".repeat(100);
    IngestOutcome outcome = ingest("raw/ids.csv", utf8(csv));
    assertEquals(2, outcome.rowsRejected());
    assertEquals(100, outcome.rowsValid());
  }

  @Test
  void ingest_shouldRejectRow_whenDateIsBadBefore1970OrInFuture() {
    String csv =
        "customer_id,event_time,amount\na,2024-13-01,1\na,1969-12-31,1\na,2099-01-01,1\na,yesterday,1\n"
            + "a,2024-02-03T04:05:06+02:00,1\n".repeat(96);
    IngestOutcome outcome = ingest("raw/dates.csv", utf8(csv));
    assertEquals(4, outcome.rowsRejected());
    assertEquals(Instant.parse("2024-02-03T02:05:06Z"), curated().get(0).eventTime());
  }

  @Test
  void ingest_shouldQuarantineWholeFile_whenRequiredColumnMissing() {
    IngestOutcome outcome =
        ingest("raw/missing.csv", utf8("customer_id,event_time,price\na,2024-01-01,1\n"));
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertTrue(outcome.reason().contains("amount"), outcome.reason());
    assertTrue(curated().isEmpty());
    assertTrue(report(outcome).contains("missing required column(s) amount"));
    assertEquals(Manifest.Status.QUARANTINED, manifest("raw/missing.csv").status());
  }

  @Test
  void ingest_shouldQuarantineWholeFile_whenSingleLineIsTwoMegabytes() {
    String csv =
        "customer_id,event_time,amount\na,2024-01-01,1\n"
            + "b".repeat(2 * 1024 * 1024)
            + ",2024-01-01,1\n";
    IngestOutcome outcome = ingest("raw/longline.csv", utf8(csv));
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertTrue(outcome.reason().contains("maximum line length"), outcome.reason());
    assertTrue(curated().isEmpty());
  }

  @Test
  void ingest_shouldQuarantine_whenGzipIsTruncated() {
    byte[] gz = gzip(utf8(rows(5000, 0)));
    IngestOutcome outcome = ingest("raw/truncated.csv.gz", Arrays.copyOf(gz, gz.length / 2));
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertTrue(outcome.reason().contains("gzip"), outcome.reason());
    assertTrue(curated().isEmpty());
  }

  @Test
  void ingest_shouldQuarantine_whenGzipIsNotGzip() {
    IngestOutcome outcome = ingest("raw/fake.csv.gz", utf8(rows(10, 0)));
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertTrue(outcome.reason().contains("gzip"), outcome.reason());
  }

  @Test
  void ingest_shouldReadGzip_whenValid() {
    IngestOutcome outcome = ingest("raw/ok.csv.gz", gzip(utf8(rows(1000, 0))));
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status());
    assertEquals(1000, curated().size());
  }

  @Test
  void ingest_shouldStopGzipBomb_whenDecompressedSizeOverLimit() {
    // given 60 MB of zeros-like text compressing to well under 1 MB
    StringBuilder csv = new StringBuilder("customer_id,event_time,amount\n");
    String row = "a,2024-01-01,1" + " ".repeat(1000) + "\n";
    while (csv.length() < 60_000_000) {
      csv.append(row);
    }
    byte[] bomb = gzip(utf8(csv.toString()));
    assertTrue(bomb.length < 1_000_000, "bomb is " + bomb.length + " bytes");
    // when
    IngestOutcome outcome = ingest("raw/bomb.csv.gz", bomb);
    // then
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertTrue(outcome.reason().contains("gzip bomb"), outcome.reason());
    assertTrue(curated().isEmpty());
  }

  @Test
  void ingest_shouldQuarantine_whenObjectIsOverSizeLimit() {
    store.put("raw/big.csv", utf8(rows(100, 0)));
    IngestOutcome outcome =
        service(new IngestLimits(0.05, 100, 50_000_000, 1024))
            .ingest(new IngestCommand("raw/big.csv", null, null, null));
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertTrue(outcome.reason().contains("over the limit"), outcome.reason());
  }

  @Test
  void ingest_shouldQuarantine_whenBinaryData() {
    byte[] binary = new byte[10_000];
    new Random(7).nextBytes(binary);
    IngestOutcome outcome = ingest("raw/binary.csv", binary);
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertTrue(
        outcome.reason().contains("binary") || outcome.reason().contains("UTF-8"),
        outcome.reason());
  }

  @Test
  void ingest_shouldQuarantine_whenFileIsEmpty() {
    IngestOutcome outcome = ingest("raw/empty.csv", new byte[0]);
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertTrue(outcome.reason().contains("empty file"), outcome.reason());
    assertNotNull(store.get(outcome.quarantineReportKey()));
  }

  @Test
  void ingest_shouldQuarantine_whenHeaderOnly() {
    IngestOutcome outcome = ingest("raw/header.csv", utf8("customer_id,event_time,amount\n"));
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertTrue(outcome.reason().contains("header only"), outcome.reason());
  }

  @Test
  void ingest_shouldQuarantineWholeFile_whenTenPercentOfRowsAreBad() {
    IngestOutcome outcome = ingest("raw/bad10.csv", utf8(rows(900, 100)));
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertEquals(1000, outcome.rowsRead());
    assertEquals(outcome.rowsRead(), outcome.rowsValid() + outcome.rowsRejected());
    assertTrue(curated().isEmpty(), "no rows of a quarantined file are published");
    assertTrue(report(outcome).contains("10.00%"), report(outcome));
    assertTrue(store.keys().stream().anyMatch(k -> k.endsWith("rejected-rows.csv")));
  }

  @Test
  void ingest_shouldPublishWithReport_whenOnePercentOfRowsAreBad() {
    IngestOutcome outcome = ingest("raw/bad1.csv", utf8(rows(990, 10)));
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status());
    assertEquals(990, outcome.rowsValid());
    assertEquals(10, outcome.rowsRejected());
    assertEquals(990, curated().size());
    String rejected =
        new String(
            store.get(
                store.keys().stream()
                    .filter(k -> k.endsWith("rejected-rows.csv"))
                    .findFirst()
                    .orElseThrow()),
            StandardCharsets.UTF_8);
    assertTrue(
        rejected.contains(
            "992,event_time 'not-a-date' is not an ISO-8601 date or date-time,\"c0,not-a-date,1.00\""),
        rejected.lines().limit(3).toList().toString());
  }

  @Test
  void ingest_shouldChangeNothing_whenEventIsRedelivered() {
    byte[] content = utf8(rows(50, 0));
    IngestOutcome first = ingest("raw/again.csv", content);
    List<String> keysAfterFirst = store.keys();
    IngestOutcome second =
        service(LIMITS)
            .ingest(
                new IngestCommand(
                    "raw/again.csv", InMemoryObjectStore.etagOf(content), null, null));
    IngestOutcome third =
        service(LIMITS).ingest(new IngestCommand("raw/again.csv", null, null, null));
    assertEquals(IngestOutcome.Status.PUBLISHED, first.status());
    assertEquals(IngestOutcome.Status.DUPLICATE, second.status());
    assertEquals(IngestOutcome.Status.DUPLICATE, third.status());
    assertEquals(keysAfterFirst, store.keys());
    assertEquals(50, curated().size());
  }

  @Test
  void ingest_shouldIgnoreStaleEvent_whenSequencerIsOlderThanManifest() {
    byte[] newer = utf8(rows(30, 0));
    store.put("raw/order.csv", newer);
    service(LIMITS)
        .ingest(
            new IngestCommand(
                "raw/order.csv", InMemoryObjectStore.etagOf(newer), null, "0055AED6DCD90281E6"));
    IngestOutcome stale =
        service(LIMITS)
            .ingest(new IngestCommand("raw/order.csv", "0123", null, "0055AED6DCD90281E5"));
    assertEquals(IngestOutcome.Status.STALE, stale.status());
    assertEquals(30, curated().size());
  }

  @Test
  void ingest_shouldSkipSupersededEvent_whenObjectWasOverwrittenSince() {
    store.put("raw/over.csv", utf8(rows(30, 0)));
    IngestOutcome outcome =
        service(LIMITS)
            .ingest(new IngestCommand("raw/over.csv", "etag-of-an-older-upload", null, null));
    assertEquals(IngestOutcome.Status.SUPERSEDED, outcome.status());
    assertTrue(curated().isEmpty());
  }

  @Test
  void ingest_shouldReplaceEarlierOutput_whenSameKeyIsUploadedAgain() {
    ingest("raw/same.csv", utf8(rows(40, 0)));
    IngestOutcome second = ingest("raw/same.csv", utf8(rows(25, 0)));
    assertEquals(IngestOutcome.Status.PUBLISHED, second.status());
    assertEquals(25, curated().size(), "no double counting");
    long dataFiles = store.list(CuratedLayout.TRANSACTIONS_PREFIX).size();
    assertEquals(
        manifest("raw/same.csv").files().size(), dataFiles, "the first upload's files are gone");
  }

  @Test
  void ingest_shouldIgnoreKey_whenOutsideRawPrefix() {
    IngestOutcome outcome = ingest("curated/sneaky.csv", utf8(rows(5, 0)));
    assertEquals(IngestOutcome.Status.IGNORED, outcome.status());
    assertTrue(store.list(CuratedLayout.MANIFESTS_PREFIX).isEmpty());
  }

  @Test
  void ingest_shouldReportMissing_whenObjectDeletedBeforeProcessing() {
    IngestOutcome outcome =
        service(LIMITS).ingest(new IngestCommand("raw/gone.csv", "abc", null, null));
    assertEquals(IngestOutcome.Status.MISSING, outcome.status());
  }

  @Test
  void ingest_shouldSpreadCustomersOverBuckets_andKeepEachCustomerInOneBucket() {
    IngestOutcome outcome = ingest("raw/spread.csv", utf8(rows(2000, 0)));
    Manifest manifest = manifest("raw/spread.csv");
    assertTrue(manifest.files().size() > 1, "17 customers over 8 buckets use several files");
    assertEquals(
        outcome.rowsValid(), manifest.files().stream().mapToLong(Manifest.CuratedFile::rows).sum());
  }

  private IngestService crashing(
      InterceptingObjectStore.Op op, String keyPrefix, AtomicInteger crashes) {
    InterceptingObjectStore faulty =
        new InterceptingObjectStore(
            store,
            (o, key) -> {
              if (o == op && key.startsWith(keyPrefix) && crashes.getAndDecrement() > 0) {
                throw new IllegalStateException("injected crash before " + o + " " + key);
              }
            });
    return new IngestService(faulty, LIMITS, 8, new TransactionParser(CLOCK), work, CLOCK);
  }

  private List<String> curatedFiles() {
    return store.list(CuratedLayout.TRANSACTIONS_PREFIX);
  }

  private static List<String> manifested(Manifest manifest) {
    return manifest.files().stream().map(Manifest.CuratedFile::key).sorted().toList();
  }

  @Test
  void ingest_shouldDeleteReplacedFilesOnRetry_whenCrashedBetweenManifestAndCleanup() {
    // given a first upload published, then a second one whose invocation dies after its manifest
    // write
    ingest("raw/crash.csv", utf8(rows(40, 0)));
    byte[] second = utf8(rows(25, 0));
    store.put("raw/crash.csv", second);
    IngestCommand command =
        new IngestCommand("raw/crash.csv", InMemoryObjectStore.etagOf(second), null, null);
    AtomicInteger crashes = new AtomicInteger(1);
    assertThrows(
        IllegalStateException.class,
        () ->
            crashing(InterceptingObjectStore.Op.DELETE, CuratedLayout.TRANSACTIONS_PREFIX, crashes)
                .ingest(command));
    assertTrue(
        curatedFiles().size() > manifest("raw/crash.csv").files().size(), "the crash left orphans");
    // when the event is retried
    IngestOutcome retry = service(LIMITS).ingest(command);
    // then the retry finds its manifest in place and finishes the cleanup
    assertEquals(IngestOutcome.Status.DUPLICATE, retry.status());
    assertEquals(manifested(manifest("raw/crash.csv")), curatedFiles());
    assertEquals(25, curated().size());
  }

  @Test
  void ingest_shouldDeleteLeftoverFiles_whenCrashedBeforeManifestAndANewerUploadWon() {
    // given an upload whose invocation dies after uploading its data, before its manifest
    byte[] first = utf8(rows(40, 0));
    store.put("raw/left.csv", first);
    IngestCommand firstEvent =
        new IngestCommand("raw/left.csv", InMemoryObjectStore.etagOf(first), null, "00A1");
    AtomicInteger crashes = new AtomicInteger(1);
    assertThrows(
        IllegalStateException.class,
        () ->
            crashing(
                    InterceptingObjectStore.Op.WRITE_IF_MATCH,
                    CuratedLayout.MANIFESTS_PREFIX,
                    crashes)
                .ingest(firstEvent));
    assertFalse(curatedFiles().isEmpty(), "the crash left unmanifested files");
    // and a newer upload of the key published before the retry
    byte[] second = utf8(rows(25, 0));
    store.put("raw/left.csv", second);
    service(LIMITS)
        .ingest(
            new IngestCommand("raw/left.csv", InMemoryObjectStore.etagOf(second), null, "00A2"));
    // when the first event is retried
    IngestOutcome retry = service(LIMITS).ingest(firstEvent);
    // then it is stale, and what its first attempt left is gone
    assertEquals(IngestOutcome.Status.STALE, retry.status());
    assertEquals(manifested(manifest("raw/left.csv")), curatedFiles());
    assertEquals(25, curated().size());
  }

  @Test
  void ingest_shouldPointAthenaAtPublishedFilesOnly() {
    String link = CuratedLayout.athenaLinkKey(CuratedLayout.sourceId("raw/athena.csv"));
    ingest("raw/athena.csv", utf8(rows(40, 0)));
    assertEquals(
        manifested(manifest("raw/athena.csv")),
        new String(store.get(link), StandardCharsets.UTF_8).lines().sorted().toList());
    // a re-upload that is quarantined whole leaves Athena nothing of the source
    ingest("raw/athena.csv", utf8(rows(50, 50)));
    assertEquals(Manifest.Status.QUARANTINED, manifest("raw/athena.csv").status());
    assertTrue(store.read(link).isEmpty());
    assertTrue(curatedFiles().isEmpty());
  }

  @Test
  void curatedReader_shouldReadManifestedVersions_whenSourceIsReingestedMidRun() {
    // given a versioned store (as deployed) and a run that listed the manifests before a re-ingest
    InMemoryObjectStore versioned = new InMemoryObjectStore(true);
    IngestService service =
        new IngestService(versioned, LIMITS, 8, new TransactionParser(CLOCK), work, CLOCK);
    byte[] first = utf8(rows(40, 0));
    versioned.put("raw/mid.csv", first);
    service.ingest(new IngestCommand("raw/mid.csv", null, null, null));
    CuratedReader reader = new CuratedReader(versioned);
    List<Manifest> snapshot = reader.publishedManifests();
    versioned.put("raw/mid.csv", utf8(rows(25, 0)));
    assertEquals(
        IngestOutcome.Status.PUBLISHED,
        service.ingest(new IngestCommand("raw/mid.csv", null, null, null)).status());
    // when the run reads its snapshot
    long rows = reader.forEach(snapshot, b -> true, t -> {});
    // then it reads the versions its manifests named
    assertEquals(40, rows);
    assertEquals(25, reader.forEach(reader.publishedManifests(), b -> true, t -> {}));
  }

  @Test
  void ingest_shouldCountSwallowedRows_whenQuoteIsUnterminatedEarly() {
    // given a quote opened in an ignored column and never closed: it runs over the 100 rows after
    // it
    String csv =
        "customer_id,event_time,amount,note\na,2024-01-01,1,\"oops\n"
            + "b,2024-01-02,2,fine\n".repeat(100);
    // when
    IngestOutcome outcome = ingest("raw/quote.csv", utf8(csv));
    // then every line is counted as read and rejected, and the file is quarantined by the share
    // rule
    assertEquals(101, outcome.rowsRead());
    assertEquals(101, outcome.rowsRejected());
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertTrue(report(outcome).contains("\"quote\":101"), report(outcome));
    assertTrue(curated().isEmpty());
  }

  @Test
  void ingest_shouldRejectOnlyTheCoveredLines_whenQuoteIsUnterminatedNearTheEnd() {
    String csv =
        "customer_id,event_time,amount\n"
            + "b,2024-01-02,2\n".repeat(1000)
            + "\"c,2024-01-03,3\nd,2024-01-04,4\ne,2024-01-05,5\n";
    IngestOutcome outcome = ingest("raw/quote-end.csv", utf8(csv));
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status());
    assertEquals(1003, outcome.rowsRead());
    assertEquals(1000, outcome.rowsValid());
    assertEquals(3, outcome.rowsRejected());
    assertEquals(1000, curated().size());
  }

  @Test
  void ingest_shouldRejectRecord_whenQuotedFieldHasLineBreak() {
    String csv =
        "customer_id,event_time,amount,note\n"
            + "b,2024-01-02,2,x\n".repeat(100)
            + "a,2024-01-01,1,\"two\r\nlines\"\n"
            + "b,2024-01-02,2,x\n".repeat(100);
    IngestOutcome outcome = ingest("raw/multiline.csv", utf8(csv));
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status());
    assertEquals(202, outcome.rowsRead());
    assertEquals(2, outcome.rowsRejected());
    assertEquals(200, outcome.rowsValid());
  }

  @Test
  void ingest_shouldIgnoreDuplicateUnknownColumns() {
    String csv =
        "customer_id,note,event_time,amount,note,Note\n" + "a,x,2024-01-01,1,y,z\n".repeat(10);
    IngestOutcome outcome = ingest("raw/dupcols.csv", utf8(csv));
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status(), outcome.reason());
    assertEquals(10, outcome.rowsValid());
  }

  @Test
  void ingest_shouldQuarantine_whenContractColumnIsDuplicated() {
    IngestOutcome outcome =
        ingest(
            "raw/dupamount.csv", utf8("customer_id,event_time,amount,Amount\na,2024-01-01,1,2\n"));
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertTrue(outcome.reason().contains("duplicate column 'amount'"), outcome.reason());
  }

  @Test
  void ingest_shouldQuarantineWhole_whenRejectedRowsExceedTheSpoolCap() {
    // given 2% bad rows (under the 5% share) whose spool would exceed a 10,000-byte cap
    IngestLimits capped = new IngestLimits(0.05, 10_000_000, 50_000_000, 64 * 1024, 10_000);
    store.put("raw/spool.csv", utf8(rows(9800, 200)));
    // when
    IngestOutcome outcome =
        service(capped).ingest(new IngestCommand("raw/spool.csv", null, null, null));
    // then
    assertEquals(IngestOutcome.Status.QUARANTINED, outcome.status());
    assertTrue(
        outcome.reason().contains("more than 10000 bytes of rejected rows"), outcome.reason());
    assertTrue(curated().isEmpty());
    byte[] spooled =
        store.get(
            store.keys().stream()
                .filter(k -> k.endsWith("rejected-rows.csv"))
                .findFirst()
                .orElseThrow());
    assertTrue(spooled.length < 12_000, "spooled " + spooled.length + " bytes");
  }

  @Test
  void ingest_shouldRejectAmountsOverTheContractBound() {
    String csv =
        "customer_id,event_time,amount\n"
            + "a,2024-01-01,1e12\na,2024-01-01,-1000000000000\n"
            + "a,2024-01-01,1000000000000.5\na,2024-01-01,4e38\na,2024-01-01,-1e308\n"
            + "b,2024-01-01,1\n".repeat(100);
    IngestOutcome outcome = ingest("raw/bounds.csv", utf8(csv));
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status());
    assertEquals(3, outcome.rowsRejected());
    assertEquals(102, outcome.rowsValid());
    assertTrue(report(outcome).contains("\"amount\":3"), report(outcome));
    assertTrue(report(outcome).contains("|amount| <= 1e12"), report(outcome));
  }
}
