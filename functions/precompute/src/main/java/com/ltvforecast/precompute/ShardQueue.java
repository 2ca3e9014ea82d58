package com.ltvforecast.precompute;

import java.util.List;

/** The port to the queue of shard messages that triggers this function again, once per shard. */
public interface ShardQueue {

  /** Enqueues every command, or throws naming how many were not enqueued. */
  void enqueue(List<ShardCommand> commands);
}
