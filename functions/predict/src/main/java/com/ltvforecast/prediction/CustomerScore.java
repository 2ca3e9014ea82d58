package com.ltvforecast.prediction;

import java.time.Instant;
import java.time.LocalDate;

/** {@code GET /customers/{id}/score}: the daily precomputed score. */
public record CustomerScore(
    String customerId,
    double ltv,
    double churnProbability,
    int horizonDays,
    LocalDate asOf,
    String modelVersion,
    Instant scoredAt) {}
