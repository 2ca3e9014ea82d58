package com.ltvforecast.precompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.dynamo.BatchWriter;
import com.ltvforecast.endpoint.Tables;
import com.ltvforecast.features.CustomerHistories;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.featurestore.DynamoFeatureStore;
import com.ltvforecast.ingest.IngestFunction;
import com.ltvforecast.json.Json;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.scores.DynamoScoreStore;
import com.ltvforecast.scores.Score;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.testing.AwsEndpointExtension;
import com.ltvforecast.testing.LambdaEvents;
import com.ltvforecast.testing.ProjectFiles;
import com.ltvforecast.training.TrainFunction;
import com.ltvforecast.training.TrainingReport;
import com.ltvforecast.transactions.CustomerHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The precompute handler on the CDNOW sample against real S3, DynamoDB and SQS endpoints, with a
 * model trained and promoted by the real train handler.
 */
@ExtendWith(AwsEndpointExtension.class)
class PrecomputeFunctionIT {

  private static final LocalDate AS_OF = LocalDate.parse("1998-07-01");
  private static String bucket;
  private static String registryTable;

  /** The bucket, the registry and a short training, for the whole class. */
  private static Map<String, String> stack;

  private static String productionVersion;
  private static long eligible;

  /**
   * The shard the write-path tests run: one of 8 (a non-zero one, so the shard filter is in play),
   * which keeps their conditional writes to moto at an eighth of the sample's.
   */
  private static final int SHARD = 3;

  private static final int SHARDS = 8;
  private static long eligibleInShard;

  private DynamoDbClient dynamo;
  private SqsClient sqs;
  private String featureTable;
  private String scoreTable;
  private String queueUrl;

  /** {@link #stack} and this test's tables and queue. */
  private AppConfig config;

  /** Ingests the sample and trains a production model once for the class. */
  @BeforeAll
  static void trainProductionModel() throws Exception {
    bucket = "precompute-it-" + UUID.randomUUID();
    registryTable = "registry-" + UUID.randomUUID();
    AwsClients.s3().createBucket(b -> b.bucket(bucket));
    Tables.createModelRegistry(AwsClients.dynamoDb(), registryTable);
    stack =
        Map.of(
            AppConfig.DATA_BUCKET, bucket,
            AppConfig.MODEL_REGISTRY_TABLE, registryTable,
            AppConfig.TRAIN_MAX_EPOCHS, "8");
    Path sample = ProjectFiles.data("cdnow/transactions_sample.csv");
    String key = "raw/cdnow_sample.csv";
    String etag =
        AwsClients.s3()
            .putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(sample))
            .eTag()
            .replace("\"", "");
    new IngestFunction(AppConfig.from(stack))
        .ingest(LambdaEvents.s3Event("s3-put.json", bucket, key, etag, null));
    TrainingReport report =
        new TrainFunction(AppConfig.from(stack))
            .train(Map.of("as_of", AS_OF.toString(), "horizon_days", 273));
    DynamoModelRegistry registry = new DynamoModelRegistry(AwsClients.dynamoDb(), registryTable);
    if (!report.promoted()) {
      // A short test training may lose to BG/NBD at the gate; precompute needs a production version
      // either way.
      registry.promote("ltv", report.modelVersion(), null);
    }
    productionVersion = report.modelVersion();
    // Eligible customers, counted from the raw file rather than the curated data: the sample ends
    // in 1998-06, so every customer's first purchase is before the as-of date.
    List<String> customers =
        Files.readAllLines(sample).stream().skip(1).map(l -> l.split(",")[0]).distinct().toList();
    eligible = customers.size();
    assertEquals(2_357, eligible);
    eligibleInShard =
        customers.stream().filter(id -> CustomerHash.bucket(id, SHARDS) == SHARD).count();
    assertTrue(eligibleInShard > 200 && eligibleInShard < 400, "shard size " + eligibleInShard);
  }

  @BeforeEach
  void createTablesAndQueue() {
    dynamo = AwsClients.dynamoDb();
    sqs = AwsClients.sqs();
    featureTable = "features-" + UUID.randomUUID();
    scoreTable = "scores-" + UUID.randomUUID();
    Tables.createFeatureTable(dynamo, featureTable);
    Tables.createScoreTable(dynamo, scoreTable);
    queueUrl = sqs.createQueue(b -> b.queueName("shards-" + UUID.randomUUID())).queueUrl();
    Map<String, String> settings = new HashMap<>(stack);
    settings.put(AppConfig.FEATURE_TABLE, featureTable);
    settings.put(AppConfig.SCORE_TABLE, scoreTable);
    settings.put(AppConfig.PRECOMPUTE_QUEUE_URL, queueUrl);
    config = AppConfig.from(settings);
  }

  private static JsonNode invoke(PrecomputeFunction function, String json) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    function.handleRequest(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private long count(String table) {
    return dynamo.scanPaginator(b -> b.tableName(table).select("COUNT")).stream()
        .mapToLong(r -> r.count())
        .sum();
  }

  private Map<String, Map<String, AttributeValue>> items(String table) {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    dynamo
        .scanPaginator(b -> b.tableName(table))
        .items()
        .forEach(item -> items.put(item.get("customer_id").s(), item));
    return items;
  }

  @Test
  void handleRequest_shouldScoreEveryEligibleCustomer_whenRunOnCdnowSample() throws Exception {
    // when the configured single shard runs, as an operator's {"as_of"} invocation
    JsonNode report =
        invoke(new PrecomputeFunction(config), LambdaEvents.json("precompute-run.json"));
    // then every eligible customer is scored, and the counts match the tables
    assertEquals(eligible, report.get("eligible_customers").asLong(), report.toString());
    assertEquals(eligible, report.get("customers_scored").asLong());
    assertEquals(2 * eligible, report.get("items_written").asLong());
    assertEquals(0, report.get("items_failed").asLong());
    // the model was trained minutes ago: its age, the model-age alarm's metric, is under a day (not
    // since as_of)
    assertTrue(
        report.has("model_age_days")
            && report.get("model_age_days").asDouble() >= 0
            && report.get("model_age_days").asDouble() < 1,
        report.toString());
    assertEquals(eligible, count(featureTable));
    assertEquals(eligible, count(scoreTable));
    // and every score carries the production version, the model's horizon and the TTL
    Map<String, Map<String, AttributeValue>> scores = items(scoreTable);
    for (Map<String, AttributeValue> item : scores.values()) {
      assertEquals(productionVersion, item.get("model_version").s());
      assertEquals("273", item.get("horizon_days").n());
      assertEquals(AS_OF.toString(), item.get("as_of").s());
      long scoredAt = java.time.Instant.parse(item.get("scored_at").s()).getEpochSecond();
      assertEquals(
          scoredAt + Duration.ofDays(7).toSeconds(), Long.parseLong(item.get("expires_at").n()));
    }
    // and the features in FeatureTable are the shared feature code's, for a spot-checked customer
    String id = scores.keySet().iterator().next();
    Score one = new DynamoScoreStore(dynamo, null, scoreTable).get(id).orElseThrow();
    assertTrue(one.ltv() >= 0 && one.churnProbability() >= 0 && one.churnProbability() <= 1);
    CustomerHistories histories = CustomerHistories.before(AS_OF);
    new CuratedReader(new S3ObjectStore(AwsClients.s3(), bucket))
        .forEach(
            new CuratedReader(new S3ObjectStore(AwsClients.s3(), bucket)).publishedManifests(),
            b -> true,
            histories::add);
    double[] expected =
        FeatureCalculator.features(histories.history(id).orElseThrow(), AS_OF).values();
    double[] stored =
        new DynamoFeatureStore(dynamo, null, featureTable).get(id).orElseThrow().values();
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, stored, 1e-9);
    // and the drift report is in S3, one PSI per feature
    String driftKey = report.get("drift_report_key").asText();
    assertEquals("monitoring/drift/1998-07-01/" + productionVersion + ".json", driftKey);
    JsonNode drift =
        Json.MAPPER.readTree(
            AwsClients.s3().getObjectAsBytes(b -> b.bucket(bucket).key(driftKey)).asByteArray());
    assertEquals(FeatureCalculator.SCHEMA.size(), drift.get("features").size());
    assertEquals(eligible, drift.get("customers").asLong());
  }

  @Test
  void handleRequest_shouldRewriteTheSameItems_whenShardRunsTwice() throws Exception {
    // given every shard of four scored once
    PrecomputeFunction function = new PrecomputeFunction(config);
    long total = 0;
    for (int shard = 0; shard < 4; shard++) {
      total +=
          invoke(function, "{\"as_of\": \"1998-07-01\", \"shard\": " + shard + ", \"shards\": 4}")
              .get("customers_scored")
              .asLong();
    }
    assertEquals(eligible, total, "the shards partition the customers");
    assertEquals(eligible, count(scoreTable));
    Map<String, Map<String, AttributeValue>> before = items(scoreTable);
    // when shard 1 runs again, from the sample event
    JsonNode again = invoke(function, LambdaEvents.json("precompute-shard.json"));
    // then the tables hold the same customers and the same forecasts
    assertEquals(eligible, count(scoreTable));
    assertEquals(eligible, count(featureTable));
    Map<String, Map<String, AttributeValue>> after = items(scoreTable);
    assertEquals(before.keySet(), after.keySet());
    long rewritten = 0;
    for (String id : before.keySet()) {
      assertEquals(before.get(id).get("ltv"), after.get(id).get("ltv"), id);
      assertEquals(
          before.get(id).get("churn_probability"), after.get(id).get("churn_probability"), id);
      if (!before.get(id).get("scored_at").equals(after.get(id).get("scored_at"))) {
        rewritten++;
      }
    }
    assertEquals(
        again.get("customers_scored").asLong(), rewritten, "exactly shard 1 was rewritten");
  }

  @Test
  void handleRequest_shouldEnqueueOneMessagePerShard_whenCoordinating() throws Exception {
    // when the coordinator runs
    PrecomputeFunction function = new PrecomputeFunction(config);
    JsonNode fanOut = invoke(function, LambdaEvents.json("precompute-coordinator.json"));
    assertEquals(4, fanOut.get("shards").asInt());
    // then the queue holds 4 shard messages, all for the same as-of and model version
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 20 && messages.size() < 4; i++) {
      messages.addAll(
          sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages());
    }
    assertEquals(4, messages.size());
    Set<Integer> shards = new HashSet<>();
    for (Message m : messages) {
      JsonNode body = Json.MAPPER.readTree(m.body());
      shards.add(body.get("shard").asInt());
      assertEquals(4, body.get("shards").asInt());
      assertEquals("1998-07-01", body.get("as_of").asText());
      assertEquals(productionVersion, body.get("model_version").asText());
    }
    assertEquals(Set.of(0, 1, 2, 3), shards);
    // and when SQS delivers them as one batch, every shard is scored and none reported failed
    JsonNode response = invoke(function, sqsEvent(messages));
    assertEquals(0, response.get("batchItemFailures").size(), response.toString());
    assertEquals(eligible, count(scoreTable));
  }

  @Test
  void handleRequest_shouldReportOnlyTheFailedMessages_whenSomeShardsFail() throws Exception {
    // given the sample batch, whose first message names the production version and second an
    // unknown one
    ObjectNode event = (ObjectNode) Json.MAPPER.readTree(LambdaEvents.json("sqs-shard.json"));
    ObjectNode first = (ObjectNode) event.get("Records").get(0);
    first.put(
        "body", first.get("body").asText().replace("19980701T041209Z-3fa9c1", productionVersion));
    // when
    JsonNode response =
        invoke(new PrecomputeFunction(config), Json.MAPPER.writeValueAsString(event));
    // then only the second is handed back to the queue
    assertEquals(1, response.get("batchItemFailures").size(), response.toString());
    assertEquals(
        "2e1424d4-f796-459a-8184-9c92662be6da",
        response.get("batchItemFailures").get(0).get("itemIdentifier").asText());
    assertTrue(count(scoreTable) > 0 && count(scoreTable) < eligible);
  }

  @Test
  void handleRequest_shouldSkip_whenPromotedVersionIsNoLongerProduction() throws Exception {
    JsonNode outcome =
        invoke(new PrecomputeFunction(config), LambdaEvents.json("model-promoted.json"));
    assertTrue(outcome.get("reason").asText().contains("no longer production"), outcome.toString());
    assertEquals(0, count(scoreTable));
  }

  @Test
  void handleRequest_shouldRunAsOfTheEventDate_whenScheduled() throws Exception {
    JsonNode report =
        invoke(new PrecomputeFunction(config), LambdaEvents.json("schedule-precompute.json"));
    assertEquals("1998-07-01", report.get("as_of").asText());
    assertEquals(eligible, count(scoreTable));
  }

  @Test
  void runShard_shouldWriteEverything_whenDynamoHandsBackUnprocessedItems() {
    // given a client that processes only a few items of every call at first
    FlakyDynamo flaky = new FlakyDynamo(dynamo, Long.MAX_VALUE, 40);
    PrecomputeService service = service(flaky, Duration.ofSeconds(120));
    // when
    ShardReport report = service.runShard(new ShardCommand(AS_OF, SHARD, SHARDS, null));
    // then everything was written in the end, after real retries
    assertEquals(2 * eligibleInShard, report.itemsWritten());
    assertEquals(eligibleInShard, count(scoreTable));
    assertEquals(eligibleInShard, count(featureTable));
    assertTrue(
        flaky.unprocessedHandedBack.get() > eligibleInShard,
        "unprocessed " + flaky.unprocessedHandedBack);
  }

  @Test
  void runShard_shouldFailWithTheExactCount_whenTheDeadlinePasses() {
    // given a client that never writes more than 100 scores
    FlakyDynamo capped = new FlakyDynamo(dynamo, 100, Integer.MAX_VALUE);
    // and a deadline long enough for the shard's real writes (moto: about 200 conditional puts a
    // second, so 2-3 s), too short for what never goes
    PrecomputeService service = service(capped, Duration.ofSeconds(15));
    // when
    PrecomputeException.IncompleteRunException error =
        assertThrows(
            PrecomputeException.IncompleteRunException.class,
            () -> service.runShard(new ShardCommand(AS_OF, SHARD, SHARDS, null)));
    // then the count is exact: every feature and the scores let through written, the rest reported
    long written = capped.scoresWritten.get();
    assertEquals(100, written);
    assertEquals(eligibleInShard - written, error.report().itemsFailed(), error.getMessage());
    assertEquals(eligibleInShard + written, error.report().itemsWritten());
    assertEquals(written, count(scoreTable));
    assertEquals(eligibleInShard, count(featureTable));
    assertTrue(
        error.getMessage().startsWith((eligibleInShard - written) + " of " + 2 * eligibleInShard),
        error.getMessage());
  }

  private Map<String, String> attribute(String table, String name) {
    Map<String, String> values = new HashMap<>();
    items(table)
        .forEach(
            (id, item) ->
                values.put(
                    id, item.get(name).s() != null ? item.get(name).s() : item.get(name).n()));
    return values;
  }

  @Test
  void runShard_shouldKeepNewerItems_whenABackfillRunsAfterToday() {
    PrecomputeService service = service(dynamo, Duration.ofSeconds(120));
    // given today's run
    ShardReport today = service.runShard(new ShardCommand(AS_OF, SHARD, SHARDS, null));
    assertEquals(2 * eligibleInShard, today.itemsWritten());
    Map<String, String> scoredAt = attribute(scoreTable, "scored_at");
    // when a backfill for a month earlier runs
    ShardReport backfill =
        service.runShard(new ShardCommand(AS_OF.minusDays(30), SHARD, SHARDS, null));
    // then it writes nothing over today's items, and says so (most of the shard's customers had
    // bought by then)
    assertTrue(backfill.customersScored() > eligibleInShard * 0.8, backfill.toString());
    assertEquals(0, backfill.itemsWritten(), backfill.toString());
    assertEquals(2 * backfill.customersScored(), backfill.itemsKeptNewer());
    assertEquals(0, backfill.itemsFailed());
    assertTrue(attribute(scoreTable, "as_of").values().stream().allMatch(AS_OF.toString()::equals));
    assertTrue(
        attribute(featureTable, "as_of").values().stream().allMatch(AS_OF.toString()::equals));
    assertEquals(scoredAt, attribute(scoreTable, "scored_at"));
  }

  @Test
  void runShard_shouldKeepTheLaterRun_whenAShardOfAnEarlierRunIsRetriedAfterIt() {
    PrecomputeService service = service(dynamo, Duration.ofSeconds(120));
    java.time.Instant earlierRun = java.time.Instant.parse("2026-12-01T06:00:00Z");
    java.time.Instant laterRun = earlierRun.plusSeconds(3_600);
    // given the later run (e.g. after a promotion) has written its scores
    assertEquals(
        2 * eligibleInShard,
        service
            .runShard(new ShardCommand(AS_OF, SHARD, SHARDS, productionVersion, laterRun))
            .itemsWritten());
    Map<String, String> scoredAt = attribute(scoreTable, "scored_at");
    // when a shard message of the earlier run of the same as_of is redelivered
    ShardReport retried =
        service.runShard(new ShardCommand(AS_OF, SHARD, SHARDS, productionVersion, earlierRun));
    // then nothing of the later run is replaced
    assertEquals(0, retried.itemsWritten(), retried.toString());
    assertEquals(2 * eligibleInShard, retried.itemsKeptNewer());
    assertEquals(scoredAt, attribute(scoreTable, "scored_at"));
    // and a redelivery of the later run's own shard still rewrites its items (idempotent retries)
    ShardReport again =
        service.runShard(new ShardCommand(AS_OF, SHARD, SHARDS, productionVersion, laterRun));
    assertEquals(2 * eligibleInShard, again.itemsWritten());
    assertEquals(0, again.itemsKeptNewer());
  }

  @Test
  void scoreStore_shouldNotServeAnExpiredScore_beforeTtlDeletesIt() {
    java.time.Instant now = java.time.Instant.parse("2026-12-01T12:00:00Z");
    try (BatchWriter writer = new BatchWriter(dynamo, 2, Duration.ofSeconds(30))) {
      DynamoScoreStore store =
          new DynamoScoreStore(
              dynamo, writer, scoreTable, Clock.fixed(now, java.time.ZoneOffset.UTC));
      store.putAllIfNewer(
          List.of(
              new Score(
                  "fresh", 10, 0.5, 273, AS_OF, "v1", now.minusSeconds(3_600), now.plusSeconds(1)),
              new Score("expired", 10, 0.5, 273, AS_OF, "v1", now.minusSeconds(3_600), now)),
          now);
      assertEquals(2, count(scoreTable), "both items are in the table (TTL deletes lazily)");
      assertTrue(store.get("fresh").isPresent());
      assertTrue(store.get("expired").isEmpty(), "a score at or past expires_at is not served");
    }
  }

  private PrecomputeService service(DynamoDbClient client, Duration deadline) {
    S3ObjectStore store = new S3ObjectStore(AwsClients.s3(), bucket);
    BatchWriter writer = new BatchWriter(client, 4, deadline);
    return new PrecomputeService(
        new CuratedReader(store),
        new DynamoModelRegistry(dynamo, registryTable),
        new ModelArtifacts(store),
        new DynamoFeatureStore(client, writer, featureTable),
        new DynamoScoreStore(client, writer, scoreTable),
        new SqsShardQueue(sqs, queueUrl),
        new DriftMonitor(store),
        new PrecomputeService.Settings(
            "ltv", 64, 1, 7, Path.of(System.getProperty("java.io.tmpdir"))),
        Clock.systemUTC());
  }

  /** The SQS event Lambda's event source mapping would deliver for these messages. */
  static String sqsEvent(List<Message> messages) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (Message m : messages) {
      records
          .addObject()
          .put("messageId", m.messageId())
          .put("receiptHandle", m.receiptHandle())
          .put("body", m.body())
          .put("eventSource", "aws:sqs")
          .put("awsRegion", "us-east-1")
          .put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:shards");
    }
    return event.toString();
  }

  /**
   * Wraps the real client: when {@code perCall < 100}, answers the first attempt of every put with
   * ProvisionedThroughputExceeded (nothing written), and never writes more than {@code scoreCap}
   * items to a score table (puts past it are throttled every time).
   */
  static final class FlakyDynamo implements DynamoDbClient {
    private final DynamoDbClient real;
    private final long scoreCap;
    private final boolean throttleFirstAttempt;
    final AtomicLong scoresWritten = new AtomicLong();
    final AtomicLong unprocessedHandedBack = new AtomicLong();
    private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FlakyDynamo(DynamoDbClient real, long scoreCap, int perCall) {
      this.real = real;
      this.scoreCap = scoreCap;
      this.throttleFirstAttempt = perCall < 100;
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
      String key = request.tableName() + "/" + request.item().get("customer_id").s();
      if (throttleFirstAttempt && seen.add(key)) {
        unprocessedHandedBack.incrementAndGet();
        throw ProvisionedThroughputExceededException.builder()
            .message("throttled (injected)")
            .build();
      }
      if (request.tableName().startsWith("scores-")) {
        synchronized (scoresWritten) {
          if (scoresWritten.get() >= scoreCap) {
            throw ProvisionedThroughputExceededException.builder()
                .message("over the cap (injected)")
                .build();
          }
          PutItemResponse response = real.putItem(request);
          scoresWritten.incrementAndGet();
          return response;
        }
      }
      return real.putItem(request);
    }

    @Override
    public String serviceName() {
      return real.serviceName();
    }

    @Override
    public void close() {
      // The real client is shared.
    }
  }
}
