package com.ltvforecast.precompute;

import java.time.LocalDate;
import java.util.List;

/** What a trigger did: ran the one shard, fanned out, or skipped a stale promotion. */
public sealed interface PrecomputeOutcome
    permits ShardReport, PrecomputeOutcome.FanOut, PrecomputeOutcome.Skipped {

  /** Coordinator mode: one message per shard is on the queue. */
  record FanOut(LocalDate asOf, String modelVersion, int shards, List<ShardCommand> messages)
      implements PrecomputeOutcome {}

  /** Nothing was done, and why. */
  record Skipped(String reason) implements PrecomputeOutcome {}
}
