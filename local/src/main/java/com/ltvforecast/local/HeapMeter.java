package com.ltvforecast.local;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/** Peak heap use between a reset and a reading, from the JVM's own memory-pool peaks. */
final class HeapMeter {

  private HeapMeter() {}

  static void reset() {
    System.gc();
    pools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  static double peakMb() {
    return Math.round(pools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1e5)
        / 10.0;
  }

  private static List<MemoryPoolMXBean> pools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }
}
