package com.ltvforecast.prediction;

import static com.ltvforecast.prediction.ApiFixture.assertError;
import static com.ltvforecast.prediction.ApiFixture.json;
import static com.ltvforecast.prediction.ApiFixture.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.featurestore.FeatureRecord;
import com.ltvforecast.testing.LambdaEvents;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every route and every error code, through the handler with events parsed as the Lambda runtime
 * parses them.
 */
class PredictFunctionTest {

  private final ApiFixture api = ApiFixture.withModel();
  private final String version = FixtureModel.get().version.version();

  private static String transactions(String asOf, String... rows) {
    StringBuilder json = new StringBuilder("{\"customer_id\": \"c-1\"");
    if (asOf != null) {
      json.append(", \"as_of\": \"").append(asOf).append('"');
    }
    json.append(", \"transactions\": [").append(String.join(",", rows)).append("]}");
    return json.toString();
  }

  @Test
  void score_shouldReturnPrecomputedScore_whenCustomerWasScored() {
    JsonNode body = json(api.call("GET", "/customers/00042/score", null));
    assertEquals(41.5, number(body, "ltv"));
    assertEquals(0.37, number(body, "churn_probability"));
    assertEquals(273, body.path("horizon_days").asInt());
    assertEquals("1998-07-01", body.path("as_of").asText());
    assertEquals("v-batch", body.path("model_version").asText());
  }

  @Test
  void score_should404_whenCustomerHasNoScore() {
    assertError(api.call("GET", "/customers/nobody/score", null), 404, "customer_not_found");
  }

  @Test
  void predict_shouldScoreStoredFeatures_whenOnlyCustomerIdIsSent() {
    // when
    APIGatewayV2HTTPResponse response =
        api.call("POST", "/predict", "{\"customer_id\": \"00042\"}");
    // then
    JsonNode body = json(response);
    assertEquals(200, response.getStatusCode(), response.getBody());
    assertTrue(number(body, "ltv") >= 0);
    double churn = number(body, "churn_probability");
    assertTrue(churn >= 0 && churn <= 1);
    assertEquals(273, body.path("horizon_days").asInt());
    assertEquals("1998-07-01", body.path("as_of").asText());
    assertEquals(version, body.path("model_version").asText());
    assertTrue(body.path("features").isMissingNode(), "features only when explain is asked");
  }

  @Test
  void predict_shouldMatchStoredFeatures_whenTheSameHistoryIsSentAsTransactions() {
    // given the transactions behind the stored features of 00042, plus one after as_of that must
    // not count
    String request =
        "{\"customer_id\": \"00042\", \"as_of\": \"1998-07-01\", \"explain\": true, \"transactions\": ["
            + "{\"event_time\": \"1997-01-12\", \"amount\": 29.33}, {\"event_time\": \"1997-03-02T10:15:00Z\", \"amount\": 12.0},"
            + "{\"event_time\": \"1997-11-20\", \"amount\": 55.9}, {\"event_time\": \"1998-07-01\", \"amount\": 999}]}";
    // when
    JsonNode computed = json(api.call("POST", "/predict", request));
    JsonNode stored = json(api.call("POST", "/predict", "{\"customer_id\": \"00042\"}"));
    // then
    assertEquals(number(stored, "ltv"), number(computed, "ltv"), 1e-9);
    assertEquals(number(stored, "churn_probability"), number(computed, "churn_probability"), 1e-9);
    JsonNode features = computed.path("features");
    assertEquals(FeatureCalculator.SCHEMA.names(), iterable(features.fieldNames()));
    assertEquals(2.0, features.path("frequency").asDouble());
    assertEquals(29.33 + 12.0 + 55.9, features.path("total_spend").asDouble(), 1e-9);
  }

  @Test
  void predict_shouldAnswerFiniteScore_whenAmountsAreAtTheContractBound() {
    // given same-day purchases at the largest accepted amount (the fixture allows 5), and a refund
    // at -1e12
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      rows.append("{\"event_time\": \"1997-0")
          .append(1 + i % 2)
          .append("-01\", \"amount\": 1e12},");
    }
    rows.append("{\"event_time\": \"1997-10-01\", \"amount\": -1e12}");
    // when
    APIGatewayV2HTTPResponse response =
        api.call(
            "POST",
            "/predict",
            transactions("1998-07-01", rows.toString())
                .replace("\"transactions\"", "\"explain\": true, \"transactions\""));
    // then
    assertEquals(200, response.getStatusCode(), response.getBody());
    JsonNode body = json(response);
    assertTrue(body.path("ltv").isNumber(), response.getBody());
    assertTrue(
        Double.isFinite(number(body, "ltv")) && number(body, "ltv") >= 0, response.getBody());
    assertTrue(body.path("churn_probability").isNumber(), response.getBody());
    assertEquals(3e12, body.path("features").path("total_spend").asDouble(), 1e3);
  }

  @Test
  void predict_shouldDefaultAsOfToTodayUtc_whenAsOfIsAbsent() {
    JsonNode body =
        json(
            api.call(
                "POST",
                "/predict",
                transactions(null, "{\"event_time\": \"2025-12-01\", \"amount\": 10}")));
    assertEquals(LocalDate.of(2026, 1, 15).toString(), body.path("as_of").asText());
  }

  @Test
  void predict_shouldScoreInstancesInOneBatch_whenInstancesAreSent() {
    // when
    APIGatewayV2HTTPResponse response =
        api.call(
            "POST",
            "/predict",
            "{\"explain\": true, \"instances\": ["
                + "{\"customer_id\": \"00042\"}, {\"customer_id\": \"c-2\", \"as_of\": \"1998-07-01\", \"transactions\": "
                + "[{\"event_time\": \"1997-05-01\", \"amount\": 20}]}]}");
    // then the batch answers in order, each as a single request would
    JsonNode body = json(response);
    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals(version, body.path("model_version").asText());
    assertEquals(2, body.path("predictions").size());
    assertEquals("00042", body.path("predictions").get(0).path("customer_id").asText());
    assertEquals("c-2", body.path("predictions").get(1).path("customer_id").asText());
    assertEquals(16, body.path("predictions").get(1).path("features").size());
    double single =
        number(json(api.call("POST", "/predict", "{\"customer_id\": \"00042\"}")), "ltv");
    assertEquals(
        single, number(body.path("predictions").get(0), "ltv"), 1e-6 * Math.max(1, single));
  }

  @Test
  void predict_should404_whenCustomerHasNoStoredFeatures() {
    assertError(
        api.call("POST", "/predict", "{\"customer_id\": \"nobody\"}"), 404, "customer_not_found");
    JsonNode batch =
        assertError(
            api.call(
                "POST",
                "/predict",
                "{\"instances\": [{\"customer_id\": \"00042\"}, {\"customer_id\": \"nobody\"}]}"),
            404,
            "customer_not_found");
    assertTrue(batch.path("message").asText().startsWith("instances[1]"), batch.toString());
  }

  @Test
  void predict_should503_whenStoredFeaturesUseAnotherSchema() {
    api.features.putAll(
        List.of(new FeatureRecord("old", LocalDate.parse("1998-07-01"), 0, new double[16])));
    assertError(
        api.call("POST", "/predict", "{\"customer_id\": \"old\"}"), 503, "features_unusable");
  }

  @Test
  void predict_should422_whenNoPurchaseBeforeAsOf() {
    assertError(
        api.call(
            "POST",
            "/predict",
            transactions("1997-01-01", "{\"event_time\": \"1997-02-01\", \"amount\": 10}")),
        422,
        "customer_not_eligible");
    assertError(
        api.call("POST", "/predict", transactions("1998-01-01")), 422, "customer_not_eligible");
    assertError(
        api.call(
            "POST",
            "/predict",
            transactions("1998-01-01", "{\"event_time\": \"1997-02-01\", \"amount\": -10}")),
        422,
        "customer_not_eligible");
  }

  @Test
  void predict_should400_whenTooManyInstancesOrTransactions() {
    // the fixture allows 3 instances and 5 transactions
    String four =
        "{\"instances\": ["
            + String.join(",", java.util.Collections.nCopies(4, "{\"customer_id\": \"00042\"}"))
            + "]}";
    assertError(api.call("POST", "/predict", four), 400, "too_many_instances");
    String six =
        transactions(
            "1998-01-01",
            java.util.Collections.nCopies(6, "{\"event_time\": \"1997-02-01\", \"amount\": 1}")
                .toArray(String[]::new));
    assertError(api.call("POST", "/predict", six), 400, "too_many_transactions");
  }

  @Test
  void predict_should413_whenBodyIsOverTheLimit() {
    String big = "{\"customer_id\": \"00042\", \"pad\": \"" + "x".repeat(5000) + "\"}";
    assertError(api.call("POST", "/predict", big), 413, "payload_too_large");
    // multi-byte characters count as bytes, not chars: 1,500 chars of 3 bytes each
    assertError(
        api.call("POST", "/predict", "{\"customer_id\": \"" + "€".repeat(1500) + "\"}"),
        413,
        "payload_too_large");
  }

  @Test
  void predict_shouldDecodeBase64Bodies() {
    String json = LambdaEvents.json("api-health.json");
    String encoded =
        Base64.getEncoder()
            .encodeToString("{\"customer_id\": \"00042\"}".getBytes(StandardCharsets.UTF_8));
    String event =
        json.replace("\"isBase64Encoded\" : false", "\"isBase64Encoded\": true")
            .replace("\"isBase64Encoded\": false", "\"isBase64Encoded\": true")
            .replace(
                "\"rawPath\": \"/health\"",
                "\"rawPath\": \"/predict\", \"body\": \"" + encoded + "\"")
            .replace("\"method\": \"GET\"", "\"method\": \"POST\"");
    APIGatewayV2HTTPResponse response =
        api.handler.handleRequest(LambdaEvents.apiEvent(event), null);
    assertEquals(200, response.getStatusCode(), response.getBody());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "not json                      | {customer_id: 1}                                                   | malformed_json",
        "truncated                     | {\"customer_id\": \"a\"                                              | malformed_json",
        "trailing data                 | {\"customer_id\": \"a\"} {}                                          | malformed_json",
        "NaN literal                   | `{\"customer_id\": \"a\", \"transactions\": [{\"event_time\": \"1997-01-01\", \"amount\": NaN}]}` | malformed_json",
        "empty body                    | ` `                                                                  | missing_field",
        "array body                    | []                                                                 | wrong_type",
        "number id                     | {\"customer_id\": 42}                                              | wrong_type",
        "boolean explain as string     | `{\"customer_id\": \"a\", \"explain\": \"yes\"}`                     | wrong_type",
        "amount as string              | `{\"customer_id\": \"a\", \"transactions\": [{\"event_time\": \"1997-01-01\", \"amount\": \"12\"}]}` | wrong_type",
        "transactions not an array     | `{\"customer_id\": \"a\", \"transactions\": \"x\"}`                  | wrong_type",
        "instances not an array        | {\"instances\": {}}                                                | wrong_type",
        "null instance                 | {\"instances\": [null]}                                            | wrong_type",
        "unknown field                 | `{\"customer_id\": \"a\", \"customerId\": \"a\"}`                    | unknown_field",
        "missing id                    | {\"explain\": true}                                                | missing_field",
        "missing amount                | `{\"customer_id\": \"a\", \"transactions\": [{\"event_time\": \"1997-01-01\"}]}` | missing_field",
        "both shapes                   | `{\"customer_id\": \"a\", \"instances\": [{\"customer_id\": \"b\"}]}` | invalid_field",
        "empty instances               | {\"instances\": []}                                                | invalid_field",
        "as_of without transactions    | `{\"customer_id\": \"a\", \"as_of\": \"1998-01-01\"}`                | invalid_field",
        "overflowing amount            | `{\"customer_id\": \"a\", \"transactions\": [{\"event_time\": \"1997-01-01\", \"amount\": 1e400}]}` | invalid_transaction",
        "amount over the contract bound | `{\"customer_id\": \"a\", \"transactions\": [{\"event_time\": \"1997-01-01\", \"amount\": 4e38}]}` | invalid_transaction",
        "amount just over 1e12         | `{\"customer_id\": \"a\", \"transactions\": [{\"event_time\": \"1997-01-01\", \"amount\": -1000000000000.01}]}` | invalid_transaction",
        "two same-day 1e308            | `{\"customer_id\": \"a\", \"transactions\": [{\"event_time\": \"1997-01-01\", \"amount\": 1e308}, {\"event_time\": \"1997-01-01\", \"amount\": 1e308}]}` | invalid_transaction",
        "missing event_time            | `{\"customer_id\": \"a\", \"transactions\": [{\"amount\": 1}]}`      | invalid_transaction",
        "future event_time             | `{\"customer_id\": \"a\", \"transactions\": [{\"event_time\": \"2031-01-01\", \"amount\": 1}]}` | invalid_transaction",
        "pre-1970 event_time           | `{\"customer_id\": \"a\", \"transactions\": [{\"event_time\": \"1969-12-31T23:59:59Z\", \"amount\": 1}]}` | invalid_transaction",
        "garbage event_time            | `{\"customer_id\": \"a\", \"transactions\": [{\"event_time\": \"yesterday\", \"amount\": 1}]}` | invalid_transaction",
        "future as_of                  | `{\"customer_id\": \"a\", \"as_of\": \"2999-01-01\", \"transactions\": []}` | invalid_as_of",
        "pre-1970 as_of                | `{\"customer_id\": \"a\", \"as_of\": \"1969-12-31\", \"transactions\": []}` | invalid_as_of",
        "garbage as_of                 | `{\"customer_id\": \"a\", \"as_of\": \"01/02/1998\", \"transactions\": []}` | invalid_as_of",
        "empty id                      | {\"customer_id\": \"  \"}                                          | invalid_customer_id",
        "control character in id       | {\"customer_id\": \"a\\u0000b\"}                                   | invalid_customer_id",
      })
  void predict_should400WithCode_whenBodyIsInvalid(String name, String body, String code) {
    assertError(api.call("POST", "/predict", body), 400, code);
  }

  @Test
  void predict_should400_whenCustomerIdIsOver128Characters() {
    assertError(
        api.call("POST", "/predict", "{\"customer_id\": \"" + "a".repeat(129) + "\"}"),
        400,
        "invalid_customer_id");
    assertEquals(
        404,
        api.call("POST", "/predict", "{\"customer_id\": \"" + "a".repeat(128) + "\"}")
            .getStatusCode());
    assertError(
        api.call("GET", "/customers/" + "a".repeat(129) + "/score", null),
        400,
        "invalid_customer_id");
    assertError(api.call("GET", "/customers//score", null), 400, "invalid_customer_id");
    assertError(api.call("GET", "/customers/%ZZ/score", null), 400, "invalid_customer_id");
  }

  @Test
  void score_shouldDecodeThePathSegment() {
    api.scores.putAll(
        List.of(
            new com.ltvforecast.scores.Score(
                "a b+c/d",
                1,
                0.5,
                273,
                LocalDate.parse("1998-07-01"),
                "v",
                java.time.Instant.EPOCH,
                java.time.Instant.EPOCH)));
    assertEquals(200, api.call("GET", "/customers/a%20b+c%2Fd/score", null).getStatusCode());
  }

  @Test
  void handleRequest_should404_whenRouteIsUnknown() {
    assertError(api.call("GET", "/nope", null), 404, "not_found");
    assertError(api.call("GET", "/customers/00042", null), 404, "not_found");
    assertError(api.call("GET", "/customers/00042/score/extra", null), 404, "not_found");
  }

  @ParameterizedTest
  @CsvSource({
    "POST,/health,GET",
    "DELETE,/model,GET",
    "GET,/predict,POST",
    "PUT,/customers/00042/score,GET"
  })
  void handleRequest_should405WithAllow_whenMethodIsWrong(
      String method, String path, String allowed) {
    APIGatewayV2HTTPResponse response = api.call(method, path, null);
    assertError(response, 405, "method_not_allowed");
    assertEquals(allowed, response.getHeaders().get("allow"));
  }

  @Test
  void model_shouldDescribeTheProductionModel() {
    JsonNode body = json(api.call("GET", "/model", null));
    assertEquals(version, body.path("version").asText());
    assertTrue(body.path("trained_at").isTextual());
    assertTrue(body.path("metrics").has("model"), body.toString());
    assertEquals(1, body.path("feature_schema").path("version").asInt());
    assertEquals(16, body.path("feature_schema").path("features").size());
    assertEquals(273, body.path("horizon_days").asInt());
  }

  @Test
  void health_shouldAnswer200WithVersion_whenModelIsLoaded() {
    APIGatewayV2HTTPResponse response = api.call("GET", "/health", null);
    assertEquals(200, response.getStatusCode());
    assertEquals(version, json(response).path("model_version").asText());
    assertEquals(
        200, api.call("GET", "/health/", null).getStatusCode(), "a trailing slash is tolerated");
  }

  @Test
  void handleRequest_shouldStripANamedStage() {
    String event =
        LambdaEvents.json("api-health.json")
            .replace("\"rawPath\": \"/health\"", "\"rawPath\": \"/prod/health\"")
            .replace("\"stage\": \"$default\"", "\"stage\": \"prod\"");
    assertEquals(
        200, api.handler.handleRequest(LambdaEvents.apiEvent(event), null).getStatusCode());
  }

  @ParameterizedTest
  @CsvSource({
    "api-score.json",
    "api-predict-features.json",
    "api-predict-transactions.json",
    "api-predict-batch.json",
    "api-model.json",
    "api-health.json"
  })
  void handleRequest_shouldAnswer200_forEverySampleEvent(String sample) {
    APIGatewayV2HTTPResponse response =
        api.handler.handleRequest(LambdaEvents.apiEvent(LambdaEvents.json(sample)), null);
    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals("application/json", response.getHeaders().get("content-type"));
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
