package com.ltvforecast.training;

import com.ltvforecast.btyd.BgNbdModel;
import com.ltvforecast.btyd.BtydFitException;
import com.ltvforecast.btyd.GammaGammaModel;
import com.ltvforecast.btyd.RfmSummary;
import com.ltvforecast.config.TrainingSettings;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.curated.Manifest;
import com.ltvforecast.drift.Psi;
import com.ltvforecast.evaluation.SpendChurnEvaluator;
import com.ltvforecast.evaluation.SpendChurnMetrics;
import com.ltvforecast.features.CustomerHistories;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.features.ModelInputs;
import com.ltvforecast.json.Json;
import com.ltvforecast.model.EpochListener;
import com.ltvforecast.model.LtvEnsemble;
import com.ltvforecast.model.Predictions;
import com.ltvforecast.model.TrainingData;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelMetadata;
import com.ltvforecast.registry.ModelRegistry;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.registry.PromotionConflictException;
import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.training.CustomerSplit.Role;
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
 * One scheduled training run: point-in-time training set from curated data, BG/NBD + Gamma-Gamma and
 * naive baselines, the DJL network, evaluation on the same validation customers, artifacts and
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

  public TrainingService(CuratedReader curated, ModelArtifacts artifacts, ModelRegistry registry,
      PromotionEvents events, String modelName, TrainingSettings settings, TrainingOptions options, Path workRoot,
      Clock clock) {
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

  public TrainingReport train(TrainCommand command, EpochListener progress) {
    long started = System.nanoTime();
    List<Manifest> manifests = curated.publishedManifests();
    if (manifests.isEmpty()) {
      throw new TrainingException("no curated data: no published manifest under curated/_manifests/");
    }
    CustomerHistories histories = CustomerHistories.before(command.runDate());
    curated.forEach(manifests, bucket -> true, histories::add);
    TrainingSet set = TrainingSet.build(histories, command, settings.customerCap());
    String version = VERSION_TIME.format(clock.instant()) + "-" + Long.toHexString(System.nanoTime() & 0xffffffL);

    List<String> dataProblems = dataProblems(set);
    if (!dataProblems.isEmpty()) {
      return rejectWithoutModel(command, set, version, dataProblems, started);
    }
    CustomerSplit split = new CustomerSplit(set.customerIds);
    BgNbdModel bgnbd;
    GammaGammaModel gammaGamma;
    try {
      List<RfmSummary> trainingRfm = split.rows(set.features, Role.FIT, Role.EARLY_STOPPING).stream()
          .map(ModelInputs::rfm).toList();
      bgnbd = BgNbdModel.fit(trainingRfm);
      gammaGamma = GammaGammaModel.fit(trainingRfm);
    } catch (BtydFitException e) {
      return rejectWithoutModel(command, set, version, List.of("BG/NBD baseline could not be fitted: "
          + e.getMessage()), started);
    }
    ModelInputs inputs = new ModelInputs(bgnbd.params(), gammaGamma.params(), command.horizonDays());
    double[][] rows = new double[set.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = inputs.row(set.features.get(i));
    }
    double[] spend = set.labels.stream().mapToDouble(l -> l.spend()).toArray();
    boolean[] churned = new boolean[set.size()];
    for (int i = 0; i < churned.length; i++) {
      churned[i] = set.labels.get(i).churned();
    }
    LtvEnsemble.Trained result = LtvEnsemble.train(settings.ensembleSize(),
        java.time.Duration.ofSeconds(settings.timeBudgetSeconds()), options.withMaxEpochs(Math.min(options.maxEpochs(), settings.maxEpochs())), progress, ModelInputs.names(),
        command.horizonDays(), split.data(rows, spend, churned, Role.FIT),
        split.data(rows, spend, churned, Role.EARLY_STOPPING));

    try (LtvEnsemble model = result.ensemble()) {
      TrainingData validation = split.data(rows, spend, churned, Role.VALIDATION);
      Map<String, SpendChurnMetrics> metrics = new LinkedHashMap<>();
      Predictions predicted = model.predict(validation.features());
      metrics.put("model", SpendChurnEvaluator.evaluate(predicted.spend(), validation.spend(),
          predicted.churnProbability(), validation.churned()));
      metrics.put("bgnbd", bgnbdMetrics(set, split, validation, inputs));
      metrics.put("naive", naiveMetrics(set, split, validation));
      Optional<ModelVersion> production = registry.production(modelName);
      SpendChurnMetrics productionMetrics = production.flatMap(p -> productionMetrics(p, set, split, validation))
          .orElse(null);
      if (productionMetrics != null) {
        metrics.put("production", productionMetrics);
      }
      List<String> reasons = new PromotionGate(settings.bgnbdRmseTolerance(), settings.regressionTolerance())
          .reasonsToReject(metrics.get("model"), metrics.get("naive"), metrics.get("bgnbd"), productionMetrics);
      return publish(command, set, split, version, model, result, bgnbd, gammaGamma, manifests, metrics, reasons,
          production.map(ModelVersion::version).orElse(null), started);
    }
  }

  /**
   * Points production back at an earlier version that has verified artifacts. A conditional write, so
   * it fails rather than overwrite a promotion that happened meanwhile.
   */
  public RollbackReport rollback(String version) {
    ModelVersion target = registry.find(modelName, version)
        .orElseThrow(() -> new TrainingException("no version " + version + " of model " + modelName));
    if (target.checksum() == null || target.checksum().isEmpty()) {
      throw new TrainingException("version " + version + " has no model artifacts (rejected before training)");
    }
    String current = registry.production(modelName).map(ModelVersion::version).orElse(null);
    if (version.equals(current)) {
      return new RollbackReport(current, version);
    }
    registry.promote(modelName, version, current);
    registry.updateStatus(modelName, version, ModelVersion.Status.PRODUCTION, List.of());
    if (current != null) {
      registry.updateStatus(modelName, current, ModelVersion.Status.ARCHIVED, List.of("rolled back to " + version));
    }
    events.modelPromoted(modelName, version, null, 0);
    return new RollbackReport(current, version);
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
      problems.add("single class in the churn labels: " + churners + " of " + set.size() + " customers churned");
    }
    return problems;
  }

  private static SpendChurnMetrics bgnbdMetrics(TrainingSet set, CustomerSplit split, TrainingData validation,
      ModelInputs inputs) {
    List<double[]> features = split.rows(set.features, Role.VALIDATION);
    double[] spend = new double[features.size()];
    double[] churnScore = new double[features.size()];
    for (int i = 0; i < spend.length; i++) {
      ModelInputs.BtydForecast forecast = inputs.btyd(features.get(i));
      spend[i] = forecast.expectedSpend();
      churnScore[i] = 1 - forecast.probabilityOfAnyPurchase();
    }
    return SpendChurnEvaluator.evaluate(spend, validation.spend(), churnScore, validation.churned());
  }

  private static SpendChurnMetrics naiveMetrics(TrainingSet set, CustomerSplit split, TrainingData validation) {
    double[] spend = split.rows(set.naiveSpend, Role.VALIDATION).stream().mapToDouble(Double::doubleValue).toArray();
    double[] churnScore = split.rows(set.naiveChurn, Role.VALIDATION).stream().mapToDouble(c -> c ? 1.0 : 0.0).toArray();
    return SpendChurnEvaluator.evaluate(spend, validation.spend(), churnScore, validation.churned());
  }

  /** Production's metrics on this run's validation customers, with production's own inputs. */
  private Optional<SpendChurnMetrics> productionMetrics(ModelVersion production, TrainingSet set, CustomerSplit split,
      TrainingData validation) {
    Path dir = LocalFiles.createWorkDir(workRoot, "production-");
    try {
      ModelMetadata metadata = Json.read(artifacts.readJson(production, ModelArtifacts.METADATA), ModelMetadata.class);
      if (metadata.horizonDays() != set.horizonDays || !metadata.inputNames().equals(ModelInputs.names())) {
        LOG.atWarn().addKeyValue("production_version", production.version())
            .log("production model has another horizon or inputs; regression check skipped");
        return Optional.empty();
      }
      ModelInputs productionInputs = new ModelInputs(metadata.bgnbdParams(), metadata.gammaGammaParams(),
          metadata.horizonDays());
      List<double[]> features = split.rows(set.features, Role.VALIDATION);
      double[][] rows = new double[features.size()][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = productionInputs.row(features.get(i));
      }
      try (LtvEnsemble model = LtvEnsemble.load(artifacts.download(production, dir))) {
        Predictions p = model.predict(rows);
        return Optional.of(SpendChurnEvaluator.evaluate(p.spend(), validation.spend(), p.churnProbability(),
            validation.churned()));
      }
    } catch (RuntimeException e) {
      LOG.atWarn().addKeyValue("production_version", production.version()).addKeyValue("error", e.getMessage())
          .log("production model could not be evaluated; regression check skipped");
      return Optional.empty();
    } finally {
      LocalFiles.deleteRecursively(dir);
    }
  }

  private TrainingReport publish(TrainCommand command, TrainingSet set, CustomerSplit split, String version, LtvEnsemble model,
      LtvEnsemble.Trained result, BgNbdModel bgnbd, GammaGammaModel gammaGamma, List<Manifest> manifests,
      Map<String, SpendChurnMetrics> metrics, List<String> gateReasons, String currentProduction, long started) {
    String prefix = ModelArtifacts.prefix(modelName, version);
    Path dir = LocalFiles.createWorkDir(workRoot, "model-");
    String checksum;
    try {
      model.save(dir);
      checksum = artifacts.uploadModel(prefix, dir);
    } finally {
      LocalFiles.deleteRecursively(dir);
    }
    List<String> reasons = new ArrayList<>(gateReasons);
    ModelVersion candidate = new ModelVersion(modelName, version, ModelVersion.Status.CANDIDATE, prefix, checksum,
        clock.instant(), flatten(metrics), reasons);
    registry.register(candidate);
    boolean promoted = false;
    if (reasons.isEmpty()) {
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
        registry.updateStatus(modelName, currentProduction, ModelVersion.Status.ARCHIVED, List.of());
      }
    } else {
      registry.updateStatus(modelName, version, ModelVersion.Status.REJECTED, reasons);
    }
    ModelMetadata metadata = new ModelMetadata(modelName, version, command.runDate(), command.featureDate(),
        command.horizonDays(), FeatureCalculator.SCHEMA.version(), ModelInputs.names(), bgnbd.params(),
        gammaGamma.params(), clock.instant(), snapshot(manifests), hyperparameters(), libraryVersions(),
        set.eligibleCustomers, set.sampleShare, split.count(Role.FIT, Role.EARLY_STOPPING),
        split.count(Role.VALIDATION), result.epochsRun(), result.bestEpochs(), metrics, promoted, reasons,
        Psi.references(split.rows(set.features, Role.FIT, Role.EARLY_STOPPING), FeatureCalculator.SCHEMA.names(),
            Psi.DEFAULT_BINS));
    artifacts.uploadJson(prefix, ModelArtifacts.METADATA, Json.bytes(metadata));
    artifacts.uploadJson(prefix, ModelArtifacts.EVALUATION, Json.bytes(Map.of("model_version", version,
        "validation_customers", split.count(Role.VALIDATION), "metrics", metrics, "promoted", promoted,
        "reasons", reasons)));
    if (promoted) {
      events.modelPromoted(modelName, version, command.runDate().toString(), command.horizonDays());
    }
    return new TrainingReport(version, promoted, reasons, command.runDate(), command.horizonDays(),
        split.count(Role.FIT, Role.EARLY_STOPPING), split.count(Role.VALIDATION), seconds(started), metrics,
        bgnbd.params());
  }

  private TrainingReport rejectWithoutModel(TrainCommand command, TrainingSet set, String version,
      List<String> reasons, long started) {
    String prefix = ModelArtifacts.prefix(modelName, version);
    registry.register(new ModelVersion(modelName, version, ModelVersion.Status.REJECTED, prefix, "", clock.instant(),
        Map.of(), reasons));
    artifacts.uploadJson(prefix, ModelArtifacts.EVALUATION, Json.bytes(Map.of("model_version", version,
        "eligible_customers", set.size(), "promoted", false, "reasons", reasons)));
    return new TrainingReport(version, false, reasons, command.runDate(), command.horizonDays(), 0, 0,
        seconds(started), Map.of(), null);
  }

  private static Map<String, Double> flatten(Map<String, SpendChurnMetrics> metrics) {
    Map<String, Double> flat = new LinkedHashMap<>();
    metrics.forEach((name, m) -> {
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
    return manifests.stream().map(m -> new ModelMetadata.SnapshotEntry(m.sourceKey(), m.sourceEtag(),
        m.sourceVersionId(), m.rowsValid())).toList();
  }

  private Map<String, Object> hyperparameters() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("ensemble_size", settings.ensembleSize());
    h.put("time_budget_seconds", settings.timeBudgetSeconds());
    h.put("max_epochs", Math.min(options.maxEpochs(), settings.maxEpochs()));
    h.put("batch_size", options.batchSize());
    h.put("learning_rate", options.learningRate());
    h.put("seed", options.seed());
    h.put("patience", options.patience());
    h.put("hidden_layers", options.hiddenLayers());
    h.put("dropout", options.dropout());
    h.put("tweedie_power", options.tweediePower());
    h.put("churn_loss_weight", options.churnLossWeight());
    h.put("validation_share", CustomerSplit.VALIDATION_SHARE);
    h.put("early_stopping_share", CustomerSplit.EARLY_STOPPING_SHARE);
    return h;
  }

  private static Map<String, String> libraryVersions() {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("java", System.getProperty("java.version"));
    versions.put("djl", ai.djl.engine.Engine.class.getPackage().getImplementationVersion() == null
        ? "0.36.0" : ai.djl.engine.Engine.class.getPackage().getImplementationVersion());
    versions.put("pytorch", "2.7.1");
    return versions;
  }

  private static double seconds(long started) {
    return Math.round((System.nanoTime() - started) / 1e7) / 100.0;
  }
}
