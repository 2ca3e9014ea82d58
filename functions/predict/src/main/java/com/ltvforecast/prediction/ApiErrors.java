package com.ltvforecast.prediction;

import com.ltvforecast.features.IneligibleCustomerException;
import com.ltvforecast.json.Json;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place exceptions become HTTP status codes and {@code {"error", "message"}} bodies. Only
 * our own messages, written to be shown, reach a caller; anything unexpected is logged with its
 * stack trace and answered with a bare 500 naming the request id.
 */
final class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  /** The body of every error response. */
  record ErrorBody(String error, String message) {}

  private ApiErrors() {}

  static ApiResponse toResponse(RuntimeException e, ApiRequest request, String route) {
    if (e instanceof InvalidRequestException invalid) {
      return error(
          400, invalid.problem().name().toLowerCase(Locale.ROOT), e.getMessage(), route, Map.of());
    }
    if (e instanceof PayloadTooLargeException) {
      return error(413, "payload_too_large", e.getMessage(), route, Map.of());
    }
    if (e instanceof CustomerNotFoundException) {
      return error(404, "customer_not_found", e.getMessage(), route, Map.of());
    }
    if (e instanceof RouteNotFoundException) {
      return error(404, "not_found", e.getMessage(), route, Map.of());
    }
    if (e instanceof MethodNotAllowedException notAllowed) {
      return error(
          405, "method_not_allowed", e.getMessage(), route, Map.of("allow", notAllowed.allowed()));
    }
    if (e instanceof CustomerNotEligibleException || e instanceof IneligibleCustomerException) {
      return error(422, "customer_not_eligible", e.getMessage(), route, Map.of());
    }
    if (e instanceof ModelUnavailableException) {
      return error(503, "model_unavailable", e.getMessage(), route, Map.of("retry-after", "30"));
    }
    if (e instanceof StoredFeaturesUnusableException) {
      return error(503, "features_unusable", e.getMessage(), route, Map.of());
    }
    LOG.atError()
        .addKeyValue("request_id", request.requestId())
        .addKeyValue("route", route)
        .setCause(e)
        .log("unexpected error");
    return error(
        500,
        "internal_error",
        "internal error; quote request id " + request.requestId(),
        route,
        Map.of());
  }

  static ApiResponse error(
      int status, String code, String message, String route, Map<String, String> headers) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("content-type", "application/json");
    return new ApiResponse(
        status,
        new String(
            Json.bytes(new ErrorBody(code, message)), java.nio.charset.StandardCharsets.UTF_8),
        all,
        route,
        code,
        null);
  }
}
