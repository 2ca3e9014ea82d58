package com.ltvforecast.forecast;

import com.ltvforecast.model.LtvEnsemble;
import com.ltvforecast.model.Predictions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The DJL network ensemble with the BG/NBD parameters its input rows are built with ({@link
 * com.ltvforecast.features.ModelInputs}): the ensemble in {@code network/}, the parameters in
 * {@code btyd.json}.
 */
public final class NetworkForecaster implements Forecaster {

  public static final String KIND = "network";
  public static final String NETWORK_DIR = "network";

  private final LtvEnsemble ensemble;
  private final BtydForecaster inputs;

  public NetworkForecaster(LtvEnsemble ensemble, BtydForecaster inputs) {
    this.ensemble = Objects.requireNonNull(ensemble, "ensemble");
    this.inputs = Objects.requireNonNull(inputs, "inputs");
  }

  public LtvEnsemble ensemble() {
    return ensemble;
  }

  public BtydForecaster inputParameters() {
    return inputs;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public int horizonDays() {
    return inputs.horizonDays();
  }

  @Override
  public int networkMembers() {
    return ensemble.size();
  }

  @Override
  public Predictions predict(double[][] features) {
    return ensemble.predict(features, inputs.inputs()::row);
  }

  @Override
  public void saveContent(Path dir) {
    inputs.saveContent(dir);
    ensemble.save(dir.resolve(NETWORK_DIR));
  }

  public static NetworkForecaster load(Path dir) {
    BtydForecaster inputs = BtydForecaster.load(dir);
    return new NetworkForecaster(LtvEnsemble.load(dir.resolve(NETWORK_DIR)), inputs);
  }

  @Override
  public void close() {
    ensemble.close();
  }
}
