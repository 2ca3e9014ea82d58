package com.ltvforecast.prediction;

import java.util.Objects;

/**
 * The parts of an HTTP API (payload 2.0) request the router reads.
 *
 * @param path the raw, still percent-encoded path, without a named stage prefix
 * @param body the body as sent; base64 when {@code base64} is set
 */
public record ApiRequest(
    String method, String path, String body, boolean base64, String requestId) {
  public ApiRequest {
    method = method == null ? "" : method;
    path = path == null || path.isEmpty() ? "/" : path;
    Objects.requireNonNull(requestId, "requestId");
  }
}
