package com.ltvforecast.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastPathsTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
  private final TransactionParser parser = new TransactionParser(CLOCK);

  /** The parsing before the fast path: java.time only. */
  private static Instant javaTime(String text) {
    if (text.length() <= 10) {
      return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE)
          .atStartOfDay(ZoneOffset.UTC)
          .toInstant();
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (java.time.format.DateTimeParseException noOffset) {
      return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .toInstant(ZoneOffset.UTC);
    }
  }

  private static String message(Runnable call) {
    return assertThrows(InvalidTransactionException.class, call::run).getMessage();
  }

  @Test
  void isoInstant_shouldAgreeWithJavaTime_forEveryDayFrom1970To2100() {
    for (LocalDate day = LocalDate.of(1970, 1, 1); day.getYear() <= 2100; day = day.plusDays(1)) {
      String text = day.toString();
      assertEquals(javaTime(text), FastPaths.isoInstant(text), text);
    }
  }

  @Test
  void isoInstant_shouldAgreeWithJavaTime_forRandomDateTimesWithAndWithoutZ() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      LocalDateTime time =
          LocalDateTime.ofEpochSecond(random.nextLong(0, 253_402_300_800L), 0, ZoneOffset.UTC);
      String local = time.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
      assertEquals(javaTime(local), FastPaths.isoInstant(local), local);
      assertEquals(javaTime(local + "Z"), FastPaths.isoInstant(local + "Z"), local + "Z");
    }
  }

  @Test
  void isoInstant_shouldDefer_whenShapeIsUncommonOrDateInvalid() {
    for (String text :
        List.of(
            "2024-02-30",
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-04-31",
            "2024-1-01",
            "2024/01/01",
            "2024-01-01T24:00:00",
            "2024-01-01T23:60:00",
            "2024-01-01T23:59:60",
            "2024-01-01t10:00:00",
            "2024-01-01 10:00:00",
            "+2024-01-01",
            "2024-01-0a",
            "2024-01-01T10:00:00z",
            "2024-01-01T10:00:00.5",
            "2024-01-01T10:00",
            "2024-01-01T10:00:00+02:00",
            "\u0662\u0660\u0662\u0664-01-01",
            "2024-01-01T10:00:00X",
            "yesterday",
            "")) {
      assertNull(FastPaths.isoInstant(text), text);
    }
  }

  @Test
  void eventTime_shouldKeepJavaTimeResultsAndMessages_aroundTheFastPath() {
    assertEquals(Instant.parse("2024-02-29T00:00:00Z"), parser.eventTime("2024-02-29"));
    assertEquals(Instant.parse("2024-01-02T10:00:00Z"), parser.eventTime(" 2024-01-02T10:00:00 "));
    assertEquals(Instant.parse("2024-01-02T10:00:00Z"), parser.eventTime("2024-01-02T10:00:00Z"));
    assertEquals(
        Instant.parse("2024-01-02T10:00:00.500Z"), parser.eventTime("2024-01-02T10:00:00.5"));
    assertEquals(
        Instant.parse("2024-02-03T02:05:06Z"), parser.eventTime("2024-02-03T04:05:06+02:00"));
    assertEquals(Instant.parse("2024-01-02T10:00:00Z"), parser.eventTime("2024-01-02t10:00:00"));
    assertEquals(
        "event_time '2024-13-01' is not an ISO-8601 date or date-time",
        message(() -> parser.eventTime("2024-13-01")));
    assertEquals(
        "event_time '2023-02-29' is not an ISO-8601 date or date-time",
        message(() -> parser.eventTime("2023-02-29")));
    assertEquals(
        "event_time '2024-01-01T24:00:00' is not an ISO-8601 date or date-time",
        message(() -> parser.eventTime("2024-01-01T24:00:00")));
    assertEquals(
        "event_time 1969-12-31T00:00:00Z is before 1970-01-01",
        message(() -> parser.eventTime("1969-12-31")));
    assertEquals(
        "event_time 1969-12-31T23:59:59Z is before 1970-01-01",
        message(() -> parser.eventTime("1969-12-31T23:59:59")));
    assertEquals(
        "event_time 2026-12-01T00:00:01Z is in the future",
        message(() -> parser.eventTime("2026-12-01T00:00:01Z")));
    assertEquals(Instant.parse("2026-12-01T00:00:00Z"), parser.eventTime("2026-12-01"));
  }

  @Test
  void eventTime_shouldJudgeTheFutureByTheClockAtEachCall_whenTheClockMoves() {
    Instant[] now = {Instant.parse("2026-11-30T00:00:00Z")};
    TransactionParser moving =
        new TransactionParser(
            new Clock() {
              @Override
              public ZoneOffset getZone() {
                return ZoneOffset.UTC;
              }

              @Override
              public Clock withZone(java.time.ZoneId zone) {
                return this;
              }

              @Override
              public Instant instant() {
                return now[0];
              }
            });
    assertEquals(Instant.parse("2026-11-30T12:00:00Z"), moving.eventTime("2026-11-30T12:00:00"));
    assertEquals(
        "event_time 2026-12-02T00:00:00Z is in the future",
        message(() -> moving.eventTime("2026-12-02")));
    now[0] = Instant.parse("2026-12-01T00:00:00Z");
    assertEquals(Instant.parse("2026-12-02T00:00:00Z"), moving.eventTime("2026-12-02"));
    assertEquals(Instant.parse("2026-11-30T12:00:00Z"), moving.eventTime("2026-11-30T12:00:00"));
    assertEquals(
        "event_time 2026-12-02T00:00:01Z is in the future",
        message(() -> moving.eventTime("2026-12-02T00:00:01")));
  }

  @Test
  void plainDecimal_shouldEqualBigDecimalDoubleValue_forRandomPlainDecimals() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      int digits = random.nextInt(1, 19);
      StringBuilder text = new StringBuilder();
      int sign = random.nextInt(3);
      text.append(sign == 0 ? "" : sign == 1 ? "-" : "+");
      int point = random.nextInt(-1, digits + 1);
      for (int d = 0; d < digits; d++) {
        if (d == point) {
          text.append('.');
        }
        text.append((char) ('0' + random.nextInt(10)));
      }
      String value = text.toString();
      double expected = new BigDecimal(value).doubleValue();
      double fast = FastPaths.plainDecimal(value);
      if (!Double.isNaN(fast)) {
        assertEquals(0, Double.compare(expected, fast), value);
      }
      if (Math.abs(expected) <= TransactionParser.MAX_ABS_AMOUNT) {
        assertEquals(0, Double.compare(expected, TransactionParser.amount(value)), value);
      } else {
        assertThrows(
            InvalidTransactionException.class, () -> TransactionParser.amount(value), value);
      }
    }
  }

  /**
   * The contract's value of {@code raw}; beyond the contract's bound, BigDecimal's (decimalText is
   * not bounded).
   */
  private static double parsed(String raw) {
    BigDecimal decimal = new BigDecimal(raw.strip());
    return decimal.abs().compareTo(new BigDecimal("1e12")) > 0
        ? decimal.doubleValue()
        : TransactionParser.amount(raw);
  }

  @Test
  void plainDecimal_shouldAnswerCommonAmounts_andGivePositiveZeroLikeBigDecimal() {
    assertEquals(123.45, FastPaths.plainDecimal("123.45"));
    assertEquals(-3.0, FastPaths.plainDecimal("-3"));
    assertEquals(0.5, FastPaths.plainDecimal(".5"));
    assertEquals(1.0, FastPaths.plainDecimal("1."));
    assertEquals(
        0, Double.compare(new BigDecimal("-0.00").doubleValue(), FastPaths.plainDecimal("-0.00")));
    assertEquals(
        0,
        Double.compare(new BigDecimal("-0.00").doubleValue(), TransactionParser.amount("-0.00")));
  }

  @Test
  void plainDecimal_shouldDefer_whenNotAPlainDecimalOrTooLong() {
    for (String text :
        List.of(
            "NaN",
            "Infinity",
            "-Infinity",
            "1e309",
            "1E5",
            "0x1p3",
            "12d",
            "1.5f",
            "",
            "-",
            "+",
            ".",
            "-.",
            "1.2.3",
            "1,5",
            "1 000",
            "\u0661\u0662",
            "12345678901234567890",
            "4503599627370496",
            "0.00000000000000000000001")) {
      assertTrue(Double.isNaN(FastPaths.plainDecimal(text)), text);
    }
  }

  @Test
  void amount_shouldKeepMessagesForRejectedValues() {
    assertEquals(
        "amount 'NaN' is not a decimal number", message(() -> TransactionParser.amount("NaN")));
    assertEquals(
        "amount 'Infinity' is not a decimal number",
        message(() -> TransactionParser.amount("Infinity")));
    assertEquals(
        "amount '0x1p3' is not a decimal number", message(() -> TransactionParser.amount("0x1p3")));
    assertEquals(
        "amount '12d' is not a decimal number", message(() -> TransactionParser.amount("12d")));
    assertEquals(
        "amount '.' is not a decimal number", message(() -> TransactionParser.amount(".")));
    assertEquals(
        "amount '-' is not a decimal number", message(() -> TransactionParser.amount(" - ")));
    assertEquals(
        "amount '1e309' is out of range: the data contract accepts |amount| <= 1e12",
        message(() -> TransactionParser.amount("1e309")));
    assertEquals("amount is empty", message(() -> TransactionParser.amount("  ")));
    assertEquals(
        12.0, TransactionParser.amount("\u0661\u0662"), "BigDecimal's Unicode digits still parse");
    assertEquals(1.0e-23, TransactionParser.amount("0.00000000000000000000001"));
  }

  @Test
  void decimalText_shouldKeepTheTextExactlyWhenParseDoubleReadsBackTheSameDouble() {
    SplittableRandom random = new SplittableRandom(13);
    int kept = 0;
    for (int i = 0; i < 500_000; i++) {
      int digits = random.nextInt(1, 22);
      StringBuilder text = new StringBuilder();
      int sign = random.nextInt(3);
      text.append(sign == 0 ? "" : sign == 1 ? "-" : "+");
      int point = random.nextInt(-1, digits + 1);
      for (int d = 0; d < digits; d++) {
        if (d == point) {
          text.append('.');
        }
        text.append((char) ('0' + (random.nextInt(4) == 0 ? 0 : random.nextInt(10))));
      }
      String raw = text.toString();
      double value = parsed(raw);
      String stored = FastPaths.decimalText(raw, value);
      // The stored text reads back as the very same double (bits, so the sign of zero too).
      assertEquals(
          Double.doubleToRawLongBits(value),
          Double.doubleToRawLongBits(Double.parseDouble(stored)),
          raw);
      if (stored.equals(raw)) {
        kept++;
        assertTrue(raw.matches("-?[0-9]+(\\.[0-9]+)?"), raw);
      } else {
        assertEquals(Double.toString(value), stored, raw);
      }
    }
    assertTrue(kept > 100_000, "most plain decimals are kept verbatim: " + kept);
  }

  @Test
  void decimalText_shouldPrintTheDouble_forUnusualShapesAndNegativeZero() {
    assertEquals("123.45", FastPaths.decimalText("123.45", 123.45));
    assertEquals("-7", FastPaths.decimalText("-7", -7.0));
    assertEquals("0012.50", FastPaths.decimalText("0012.50", 12.5));
    for (String text :
        List.of("+5", ".5", "5.", "-.5", "-0", "-0.00", " 5", "1e3", "12345678901234567890")) {
      double value = parsed(text);
      assertEquals(Double.toString(value), FastPaths.decimalText(text, value), text);
    }
    assertEquals(
        Double.toString(1.5000001),
        FastPaths.decimalText("1.50", 1.5000001),
        "text of another value");
  }

  @Test
  void isoInstantText_shouldEqualInstantToString() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 200_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_800L));
      assertEquals(instant.toString(), FastPaths.isoInstantText(instant));
    }
    for (Instant instant :
        List.of(
            Instant.EPOCH,
            Instant.parse("9999-12-31T23:59:59Z"),
            Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.parse("1969-12-31T23:59:59Z"),
            Instant.parse("2024-01-02T10:00:00.500Z"),
            Instant.parse("2024-01-02T10:00:00.000000001Z"))) {
      assertEquals(instant.toString(), FastPaths.isoInstantText(instant));
    }
  }
}
