package com.ltvforecast.precompute;

/**
 * Starts a run on the schedule, on {@code ModelPromoted}, or when invoked by hand: one shard scored
 * inline, or one message per shard on the queue for the {@link ShardHandler}.
 */
final class PrecomputeCoordinator {

  private final PrecomputeService service;

  PrecomputeCoordinator(PrecomputeService service) {
    this.service = service;
  }

  PrecomputeOutcome handle(PrecomputeEvents.CoordinatorEvent event) {
    PrecomputeOutcome outcome = service.trigger(event.command());
    PrecomputeTelemetry.triggered(outcome);
    return outcome;
  }
}
