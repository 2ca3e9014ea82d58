package com.ltvforecast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.IngestLimits;
import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.curated.Manifest;
import com.ltvforecast.json.Json;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.testing.AwsEndpointExtension;
import com.ltvforecast.testing.InterceptingObjectStore;
import com.ltvforecast.testing.InterceptingObjectStore.Op;
import com.ltvforecast.transactions.Transaction;
import com.ltvforecast.transactions.TransactionParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Two uploads of one key ingested at once, against real S3 wire protocol, with one invocation held
 * at a chosen point while the other runs: the later upload must win whatever the timing, and no
 * file of the loser may stay behind.
 */
@ExtendWith(AwsEndpointExtension.class)
class IngestRaceIT {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
  private static final IngestLimits LIMITS =
      new IngestLimits(0.05, 10_000_000, 50_000_000, 64 * 1024);
  private static final String KEY = "raw/race/transactions.csv";

  @TempDir Path work;
  private S3Client s3;
  private String bucket;
  private S3ObjectStore store;
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  /** Holds the invocation running on one thread at the first operation that matches. */
  private static final class Gate {
    final BiPredicate<Op, String> at;
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    Gate(BiPredicate<Op, String> at) {
      this.at = at;
    }
  }

  @BeforeEach
  void createBucket() {
    s3 = AwsClients.s3();
    bucket = "ingest-race-" + UUID.randomUUID();
    s3.createBucket(b -> b.bucket(bucket));
    s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
    store = new S3ObjectStore(s3, bucket);
  }

  @AfterEach
  void stop() {
    gates.values().forEach(g -> g.release.countDown());
    pool.shutdownNow();
  }

  private IngestService service() {
    ObjectStore intercepted =
        new InterceptingObjectStore(
            store,
            (op, key) -> {
              Gate gate = gates.get(Thread.currentThread().getName());
              if (gate != null && gate.reached.getCount() > 0 && gate.at.test(op, key)) {
                gate.reached.countDown();
                await(gate.release);
              }
            });
    return new IngestService(intercepted, LIMITS, 8, new TransactionParser(CLOCK), work, CLOCK);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("gate not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static BiPredicate<Op, String> pausePoint(String name) {
    String manifestKey = CuratedLayout.manifestKey(CuratedLayout.sourceId(KEY));
    return switch (name) {
      // all rows parsed, before the first curated file is uploaded
      case "before-data" ->
          (op, key) -> op == Op.UPLOAD && key.startsWith(CuratedLayout.TRANSACTIONS_PREFIX);
      // data files uploaded, at the manifest write itself
      case "before-manifest" ->
          (op, key) -> (op == Op.WRITE || op == Op.WRITE_IF_MATCH) && key.equals(manifestKey);
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static byte[] csv(String prefix, int rows) {
    StringBuilder csv = new StringBuilder("customer_id,event_time,amount\n");
    for (int i = 0; i < rows; i++) {
      csv.append(prefix)
          .append(i % 41)
          .append(",2024-02-")
          .append(String.format("%02d", 1 + i % 28))
          .append(",")
          .append(1 + i % 9)
          .append(".5\n");
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private IngestCommand uploadRaw(byte[] content, String sequencer) {
    PutObjectResponse put =
        s3.putObject(b -> b.bucket(bucket).key(KEY), RequestBody.fromBytes(content));
    return new IngestCommand(KEY, put.eTag().replace("\"", ""), put.versionId(), sequencer);
  }

  private Future<IngestOutcome> start(String thread, IngestCommand command, String pauseAt) {
    Gate gate = new Gate(pausePoint(pauseAt));
    gates.put(thread, gate);
    Future<IngestOutcome> outcome =
        pool.submit(
            () -> {
              Thread.currentThread().setName(thread);
              return service().ingest(command);
            });
    await(gate.reached);
    return outcome;
  }

  private static IngestOutcome finish(Future<IngestOutcome> outcome) throws Exception {
    return outcome.get(60, TimeUnit.SECONDS);
  }

  /**
   * The newer upload is what the manifest, the readers, the Athena links and the curated files say.
   */
  private void assertOnlyNewerIsPublished(IngestCommand newer) {
    String manifestKey = CuratedLayout.manifestKey(CuratedLayout.sourceId(KEY));
    Manifest manifest = Json.read(store.read(manifestKey).orElseThrow(), Manifest.class);
    assertEquals(newer.etag(), manifest.sourceEtag(), "the manifest describes the newer upload");
    CuratedReader reader = new CuratedReader(store);
    List<Transaction> rows = new ArrayList<>();
    reader.forEach(reader.publishedManifests(), b -> true, rows::add);
    assertEquals(200, rows.size());
    assertTrue(
        rows.stream().allMatch(t -> t.customerId().startsWith("new-")),
        "only the newer upload's rows");
    List<String> manifested =
        manifest.files().stream().map(Manifest.CuratedFile::key).sorted().toList();
    assertEquals(
        manifested, store.list(CuratedLayout.TRANSACTIONS_PREFIX), "no orphaned curated files");
    String links =
        new String(
            store.read(CuratedLayout.athenaLinkKey(CuratedLayout.sourceId(KEY))).orElseThrow(),
            StandardCharsets.UTF_8);
    assertEquals(
        manifested.stream().map(k -> "s3://" + bucket + "/" + k).toList(),
        links.lines().sorted().toList());
  }

  @ParameterizedTest(name = "older upload held {0}, sequencers {1}")
  @CsvSource({
    "before-data, true",
    "before-manifest, true",
    "before-data, false",
    "before-manifest, false"
  })
  void ingest_shouldKeepNewerUpload_whenOlderInvocationFinishesLast(
      String pauseAt, boolean sequencers) throws Exception {
    // given upload v1, whose invocation is held while v2 is uploaded and ingested to the end
    IngestCommand v1 = uploadRaw(csv("old-", 300), sequencers ? "0055AED6DCD90281E5" : null);
    Future<IngestOutcome> older = start("v1", v1, pauseAt);
    IngestCommand v2 = uploadRaw(csv("new-", 200), sequencers ? "0055AED6DCD90281E6" : null);
    IngestOutcome newer = service().ingest(v2);
    assertEquals(IngestOutcome.Status.PUBLISHED, newer.status(), newer.reason());
    // when v1's invocation resumes
    gates.get("v1").release.countDown();
    IngestOutcome late = finish(older);
    // then it publishes nothing and leaves nothing
    assertTrue(
        late.status() == IngestOutcome.Status.STALE
            || late.status() == IngestOutcome.Status.SUPERSEDED,
        late.status() + ": " + late.reason());
    assertOnlyNewerIsPublished(v2);
  }

  @ParameterizedTest(name = "both held {0}, older released first, sequencers {1}")
  @CsvSource({
    "before-data, true",
    "before-manifest, true",
    "before-data, false",
    "before-manifest, false"
  })
  void ingest_shouldKeepNewerUpload_whenBothInvocationsOverlap(String pauseAt, boolean sequencers)
      throws Exception {
    // given v1 and v2 both in flight, each held at the same point
    IngestCommand v1 = uploadRaw(csv("old-", 300), sequencers ? "0055AED6DCD90281E5" : null);
    Future<IngestOutcome> older = start("v1", v1, pauseAt);
    IngestCommand v2 = uploadRaw(csv("new-", 200), sequencers ? "0055AED6DCD90281E6" : null);
    Future<IngestOutcome> newer = start("v2", v2, pauseAt);
    // when v1 goes on first, then v2
    gates.get("v1").release.countDown();
    IngestOutcome first = finish(older);
    gates.get("v2").release.countDown();
    IngestOutcome second = finish(newer);
    // then v1 either lost, or (held past its checks, at the write itself) published and was
    // replaced
    assertTrue(
        first.status() != IngestOutcome.Status.PUBLISHED || pauseAt.equals("before-manifest"),
        first.status() + ": " + first.reason());
    assertEquals(IngestOutcome.Status.PUBLISHED, second.status(), second.reason());
    assertOnlyNewerIsPublished(v2);
  }

  @ParameterizedTest(name = "newer held {0}, older finishes first")
  @CsvSource({"before-data", "before-manifest"})
  void ingest_shouldKeepNewerUpload_whenNewerInvocationIsSlow(String pauseAt) throws Exception {
    // given v1's invocation starts and reads, then v2 is uploaded and its invocation held
    IngestCommand v1 = uploadRaw(csv("old-", 300), "0055AED6DCD90281E5");
    Future<IngestOutcome> older = start("v1", v1, "before-data");
    IngestCommand v2 = uploadRaw(csv("new-", 200), "0055AED6DCD90281E6");
    Future<IngestOutcome> newer = start("v2", v2, pauseAt);
    // when v2 goes on first, then v1
    gates.get("v2").release.countDown();
    IngestOutcome second = finish(newer);
    gates.get("v1").release.countDown();
    IngestOutcome first = finish(older);
    // then
    assertEquals(IngestOutcome.Status.PUBLISHED, second.status(), second.reason());
    assertTrue(
        first.status() == IngestOutcome.Status.STALE
            || first.status() == IngestOutcome.Status.SUPERSEDED,
        first.status() + ": " + first.reason());
    assertOnlyNewerIsPublished(v2);
  }

  @org.junit.jupiter.api.Test
  void curatedReader_shouldReadSnapshotVersions_whenKeyIsReingestedDuringARun() {
    // given a run (training or precompute) that listed the manifests, then a re-ingest of the key
    IngestCommand v1 = uploadRaw(csv("old-", 300), "0055AED6DCD90281E5");
    assertEquals(IngestOutcome.Status.PUBLISHED, service().ingest(v1).status());
    CuratedReader reader = new CuratedReader(store);
    List<Manifest> snapshot = reader.publishedManifests();
    IngestCommand v2 = uploadRaw(csv("new-", 200), "0055AED6DCD90281E6");
    assertEquals(IngestOutcome.Status.PUBLISHED, service().ingest(v2).status());
    // when the run reads its files after v1's were deleted
    List<Transaction> rows = new ArrayList<>();
    reader.forEach(snapshot, b -> true, rows::add);
    // then it reads exactly the versions its manifests named
    assertEquals(300, rows.size());
    assertTrue(rows.stream().allMatch(t -> t.customerId().startsWith("old-")));
    assertOnlyNewerIsPublished(v2);
  }
}
