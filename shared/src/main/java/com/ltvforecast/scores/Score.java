package com.ltvforecast.scores;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One customer's forecast as stored in ScoreTable.
 *
 * @param expiresAt the TTL: DynamoDB deletes the item after this instant
 */
public record Score(
    String customerId,
    double ltv,
    double churnProbability,
    int horizonDays,
    LocalDate asOf,
    String modelVersion,
    Instant scoredAt,
    Instant expiresAt) {

  public Score {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(modelVersion, "modelVersion");
    if (!Double.isFinite(ltv) || ltv < 0) {
      throw new IllegalArgumentException("ltv must be finite and >= 0, got " + ltv);
    }
    if (!(churnProbability >= 0 && churnProbability <= 1)) {
      throw new IllegalArgumentException(
          "churn_probability must be in [0, 1], got " + churnProbability);
    }
  }
}
