package com.ltvforecast.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.config.ServingSettings;
import com.ltvforecast.features.CustomerHistory;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.featurestore.FeatureRecord;
import com.ltvforecast.json.Json;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelRegistry;
import com.ltvforecast.scores.Score;
import com.ltvforecast.testing.LambdaEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A PredictFunction over in-memory stores and a real trained model, called with runtime-parsed
 * events.
 */
final class ApiFixture {

  static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
  static final ServingSettings LIMITS = new ServingSettings(60, 3, 5, 4096);

  final MutableClock clock = new MutableClock(NOW);
  final InMemoryFeatureStore features = new InMemoryFeatureStore();
  final InMemoryScoreStore scores = new InMemoryScoreStore();
  final ModelHolder models;
  final PredictFunction handler;

  /** The model holder's work root (the function's /tmp). */
  final Path work;

  ApiFixture(ModelRegistry registry, ModelArtifacts artifacts) {
    try {
      work = Files.createTempDirectory("predict-work-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    models =
        new ModelHolder(
            registry,
            artifacts,
            FixtureModel.NAME,
            Duration.ofSeconds(LIMITS.modelRefreshSeconds()),
            work,
            clock);
    handler = new PredictFunction(new PredictionService(features, scores, models), LIMITS, clock);
    CustomerHistory history =
        new CustomerHistory(
            "00042",
            new int[] {day("1997-01-12"), day("1997-03-02"), day("1997-11-20")},
            new double[] {29.33, 12.0, 55.9});
    double[] values = FeatureCalculator.features(history, LocalDate.parse("1998-07-01")).values();
    features.putAll(List.of(new FeatureRecord("00042", LocalDate.parse("1998-07-01"), 1, values)));
    scores.putAll(
        List.of(
            new Score(
                "00042",
                41.5,
                0.37,
                273,
                LocalDate.parse("1998-07-01"),
                "v-batch",
                Instant.parse("1998-07-01T03:00:00Z"),
                Instant.parse("1998-07-08T03:00:00Z"))));
  }

  /** The trained model as production. */
  static ApiFixture withModel() {
    FixtureModel model = FixtureModel.get();
    return new ApiFixture(model.registry(), new ModelArtifacts(model.store));
  }

  private static int day(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  APIGatewayV2HTTPResponse call(String method, String path, String body) {
    return handler.handleRequest(
        LambdaEvents.apiEvent("api-health.json", method, path, body), null);
  }

  /**
   * The numeric field, failing when it is missing or not a number: {@code path(f).asDouble()}
   * answers 0 for a missing field, so {@code >= 0} or two missing fields compared would pass.
   */
  static double number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    org.junit.jupiter.api.Assertions.assertTrue(
        value != null && value.isNumber(),
        "field " + field + " is missing or not a number in " + node);
    return value.doubleValue();
  }

  static JsonNode json(APIGatewayV2HTTPResponse response) {
    try {
      return Json.MAPPER.readTree(response.getBody());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An error answer: the status, the code, a human message, and nothing internal. */
  static JsonNode assertError(APIGatewayV2HTTPResponse response, int status, String code) {
    JsonNode body = json(response);
    assertEquals(status, response.getStatusCode(), response.getBody());
    assertEquals(code, body.path("error").asText(), response.getBody());
    String message = body.path("message").asText();
    assertFalse(message.isBlank(), response.getBody());
    for (String internal : List.of("Exception", "com.ltvforecast", "\tat ", "jackson", "java.")) {
      assertFalse(
          response.getBody().contains(internal), "leaks '" + internal + "': " + response.getBody());
    }
    assertEquals(2, body.size(), "only error and message: " + response.getBody());
    assertNotNull(response.getHeaders().get("content-type"));
    return body;
  }
}
