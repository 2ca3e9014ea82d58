package com.ltvforecast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.ltvforecast.json.Json;
import com.ltvforecast.testing.LambdaEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the handler reads its events: the sample files in events/ and hostile variants. */
class TrainFunctionTest {

  private final TrainFunction function =
      new TrainFunction(null, 90, Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));

  private static Map<String, Object> event(String name) throws Exception {
    return Json.MAPPER.readValue(LambdaEvents.json(name), new TypeReference<Map<String, Object>>() {});
  }

  @Test
  void command_shouldUseEventTime_whenScheduledEvent() throws Exception {
    TrainCommand command = function.command(event("schedule-train.json"));
    assertEquals(new TrainCommand(LocalDate.parse("2026-11-30"), 90), command);
    assertEquals(LocalDate.parse("2026-09-01"), command.featureDate());
  }

  @Test
  void command_shouldUseAsOfAndHorizon_whenBackfill() throws Exception {
    TrainCommand command = function.command(event("train-backfill.json"));
    assertEquals(new TrainCommand(LocalDate.parse("1998-07-01"), 273), command);
    assertEquals(LocalDate.parse("1997-10-01"), command.featureDate());
  }

  @Test
  void command_shouldRefuseClearly_whenFieldsAreMalformed() {
    assertThrows(IllegalArgumentException.class, () -> function.command(Map.of("horizon_days", "ninety")));
    assertThrows(IllegalArgumentException.class, () -> function.command(Map.of("horizon_days", 1.5)));
    assertThrows(IllegalArgumentException.class, () -> function.command(Map.of("horizon_days", -3)));
    assertThrows(IllegalArgumentException.class, () -> function.command(Map.of("as_of", "1998-13-01")));
    assertThrows(IllegalArgumentException.class, () -> function.command(Map.of("as_of", "2999-01-01")));
    assertThrows(IllegalArgumentException.class, () -> function.command(Map.of("as_of", "1969-12-31")));
  }

  @Test
  void handleRequest_shouldAnswerMalformedEventsWithAClearErrorAndNoStackTrace() {
    for (Map<String, Object> event : java.util.List.<Map<String, Object>>of(Map.of("horizon_days", "ninety"),
        Map.of("as_of", "1998-13-01"), Map.of("time", "yesterday"))) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class,
          () -> function.handleRequest(event, null), event.toString());
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().matches("(horizon_days|as_of|time) .*"),
          e.getMessage());
      assertEquals(0, e.getStackTrace().length);
    }
  }
}
