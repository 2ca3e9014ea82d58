package com.ltvforecast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.json.Json;
import com.ltvforecast.precompute.DriftMonitor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees: {@code demo} on the CDNOW sample, run from the packaged jar as the README
 * says, with its console captured as a pipe (not a terminal), as in CI or {@code | tee}.
 */
class DemoConsoleIT {

  private static final Path JAR = Path.of("target", "ltv-local.jar").toAbsolutePath();

  @TempDir Path dir;

  private record Run(int exit, String console) {}

  private Run run(String... args) throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("console.txt").toFile());
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().remove(ConsoleLogging.LOG_DIR);
    Process process = builder.start();
    assertTrue(process.waitFor(8, TimeUnit.MINUTES), "the demo finished");
    return new Run(
        process.exitValue(), Files.readString(dir.resolve("console.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void demo_shouldPrintOnlyHumanReadableLines_andKeepJsonLogsAndMetricsInFiles() throws Exception {
    Run run = run("demo", "--no-serve", "--report", "report.json");
    String console = run.console();
    assertEquals(0, run.exit(), console);

    assertFalse(console.contains("\r"), "no carriage-return progress bars outside a terminal");
    for (String noise :
        List.of(
            "Unknown name",
            "Unknown type",
            "CUDA",
            "GPU count",
            "not closed explicitly",
            "Exception",
            "\tat ",
            "\"precompute\" : {")) {
      assertFalse(console.contains(noise), "the console shows '" + noise + "':\n" + console);
    }
    for (String line : console.split("\n")) {
      assertFalse(line.startsWith("{"), "a JSON line on the console: " + line);
      for (String shifted : DriftMonitor.SHIFTED_BY_HORIZON) {
        assertFalse(
            line.contains("drift") && line.contains("\"" + shifted + "\""),
            "a drift warning for "
                + shifted
                + ", which shifts by the horizon by construction: "
                + line);
      }
    }
    java.util.regex.Matcher members =
        java.util.regex.Pattern.compile("member (\\d+)/(\\d+)").matcher(console);
    java.util.Set<String> seen = new java.util.HashSet<>();
    String total = null;
    while (members.find()) {
      seen.add(members.group(1));
      total = members.group(2);
    }
    assertTrue(
        total != null && seen.contains("1") && seen.contains(total),
        "member i/N up to N/N: " + console);
    assertTrue(
        console.matches("(?s).*training +\\d+% .*"), "plain progress lines with the overall share");
    assertTrue(console.contains("summary") && console.contains("promoted"), console);

    Path logs = dir.resolve("ltv-local-logs");
    List<String> jsonLogs = Files.readAllLines(logs.resolve("ltv-local.jsonl"));
    assertFalse(jsonLogs.isEmpty());
    for (String line : jsonLogs) {
      assertTrue(
          Json.MAPPER.readTree(line).has("message"), "every log line is a JSON object: " + line);
    }
    List<String> metrics = Files.readAllLines(logs.resolve("metrics.jsonl"));
    assertFalse(metrics.isEmpty());
    for (String line : metrics) {
      assertTrue(Json.MAPPER.readTree(line).has("_aws"), "every metrics line is EMF: " + line);
    }
    assertEquals(
        2_357,
        Json.MAPPER
            .readTree(dir.resolve("report.json").toFile())
            .at("/precompute/customers_scored")
            .asInt());
  }

  /**
   * Data the naive forecast gets exactly right: every 91-day window before the run date, counted
   * back from it, holds the same spend for each steady customer (1 to 4 purchases on random days,
   * splitting the same total), and the other customers stopped two windows before the training
   * window. No candidate can beat an error of zero, while the purchase days stay irregular enough
   * for BG/NBD to fit.
   */
  private Path naivePerfectData(java.time.LocalDate runDate, int horizon) throws IOException {
    StringBuilder csv = new StringBuilder("customer_id,event_time,amount\n");
    java.util.Random random = new java.util.Random(7);
    for (int c = 0; c < 400; c++) {
      int purchases = 1 + c % 4;
      int firstWindow = c < 300 ? 0 : 3;
      for (int w = firstWindow; w < 6; w++) {
        java.time.LocalDate windowStart = runDate.minusDays((long) (w + 1) * horizon);
        for (int p = 0; p < purchases; p++) {
          csv.append("c")
              .append(c)
              .append(',')
              .append(windowStart.plusDays(random.nextInt(horizon)))
              .append(',')
              .append((40 + c % 50) / purchases)
              .append("\n");
        }
      }
    }
    Path file = dir.resolve("steady.csv");
    Files.writeString(file, csv);
    return file;
  }

  @Test
  void demo_shouldExplainAndExitCleanly_whenNoCandidateBeatsNaive() throws Exception {
    Run run =
        run(
            "demo",
            "--no-serve",
            "--data",
            naivePerfectData(java.time.LocalDate.parse("2024-09-30"), 91).toString(),
            "--as-of",
            "2024-09-30",
            "--horizon-days",
            "91",
            "--report",
            "report.json");
    String console = run.console();
    assertEquals(1, run.exit(), console);
    assertTrue(console.contains("NOT promoted"), console);
    assertTrue(console.contains("no model was promoted, so nothing is scored or served"), console);
    for (String noise : List.of("Exception", "\tat ", "NoModel")) {
      assertFalse(console.contains(noise), "the console shows '" + noise + "':\n" + console);
    }
    var training = Json.MAPPER.readTree(dir.resolve("report.json").toFile()).get("training");
    assertFalse(training.get("promoted").asBoolean());
    assertTrue(training.path("explanation").asText().contains("naive"), training.toString());
  }

  @Test
  void demo_shouldAnswerInOneLineWithExitCode2_whenAnOptionIsMalformed() throws Exception {
    for (String[] args :
        List.of(
            new String[] {"demo", "--port", "abc"},
            new String[] {"demo", "--horizon-days", "ten"},
            new String[] {"demo", "--as-of", "1998-13-01"},
            new String[] {"train", "--data", "x.csv"},
            new String[] {"demo", "--shards", "0"},
            new String[] {"demo", "--data", "no-such-file.csv"})) {
      Run run = run(args);
      assertEquals(2, run.exit(), String.join(" ", args) + ": " + run.console());
      assertEquals(1, run.console().strip().lines().count(), run.console());
      assertTrue(run.console().startsWith("error: "), run.console());
    }
  }
}
