package com.ltvforecast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.endpoint.Tables;
import com.ltvforecast.ingest.IngestFunction;
import com.ltvforecast.json.Json;
import com.ltvforecast.registry.DynamoModelRegistry;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelMetadata;
import com.ltvforecast.registry.ModelVersion;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.testing.AwsEndpointExtension;
import com.ltvforecast.testing.LambdaEvents;
import com.ltvforecast.testing.ProjectFiles;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Trains on the CDNOW sample through the real handler against real S3, DynamoDB and EventBridge
 * endpoints.
 */
@ExtendWith(AwsEndpointExtension.class)
class TrainFunctionIT {

  private S3Client s3;
  private String bucket;
  private String table;
  private AppConfig config;

  @BeforeEach
  void createStack() {
    s3 = AwsClients.s3();
    bucket = "train-it-" + UUID.randomUUID();
    table = "registry-" + UUID.randomUUID();
    s3.createBucket(b -> b.bucket(bucket));
    DynamoDbClient dynamo = AwsClients.dynamoDb();
    Tables.createModelRegistry(dynamo, table);
    config =
        AppConfig.from(
            Map.of(
                AppConfig.DATA_BUCKET, bucket,
                AppConfig.MODEL_REGISTRY_TABLE, table,
                AppConfig.TRAIN_MAX_EPOCHS, "8"));
  }

  private void ingestSample() {
    String key = "raw/cdnow_sample.csv";
    String etag =
        s3.putObject(
                b -> b.bucket(bucket).key(key),
                RequestBody.fromFile(ProjectFiles.data("cdnow/transactions_sample.csv")))
            .eTag()
            .replace("\"", "");
    new IngestFunction(config).ingest(LambdaEvents.s3Event("s3-put.json", bucket, key, etag, null));
  }

  @Test
  void handleRequest_shouldRegisterEvaluatedVersion_whenTrainedOnCdnowSample()
      throws java.io.IOException {
    // given the CDNOW sample ingested through the ingest handler
    ingestSample();
    // when
    TrainingReport report =
        (TrainingReport)
            new TrainFunction(config)
                .handleRequest(Map.of("as_of", "1998-07-01", "horizon_days", 273), null);
    // then every baseline is evaluated on the same validation customers
    assertEquals(2_357, report.trainCustomers() + report.validationCustomers());
    assertTrue(
        report.validationCustomers() > 350 && report.validationCustomers() < 600, "~20% split");
    assertEquals(Map.of("model", 1, "bgnbd", 1, "naive", 1).keySet(), report.metrics().keySet());
    assertTrue(report.metrics().get("bgnbd").churnAuc() > 0.7, report.metrics().toString());
    // and the version is registered, with artifacts whose checksum matches
    DynamoModelRegistry registry = new DynamoModelRegistry(AwsClients.dynamoDb(), table);
    ModelVersion version = registry.find("ltv", report.modelVersion()).orElseThrow();
    assertEquals(report.promoted(), report.reasons().isEmpty());
    assertEquals(
        report.promoted() ? ModelVersion.Status.PRODUCTION : ModelVersion.Status.REJECTED,
        version.status());
    ModelArtifacts artifacts = new ModelArtifacts(new S3ObjectStore(s3, bucket));
    ModelMetadata metadata =
        Json.read(artifacts.readJson(version, ModelArtifacts.METADATA), ModelMetadata.class);
    assertEquals(java.time.LocalDate.parse("1997-10-01"), metadata.asOf());
    assertEquals(1, metadata.dataSnapshot().size());
    assertNotNull(artifacts.download(version, java.nio.file.Files.createTempDirectory("it-")));
    assertTrue(
        version.checksum().startsWith(ModelArtifacts.CHECKSUM_SCHEME),
        "the checksum covers metadata.json");
    for (String name :
        java.util.List.of(
            ModelArtifacts.METADATA, ModelArtifacts.EVALUATION, ModelArtifacts.EVALUATION_HTML)) {
      assertTrue(
          new S3ObjectStore(s3, bucket).read(version.artifactPrefix() + name).isPresent(), name);
    }
    if (report.promoted()) {
      assertEquals(report.modelVersion(), registry.production("ltv").orElseThrow().version());
    }
    // a rollback to the pointer's own key is a clear refusal (it was a NullPointerException on
    // DynamoDB)
    RollbackRefusedException refused =
        assertThrows(
            RollbackRefusedException.class,
            () ->
                new TrainFunction(config).handleRequest(Map.of("rollback_to", "PRODUCTION"), null));
    assertTrue(refused.getMessage().contains("pointer"), refused.getMessage());
    assertEquals(0, refused.getStackTrace().length);
    java.util.Optional<ModelVersion> production = registry.production("ltv");
    assertEquals(report.promoted(), production.isPresent());
  }

  @Test
  void handleRequest_shouldFailClearlyAndRegisterNothing_whenNoCuratedData() {
    TrainFunction function = new TrainFunction(config);
    TrainingException error =
        assertThrows(
            TrainingException.class,
            () -> function.handleRequest(Map.of("as_of", "1998-07-01", "horizon_days", 273), null));
    assertTrue(error.getMessage().contains("no curated data"), error.getMessage());
    assertTrue(new DynamoModelRegistry(AwsClients.dynamoDb(), table).versions("ltv").isEmpty());
  }
}
