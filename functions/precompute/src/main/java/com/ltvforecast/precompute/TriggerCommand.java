package com.ltvforecast.precompute;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Start a daily run: from the schedule, a {@code ModelPromoted} event, or a manual invocation
 * without a shard. One shard runs inline; more are fanned out over the queue (coordinator mode).
 *
 * @param shards the shard count, or null for the configured default
 * @param promotedVersion the version a ModelPromoted event announced, or null; a run for a version
 *     that is no longer production is skipped, since a newer promotion's own event rescores
 * @param source what started it, for the logs
 */
public record TriggerCommand(
    LocalDate asOf,
    Integer shards,
    String promotedModelName,
    String promotedVersion,
    String source) {

  public TriggerCommand {
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(source, "source");
    requireShardCount(shards);
  }

  /**
   * Refuses a shard count outside 1..{@value ShardCommand#MAX_SHARDS}; null (the configured
   * default) passes.
   */
  static void requireShardCount(Integer shards) {
    if (shards != null && (shards < 1 || shards > ShardCommand.MAX_SHARDS)) {
      throw new PrecomputeException.InvalidEventException(
          "shards must be 1.." + ShardCommand.MAX_SHARDS + ", got " + shards);
    }
  }
}
