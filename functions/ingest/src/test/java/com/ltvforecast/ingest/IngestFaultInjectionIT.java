package com.ltvforecast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.IngestLimits;
import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.curated.Manifest;
import com.ltvforecast.json.Json;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.testing.AwsEndpointExtension;
import com.ltvforecast.testing.InterceptingObjectStore;
import com.ltvforecast.transactions.TransactionParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Fault injection for ingestion against real S3 wire protocol: per trial, up to three uploads of
 * one key, their events delivered in a shuffled order, some twice, and some invocations killed at a
 * random store operation (between data, manifest, Athena link and cleanup) and retried afterwards
 * as Lambda retries an asynchronous invocation. After every trial the curated data must hold
 * exactly the rows of the upload that {@code raw/} holds: counted rows lost, rows doubled and
 * orphaned files must all be 0.
 */
@ExtendWith(AwsEndpointExtension.class)
class IngestFaultInjectionIT {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
  private static final IngestLimits LIMITS =
      new IngestLimits(0.05, 10_000_000, 50_000_000, 64 * 1024);
  private static final int TRIALS = Integer.getInteger("ingest.faults.trials", 60);
  private static final String KEY = "raw/faults/export.csv";

  /** Increasing in S3's order (right-padded); the third is longer, as sequencers may be. */
  private static final String[] SEQUENCERS = {
    "0055AED6DCD90281E5", "0055AED6DCD90281E6", "0055AED6DCD90281E700"
  };

  private static final int[] ROWS = {120, 80, 50};

  @TempDir Path work;

  private record Delivery(int upload, IngestCommand command, int crashAtOp) {}

  private static byte[] csv(int upload) {
    StringBuilder csv = new StringBuilder("customer_id,event_time,amount\n");
    for (int i = 0; i < ROWS[upload]; i++) {
      csv.append("u")
          .append(upload)
          .append("-c")
          .append(i % 23)
          .append(",2024-03-")
          .append(String.format("%02d", 1 + i % 28))
          .append("T")
          .append(String.format("%02d", i % 24))
          .append(":00:00Z,")
          .append(i)
          .append(".25\n");
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> expectedRows(int upload) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < ROWS[upload]; i++) {
      rows.add(
          "u"
              + upload
              + "-c"
              + (i % 23)
              + "|"
              + Instant.parse(String.format("2024-03-%02dT%02d:00:00Z", 1 + i % 28, i % 24))
              + "|"
              + (i + 0.25));
    }
    return rows;
  }

  /** Runs one delivery, killed at its crash point if it has one; returns 1 when it was killed. */
  private int deliver(
      S3ObjectStore store,
      Delivery delivery,
      List<Delivery> retries,
      Map<IngestOutcome.Status, Integer> outcomes) {
    AtomicInteger ops = new AtomicInteger();
    InterceptingObjectStore faulty =
        new InterceptingObjectStore(
            store,
            (op, key) -> {
              if (delivery.crashAtOp() > 0 && ops.incrementAndGet() == delivery.crashAtOp()) {
                throw new IllegalStateException("killed before " + op + " " + key);
              }
            });
    try {
      IngestOutcome outcome =
          new IngestService(faulty, LIMITS, 8, new TransactionParser(CLOCK), work, CLOCK)
              .ingest(delivery.command());
      outcomes.merge(outcome.status(), 1, Integer::sum);
      return 0;
    } catch (IllegalStateException killed) {
      retries.add(delivery);
      return 1;
    }
  }

  @Test
  void ingest_shouldLoseAndDoubleNoRow_underDuplicatedReorderedAndKilledDeliveries() {
    S3Client s3 = AwsClients.s3();
    Random random = new Random(20261201);
    int eventsTried = 0;
    int crashes = 0;
    long rowsLost = 0;
    long rowsDoubled = 0;
    long orphans = 0;
    Map<IngestOutcome.Status, Integer> outcomes = new HashMap<>();
    for (int trial = 0; trial < TRIALS; trial++) {
      String bucket = "ingest-faults-" + UUID.randomUUID();
      s3.createBucket(b -> b.bucket(bucket));
      if (trial % 2 == 0) {
        s3.putBucketVersioning(
            b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
      }
      S3ObjectStore store = new S3ObjectStore(s3, bucket);
      int uploads = 2 + random.nextInt(2);
      List<Delivery> deferred = new ArrayList<>();
      List<Delivery> retries = new ArrayList<>();
      int trialNumber = trial;
      for (int u = 0; u < uploads; u++) {
        byte[] content = csv(u);
        PutObjectResponse put =
            s3.putObject(b -> b.bucket(bucket).key(KEY), RequestBody.fromBytes(content));
        IngestCommand command =
            new IngestCommand(KEY, put.eTag().replace("\"", ""), put.versionId(), SEQUENCERS[u]);
        int copies = random.nextInt(3) == 0 ? 2 : 1;
        List<Delivery> now = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
          // One delivery per trial is killed at every store operation in turn over the trials (data
          // files, manifest, Athena link, cleanup); the others at random, or not at all.
          int crashAt =
              u == trialNumber % uploads && c == 0
                  ? 1 + trialNumber % 24
                  : random.nextBoolean() ? 1 + random.nextInt(25) : 0;
          (random.nextBoolean() ? now : deferred).add(new Delivery(u, command, crashAt));
        }
        // Some events arrive before the next upload, the rest later and out of order.
        for (Delivery delivery : now) {
          eventsTried++;
          crashes += deliver(store, delivery, retries, outcomes);
        }
      }
      Collections.shuffle(deferred, random);
      for (Delivery delivery : deferred) {
        eventsTried++;
        crashes += deliver(store, delivery, retries, outcomes);
      }
      for (Delivery retry : retries) {
        eventsTried++;
        IngestOutcome outcome =
            new IngestService(store, LIMITS, 8, new TransactionParser(CLOCK), work, CLOCK)
                .ingest(retry.command());
        outcomes.merge(outcome.status(), 1, Integer::sum);
      }
      // raw/ holds the last upload: the curated data must hold exactly its rows
      List<String> expected = expectedRows(uploads - 1);
      CuratedReader reader = new CuratedReader(store);
      Map<String, Integer> got = new HashMap<>();
      reader.forEach(
          reader.publishedManifests(),
          b -> true,
          t -> got.merge(t.customerId() + "|" + t.eventTime() + "|" + t.amount(), 1, Integer::sum));
      for (String row : expected) {
        int n = got.getOrDefault(row, 0);
        if (n == 0) {
          rowsLost++;
        } else {
          got.put(row, n - 1);
        }
      }
      rowsDoubled += got.values().stream().mapToLong(Integer::longValue).sum();
      Manifest manifest =
          Json.read(
              store.read(CuratedLayout.manifestKey(CuratedLayout.sourceId(KEY))).orElseThrow(),
              Manifest.class);
      List<String> manifested = manifest.files().stream().map(Manifest.CuratedFile::key).toList();
      orphans +=
          store.list(CuratedLayout.TRANSACTIONS_PREFIX).stream()
              .filter(k -> !manifested.contains(k))
              .count();
    }
    System.out.printf(
        "ingest fault injection: trials %d, events tried %d, invocations killed %d, outcomes %s, "
            + "rows lost %d, rows doubled %d, orphaned files %d%n",
        TRIALS, eventsTried, crashes, outcomes, rowsLost, rowsDoubled, orphans);
    assertEquals(0, rowsLost, "rows lost");
    assertEquals(0, rowsDoubled, "rows doubled");
    assertEquals(0, orphans, "orphaned curated files");
  }
}
