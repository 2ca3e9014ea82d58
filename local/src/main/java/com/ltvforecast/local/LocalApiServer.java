package com.ltvforecast.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the prediction API on 127.0.0.1 with the JDK's HTTP server: each request becomes an HTTP
 * API payload 2.0 event for the real handler, and its response becomes the HTTP answer, as API
 * Gateway does (including its 10 MB payload limit).
 */
final class LocalApiServer implements AutoCloseable {

  /** API Gateway HTTP APIs refuse larger payloads before the function sees them. */
  static final int API_GATEWAY_MAX_BYTES = 10 * 1024 * 1024;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final ExecutorService workers;
  private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;

  private LocalApiServer(
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, int port)
      throws IOException {
    this.handler = handler;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    this.workers =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "local-api");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(workers);
    server.createContext("/", this::exchange);
    server.start();
  }

  /** Listens on 127.0.0.1:{@code port} (0 picks a free port). */
  static LocalApiServer start(
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, int port) {
    try {
      return new LocalApiServer(handler, port);
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
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(API_GATEWAY_MAX_BYTES + 1);
      }
      if (body.length > API_GATEWAY_MAX_BYTES) {
        send(
            exchange,
            413,
            Map.of("content-type", "application/json"),
            "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      APIGatewayV2HTTPResponse response = handler.handleRequest(event(exchange, body), null);
      byte[] out =
          response.getBody() == null
              ? new byte[0]
              : response.getIsBase64Encoded()
                  ? Base64.getDecoder().decode(response.getBody())
                  : response.getBody().getBytes(StandardCharsets.UTF_8);
      send(
          exchange,
          response.getStatusCode(),
          response.getHeaders() == null ? Map.of() : response.getHeaders(),
          out);
    } catch (RuntimeException e) {
      // As API Gateway answers when the integration fails.
      send(
          exchange,
          500,
          Map.of("content-type", "application/json"),
          "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
    }
  }

  static APIGatewayV2HTTPEvent event(HttpExchange exchange, byte[] body) {
    Map<String, String> headers = new TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    String text = body.length == 0 ? null : utf8(body);
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = exchange.getRequestURI().getRawPath();
    Instant now = Instant.now();
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("$default")
        .withRawPath(path)
        .withRawQueryString(
            exchange.getRequestURI().getRawQuery() == null
                ? ""
                : exchange.getRequestURI().getRawQuery())
        .withHeaders(headers)
        .withBody(
            body.length == 0
                ? null
                : text != null ? text : Base64.getEncoder().encodeToString(body))
        .withIsBase64Encoded(body.length > 0 && text == null)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey("$default")
                .withStage("$default")
                .withRequestId(UUID.randomUUID().toString())
                .withDomainName("127.0.0.1")
                .withApiId("local")
                .withAccountId("000000000000")
                .withTime(TIME.format(now))
                .withTimeEpoch(now.toEpochMilli())
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(path)
                        .withProtocol(exchange.getProtocol())
                        .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                        .withUserAgent(headers.get("user-agent"))
                        .build())
                .build())
        .build();
  }

  /** The body as text when it is valid UTF-8, else null (then it travels base64-encoded). */
  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static void send(
      HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().put(name, List.of(value)));
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
