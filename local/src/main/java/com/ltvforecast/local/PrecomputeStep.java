package com.ltvforecast.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.json.Json;
import com.ltvforecast.precompute.PrecomputeFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Runs the real PrecomputeFunction as deployed: a coordinator invocation puts one message per shard
 * on the real precompute queue, then each message is taken off the queue and handed to the handler,
 * with a progress bar over shards. Each message body is itself a shard invocation ({@code {"as_of",
 * "shard", "shards", "model_version"}}), which the handler answers with the shard's report; a
 * failed shard's message stays on the queue, as {@code batchItemFailures} would leave it.
 */
final class PrecomputeStep implements AutoCloseable {

  private final LocalDeployment deployment;
  private final PrecomputeFunction handler;

  PrecomputeStep(LocalDeployment deployment) {
    this.deployment = deployment;
    this.handler = new PrecomputeFunction(deployment.config());
  }

  Map<String, Object> run(String asOf, int shards) {
    long started = System.nanoTime();
    JsonNode outcome = invoke("{\"as_of\": \"" + asOf + "\", \"shards\": " + shards + "}");
    List<JsonNode> reports = new ArrayList<>();
    if (outcome.has("customers_scored")) {
      reports.add(outcome);
    } else if (outcome.has("messages")) {
      Progress progress = Progress.onConsole("precompute");
      progress.update(0, "0/" + shards + " shards");
      int attempts = 0;
      while (reports.size() < shards && attempts++ < 60) {
        for (Message m :
            deployment
                .sqs()
                .receiveMessage(
                    b ->
                        b.queueUrl(deployment.precomputeQueueUrl())
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1))
                .messages()) {
          reports.add(invoke(m.body()));
          deployment
              .sqs()
              .deleteMessage(
                  b ->
                      b.queueUrl(deployment.precomputeQueueUrl()).receiptHandle(m.receiptHandle()));
          progress.update(
              (double) reports.size() / shards, reports.size() + "/" + shards + " shards");
        }
      }
      progress.finish();
    } else {
      throw new IllegalStateException("precompute did not run: " + outcome);
    }
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("customers_scored", sum(reports, "customers_scored"));
    section.put("items_written", sum(reports, "items_written"));
    section.put("items_failed", sum(reports, "items_failed"));
    section.put(
        "model_version", reports.isEmpty() ? null : reports.get(0).get("model_version").asText());
    section.put("seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
    section.put("as_of", asOf);
    section.put("shards", shards);
    section.put("shards_completed", reports.size());
    section.put("eligible_customers", sum(reports, "eligible_customers"));
    section.put("scores_written", sum(reports, "scores_written"));
    section.put("features_written", sum(reports, "features_written"));
    reports.stream()
        .filter(r -> r.hasNonNull("drift_report_key"))
        .findFirst()
        .ifPresent(
            r ->
                section.put(
                    "drift_report",
                    "s3://" + LocalDeployment.BUCKET + "/" + r.get("drift_report_key").asText()));
    if (reports.size() < shards) {
      throw new IllegalStateException(
          "only " + reports.size() + " of " + shards + " shards completed: " + section);
    }
    return section;
  }

  @Override
  public void close() {
    handler.close();
  }

  private JsonNode invoke(String event) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(
          new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
      return Json.MAPPER.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long sum(List<JsonNode> reports, String field) {
    return reports.stream().mapToLong(r -> r.get(field).asLong()).sum();
  }
}
