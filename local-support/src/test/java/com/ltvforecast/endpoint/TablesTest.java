package com.ltvforecast.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.testing.ProjectFiles;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/** The local tables are the template's: read from the copy of template.yaml in this jar. */
class TablesTest {

  @Test
  void jarCopy_shouldBeTheRepositoryTemplate() throws Exception {
    try (var in = Tables.class.getResourceAsStream(Tables.TEMPLATE_RESOURCE)) {
      assertEquals(
          Files.readString(ProjectFiles.root().resolve("template.yaml")),
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void modelRegistry_shouldHaveTheTemplatesCompositeKey() {
    CreateTableRequest request = Tables.createRequest(Tables.MODEL_REGISTRY_TABLE, "registry");

    assertEquals("registry", request.tableName());
    assertEquals(BillingMode.PAY_PER_REQUEST, request.billingMode());
    assertEquals(
        List.of("model_name:HASH", "version:RANGE"),
        request.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyType()).toList());
    assertEquals(
        List.of("model_name:S", "version:S"),
        request.attributeDefinitions().stream()
            .map(a -> a.attributeName() + ":" + a.attributeType())
            .toList());
  }

  @Test
  void customerTables_shouldBeKeyedByCustomer_andOnlyScoresExpire() {
    for (String table : List.of(Tables.FEATURE_TABLE, Tables.SCORE_TABLE)) {
      CreateTableRequest request = Tables.createRequest(table, "t");
      assertEquals(1, request.keySchema().size(), table);
      assertEquals("customer_id", request.keySchema().get(0).attributeName(), table);
      assertEquals(KeyType.HASH, request.keySchema().get(0).keyType(), table);
    }
    assertTrue(Tables.timeToLive(Tables.FEATURE_TABLE).isEmpty());
    var ttl = Tables.timeToLive(Tables.SCORE_TABLE).orElseThrow();
    assertEquals("expires_at", ttl.attributeName());
    assertTrue(ttl.enabled());
  }

  @Test
  void create_shouldRefuseALogicalIdThatIsNoTable() {
    assertThrows(
        IllegalArgumentException.class, () -> Tables.createRequest("PrecomputeQueue", "q"));
  }
}
