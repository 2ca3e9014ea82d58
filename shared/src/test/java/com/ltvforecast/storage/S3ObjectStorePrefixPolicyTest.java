package com.ltvforecast.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How S3 answers a role whose {@code s3:ListBucket} has an {@code s3:prefix} condition: 403 for a
 * missing key, since the implicit listing check carries no prefix. moto enforces no IAM, so this
 * endpoint speaks S3's wire format for exactly that: GET and HEAD of any key answer 403
 * AccessDenied, and a listing shows {@code LISTED}.
 */
class S3ObjectStorePrefixPolicyTest {

  private static final Set<String> LISTED = Set.of("curated/_manifests/exists-but-forbidden.json");

  private HttpServer server;
  private S3Client s3;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    s3 =
        S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
  }

  @AfterEach
  void stop() {
    s3.close();
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null && query.contains("list-type=2")) {
      String prefix =
          java.net.URLDecoder.decode(
              query.replaceAll(".*prefix=([^&]*).*", "$1"), StandardCharsets.UTF_8);
      StringBuilder xml =
          new StringBuilder(
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult>"
                  + "<Name>b</Name><Prefix>"
                  + prefix
                  + "</Prefix><IsTruncated>false</IsTruncated>");
      LISTED.stream()
          .filter(k -> k.startsWith(prefix))
          .forEach(
              k ->
                  xml.append("<Contents><Key>")
                      .append(k)
                      .append("</Key><Size>1</Size></Contents>"));
      send(exchange, 200, xml.append("</ListBucketResult>").toString());
    } else {
      send(
          exchange,
          403,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
              + "<Message>Access Denied</Message></Error>");
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/xml");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
    } else {
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Test
  void readAndHead_shouldSeeAMissingKey_whenS3Answers403BecauseListingIsPrefixLimited() {
    S3ObjectStore store = new S3ObjectStore(s3, "b");
    assertEquals(Optional.empty(), store.read("curated/_manifests/first-upload.json"));
    assertEquals(Optional.empty(), store.readWithEtag("curated/_manifests/first-upload.json"));
    assertEquals(Optional.empty(), store.head("curated/_manifests/first-upload.json"));
    assertThrows(
        ObjectMissingException.class,
        () -> store.open("curated/_manifests/first-upload.json", null));
  }

  @Test
  void read_shouldFail_whenTheKeyExistsButIsForbidden() {
    S3ObjectStore store = new S3ObjectStore(s3, "b");
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> store.read("curated/_manifests/exists-but-forbidden.json"));
    assertTrue(e.getMessage().contains("exists-but-forbidden"), e.getMessage());
  }
}
