package com.ltvforecast.training;

import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.config.TrainingSettings;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.curated.Manifest;
import com.ltvforecast.drift.Psi;
import com.ltvforecast.evaluation.EvaluationHtml;
import com.ltvforecast.evaluation.SpendChurnEvaluator;
import com.ltvforecast.evaluation.SpendChurnMetrics;
import com.ltvforecast.features.CustomerHistories;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.features.ModelInputs;
import com.ltvforecast.forecast.BtydForecaster;
import com.ltvforecast.forecast.Candidate;
import com.ltvforecast.forecast.Candidates;
import com.ltvforecast.forecast.Forecasters;
import com.ltvforecast.json.Json;
import com.ltvforecast.model.EngineVersions;
import com.ltvforecast.model.EpochListener;
import com.ltvforecast.model.Predictions;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelMetadata;
import com.ltvforecast.registry.ModelRegistry;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.registry.PromotionConflictException;
import com.ltvforecast.serving.ServingModel;
import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.storage.S3ObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled training run: point-in-time training set from curated data, BG/NBD + Gamma-Gamma
 * and naive baselines, the DJL network, evaluation on the same validation customers, artifacts and
 * registry, and promotion through the gate with a conditional write.
 */
public final class TrainingService {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingService.class);
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final CuratedReader curated;
  private final ModelArtifacts artifacts;
  private final ModelRegistry registry;
  private final PromotionEvents events;
  private final String modelName;
  private final TrainingSettings settings;
  private final TrainingOptions options;
  private final Path workRoot;
  private final Clock clock;
  private final List<Candidate> candidates;

  /**
   * The deployment's configured horizon ({@code HORIZON_DAYS}), or null when none is configured.
   */
  private final Integer servingHorizonDays;

  public TrainingService(
      CuratedReader curated,
      ModelArtifacts artifacts,
      ModelRegistry registry,
      PromotionEvents events,
      String modelName,
      TrainingSettings settings,
      TrainingOptions options,
      Path workRoot,
      Clock clock) {
    this(
        curated,
        artifacts,
        registry,
        events,
        modelName,
        settings,
        options,
        workRoot,
        clock,
        Candidates.defaults());
  }

  /**
   * With an explicit candidate list (the registry's {@link Candidates#defaults()} in production).
   */
  public TrainingService(
      CuratedReader curated,
      ModelArtifacts artifacts,
      ModelRegistry registry,
      PromotionEvents events,
      String modelName,
      TrainingSettings settings,
      TrainingOptions options,
      Path workRoot,
      Clock clock,
      List<Candidate> candidates) {
    this(
        curated,
        artifacts,
        registry,
        events,
        modelName,
        settings,
        options,
        workRoot,
        clock,
        candidates,
        null);
  }

  private TrainingService(
      CuratedReader curated,
      ModelArtifacts artifacts,
      ModelRegistry registry,
      PromotionEvents events,
      String modelName,
      TrainingSettings settings,
      TrainingOptions options,
      Path workRoot,
      Clock clock,
      List<Candidate> candidates,
      Integer servingHorizonDays) {
    this.servingHorizonDays = servingHorizonDays;
    this.candidates = List.copyOf(candidates);
    this.curated = curated;
    this.artifacts = artifacts;
    this.registry = registry;
    this.events = events;
    this.modelName = modelName;
    this.settings = settings;
    this.options = options;
    this.workRoot = workRoot;
    this.clock = clock;
  }

  /**
   * The deployed service: curated data, artifacts and registry of {@code config}, on S3, DynamoDB,
   * EventBridge.
   */
  public static TrainingService fromConfig(AppConfig config) {
    S3ObjectStore data = new S3ObjectStore(AwsClients.s3(), config.requireDataBucket());
    return new TrainingService(
            new CuratedReader(data),
            new ModelArtifacts(data),
            new DynamoModelRegistry(AwsClients.dynamoDb(), config.requireModelRegistryTable()),
            new EventBridgePromotionEvents(
                AwsClients.eventBridge(), config.training().eventBusName()),
            config.modelName(),
            config.training(),
            TrainingOptions.defaults(),
            Path.of(System.getProperty("java.io.tmpdir")),
            Clock.systemUTC())
        .withServingHorizonDays(config.horizonDays());
  }

  /**
   * The same service with the deployment's serving horizon ({@code HORIZON_DAYS}): a run of that
   * horizon may replace a production model of another horizon (the operator changed the parameter);
   * without it, no run replaces a production model of a different horizon.
   */
  public TrainingService withServingHorizonDays(int horizonDays) {
    return new TrainingService(
        curated,
        artifacts,
        registry,
        events,
        modelName,
        settings,
        options,
        workRoot,
        clock,
        candidates,
        horizonDays);
  }

  public TrainingReport train(TrainCommand command, EpochListener progress) {
    long started = System.nanoTime();
    List<Manifest> manifests = curated.publishedManifests();
    if (manifests.isEmpty()) {
      throw new TrainingException(
          "no curated data: no published manifest under curated/_manifests/");
    }
    CustomerHistories histories = CustomerHistories.before(command.runDate());
    curated.forEach(manifests, bucket -> true, histories::add);
    TrainingSet set = TrainingSet.build(histories, command, settings.customerCap());
    String version =
        VERSION_TIME.format(clock.instant())
            + "-"
            + Long.toHexString(System.nanoTime() & 0xffffffL);

    List<String> dataProblems = dataProblems(set);
    if (!dataProblems.isEmpty()) {
      return rejectWithoutModel(command, set, version, dataProblems, started);
    }
    TrainingPipeline pipeline = new TrainingPipeline(candidates, settings, options, progress);
    try (TrainingPipeline.Fitted fitted =
        pipeline.fit(set, CustomerSplit.validation(set.customerIds))) {
      if (fitted.models.isEmpty()) {
        List<String> reasons = new ArrayList<>();
        fitted.failures.forEach(
            (name, error) -> reasons.add("candidate " + name + " could not be fitted: " + error));
        return rejectWithoutModel(command, set, version, reasons, started);
      }
      TrainingPipeline.Scored scored = TrainingPipeline.scoreValidation(fitted, set);
      Map<String, SpendChurnMetrics> all = scored.metrics();
      Map<String, SpendChurnMetrics> metrics = new LinkedHashMap<>();
      Map<String, SpendChurnMetrics> candidateMetrics = new LinkedHashMap<>();
      all.forEach(
          (name, m) -> {
            if (name.startsWith("candidate:")) {
              candidateMetrics.put(name.substring("candidate:".length()), m);
            } else {
              metrics.put(name, m);
            }
          });
      Optional<ModelVersion> production = registry.production(modelName);
      List<String> reasons = new ArrayList<>(fitted.selection.reasons());
      Map<String, SpendChurnMetrics> productionOof = new LinkedHashMap<>();
      // Production is downloaded once for the run: its horizon, its scores, the horizon rule.
      try (RunArtifacts run = new RunArtifacts(artifacts, workRoot)) {
        production.ifPresent(
            p ->
                productionMetrics(p, set, fitted, run)
                    .ifPresent(
                        pm -> {
                          metrics.put("production", pm.validation());
                          productionOof.put("production", pm.training());
                          if (fitted.policy != null) {
                            reasons.addAll(regressionReasons(fitted, pm.training()));
                          }
                        }));
        return publish(
            command,
            set,
            version,
            fitted,
            scored,
            manifests,
            metrics,
            candidateMetrics,
            productionOof,
            reasons,
            production,
            run,
            started);
      }
    }
  }

  /** What a rollback target may look like: a registered version name, never the pointer item. */
  private static final java.util.regex.Pattern VERSION_NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /**
   * Points production back at an earlier version. Refused, with the reason, unless the target is a
   * registered version that passed the gate (never a REJECTED one), whose artifacts verify against
   * the registered checksum (model files and metadata.json), built for this code's feature schema,
   * and of production's horizon (or of the configured serving horizon). A conditional write, so it
   * fails rather than overwrite a promotion that happened meanwhile.
   *
   * @throws RollbackRefusedException with a message that says why; nothing changed
   */
  public RollbackReport rollback(String requested) {
    String version = requested == null ? "" : requested.strip();
    if (version.isEmpty()) {
      throw new RollbackRefusedException(
          "rollback_to must name a model version, got an empty value; " + candidatesHint());
    }
    if (version.equalsIgnoreCase("PRODUCTION")) {
      throw new RollbackRefusedException(
          "rollback_to must name a model version; PRODUCTION is the registry's"
              + " pointer, not a version. "
              + candidatesHint());
    }
    if (!VERSION_NAME.matcher(version).matches()) {
      throw new RollbackRefusedException(
          "rollback_to must be a version name (letters, digits, '.', '_', ':', '-',"
              + " at most 128 characters); "
              + candidatesHint());
    }
    ModelVersion target =
        registry
            .find(modelName, version)
            .orElseThrow(
                () ->
                    new RollbackRefusedException(
                        "no version "
                            + version
                            + " of model "
                            + modelName
                            + "; "
                            + candidatesHint()));
    if (target.status() == ModelVersion.Status.REJECTED) {
      throw new RollbackRefusedException(
          "version "
              + version
              + " was rejected and never served"
              + (target.reasons().isEmpty() ? "" : " (" + String.join("; ", target.reasons()) + ")")
              + "; rollback only to a version that passed the gate. "
              + candidatesHint());
    }
    if (target.checksum() == null || target.checksum().isEmpty()) {
      throw new RollbackRefusedException("version " + version + " has no model artifacts");
    }
    ModelMetadata metadata;
    try {
      metadata = artifacts.verifiedMetadata(target, workRoot);
    } catch (com.ltvforecast.registry.CorruptArtifactException e) {
      throw new RollbackRefusedException(
          "version " + version + " cannot be rolled back to: " + e.getMessage());
    }
    if (!metadata.promoted() || (metadata.reasons() != null && !metadata.reasons().isEmpty())) {
      throw new RollbackRefusedException(
          "version "
              + version
              + " did not pass the gate ("
              + String.join("; ", metadata.reasons() == null ? List.of() : metadata.reasons())
              + ")");
    }
    if (metadata.featureSchemaVersion() != FeatureCalculator.SCHEMA.version()
        || !ModelInputs.names().equals(metadata.inputNames())) {
      throw new RollbackRefusedException(
          "version "
              + version
              + " was built for feature schema "
              + metadata.featureSchemaVersion()
              + "; this code serves schema "
              + FeatureCalculator.SCHEMA.version());
    }
    Optional<ModelVersion> production = registry.production(modelName);
    String current = production.map(ModelVersion::version).orElse(null);
    if (version.equals(current)) {
      return new RollbackReport(current, version);
    }
    Optional<String> horizonProblem;
    try (RunArtifacts run = new RunArtifacts(artifacts, workRoot)) {
      horizonProblem = horizonReason(metadata.horizonDays(), production, run);
    }
    horizonProblem.ifPresent(
        reason -> {
          throw new RollbackRefusedException(
              "version " + version + " cannot be rolled back to: " + reason);
        });
    try {
      registry.promote(modelName, version, current);
    } catch (PromotionConflictException e) {
      throw new RollbackRefusedException(
          "production moved while rolling back, nothing changed: " + e.getMessage());
    }
    registry.updateStatus(modelName, version, ModelVersion.Status.PRODUCTION, List.of());
    if (current != null) {
      registry.updateStatus(
          modelName, current, ModelVersion.Status.ARCHIVED, List.of("rolled back to " + version));
    }
    events.modelPromoted(modelName, version, null, metadata.horizonDays());
    return new RollbackReport(current, version);
  }

  /** The most recent versions a rollback may name, for error messages. */
  private String candidatesHint() {
    List<String> eligible =
        registry.versions(modelName).stream()
            .filter(
                v ->
                    v.status() == ModelVersion.Status.PRODUCTION
                        || v.status() == ModelVersion.Status.ARCHIVED)
            .map(ModelVersion::version)
            .sorted(java.util.Comparator.reverseOrder())
            .limit(5)
            .toList();
    return eligible.isEmpty()
        ? "no version of model " + modelName + " can be rolled back to"
        : "versions that passed the gate, newest first: " + String.join(", ", eligible);
  }

  /** What a rollback changed. */
  public record RollbackReport(String previousProduction, String production) {}

  private List<String> dataProblems(TrainingSet set) {
    List<String> problems = new ArrayList<>();
    if (set.size() < settings.minCustomers()) {
      problems.add("too few eligible customers: " + set.size() + " < " + settings.minCustomers());
      return problems;
    }
    long churners = set.labels.stream().filter(l -> l.churned()).count();
    if (churners == 0 || churners == set.size()) {
      problems.add(
          "single class in the churn labels: "
              + churners
              + " of "
              + set.size()
              + " customers churned");
    }
    return problems;
  }

  /**
   * Production's metrics on this run's training customers (the gate's basis) and on its validation
   * customers.
   */
  private record ProductionMetrics(SpendChurnMetrics training, SpendChurnMetrics validation) {}

  private Optional<ProductionMetrics> productionMetrics(
      ModelVersion production, TrainingSet set, TrainingPipeline.Fitted fitted, RunArtifacts run) {
    try {
      ModelMetadata metadata = run.verifiedMetadata(production);
      if (metadata.horizonDays() != set.horizonDays) {
        LOG.atWarn()
            .addKeyValue("production_version", production.version())
            .log("production model has another horizon; regression check skipped");
        return Optional.empty();
      }
      try (ServingModel model = run.load(production, Forecasters::loadServing)) {
        TrainingSet.RowData train = set.rows(fitted.trainRows);
        TrainingSet.RowData validation = set.rows(fitted.validationRows);
        Predictions pt = model.predict(train.features());
        Predictions pv = model.predict(validation.features());
        return Optional.of(
            new ProductionMetrics(
                SpendChurnEvaluator.evaluate(
                    pt.spend(), train.spend(), pt.churnProbability(), train.churned()),
                SpendChurnEvaluator.evaluate(
                    pv.spend(), validation.spend(), pv.churnProbability(), validation.churned())));
      }
    } catch (RuntimeException e) {
      LOG.atWarn()
          .addKeyValue("production_version", production.version())
          .addKeyValue("error", e.getMessage())
          .log("production model could not be evaluated; regression check skipped");
      return Optional.empty();
    }
  }

  /**
   * The regression gate, on the same basis as selection: the policy's out-of-fold predictions
   * against production's predictions for the same training customers, spend RMSE and churn Brier.
   */
  private List<String> regressionReasons(
      TrainingPipeline.Fitted fitted, SpendChurnMetrics production) {
    SpendChurnMetrics policy = fitted.selection.oofMetrics().get("selected");
    List<String> reasons = new ArrayList<>();
    if (policy == null) {
      return reasons;
    }
    double tolerance = settings.regressionTolerance();
    if (!(policy.spendRmse() <= production.spendRmse() * (1 + tolerance))) {
      reasons.add(
          String.format(
              "out-of-fold spend RMSE %.4g regresses against production's %.4g on the same"
                  + " training customers by more than %.0f%%",
              policy.spendRmse(), production.spendRmse(), 100 * tolerance));
    }
    if (Double.isFinite(production.churnBrier())
        && !(policy.churnBrier() <= production.churnBrier() * (1 + tolerance))) {
      reasons.add(
          String.format(
              "out-of-fold churn Brier %.4g regresses against production's %.4g on the same"
                  + " training customers by more than %.0f%%",
              policy.churnBrier(), production.churnBrier(), 100 * tolerance));
    }
    return reasons;
  }

  /**
   * Publishes a run, then registers it, then moves the pointer: every file (the model,
   * metadata.json, evaluation.json, evaluation.html) is in the bucket before the registry names the
   * version, so no reader ever finds a registered or promoted version with missing files. The
   * checksum registered covers every file serving reads, metadata.json included. metadata.json
   * records the gate's decision ({@code promoted} means "passed the gate and the horizon rule");
   * whether the pointer moved is the registry's status. A run that loses the promotion race is
   * marked REJECTED and its report rewritten.
   */
  private TrainingReport publish(
      TrainCommand command,
      TrainingSet set,
      String version,
      TrainingPipeline.Fitted fitted,
      TrainingPipeline.Scored scored,
      List<Manifest> manifests,
      Map<String, SpendChurnMetrics> metrics,
      Map<String, SpendChurnMetrics> candidateMetrics,
      Map<String, SpendChurnMetrics> productionOof,
      List<String> gateReasons,
      Optional<ModelVersion> production,
      RunArtifacts run,
      long started) {
    String currentProduction = production.map(ModelVersion::version).orElse(null);
    String prefix = ModelArtifacts.prefix(modelName, version);
    List<String> reasons = new ArrayList<>(gateReasons);
    if (fitted.policy != null) {
      horizonReason(command.horizonDays(), production, run).ifPresent(reasons::add);
    }
    boolean eligible = reasons.isEmpty() && fitted.policy != null;
    Map<String, Double> flat = flatten(metrics);
    flatten(candidateMetrics).forEach((k, v) -> flat.put("candidates." + k, v));
    String explanation =
        Explanation.of(
            version, eligible, fitted, reasons, currentProduction, settings.selectionFolds());
    Map<String, Object> selection = selectionSummary(fitted, productionOof);
    BtydForecaster bgnbd = fitted.bgnbd();
    TrainingSet.RowData trainRows = set.rows(fitted.trainRows);
    Map<String, Object> evaluation =
        EvaluationDocument.build(
            version,
            eligible,
            reasons,
            explanation,
            fitted,
            scored,
            metrics,
            candidateMetrics,
            selection,
            settings.selectionFolds());
    String checksum = "";
    if (fitted.policy != null) {
      Path dir = LocalFiles.createWorkDir(workRoot, "version-");
      try {
        Forecasters.save(fitted.policy, dir.resolve(ModelArtifacts.MODEL_DIR));
        ModelMetadata metadata =
            new ModelMetadata(
                modelName,
                version,
                command.runDate(),
                command.featureDate(),
                command.horizonDays(),
                FeatureCalculator.SCHEMA.version(),
                ModelInputs.names(),
                bgnbd == null ? null : bgnbd.bgnbd(),
                bgnbd == null ? null : bgnbd.gammaGamma(),
                clock.instant(),
                snapshot(manifests),
                hyperparameters(),
                EngineVersions.recorded(),
                set.eligibleCustomers,
                set.sampleShare,
                fitted.trainRows.length,
                fitted.validationRows.length,
                null,
                null,
                metrics,
                eligible,
                reasons,
                Psi.references(
                    java.util.Arrays.asList(trainRows.features()),
                    FeatureCalculator.SCHEMA.names(),
                    Psi.DEFAULT_BINS),
                fitted.policy.kind(),
                selection,
                candidateMetrics);
        write(dir.resolve(ModelArtifacts.METADATA), Json.bytes(metadata));
        write(dir.resolve(ModelArtifacts.EVALUATION), Json.bytes(evaluation));
        write(
            dir.resolve(ModelArtifacts.EVALUATION_HTML),
            EvaluationHtml.render(evaluation).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        checksum = artifacts.publish(prefix, dir);
      } finally {
        LocalFiles.deleteRecursively(dir);
      }
    } else {
      uploadReport(prefix, evaluation);
    }
    registry.register(
        new ModelVersion(
            modelName,
            version,
            ModelVersion.Status.CANDIDATE,
            prefix,
            checksum,
            clock.instant(),
            flat,
            reasons));
    boolean promoted = false;
    if (eligible) {
      try {
        registry.promote(modelName, version, currentProduction);
        promoted = true;
      } catch (PromotionConflictException e) {
        reasons.add("lost the promotion race: " + e.getMessage());
      }
    }
    if (promoted) {
      registry.updateStatus(modelName, version, ModelVersion.Status.PRODUCTION, List.of());
      if (currentProduction != null) {
        registry.updateStatus(
            modelName, currentProduction, ModelVersion.Status.ARCHIVED, List.of());
      }
      events.modelPromoted(modelName, version, command.runDate().toString(), command.horizonDays());
    } else {
      registry.updateStatus(modelName, version, ModelVersion.Status.REJECTED, reasons);
      if (eligible) {
        // the report said "promoted"; it lost the race, so say so (the report is not part of the
        // checksum)
        explanation =
            Explanation.of(
                version, false, fitted, reasons, currentProduction, settings.selectionFolds());
        uploadReport(
            prefix,
            EvaluationDocument.build(
                version,
                false,
                reasons,
                explanation,
                fitted,
                scored,
                metrics,
                candidateMetrics,
                selection,
                settings.selectionFolds()));
      }
    }
    return new TrainingReport(
        version,
        promoted,
        reasons,
        command.runDate(),
        command.horizonDays(),
        fitted.trainRows.length,
        fitted.validationRows.length,
        seconds(started),
        metrics,
        bgnbd == null ? null : bgnbd.bgnbd(),
        candidateMetrics,
        fitted.selected(),
        explanation,
        fitted.selection.oofMetrics(),
        fitted.selection.decisions(),
        fitted.failures,
        prefix);
  }

  private void uploadReport(String prefix, Map<String, Object> evaluation) {
    artifacts.uploadJson(prefix, ModelArtifacts.EVALUATION, Json.bytes(evaluation));
    artifacts.uploadText(
        prefix, ModelArtifacts.EVALUATION_HTML, EvaluationHtml.render(evaluation), "text/html");
  }

  private static void write(Path file, byte[] content) {
    try {
      java.nio.file.Files.write(file, content);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot stage " + file, e);
    }
  }

  /**
   * The horizon rule: production serves one horizon. A run may replace production only when it has
   * the same horizon, or when its horizon is the deployment's configured serving horizon ({@code
   * HORIZON_DAYS}, so that changing the parameter moves production to the new horizon). Any other
   * run (a backfill with another {@code horizon_days}) is published and evaluated but never
   * replaces a production model of a different horizon.
   */
  private Optional<String> horizonReason(
      int horizonDays, Optional<ModelVersion> production, RunArtifacts run) {
    if (production.isEmpty() || (servingHorizonDays != null && horizonDays == servingHorizonDays)) {
      return Optional.empty();
    }
    ModelVersion current = production.get();
    Integer currentHorizon = horizonOf(current, run);
    if (currentHorizon != null && currentHorizon == horizonDays) {
      return Optional.empty();
    }
    String configured =
        servingHorizonDays == null
            ? ""
            : "; only a run of the configured serving horizon (HORIZON_DAYS = "
                + servingHorizonDays
                + ") may change the served horizon";
    return Optional.of(
        currentHorizon == null
            ? "horizon "
                + horizonDays
                + " days: the horizon of production version "
                + current.version()
                + " could not be read, so this run does not replace it"
                + configured
            : "horizon "
                + horizonDays
                + " days differs from production version "
                + current.version()
                + "'s "
                + currentHorizon
                + " days: a run of another horizon never replaces production"
                + configured);
  }

  /**
   * The horizon of a registered version from its verified metadata, or null when it cannot be read.
   */
  private Integer horizonOf(ModelVersion version, RunArtifacts run) {
    try {
      return run.verifiedMetadata(version).horizonDays();
    } catch (RuntimeException e) {
      LOG.atWarn()
          .addKeyValue("model_version", version.version())
          .addKeyValue("error", e.getMessage())
          .log("metadata of a registered version could not be verified");
      return null;
    }
  }

  private static Map<String, Object> selectionSummary(
      TrainingPipeline.Fitted fitted, Map<String, SpendChurnMetrics> productionOof) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("spend_from", fitted.selection.spendFrom());
    s.put("churn_from", fitted.selection.churnFrom());
    s.put("components", fitted.selection.components());
    s.put("spend_weights", fitted.selection.spendWeights());
    s.put("churn_weights", fitted.selection.churnWeights());
    s.put("blend_spend_weights", fitted.selection.blendSpendWeights());
    s.put("blend_churn_weights", fitted.selection.blendChurnWeights());
    s.put("served_kind", fitted.policy == null ? null : fitted.policy.kind());
    s.put("decisions", fitted.selection.decisions());
    s.put("gate_reasons", fitted.selection.reasons());
    s.put("candidate_failures", fitted.failures);
    s.put("fit_seconds", fitted.fitSeconds);
    Map<String, SpendChurnMetrics> oof = new LinkedHashMap<>(fitted.selection.oofMetrics());
    oof.putAll(productionOof);
    s.put("out_of_fold_metrics", oof);
    s.put("per_fold", fitted.selection.perFold());
    return s;
  }

  private TrainingReport rejectWithoutModel(
      TrainCommand command, TrainingSet set, String version, List<String> reasons, long started) {
    String prefix = ModelArtifacts.prefix(modelName, version);
    String current = registry.production(modelName).map(ModelVersion::version).orElse(null);
    String explanation = Explanation.withoutModel(version, set.size(), reasons, current);
    artifacts.uploadJson(
        prefix,
        ModelArtifacts.EVALUATION,
        Json.bytes(
            Map.of(
                "model_version",
                version,
                "eligible_customers",
                set.size(),
                "promoted",
                false,
                "reasons",
                reasons,
                "explanation",
                explanation)));
    registry.register(
        new ModelVersion(
            modelName,
            version,
            ModelVersion.Status.REJECTED,
            prefix,
            "",
            clock.instant(),
            Map.of(),
            reasons));
    return new TrainingReport(
        version,
        false,
        reasons,
        command.runDate(),
        command.horizonDays(),
        0,
        0,
        seconds(started),
        Map.of(),
        null,
        Map.of(),
        Map.of(),
        explanation,
        Map.of(),
        List.of(),
        Map.of(),
        prefix);
  }

  private static Map<String, Double> flatten(Map<String, SpendChurnMetrics> metrics) {
    Map<String, Double> flat = new LinkedHashMap<>();
    metrics.forEach(
        (name, m) -> {
          flat.put(name + ".spend_mae", m.spendMae());
          flat.put(name + ".spend_rmse", m.spendRmse());
          flat.put(name + ".spend_corr", m.spendCorr());
          flat.put(name + ".spend_bias", m.spendBias());
          flat.put(name + ".churn_auc", m.churnAuc());
        });
    flat.values().removeIf(v -> !Double.isFinite(v));
    return flat;
  }

  private static List<ModelMetadata.SnapshotEntry> snapshot(List<Manifest> manifests) {
    return manifests.stream()
        .map(
            m ->
                new ModelMetadata.SnapshotEntry(
                    m.sourceKey(), m.sourceEtag(), m.sourceVersionId(), m.rowsValid()))
        .toList();
  }

  private Map<String, Object> hyperparameters() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("selection_folds", settings.selectionFolds());
    h.put("network_members", settings.selectionFolds());
    h.put("time_budget_seconds", settings.timeBudgetSeconds());
    h.put("max_epochs", Math.min(options.maxEpochs(), settings.maxEpochs()));
    h.put("batch_size", options.batchSize());
    h.put("learning_rate", options.learningRate());
    h.put("seed", settings.seed());
    h.put("patience", options.patience());
    h.put("hidden_layers", options.hiddenLayers());
    h.put("dropout", options.dropout());
    h.put("tweedie_power", options.tweediePower());
    h.put("churn_loss_weight", options.churnLossWeight());
    h.put("validation_share", CustomerSplit.VALIDATION_SHARE);
    h.put("early_stopping", "per member: the fold after the one it holds out");
    h.put("candidates", candidates.stream().map(Candidate::name).toList());
    return h;
  }

  private static double seconds(long started) {
    return Math.round((System.nanoTime() - started) / 1e7) / 100.0;
  }
}
