package com.ltvforecast.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.config.AppConfig;
import com.ltvforecast.json.Json;
import com.ltvforecast.storage.S3ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;

/**
 * S3 ObjectCreated on {@code raw/} → {@link IngestService}, one object per event record; the daily
 * {@code {"reconcile": {...}}} schedule → {@link ReconcileService} (the events: {@link
 * IngestEvents}; telemetry: {@link IngestTelemetry}). A stream handler, because the function takes
 * two event shapes; a malformed event fails the invocation with an {@link InvalidEventException}
 * (type and message, no stack trace) before anything runs.
 */
public class IngestFunction implements RequestStreamHandler {

  private final IngestService service;
  private final ReconcileService reconciler;

  /** What Lambda calls: configured from the environment. */
  public IngestFunction() {
    this(AppConfig.fromEnvironment());
  }

  /** Configured explicitly: the local runner and the integration tests. */
  public IngestFunction(AppConfig config) {
    this(
        IngestService.fromConfig(
            config, new S3ObjectStore(AwsClients.s3(), config.requireDataBucket())));
  }

  /** Reconciles the store {@code service} ingests into, re-driving through {@code service}. */
  IngestFunction(IngestService service) {
    this.service = service;
    this.reconciler = new ReconcileService(service.store(), service, Clock.systemUTC());
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    IngestEvents.Request request = IngestEvents.parse(input);
    output.write(
        Json.bytes(
            request instanceof IngestEvents.Reconcile r
                ? reconcile(r.command())
                : ingest((IngestEvents.S3Objects) request)));
  }

  /** The S3 notification as the Lambda runtime's serializer types it (the local runner's path). */
  public List<IngestOutcome> ingest(S3Event event) {
    return ingest(IngestEvents.of(event));
  }

  /** Reconciles raw/ against the manifests: one summary line and one EMF record. */
  public ReconcileReport reconcile(ReconcileCommand command) {
    ReconcileReport report = reconciler.reconcile(command);
    IngestTelemetry.reconciled(report);
    return report;
  }

  /** Each object in turn, each with its own log line and EMF record. */
  private List<IngestOutcome> ingest(IngestEvents.S3Objects objects) {
    if (objects.commands().isEmpty()) {
      IngestTelemetry.noRecords();
    }
    return objects.commands().stream().map(c -> IngestTelemetry.ingested(c, service)).toList();
  }
}
