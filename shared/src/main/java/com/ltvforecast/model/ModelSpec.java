package com.ltvforecast.model;

import java.util.List;
import java.util.Objects;

/**
 * Everything besides the weights needed to rebuild and use a network: saved as {@code model.json}
 * next to the parameters.
 *
 * @param spendScale the training mean spend; the spend head predicts in these units
 */
public record ModelSpec(
    int formatVersion,
    List<String> inputNames,
    int horizonDays,
    List<Integer> hiddenLayers,
    double dropout,
    FeatureNormaliser normaliser,
    double spendScale) {

  public static final int FORMAT_VERSION = 1;

  public ModelSpec {
    Objects.requireNonNull(inputNames, "inputNames");
    Objects.requireNonNull(hiddenLayers, "hiddenLayers");
    Objects.requireNonNull(normaliser, "normaliser");
    inputNames = List.copyOf(inputNames);
    hiddenLayers = List.copyOf(hiddenLayers);
    if (formatVersion != FORMAT_VERSION) {
      throw new ModelException(
          "unsupported model format version " + formatVersion + ", expected " + FORMAT_VERSION);
    }
    if (inputNames.size() != normaliser.width()) {
      throw new ModelException(
          "model has "
              + inputNames.size()
              + " input names but the normaliser has "
              + normaliser.width()
              + " columns");
    }
    if (horizonDays < 1) {
      throw new ModelException("horizonDays must be >= 1, got " + horizonDays);
    }
    if (!(spendScale > 0) || Double.isInfinite(spendScale)) {
      throw new ModelException("spendScale must be > 0, got " + spendScale);
    }
  }

  public int inputs() {
    return inputNames.size();
  }
}
