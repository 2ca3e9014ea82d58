package com.ltvforecast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.endpoint.LocalEndpoint;
import com.ltvforecast.json.Json;
import com.ltvforecast.testing.AwsEndpointExtension;
import com.ltvforecast.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The {@code reconcile} command against a stack run earlier: a lost S3 event is found and ingested
 * once.
 */
@ExtendWith(AwsEndpointExtension.class)
class LocalRunnerReconcileIT {

  @TempDir Path dir;

  private static JsonNode reconcile(JsonNode report) {
    return report.get("reconcile");
  }

  @Test
  void reconcile_shouldIngestAnUploadWhoseEventWasLost_once(LocalEndpoint endpoint)
      throws IOException {
    String uri = endpoint.uri().toString();
    Path report = dir.resolve("report.json");
    assertEquals(
        0,
        LocalRunner.run(
            new String[] {
              "ingest",
              "--endpoint",
              uri,
              "--data",
              ProjectFiles.data("cdnow/transactions_sample.csv").toString()
            }));
    // an upload whose notification nobody handles: the event is lost
    AwsClients.s3()
        .putObject(
            b -> b.bucket(LocalDeployment.BUCKET).key("raw/lost.csv"),
            RequestBody.fromString(
                "customer_id,event_time,amount\nz1,2024-01-02,3.5\nz2,2024-01-03,4\n"));

    assertEquals(
        LocalRunner.FAILED,
        LocalRunner.run(
            new String[] {
              "reconcile", "--endpoint", uri, "--dry-run", "--report", report.toString()
            }));
    assertEquals(
        "raw/lost.csv",
        reconcile(Json.MAPPER.readTree(report.toFile())).at("/unmanifested/0").asText());

    assertEquals(
        0,
        LocalRunner.run(
            new String[] {"reconcile", "--endpoint", uri, "--report", report.toString()}));
    JsonNode done = reconcile(Json.MAPPER.readTree(report.toFile()));
    assertEquals(2, done.get("raw_objects").asInt());
    assertEquals(1, done.get("unmanifested_count").asInt());
    assertEquals(1, done.at("/redriven/PUBLISHED").asInt());

    assertEquals(
        0,
        LocalRunner.run(
            new String[] {"reconcile", "--endpoint", uri, "--report", report.toString()}));
    JsonNode again = reconcile(Json.MAPPER.readTree(report.toFile()));
    assertEquals(0, again.get("unmanifested_count").asInt() + again.get("stale_count").asInt());
    assertEquals(0, again.get("redriven").size());
  }
}
