package com.ltvforecast.prediction;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Objects;
import java.util.UUID;

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

  /**
   * The request of an HTTP API event: the raw path without a named stage's prefix, and API
   * Gateway's request id (the one the caller sees as apigw-requestid; Lambda's own is in its REPORT
   * line), else Lambda's, else a fresh one.
   */
  static ApiRequest from(APIGatewayV2HTTPEvent event, Context context) {
    var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
    String stage = event.getRequestContext() == null ? null : event.getRequestContext().getStage();
    String path =
        event.getRawPath() != null ? event.getRawPath() : http == null ? null : http.getPath();
    if (path != null
        && stage != null
        && !stage.equals("$default")
        && path.startsWith("/" + stage + "/")) {
      path = path.substring(stage.length() + 1);
    }
    String requestId =
        event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
            ? event.getRequestContext().getRequestId()
            : context != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
    return new ApiRequest(
        http == null ? null : http.getMethod(),
        path,
        event.getBody(),
        event.getIsBase64Encoded(),
        requestId);
  }
}
