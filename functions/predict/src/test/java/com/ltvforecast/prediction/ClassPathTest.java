package com.ltvforecast.prediction;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Predict serves without DJL: no DJL class and no libtorch on its class path, in the tests as in
 * the zip, so every test here that scores a model scored it in plain Java.
 */
class ClassPathTest {

  @Test
  void classPath_shouldHoldNoDjlEngineAndNoLibtorch() {
    for (String name :
        new String[] {
          "ai.djl.Model",
          "ai.djl.engine.Engine",
          "ai.djl.pytorch.engine.PtEngine",
          "ai.djl.pytorch.jni.JniUtils",
          "com.sun.jna.Native"
        }) {
      assertThrows(
          ClassNotFoundException.class, () -> Class.forName(name), name + " is on the class path");
    }
  }
}
