package com.ltvforecast.model;

/** Engine settings that must be in place before libtorch loads. */
final class EngineDefaults {

  private EngineDefaults() {}

  /**
   * A 16-input MLP is far too small to gain from intra-op parallelism: with libtorch's default
   * (one thread per core) the threads contend, and a training step measured about 10x slower on 2
   * cores. These are only defaults; an explicit property or OMP_NUM_THREADS wins. Called before
   * the first engine use; later calls are no-ops for an engine already loaded.
   */
  static synchronized void apply() {
    if (System.getProperty("ai.djl.pytorch.num_threads") == null && System.getenv("OMP_NUM_THREADS") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }
}
