package com.ltvforecast.local;

import java.io.PrintStream;

/**
 * A progress line: redrawn in place with a bar on a terminal; elsewhere (a log file, CI, a pipe) a
 * plain line at most every {@link #PLAIN_INTERVAL_NANOS} and at the end, so logs get neither
 * carriage returns nor a line per step.
 */
final class Progress {

  static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;
  private static final int BAR = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final String label;
  private long lastPlainLine = Long.MIN_VALUE;
  private String pending;
  private boolean drawn;

  Progress(PrintStream out, boolean terminal, String label) {
    this.out = out;
    this.terminal = terminal;
    this.label = label;
  }

  /** On standard output, with a bar only when it is a terminal. */
  static Progress onConsole(String label) {
    return new Progress(System.out, System.console() != null, label);
  }

  /** Shows {@code fraction} (0..1) done, with a short status after the bar or the percentage. */
  void update(double fraction, String status) {
    double done = Math.max(0, Math.min(1, fraction));
    if (terminal) {
      int filled = (int) Math.round(done * BAR);
      out.printf(
          "\r%s [%s%s] %3d%% %s",
          label, "#".repeat(filled), ".".repeat(BAR - filled), Math.round(done * 100), status);
      drawn = true;
      return;
    }
    String line = String.format("%s %3d%% %s", label, Math.round(done * 100), status);
    long now = System.nanoTime();
    if (lastPlainLine == Long.MIN_VALUE
        || now - lastPlainLine >= PLAIN_INTERVAL_NANOS
        || done >= 1) {
      out.println(line);
      lastPlainLine = now;
      pending = null;
    } else {
      pending = line;
    }
  }

  /**
   * Ends the line a terminal bar was drawn on; elsewhere prints the last update if it was held
   * back.
   */
  void finish() {
    if (terminal && drawn) {
      out.println();
    }
    if (!terminal && pending != null) {
      out.println(pending);
    }
    drawn = false;
    pending = null;
  }
}
