package com.ltvforecast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line as a user types it: typed options, one-line errors, exit codes; no stack
 * started.
 */
class RunnerCommandsTest {

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = LocalRunner.run(args);
      return new Result(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  @Test
  void run_shouldRefuseInOneLineWithExitCode2_whenOptionsAreMalformedOrOutOfRange() {
    List<String[]> bad =
        List.of(
            new String[] {"demo", "--port", "abc"},
            new String[] {"demo", "--port", "70000"},
            new String[] {"demo", "--horizon-days", "ten"},
            new String[] {"demo", "--horizon-days", "-5"},
            new String[] {"demo", "--as-of", "yesterday"},
            new String[] {"demo", "--shards", "100000"},
            new String[] {"demo", "--data", "no-such-file.csv"},
            new String[] {"demo", "--frobnicate"},
            new String[] {"train", "--data", "x.csv"},
            new String[] {"bench", "--only", "everything"},
            new String[] {"bench", "--rows", "0"},
            new String[] {"bench", "--only", "predict", "--predict-zip", "no-such.zip"},
            new String[] {"bench", "--only", "predict", "--image-tree", "no-such-dir"},
            new String[] {"ingest"},
            new String[] {"reconcile", "--orphan-grace-hours", "0"},
            new String[] {"reconcile", "--orphan-grace-hours", "8785"},
            new String[] {"reconcile", "--orphan-grace-hours", "1.5"},
            new String[] {"reconcile", "--max-redrives", "-1"},
            new String[] {"reconcile", "--max-redrives", "1001"},
            new String[] {"reconcile", "--max-redrives", "many"},
            new String[] {"reconcile", "--dry-run=maybe"},
            new String[] {"reconcile", "--endpoint", "http://[::1"},
            new String[] {"reconcile", "extra"},
            new String[] {"no-such-command"},
            new String[] {"demo", "--port", "9".repeat(5000)});
    for (String[] args : bad) {
      Result result = run(args);
      String shown =
          String.join(" ", args).substring(0, Math.min(60, String.join(" ", args).length()));
      assertEquals(2, result.exit(), shown + ": " + result.err());
      assertEquals(1, result.err().strip().lines().count(), shown + ": " + result.err());
      assertTrue(result.err().startsWith("error: "), shown + ": " + result.err());
      assertEquals("", result.out(), shown);
    }
  }

  @Test
  void run_shouldPrintHelpAndVersion_withExitCode0() {
    Result version = run("--version");
    assertEquals(0, version.exit());
    assertTrue(version.out().matches("ltv-local \\d+\\.\\d+\\.\\d+.*\\n"), version.out());
    for (String command : List.of("demo", "ingest", "train", "serve", "reconcile", "bench")) {
      Result help = run(command, "--help");
      assertEquals(0, help.exit(), command);
      assertTrue(help.out().startsWith("Usage: ltv-local " + command), help.out());
    }
    Result top = run("--help");
    assertTrue(top.out().contains("demo") && top.out().contains("bench"), top.out());
  }

  @Test
  void rawKeys_shouldKeepEveryFile_whenTwoFilesShareAName() {
    assertEquals(
        List.of("raw/tx.csv", "raw/2-tx.csv", "raw/other.csv", "raw/3-tx.csv"),
        IngestStep.rawKeys(
            List.of(
                Path.of("a/tx.csv"),
                Path.of("b/tx.csv"),
                Path.of("other.csv"),
                Path.of("c/tx.csv"))));
  }
}
