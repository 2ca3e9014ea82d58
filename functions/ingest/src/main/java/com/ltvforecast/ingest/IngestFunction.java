package com.ltvforecast.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.observability.Metrics;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.transactions.TransactionParser;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** S3 ObjectCreated on {@code raw/} → {@link IngestService}, one object per event record. */
public class IngestFunction implements RequestHandler<S3Event, List<IngestOutcome>> {

  private static final Logger LOG = LoggerFactory.getLogger(IngestFunction.class);

  private final IngestService service;

  public IngestFunction() {
    this(defaultService(AppConfig.fromEnvironment()));
  }

  IngestFunction(IngestService service) {
    this.service = service;
  }

  private static IngestService defaultService(AppConfig config) {
    return new IngestService(new S3ObjectStore(AwsClients.s3(), config.requireDataBucket()),
        config.ingestLimits(), config.curatedBuckets(), new TransactionParser(),
        Path.of(System.getProperty("java.io.tmpdir")), Clock.systemUTC());
  }

  @Override
  public List<IngestOutcome> handleRequest(S3Event event, Context context) {
    List<IngestOutcome> outcomes = new ArrayList<>();
    if (event == null || event.getRecords() == null) {
      LOG.warn("event without records ignored");
      return outcomes;
    }
    for (S3EventNotificationRecord record : event.getRecords()) {
      S3ObjectEntity object = record.getS3().getObject();
      IngestCommand command = new IngestCommand(decodeKey(object.getKey()), blankToNull(object.geteTag()),
          blankToNull(object.getVersionId()), blankToNull(object.getSequencer()));
      long started = System.nanoTime();
      IngestOutcome outcome = service.ingest(command);
      report(outcome, (System.nanoTime() - started) / 1e6);
      outcomes.add(outcome);
    }
    return outcomes;
  }

  /** S3 event keys are URL-encoded with '+' for spaces, as in HTML forms. */
  static String decodeKey(String encoded) {
    return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static void report(IngestOutcome outcome, double millis) {
    LOG.atInfo().addKeyValue("source_key", outcome.sourceKey()).addKeyValue("status", outcome.status())
        .addKeyValue("reason", outcome.reason()).addKeyValue("rows_read", outcome.rowsRead())
        .addKeyValue("rows_valid", outcome.rowsValid()).addKeyValue("rows_rejected", outcome.rowsRejected())
        .addKeyValue("bytes_read", outcome.bytesRead()).addKeyValue("duration_ms", Math.round(millis))
        .log("object ingested");
    Metrics.forFunction("ingest")
        .count("RowsRead", outcome.rowsRead()).count("RowsValid", outcome.rowsValid())
        .count("RowsRejected", outcome.rowsRejected()).bytes("BytesRead", outcome.bytesRead())
        .count(outcome.status() == IngestOutcome.Status.QUARANTINED ? "FilesQuarantined" : "FilesProcessed", 1)
        .millis("Duration", millis).property("status", outcome.status().name())
        .property("source_key", outcome.sourceKey()).flush();
  }
}
