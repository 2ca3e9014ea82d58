package com.ltvforecast.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.type.TypeReference;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.ingest.IngestFunction;
import com.ltvforecast.json.Json;
import com.ltvforecast.precompute.PrecomputeFunction;
import com.ltvforecast.prediction.PredictFunction;
import com.ltvforecast.training.TrainFunction;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Invoke API on 127.0.0.1, as {@code sam local start-lambda} offers it: {@code aws
 * lambda invoke --endpoint-url http://127.0.0.1:PORT --function-name TrainFunction --payload
 * file://event.json} runs the real handler of the template's logical name with that event.
 */
final class LocalLambdaServer implements AutoCloseable {

  private static final Pattern INVOKE =
      Pattern.compile("/2015-03-31/functions/([A-Za-z]+)/invocations");
  private static final int MAX_PAYLOAD = 6 * 1024 * 1024;

  private final HttpServer server;
  private final IngestFunction ingest;
  private final TrainFunction train;
  private final PrecomputeFunction precompute;
  private final PredictFunction predict;

  private LocalLambdaServer(int port, PredictFunction predict, AppConfig config)
      throws IOException {
    this.ingest = new IngestFunction(config);
    this.train = new TrainFunction(config);
    this.precompute = new PrecomputeFunction(config);
    this.predict = predict;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    // One invocation at a time, as one execution environment serves one event at a time.
    server.setExecutor(Executors.newSingleThreadExecutor());
    server.createContext("/", this::exchange);
    server.start();
  }

  static LocalLambdaServer start(int port, PredictFunction predict, AppConfig config) {
    try {
      return new LocalLambdaServer(port, predict, config);
    } catch (IOException e) {
      throw new LocalRunner.UsageException(
          "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      Matcher invoke = INVOKE.matcher(exchange.getRequestURI().getPath());
      if (!"POST".equals(exchange.getRequestMethod()) || !invoke.matches()) {
        send(
            exchange,
            404,
            error("ResourceNotFoundException", "POST /2015-03-31/functions/{name}/invocations"));
        return;
      }
      byte[] payload;
      try (InputStream in = exchange.getRequestBody()) {
        payload = in.readNBytes(MAX_PAYLOAD + 1);
      }
      if (payload.length > MAX_PAYLOAD) {
        send(exchange, 413, error("RequestTooLargeException", "payload over 6 MB"));
        return;
      }
      try {
        send(exchange, 200, invoke(invoke.group(1), payload));
      } catch (UnknownFunction e) {
        send(
            exchange,
            404,
            error(
                "ResourceNotFoundException",
                "no function "
                    + e.getMessage()
                    + "; functions: IngestFunction, TrainFunction, PrecomputeFunction, PredictFunction"));
      } catch (RuntimeException e) {
        // As Lambda reports a handler error: 200 with the error in the body and a header.
        exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
        send(exchange, 200, error(e.getClass().getSimpleName(), String.valueOf(e.getMessage())));
      }
    }
  }

  private byte[] invoke(String function, byte[] payload) throws IOException {
    ClassLoader loader = getClass().getClassLoader();
    return switch (function) {
      case "IngestFunction" -> stream(ingest, payload);
      case "TrainFunction" ->
          Json.bytes(
              train.handleRequest(
                  Json.MAPPER.readValue(payload, new TypeReference<Map<String, Object>>() {}),
                  null));
      case "PrecomputeFunction" -> stream(precompute, payload);
      case "PredictFunction" ->
          Json.bytes(
              predict.handleRequest(
                  LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, loader)
                      .fromJson(new ByteArrayInputStream(payload)),
                  null));
      default -> throw new UnknownFunction(function);
    };
  }

  /** A stream handler's answer, as Lambda returns it. */
  private static byte[] stream(RequestStreamHandler handler, byte[] payload) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(payload), out, null);
    return out.toByteArray();
  }

  private static byte[] error(String type, String message) {
    return Json.bytes(Map.of("errorType", type, "errorMessage", message));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    precompute.close();
  }

  private static final class UnknownFunction extends RuntimeException {
    UnknownFunction(String name) {
      super(name);
    }
  }
}
