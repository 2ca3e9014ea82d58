package com.ltvforecast.precompute;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores shards: each message of an SQS batch on its own, answering {@code batchItemFailures} so
 * that only the failed shards return to the queue (the event source has {@code
 * ReportBatchItemFailures}), or one shard invoked directly.
 */
final class ShardHandler {

  private final PrecomputeService service;
  private final PrecomputeEvents events;

  ShardHandler(PrecomputeService service, PrecomputeEvents events) {
    this.service = service;
    this.events = events;
  }

  SQSBatchResponse handle(PrecomputeEvents.ShardMessages batch) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (PrecomputeEvents.Message message : batch.messages()) {
      try {
        run(events.shardMessage(message.body()));
      } catch (RuntimeException e) {
        PrecomputeTelemetry.shardFailed(message.messageId(), e);
        failures.add(new SQSBatchResponse.BatchItemFailure(message.messageId()));
      }
    }
    return new SQSBatchResponse(failures);
  }

  ShardReport run(ShardCommand command) {
    ShardReport report = service.runShard(command);
    PrecomputeTelemetry.shardScored(report);
    return report;
  }
}
