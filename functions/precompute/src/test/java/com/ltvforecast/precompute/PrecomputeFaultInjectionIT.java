package com.ltvforecast.precompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.dynamo.BatchWriter;
import com.ltvforecast.endpoint.Tables;
import com.ltvforecast.features.CustomerHistories;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.featurestore.DynamoFeatureStore;
import com.ltvforecast.featurestore.FeatureRecord;
import com.ltvforecast.ingest.IngestCommand;
import com.ltvforecast.ingest.IngestOutcome;
import com.ltvforecast.ingest.IngestService;
import com.ltvforecast.json.Json;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.scores.DynamoScoreStore;
import com.ltvforecast.scores.Score;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.testing.AwsEndpointExtension;
import com.ltvforecast.testing.DynamoThrottling;
import com.ltvforecast.testing.InterceptingObjectStore;
import com.ltvforecast.testing.ProjectFiles;
import com.ltvforecast.training.TrainCommand;
import com.ltvforecast.training.TrainFunction;
import com.ltvforecast.training.TrainingReport;
import com.ltvforecast.training.TrainingService;
import com.ltvforecast.transactions.Transaction;
import com.ltvforecast.transactions.TransactionParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Fault injection beyond ingestion, against real S3, DynamoDB and SQS wire protocol (a versioned
 * bucket, as deployed), on the CDNOW sample:
 *
 * <ol>
 *   <li>a re-ingest of the source lands while a precompute shard reads it (after it listed the
 *       manifests);
 *   <li>a re-ingest lands while a training run reads it;
 *   <li>a 4-shard run delivered over SQS with every message duplicated up to 3 times and all
 *       deliveries shuffled, interleaved with redeliveries of an earlier run's shards (the older
 *       model) and of a backfill (an older as_of), with PutItem throttled on a share of attempts by
 *       an interceptor in the DynamoDB client; the score served for sampled customers is read after
 *       every delivery;
 *   <li>expired scores read at and after their {@code expires_at};
 *   <li>{@code BatchWriteItem} throttled and answered with {@code UnprocessedItems}.
 * </ol>
 *
 * Prints its figures: events tried, rows lost, rows doubled, stale scores served; each must be 0.
 */
@ExtendWith(AwsEndpointExtension.class)
class PrecomputeFaultInjectionIT {

  private static final LocalDate AS_OF = LocalDate.parse("1998-07-01");
  private static final int HORIZON = 273;
  private static final String RAW_KEY = "raw/cdnow_sample.csv";
  private static final int SHARDS = 4;
  private static final int SAMPLED = 120;

  @TempDir Path work;

  private final Random random = new Random(20261201);
  private String bucket;
  private String registryTable;
  private String featureTable;
  private String scoreTable;
  private String queueUrl;
  private S3ObjectStore store;
  private DynamoDbClient dynamo;
  private SqsClient sqs;

  private long eventsTried;
  private long rowsLost;
  private long rowsDoubled;
  private long staleServed;

  /** The sample without every {@code n}-th data line (n = 0: all of it). */
  private static String sample(int n) throws Exception {
    List<String> lines = Files.readAllLines(ProjectFiles.data("cdnow/transactions_sample.csv"));
    StringBuilder text = new StringBuilder(lines.get(0)).append('\n');
    for (int i = 1; i < lines.size(); i++) {
      if (n == 0 || i % n != 0) {
        text.append(lines.get(i)).append('\n');
      }
    }
    return text.toString();
  }

  private static long rows(String csv) {
    return csv.lines().count() - 1;
  }

  /** Uploads a new version of the raw object and ingests it from its event. */
  private IngestOutcome reingest(String csv) {
    String etag =
        AwsClients.s3()
            .putObject(b -> b.bucket(bucket).key(RAW_KEY), RequestBody.fromString(csv))
            .eTag()
            .replace("\"", "");
    IngestOutcome outcome =
        new IngestService(
                store,
                AppConfig.from(n -> null).ingestLimits(),
                64,
                new TransactionParser(),
                work,
                Clock.systemUTC())
            .ingest(new IngestCommand(RAW_KEY, etag, null, null));
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status(), outcome.toString());
    return outcome;
  }

  /**
   * A store that re-ingests {@code csv} just before the first curated data file is opened through
   * it.
   */
  private ObjectStore reingestingOnFirstRead(String csv, AtomicBoolean done) {
    return new InterceptingObjectStore(
        store,
        (op, key) -> {
          if (op == InterceptingObjectStore.Op.OPEN
              && key.startsWith(CuratedLayout.TRANSACTIONS_PREFIX)
              && done.compareAndSet(false, true)) {
            reingest(csv);
          }
        });
  }

  private PrecomputeService service(ObjectStore data, DynamoDbClient client, Clock clock) {
    BatchWriter writer = new BatchWriter(client, 4, Duration.ofSeconds(120));
    return new PrecomputeService(
        new CuratedReader(data),
        new DynamoModelRegistry(dynamo, registryTable),
        new ModelArtifacts(store),
        new DynamoFeatureStore(client, writer, featureTable),
        new DynamoScoreStore(client, writer, scoreTable),
        new SqsShardQueue(sqs, queueUrl),
        new DriftMonitor(store),
        new PrecomputeService.Settings("ltv", 64, SHARDS, 7, work),
        clock);
  }

  /** Features as of AS_OF of every eligible customer, computed straight from the CSV text. */
  private static Map<String, double[]> expectedFeatures(String csv) {
    CustomerHistories histories = CustomerHistories.before(AS_OF);
    csv.lines()
        .skip(1)
        .forEach(
            line -> {
              String[] f = line.split(",");
              histories.add(
                  new Transaction(
                      f[0],
                      LocalDate.parse(f[1]).atStartOfDay().toInstant(ZoneOffset.UTC),
                      Double.parseDouble(f[2]),
                      null));
            });
    Map<String, double[]> expected = new HashMap<>();
    histories.forEach(
        h ->
            FeatureCalculator.tryFeatures(h, AS_OF)
                .ifPresent(v -> expected.put(v.customerId(), v.values())));
    return expected;
  }

  private void count(String phase, long expectedRows, long read) {
    rowsLost += Math.max(0, expectedRows - read);
    rowsDoubled += Math.max(0, read - expectedRows);
    System.out.printf(
        "fault injection, %s: %d rows expected, %d read%n", phase, expectedRows, read);
  }

  @Test
  void precompute_shouldLoseDoubleAndServeStaleNothing_underRedeliveriesThrottlingAndReingests()
      throws Exception {
    dynamo = AwsClients.dynamoDb();
    sqs = AwsClients.sqs();
    bucket = "precompute-faults-" + UUID.randomUUID();
    registryTable = "registry-" + UUID.randomUUID();
    featureTable = "features-" + UUID.randomUUID();
    scoreTable = "scores-" + UUID.randomUUID();
    AwsClients.s3().createBucket(b -> b.bucket(bucket));
    AwsClients.s3()
        .putBucketVersioning(
            b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
    Tables.createModelRegistry(dynamo, registryTable);
    Tables.createFeatureTable(dynamo, featureTable);
    Tables.createScoreTable(dynamo, scoreTable);
    queueUrl = sqs.createQueue(b -> b.queueName("shards-" + UUID.randomUUID())).queueUrl();
    store = new S3ObjectStore(AwsClients.s3(), bucket);
    AppConfig config =
        AppConfig.from(
            Map.of(
                AppConfig.DATA_BUCKET, bucket,
                AppConfig.MODEL_REGISTRY_TABLE, registryTable,
                AppConfig.TRAIN_MAX_EPOCHS, "8"));
    DynamoModelRegistry registry = new DynamoModelRegistry(dynamo, registryTable);

    String s0 = sample(0);
    String s1 = sample(10);
    String s2 = sample(7);
    reingest(s0);
    TrainingReport first =
        new TrainFunction(config).train(Map.of("as_of", AS_OF.toString(), "horizon_days", HORIZON));
    if (!first.promoted()) {
      registry.promote("ltv", first.modelVersion(), null);
    }
    String v1 = first.modelVersion();

    // 1. a re-ingest while a precompute shard reads: the shard reads the manifest versions it
    // listed
    AtomicBoolean reingested = new AtomicBoolean();
    Instant earlierRun = Instant.now().minusSeconds(7_200);
    ShardReport during =
        service(reingestingOnFirstRead(s1, reingested), dynamo, Clock.systemUTC())
            .runShard(new ShardCommand(AS_OF, 0, 1, v1, earlierRun));
    assertTrue(reingested.get(), "the re-ingest landed during the shard");
    eventsTried += 2;
    count("re-ingest during precompute", rows(s0), during.transactionsRead());
    assertEquals(expectedFeatures(s0).size(), during.customersScored());

    // 2. a re-ingest while training reads: the run's data snapshot is the manifest it listed
    AtomicBoolean duringTraining = new AtomicBoolean();
    TrainingReport second =
        new TrainingService(
                new CuratedReader(reingestingOnFirstRead(s2, duringTraining)),
                new ModelArtifacts(store),
                registry,
                (name, version, asOf, horizon) -> {},
                "ltv",
                config.training(),
                TrainingOptions.defaults(),
                work,
                Clock.systemUTC())
            .train(new TrainCommand(AS_OF, HORIZON), epoch -> {});
    assertTrue(duringTraining.get(), "the re-ingest landed during training");
    eventsTried += 2;
    JsonNode metadata =
        Json.MAPPER.readTree(store.read(second.artifactPrefix() + "metadata.json").orElseThrow());
    long trainedRows = 0;
    for (JsonNode entry : metadata.get("data_snapshot")) {
      trainedRows += entry.get("rows").asLong();
    }
    count("re-ingest during training", rows(s1), trainedRows);
    String v2 = second.modelVersion();
    if (!second.promoted()) {
      registry.promote("ltv", v2, registry.production("ltv").orElseThrow().version());
    }
    assertEquals(v2, registry.production("ltv").orElseThrow().version());

    // 3. shard messages over SQS: the current run, duplicated and shuffled, among stale
    // redeliveries
    DynamoThrottling throttling = new DynamoThrottling(0.3, 0.3, 7);
    DynamoDbClient throttled = throttling.client();
    Instant laterRun = Instant.now();
    PrecomputeService sqsService = service(store, throttled, Clock.fixed(laterRun, ZoneOffset.UTC));
    PrecomputeFunction function = new PrecomputeFunction(sqsService, Clock.systemUTC());
    PrecomputeOutcome fanOut =
        sqsService.trigger(new TriggerCommand(AS_OF, SHARDS, null, null, "test"));
    assertTrue(fanOut instanceof PrecomputeOutcome.FanOut, fanOut.toString());
    List<ShardCommand> stale = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      stale.add(
          new ShardCommand(
              AS_OF, shard, SHARDS, v1, earlierRun.plusSeconds(60))); // older model, earlier run
      stale.add(
          new ShardCommand(
              AS_OF.minusDays(30), shard, SHARDS, v2, laterRun.plusSeconds(3_600))); // backfill
    }
    new SqsShardQueue(sqs, queueUrl).enqueue(stale);
    List<Message> messages = new ArrayList<>();
    while (messages.size() < 3 * SHARDS) {
      messages.addAll(
          sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages());
    }
    List<Message> deliveries = new ArrayList<>();
    for (Message message : messages) {
      for (int copy = 1 + random.nextInt(3); copy > 0; copy--) {
        deliveries.add(message);
      }
    }
    Collections.shuffle(deliveries, random);
    Map<String, double[]> expected = expectedFeatures(s2);
    List<String> sampled = expected.keySet().stream().sorted().limit(SAMPLED).toList();
    DynamoScoreStore served = new DynamoScoreStore(dynamo, null, scoreTable);
    Map<String, Score> newestServed = new HashMap<>();
    int failedDeliveries = 0;
    int sqsDeliveries = 0;
    while (!deliveries.isEmpty()) {
      List<Message> batch =
          new ArrayList<>(
              deliveries.subList(0, Math.min(deliveries.size(), 1 + random.nextInt(3))));
      deliveries.subList(0, batch.size()).clear();
      eventsTried += batch.size();
      sqsDeliveries += batch.size();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      function.handleRequest(
          new ByteArrayInputStream(
              PrecomputeFunctionIT.sqsEvent(batch).getBytes(StandardCharsets.UTF_8)),
          out,
          null);
      // SQS delivers a reported failure again
      for (JsonNode failure : Json.MAPPER.readTree(out.toByteArray()).get("batchItemFailures")) {
        failedDeliveries++;
        batch.stream()
            .filter(m -> m.messageId().equals(failure.get("itemIdentifier").asText()))
            .findFirst()
            .ifPresent(deliveries::add);
      }
      staleServed += staleAmong(sampled, served, newestServed, v2);
    }

    // every customer: today's score from the current model, features of exactly the current rows
    long missing = 0;
    long wrongFeatures = 0;
    DynamoFeatureStore features = new DynamoFeatureStore(dynamo, null, featureTable);
    for (Map.Entry<String, double[]> customer : expected.entrySet()) {
      Score score = served.get(customer.getKey()).orElse(null);
      FeatureRecord record = features.get(customer.getKey()).orElse(null);
      if (score == null || record == null) {
        missing++;
      } else {
        if (!score.modelVersion().equals(v2) || !score.asOf().equals(AS_OF)) {
          staleServed++;
        }
        if (!record.asOf().equals(AS_OF)
            || !java.util.Arrays.equals(record.values(), customer.getValue())) {
          wrongFeatures++;
        }
      }
    }
    System.out.printf(
        "fault injection, SQS: %d shard deliveries (%d messages), %d failed and redelivered, "
            + "%d PutItem attempts throttled; %d customers missing, %d with features other than "
            + "their current rows'%n",
        sqsDeliveries,
        messages.size(),
        failedDeliveries,
        throttling.throttled.get(),
        missing,
        wrongFeatures);
    assertTrue(throttling.throttled.get() > 0, "throttling was injected");
    rowsLost += missing;
    rowsDoubled += wrongFeatures;

    // 4. expired scores are never served, whether TTL has deleted them or not
    long expiresAt =
        dynamo.scanPaginator(b -> b.tableName(scoreTable)).items().stream()
            .mapToLong(i -> Long.parseLong(i.get("expires_at").n()))
            .max()
            .orElseThrow();
    long servedBefore = 0;
    long servedExpired = 0;
    DynamoScoreStore beforeExpiry =
        new DynamoScoreStore(
            dynamo,
            null,
            scoreTable,
            Clock.fixed(Instant.ofEpochSecond(expiresAt).minusSeconds(3_600), ZoneOffset.UTC));
    DynamoScoreStore atExpiry =
        new DynamoScoreStore(
            dynamo,
            null,
            scoreTable,
            Clock.fixed(Instant.ofEpochSecond(expiresAt), ZoneOffset.UTC));
    for (String customer : sampled) {
      servedBefore += beforeExpiry.get(customer).isPresent() ? 1 : 0;
      servedExpired += atExpiry.get(customer).isPresent() ? 1 : 0;
    }
    eventsTried += 2L * sampled.size();
    assertEquals(sampled.size(), servedBefore, "served until expires_at");
    staleServed += servedExpired;

    // 5. BatchWriteItem throttled and partly unprocessed
    String batchTable = "batch-" + UUID.randomUUID();
    Tables.createFeatureTable(dynamo, batchTable);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      items.add(
          Map.of(
              "customer_id",
              AttributeValue.fromS("c" + i),
              "n",
              AttributeValue.fromN(Integer.toString(i))));
    }
    try (BatchWriter writer = new BatchWriter(throttled, 4, Duration.ofSeconds(120))) {
      writer.putAll(batchTable, items);
    }
    eventsTried += items.size() / BatchWriter.MAX_BATCH;
    Map<String, String> written =
        dynamo.scanPaginator(b -> b.tableName(batchTable)).items().stream()
            .collect(Collectors.toMap(i -> i.get("customer_id").s(), i -> i.get("n").n()));
    long batchLost =
        items.stream()
            .filter(i -> !i.get("n").n().equals(written.get(i.get("customer_id").s())))
            .count();
    rowsLost += batchLost;
    rowsDoubled += Math.max(0, written.size() - items.size());
    System.out.printf(
        "fault injection, BatchWriteItem: %d items, %d handed back unprocessed, %d written%n",
        items.size(), throttling.unprocessedItems.get(), written.size());
    assertTrue(throttling.unprocessedItems.get() > 0, "unprocessed items were injected");

    System.out.printf(
        "precompute fault injection: events tried %d, rows lost %d, rows doubled %d, "
            + "stale scores served %d%n",
        eventsTried, rowsLost, rowsDoubled, staleServed);
    assertEquals(0, rowsLost, "rows lost");
    assertEquals(0, rowsDoubled, "rows doubled");
    assertEquals(0, staleServed, "stale scores served");
  }

  /**
   * Reads the served score of the sampled customers and counts those older than one served to them
   * before (an earlier as_of, or the older model once the current one has served): a newer score
   * was replaced.
   */
  private static long staleAmong(
      List<String> sampled,
      DynamoScoreStore served,
      Map<String, Score> newest,
      String currentModel) {
    long stale = 0;
    for (String customer : sampled) {
      Score now = served.get(customer).orElse(null);
      Score before = newest.get(customer);
      if (now == null) {
        stale += before == null ? 0 : 1;
        continue;
      }
      boolean older =
          before != null
              && (now.asOf().isBefore(before.asOf())
                  || before.modelVersion().equals(currentModel)
                      && !now.modelVersion().equals(currentModel)
                  || now.scoredAt().isBefore(before.scoredAt())
                      && now.asOf().equals(before.asOf()));
      if (older) {
        stale++;
      } else {
        newest.put(customer, now);
      }
    }
    return stale;
  }
}
