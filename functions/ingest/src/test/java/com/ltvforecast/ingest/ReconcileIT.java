package com.ltvforecast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.config.IngestLimits;
import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.curated.Manifest;
import com.ltvforecast.json.Json;
import com.ltvforecast.storage.ObjectInfo;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.testing.AwsEndpointExtension;
import com.ltvforecast.testing.InterceptingObjectStore;
import com.ltvforecast.testing.LambdaEvents;
import com.ltvforecast.transactions.TransactionParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reconcile of raw/ against the manifests, against real S3 wire protocol (a versioned bucket, as
 * deployed): lost events, stale manifests, orphans after a crash, deleted raw objects, overwrites
 * during a re-drive, the re-drive cap, unreadable manifests, and every malformed event the handler
 * can be sent.
 */
@ExtendWith(AwsEndpointExtension.class)
class ReconcileIT {

  private static final IngestLimits LIMITS =
      new IngestLimits(0.05, 10_000_000, 50_000_000, 64 * 1024);
  private static final Duration DAY = Duration.ofHours(24);

  @TempDir Path work;

  private S3Client s3;
  private String bucket;
  private S3ObjectStore store;

  @BeforeEach
  void createBucket() {
    s3 = AwsClients.s3();
    bucket = "reconcile-it-" + UUID.randomUUID();
    s3.createBucket(b -> b.bucket(bucket));
    s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
    store = new S3ObjectStore(s3, bucket);
  }

  private IngestService ingestService(ObjectStore on) {
    return new IngestService(on, LIMITS, 8, new TransactionParser(), work, Clock.systemUTC());
  }

  /**
   * A reconciler whose clock is {@code ahead} past now, as a run that long after the files were
   * written.
   */
  private ReconcileService reconciler(Duration ahead) {
    return new ReconcileService(
        store, ingestService(store), Clock.fixed(Instant.now().plus(ahead), ZoneOffset.UTC));
  }

  private static ReconcileCommand command(boolean dryRun, int maxRedrives) {
    return new ReconcileCommand(DAY, maxRedrives, dryRun);
  }

  private static String csv(String customerPrefix, int rows) {
    StringBuilder csv = new StringBuilder("customer_id,event_time,amount\n");
    for (int i = 0; i < rows; i++) {
      csv.append(customerPrefix)
          .append(i % 7)
          .append(",2024-02-")
          .append(String.format("%02d", 1 + i % 28))
          .append(",")
          .append(i + 1)
          .append(".5\n");
    }
    return csv.toString();
  }

  private String put(String key, String content) {
    return s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content))
        .eTag()
        .replace("\"", "");
  }

  private IngestOutcome deliver(String key, String etag) {
    return ingestService(store).ingest(new IngestCommand(key, etag, null, null));
  }

  /** Published rows by customer prefix (the part before the digit), counted. */
  private Map<String, Long> publishedRows() {
    Map<String, Long> rows = new TreeMap<>();
    CuratedReader reader = new CuratedReader(store);
    reader.forEach(
        reader.publishedManifests(),
        b -> true,
        t -> rows.merge(t.customerId().replaceAll("\\d+$", ""), 1L, Long::sum));
    return rows;
  }

  @Test
  void reconcile_shouldIngestLostAndStaleUploadsOnce_andThenFindNothing() {
    deliver("raw/a.csv", put("raw/a.csv", csv("a1-", 30)));
    put("raw/b.csv", csv("b-", 20)); // its event never arrived
    put("raw/a.csv", csv("a2-", 25)); // the re-upload's event never arrived
    put("raw/notes.txt", "not a trigger suffix"); // ingestion never takes it

    ReconcileReport first = reconciler(Duration.ZERO).reconcile(command(false, 20));

    assertEquals(2, first.rawObjects());
    assertEquals(List.of("raw/b.csv"), first.unmanifested());
    assertEquals(List.of("raw/a.csv"), first.stale());
    assertEquals(Map.of(IngestOutcome.Status.PUBLISHED, 2), first.redriven());
    assertEquals(0, first.unresolved());
    assertEquals(Map.of("a2-", 25L, "b-", 20L), publishedRows());
    // the re-ingest of raw/a.csv deleted the files of the upload it replaced: nothing is orphaned
    assertEquals(0, first.orphanCount());

    ReconcileReport second = reconciler(Duration.ZERO).reconcile(command(false, 20));
    assertEquals(0, second.unmanifestedCount() + second.staleCount() + second.orphanCount());
    assertTrue(second.redriven().isEmpty());
    assertEquals(Map.of("a2-", 25L, "b-", 20L), publishedRows());
  }

  @Test
  void reconcile_shouldDeleteOrphansOnlyPastTheGracePeriod_andNeverAPublishedFile() {
    String etag = put("raw/c.csv", csv("c-", 40));
    deliver("raw/c.csv", etag);
    // what a crash between data files and manifest leaves, never retried: files no manifest names
    String orphan =
        CuratedLayout.dataKey(3, CuratedLayout.sourceId("raw/lost.csv"), "0123456789ab");
    String stray = CuratedLayout.bucketPrefix(5) + "stray.csv";
    store.write(
        orphan, "customer_id,event_time,amount\n".getBytes(StandardCharsets.UTF_8), "text/csv");
    store.write(stray, "x".getBytes(StandardCharsets.UTF_8), "text/csv");
    int files = store.list(CuratedLayout.TRANSACTIONS_PREFIX).size();

    ReconcileReport young = reconciler(Duration.ZERO).reconcile(command(false, 20));
    assertEquals(2, young.orphanCount());
    assertEquals(2, young.orphansWithinGrace());
    assertEquals(0, young.orphansDeleted());
    assertEquals(files, store.list(CuratedLayout.TRANSACTIONS_PREFIX).size());

    ReconcileReport dry = reconciler(DAY.plusHours(1)).reconcile(command(true, 20));
    assertEquals(0, dry.orphansDeleted());
    assertEquals(2, dry.unresolved());
    assertEquals(files, store.list(CuratedLayout.TRANSACTIONS_PREFIX).size());

    ReconcileReport old = reconciler(DAY.plusHours(1)).reconcile(command(false, 20));
    assertEquals(2, old.orphansDeleted());
    assertFalse(store.head(orphan).isPresent());
    assertFalse(store.head(stray).isPresent());
    assertEquals(files - 2, store.list(CuratedLayout.TRANSACTIONS_PREFIX).size());
    assertEquals(Map.of("c-", 40L), publishedRows());
  }

  @Test
  void reconcile_shouldKeepAnOrphanThatAManifestNamesByTheTimeItWouldBeDeleted() {
    // an ingestion crashed after its data files; its retry runs while reconcile is deciding
    String etag = put("raw/d.csv", csv("d-", 30));
    AtomicBoolean killed = new AtomicBoolean();
    InterceptingObjectStore crashing =
        new InterceptingObjectStore(
            store,
            (op, key) -> {
              if (op == InterceptingObjectStore.Op.WRITE_IF_MATCH
                  && killed.compareAndSet(false, true)) {
                throw new IllegalStateException("killed before the manifest");
              }
            });
    assertThrows(
        IllegalStateException.class,
        () -> ingestService(crashing).ingest(new IngestCommand("raw/d.csv", etag, null, null)));
    int orphans = store.list(CuratedLayout.TRANSACTIONS_PREFIX).size();
    assertTrue(orphans > 0);
    // the retry lands after reconcile listed, before it deletes: reconcile must see the new
    // manifest
    AtomicBoolean retried = new AtomicBoolean();
    InterceptingObjectStore racing =
        new InterceptingObjectStore(
            store,
            (op, key) -> {
              if (op == InterceptingObjectStore.Op.DELETE && retried.compareAndSet(false, true)) {
                deliver("raw/d.csv", etag);
              }
            });
    ReconcileService reconciler =
        new ReconcileService(
            racing,
            ingestService(store),
            Clock.fixed(Instant.now().plus(DAY).plusSeconds(3600), ZoneOffset.UTC));
    // the first delete the reconciler attempts triggers the retry; give it one to attempt
    store.write(CuratedLayout.bucketPrefix(0) + "stray.csv", new byte[] {1}, "text/csv");

    ReconcileReport report = reconciler.reconcile(command(false, 20));

    assertTrue(retried.get());
    assertEquals(orphans + 1, report.orphanCount());
    assertEquals(Map.of("d-", 30L), publishedRows());
    // Athena reads the current objects the link file names: each must be there, at the manifest's
    // version
    Manifest manifest =
        Json.read(
            store
                .read(CuratedLayout.manifestKey(CuratedLayout.sourceId("raw/d.csv")))
                .orElseThrow(),
            Manifest.class);
    assertEquals(orphans, manifest.files().size());
    for (Manifest.CuratedFile file : manifest.files()) {
      assertEquals(
          file.versionId(),
          store.head(file.key()).map(ObjectInfo::versionId).orElse("deleted"),
          file.key());
    }
  }

  @Test
  void reconcile_shouldReportManifestsWhoseRawObjectIsGone_andKeepTheirRows() {
    deliver("raw/e.csv", put("raw/e.csv", csv("e-", 10)));
    s3.deleteObject(b -> b.bucket(bucket).key("raw/e.csv"));

    ReconcileReport report = reconciler(DAY.plusHours(1)).reconcile(command(false, 20));

    assertEquals(List.of("raw/e.csv"), report.rawGone());
    assertEquals(0, report.orphansDeleted());
    assertEquals(Map.of("e-", 10L), publishedRows());
  }

  @Test
  void reconcile_shouldLeaveAnUploadOverwrittenDuringTheRedriveToItsOwnEvent() {
    put("raw/f.csv", csv("f1-", 12));
    String[] newer = new String[1];
    AtomicBoolean overwritten = new AtomicBoolean();
    InterceptingObjectStore overwriting =
        new InterceptingObjectStore(
            store,
            (op, key) -> {
              if (op == InterceptingObjectStore.Op.OPEN
                  && key.equals("raw/f.csv")
                  && overwritten.compareAndSet(false, true)) {
                newer[0] = put("raw/f.csv", csv("f2-", 9));
              }
            });
    ReconcileService reconciler =
        new ReconcileService(store, ingestService(overwriting), Clock.systemUTC());

    ReconcileReport report = reconciler.reconcile(command(false, 20));

    assertEquals(Map.of(IngestOutcome.Status.SUPERSEDED, 1), report.redriven());
    assertEquals(Map.of(), publishedRows());
    assertEquals(IngestOutcome.Status.PUBLISHED, deliver("raw/f.csv", newer[0]).status());
    assertEquals(Map.of("f2-", 9L), publishedRows());
    assertEquals(0, reconciler(Duration.ZERO).reconcile(command(false, 20)).unresolved());
  }

  @Test
  void reconcile_shouldDeferRedrivesOverTheCap_toTheNextRun() {
    for (String name : List.of("g", "h", "i")) {
      put("raw/" + name + ".csv", csv(name + "-", 5));
    }

    ReconcileReport capped = reconciler(Duration.ZERO).reconcile(command(false, 1));
    assertEquals(1, capped.redrivenCount());
    assertEquals(2, capped.redriveDeferred());
    assertEquals(2, capped.unresolved());

    ReconcileReport rest = reconciler(Duration.ZERO).reconcile(command(false, 20));
    assertEquals(2, rest.redrivenCount());
    assertEquals(0, rest.unresolved());
    assertEquals(Map.of("g-", 5L, "h-", 5L, "i-", 5L), publishedRows());
  }

  @Test
  void reconcile_shouldReportAnUnreadableManifest_andGoOn() {
    store.write(
        CuratedLayout.MANIFESTS_PREFIX + "garbage.json",
        "{not json".getBytes(StandardCharsets.UTF_8),
        "application/json");
    put("raw/j.csv", csv("j-", 5));

    ReconcileReport report = reconciler(Duration.ZERO).reconcile(command(false, 20));

    assertEquals(
        List.of(CuratedLayout.MANIFESTS_PREFIX + "garbage.json"), report.unreadableManifests());
    assertEquals(Map.of(IngestOutcome.Status.PUBLISHED, 1), report.redriven());
  }

  private byte[] invoke(IngestFunction function, String event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    function.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    return out.toByteArray();
  }

  @Test
  void handler_shouldReconcileOnTheScheduledEvent_andIngestOnAnS3Event() throws IOException {
    IngestFunction function =
        new IngestFunction(AppConfig.from(Map.of(AppConfig.DATA_BUCKET, bucket)));
    String etag = put("raw/k.csv", csv("k-", 8));

    JsonNode dry = Json.MAPPER.readTree(invoke(function, "{\"reconcile\": {\"dry_run\": true}}"));
    assertEquals(List.of("raw/k.csv"), List.of(dry.get("unmanifested").get(0).asText()));
    assertEquals(Map.of(), publishedRows());

    JsonNode scheduled =
        Json.MAPPER.readTree(invoke(function, LambdaEvents.json("schedule-reconcile.json")));
    assertEquals(1, scheduled.get("redriven").get("PUBLISHED").asInt());
    assertEquals(0, scheduled.get("unresolved").asInt());
    assertEquals(Map.of("k-", 8L), publishedRows());

    String s3Event =
        LambdaEvents.json("s3-put.json")
            .replace("raw/cdnow/transactions_sample.csv", "raw/k.csv")
            .replace("0123456789abcdef0123456789abcdef", etag);
    JsonNode outcomes = Json.MAPPER.readTree(invoke(function, s3Event));
    assertEquals("DUPLICATE", outcomes.get(0).get("status").asText());
  }

  @Test
  void handler_shouldRefuseEveryMalformedEvent_withAMessageAndNoStackTrace_changingNothing()
      throws IOException {
    IngestFunction function =
        new IngestFunction(AppConfig.from(Map.of(AppConfig.DATA_BUCKET, bucket)));
    put("raw/m.csv", csv("m-", 6));
    String[][] hostile = {
      {"not json at all", "not JSON"},
      {"", "JSON object"},
      {"[]", "JSON object"},
      {"null", "JSON object"},
      {"\"reconcile\"", "JSON object"},
      {"{}", "neither"},
      {"{\"records\": []}", "neither"},
      {"{\"reconcile\": {}, \"Records\": []}", "both"},
      {"{\"reconcile\": 5}", "must be an object"},
      {"{\"reconcile\": []}", "must be an object"},
      {
        "{\"reconcile\": {\"orphan_grace_hours\": 0}}",
        "orphan_grace_hours must be an integer in 1..8784"
      },
      {"{\"reconcile\": {\"orphan_grace_hours\": 8785}}", "1..8784"},
      {"{\"reconcile\": {\"orphan_grace_hours\": -24}}", "1..8784"},
      {"{\"reconcile\": {\"orphan_grace_hours\": \"24\"}}", "1..8784"},
      {"{\"reconcile\": {\"orphan_grace_hours\": 1.5}}", "1..8784"},
      {"{\"reconcile\": {\"orphan_grace_hours\": 1e400}}", "1..8784"},
      {"{\"reconcile\": {\"orphan_grace_hours\": 99999999999999999999}}", "1..8784"},
      {"{\"reconcile\": {\"orphan_grace_hours\": true}}", "1..8784"},
      {"{\"reconcile\": {\"max_redrives\": -1}}", "max_redrives must be an integer in 0..1000"},
      {"{\"reconcile\": {\"max_redrives\": 1001}}", "0..1000"},
      {"{\"reconcile\": {\"dry_run\": \"false\"}}", "dry_run must be true or false"},
      {"{\"reconcile\": {\"dry_run\": 0}}", "dry_run must be true or false"},
      {"{\"reconcile\": {\"dryrun\": true}}", "unknown reconcile field(s) [dryrun]"},
      {
        "{\"reconcile\": {\"orphan_grace_hours\": 24, \"max_redrives\": 1, \"x\": {\"y\": 1}}}",
        "[x]"
      },
      {"{\"Records\": {}}", "\"Records\" must be an array"},
      {"{\"Records\": [1]}", "Records[0].s3.object.key is missing"},
      {"{\"Records\": [{}]}", "Records[0].s3.object.key is missing"},
      {"{\"Records\": [{\"s3\": {\"object\": {\"key\": 7}}}]}", "key must be a string"},
      {"{\"Records\": [{\"s3\": {\"object\": {\"key\": \"\"}}}]}", "key is empty"},
      {"{\"Records\": [{\"s3\": {\"object\": {\"key\": \"raw/%zz.csv\"}}}]}", "not URL-encoded"},
      {
        "{\"Records\": [{\"s3\": {\"object\": {\"key\": \"raw/m.csv\", \"eTag\": []}}}]}",
        "eTag must be a string"
      },
      // a valid first record does not run when a later one is malformed
      {
        "{\"Records\": [{\"s3\": {\"object\": {\"key\": \"raw/m.csv\"}}}, {\"s3\": {}}]}",
        "Records[1]"
      },
    };
    List<String> failures = new ArrayList<>();
    for (String[] event : hostile) {
      try {
        invoke(function, event[0]);
        failures.add(event[0] + ": accepted");
      } catch (InvalidEventException e) {
        if (!e.getMessage().contains(event[1])) {
          failures.add(event[0] + ": message '" + e.getMessage() + "' lacks '" + event[1] + "'");
        }
        if (e.getStackTrace().length != 0) {
          failures.add(event[0] + ": carries a stack trace");
        }
      } catch (RuntimeException e) {
        failures.add(event[0] + ": " + e.getClass().getName() + ": " + e.getMessage());
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(Map.of(), publishedRows());
    assertTrue(store.list(CuratedLayout.CURATED_PREFIX).isEmpty());
  }
}
