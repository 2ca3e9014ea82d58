package com.ltvforecast.training;

import com.ltvforecast.json.Excerpt;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A TrainFunction event, typed: a {@link Run} (the EventBridge schedule, whose run date is the
 * event's {@code time}; a backfill {@code {"as_of": "YYYY-MM-DD", "horizon_days": N}}; or nothing,
 * for today) or a {@link Rollback} ({@code {"rollback_to": "<version>"}}). A malformed field is an
 * {@link InvalidRequestException} that names it, before anything runs; a value it echoes is an
 * {@link Excerpt}.
 */
sealed interface TrainRequest {

  record Run(TrainCommand command) implements TrainRequest {}

  /**
   * @param requested the version asked for; for a value that is not a string, its kind (for example
   *     "(a JSON object)"), which {@link TrainingService#rollback} refuses with the versions it may
   *     name
   */
  record Rollback(String requested) implements TrainRequest {}

  /** The request an event asks for; a null event is a run for today with the default horizon. */
  static TrainRequest parse(Map<String, ?> event, int defaultHorizonDays, Clock clock) {
    if (event != null && event.containsKey("rollback_to")) {
      return new Rollback(rollbackTarget(event.get("rollback_to")));
    }
    return new Run(command(event == null ? Map.of() : event, defaultHorizonDays, clock));
  }

  /** The training run an event asks for; a rollback field is ignored. */
  static TrainCommand command(Map<String, ?> event, int defaultHorizonDays, Clock clock) {
    try {
      Object horizonField = event.get("horizon_days");
      int horizon = horizonField == null ? defaultHorizonDays : horizonDays(horizonField);
      if (event.get("as_of") != null) {
        return new TrainCommand(date(String.valueOf(event.get("as_of"))), horizon);
      }
      if (event.get("time") != null) {
        return new TrainCommand(runDate(String.valueOf(event.get("time"))), horizon);
      }
      return new TrainCommand(LocalDate.now(clock), horizon);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  private static String rollbackTarget(Object target) {
    if (target == null || target instanceof String) {
      return (String) target;
    }
    return "(a "
        + (target instanceof Map<?, ?>
            ? "JSON object"
            : target instanceof List<?> ? "JSON array" : "non-string value")
        + ")";
  }

  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "as_of must be a date YYYY-MM-DD, got '" + Excerpt.of(text) + "'");
    }
  }

  private static LocalDate runDate(String text) {
    try {
      return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "time must be an ISO-8601 date-time, got '" + Excerpt.of(text) + "'");
    }
  }

  private static int horizonDays(Object value) {
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(String.valueOf(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "horizon_days must be an integer, got " + Excerpt.of(String.valueOf(value)));
    }
  }
}
