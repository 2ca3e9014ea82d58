package com.ltvforecast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the handler answers to malformed events (the parsing itself: {@link TrainRequestTest}). */
class TrainFunctionTest {

  private final TrainFunction function =
      new TrainFunction(
          null, 90, Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void handleRequest_shouldAnswerMalformedEventsWithAClearErrorAndNoStackTrace() {
    for (Map<String, Object> event :
        List.<Map<String, Object>>of(
            Map.of("horizon_days", "ninety"),
            Map.of("as_of", "1998-13-01"),
            Map.of("time", "yesterday"))) {
      InvalidRequestException e =
          assertThrows(
              InvalidRequestException.class,
              () -> function.handleRequest(event, null),
              event.toString());
      assertTrue(e.getMessage().matches("(horizon_days|as_of|time) .*"), e.getMessage());
      assertEquals(0, e.getStackTrace().length);
    }
  }

  @Test
  void train_shouldRefuseAMalformedEventClearly_beforeTraining() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class, () -> function.train(Map.of("as_of", "1998-13-01")));
    assertTrue(e.getMessage().startsWith("as_of "), e.getMessage());
  }
}
