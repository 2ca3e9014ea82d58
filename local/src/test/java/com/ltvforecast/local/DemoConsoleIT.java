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
 * What a person sees: {@code demo} on the CDNOW sample, run from the packaged jar as the README says, with its
 * console captured as a pipe (not a terminal), as in CI or {@code | tee}.
 */
class DemoConsoleIT {

  private static final Path JAR = Path.of("target", "ltv-local.jar").toAbsolutePath();

  @TempDir Path dir;

  private record Run(int exit, String console) {}

  private Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("console.txt").toFile());
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().remove(ConsoleLogging.LOG_DIR);
    Process process = builder.start();
    assertTrue(process.waitFor(8, TimeUnit.MINUTES), "the demo finished");
    return new Run(process.exitValue(), Files.readString(dir.resolve("console.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void demo_shouldPrintOnlyHumanReadableLines_andKeepJsonLogsAndMetricsInFiles() throws Exception {
    Run run = run("demo", "--no-serve", "--report", "report.json");
    String console = run.console();
    assertEquals(0, run.exit(), console);

    assertFalse(console.contains("\r"), "no carriage-return progress bars outside a terminal");
    for (String noise : List.of("Unknown name", "Unknown type", "CUDA", "GPU count", "not closed explicitly",
        "Exception", "\tat ", "\"precompute\" : {")) {
      assertFalse(console.contains(noise), "the console shows '" + noise + "':\n" + console);
    }
    for (String line : console.split("\n")) {
      assertFalse(line.startsWith("{"), "a JSON line on the console: " + line);
      for (String shifted : DriftMonitor.SHIFTED_BY_HORIZON) {
        assertFalse(line.contains("drift") && line.contains("\"" + shifted + "\""),
            "a drift warning for " + shifted + ", which shifts by the horizon by construction: " + line);
      }
    }
    assertTrue(console.contains("member 1/5") && console.contains("member 5/5"), console);
    assertTrue(console.matches("(?s).*training +\\d+% .*"), "plain progress lines with the overall share");
    assertTrue(console.contains("summary") && console.contains("promoted"), console);

    Path logs = dir.resolve("ltv-local-logs");
    List<String> jsonLogs = Files.readAllLines(logs.resolve("ltv-local.jsonl"));
    assertFalse(jsonLogs.isEmpty());
    for (String line : jsonLogs) {
      assertTrue(Json.MAPPER.readTree(line).has("message"), "every log line is a JSON object: " + line);
    }
    List<String> metrics = Files.readAllLines(logs.resolve("metrics.jsonl"));
    assertFalse(metrics.isEmpty());
    for (String line : metrics) {
      assertTrue(Json.MAPPER.readTree(line).has("_aws"), "every metrics line is EMF: " + line);
    }
    assertEquals(2_357, Json.MAPPER.readTree(dir.resolve("report.json").toFile())
        .at("/precompute/customers_scored").asInt());
  }

  @Test
  void demo_shouldAnswerInOneLineWithExitCode2_whenAnOptionIsMalformed() throws Exception {
    for (String[] args : List.of(new String[] {"demo", "--port", "abc"}, new String[] {"demo", "--horizon-days",
        "ten"}, new String[] {"demo", "--as-of", "1998-13-01"}, new String[] {"train", "--data", "x.csv"},
        new String[] {"demo", "--shards", "0"}, new String[] {"demo", "--data", "no-such-file.csv"})) {
      Run run = run(args);
      assertEquals(2, run.exit(), String.join(" ", args) + ": " + run.console());
      assertEquals(1, run.console().strip().lines().count(), run.console());
      assertTrue(run.console().startsWith("error: "), run.console());
    }
  }
}
