package com.ltvforecast.prediction;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/**
 * An HTTP answer and what the request log says about it.
 *
 * @param route the matched route template, e.g. {@code GET /customers/{customerId}/score}
 * @param errorCode the {@code error} field of an error body, else null
 * @param modelVersion the model that answered, else null
 */
public record ApiResponse(
    int status,
    String body,
    Map<String, String> headers,
    String route,
    String errorCode,
    String modelVersion) {

  public ApiResponse {
    headers = Map.copyOf(headers);
  }

  /** The HTTP API (payload 2.0) response Lambda returns to API Gateway. */
  APIGatewayV2HTTPResponse toHttpApi() {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(headers)
        .withBody(body)
        .withIsBase64Encoded(false)
        .build();
  }
}
