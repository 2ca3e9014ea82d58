package com.ltvforecast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.ltvforecast.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColdStartTest {

  @Test
  void readsPredictFunctionsJavaToolOptionsFromTheTemplate() throws IOException {
    List<String> template = Files.readAllLines(ProjectFiles.root().resolve("template.yaml"));
    assertEquals(
        "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        ColdStart.javaToolOptions(template, "PredictFunction"));
  }

  @Test
  void takesTheValueFromTheNamedResourceOnly() {
    List<String> template =
        List.of(
            "Resources:",
            "  TrainFunction:",
            "    Properties:",
            "      Environment:",
            "        Variables:",
            "          JAVA_TOOL_OPTIONS: -Xmx1g",
            "  PredictFunction:",
            "    Properties:",
            "      MemorySize: 1024");
    assertThrows(
        IllegalStateException.class, () -> ColdStart.javaToolOptions(template, "PredictFunction"));
    assertEquals("-Xmx1g", ColdStart.javaToolOptions(template, "TrainFunction"));
  }
}
