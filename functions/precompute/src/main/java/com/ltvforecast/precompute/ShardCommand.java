package com.ltvforecast.precompute;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Score one shard: the customers whose {@code CustomerHash.bucket(id, shards)} is {@code shard}.
 * Also the body of a shard message on the queue.
 *
 * @param modelVersion the version to score with, fixed by whoever started the run so that every
 *     shard uses the same one; null means "production, read once at the start of this shard"
 * @param runAt when the run this shard belongs to started, the same for all its shards: it orders
 *     writes of one as_of in FeatureTable and ScoreTable, so a retried shard of an earlier run
 *     never replaces a later run's items; null means "now" (a shard invoked on its own)
 */
public record ShardCommand(
    LocalDate asOf, int shard, int shards, String modelVersion, Instant runAt) {

  public static final int MAX_SHARDS = 4096;

  public ShardCommand(LocalDate asOf, int shard, int shards, String modelVersion) {
    this(asOf, shard, shards, modelVersion, null);
  }

  public ShardCommand {
    Objects.requireNonNull(asOf, "asOf");
    if (shards < 1 || shards > MAX_SHARDS) {
      throw new PrecomputeException.InvalidEventException(
          "shards must be 1.." + MAX_SHARDS + ", got " + shards);
    }
    if (shard < 0 || shard >= shards) {
      throw new PrecomputeException.InvalidEventException(
          "shard must be in [0, " + shards + "), got " + shard);
    }
  }
}
