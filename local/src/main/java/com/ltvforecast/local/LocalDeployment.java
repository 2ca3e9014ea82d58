package com.ltvforecast.local;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.endpoint.LocalEndpoint;
import com.ltvforecast.endpoint.Tables;
import com.ltvforecast.ingest.ReconcileService;
import com.ltvforecast.storage.S3ObjectStore;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The deployed stack's storage and wiring, recreated on a local endpoint: the data bucket as the
 * template defines it, and its ObjectCreated notifications on {@code raw/} delivered to an SQS
 * queue, from which {@link #awaitS3Events} hands the real S3 payloads to the handlers.
 */
final class LocalDeployment implements AutoCloseable {

  static final String BUCKET = "ltv-forecast-data-local";
  static final String RAW_EVENTS_QUEUE = "ltv-forecast-raw-events";
  static final String MODEL_REGISTRY_TABLE = "ltv-forecast-model-registry";
  static final String FEATURE_TABLE = "ltv-forecast-features";
  static final String SCORE_TABLE = "ltv-forecast-scores";
  static final String PRECOMPUTE_QUEUE = "ltv-forecast-precompute-shards";

  /**
   * The key suffixes whose uploads under raw/ notify ingestion, one notification rule each, as in
   * template.yaml.
   */
  static final List<String> RAW_SUFFIXES = ReconcileService.INGESTED_SUFFIXES;

  private final LocalEndpoint endpoint;
  private final S3Client s3;
  private final SqsClient sqs;
  private final String queueUrl;
  private final String precomputeQueueUrl;
  private final Map<String, String> environment;

  private LocalDeployment(LocalEndpoint endpoint) {
    this.endpoint = endpoint;
    this.s3 = AwsClients.s3();
    this.sqs = AwsClients.sqs();
    this.queueUrl = sqs.createQueue(b -> b.queueName(RAW_EVENTS_QUEUE)).queueUrl();
    // The queue of precompute shard messages; the runner delivers them to the handler as Lambda
    // would.
    this.precomputeQueueUrl = sqs.createQueue(b -> b.queueName(PRECOMPUTE_QUEUE)).queueUrl();
    this.environment =
        Map.of(
            AppConfig.DATA_BUCKET, BUCKET,
            AppConfig.MODEL_REGISTRY_TABLE, MODEL_REGISTRY_TABLE,
            AppConfig.FEATURE_TABLE, FEATURE_TABLE,
            AppConfig.SCORE_TABLE, SCORE_TABLE,
            AppConfig.PRECOMPUTE_QUEUE_URL, precomputeQueueUrl);
    createBucket();
    createTables();
  }

  /**
   * The variables the template sets on the functions, naming this stack's bucket, tables and queue:
   * what a child JVM gets as its environment.
   */
  Map<String, String> environment() {
    return environment;
  }

  /** The functions' configuration on this stack: the process environment, then this stack's. */
  AppConfig config() {
    return config(Map.of());
  }

  /**
   * As {@link #config()}, with {@code settings} (by variable name, e.g. {@code TRAIN_SEED}) for the
   * variables the process environment does not set.
   */
  AppConfig config(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(environment);
    all.putAll(settings);
    return AppConfig.fromEnvironmentOr(all);
  }

  /** The template's tables, as the functions expect them. */
  private void createTables() {
    DynamoDbClient dynamo = AwsClients.dynamoDb();
    Tables.createModelRegistry(dynamo, MODEL_REGISTRY_TABLE);
    Tables.createFeatureTable(dynamo, FEATURE_TABLE);
    Tables.createScoreTable(dynamo, SCORE_TABLE);
  }

  /**
   * The day of the latest transaction in the published curated data, read through the curated
   * reader as training reads it, so only rows that met the data contract count; empty when nothing
   * is published.
   */
  Optional<LocalDate> lastTransactionDay() {
    CuratedReader reader = new CuratedReader(new S3ObjectStore(s3, BUCKET));
    Instant[] latest = {null};
    reader.forEach(
        reader.publishedManifests(),
        bucket -> true,
        t -> {
          if (latest[0] == null || t.eventTime().isAfter(latest[0])) {
            latest[0] = t.eventTime();
          }
        });
    return Optional.ofNullable(latest[0]).map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC));
  }

  /** Starts (or connects to) the endpoint and lays out the stack's storage. */
  static LocalDeployment start(URI endpointOverride) {
    LocalEndpoint endpoint =
        endpointOverride != null ? LocalEndpoint.external(endpointOverride) : LocalEndpoint.start();
    return new LocalDeployment(endpoint.applyToSdk());
  }

  URI endpoint() {
    return endpoint.uri();
  }

  String endpointKind() {
    return endpoint.kind();
  }

  S3Client s3() {
    return s3;
  }

  SqsClient sqs() {
    return sqs;
  }

  String precomputeQueueUrl() {
    return precomputeQueueUrl;
  }

  private void createBucket() {
    try {
      s3.createBucket(b -> b.bucket(BUCKET));
    } catch (BucketAlreadyOwnedByYouException alreadyThere) {
      // A second run against the same endpoint reuses the bucket.
    }
    s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
    String queueArn =
        sqs.getQueueAttributes(
                b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    // Lower-case rule names: AWS accepts either case, moto only this one.
    List<QueueConfiguration> rules =
        RAW_SUFFIXES.stream()
            .map(
                suffix ->
                    QueueConfiguration.builder()
                        .id("raw-uploads" + suffix)
                        .queueArn(queueArn)
                        .events(Event.S3_OBJECT_CREATED)
                        .filter(
                            f ->
                                f.key(
                                    k ->
                                        k.filterRules(
                                            r -> r.name("prefix").value(CuratedLayout.RAW_PREFIX),
                                            r -> r.name("suffix").value(suffix))))
                        .build())
            .toList();
    s3.putBucketNotificationConfiguration(
        b -> b.bucket(BUCKET).notificationConfiguration(n -> n.queueConfigurations(rules)));
  }

  /**
   * Hands S3 notifications, parsed exactly as the Lambda Java runtime parses an S3 event, to {@code
   * handler} until {@code expectedRecords} records were handled or the timeout passes. A
   * notification is deleted only after its handler returned, so one whose handling failed is
   * delivered again, as Lambda retries.
   */
  void awaitS3Events(int expectedRecords, Duration timeout, Consumer<S3Event> handler) {
    int records = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (records < expectedRecords && System.nanoTime() < deadline) {
      records += pollS3Events(handler);
    }
    if (records < expectedRecords) {
      throw new IllegalStateException(
          "only "
              + records
              + " of "
              + expectedRecords
              + " S3 notifications arrived within "
              + timeout.toSeconds()
              + " s");
    }
  }

  /**
   * Handles the next waiting notification, if any arrives within a second; returns the records
   * handled. One message at a time, so none waits out its visibility timeout behind a long
   * ingestion.
   */
  int pollS3Events(Consumer<S3Event> handler) {
    int records = 0;
    for (Message message :
        sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(1))
            .messages()) {
      S3Event event = parse(message.body());
      if (event.getRecords() != null && !event.getRecords().isEmpty()) {
        handler.accept(event);
        records += event.getRecords().size();
      }
      sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }
    return records;
  }

  private static S3Event parse(String body) {
    return LambdaEventSerializers.serializerFor(
            S3Event.class, LocalDeployment.class.getClassLoader())
        .fromJson(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  Map<String, Object> describe() {
    return Map.of("endpoint", endpoint.uri().toString(), "kind", endpoint.kind(), "bucket", BUCKET);
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
