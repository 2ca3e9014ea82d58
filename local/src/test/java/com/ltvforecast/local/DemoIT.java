package com.ltvforecast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end: {@code demo} on the CDNOW sample against a real endpoint (moto), through
 * every real handler, then every route over real HTTP while it serves.
 */
class DemoIT {

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> send(String method, String url, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(
        request.header("content-type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void demo_shouldIngestTrainPrecomputeAndServe_whenRunOnCdnowSample() throws Exception {
    // given the demo running in the background on the bundled CDNOW sample
    Path report = dir.resolve("report.json");
    AtomicInteger exit = new AtomicInteger(-1);
    Thread demo =
        new Thread(
            () ->
                exit.set(
                    LocalRunner.run(
                        new String[] {
                          "demo", "--port", "0", "--shards", "2", "--report", report.toString()
                        })));
    demo.start();
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
      while (!Files.exists(report) && demo.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      assertTrue(Files.exists(report), "the demo wrote its report while serving");
      JsonNode json = Json.MAPPER.readTree(report.toFile());

      // then the report adds up
      JsonNode ingest = json.get("ingest");
      assertEquals(6_919, ingest.get("rows_read").asLong());
      assertEquals(
          ingest.get("rows_read").asLong(),
          ingest.get("rows_valid").asLong() + ingest.get("rows_rejected").asLong());
      JsonNode training = json.get("training");
      assertEquals(
          2_357,
          training.get("train_customers").asInt() + training.get("validation_customers").asInt());
      JsonNode precompute = json.get("precompute");
      assertEquals(
          2_357, precompute.get("customers_scored").asLong(), "every eligible customer is scored");
      assertEquals(0, precompute.get("items_failed").asLong());
      assertEquals(
          training.get("model_version").asText(), precompute.get("model_version").asText());

      // and every route answers over real HTTP
      String url = json.at("/serve/url").asText();
      assertEquals(200, send("GET", url + "/health", null).statusCode());
      HttpResponse<String> model = send("GET", url + "/model", null);
      assertEquals(200, model.statusCode(), model.body());
      assertTrue(model.body().contains(training.get("model_version").asText()), model.body());
      HttpResponse<String> score = send("GET", url + "/customers/4/score", null);
      assertEquals(200, score.statusCode(), score.body());
      assertEquals(273, Json.MAPPER.readTree(score.body()).get("horizon_days").asInt());
      assertEquals(404, send("GET", url + "/customers/no-such-customer/score", null).statusCode());
      HttpResponse<String> predict =
          send("POST", url + "/predict", "{\"customer_id\": \"4\", \"explain\": true}");
      assertEquals(200, predict.statusCode(), predict.body());
      HttpResponse<String> onDemand =
          send(
              "POST",
              url + "/predict",
              "{\"customer_id\": \"new\", \"as_of\": "
                  + "\"1998-07-01\", \"transactions\": [{\"event_time\": \"1997-02-01\", \"amount\": 25.5}]}");
      assertEquals(200, onDemand.statusCode(), onDemand.body());
      HttpResponse<String> batch =
          send(
              "POST",
              url + "/predict",
              "{\"instances\": [{\"customer_id\": \"4\"}, " + "{\"customer_id\": \"18\"}]}");
      assertEquals(200, batch.statusCode(), batch.body());
      assertEquals(400, send("POST", url + "/predict", "{not json").statusCode());
      assertEquals(405, send("DELETE", url + "/model", null).statusCode());
      assertEquals(404, send("GET", url + "/nowhere", null).statusCode());
    } finally {
      demo.interrupt();
      demo.join(30_000);
    }
    assertEquals(0, exit.get());
  }
}
