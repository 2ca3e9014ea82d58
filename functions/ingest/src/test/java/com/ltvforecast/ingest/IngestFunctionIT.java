package com.ltvforecast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.curated.Manifest;
import com.ltvforecast.json.Json;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.testing.AwsEndpointExtension;
import com.ltvforecast.testing.LambdaEvents;
import com.ltvforecast.testing.ProjectFiles;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real handler, built by its no-arg constructor as Lambda builds it, against a real S3
 * endpoint.
 */
@ExtendWith(AwsEndpointExtension.class)
class IngestFunctionIT {

  private S3Client s3;
  private String bucket;
  private IngestFunction function;

  @BeforeEach
  void createBucket() {
    s3 = AwsClients.s3();
    bucket = "ingest-it-" + UUID.randomUUID();
    s3.createBucket(b -> b.bucket(bucket));
    function = new IngestFunction(AppConfig.from(Map.of(AppConfig.DATA_BUCKET, bucket)));
  }

  private String upload(String key, Path file) {
    return unquote(s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file)).eTag());
  }

  private static String unquote(String etag) {
    return etag.replace("\"", "");
  }

  private static String encode(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
  }

  @Test
  void handleRequest_shouldCurateEveryRow_whenCdnowMasterUploaded() {
    // given the 69,659-row CDNOW master in raw/
    String key = "raw/cdnow/transactions.csv";
    String etag = upload(key, ProjectFiles.data("cdnow/transactions.csv"));
    S3Event event = LambdaEvents.s3Event("s3-put.json", bucket, key, etag, "0055AED6DCD90281E5");
    // when
    List<IngestOutcome> outcomes = function.ingest(event);
    // then
    IngestOutcome outcome = outcomes.get(0);
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status(), outcome.reason());
    assertEquals(69_659, outcome.rowsRead());
    assertEquals(69_659, outcome.rowsValid());
    assertEquals(0, outcome.rowsRejected());
    CuratedReader reader = new CuratedReader(new S3ObjectStore(s3, bucket));
    List<Manifest> manifests = reader.publishedManifests();
    Set<String> customers = new HashSet<>();
    long rows = reader.forEach(manifests, b -> true, t -> customers.add(t.customerId()));
    assertEquals(69_659, rows);
    assertEquals(23_570, customers.size());
    assertEquals("0055AED6DCD90281E5", manifests.get(0).sequencer());
  }

  @Test
  void handleRequest_shouldDecodeKey_whenKeyHasSpacesAndUnicode() {
    // given an object whose key S3 sends URL-encoded
    String key = "raw/2026/11/daily export été 日本.csv";
    String etag = upload(key, ProjectFiles.data("cdnow/transactions_sample.csv"));
    S3Event event =
        LambdaEvents.s3Event("s3-put-encoded-key.json", bucket, encode(key), etag, null);
    assertTrue(event.getRecords().get(0).getS3().getObject().getKey().contains("+"));
    // when
    IngestOutcome outcome = function.ingest(event).get(0);
    // then
    assertEquals(key, outcome.sourceKey());
    assertEquals(IngestOutcome.Status.PUBLISHED, outcome.status(), outcome.reason());
    assertEquals(6_919, outcome.rowsValid());
  }

  @Test
  void handleRequest_shouldChangeNothing_whenSameEventDeliveredTwice() {
    String key = "raw/sample.csv";
    String etag = upload(key, ProjectFiles.data("cdnow/transactions_sample.csv"));
    S3Event event = LambdaEvents.s3Event("s3-put.json", bucket, key, etag, "00A1");
    function.ingest(event);
    List<String> before = new S3ObjectStore(s3, bucket).list("");

    IngestOutcome again = function.ingest(event).get(0);

    assertEquals(IngestOutcome.Status.DUPLICATE, again.status());
    assertEquals(before, new S3ObjectStore(s3, bucket).list(""));
  }

  @Test
  void handleRequest_shouldIgnoreOlderEvent_whenDeliveredAfterNewerOne() {
    String key = "raw/order.csv";
    String first = upload(key, ProjectFiles.data("cdnow/transactions_sample.csv"));
    S3Event older = LambdaEvents.s3Event("s3-put.json", bucket, key, first, "00A1");
    String second = upload(key, ProjectFiles.data("online-retail/transactions.csv"));
    S3Event newer = LambdaEvents.s3Event("s3-put.json", bucket, key, second, "00A2");

    IngestOutcome newerOutcome = function.ingest(newer).get(0);
    IngestOutcome olderOutcome = function.ingest(older).get(0);

    assertEquals(IngestOutcome.Status.PUBLISHED, newerOutcome.status());
    assertEquals(18_536, newerOutcome.rowsValid());
    assertEquals(IngestOutcome.Status.STALE, olderOutcome.status());
    Manifest manifest =
        Json.read(
            new S3ObjectStore(s3, bucket)
                .read(CuratedLayout.manifestKey(CuratedLayout.sourceId(key)))
                .orElseThrow(),
            Manifest.class);
    assertEquals(second, manifest.sourceEtag());
  }

  @Test
  void handleRequest_shouldReplaceOutput_whenSameKeyUploadedAgain() {
    String key = "raw/replaced.csv";
    String first = upload(key, ProjectFiles.data("online-retail/transactions.csv"));
    function.ingest(LambdaEvents.s3Event("s3-put.json", bucket, key, first, null));
    String second = upload(key, ProjectFiles.data("cdnow/transactions_sample.csv"));

    function.ingest(LambdaEvents.s3Event("s3-put.json", bucket, key, second, null));

    CuratedReader reader = new CuratedReader(new S3ObjectStore(s3, bucket));
    assertEquals(6_919, reader.forEach(reader.publishedManifests(), b -> true, t -> {}));
  }
}
