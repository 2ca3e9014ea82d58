package com.ltvforecast.config;

/**
 * Training limits and the promotion gate's tolerances.
 *
 * @param maxEpochs upper bound on epochs (early stopping usually ends sooner)
 * @param timeBudgetSeconds wall time for fitting the networks; members share it, epochs stop at it
 * @param customerCap above this many eligible customers, train on a deterministic hash sample
 * @param minCustomers fewer eligible customers than this rejects the run
 * @param bgnbdRmseTolerance the candidate's spend RMSE may exceed BG/NBD's by at most this share
 * @param regressionTolerance the candidate's spend RMSE may exceed production's by at most this
 *     share
 * @param eventBusName where ModelPromoted events go
 * @param selectionFolds K of the K-fold cross-fitting that candidates are selected and gated on;
 *     the network is an ensemble of three members (seeds) per fold
 * @param seed the seed every random choice of a run derives from (network initialisation and
 *     shuffling)
 */
public record TrainingSettings(
    int maxEpochs,
    int timeBudgetSeconds,
    int customerCap,
    int minCustomers,
    double bgnbdRmseTolerance,
    double regressionTolerance,
    String eventBusName,
    int selectionFolds,
    int seed) {

  public static final int DEFAULT_SELECTION_FOLDS = 5;
  public static final int DEFAULT_SEED = 42;

  /** With the default selection folds and seed. */
  public TrainingSettings(
      int maxEpochs,
      int timeBudgetSeconds,
      int customerCap,
      int minCustomers,
      double bgnbdRmseTolerance,
      double regressionTolerance,
      String eventBusName) {
    this(
        maxEpochs,
        timeBudgetSeconds,
        customerCap,
        minCustomers,
        bgnbdRmseTolerance,
        regressionTolerance,
        eventBusName,
        DEFAULT_SELECTION_FOLDS,
        DEFAULT_SEED);
  }

  public TrainingSettings withSeed(int value) {
    return new TrainingSettings(
        maxEpochs,
        timeBudgetSeconds,
        customerCap,
        minCustomers,
        bgnbdRmseTolerance,
        regressionTolerance,
        eventBusName,
        selectionFolds,
        value);
  }

  public TrainingSettings withSelectionFolds(int value) {
    return new TrainingSettings(
        maxEpochs,
        timeBudgetSeconds,
        customerCap,
        minCustomers,
        bgnbdRmseTolerance,
        regressionTolerance,
        eventBusName,
        value,
        seed);
  }

  public TrainingSettings {
    if (maxEpochs < 1 || maxEpochs > 10_000) {
      throw new ConfigException(AppConfig.TRAIN_MAX_EPOCHS + " must be 1..10000, got " + maxEpochs);
    }
    if (timeBudgetSeconds < 1 || timeBudgetSeconds > 900) {
      throw new ConfigException(
          AppConfig.TRAIN_TIME_BUDGET_SECONDS + " must be 1..900, got " + timeBudgetSeconds);
    }
    if (customerCap < 100) {
      throw new ConfigException(
          AppConfig.TRAIN_CUSTOMER_CAP + " must be at least 100, got " + customerCap);
    }
    if (minCustomers < 10) {
      throw new ConfigException(
          AppConfig.TRAIN_MIN_CUSTOMERS + " must be at least 10, got " + minCustomers);
    }
    if (!(bgnbdRmseTolerance >= 0 && bgnbdRmseTolerance <= 1)) {
      throw new ConfigException(
          AppConfig.GATE_BGNBD_RMSE_TOLERANCE
              + " must be within [0, 1], got "
              + bgnbdRmseTolerance);
    }
    if (selectionFolds < 3 || selectionFolds > 20) {
      throw new ConfigException(
          AppConfig.TRAIN_SELECTION_FOLDS + " must be 3..20, got " + selectionFolds);
    }
    if (seed < 0) {
      throw new ConfigException(AppConfig.TRAIN_SEED + " must be >= 0, got " + seed);
    }
    if (!(regressionTolerance >= 0 && regressionTolerance <= 1)) {
      throw new ConfigException(
          AppConfig.GATE_REGRESSION_TOLERANCE
              + " must be within [0, 1], got "
              + regressionTolerance);
    }
  }
}
