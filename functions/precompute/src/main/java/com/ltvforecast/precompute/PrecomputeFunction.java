package com.ltvforecast.precompute;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * The deployed handler: a {@link PrecomputeEvents.CoordinatorEvent} (schedule, {@code
 * ModelPromoted}, a manual run) → {@link PrecomputeCoordinator}; a {@link
 * PrecomputeEvents.ShardEvent} (an SQS batch of shard messages, one shard invoked directly) →
 * {@link ShardHandler}. A stream handler, because one function takes every shape.
 */
public class PrecomputeFunction implements RequestStreamHandler, AutoCloseable {

  /** Lambda reads SQSBatchResponse's own field names, not our snake_case. */
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private final PrecomputeService service;
  private final PrecomputeEvents events;
  private final PrecomputeCoordinator coordinator;
  private final ShardHandler shards;

  /** What Lambda calls: configured from the environment. */
  public PrecomputeFunction() {
    this(AppConfig.fromEnvironment());
  }

  /** Configured explicitly: the local runner and the integration tests. */
  public PrecomputeFunction(AppConfig config) {
    this(PrecomputeService.fromConfig(config), Clock.systemUTC());
  }

  PrecomputeFunction(PrecomputeService service, Clock clock) {
    this.service = service;
    this.events = new PrecomputeEvents(clock);
    this.coordinator = new PrecomputeCoordinator(service);
    this.shards = new ShardHandler(service, events);
  }

  /** Frees the cached model's native memory; Lambda never calls it, the local runner does. */
  @Override
  public void close() {
    service.close();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    PrecomputeEvents.Event event = events.parse(input);
    if (event instanceof PrecomputeEvents.ShardMessages batch) {
      output.write(PLAIN.writeValueAsBytes(shards.handle(batch)));
    } else if (event instanceof PrecomputeEvents.ShardInvocation shard) {
      output.write(Json.bytes(shards.run(shard.command())));
    } else {
      output.write(Json.bytes(coordinator.handle((PrecomputeEvents.CoordinatorEvent) event)));
    }
  }
}
