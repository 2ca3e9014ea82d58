package com.ltvforecast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void update_shouldPrintPlainLinesWithoutCarriageReturns_whenNotATerminal() {
    Progress progress = new Progress(out, false, "training");
    for (int i = 1; i <= 100; i++) {
      progress.update(i / 200.0, "member 1/2, epoch " + i);
    }
    progress.finish();
    String printed = printed();
    assertFalse(printed.contains("\r"));
    // the first update, then (within the 5 s interval) only the last one, held back until finish
    assertEquals(2, printed.lines().count(), printed);
    assertTrue(printed.startsWith("training   1% member 1/2, epoch 1\n"), printed);
    assertTrue(printed.endsWith("training  50% member 1/2, epoch 100\n"), printed);
  }

  @Test
  void update_shouldPrintTheCompletedStateAtOnce_whenDone() {
    Progress progress = new Progress(out, false, "precompute");
    progress.update(0, "0/2 shards");
    progress.update(1, "2/2 shards");
    progress.finish();
    assertEquals("precompute   0% 0/2 shards\nprecompute 100% 2/2 shards\n", printed());
  }

  @Test
  void update_shouldRedrawOneBarInPlace_onATerminal() {
    Progress progress = new Progress(out, true, "training");
    progress.update(0.5, "member 3/5");
    progress.update(2.0, "member 5/5");
    progress.finish();
    assertEquals(
        "\rtraining [###############...............]  50% member 3/5"
            + "\rtraining [##############################] 100% member 5/5\n",
        printed());
  }
}
