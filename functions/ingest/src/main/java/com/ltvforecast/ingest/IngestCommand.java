package com.ltvforecast.ingest;

import java.util.Objects;

/**
 * One object to ingest, as an S3 ObjectCreated event names it.
 *
 * @param key the decoded object key
 * @param etag the event's ETag, or null when the event has none
 * @param versionId the event's version id, or null on unversioned buckets
 * @param sequencer the event's sequencer, or null when the emitter gives none
 */
public record IngestCommand(String key, String etag, String versionId, String sequencer) {
  public IngestCommand {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("object key is empty");
    }
  }
}
