package com.ltvforecast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineVersionsTest {

  @Test
  void recorded_shouldGiveTheVersionsTheBuildUsed() {
    Map<String, String> v = EngineVersions.recorded();
    assertTrue(v.get("pytorch").matches("\\d+\\.\\d+\\.\\d+"), v.toString());
    assertTrue(v.get("djl").matches("\\d+\\.\\d+\\.\\d+"), v.toString());
    // the DJL jar on the classpath is the version recorded
    String onClasspath = Engine.class.getPackage().getImplementationVersion();
    if (onClasspath != null) {
      assertEquals(onClasspath, v.get("djl"));
    }
  }
}
