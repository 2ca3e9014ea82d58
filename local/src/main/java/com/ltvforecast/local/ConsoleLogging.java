package com.ltvforecast.local;

import java.nio.file.Path;

/**
 * Chooses the local runner's logging before the first logger exists: {@code logback-local.xml} puts
 * the functions' JSON logs and EMF metrics in files under {@code $LTV_LOG_DIR} (default {@code
 * ltv-local-logs}) and only warnings and errors, one plain line each, on the console.
 */
final class ConsoleLogging {

  static final String LOG_DIR = "LTV_LOG_DIR";
  private static final String DEFAULT_LOG_DIR = "ltv-local-logs";

  private ConsoleLogging() {}

  static void configure() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-local.xml");
    }
    System.setProperty(LOG_DIR, logDir().toString());
  }

  /** The JSON log file, as the user should look for it. */
  static Path logFile() {
    return logDir().resolve("ltv-local.jsonl");
  }

  private static Path logDir() {
    String dir = System.getProperty(LOG_DIR, System.getenv(LOG_DIR));
    return Path.of(dir == null || dir.isBlank() ? DEFAULT_LOG_DIR : dir);
  }
}
