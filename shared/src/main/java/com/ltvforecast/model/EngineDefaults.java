package com.ltvforecast.model;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Engine settings that must be in place before libtorch loads. */
final class EngineDefaults {

  private static final Logger LOG = LoggerFactory.getLogger(EngineDefaults.class);
  /** glibc's mallopt parameters (malloc.h). */
  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_MMAP_THRESHOLD = -3;
  /** Freed memory kept for reuse before glibc returns it to the kernel. */
  static final int TRIM_THRESHOLD_BYTES = 128 << 20;
  /** glibc's ceiling on 64-bit: blocks below it come from the arenas, which keep them for reuse. */
  static final int MMAP_THRESHOLD_BYTES = 32 << 20;

  private static boolean allocatorTuned;

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
    if (!allocatorTuned) {
      allocatorTuned = true;
      tuneAllocator();
    }
  }

  /**
   * libtorch allocates every intermediate tensor with malloc, megabytes at a time for a batch. With
   * glibc's defaults these blocks are mmap-ed, or the arena is trimmed as soon as they are freed, so
   * the next batch page-faults the same memory back in: measured here, a bias add over a 4,096-row
   * batch of 5 stacked members cost about 700 ns per row instead of 40. Fixed thresholds keep freed
   * blocks in the arenas for reuse, as {@code MALLOC_TRIM_THRESHOLD_} and
   * {@code MALLOC_MMAP_THRESHOLD_} would; if either variable is set, it wins and nothing changes.
   * Other C libraries are left alone.
   */
  private static void tuneAllocator() {
    if (!Platform.isLinux() || System.getenv("MALLOC_TRIM_THRESHOLD_") != null
        || System.getenv("MALLOC_MMAP_THRESHOLD_") != null) {
      return;
    }
    try {
      Function mallopt = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("mallopt");
      boolean trim = mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES}) == 1;
      boolean mmap = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES}) == 1;
      if (!trim || !mmap) {
        LOG.warn("mallopt refused the allocator thresholds (trim {}, mmap {}); batch scoring may be slower",
            trim, mmap);
      }
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.info("no glibc mallopt ({}); allocator left at its defaults", e.getMessage());
    }
  }
}
