package com.ltvforecast.forecast;

import com.ltvforecast.btyd.BgNbdParams;
import com.ltvforecast.btyd.GammaGammaParams;
import com.ltvforecast.features.ModelInputs;
import com.ltvforecast.json.Json;
import com.ltvforecast.model.Predictions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * BG/NBD + Gamma-Gamma as a deployable forecaster: spend = E[purchase-days in H] x E[spend per
 * purchase-day]; churn = 1 - P(any purchase in H). Six numbers, scored in plain Java.
 */
public final class BtydForecaster implements Forecaster {

  public static final String KIND = "btyd";
  static final String FILE = "btyd.json";

  /** The stored form. */
  public record Params(int horizonDays, BgNbdParams bgnbd, GammaGammaParams gammaGamma) {}

  private final Params params;
  private final ModelInputs inputs;

  public BtydForecaster(BgNbdParams bgnbd, GammaGammaParams gammaGamma, int horizonDays) {
    this.params = new Params(horizonDays, bgnbd, gammaGamma);
    this.inputs = new ModelInputs(bgnbd, gammaGamma, horizonDays);
  }

  public BgNbdParams bgnbd() {
    return params.bgnbd();
  }

  public GammaGammaParams gammaGamma() {
    return params.gammaGamma();
  }

  /** The network's input builder with these parameters. */
  public ModelInputs inputs() {
    return inputs;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public int horizonDays() {
    return params.horizonDays();
  }

  @Override
  public Predictions predict(double[][] features) {
    return Predictions.byRow(
        features.length,
        (i, spend, churn) -> {
          ModelInputs.BtydForecast f = inputs.btyd(features[i]);
          spend[i] = f.expectedSpend();
          churn[i] = 1 - f.probabilityOfAnyPurchase();
        });
  }

  @Override
  public void saveContent(Path dir) {
    try {
      Files.write(dir.resolve(FILE), Json.bytes(params));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + dir.resolve(FILE), e);
    }
  }

  public static BtydForecaster load(Path dir) {
    try {
      Params p = Json.read(Files.readAllBytes(dir.resolve(FILE)), Params.class);
      return new BtydForecaster(p.bgnbd(), p.gammaGamma(), p.horizonDays());
    } catch (IOException | UncheckedIOException e) {
      throw new ForecasterLoadException("cannot read " + dir.resolve(FILE), e);
    }
  }
}
