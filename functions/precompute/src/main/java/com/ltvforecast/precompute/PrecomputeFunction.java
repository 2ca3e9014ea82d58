package com.ltvforecast.precompute;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.dynamo.BatchWriter;
import com.ltvforecast.featurestore.DynamoFeatureStore;
import com.ltvforecast.json.Json;
import com.ltvforecast.observability.Metrics;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.scores.DynamoScoreStore;
import com.ltvforecast.storage.S3ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Schedule, {@code ModelPromoted}, a shard or coordinator invocation, or an SQS batch of shard messages
 * (see {@link PrecomputeEvents}) → {@link PrecomputeService}. A stream handler, because one function
 * takes several event shapes; an SQS batch answers with {@code batchItemFailures}, so only the failed
 * shards return to the queue.
 */
public class PrecomputeFunction implements RequestStreamHandler, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PrecomputeFunction.class);
  /** Lambda reads SQSBatchResponse's own field names, not our snake_case. */
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private final PrecomputeService service;
  private final PrecomputeEvents events;

  public PrecomputeFunction() {
    this(AppConfig.fromEnvironment());
  }

  private PrecomputeFunction(AppConfig config) {
    this(service(config, AwsClients.dynamoDb(), new S3ObjectStore(AwsClients.s3(), config.requireDataBucket())),
        Clock.systemUTC());
  }

  PrecomputeFunction(PrecomputeService service, Clock clock) {
    this.service = service;
    this.events = new PrecomputeEvents(clock);
  }

  private static PrecomputeService service(AppConfig config, DynamoDbClient dynamo, S3ObjectStore store) {
    BatchWriter writer = new BatchWriter(dynamo, config.precompute().writesInFlight(),
        Duration.ofSeconds(config.precompute().writeDeadlineSeconds()));
    return new PrecomputeService(new CuratedReader(store),
        new DynamoModelRegistry(dynamo, config.requireModelRegistryTable()), new ModelArtifacts(store),
        new DynamoFeatureStore(dynamo, writer, config.requireFeatureTable()),
        new DynamoScoreStore(dynamo, writer, config.requireScoreTable()),
        new SqsShardQueue(AwsClients.sqs(), config.precompute().queueUrl()), new DriftMonitor(store),
        new PrecomputeService.Settings(config.modelName(), config.curatedBuckets(), config.precompute().shards(),
            config.precompute().scoreTtlDays(), Path.of(System.getProperty("java.io.tmpdir"))),
        Clock.systemUTC());
  }

  /** Frees the cached model's native memory; Lambda never calls it, the local runner does. */
  @Override
  public void close() {
    service.close();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    PrecomputeEvents.Request request = events.parse(Json.MAPPER.readTree(input));
    if (request instanceof PrecomputeEvents.ShardMessages m) {
      output.write(PLAIN.writeValueAsBytes(shards(m.messages())));
    } else if (request instanceof PrecomputeEvents.Shard s) {
      output.write(Json.bytes(report(service.runShard(s.command()))));
    } else {
      output.write(Json.bytes(report(service.trigger(((PrecomputeEvents.Trigger) request).command()))));
    }
  }

  private SQSBatchResponse shards(List<PrecomputeEvents.Message> messages) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (PrecomputeEvents.Message message : messages) {
      try {
        report(service.runShard(events.shardMessage(Json.MAPPER.readTree(message.body()))));
      } catch (IOException | RuntimeException e) {
        LOG.atError().addKeyValue("message_id", message.messageId()).setCause(e).log("shard failed");
        failures.add(new SQSBatchResponse.BatchItemFailure(message.messageId()));
      }
    }
    return new SQSBatchResponse(failures);
  }

  private static PrecomputeOutcome report(PrecomputeOutcome outcome) {
    if (outcome instanceof ShardReport r) {
      LOG.atInfo().addKeyValue("shard", r.shard()).addKeyValue("shards", r.shards())
          .addKeyValue("model_version", r.modelVersion()).addKeyValue("customers_scored", r.customersScored())
          .addKeyValue("items_written", r.itemsWritten()).addKeyValue("items_kept_newer", r.itemsKeptNewer())
          .addKeyValue("seconds", r.seconds()).log("shard scored");
      Metrics.forFunction("precompute").count("CustomersScored", r.customersScored())
          .count("ItemsWritten", r.itemsWritten()).count("ItemsFailed", r.itemsFailed())
          .count("ItemsKeptNewer", r.itemsKeptNewer()).seconds("Duration", r.seconds())
          .none("ModelAgeDays", r.modelAgeDays()).property("model_version", r.modelVersion()).flush();
    } else {
      LOG.atInfo().addKeyValue("outcome", outcome).log("precompute triggered");
    }
    return outcome;
  }
}
