package com.ltvforecast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local stack's raw/ notifications behave as the template's: same filters, nothing lost on a
 * failure.
 */
class LocalDeploymentIT {

  private static List<String> keys(S3Event event) {
    return event.getRecords().stream().map(r -> r.getS3().getObject().getUrlDecodedKey()).toList();
  }

  @Test
  void notifications_shouldCoverOnlyTheTemplatesSuffixes_andSurviveAFailedHandler() {
    try (LocalDeployment deployment = LocalDeployment.start(null)) {
      // given uploads under raw/ that the template does and does not route to ingestion
      for (String key : List.of("raw/notes.txt", "raw/a.csv", "raw/b.csv.gz", "elsewhere/c.csv")) {
        deployment
            .s3()
            .putObject(b -> b.bucket(LocalDeployment.BUCKET).key(key), RequestBody.fromString("x"));
      }
      // when a handler fails on the first notification
      assertThrows(
          IllegalStateException.class,
          () ->
              deployment.awaitS3Events(
                  1,
                  Duration.ofSeconds(30),
                  event -> {
                    throw new IllegalStateException("handler failed");
                  }));
      // then that notification is not deleted: it waits, invisible, to be delivered again
      String url =
          deployment
              .sqs()
              .getQueueUrl(b -> b.queueName(LocalDeployment.RAW_EVENTS_QUEUE))
              .queueUrl();
      String inFlight =
          deployment
              .sqs()
              .getQueueAttributes(
                  b ->
                      b.queueUrl(url)
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes()
              .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
      assertEquals("1", inFlight);
      // and of the rest, only the .csv or .csv.gz under raw/ is notified
      List<String> handled = new ArrayList<>();
      deployment.pollS3Events(event -> handled.addAll(keys(event)));
      deployment.pollS3Events(event -> handled.addAll(keys(event)));
      assertEquals(
          1,
          handled.size(),
          "one of raw/a.csv and raw/b.csv.gz is in flight, the other here: " + handled);
      assertEquals(
          true, List.of("raw/a.csv", "raw/b.csv.gz").contains(handled.get(0)), handled.toString());
    }
  }
}
