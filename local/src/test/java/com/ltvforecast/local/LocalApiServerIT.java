package com.ltvforecast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.endpoint.LocalEndpoint;
import com.ltvforecast.json.Json;
import com.ltvforecast.prediction.PredictFunction;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.testing.AwsEndpointExtension;
import com.ltvforecast.testing.ProjectFiles;
import com.ltvforecast.training.TrainingReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code serve}: real HTTP requests to the real PredictFunction against real S3 and DynamoDB
 * endpoints.
 */
@ExtendWith(AwsEndpointExtension.class)
class LocalApiServerIT {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(int port, String method, String path, String body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("content-type", "application/json")
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.MAPPER.readTree(response.body());
  }

  @Test
  void serve_shouldAnswerRealHttpRequests_beforeAndAfterAModelIsTrained(LocalEndpoint endpoint)
      throws Exception {
    // given the local stack, a server on a free port, and no model yet
    try (LocalDeployment deployment = LocalDeployment.start(endpoint.uri());
        LocalApiServer server =
            LocalApiServer.start(
                new PredictFunction(
                    deployment.config(Map.of(AppConfig.MODEL_REFRESH_SECONDS, "0"))),
                0)) {
      int port = server.port();
      assertEquals(503, send(port, "GET", "/health", null).statusCode());
      assertEquals(
          "model_unavailable",
          json(send(port, "POST", "/predict", "{\"customer_id\": \"a\"}")).path("error").asText());
      // when a model is trained (and promoted, whatever a 4-epoch gate says)
      new IngestStep(deployment).run(List.of(ProjectFiles.data("cdnow/transactions_sample.csv")));
      TrainingReport report =
          new TrainStep(deployment.config(Map.of(AppConfig.TRAIN_MAX_EPOCHS, "4")))
              .run("1998-07-01", 273);
      if (!report.promoted()) {
        new DynamoModelRegistry(AwsClients.dynamoDb(), LocalDeployment.MODEL_REGISTRY_TABLE)
            .promote("ltv", report.modelVersion(), null);
      }
      // then every route answers over HTTP
      HttpResponse<String> health = send(port, "GET", "/health", null);
      assertEquals(200, health.statusCode(), health.body());
      assertEquals(report.modelVersion(), json(health).path("model_version").asText());
      assertEquals("application/json", health.headers().firstValue("content-type").orElseThrow());
      HttpResponse<String> predicted =
          send(
              port,
              "POST",
              "/predict",
              "{\"customer_id\": \"c\", \"as_of\": \"1998-07-01\","
                  + " \"transactions\": [{\"event_time\": \"1997-01-02\", \"amount\": 20.5}, {\"event_time\": \"1997-06-01\", \"amount\": 14}]}");
      assertEquals(200, predicted.statusCode(), predicted.body());
      assertEquals(273, json(predicted).path("horizon_days").asInt());
      JsonNode ltv = json(predicted).path("ltv");
      assertTrue(
          ltv.isNumber() && ltv.asDouble() >= 0 && Double.isFinite(ltv.asDouble()),
          predicted.body());
      assertEquals(
          report.modelVersion(), json(send(port, "GET", "/model", null)).path("version").asText());
      assertEquals(
          404, send(port, "POST", "/predict", "{\"customer_id\": \"no-features\"}").statusCode());
      // and stored features and scores are read from DynamoDB
      var dynamo = AwsClients.dynamoDb();
      try (var writer =
          new com.ltvforecast.dynamo.BatchWriter(dynamo, 1, java.time.Duration.ofSeconds(30))) {
        double[] values =
            com.ltvforecast.features.FeatureCalculator.features(
                    new com.ltvforecast.features.CustomerHistory(
                        "stored", new int[] {9_863, 10_013}, new double[] {20.5, 14}),
                    java.time.LocalDate.parse("1998-07-01"))
                .values();
        new com.ltvforecast.featurestore.DynamoFeatureStore(
                dynamo, writer, LocalDeployment.FEATURE_TABLE)
            .putAll(
                List.of(
                    new com.ltvforecast.featurestore.FeatureRecord(
                        "stored", java.time.LocalDate.parse("1998-07-01"), 1, values)));
        new com.ltvforecast.scores.DynamoScoreStore(dynamo, writer, LocalDeployment.SCORE_TABLE)
            .putAll(
                List.of(
                    new com.ltvforecast.scores.Score(
                        "stored",
                        12.5,
                        0.4,
                        273,
                        java.time.LocalDate.parse("1998-07-01"),
                        "v0",
                        java.time.Instant.parse("1998-07-01T00:00:00Z"),
                        java.time.Instant.parse("2099-01-01T00:00:00Z"))));
      }
      JsonNode stored = json(send(port, "POST", "/predict", "{\"customer_id\": \"stored\"}"));
      assertEquals(
          json(predicted).path("ltv").asDouble(),
          stored.path("ltv").asDouble(),
          1e-9,
          stored.toString());
      assertEquals(
          12.5, json(send(port, "GET", "/customers/stored/score", null)).path("ltv").asDouble());
      assertEquals(404, send(port, "GET", "/customers/no-score/score", null).statusCode());
      assertEquals(400, send(port, "POST", "/predict", "{oops").statusCode());
      assertEquals(404, send(port, "GET", "/nope", null).statusCode());
      HttpResponse<String> wrongMethod = send(port, "DELETE", "/health", null);
      assertEquals(405, wrongMethod.statusCode());
      assertEquals("GET", wrongMethod.headers().firstValue("allow").orElseThrow());
      assertEquals(
          413,
          send(
                  port,
                  "POST",
                  "/predict",
                  "{\"customer_id\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}")
              .statusCode());
    }
  }
}
