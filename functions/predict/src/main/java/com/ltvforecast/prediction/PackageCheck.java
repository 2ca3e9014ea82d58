package com.ltvforecast.prediction;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A workstation check of the deployment package, run in a fresh JVM on its {@code lib/*} alone
 * against the environment Lambda would give (tables, bucket, endpoint): builds the handler as the
 * runtime does, then serves {@code N} on-demand predictions from transactions in the body (default
 * 200) and prints one line, {@code PACKAGE_CHECK ok init_ms=.. first_ms=.. rest_ms=..
 * predictions=N}; with {@code routes} also every other route once ({@code routes=<status>,...}:
 * health, model, score and stored features of customer {@code PACKAGE_CHECK_CUSTOMER}, a batch, an
 * unknown route). Exit 1 when a prediction fails. The local runner's cold-start benchmark and
 * {@code PackagedZipIT} run it. Self-contained (no lambdas or nested classes), so it also runs on
 * another package's class path from a jar of this one class.
 */
public final class PackageCheck {

  public static final String MARKER = "PACKAGE_CHECK ";

  private PackageCheck() {}

  public static void main(String[] args) {
    int predictions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    boolean routes = args.length > 1 && args[1].equals("routes");
    long started = System.nanoTime();
    long cpuStarted = cpuNanos();
    PredictFunction handler = new PredictFunction();
    long init = System.nanoTime();
    long cpuInit = cpuNanos();
    long cpuFirst = 0;
    long first = 0;
    for (int i = 0; i < predictions; i++) {
      String body =
          "{\"customer_id\": \"cold-"
              + i
              + "\", \"as_of\": \"1998-07-01\", \"transactions\": ["
              + "{\"event_time\": \"1997-01-"
              + (10 + i % 19)
              + "\", \"amount\": "
              + (20.5 + i % 7)
              + "},"
              + " {\"event_time\": \"1997-06-01\", \"amount\": 14}]}";
      APIGatewayV2HTTPResponse response =
          handler.handleRequest(event("POST", "/predict", body), null);
      if (response.getStatusCode() != 200) {
        System.out.println(
            MARKER
                + "failed prediction "
                + i
                + ": "
                + response.getStatusCode()
                + " "
                + response.getBody());
        System.exit(1);
      }
      if (i == 0) {
        first = System.nanoTime();
        cpuFirst = cpuNanos();
      }
    }
    long done = System.nanoTime();
    long cpuDone = cpuNanos();
    StringBuilder line =
        new StringBuilder(MARKER)
            .append("ok init_ms=")
            .append(millis(init - started))
            .append(" first_ms=")
            .append(millis(first - init))
            .append(" rest_ms=")
            .append(millis(done - first))
            .append(" predictions=")
            .append(predictions)
            .append(" cpu_before_ms=")
            .append(millis(cpuStarted))
            .append(" cpu_init_ms=")
            .append(millis(cpuInit - cpuStarted))
            .append(" cpu_first_ms=")
            .append(millis(cpuFirst - cpuInit))
            .append(" cpu_rest_ms=")
            .append(millis(cpuDone - cpuFirst));
    if (routes) {
      String customer = System.getProperty("PACKAGE_CHECK_CUSTOMER", "4");
      line.append(" routes=")
          .append(handler.handleRequest(event("GET", "/health", null), null).getStatusCode())
          .append(',')
          .append(handler.handleRequest(event("GET", "/model", null), null).getStatusCode())
          .append(',')
          .append(
              handler
                  .handleRequest(event("GET", "/customers/" + customer + "/score", null), null)
                  .getStatusCode())
          .append(',')
          .append(
              handler
                  .handleRequest(
                      event("POST", "/predict", "{\"customer_id\": \"" + customer + "\"}"), null)
                  .getStatusCode())
          .append(',')
          .append(
              handler
                  .handleRequest(
                      event(
                          "POST",
                          "/predict",
                          "{\"instances\": [{\"customer_id\": \""
                              + customer
                              + "\"}, {\"customer_id\": \"b\", \"transactions\": [{\"event_time\": \"1997-01-02\","
                              + " \"amount\": 3}]}]}"),
                      null)
                  .getStatusCode())
          .append(',')
          .append(handler.handleRequest(event("GET", "/nowhere", null), null).getStatusCode());
    }
    System.out.println(line);
    System.exit(0);
  }

  /** The process's CPU time so far (all threads: the JIT's and the GC's too), in nanoseconds. */
  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }

  /** An HTTP API payload 2.0 event, as API Gateway sends it. */
  public static APIGatewayV2HTTPEvent event(String method, String path, String body) {
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("$default")
        .withRawPath(path)
        .withHeaders(Map.of("content-type", "application/json"))
        .withBody(body)
        .withIsBase64Encoded(false)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId("package-check")
                .withStage("$default")
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(path)
                        .build())
                .build())
        .build();
  }
}
