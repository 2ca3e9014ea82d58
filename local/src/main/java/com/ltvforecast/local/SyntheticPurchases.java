package com.ltvforecast.local;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.zip.GZIPOutputStream;
import org.hipparchus.random.RandomDataGenerator;

/**
 * A deterministic BTYD-style purchase log (the BG/NBD story of Fader, Hardie and Lee 2005): each
 * customer buys at a Poisson rate λ ~ Gamma(r, α) per week and, after each purchase, drops out with
 * probability p ~ Beta(a, b); spend per purchase follows Gamma-Gamma. Parameters are close to the
 * CDNOW fit, so the generated data behaves like a real retail cohort at any size.
 */
final class SyntheticPurchases {

  static final LocalDate COHORT_START = LocalDate.of(2023, 1, 1);
  static final int COHORT_DAYS = 540;

  /** Purchases are simulated up to this day (exclusive). */
  static final LocalDate END = LocalDate.of(2025, 1, 1);

  private static final double R = 0.25;
  private static final double ALPHA = 4.0;
  private static final double A = 0.8;
  private static final double B = 2.5;
  private static final double SPEND_P = 6.0;
  private static final double SPEND_Q = 4.0;
  private static final double SPEND_GAMMA = 15.0;

  private SyntheticPurchases() {}

  /** Writes {@code customers} customers' purchases as gzip CSV; returns the row count. */
  static long write(Path file, int customers, long seed) {
    RandomDataGenerator random = new RandomDataGenerator(seed);
    long rows = 0;
    long endDay = END.toEpochDay();
    try (Writer out =
        new OutputStreamWriter(
            new GZIPOutputStream(
                new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16),
            StandardCharsets.UTF_8)) {
      out.write("customer_id,event_time,amount\n");
      StringBuilder line = new StringBuilder(64);
      for (int c = 0; c < customers; c++) {
        double lambda = random.nextGamma(R, 1 / ALPHA);
        double dropout = random.nextBeta(A, B);
        double meanSpendRate = random.nextGamma(SPEND_Q, 1 / SPEND_GAMMA);
        double day = COHORT_START.toEpochDay() + random.nextInt(0, COHORT_DAYS - 1);
        while (day < endDay) {
          line.setLength(0);
          line.append("syn-")
              .append(c)
              .append(',')
              .append(LocalDate.ofEpochDay((long) day))
              .append(',')
              .append(Math.round(100 * random.nextGamma(SPEND_P, 1 / meanSpendRate)) / 100.0)
              .append('\n');
          out.append(line);
          rows++;
          if (random.nextUniform(0, 1) < dropout) {
            break;
          }
          day += 7 * random.nextExponential(1 / lambda);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return rows;
  }
}
