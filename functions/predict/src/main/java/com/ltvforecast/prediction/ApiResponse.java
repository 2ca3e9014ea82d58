package com.ltvforecast.prediction;

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
}
