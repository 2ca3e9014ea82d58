package com.ltvforecast.precompute;

import com.ltvforecast.testing.PackagedTree;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image's tree (target/lambda) runs with libtorch pre-extracted and no native jar.
 */
class PackagedTreeIT {

  @TempDir Path cache;

  @Test
  void packagedTree_shouldScoreWithPreExtractedLibtorch_whenNoNativeJarOnClassPath()
      throws Exception {
    PackagedTree.assertScoresWithPreExtractedLibtorch(
        Path.of("target/lambda"), "precompute-", cache);
  }
}
