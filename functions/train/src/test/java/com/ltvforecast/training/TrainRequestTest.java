package com.ltvforecast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.ltvforecast.json.Json;
import com.ltvforecast.testing.LambdaEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a TrainFunction event becomes a typed request: the sample files in events/ and hostile
 * variants.
 */
class TrainRequestTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

  private static Map<String, Object> event(String name) throws Exception {
    return Json.MAPPER.readValue(
        LambdaEvents.json(name), new TypeReference<Map<String, Object>>() {});
  }

  private static TrainRequest parse(Map<String, ?> event) {
    return TrainRequest.parse(event, 90, CLOCK);
  }

  private static InvalidRequestException refused(Map<String, ?> event) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> parse(event), String.valueOf(event));
    assertEquals(0, e.getStackTrace().length);
    return e;
  }

  @Test
  void parse_shouldUseEventTime_whenScheduledEvent() throws Exception {
    TrainCommand command = ((TrainRequest.Run) parse(event("schedule-train.json"))).command();
    assertEquals(new TrainCommand(LocalDate.parse("2026-11-30"), 90), command);
    assertEquals(LocalDate.parse("2026-09-01"), command.featureDate());
  }

  @Test
  void parse_shouldUseAsOfAndHorizon_whenBackfill() throws Exception {
    TrainCommand command = ((TrainRequest.Run) parse(event("train-backfill.json"))).command();
    assertEquals(new TrainCommand(LocalDate.parse("1998-07-01"), 273), command);
    assertEquals(LocalDate.parse("1997-10-01"), command.featureDate());
  }

  @Test
  void parse_shouldRunTodayWithTheDefaultHorizon_whenTheEventIsEmptyOrNull() {
    TrainRequest.Run expected =
        new TrainRequest.Run(new TrainCommand(LocalDate.parse("2026-11-30"), 90));
    assertEquals(expected, parse(Map.of()));
    assertEquals(expected, parse(null));
    assertEquals(expected, parse(Map.of("unrelated", "field")));
  }

  @Test
  void parse_shouldConvertTheTimeToUtc_whenItHasAnOffset() {
    assertEquals(
        new TrainRequest.Run(new TrainCommand(LocalDate.parse("2026-11-29"), 90)),
        parse(Map.of("time", "2026-11-30T01:00:00+02:00")));
  }

  @Test
  void parse_shouldAcceptTheHorizonAsAWholeNumberOrNumericString() {
    assertEquals(
        30,
        ((TrainRequest.Run) parse(Map.of("as_of", "1998-07-01", "horizon_days", 30.0)))
            .command()
            .horizonDays());
    assertEquals(
        30,
        ((TrainRequest.Run) parse(Map.of("as_of", "1998-07-01", "horizon_days", "30")))
            .command()
            .horizonDays());
  }

  @Test
  void parse_shouldRefuseClearly_whenFieldsAreMalformed() {
    for (Map<String, Object> event :
        List.<Map<String, Object>>of(
            Map.of("horizon_days", "ninety"),
            Map.of("horizon_days", 1.5),
            Map.of("horizon_days", -3),
            Map.of("horizon_days", 0),
            Map.of("horizon_days", 1e20),
            Map.of("horizon_days", Map.of("days", 90)),
            Map.of("horizon_days", List.of(90)),
            Map.of("horizon_days", true),
            Map.of("as_of", "1998-13-01"),
            Map.of("as_of", "2999-01-01"),
            Map.of("as_of", "1969-12-31"),
            Map.of("as_of", ""),
            Map.of("as_of", List.of("1998-07-01")),
            Map.of("time", "yesterday"),
            Map.of("time", 1_700_000_000))) {
      InvalidRequestException e = refused(event);
      assertTrue(e.getMessage().matches("(horizon_days|as_of|time) .*"), e.getMessage());
    }
  }

  @Test
  void parse_shouldEchoAtMostAShortExcerpt_whenAFieldIsHuge() {
    String huge = "9".repeat(1_000_000);
    for (String field : List.of("horizon_days", "as_of", "time")) {
      InvalidRequestException e = refused(Map.of(field, huge));
      assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
      assertTrue(
          e.getMessage().length() < 200, field + ": " + e.getMessage().length() + " characters");
    }
  }

  @Test
  void parse_shouldNotInterpretHostileText_butEchoItAsData() {
    String hostile = "${jndi:ldap://x/a}\n\u0000<script>";
    InvalidRequestException e = refused(Map.of("as_of", hostile));
    assertEquals("as_of must be a date YYYY-MM-DD, got '" + hostile + "'", e.getMessage());
  }

  @Test
  void parse_shouldTakeRollbackOverEveryOtherField_andNameTheKindOfANonStringTarget() {
    assertEquals(
        new TrainRequest.Rollback("v1"), parse(Map.of("rollback_to", "v1", "as_of", "not a date")));
    assertEquals(
        new TrainRequest.Rollback("(a JSON object)"), parse(Map.of("rollback_to", Map.of("v", 1))));
    assertEquals(
        new TrainRequest.Rollback("(a JSON array)"), parse(Map.of("rollback_to", List.of("v1"))));
    assertEquals(
        new TrainRequest.Rollback("(a non-string value)"), parse(Map.of("rollback_to", 42)));
    Map<String, Object> nullTarget = new HashMap<>();
    nullTarget.put("rollback_to", null);
    assertInstanceOf(TrainRequest.Rollback.class, parse(nullTarget));
    assertEquals(new TrainRequest.Rollback(null), parse(nullTarget));
  }

  @Test
  void command_shouldIgnoreARollbackField_forTheLocalRunnersTrainingEntryPoint() {
    assertEquals(
        new TrainCommand(LocalDate.parse("1998-07-01"), 273),
        TrainRequest.command(
            Map.of("rollback_to", "v1", "as_of", "1998-07-01", "horizon_days", 273), 90, CLOCK));
  }
}
