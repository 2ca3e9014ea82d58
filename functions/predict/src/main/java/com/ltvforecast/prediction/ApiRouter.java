package com.ltvforecast.prediction;

import com.ltvforecast.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Matches a request to its route, checks the method and body size, calls the service and writes the
 * JSON answer. Every exception, ours or not, becomes a response through {@link ApiErrors}.
 */
final class ApiRouter {

  static final String SCORE = "GET /customers/{customerId}/score";
  static final String PREDICT = "POST /predict";
  static final String MODEL = "GET /model";
  static final String HEALTH = "GET /health";
  static final String UNMATCHED = "unmatched";

  private static final Map<String, String> JSON = Map.of("content-type", "application/json");

  private final PredictionService service;
  private final PredictRequestParser parser;
  private final int maxBodyBytes;

  ApiRouter(PredictionService service, PredictRequestParser parser, int maxBodyBytes) {
    this.service = service;
    this.parser = parser;
    this.maxBodyBytes = maxBodyBytes;
  }

  ApiResponse handle(ApiRequest request) {
    String route = route(request.path());
    try {
      if (route.equals(UNMATCHED)) {
        throw new RouteNotFoundException(request.path());
      }
      String allowed = route.substring(0, route.indexOf(' '));
      if (!allowed.equals(request.method())) {
        throw new MethodNotAllowedException(
            request.method(), route.substring(route.indexOf(' ') + 1), allowed);
      }
      String body = body(request);
      return switch (route) {
        case SCORE -> ok(route, service.score(pathCustomerId(request.path())), null);
        case PREDICT -> predict(body);
        case MODEL -> {
          ModelDescription model = service.describeModel();
          yield ok(route, model, model.version());
        }
        default -> {
          Health health = service.health();
          yield ok(route, health, health.modelVersion());
        }
      };
    } catch (RuntimeException e) {
      return ApiErrors.toResponse(e, request, route);
    }
  }

  private ApiResponse predict(String body) {
    PredictCommand command = parser.parse(body);
    List<CustomerPrediction> predictions = service.predict(command);
    String version = predictions.get(0).modelVersion();
    return command.batch()
        ? ok(PREDICT, new PredictionBatch(version, predictions), version)
        : ok(PREDICT, predictions.get(0), version);
  }

  private static ApiResponse ok(String route, Object body, String modelVersion) {
    return new ApiResponse(
        200, new String(Json.bytes(body), StandardCharsets.UTF_8), JSON, route, null, modelVersion);
  }

  /** The route template of a path; a single trailing slash is ignored. */
  static String route(String path) {
    String p =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    switch (p) {
      case "/predict":
        return PREDICT;
      case "/model":
        return MODEL;
      case "/health":
        return HEALTH;
      default:
        String[] parts = p.split("/", -1);
        return parts.length == 4 && parts[1].equals("customers") && parts[3].equals("score")
            ? SCORE
            : UNMATCHED;
    }
  }

  private static String pathCustomerId(String path) {
    String segment = path.split("/", -1)[2];
    String decoded;
    try {
      // Path segments are percent-encoded; '+' is a literal plus there, not a space.
      decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          InvalidRequestException.Problem.INVALID_CUSTOMER_ID,
          "the customer id in the path is not valid percent-encoding");
    }
    return PredictRequestParser.customerId(decoded, "path: ");
  }

  private String body(ApiRequest request) {
    String body = request.body();
    if (body == null) {
      return null;
    }
    if (request.base64()) {
      if ((long) body.length() * 3 / 4 > maxBodyBytes + 3L) {
        throw new PayloadTooLargeException((long) body.length() * 3 / 4, maxBodyBytes);
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(
            InvalidRequestException.Problem.MALFORMED_JSON,
            "request body is marked base64 but is not valid base64");
      }
      if (bytes.length > maxBodyBytes) {
        throw new PayloadTooLargeException(bytes.length, maxBodyBytes);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
    // A char is 1 to 3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 chars): count only when it
    // matters.
    if (body.length() > maxBodyBytes
        || ((long) body.length() * 3 > maxBodyBytes
            && body.getBytes(StandardCharsets.UTF_8).length > maxBodyBytes)) {
      throw new PayloadTooLargeException(
          body.getBytes(StandardCharsets.UTF_8).length, maxBodyBytes);
    }
    return body;
  }
}
