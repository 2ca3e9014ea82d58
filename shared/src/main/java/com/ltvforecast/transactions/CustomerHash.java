package com.ltvforecast.transactions;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Stable, platform-independent hashing of customer ids. Curated buckets, precompute shards and the
 * validation split all derive from it, so a customer always lands in the same place.
 *
 * <p>CRC32C (hardware-accelerated in the JDK) digests the id; a SplitMix64 finaliser then spreads
 * it, so that nearby ids ("1", "2", ...) and different salts give independent-looking values.
 */
public final class CustomerHash {

  private CustomerHash() {}

  /** The bucket (or shard) of a customer, in {@code [0, count)}. */
  public static int bucket(String customerId, int count) {
    return (int) Long.remainderUnsigned(hash(customerId, 0L), count);
  }

  /** A uniform value in [0, 1) for a customer; different salts give independent draws. */
  public static double unit(String customerId, String salt) {
    long saltSeed = hash(salt, 0x5DEECE66DL);
    return (hash(customerId, saltSeed) >>> 11) * 0x1.0p-53;
  }

  private static long hash(String text, long seed) {
    CRC32C crc = new CRC32C();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    long z = crc.getValue() ^ seed;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
