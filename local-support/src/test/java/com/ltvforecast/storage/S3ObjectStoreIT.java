package com.ltvforecast.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.testing.AwsEndpointExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Uploads with a caller's SHA-256 against a real S3 wire protocol. */
@ExtendWith(AwsEndpointExtension.class)
class S3ObjectStoreIT {

  @TempDir Path dir;
  private S3Client s3;
  private S3ObjectStore store;
  private String bucket;

  @BeforeEach
  void createBucket() {
    s3 = AwsClients.s3();
    bucket = "store-" + UUID.randomUUID();
    s3.createBucket(b -> b.bucket(bucket));
    store = new S3ObjectStore(s3, bucket);
  }

  private Path file(int size) throws Exception {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return Files.write(dir.resolve("f" + size), content);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(LocalFiles.sha256().digest(Files.readAllBytes(file)));
  }

  @Test
  void upload_shouldStoreTheFile_whenGivenItsSha256() throws Exception {
    Path file = file(300_000);
    store.upload("curated/a.csv.zst", file, "text/csv", sha256(file));
    assertArrayEquals(Files.readAllBytes(file), store.read("curated/a.csv.zst").orElseThrow());
  }

  @Test
  void upload_shouldSendTheDigestInAHeader_andNoChecksumTrailer() throws Exception {
    // S3 verifies x-amz-checksum-sha256 against the bytes it receives (moto records it,
    // unverified).
    List<SdkHttpRequest> requests = new ArrayList<>();
    S3Client recording =
        S3Client.builder()
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(
                c ->
                    c.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                          @Override
                          public void beforeTransmission(
                              Context.BeforeTransmission context, ExecutionAttributes attributes) {
                            requests.add(context.httpRequest());
                          }
                        }))
            .build();
    Path file = file(200_000);
    String sha = sha256(file);
    new S3ObjectStore(recording, bucket).upload("curated/b.csv.zst", file, "text/csv", sha);
    SdkHttpRequest put = requests.get(requests.size() - 1);
    assertEquals(
        Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha)),
        put.firstMatchingHeader("x-amz-checksum-sha256").orElseThrow());
    assertTrue(put.firstMatchingHeader("x-amz-trailer").isEmpty(), put.headers().toString());
    assertArrayEquals(Files.readAllBytes(file), store.read("curated/b.csv.zst").orElseThrow());
  }
}
