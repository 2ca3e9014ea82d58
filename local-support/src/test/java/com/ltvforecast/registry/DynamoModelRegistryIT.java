package com.ltvforecast.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.endpoint.LocalEndpoint;
import com.ltvforecast.endpoint.Tables;
import com.ltvforecast.testing.AwsEndpointExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The registry's conditional writes against a real DynamoDB wire protocol. */
@ExtendWith(AwsEndpointExtension.class)
class DynamoModelRegistryIT {

  private DynamoModelRegistry registry;

  @BeforeEach
  void createTable() {
    DynamoDbClient dynamo = AwsClients.dynamoDb();
    String table = "registry-" + UUID.randomUUID();
    Tables.createModelRegistry(dynamo, table);
    registry = new DynamoModelRegistry(dynamo, table);
  }

  private void register(String version) {
    registry.register(
        new ModelVersion(
            "ltv",
            version,
            ModelVersion.Status.CANDIDATE,
            "models/ltv/" + version + "/",
            "sha-" + version,
            Instant.parse("2026-11-30T00:00:00Z"),
            Map.of("model.spend_rmse", 95.5),
            List.of()));
  }

  @Test
  void promote_shouldRefuseTheSecondWriter_whenBothExpectedTheSameProduction() {
    // given three candidates and no production yet
    register("v1");
    register("v2");
    register("v3");
    // when two runs each expect "nothing promoted yet", and later two runs each expect v1
    registry.promote("ltv", "v1", null);
    assertThrows(PromotionConflictException.class, () -> registry.promote("ltv", "v2", null));
    registry.promote("ltv", "v2", "v1");
    assertThrows(PromotionConflictException.class, () -> registry.promote("ltv", "v3", "v1"));
    // then only the writers whose expectation held changed production
    assertEquals("v2", registry.production("ltv").orElseThrow().version());
  }

  /**
   * The same race with both writes in flight at once. DynamoDB evaluates a condition and applies
   * the write atomically; moto_server does not (it checks, then writes, without a lock), and under
   * load both writers were seen to win there. So on moto this race runs against a moto of its own
   * that serves one request at a time, where a conditional write is atomic; AWS (AWS_ENDPOINT_URL)
   * and LocalStack are raced as they are.
   */
  @Test
  void promote_shouldLetExactlyOneWin_whenTwoRunsPromoteConcurrently(LocalEndpoint endpoint)
      throws Exception {
    if (!endpoint.kind().equals("moto_server")) {
      race();
      return;
    }
    try (LocalEndpoint serial = LocalEndpoint.startSerialMoto();
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(serial.uri()).build()) {
      String table = "registry-" + UUID.randomUUID();
      Tables.createModelRegistry(dynamo, table);
      registry = new DynamoModelRegistry(dynamo, table);
      race();
    }
  }

  private void race() throws Exception {
    // given two candidates and no production yet
    register("v1");
    register("v2");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Callable<Boolean> promoteV1 = () -> attempt(start, "v1");
    Callable<Boolean> promoteV2 = () -> attempt(start, "v2");
    // when both write at once, each expecting "nothing promoted yet"
    Future<Boolean> first = pool.submit(promoteV1);
    Future<Boolean> second = pool.submit(promoteV2);
    start.countDown();
    boolean v1Won = first.get();
    boolean v2Won = second.get();
    pool.shutdown();
    // then
    assertTrue(v1Won ^ v2Won, "exactly one promotion succeeds: v1 " + v1Won + ", v2 " + v2Won);
    assertEquals(v1Won ? "v1" : "v2", registry.production("ltv").orElseThrow().version());
  }

  private boolean attempt(CountDownLatch start, String version) throws InterruptedException {
    start.await();
    try {
      registry.promote("ltv", version, null);
      return true;
    } catch (PromotionConflictException lost) {
      return false;
    }
  }

  @Test
  void registry_shouldRoundTripVersions_andRefuseDuplicates() {
    register("v1");
    registry.updateStatus("ltv", "v1", ModelVersion.Status.REJECTED, List.of("worse than naive"));

    ModelVersion stored = registry.find("ltv", "v1").orElseThrow();
    assertEquals(ModelVersion.Status.REJECTED, stored.status());
    assertEquals(List.of("worse than naive"), stored.reasons());
    assertEquals(95.5, stored.metrics().get("model.spend_rmse"));
    assertThrows(ConditionalCheckFailedException.class, () -> register("v1"));
    registry.promote("ltv", "v1", null);
    assertEquals(
        List.of("v1"),
        registry.versions("ltv").stream().map(ModelVersion::version).toList(),
        "the production pointer is not listed as a version");
  }

  @Test
  void find_shouldNotMistakeTheProductionPointerForAVersion() {
    // given a promoted version: the table now holds the pointer item, sort key PRODUCTION, no
    // status
    register("v1");
    registry.promote("ltv", "v1", null);
    // when a caller asks for a version named like the pointer (before: a NullPointerException on
    // status)
    // then there is no such version, and the pointer's key cannot be registered as one
    assertTrue(registry.find("ltv", "PRODUCTION").isEmpty());
    assertTrue(registry.find("ltv", "").isEmpty());
    assertThrows(IllegalArgumentException.class, () -> register("PRODUCTION"));
    assertEquals("v1", registry.production("ltv").orElseThrow().version());
  }
}
