package com.ltvforecast.storage;

/**
 * A small object read whole, with the ETag (and version, on versioned buckets) of what was read.
 */
public record StoredObject(byte[] content, String etag, String versionId) {}
