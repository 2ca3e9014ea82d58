package com.ltvforecast.training;

import java.time.LocalDate;
import java.util.Objects;

/** One training run at run date T: features at D = T − H, labels from [T − H, T). */
public record TrainCommand(LocalDate runDate, int horizonDays) {
  public TrainCommand {
    Objects.requireNonNull(runDate, "runDate");
    if (horizonDays < 1 || horizonDays > 3650) {
      throw new IllegalArgumentException("horizon_days must be 1..3650, got " + horizonDays);
    }
    if (runDate.isBefore(LocalDate.of(1970, 1, 1))
        || runDate.isAfter(LocalDate.now().plusDays(1))) {
      throw new IllegalArgumentException(
          "as_of must be between 1970-01-01 and tomorrow, got " + runDate);
    }
  }

  /** D, the as-of date of the training features. */
  public LocalDate featureDate() {
    return runDate.minusDays(horizonDays);
  }
}
