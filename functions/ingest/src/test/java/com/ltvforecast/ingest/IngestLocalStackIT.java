package com.ltvforecast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ltvforecast.endpoint.LocalEndpoint;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.testing.LambdaEvents;
import com.ltvforecast.testing.ProjectFiles;
import com.ltvforecast.transactions.TransactionParser;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The same ingestion against LocalStack; skipped cleanly on machines without a Docker engine. */
@Testcontainers(disabledWithoutDocker = true)
class IngestLocalStackIT {

  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(LocalEndpoint.LOCALSTACK_IMAGE).withServices("s3");

  @TempDir Path work;

  @Test
  void ingest_shouldCurateCdnowSample_whenRunAgainstLocalStack() {
    // given
    S3Client s3 =
        S3Client.builder()
            .endpointOverride(LOCALSTACK.getEndpoint())
            .region(Region.of(LOCALSTACK.getRegion()))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
            .build();
    s3.createBucket(b -> b.bucket("data"));
    String etag =
        s3.putObject(
                b -> b.bucket("data").key("raw/sample.csv"),
                RequestBody.fromFile(ProjectFiles.data("cdnow/transactions_sample.csv")))
            .eTag()
            .replace("\"", "");
    S3ObjectStore store = new S3ObjectStore(s3, "data");
    IngestService service =
        new IngestService(
            store,
            com.ltvforecast.config.AppConfig.from(n -> null).ingestLimits(),
            64,
            new TransactionParser(),
            work,
            Clock.systemUTC());
    IngestFunction function = new IngestFunction(service);
    // when
    IngestOutcome outcome =
        function
            .ingest(LambdaEvents.s3Event("s3-put.json", "data", "raw/sample.csv", etag, "00A1"))
            .get(0);
    // then
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status());
    assertEquals(6_919, outcome.rowsValid());
  }
}
