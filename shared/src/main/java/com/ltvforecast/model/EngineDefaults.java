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
   * A 16-input MLP is far too small to gain from intra-op parallelism: with libtorch's default (one
   * thread per core) the threads contend, and a training step measured about 10x slower on 2 cores.
   * These are only defaults; an explicit property or OMP_NUM_THREADS wins. Called before the first
   * engine use; later calls are no-ops for an engine already loaded.
   */
  static synchronized void apply() {
    if (System.getProperty("ai.djl.pytorch.num_threads") == null
        && System.getenv("OMP_NUM_THREADS") == null) {
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

  private static boolean kernelsPinned;

  /**
   * {@link #apply()}, and for training also {@link #pinKernels()}: scoring keeps the CPU's fastest
   * kernels (a score differs between CPU models in its seventh digit), training the reproducible
   * ones. In a process that scores before it trains, libtorch has initialised already and the
   * pinning comes too late; the Lambda functions train and score in different processes.
   */
  static synchronized void applyForTraining() {
    if (!kernelsPinned) {
      kernelsPinned = true;
      pinKernels();
    }
    apply();
  }

  /** The kernels libtorch is pinned to on x86-64, unless the variables are set already. */
  static final String MKL_CBWR = "COMPATIBLE";

  static final String ATEN_CPU_CAPABILITY = "avx2";

  /**
   * Makes training give the same numbers on every x86-64 CPU with AVX2 (Intel or AMD), not only on
   * one machine. libtorch picks its kernels by CPU: MKL's matrix products by CPU model, ATen's
   * element-wise ones by the widest vector unit. Different kernels round differently, and a
   * training run amplifies the difference: measured on the CDNOW master (paper protocol, seed 42),
   * validation spend RMSE 96.30 with the AVX-512 kernels, 96.48 with AVX2 and 96.33 with the
   * generic ones on the same machine; CI's CPU, with the same code and seed, gave a run that
   * differed further. MKL's conditional numerical reproducibility ({@code MKL_CBWR}; COMPATIBLE,
   * because MKL honours its AVX2 branch only on Intel CPUs: on this AMD machine MKL_VERBOSE
   * reported "CNR:AUTO" for it) and ATen's {@code ATEN_CPU_CAPABILITY} (AVX2) pin both. Both are
   * read when libtorch initialises, so they are set in the process environment (setenv, which
   * libtorch's getenv sees) before the engine loads; a value already set wins.
   */
  private static void pinKernels() {
    if (!Platform.isLinux() || !Platform.isIntel() || !Platform.is64Bit()) {
      return;
    }
    try {
      Function setenv = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("setenv");
      boolean mkl = setenv.invokeInt(new Object[] {"MKL_CBWR", MKL_CBWR, 0}) == 0;
      boolean aten =
          setenv.invokeInt(new Object[] {"ATEN_CPU_CAPABILITY", ATEN_CPU_CAPABILITY, 0}) == 0;
      if (!mkl || !aten) {
        LOG.warn(
            "setenv refused the kernel settings (MKL_CBWR {}, ATEN_CPU_CAPABILITY {}); training results may"
                + " differ between CPU models",
            mkl,
            aten);
      }
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.info("no setenv ({}); libtorch picks its kernels by CPU", e.getMessage());
    }
  }

  /**
   * libtorch allocates every intermediate tensor with malloc, megabytes at a time for a batch. With
   * glibc's defaults these blocks are mmap-ed, or the arena is trimmed as soon as they are freed,
   * so the next batch page-faults the same memory back in: measured here, a bias add over a
   * 4,096-row batch of 5 stacked members cost about 700 ns per row instead of 40. Fixed thresholds
   * keep freed blocks in the arenas for reuse, as {@code MALLOC_TRIM_THRESHOLD_} and {@code
   * MALLOC_MMAP_THRESHOLD_} would; if either variable is set, it wins and nothing changes. Other C
   * libraries are left alone.
   */
  private static void tuneAllocator() {
    if (!Platform.isLinux()
        || System.getenv("MALLOC_TRIM_THRESHOLD_") != null
        || System.getenv("MALLOC_MMAP_THRESHOLD_") != null) {
      return;
    }
    try {
      Function mallopt = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("mallopt");
      boolean trim = mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES}) == 1;
      boolean mmap = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES}) == 1;
      if (!trim || !mmap) {
        LOG.warn(
            "mallopt refused the allocator thresholds (trim {}, mmap {}); batch scoring may be slower",
            trim,
            mmap);
      }
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.info("no glibc mallopt ({}); allocator left at its defaults", e.getMessage());
    }
  }
}
