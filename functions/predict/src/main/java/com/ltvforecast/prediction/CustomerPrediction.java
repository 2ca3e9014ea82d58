package com.ltvforecast.prediction;

import java.time.LocalDate;
import java.util.Map;

/**
 * The forecast for one customer, as {@code POST /predict} returns it.
 *
 * @param features the feature values used, by name, when the request asked to explain; else null
 */
public record CustomerPrediction(
    String customerId,
    double ltv,
    double churnProbability,
    int horizonDays,
    LocalDate asOf,
    String modelVersion,
    Map<String, Double> features) {}
