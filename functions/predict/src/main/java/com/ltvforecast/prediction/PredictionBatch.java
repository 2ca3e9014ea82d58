package com.ltvforecast.prediction;

import java.util.List;

/** The answer to an {@code {"instances": [...]}} request, in request order. */
public record PredictionBatch(String modelVersion, List<CustomerPrediction> predictions) {
  public PredictionBatch {
    predictions = List.copyOf(predictions);
  }
}
