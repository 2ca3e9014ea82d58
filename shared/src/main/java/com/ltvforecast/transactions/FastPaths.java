package com.ltvforecast.transactions;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Allocation-light parsing and printing of the shapes nearly every file uses. Each method answers
 * only for inputs it recognises completely and otherwise defers (null, NaN) to the general
 * java.time and BigDecimal code, which keeps every rule and every error message.
 */
public final class FastPaths {

  private static final long DAYS_0000_TO_1970 = 719_528L;

  /** 2^52: below it a long converts to double exactly, as in BigDecimal's own fast path. */
  private static final long EXACT_LONG = 1L << 52;

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /** 9999-12-31T23:59:59Z: the last instant printed as a plain four-digit year. */
  private static final long MAX_FOUR_DIGIT_YEAR_SECOND = 253_402_300_799L;

  private FastPaths() {}

  /**
   * {@code yyyy-MM-dd}, {@code yyyy-MM-ddTHH:mm:ss} (UTC) or {@code yyyy-MM-ddTHH:mm:ssZ} as an
   * instant, or null for anything else, including invalid dates such as February 30.
   */
  static Instant isoInstant(String text) {
    int length = text.length();
    if (length != 10 && length != 19 && !(length == 20 && text.charAt(19) == 'Z')) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || day > lengthOfMonth(year, month)) {
      return null;
    }
    long seconds = epochDay(year, month, day) * 86_400L;
    if (length > 10) {
      int hour = digits(text, 11, 2);
      int minute = digits(text, 14, 2);
      int second = digits(text, 17, 2);
      if (text.charAt(10) != 'T'
          || text.charAt(13) != ':'
          || text.charAt(16) != ':'
          || hour < 0
          || hour > 23
          || minute < 0
          || minute > 59
          || second < 0
          || second > 59) {
        return null;
      }
      seconds += hour * 3_600L + minute * 60L + second;
    }
    return Instant.ofEpochSecond(seconds);
  }

  /**
   * A plain decimal ({@code [+-]digits[.digits]}, {@code [+-].digits}, no exponent) whose digits,
   * read as one integer, are below 2^52 and whose decimals number at most 22, as the double {@code
   * new BigDecimal(text).doubleValue()} gives; NaN for any other text.
   */
  static double plainDecimal(String text) {
    int length = text.length();
    int i = 0;
    boolean negative = false;
    if (length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
      negative = text.charAt(0) == '-';
      i = 1;
    }
    long mantissa = 0;
    int digitCount = 0;
    int scale = -1;
    for (; i < length; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digitCount > 18) {
          return Double.NaN;
        }
        mantissa = mantissa * 10 + (c - '0');
        if (scale >= 0) {
          scale++;
        }
      } else if (c == '.' && scale < 0) {
        scale = 0;
      } else {
        return Double.NaN;
      }
    }
    if (digitCount == 0 || mantissa >= EXACT_LONG || scale >= POWERS_OF_TEN.length) {
      return Double.NaN;
    }
    // Exact integer over an exact power of ten: one correctly rounded division, like BigDecimal.
    double value = (double) (negative ? -mantissa : mantissa);
    return scale > 0 ? value / POWERS_OF_TEN[scale] : value;
  }

  /**
   * The text that stores an amount parsed from {@code text}: {@code text} itself when it is a plain
   * decimal in the usual shape ({@code -?digits(.digits)?}) that {@link #plainDecimal} reads as
   * exactly {@code value}, so that {@link Double#parseDouble} reads it back as that same double;
   * otherwise {@link Double#toString(double)}, which costs several times more than this check.
   * Negative zeros print as the double's text, since their value is positive zero.
   */
  public static String decimalText(String text, double value) {
    int length = text.length();
    if (length == 0 || !isDigit(text.charAt(length - 1))) {
      return Double.toString(value);
    }
    boolean negative = text.charAt(0) == '-';
    if (!(negative ? length > 1 && isDigit(text.charAt(1)) : isDigit(text.charAt(0)))
        || (negative && value == 0)
        || Double.doubleToRawLongBits(plainDecimal(text)) != Double.doubleToRawLongBits(value)) {
      return Double.toString(value);
    }
    return text;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** {@link Instant#toString()}, without the formatter, for whole seconds in years 1970 to 9999. */
  public static String isoInstantText(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (instant.getNano() != 0 || seconds < 0 || seconds > MAX_FOUR_DIGIT_YEAR_SECOND) {
      return instant.toString();
    }
    long day = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) (seconds - day * 86_400L);
    LocalDate date = LocalDate.ofEpochDay(day);
    byte[] out = new byte[20];
    put(out, 0, date.getYear(), 4);
    out[4] = '-';
    put(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    put(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, secondOfDay % 60, 2);
    out[19] = 'Z';
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static void put(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1 if any is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** As {@link LocalDate#toEpochDay()}, for years 0 to 9999. */
  private static long epochDay(int year, int month, int day) {
    long total = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
    total += (367 * month - 362) / 12;
    total += day - 1;
    if (month > 2) {
      total--;
      if (!isLeap(year)) {
        total--;
      }
    }
    return total - DAYS_0000_TO_1970;
  }
}
