package com.ltvforecast.precompute;

import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.curated.Manifest;
import com.ltvforecast.dynamo.BatchWriter;
import com.ltvforecast.dynamo.IncompleteWriteException;
import com.ltvforecast.features.CustomerHistories;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.features.FeatureVector;
import com.ltvforecast.featurestore.DynamoFeatureStore;
import com.ltvforecast.featurestore.FeatureRecord;
import com.ltvforecast.featurestore.FeatureStore;
import com.ltvforecast.forecast.Forecasters;
import com.ltvforecast.model.Predictions;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelRegistry;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.scores.DynamoScoreStore;
import com.ltvforecast.scores.Score;
import com.ltvforecast.scores.ScoreStore;
import com.ltvforecast.serving.ServingModel;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.transactions.CustomerHash;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A daily precompute run: for every eligible customer of a shard, the features as of D with the
 * shared feature code to FeatureTable, and the production model's batched scores to ScoreTable.
 *
 * <p>Every write is a put keyed by customer, conditional on the stored item being older (an earlier
 * as_of, or an earlier run of the same as_of): a re-run of a shard rewrites the same items, and a
 * backfill or a retried shard of an earlier run leaves newer items alone and counts them. A write
 * that fails past its deadline stops the shard: the customers not yet written are counted as failed
 * without being scored, and the run throws with the exact count.
 */
public final class PrecomputeService implements AutoCloseable {

  /**
   * Customers scored and written per step: one batched forward pass and a few hundred
   * BatchWriteItem calls.
   */
  static final int CHUNK = 16_384;

  private final CuratedReader curated;
  private final ModelRegistry registry;
  private final ModelArtifacts artifacts;
  private final FeatureStore features;
  private final ScoreStore scores;
  private final ShardQueue queue;
  private final DriftMonitor drift;
  private final Settings settings;
  private final Clock clock;
  private ServingModel loaded;

  /**
   * @param curatedBuckets the bucket count of the curated layout: a shard count dividing it lets a
   *     shard read only its own bucket files
   */
  public record Settings(
      String modelName, int curatedBuckets, int defaultShards, int scoreTtlDays, Path workRoot) {}

  public PrecomputeService(
      CuratedReader curated,
      ModelRegistry registry,
      ModelArtifacts artifacts,
      FeatureStore features,
      ScoreStore scores,
      ShardQueue queue,
      DriftMonitor drift,
      Settings settings,
      Clock clock) {
    this.curated = curated;
    this.registry = registry;
    this.artifacts = artifacts;
    this.features = features;
    this.scores = scores;
    this.queue = queue;
    this.drift = drift;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * The deployed service: S3 curated data and artifacts, the DynamoDB tables and the SQS queue of
   * {@code config}.
   */
  public static PrecomputeService fromConfig(AppConfig config) {
    DynamoDbClient dynamo = AwsClients.dynamoDb();
    S3ObjectStore store = new S3ObjectStore(AwsClients.s3(), config.requireDataBucket());
    BatchWriter writer =
        new BatchWriter(
            dynamo,
            config.precompute().writesInFlight(),
            Duration.ofSeconds(config.precompute().writeDeadlineSeconds()));
    return new PrecomputeService(
        new CuratedReader(store),
        new DynamoModelRegistry(dynamo, config.requireModelRegistryTable()),
        new ModelArtifacts(store),
        new DynamoFeatureStore(dynamo, writer, config.requireFeatureTable()),
        new DynamoScoreStore(dynamo, writer, config.requireScoreTable()),
        new SqsShardQueue(AwsClients.sqs(), config.precompute().queueUrl()),
        new DriftMonitor(store),
        new Settings(
            config.modelName(),
            config.curatedBuckets(),
            config.precompute().shards(),
            config.precompute().scoreTtlDays(),
            Path.of(System.getProperty("java.io.tmpdir"))),
        Clock.systemUTC());
  }

  /**
   * Schedule, ModelPromoted or a manual run: one shard inline, or N shard messages on the queue.
   */
  public PrecomputeOutcome trigger(TriggerCommand command) {
    if (command.promotedModelName() != null
        && !command.promotedModelName().equals(settings.modelName())) {
      return new PrecomputeOutcome.Skipped(
          "promotion of model "
              + command.promotedModelName()
              + ", this function scores "
              + settings.modelName());
    }
    ModelVersion production = production();
    if (command.promotedVersion() != null
        && !command.promotedVersion().equals(production.version())) {
      return new PrecomputeOutcome.Skipped(
          "promoted version "
              + command.promotedVersion()
              + " is no longer production ("
              + production.version()
              + "); its successor's run scores");
    }
    int shards = command.shards() != null ? command.shards() : settings.defaultShards();
    Instant runAt = clock.instant();
    if (shards == 1) {
      return runShard(new ShardCommand(command.asOf(), 0, 1, production.version(), runAt));
    }
    List<ShardCommand> messages = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      messages.add(new ShardCommand(command.asOf(), shard, shards, production.version(), runAt));
    }
    queue.enqueue(messages);
    PrecomputeTelemetry.shardsEnqueued(command, shards, production.version());
    return new PrecomputeOutcome.FanOut(command.asOf(), production.version(), shards, messages);
  }

  /**
   * Scores one shard.
   *
   * @throws PrecomputeException.IncompleteRunException when items were not written, with the exact
   *     count
   */
  public ShardReport runShard(ShardCommand command) {
    long started = System.nanoTime();
    ServingModel model =
        model(
            command.modelVersion() != null
                ? registry
                    .find(settings.modelName(), command.modelVersion())
                    .orElseThrow(
                        () ->
                            new PrecomputeException.NoModelException(
                                "model "
                                    + settings.modelName()
                                    + " has no version "
                                    + command.modelVersion()))
                : production());
    List<Manifest> manifests = curated.publishedManifests();
    if (manifests.isEmpty()) {
      throw new PrecomputeException(
          "no curated data: no published manifest under curated/_manifests/");
    }
    CustomerHistories histories = CustomerHistories.before(command.asOf());
    int shards = command.shards();
    int shard = command.shard();
    // bucket(id, N) == bucket(id, B) % N when N divides B: the shard's customers live in those
    // files only.
    IntPredicate files =
        settings.curatedBuckets() % shards == 0 ? b -> b % shards == shard : b -> true;
    long read =
        curated.forEach(
            manifests,
            files,
            t -> {
              if (CustomerHash.bucket(t.customerId(), shards) == shard) {
                histories.add(t);
              }
            });

    Instant scoredAt = clock.instant();
    Instant runAt = command.runAt() != null ? command.runAt() : scoredAt;
    Run run =
        new Run(
            command,
            runAt,
            model,
            scoredAt,
            scoredAt.plus(Duration.ofDays(settings.scoreTtlDays())),
            new DriftMonitor.Accumulator(
                model.metadata().trainingDistribution(), FeatureCalculator.SCHEMA.names()));
    histories.forEach(h -> FeatureCalculator.tryFeatures(h, command.asOf()).ifPresent(run::add));
    run.flush();

    String driftKey = null;
    if (run.failure == null) {
      driftKey =
          drift.record(
              command,
              model.version(),
              run.eligible,
              run.drift,
              model.metadata().trainingDistribution());
    }
    double modelAgeDays =
        Duration.between(model.metadata().trainedAt(), scoredAt).toMinutes() / 1440.0;
    ShardReport report =
        new ShardReport(
            command.asOf(),
            shard,
            shards,
            model.version(),
            modelAgeDays,
            read,
            histories.customerCount(),
            run.eligible,
            run.scored,
            run.featuresWritten,
            run.scoresWritten,
            run.featuresWritten + run.scoresWritten,
            run.failed,
            run.keptNewer,
            run.drift.maxPsi(),
            driftKey,
            Math.round((System.nanoTime() - started) / 1e7) / 100.0);
    if (run.failure != null) {
      throw new PrecomputeException.IncompleteRunException(report, run.failure);
    }
    return report;
  }

  /** One shard's scoring loop: features in, a chunk at a time, to both tables. */
  private final class Run {
    final ShardCommand command;
    final Instant runAt;
    final ServingModel model;
    final Instant scoredAt;
    final Instant expiresAt;
    final DriftMonitor.Accumulator drift;
    final List<FeatureVector> chunk = new ArrayList<>(CHUNK);
    long eligible;
    long scored;
    long featuresWritten;
    long scoresWritten;
    long failed;
    long keptNewer;
    IncompleteWriteException failure;

    Run(
        ShardCommand command,
        Instant runAt,
        ServingModel model,
        Instant scoredAt,
        Instant expiresAt,
        DriftMonitor.Accumulator drift) {
      this.command = command;
      this.runAt = runAt;
      this.model = model;
      this.scoredAt = scoredAt;
      this.expiresAt = expiresAt;
      this.drift = drift;
    }

    void add(FeatureVector vector) {
      eligible++;
      drift.add(vector.values());
      chunk.add(vector);
      if (chunk.size() == CHUNK) {
        flush();
      }
    }

    void flush() {
      int n = chunk.size();
      if (n == 0) {
        return;
      }
      if (failure != null) {
        // Once a write has failed past its deadline, the rest of the shard is counted, not
        // attempted.
        failed += 2L * n;
        chunk.clear();
        return;
      }
      double[][] rows = new double[n][];
      List<FeatureRecord> records = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        FeatureVector v = chunk.get(i);
        rows[i] = v.values();
        records.add(new FeatureRecord(v.customerId(), v.asOf(), v.schemaVersion(), v.values()));
      }
      Predictions predicted = model.predict(rows);
      scored += n;
      List<Score> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(
            new Score(
                chunk.get(i).customerId(),
                predicted.spend()[i],
                predicted.churnProbability()[i],
                model.horizonDays(),
                command.asOf(),
                model.version(),
                scoredAt,
                expiresAt));
      }
      chunk.clear();
      featuresWritten += write(() -> features.putAllIfNewer(records, runAt), n);
      if (failure != null) {
        failed += n;
        return;
      }
      scoresWritten += write(() -> scores.putAllIfNewer(batch, runAt), n);
    }

    /**
     * Runs one conditional table write; returns how many items it wrote, counts the ones kept
     * because the table holds newer, and records a failure.
     */
    private long write(java.util.function.LongSupplier put, int n) {
      try {
        long kept = put.getAsLong();
        keptNewer += kept;
        return n - kept;
      } catch (IncompleteWriteException e) {
        failure = e;
        failed += e.notWritten();
        keptNewer += e.keptNewer();
        return n - e.notWritten() - e.keptNewer();
      }
    }
  }

  private ModelVersion production() {
    return registry
        .production(settings.modelName())
        .orElseThrow(
            () ->
                new PrecomputeException.NoModelException(
                    "model "
                        + settings.modelName()
                        + " has no production version: train and promote one first"));
  }

  /**
   * The loaded model, reused across the shards of one execution environment while the version
   * holds.
   */
  private synchronized ServingModel model(ModelVersion version) {
    if (loaded != null
        && loaded.version().equals(version.version())
        && Optional.ofNullable(loaded.registryEntry().checksum())
            .equals(Optional.ofNullable(version.checksum()))) {
      return loaded;
    }
    ServingModel next =
        ServingModel.load(version, artifacts, settings.workRoot(), Forecasters::loadServing);
    if (loaded != null) {
      loaded.close();
    }
    loaded = next;
    PrecomputeTelemetry.modelLoaded(version.version());
    return loaded;
  }

  @Override
  public synchronized void close() {
    if (loaded != null) {
      loaded.close();
      loaded = null;
    }
  }
}
