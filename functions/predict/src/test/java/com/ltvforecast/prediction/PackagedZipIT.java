package com.ltvforecast.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.dynamo.BatchWriter;
import com.ltvforecast.endpoint.LocalEndpoint;
import com.ltvforecast.endpoint.Tables;
import com.ltvforecast.features.CustomerHistory;
import com.ltvforecast.features.FeatureCalculator;
import com.ltvforecast.featurestore.DynamoFeatureStore;
import com.ltvforecast.featurestore.FeatureRecord;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.scores.DynamoScoreStore;
import com.ltvforecast.scores.Score;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.testing.AwsEndpointExtension;
import com.ltvforecast.testing.PackagedTree;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The deployment zip ({@code target/predict-<version>-lambda.zip}, SAM's CodeUri): at most 30 MB,
 * no DJL, JNA, libtorch or local support (endpoints, tables, fixtures, Testcontainers) inside, and
 * a fresh JVM on its {@code lib/*} alone serves every route with the handler's default wiring
 * against real S3 and DynamoDB endpoints, scoring the checked-in model (a blend of BG/NBD and a
 * network) in plain Java.
 */
@ExtendWith(AwsEndpointExtension.class)
class PackagedZipIT {

  static final long MAX_ZIP_BYTES = 30L * 1024 * 1024;

  @TempDir Path unpacked;

  @Test
  void zip_shouldServeEveryRouteInAFreshJvm_onItsOwnContentsWithoutDjl(LocalEndpoint endpoint)
      throws Exception {
    // given the zip, unpacked as Lambda unpacks it into /var/task
    Path zip;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      zip =
          files
              .filter(p -> p.getFileName().toString().matches("predict-.*-lambda\\.zip"))
              .findFirst()
              .orElseThrow();
    }
    assertTrue(Files.size(zip) <= MAX_ZIP_BYTES, zip + " is " + Files.size(zip) + " bytes");
    List<String> jars = unzip(zip, unpacked);
    assertTrue(jars.stream().anyMatch(j -> j.startsWith("lib/predict-")), jars.toString());
    for (String forbidden : List.of("lib/api-0", "pytorch", "jna", "djl", "zstd-jni")) {
      assertFalse(
          jars.stream().anyMatch(j -> j.contains(forbidden)),
          forbidden + " must not ship: " + jars);
    }
    PackagedTree.assertNoLocalSupport(unpacked.resolve("lib"));
    // and a stack on the endpoint: the fixture model in production, one customer's features and
    // score
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String bucket = "zip-" + suffix;
    DynamoDbClient dynamo = AwsClients.dynamoDb();
    AwsClients.s3().createBucket(b -> b.bucket(bucket));
    Tables.createModelRegistry(dynamo, "registry-" + suffix);
    Tables.createFeatureTable(dynamo, "features-" + suffix);
    Tables.createScoreTable(dynamo, "scores-" + suffix);
    FixtureModel fixture = FixtureModel.get();
    fixture.copyTo(new S3ObjectStore(AwsClients.s3(), bucket));
    DynamoModelRegistry registry = new DynamoModelRegistry(dynamo, "registry-" + suffix);
    registry.register(fixture.version);
    registry.promote(FixtureModel.NAME, fixture.version.version(), null);
    BatchWriter writer = new BatchWriter(dynamo, 1, Duration.ofSeconds(30));
    double[] features =
        FeatureCalculator.features(
                new CustomerHistory(
                    "4", new int[] {9_862, 9_900, 10_000}, new double[] {29.33, 12, 55.9}),
                LocalDate.parse("1998-07-01"))
            .values();
    new DynamoFeatureStore(dynamo, writer, "features-" + suffix)
        .putAll(
            List.of(
                new FeatureRecord(
                    "4",
                    LocalDate.parse("1998-07-01"),
                    FeatureCalculator.SCHEMA.version(),
                    features)));
    new DynamoScoreStore(dynamo, writer, "scores-" + suffix)
        .putAll(
            List.of(
                new Score(
                    "4",
                    41.5,
                    0.37,
                    273,
                    LocalDate.parse("1998-07-01"),
                    "v-batch",
                    Instant.now(),
                    Instant.now().plus(Duration.ofDays(7)))));

    // when a fresh JVM runs the package check on lib/* alone
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Daws.endpointUrl=" + endpoint.uri(),
                "-Daws.region=us-east-1",
                "-Daws.accessKeyId=test",
                "-Daws.secretAccessKey=test",
                "-DPACKAGE_CHECK_CUSTOMER=4",
                "-cp",
                unpacked.resolve("lib") + File.separator + "*",
                PackageCheck.class.getName(),
                "200",
                "routes"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("AWS_ENDPOINT_URL");
    // The handler's configuration comes from its environment, as the template sets it in Lambda.
    builder.environment().put(AppConfig.DATA_BUCKET, bucket);
    builder.environment().put(AppConfig.MODEL_REGISTRY_TABLE, "registry-" + suffix);
    builder.environment().put(AppConfig.FEATURE_TABLE, "features-" + suffix);
    builder.environment().put(AppConfig.SCORE_TABLE, "scores-" + suffix);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the check finished");
    output.lines().filter(l -> l.startsWith(PackageCheck.MARKER)).forEach(System.out::println);

    // then 200 predictions and every route answered as deployed: health, model, score, stored
    // features and a batch 200, an unknown route 404
    assertEquals(0, process.exitValue(), output);
    assertTrue(
        output.contains(PackageCheck.MARKER + "ok") && output.contains("predictions=200"), output);
    assertTrue(output.contains("routes=200,200,200,200,200,404"), output);
    assertFalse(
        output.contains("NoClassDefFoundError") || output.contains("ClassNotFoundException"),
        output);
  }

  private static List<String> unzip(Path zip, Path target) throws IOException {
    List<String> names = new ArrayList<>();
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
        Path file = target.resolve(entry.getName()).normalize();
        assertTrue(file.startsWith(target), "entry outside the package: " + entry.getName());
        if (!entry.isDirectory()) {
          Files.createDirectories(file.getParent());
          Files.copy(entries, file);
          names.add(entry.getName());
        }
      }
    }
    return names;
  }
}
