package com.ltvforecast.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.json.Json;
import com.ltvforecast.observability.Metrics;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.transactions.TransactionParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 ObjectCreated on {@code raw/} → {@link IngestService}, one object per event record; the daily
 * {@code {"reconcile": {...}}} schedule → {@link ReconcileService} (see {@link IngestEvents}). A stream
 * handler, because the function takes two event shapes; a malformed event fails the invocation with an
 * {@link InvalidEventException} (type and message, no stack trace) before anything runs.
 */
public class IngestFunction implements RequestStreamHandler {

  private static final Logger LOG = LoggerFactory.getLogger(IngestFunction.class);

  private final IngestService service;
  private final ReconcileService reconciler;

  public IngestFunction() {
    this(AppConfig.fromEnvironment());
  }

  private IngestFunction(AppConfig config) {
    this(new S3ObjectStore(AwsClients.s3(), config.requireDataBucket()), config);
  }

  private IngestFunction(S3ObjectStore store, AppConfig config) {
    this(new IngestService(store, config.ingestLimits(), config.curatedBuckets(), new TransactionParser(),
        Path.of(System.getProperty("java.io.tmpdir")), Clock.systemUTC()), store);
  }

  IngestFunction(IngestService service, ObjectStore store) {
    this(service, new ReconcileService(store, service, Clock.systemUTC()));
  }

  IngestFunction(IngestService service, ReconcileService reconciler) {
    this.service = service;
    this.reconciler = reconciler;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event;
    try {
      event = Json.MAPPER.readTree(input);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("the event is not JSON: " + e.getOriginalMessage());
    }
    IngestEvents.Request request = IngestEvents.parse(event);
    if (request instanceof IngestEvents.Reconcile r) {
      output.write(Json.bytes(reconcile(r.command())));
    } else {
      output.write(Json.bytes(ingest(((IngestEvents.S3Objects) request).commands())));
    }
  }

  /** The S3 notification as the Lambda runtime's serializer types it (the local runner's path). */
  public List<IngestOutcome> ingest(S3Event event) {
    List<IngestCommand> commands = new ArrayList<>();
    if (event != null && event.getRecords() != null) {
      for (S3EventNotificationRecord record : event.getRecords()) {
        S3ObjectEntity object = record.getS3().getObject();
        commands.add(new IngestCommand(IngestEvents.decodeKey(object.getKey()), blankToNull(object.geteTag()),
            blankToNull(object.getVersionId()), blankToNull(object.getSequencer())));
      }
    }
    return ingest(commands);
  }

  /** Reconciles raw/ against the manifests: one summary line and one EMF record. */
  public ReconcileReport reconcile(ReconcileCommand command) {
    ReconcileReport report = reconciler.reconcile(command);
    LOG.atInfo().addKeyValue("dry_run", report.dryRun()).addKeyValue("raw_objects", report.rawObjects())
        .addKeyValue("manifests", report.manifests()).addKeyValue("unmanifested", report.unmanifestedCount())
        .addKeyValue("stale", report.staleCount()).addKeyValue("raw_gone", report.rawGoneCount())
        .addKeyValue("orphans", report.orphanCount()).addKeyValue("orphans_deleted", report.orphansDeleted())
        .addKeyValue("redriven", report.redriven()).addKeyValue("redrive_failed", report.redriveFailed())
        .addKeyValue("redrive_deferred", report.redriveDeferred()).addKeyValue("unresolved", report.unresolved())
        .log("reconciled");
    Metrics.forFunction("ingest")
        .count("ReconcileRawObjects", report.rawObjects()).count("ReconcileUnmanifested", report.unmanifestedCount())
        .count("ReconcileStale", report.staleCount()).count("ReconcileRawGone", report.rawGoneCount())
        .count("ReconcileOrphans", report.orphanCount()).count("ReconcileOrphansDeleted", report.orphansDeleted())
        .count("ReconcileRedriven", report.redrivenCount()).count("ReconcileRedriveFailed", report.redriveFailed())
        .count("ReconcileUnresolved", report.unresolved()).seconds("ReconcileDuration", report.seconds())
        .property("mode", "reconcile").property("dry_run", report.dryRun()).flush();
    return report;
  }

  private List<IngestOutcome> ingest(List<IngestCommand> commands) {
    List<IngestOutcome> outcomes = new ArrayList<>();
    if (commands.isEmpty()) {
      LOG.warn("event without records ignored");
    }
    for (IngestCommand command : commands) {
      long started = System.nanoTime();
      IngestOutcome outcome = service.ingest(command);
      report(outcome, (System.nanoTime() - started) / 1e6);
      outcomes.add(outcome);
    }
    return outcomes;
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
